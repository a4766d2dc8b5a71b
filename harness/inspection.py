"""What is in a snapshot folder or file: counts, and the problems a manifest says were injected.

``sync-sandbox inspect`` prints this; it is also the quickest way for support to
see what a customer sent before running anything heavier.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from harness.errors import InputError, read_input
from harness.model.books import Books
from harness.model.manifest import Manifest
from harness.model.snapshot import load
from harness.model.store import Store

STORE_FILE = "store.json"
BOOKS_FILE = "books.json"
MANIFEST_FILE = "manifest.json"
#: what makes a folder a recording (``sync-sandbox record``; harness.sources.recorded)
RECORDING_FILE = "recording.json"


@dataclass
class Inspection:
    source: str
    store: Store | None = None
    books: Books | None = None
    manifest: Manifest | None = None
    counts: dict[str, int] = field(default_factory=dict)
    pathologies: dict[str, int] = field(default_factory=dict)
    not_injected: dict[str, str] = field(default_factory=dict)


def load_any(path: Path) -> Store | Books | Manifest:
    """Load a snapshot file of whichever kind its envelope declares."""
    raw = read_input(path)
    try:
        head = msgspec.json.decode(raw, type=dict[str, object])
    except msgspec.DecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    kinds: dict[object, type[Store] | type[Books] | type[Manifest]] = {
        "sync-sandbox/store": Store,
        "sync-sandbox/books": Books,
        "sync-sandbox/manifest": Manifest,
    }
    kind = kinds.get(head.get("format"))
    if kind is Store:
        return load(path, Store)
    if kind is Books:
        return load(path, Books)
    if kind is Manifest:
        return load(path, Manifest)
    raise InputError(f"{path}: not a sync-sandbox snapshot (format {head.get('format')!r})")


def inspect_path(path: str | Path) -> Inspection:
    """What a snapshot file or folder, a recording folder or an export (file or folder) holds."""
    p = Path(path)
    result = Inspection(source=str(p))
    imported = _inspect_imported(p, result)
    if imported is not None:
        return imported
    if p.is_dir():
        files = [p / name for name in (STORE_FILE, BOOKS_FILE, MANIFEST_FILE) if (p / name).exists()]
        if not files:
            raise InputError(f"{p}: no {STORE_FILE}, {BOOKS_FILE} or {MANIFEST_FILE} in this folder")
    elif p.exists():
        files = [p]
    else:
        raise InputError(f"{p}: no such file or folder")
    for f in files:
        record = load_any(f)
        if isinstance(record, Store):
            result.store = record
        elif isinstance(record, Books):
            result.books = record
        else:
            result.manifest = record
    if result.store is not None:
        result.counts.update(store_counts(result.store))
    if result.books is not None:
        result.counts.update(books_counts(result.books))
    if result.manifest is not None:
        result.pathologies = dict(sorted(Counter(i.pathology for i in result.manifest.injections).items()))
        result.not_injected = {n.pathology: n.reason for n in result.manifest.not_injected}
    return result


def _inspect_imported(p: Path, result: Inspection) -> Inspection | None:
    """A recording folder (replayed offline) or exports, read the way ``dry-run`` reads them; None for
    snapshots, which the caller reads."""
    from harness.sources.imports import KINDS, detect_kind, export_files, import_books, import_store
    from harness.sources.recorded import has_books, is_recording, replay_books, replay_store

    if is_recording(p):
        result.store = replay_store(p)
        result.books = replay_books(p) if has_books(p) else None
    elif p.is_dir() and not any((p / name).exists() for name in (STORE_FILE, BOOKS_FILE, MANIFEST_FILE)):
        sides = {KINDS[detect_kind(f)].side for f in export_files(p)}
        if not sides:
            return None
        result.store = import_store(p) if "store" in sides else None
        result.books = import_books(p) if "books" in sides else None
    elif p.is_file() and p.suffix.lower() != ".json":
        side = KINDS[detect_kind(p)].side
        result.store = import_store(p) if side == "store" else None
        result.books = import_books(p) if side == "books" else None
    else:
        return None
    if result.store is not None:
        result.counts.update(store_counts(result.store))
    if result.books is not None:
        result.counts.update(books_counts(result.books))
    return result


def store_counts(store: Store) -> dict[str, int]:
    variants = sum(len(p.variants) for p in store.products)
    return {
        "store products": len(store.products),
        "store variants": variants,
        "store customers": len(store.customers),
        "store orders": len(store.orders),
        "store guest orders": sum(1 for o in store.orders if o.customer_id is None),
        "store order lines": sum(len(o.lines) for o in store.orders),
        "store tax rates": len(store.tax.rates),
        "store extensions": len(store.extensions),
    }


def books_counts(books: Books) -> dict[str, int]:
    return {
        "books items": len(books.items),
        "books customers": len(books.customers),
        "books vendors": len(books.vendors),
        "books employees": len(books.employees),
        "books tax codes": len(books.tax_codes),
        "books accounts": len(books.accounts),
        "books documents": len(books.documents),
    }
