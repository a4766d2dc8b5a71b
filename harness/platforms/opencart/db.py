"""A small DB-API adapter: SQLite (a file or ``:memory:``) by default, MySQL/MariaDB by URL.

OpenCart's truth is a MySQL database (store-apis.md 4.2); most connectors read
it directly. The simulator keeps the same tables in SQLite so tests need no
server, and accepts ``mysql://user:password@host:port/database`` when a real
MySQL or MariaDB is at hand (through PyMySQL or mysqlclient, whichever is
installed). Queries are written once with ``?`` placeholders and translated to
``%s`` for the MySQL drivers.
"""

from __future__ import annotations

import importlib
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from harness.errors import HarnessError, InputError


class Database:
    """One connection, serialised by a lock (the local server answers from many threads)."""

    def __init__(self, connection: Any, *, dialect: str, target: str) -> None:
        self.connection = connection
        self.dialect = dialect
        self.target = target
        self._lock = threading.RLock()

    @property
    def mysql(self) -> bool:
        return self.dialect == "mysql"

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.mysql else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            cursor = self.connection.cursor()
            try:
                cursor.execute(self._sql(sql), tuple(params))
            finally:
                cursor.close()

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(r) for r in rows]
        if not batch:
            return
        with self._lock:
            cursor = self.connection.cursor()
            try:
                cursor.executemany(self._sql(sql), batch)
            finally:
                cursor.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        with self._lock:
            cursor = self.connection.cursor()
            try:
                cursor.execute(self._sql(sql), tuple(params))
                names = [d[0] for d in cursor.description or ()]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            finally:
                cursor.close()

    def columns(self, table: str) -> list[str]:
        """Column names of ``table`` (e.g. to tell a 3.x ``oc_product`` from a 4.1 one)."""
        with self._lock:
            cursor = self.connection.cursor()
            try:
                cursor.execute(f"SELECT * FROM `{table}` LIMIT 0")
                return [d[0] for d in cursor.description or ()]
            finally:
                cursor.close()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def commit(self) -> None:
        with self._lock:
            self.connection.commit()

    def close(self) -> None:
        with self._lock:
            self.connection.close()


def connect(target: str | Path = ":memory:") -> Database:
    """``":memory:"``, a SQLite file path (or ``sqlite:///path``), or ``mysql://user:pw@host:port/db``."""
    text = str(target)
    if text.startswith(("mysql://", "mariadb://", "mysql+pymysql://")):
        return _connect_mysql(text)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :] or ":memory:"
    try:
        connection = sqlite3.connect(text, check_same_thread=False)
    except sqlite3.Error as exc:
        raise InputError(f"cannot open SQLite database {text!r}: {exc}") from None
    connection.execute("PRAGMA foreign_keys = OFF")
    return Database(connection, dialect="sqlite", target=text)


def _connect_mysql(url: str) -> Database:
    parts = urlsplit(url)
    options = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
        "database": parts.path.lstrip("/"),
        "charset": "utf8mb4",
    }
    driver: Any
    try:
        driver = importlib.import_module("pymysql")
    except ImportError:
        try:
            driver = importlib.import_module("MySQLdb")  # mysqlclient
        except ImportError:
            raise HarnessError(
                f"{url.rsplit('@', maxsplit=1)[-1]}: a MySQL URL needs a driver; install PyMySQL (pip install pymysql)"
            ) from None
        options["passwd"] = options.pop("password")
        options["db"] = options.pop("database")
    try:
        connection = driver.connect(**options)
    except Exception as exc:
        raise InputError(f"cannot connect to MySQL at {options['host']}:{options['port']}: {exc}") from None
    return Database(connection, dialect="mysql", target=url.rsplit("@", maxsplit=1)[-1])
