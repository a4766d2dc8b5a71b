"""Which export a file is, from its header row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError
from harness.sources.imports.table import HEADER_SEARCH_ROWS, Table, read_rows
from harness.sources.imports.xlsx import is_workbook, read_sheet


@dataclass(frozen=True)
class ExportKind:
    name: str
    side: str  # "store" or "books"
    platform: str
    label: str
    matches: Callable[[set[str]], bool]


def _any(*names: str, also: tuple[str, ...] = ()) -> Callable[[set[str]], bool]:
    """A header with one of ``names`` (and, when ``also`` is given, one of those too); case does not matter."""
    first = {n.casefold() for n in names}
    second = {n.casefold() for n in also}
    return lambda header: bool(header & first) and (not second or bool(header & second))


#: in the order they are tried; the first whose signature the header carries wins
KINDS: dict[str, ExportKind] = {
    k.name: k
    for k in (
        ExportKind("shopify-products", "store", "shopify", "Shopify products CSV", _any("Handle")),
        ExportKind(
            "shopify-customers",
            "store",
            "shopify",
            "Shopify customers CSV",
            _any("First Name", also=("Accepts Email Marketing", "Accepts Marketing", "Total Spent", "Total Orders")),
        ),
        ExportKind(
            "woocommerce-products",
            "store",
            "woocommerce",
            "WooCommerce products CSV",
            _any("Regular price", "In stock?", "Tax status"),
        ),
        ExportKind(
            "quickbooks-items",
            "books",
            "quickbooks",
            "QuickBooks Online products and services",
            _any("Product/Service Name", "Product/Service", "Sales Price/Rate"),
        ),
        ExportKind(
            "quickbooks-customers",
            "books",
            "quickbooks",
            "QuickBooks Online customer list",
            _any(
                "Customer",
                "Display Name",
                "Customer Name",
                "Name",
                also=("Open Balance", "Billing Street", "Billing Address", "Email", "Notes"),
            ),
        ),
    )
}


def _names(cells: list[str]) -> set[str]:
    return {c.strip().casefold() for c in cells if c.strip()}


def open_export(path: Path, kind: str | None = None) -> tuple[ExportKind, Table]:
    """The file's kind (detected unless given) and its rows below the header."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"{path}: unknown export kind {kind!r}; known: {', '.join(KINDS)}")
    sheet: str | None = None
    if is_workbook(path):
        sheet, rows = read_sheet(path)
    else:
        rows = read_rows(path)
    where = f"{path}, sheet {sheet!r}" if sheet is not None else str(path)
    if not rows:
        raise InputError(f"{where}: empty file: no header row")
    candidates = [KINDS[kind]] if kind is not None else list(KINDS.values())
    for position, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = _names(cells)
        for candidate in candidates:
            if candidate.matches(header):
                return candidate, Table(path, cells, number, rows[position + 1 :], sheet)
    if kind is not None:
        # told the kind but no row looks like it: the first row is the header, and what it lacks is the error
        return KINDS[kind], Table(path, rows[0][1], rows[0][0], rows[1:], sheet)
    first = ", ".join(repr(c.strip()) for c in rows[0][1][:4])
    raise InputError(
        f"{where}: not an export sync-sandbox knows (header starts {first}); "
        f"known: {', '.join(k.label for k in KINDS.values())}"
    )


def detect_kind(path: str | Path) -> str:
    """``shopify-products``, ``shopify-customers``, ``woocommerce-products``, ``quickbooks-items`` or
    ``quickbooks-customers``, from the file's header row."""
    return open_export(Path(path))[0].name
