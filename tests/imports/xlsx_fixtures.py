"""Build the XLSX sample exports in fixtures/exports/quickbooks-xlsx from the CSV ones.

QuickBooks Online's "Export to Excel" puts the company name and the report title above the header
and types the cells (numbers, dates); this writes the same rows that way. The workbooks are
committed; run ``python tests/imports/xlsx_fixtures.py`` to remake them.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
CSV_FOLDER = ROOT / "fixtures" / "exports" / "quickbooks"
XLSX_FOLDER = ROOT / "fixtures" / "exports" / "quickbooks-xlsx"
TITLES = {"Customers": "Customer Contact List", "ProductServiceList": "Product/Service List"}
_NUMBER = re.compile(r"^-?[\d,]*\.?\d+$")


def typed(cell: str) -> object:
    """The value Excel would hold: numbers and dates typed, codes with a leading zero kept as text."""
    if re.fullmatch(r"\d\d/\d\d/\d{4}", cell):
        return datetime.strptime(cell, "%m/%d/%Y")
    if _NUMBER.match(cell) and not (cell.startswith("0") and "." not in cell and len(cell) > 1):
        number = float(cell.replace(",", ""))
        return int(number) if number.is_integer() and "." not in cell else number
    return cell or None


def write_workbook(source: Path, target: Path, company: str = "Laine & Fils") -> None:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append([company])
    sheet.append([TITLES.get(source.stem, source.stem)])
    sheet.append([])
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([typed(cell) for cell in row])
    fixed = datetime(2026, 11, 28, 12, 0, 0)
    workbook.properties.created = workbook.properties.modified = fixed
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)


def main() -> None:
    for source in sorted(CSV_FOLDER.glob("*.csv")):
        write_workbook(source, XLSX_FOLDER / f"{source.stem}.xlsx")


if __name__ == "__main__":
    main()
