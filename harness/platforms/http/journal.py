"""A journal of every request an endpoint answered: what QA and audits read afterwards."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import msgspec


class JournalEntry(msgspec.Struct, frozen=True, kw_only=True):
    seq: int
    at: datetime
    method: str
    path: str
    query: str
    status: int
    route: str | None = None
    #: the fault that produced this answer ("throttle", "server_error", ...), if any
    fault: str | None = None
    request_body: bytes | None = None


class Journal:
    """Thread-safe, append-only; the threaded local server writes to it from many threads."""

    def __init__(self, *, keep_bodies: bool = False) -> None:
        self._entries: list[JournalEntry] = []
        self._lock = threading.Lock()
        self.keep_bodies = keep_bodies

    def record(
        self,
        *,
        at: datetime,
        method: str,
        path: str,
        query: str,
        status: int,
        route: str | None,
        fault: str | None,
        body: bytes | None,
    ) -> JournalEntry:
        with self._lock:
            entry = JournalEntry(
                seq=len(self._entries) + 1,
                at=at,
                method=method,
                path=path,
                query=query,
                status=status,
                route=route,
                fault=fault,
                request_body=body if self.keep_bodies else None,
            )
            self._entries.append(entry)
            return entry

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries())

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def count(self, *, status: int | None = None, fault: str | None = None, method: str | None = None) -> int:
        return sum(
            1
            for e in self.entries()
            if (status is None or e.status == status)
            and (fault is None or e.fault == fault)
            and (method is None or e.method == method)
        )
