"""Imports: the CSV exports merchants already have, read into the canonical Store and Books.

``import_store(path)`` reads a Shopify products/customers CSV or a WooCommerce
products CSV (or a folder holding them); ``import_books(path)`` reads QuickBooks
Online's Products and Services and customer list exports (a file, several, or a
folder). ``load_store``/``load_books`` also take our own snapshots: they are what
``sync-sandbox dry-run --store/--books`` call. See docs/imports.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from harness.errors import InputError
from harness.inspection import BOOKS_FILE, RECORDING_FILE, STORE_FILE
from harness.model.books import Account, Books
from harness.model.snapshot import load
from harness.model.store import Platform, Store
from harness.sources.imports import quickbooks, shopify, woocommerce
from harness.sources.imports.detect import KINDS, ExportKind, detect_kind, open_export
from harness.sources.imports.table import Table

__all__ = [
    "KINDS",
    "books_beside",
    "detect_kind",
    "export_files",
    "import_books",
    "import_store",
    "load_books",
    "load_store",
]

PathLike = str | os.PathLike[str]
_EXPORT_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_PLATFORMS: dict[str, Platform] = {"shopify": "shopify", "woocommerce": "woocommerce"}


def export_files(folder: Path) -> list[Path]:
    """The CSV and XLSX files directly in ``folder``, sorted by name (so the order, and the ids, never vary)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _EXPORT_SUFFIXES)


def _opened(paths: Iterable[Path], side: str) -> list[tuple[ExportKind, Table]]:
    """Each file's kind and table; files of the other side are skipped (one folder can hold both)."""
    result = []
    for path in paths:
        kind, table = open_export(path)
        if kind.side == side:
            result.append((kind, table))
    return result


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        return export_files(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    return [path]


def import_store(path: PathLike, platform: str | None = None) -> Store:
    """A Store from a store export file, or a folder of them (products and customers of one platform)."""
    source = Path(path)
    opened = _opened(_expand(source), "store")
    if platform is not None:
        opened = [(k, t) for k, t in opened if k.platform == platform]
    if not opened:
        wanted = f"{platform} " if platform else ""
        raise InputError(f"{source}: no {wanted}store export (products or customers CSV) found")
    platforms = sorted({k.platform for k, _ in opened})
    if len(platforms) > 1:
        raise InputError(f"{source}: exports of several platforms ({', '.join(platforms)}); choose one with platform=")
    seen: dict[str, Path] = {}
    for kind, table in opened:
        if kind.name in seen:
            raise InputError(f"{table.path}: a second {kind.label} beside {seen[kind.name]}; keep one per folder")
        seen[kind.name] = table.path
    store = Store(platform=_PLATFORMS[platforms[0]], name=source.stem if source.is_file() else source.name)
    for kind, table in opened:
        if kind.name == "shopify-products":
            store.products = shopify.products(table)
        elif kind.name == "shopify-customers":
            store.customers = shopify.customers(table)
        elif kind.name == "woocommerce-products":
            store.products = woocommerce.products(table)
    if any(v.quantities for p in store.products for v in p.variants):
        store.locations = [shopify.LOCATION if store.platform == "shopify" else woocommerce.LOCATION]
    return store


def import_books(paths: PathLike | Iterable[PathLike]) -> Books:
    """A Books from QuickBooks Online exports: a file, a folder, or several of either."""
    given = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    opened = _opened([f for p in given for f in _expand(p)], "books")
    if not opened:
        raise InputError(f"{', '.join(map(str, given))}: no QuickBooks export (products and services, customers) found")
    books = Books()
    accounts: dict[str, Account] = {}
    for kind, table in opened:
        if kind.name == "quickbooks-items":
            books.items.extend(quickbooks.items(table, first_id=len(books.items) + 1, accounts=accounts))
        elif kind.name == "quickbooks-customers":
            books.customers.extend(quickbooks.customers(table, first_id=len(books.customers) + 1))
    books.accounts = list(accounts.values())
    return books


def _is_recording(path: Path) -> bool:
    """A folder written by ``sync-sandbox record`` (the recorded package, vcrpy and all, is only imported
    when one is read)."""
    return path.is_dir() and (path / RECORDING_FILE).is_file()


def load_store(path: PathLike) -> Store:
    """A Store from a snapshot file, a folder written by ``generate`` (its store.json), a recording
    folder (``sync-sandbox record``; replayed offline), an export file, or a folder of exports."""
    p = Path(path)
    if _is_recording(p):
        from harness.sources.recorded import replay_store

        return replay_store(p)
    if p.is_dir() and (p / STORE_FILE).exists():
        return load(p / STORE_FILE, Store)
    if p.suffix.lower() == ".json" and not p.is_dir():
        return load(p, Store)
    return import_store(p)


def books_beside(path: PathLike) -> Path | None:
    """The books that come with a store folder: its books.json, or itself when it holds QuickBooks exports."""
    p = Path(path)
    if not p.is_dir():
        return None
    if _is_recording(p):
        from harness.sources.recorded import has_books

        return p if has_books(p) else None
    if (p / BOOKS_FILE).exists():
        return p / BOOKS_FILE
    if any(KINDS[detect_kind(f)].side == "books" for f in export_files(p)):
        return p
    return None


def load_books(path: PathLike) -> Books:
    """A Books from a snapshot file, a folder holding books.json, a recording folder, an export file,
    or a folder of exports."""
    p = Path(path)
    if _is_recording(p):
        from harness.sources.recorded import replay_books

        return replay_books(p)
    if p.is_dir() and (p / BOOKS_FILE).exists():
        return load(p / BOOKS_FILE, Books)
    if p.suffix.lower() == ".json" and not p.is_dir():
        return load(p, Books)
    return import_books(p)
