"""Storage pieces of a company: a table of rows with its indexes, side effects, and body cleaning.

``Table`` keeps one entity's rows in Id order with a DocNumber index, the last
change time of each row (for CDC, §8) and deleted Ids; its ``version`` grows on
every change so cached query results know when they are stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from harness.platforms.quickbooks.entities import COMMON_READ_ONLY, EntityDef
from harness.platforms.quickbooks.evaluate import id_key
from harness.platforms.quickbooks.values import name_key

if TYPE_CHECKING:
    from harness.platforms.quickbooks.company import Company

Row = dict[str, Any]


@dataclass
class Effects:
    """What a transaction does to other records; a change applies ``new - old``."""

    stock: dict[str, Decimal] = field(default_factory=dict)  # Item Id -> quantity change
    balances: dict[str, Decimal] = field(default_factory=dict)  # Invoice Id -> balance change

    def minus(self, other: Effects) -> Effects:
        out = Effects(dict(self.stock), dict(self.balances))
        for key, qty in other.stock.items():
            out.stock[key] = out.stock.get(key, Decimal(0)) - qty
        for key, amount in other.balances.items():
            out.balances[key] = out.balances.get(key, Decimal(0)) - amount
        return out


class Rules(Protocol):
    """Per-entity behaviour: build the stored row from a cleaned draft, and its side effects."""

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row: ...

    def effects(self, company: Company, row: Row) -> Effects: ...


class IdSequence:
    """Server-assigned Ids. Customers, vendors and employees draw from one sequence, and so do all
    transactions, as in a QBO company file (Customer 58, Vendor 59; Invoice 130, Payment 131) [inf]."""

    def __init__(self) -> None:
        self.next = 1

    def take(self) -> str:
        value = self.next
        self.next += 1
        return str(value)

    def observe(self, row_id: str) -> None:
        if row_id.isdigit() and int(row_id) >= self.next:
            self.next = int(row_id) + 1


class Table:
    """The rows of one entity, ordered by Id, with a version that invalidates cached query results."""

    def __init__(self, entity: EntityDef, ids: IdSequence | None = None, *, track_changes: bool = True) -> None:
        self.entity = entity
        self.ids = ids or IdSequence()
        self.rows: dict[str, Row] = {}
        #: DocNumber (name key) -> the Ids holding it: a tuple, as it is nearly always one (a set of one
        #: is 216 bytes, 50 MB over a rehearsal of 250k orders)
        self.by_doc: dict[str, tuple[str, ...]] = {}
        #: when each row last changed, for change data capture; a copy nothing reads back skips it
        self.track_changes = track_changes
        self.updated: dict[str, datetime] = {}
        self.deleted: list[tuple[str, datetime]] = []
        self.version = 0
        #: whether insertion order is still Id order (new numeric Ids after loaded "c12"-style ones break it)
        self.in_id_order = True
        self._last_key: tuple[int, int, str] | None = None

    def new_id(self) -> str:
        return self.ids.take()

    def put(self, row: Row, at: datetime) -> None:
        row_id = row["Id"]
        old = self.rows.get(row_id)
        if old is not None:
            self._unindex(old)
        else:
            key = id_key(row_id)
            if self._last_key is not None and key < self._last_key:
                self.in_id_order = False
            self._last_key = key if self._last_key is None else max(key, self._last_key)
        self.rows[row_id] = row
        self._index(row)
        if self.track_changes:
            self.updated[row_id] = at
        self.ids.observe(row_id)
        self.version += 1

    def remove(self, row_id: str, at: datetime) -> Row:
        row = self.rows.pop(row_id)
        self._unindex(row)
        self.updated.pop(row_id, None)
        self.deleted.append((row_id, at))
        self.version += 1
        return row

    def touch(self, row_id: str, at: datetime) -> None:
        if self.track_changes:
            self.updated[row_id] = at
        self.version += 1

    def _index(self, row: Row) -> None:
        doc = row.get("DocNumber")
        if doc:
            key = name_key(doc)
            held = self.by_doc.get(key, ())
            if row["Id"] not in held:
                self.by_doc[key] = (*held, row["Id"])

    def _unindex(self, row: Row) -> None:
        doc = row.get("DocNumber")
        if doc:
            key = name_key(doc)
            left = tuple(i for i in self.by_doc.get(key, ()) if i != row["Id"])
            if left:
                self.by_doc[key] = left
            else:
                self.by_doc.pop(key, None)


def clean_body(entity: EntityDef, body: Row) -> Row:
    """Drop what a client sends but QBO ignores: "" and null values (python-quickbooks sends "" for
    unset fields, §3), empty lists, and read-only fields (§3 "any value you supply is over-written")."""
    read_only = COMMON_READ_ONLY | entity.read_only
    out: Row = {}
    for key, value in body.items():
        if key in read_only:
            continue
        cleaned = _clean_value(value)
        if cleaned is not _DROP:
            out[key] = cleaned[:10] if key in DATE_FIELDS and isinstance(cleaned, str) else cleaned
    return out


#: top-level dates: a timestamp keeps its date part [inf]
DATE_FIELDS = frozenset({"TxnDate", "DueDate", "ShipDate", "InvStartDate", "OpenBalanceDate"})


_DROP = object()


def _clean_value(value: Any) -> Any:
    if value is None or (isinstance(value, str) and value == ""):
        return _DROP
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            cleaned = _clean_value(item)
            if cleaned is not _DROP:
                out[key] = cleaned
        return out
    if isinstance(value, list):
        items = [c for c in (_clean_value(v) for v in value) if c is not _DROP]
        return items if items else _DROP
    return value
