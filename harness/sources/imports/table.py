"""Reading one export file into rows, and turning its cells into typed values.

Every problem is one InputError naming the file, and the row and column as a
spreadsheet shows them (the header is row 1, a quoted newline does not start a
new row).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from harness.errors import InputError, read_input_text

#: how many leading rows may sit above the header (QuickBooks puts a report title there)
HEADER_SEARCH_ROWS = 6

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def read_text(path: Path) -> str:
    """The file as text: UTF-8 with or without a BOM; anything else is refused with one message."""
    return read_input_text(path, expect="a CSV text file", fix="export it again as CSV (UTF-8)")


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for every row that is not blank."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    number = 0
    # a product description can outgrow the csv module's 128 KiB default; the whole file is in memory anyway
    limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
    try:
        for cells in reader:
            number += 1
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise InputError(f"{path}: row {number + 1}: not valid CSV: {exc}") from None
    finally:
        csv.field_size_limit(limit)
    return rows


@dataclass
class Row:
    """One data row; cells are read by column name."""

    table: Table
    number: int
    cells: list[str]

    def get(self, column: str) -> str:
        """The stripped cell, or "" when the column is absent or the row is short."""
        index = self.table.index.get(column.casefold())
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def text(self, column: str) -> str | None:
        return self.get(column) or None

    def first(self, *columns: str) -> str | None:
        """The first non-blank value among ``columns`` (exporters renamed some columns over time)."""
        for column in columns:
            value = self.get(column)
            if value:
                return value
        return None

    def fail(self, column: str, message: str) -> InputError:
        return InputError(f"{self.table.where}: row {self.number}, column {column!r}: {message}")

    def decimal(self, column: str) -> Decimal | None:
        value = self.get(column)
        if not value:
            return None
        cleaned = re.sub(r"^\$|,", "", value.replace(" ", ""))
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise self.fail(column, f'expected a number, got "{value}"') from None
        if not number.is_finite():
            raise self.fail(column, f'expected a number, got "{value}"')
        return number

    def integer(self, column: str) -> int | None:
        number = self.decimal(column)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise self.fail(column, f'expected a whole number, got "{self.get(column)}"')
        return int(number)

    def boolean(self, column: str, default: bool) -> bool:
        value = self.get(column).lower()
        if not value:
            return default
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise self.fail(column, f'expected TRUE or FALSE, got "{self.get(column)}"')

    def day(self, column: str) -> date | None:
        value = self.get(column)
        if not value:
            return None
        for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%y"):
            try:
                return datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        raise self.fail(column, f'expected a date such as 01/31/2026, got "{value}"')


class Table:
    """An export file: its header and its non-blank data rows."""

    def __init__(
        self,
        path: Path,
        header: Sequence[str],
        header_row: int,
        rows: Iterable[tuple[int, list[str]]],
        sheet: str | None = None,
    ):
        self.path = path
        #: how messages name the table: the file, and the worksheet of a workbook
        self.where = f"{path}, sheet {sheet!r}" if sheet is not None else str(path)
        self.header = [h.strip() for h in header]
        self.header_row = header_row
        self.index: dict[str, int] = {}
        for i, name in enumerate(self.header):
            self.index.setdefault(name.casefold(), i)  # exporters have changed the case of some names
        self.rows = [Row(self, number, cells) for number, cells in rows]

    def has(self, column: str) -> bool:
        return column.casefold() in self.index

    def require(self, *columns: str) -> None:
        for column in columns:
            if not self.has(column):
                raise InputError(f"{self.where}: row {self.header_row} (the header): missing column {column!r}")

    def require_one(self, *columns: str) -> str:
        """The first of ``columns`` the header has (alternative names of one column)."""
        for column in columns:
            if self.has(column):
                return column
        raise InputError(f"{self.where}: row {self.header_row} (the header): missing column {columns[0]!r}")

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)
