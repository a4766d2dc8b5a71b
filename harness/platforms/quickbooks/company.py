"""One QuickBooks company file: tables of wire-shaped rows, their hash indexes, and the write paths.

Rows are kept in the JSON shape QBO answers with, so reads and queries serve
them as they are. Each table keeps indexes (by Id; by unique name, lower-cased;
by DocNumber) so uniqueness checks never scan (§4.1, §4.2, §4.4). Every write
goes through :meth:`Company.save` / :meth:`delete` / :meth:`void`, which check
the SyncToken (§5), run the entity's rules (``validation`` / ``transactions``),
check uniqueness, then apply side effects (stock, invoice balances) in one step,
so a fault never leaves a half-applied change.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from harness.platforms.http.clock import Clock
from harness.platforms.quickbooks import faults
from harness.platforms.quickbooks.entities import ENTITIES, EntityDef
from harness.platforms.quickbooks.evaluate import compile_conditions, id_key, sort_rows
from harness.platforms.quickbooks.query import Condition, Query
from harness.platforms.quickbooks.shapes import check_shapes
from harness.platforms.quickbooks.tables import Effects, IdSequence, Row, Rules, Table, clean_body
from harness.platforms.quickbooks.values import (
    PACIFIC,
    dec,
    is_true,
    meta_time,
    name_key,
    parse_moment,
    wire_number,
)
from harness.platforms.quickbooks.wire import ALLOW_DUPLICATE_DOC_PREF


class Company:
    """The state of one realm. Not thread-safe by itself: the endpoint serializes requests."""

    def __init__(
        self, realm_id: str, clock: Clock, *, strict_inventory: bool = False, write_only: bool = False
    ) -> None:
        self.realm_id = realm_id
        self.clock = clock
        self.strict_inventory = strict_inventory
        #: a company that is only created into (the rehearsal's copy) answers every create in full but keeps
        #: less: a created sale or refund as a summary (its Id, number and amounts), without its lines,
        #: customer or the addresses copied from the customer; an item (loaded or created) without the fields
        #: no create reads from an item it references (``_lean``), and no change dates (for change data capture).
        #: Reads and updates of what it kept are not faithful. At 250k orders the lines alone were 40 % of the
        #: rehearsal's memory; tests/sync/test_write_only_rehearsal.py holds it to refusing exactly what a full
        #: copy refuses
        self.write_only = write_only
        names, transactions = IdSequence(), IdSequence()
        shared = {"contact": names, "txn": transactions}
        self.tables: dict[str, Table] = {
            name: Table(e, shared.get(e.kind), track_changes=not write_only) for name, e in ENTITIES.items()
        }
        #: scope ("item", "contact", ...) -> name key -> [(entity, Id), ...]: more than one only when a
        #: loaded company already holds duplicates (a pathology QBO itself would have refused)
        self.names: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self.sequences: dict[str, int] = {}
        #: records created by earlier items of the batch being run: invisible to later items (§7)
        self.hidden: set[tuple[str, str]] = set()
        self._query_cache: OrderedDict[tuple[Any, ...], tuple[int, list[Row]]] = OrderedDict()
        from harness.platforms.quickbooks.rules import RULES

        self.rules: dict[str, Rules] = RULES

    # -- loading ------------------------------------------------------------------------------------

    def load_rows(self, entity_name: str, rows: Iterable[Row]) -> None:
        """Insert rows as they are (no validation: a loaded company may hold pathologies)."""
        table = self.tables[entity_name]
        now = self.clock.now()
        ordered = sorted(rows, key=lambda r: id_key(str(r["Id"])))
        for row in ordered:
            at = parse_moment(str(row.get("MetaData", {}).get("LastUpdatedTime", ""))) or now
            table.put(_lean(table.entity, row) if self.write_only else row, at)
            self._index_name(table.entity, row)

    # -- helpers the rules use ----------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> str:
        return self.now().astimezone(PACIFIC).date().isoformat()

    @property
    def info(self) -> Row:
        return self.tables["CompanyInfo"].rows.get("1", {})

    @property
    def preferences(self) -> Row:
        return self.tables["Preferences"].rows.get("1", {})

    @property
    def country(self) -> str:
        return str(self.info.get("Country") or "US")

    @property
    def is_us(self) -> bool:
        return self.country.upper() in ("US", "USA", "UNITED STATES")

    def pref(self, section: str, name: str) -> Any:
        return (self.preferences.get(section) or {}).get(name)

    def other_pref(self, name: str) -> str | None:
        for pair in (self.preferences.get("OtherPrefs") or {}).get("NameValue", []):
            if pair.get("Name") == name:
                return str(pair.get("Value"))
        return None

    @property
    def home_currency(self) -> str:
        ref = self.pref("CurrencyPrefs", "HomeCurrency")
        return str(ref.get("value") or "USD") if isinstance(ref, dict) else "USD"

    @property
    def custom_txn_numbers(self) -> bool:
        return self.pref("SalesFormsPrefs", "CustomTxnNumbers") is not False

    @property
    def automated_sales_tax(self) -> bool:
        return self.pref("TaxPrefs", "PartnerTaxEnabled") is True

    def next_sequence(self, name: str, start: int) -> int:
        """Server-assigned numbers (DocNumber when custom numbers are off, address Ids)."""
        value = self.sequences.get(name, start)
        self.sequences[name] = value + 1
        return value

    def get(self, entity_name: str, row_id: str) -> Row | None:
        if self.hidden and (entity_name, row_id) in self.hidden:
            return None
        row = self.tables[entity_name].rows.get(row_id)
        if row is None and entity_name == "TaxCode":
            return self.pseudo_tax_codes().get(row_id)
        return row

    def resolve_ref(self, entity_name: str, ref: Any, element: str, *, allow_inactive: bool = False) -> Row:
        """The row a ``*Ref`` points at, filling the ref's ``name``: 2500 unknown, 610 inactive (§3)."""
        if not isinstance(ref, dict) or ref.get("value") in (None, ""):
            raise faults.required_missing(element.rsplit(".", 1)[0] if element.endswith(".value") else element)
        ref_id = str(ref["value"])
        target = self.get(entity_name, ref_id)
        if target is None:
            raise faults.invalid_reference(entity_name, ref_id, element)
        if target.get("Active") is False and not allow_inactive:
            raise faults.object_not_found(element)
        ref["value"] = ref_id
        display = target.get("DisplayName") or target.get("FullyQualifiedName") or target.get("Name")
        if display:
            ref["name"] = display
        ref.pop("type", None)
        return target

    def pseudo_tax_codes(self) -> dict[str, Row]:
        """US companies always have TAX and NON, whose Id equals their Name (§4.8)."""
        if not self.is_us:
            return {}
        stamp = meta_time(self.now())
        out: dict[str, Row] = {}
        for code, taxable in (("TAX", True), ("NON", False)):
            if code in self.tables["TaxCode"].rows:
                continue
            out[code] = {
                "Id": code,
                "SyncToken": "0",
                "Name": code,
                "Description": "Taxable" if taxable else "Non-Taxable",
                "Active": True,
                "Taxable": taxable,
                "TaxGroup": False,
                "Hidden": False,
                "TaxCodeConfigType": "SYSTEM_GENERATED",
                "domain": "QBO",
                "sparse": False,
                "MetaData": {"CreateTime": stamp, "LastUpdatedTime": stamp},
            }
        return out

    # -- reads ----------------------------------------------------------------------------------------

    def read(self, entity_name: str, row_id: str) -> Row:
        entity = ENTITIES[entity_name]
        if entity.kind == "singleton":
            row_id = "1"
        row = self.get(entity_name, row_id)
        if row is None:
            raise faults.object_not_found()
        return row

    def rows(self, entity_name: str) -> Iterator[Row]:
        return iter(self.tables[entity_name].rows.values())

    # -- writes ---------------------------------------------------------------------------------------

    def save(self, entity_name: str, body: Row, *, include: frozenset[str] = frozenset()) -> Row:
        """Create (no Id) or update (Id, SyncToken; ``sparse`` for a sparse update) one entity (§5)."""
        entity = ENTITIES[entity_name]
        check_shapes(body)
        raw_id = body.get("Id")
        has_id = raw_id not in (None, "", 0, "0")
        if entity.kind == "singleton":
            has_id, raw_id = True, "1"
        if not has_id:
            if not entity.creatable:
                raise faults.unsupported_operation("Create")
            return self._create(entity, body, include)
        return self._update(entity, str(raw_id), body, include)

    def create(self, entity_name: str, body: Row, include: frozenset[str] = frozenset()) -> Row:
        """Create even where ``POST /<entity>`` may not (TaxService creates TaxCode and TaxRate)."""
        check_shapes(body)
        return self._create(ENTITIES[entity_name], body, include)

    def _create(self, entity: EntityDef, body: Row, include: frozenset[str]) -> Row:
        draft = clean_body(entity, body)
        rules = self.rules[entity.name]
        row = rules.prepare(self, draft, None, include)
        self._check_unique(entity, row, None)
        self._check_doc_number(entity, row, None, include)
        effects = rules.effects(self, row)
        self._check_effects(effects)
        table = self.tables[entity.name]
        now = self.now()
        stamp = meta_time(now)
        row = {
            "Id": table.new_id(),
            "SyncToken": "0",
            **row,
            "domain": "QBO",
            "sparse": False,
            "MetaData": {"CreateTime": stamp, "LastUpdatedTime": stamp},
        }
        stored = _lean(entity, row) if self.write_only else row
        table.put(stored, now)
        self._index_name(entity, row)
        self._apply_effects(effects, now, source_id=row["Id"], source=row)
        return row

    def _update(self, entity: EntityDef, row_id: str, body: Row, include: frozenset[str]) -> Row:
        table = self.tables[entity.name]
        old = table.rows.get(row_id)
        if old is None:
            if not row_id.isdigit() and entity.kind != "singleton":
                raise faults.invalid_id(row_id)
            raise faults.object_not_found()
        self._check_sync_token(old, body)
        rules = self.rules[entity.name]
        sparse = is_true(body.get("sparse"))
        draft = clean_body(entity, body)
        if "void" in include:
            draft = self._void_draft(entity, old)
        elif sparse:
            merged = {k: copy.deepcopy(v) for k, v in old.items() if k not in _SERVER_FIELDS}
            merged.update(draft)
            draft = merged
        else:
            for keep in _KEPT_ON_FULL_UPDATE.get(entity.name, ()):
                if keep in old and keep not in draft:
                    draft[keep] = copy.deepcopy(old[keep])
        row = rules.prepare(self, draft, old, include)
        # a record keeps a name or number it already had, even one a loaded company holds twice
        if _changed(entity.unique_field, old, row):
            self._check_unique(entity, row, row_id)
        if _changed("DocNumber", old, row):
            self._check_doc_number(entity, row, row_id, include)
        effects = rules.effects(self, row).minus(rules.effects(self, old))
        self._check_effects(effects)
        now = self.now()
        new_row = {
            "Id": row_id,
            "SyncToken": str(int(old.get("SyncToken", "0")) + 1),
            **row,
            "domain": "QBO",
            "sparse": False,
            "MetaData": {**old.get("MetaData", {}), "LastUpdatedTime": meta_time(now)},
        }
        self._unindex_name(entity, old)
        table.put(new_row, now)
        self._index_name(entity, new_row)
        self._apply_effects(effects, now, source_id=row_id, source=new_row)
        return new_row

    def delete(self, entity_name: str, body: Row) -> Row:
        """``operation=delete``: transactions only; name lists are made inactive instead (§3)."""
        entity = ENTITIES[entity_name]
        if entity.kind != "txn":
            raise faults.unsupported_operation("Delete")
        check_shapes(body)
        row_id = str(body.get("Id") or "")
        table = self.tables[entity_name]
        old = table.rows.get(row_id)
        if old is None:
            raise faults.object_not_found()
        self._check_sync_token(old, body)
        effects = Effects().minus(self.rules[entity_name].effects(self, old))
        now = self.now()
        table.remove(row_id, now)
        self._apply_effects(effects, now, source_id=row_id, source=None)
        return {"status": "Deleted", "domain": "QBO", "Id": row_id}

    def void(self, entity_name: str, body: Row) -> Row:
        """Invoice ``operation=void``: amounts and quantities become 0, "Voided" is noted (§4.4)."""
        if ENTITIES[entity_name].kind != "txn":
            raise faults.unsupported_operation("Void")
        check_shapes(body)
        return self._update(ENTITIES[entity_name], str(body.get("Id") or ""), body, frozenset({"void"}))

    # -- checks -----------------------------------------------------------------------------------

    @staticmethod
    def _check_sync_token(old: Row, body: Row) -> None:
        token = body.get("SyncToken")
        if token is None or token == "":
            raise faults.required_missing("SyncToken")
        # python-quickbooks sends it as a number or a string (§5)
        if str(token).strip() != str(old.get("SyncToken", "0")):
            raise faults.stale_object()

    def _check_unique(self, entity: EntityDef, row: Row, self_id: str | None) -> None:
        if entity.name_scope is None or entity.unique_field is None:
            return
        value = row.get(entity.unique_field)
        if not value:
            return
        hits = self.names.get(entity.name_scope, {}).get(name_key(str(value)), [])
        other = next((hit for hit in hits if hit != (entity.name, self_id)), None)
        if other is not None:
            raise faults.duplicate_name(other[1])

    def _check_doc_number(self, entity: EntityDef, row: Row, self_id: str | None, include: frozenset[str]) -> None:
        doc = row.get("DocNumber")
        if entity.kind != "txn" or not doc or self.allows_duplicate_doc_numbers(include):
            return
        ids = self.tables[entity.name].by_doc.get(name_key(str(doc)), ())
        if any(i != self_id for i in ids):
            raise faults.duplicate_doc_number()

    def allows_duplicate_doc_numbers(self, include: frozenset[str] = frozenset()) -> bool:
        """§1.2 ``include=allowduplicatedocnum``, or the company allowing duplicates."""
        return "allowduplicatedocnum" in include or (self.other_pref(ALLOW_DUPLICATE_DOC_PREF) or "") == "true"

    def _check_effects(self, effects: Effects) -> None:
        if not self.strict_inventory:
            return  # negative stock is allowed by default (§11)
        items = self.tables["Item"].rows
        for item_id, change in effects.stock.items():
            item = items.get(item_id)
            if item is None or change >= 0:
                continue
            after = (dec(item.get("QtyOnHand")) or Decimal(0)) + change
            if after < 0:
                raise faults.business_validation(
                    f"Insufficient quantity on hand for item {item.get('Name')}: "
                    f"{wire_number(after + -change)} available",
                    "Line.SalesItemLineDetail.Qty",
                )

    def _apply_effects(self, effects: Effects, now: datetime, *, source_id: str, source: Row | None) -> None:
        """Apply stock and balance changes; ``source`` is the payment as saved (None once deleted)."""
        items = self.tables["Item"]
        for item_id, change in effects.stock.items():
            item = items.rows.get(item_id)
            if item is None or change == 0:
                continue
            item["QtyOnHand"] = wire_number((dec(item.get("QtyOnHand")) or Decimal(0)) + change)
            items.touch(item_id, now)
        invoices = self.tables["Invoice"]
        for invoice_id in effects.balances:
            invoice = invoices.rows.get(invoice_id)
            if invoice is None:
                continue
            change = effects.balances[invoice_id]
            invoice["Balance"] = wire_number((dec(invoice.get("Balance")) or Decimal(0)) + change)
            # the invoice links back to each payment applied to it (§4.6)
            links = [
                link
                for link in invoice.get("LinkedTxn", [])
                if not (link.get("TxnId") == source_id and link.get("TxnType") == "Payment")
            ]
            if source is not None and _links_to(source, invoice_id):
                links.append({"TxnId": source_id, "TxnType": "Payment"})
            invoice["LinkedTxn"] = links
            invoices.touch(invoice_id, now)

    @staticmethod
    def _void_draft(entity: EntityDef, old: Row) -> Row:
        return {k: copy.deepcopy(v) for k, v in old.items() if k not in _SERVER_FIELDS}

    # -- name index -------------------------------------------------------------------------------

    def _index_name(self, entity: EntityDef, row: Row) -> None:
        if entity.name_scope is None or entity.unique_field is None:
            return
        value = row.get(entity.unique_field)
        if value:
            self.names.setdefault(entity.name_scope, {}).setdefault(name_key(str(value)), []).append(
                (entity.name, row["Id"])
            )

    def _unindex_name(self, entity: EntityDef, row: Row) -> None:
        if entity.name_scope is None or entity.unique_field is None:
            return
        value = row.get(entity.unique_field)
        if not value:
            return
        index = self.names.get(entity.name_scope, {})
        key = name_key(str(value))
        hits = index.get(key, [])
        if (entity.name, row["Id"]) in hits:
            hits.remove((entity.name, row["Id"]))
        if not hits:
            index.pop(key, None)

    def find_by_name(self, entity: EntityDef, value: str) -> list[Row]:
        """Rows of ``entity`` whose unique name is ``value`` (case-insensitive), in Id order."""
        if entity.name_scope is None:
            return []
        hits = self.names.get(entity.name_scope, {}).get(name_key(value), [])
        rows = self.tables[entity.name].rows
        ids = sorted({row_id for name, row_id in hits if name == entity.name and row_id in rows}, key=id_key)
        return [rows[row_id] for row_id in ids]

    # -- queries ----------------------------------------------------------------------------------

    def matching_rows(self, query: Query) -> list[Row]:
        """Every row the WHERE clause selects, ordered; cached per table version for paging (§6)."""
        entity = query.entity
        table = self.tables[entity.name]
        conditions = list(query.where)
        if entity.is_name_list and not query.mentions("Active"):
            # §3: name lists return active records unless the query filters on Active
            conditions.append(Condition("Active", "=", (True,)))
        key = (entity.name, tuple(conditions), query.order, self.today())
        cached = self._query_cache.get(key)
        if cached is not None and cached[0] == table.version:
            self._query_cache.move_to_end(key)
            return cached[1]
        predicate = compile_conditions(conditions, self.now().astimezone(PACIFIC).date())
        candidates = self._candidates(entity, table, query.where)
        matched = [row for row in candidates if predicate(row)]
        if entity.name == "TaxCode":
            matched.extend(row for row in self.pseudo_tax_codes().values() if predicate(row))
        if query.order:
            sort_rows(matched, query.order)
        elif not table.in_id_order:
            sort_rows(matched, (("Id", False),))  # the default order is by Id (§6)
        self._query_cache[key] = (table.version, matched)
        if len(self._query_cache) > 32:
            self._query_cache.popitem(last=False)
        return matched

    def _candidates(self, entity: EntityDef, table: Table, where: tuple[Condition, ...]) -> Iterable[Row]:
        """Use a hash index when an equality on Id, the unique name or DocNumber narrows the scan."""
        if entity.kind == "singleton":
            return list(table.rows.values())
        for cond in where:
            if cond.op not in ("=", "IN") or not all(isinstance(v, str) for v in cond.values):
                continue
            if cond.prop == "Id":
                ids = {v for v in cond.values if v in table.rows}
                return [table.rows[i] for i in sorted(ids, key=id_key)]
            if cond.prop == entity.unique_field or (cond.prop == "Name" and entity.name not in ("Item", "Account")):
                found = {r["Id"]: r for v in cond.values for r in self.find_by_name(entity, v)}
                return [found[i] for i in sorted(found, key=id_key)]
            if cond.prop == "DocNumber" and entity.kind == "txn":
                ids = set().union(*(table.by_doc.get(name_key(v), ()) for v in cond.values))
                return [table.rows[i] for i in sorted(ids, key=id_key)]
        return table.rows.values()


def _changed(field: str | None, old: Row, new: Row) -> bool:
    if field is None:
        return False
    before, after = old.get(field), new.get(field)
    return name_key(str(before or "")) != name_key(str(after or ""))


def _links_to(payment: Row, invoice_id: str) -> bool:
    return any(
        str(link.get("TxnId")) == invoice_id and link.get("TxnType") == "Invoice" and (dec(line.get("Amount")) or 0)
        for line in payment.get("Line", [])
        for link in line.get("LinkedTxn", [])
    )


_SERVER_FIELDS = frozenset({"Id", "SyncToken", "MetaData", "domain", "sparse"})

#: fields a full update does not reset: QBO keeps them whatever the body says (§4.1 InvStartDate)
_KEPT_ON_FULL_UPDATE: dict[str, tuple[str, ...]] = {
    "Item": ("InvStartDate", "QtyOnHand"),
    "Customer": ("Balance",),
    "Invoice": ("LinkedTxn",),
}


#: what a write-only company keeps of a transaction: enough to refuse its number twice (6140), to find it
#: by Id, and to apply a payment to its balance
_SUMMARY_FIELDS = ("Id", "SyncToken", "DocNumber", "TotalAmt", "Balance")


#: what no write reads from an item it references (sales read Name, Active, Type, InvStartDate and stock;
#: a sub-item its parent's name): a write-only company keeps items without them
_ITEM_FIELDS_NOT_READ = frozenset(
    {
        "Description",
        "PurchaseDesc",
        "UnitPrice",
        "PurchaseCost",
        "IncomeAccountRef",
        "ExpenseAccountRef",
        "AssetAccountRef",
        "MetaData",
        "domain",
        "sparse",
    }
)


def _lean(entity: EntityDef, row: Row) -> Row:
    """What a write-only company keeps of a row: a transaction's summary, an item without unread fields."""
    if entity.kind == "txn":
        return {key: row[key] for key in _SUMMARY_FIELDS if key in row}
    if entity.name == "Item":
        return {key: value for key, value in row.items() if key not in _ITEM_FIELDS_NOT_READ}
    return row
