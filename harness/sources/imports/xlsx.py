"""Excel workbooks (.xlsx): QuickBooks Online exports them by default; read into the same rows as a CSV.

The first worksheet that holds anything is read with openpyxl in read-only mode (values, not
formulas). Cells become the text a CSV export of the same sheet would hold, so one set of row
validators serves both: whole numbers without ``.0``, dates as ``MM/DD/YYYY``, TRUE/FALSE.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from harness.errors import InputError

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in XLSX_SUFFIXES


def read_sheet(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The first non-empty worksheet's name and its (row number, cells) for every row that is not blank."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    if not zipfile.is_zipfile(path):
        if not path.exists():
            raise InputError(f"{path}: no such file")
        raise InputError(f"{path}: not an Excel workbook (.xlsx is a zip archive; this file is not one)")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable Excel workbook ({exc})") from None
    try:
        for sheet in workbook.worksheets:
            rows: list[tuple[int, list[str]]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [cell_text(v) for v in values]
                if any(c.strip() for c in cells):
                    rows.append((number, cells))
            if rows:
                return sheet.title, rows
        return (workbook.worksheets[0].title if workbook.worksheets else ""), []
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """What the cell would read as in a CSV export of the sheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%m/%d/%Y") if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)
