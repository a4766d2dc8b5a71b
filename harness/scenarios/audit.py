"""Audit: compare the books after a connector ran against a sandbox with what the plan predicted.

The prediction is the plan applied by our reference connector to a throw-away
copy of the scenario's books (:func:`harness.sync.apply.apply_in_process`):
the books it leaves behind are the expected state, and the writes QuickBooks
refused there (duplicate names 6240, duplicate numbers 6140, …) are the
expected failures. The audit then reads the real after-state and its request
journal and sorts every difference into one of three kinds, so that "what the
plan said would go wrong" and "what went wrong that nobody predicted" never mix:

- ``unexpected`` — the connector did something the plan did not predict; the audit fails (exit 1);
- ``predicted``  — it happened and the plan said it would (a refusal, a "Name-1" contact, …);
- ``note``       — worth knowing, not a deviation (a retried throttle, no journal to read).

Records are compared by what identifies them to QuickBooks and to a person —
items by the profile's match field, contacts by display name, documents by
type and number — never by Id, which depends on the order a connector wrote in.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal, TypeVar

import orjson
import requests
from rich.console import Console
from rich.table import Table

from harness.errors import InputError
from harness.model.books import Books, Contact, Document, Item
from harness.model.manifest import RecordRef
from harness.model.snapshot import decode, load
from harness.sync.apply import AppliedCopy, RequestRecord, apply_in_process, journal_path, load_journal, request_records
from harness.sync.context import CheckContext
from harness.sync.normalise import display_key, email_key
from harness.sync.plan import build_plan, summarise

Status = Literal["unexpected", "predicted", "note"]
R = TypeVar("R", Item, Contact, Document)
C = TypeVar("C", Item, Contact)
STATUSES: tuple[Status, ...] = ("unexpected", "predicted", "note")

#: every audit code and what it means (docs/audit.md is written from the same words)
AUDIT_CODES: dict[str, str] = {
    "AUDIT_DUPLICATE_ITEM": "two items share a code (Name or Sku), at least one of them created by the sync",
    "AUDIT_DUPLICATE_CUSTOMER": "a created customer duplicates another contact (same email, or a 'Name-1' copy)",
    "AUDIT_UNMATCHED_CREATE": "a record was created although the books already held one with its code, name or email",
    "AUDIT_UNEXPECTED_CREATE": "a record was created that the plan did not create",
    "AUDIT_MISSING_CREATE": "a record the plan creates is not in the books",
    "AUDIT_STOCK_WRONG": "an item's quantity on hand (or tracking) is not what the plan's writes leave",
    "AUDIT_DOCUMENT_MISSING": "a sales document the plan posts is not in the books",
    "AUDIT_DUPLICATE_DOCUMENT": "two sales documents share a number, at least one of them posted by the sync",
    "AUDIT_UNEXPECTED_DOCUMENT": "a sales document was posted that the plan does not post",
    "AUDIT_DOCUMENT_DIFFERS": "a posted document's total or customer is not the planned one",
    "AUDIT_RECORD_REMOVED": "a record that was in the books before the sync is gone",
    "AUDIT_REQUEST_FAILED": "a request to the books endpoint failed (status 400 or more)",
    "AUDIT_FAILURE_NOT_SEEN": "a write the plan predicted QuickBooks would refuse left no failed request",
    "AUDIT_NO_JOURNAL": "no request journal was available, so failed requests could not be audited",
}

_SUFFIXED = re.compile(r"^(?P<base>.+?)(?:-\d+| \(\d+\))$")


@dataclass(frozen=True)
class Ref:
    """A record an audit finding names: a books record, a store record of the plan, or a journal request."""

    kind: str
    id: str
    label: str | None = None

    @classmethod
    def of(cls, ref: RecordRef) -> Ref:
        return cls(ref.kind, ref.id, ref.label)


@dataclass(frozen=True)
class AuditFinding:
    code: str
    status: Status
    message: str
    records: tuple[Ref, ...] = ()


@dataclass
class AuditReport:
    scenario: str
    state: str
    findings: list[AuditFinding]
    #: plan kind -> action -> count, as the dry run's summary says
    plan: dict[str, dict[str, int]]
    #: what the prediction and the after-state hold: kind -> {"predicted": n, "found": n} (created records)
    created: dict[str, dict[str, int]] = field(default_factory=dict)
    journal_entries: int | None = None

    @property
    def matches_plan(self) -> bool:
        return not any(f.status == "unexpected" for f in self.findings)

    def count(self, status: Status) -> int:
        return sum(1 for f in self.findings if f.status == status)

    def to_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "state": self.state,
            "matches_plan": self.matches_plan,
            "summary": {s: self.count(s) for s in STATUSES},
            "plan": self.plan,
            "created": self.created,
            "journal_entries": self.journal_entries,
            "findings": [
                {
                    "code": f.code,
                    "status": f.status,
                    "message": f.message,
                    "records": [
                        {k: v for k, v in (("kind", r.kind), ("id", r.id), ("label", r.label)) if v is not None}
                        for r in f.records
                    ],
                }
                for f in self.findings
            ],
        }


def audit_books(
    ctx: CheckContext,
    after: Books,
    journal: list[RequestRecord] | None,
    *,
    scenario: str = "",
    state: str = "",
    prediction: AppliedCopy | None = None,
) -> AuditReport:
    """Audit ``after`` (the books once a connector ran, starting from ``ctx.books``) against the plan."""
    predicted = prediction if prediction is not None else apply_in_process(ctx)
    books_field = ctx.profile.books_match_field
    audit = _Audit(ctx.books, predicted.books, after, books_field)
    findings = [
        *audit.items(),
        *audit.customers(),
        *audit.documents(),
        *audit.stock(),
        *audit.removed(),
        *_requests(predicted, journal),
    ]
    rank = {s: i for i, s in enumerate(STATUSES)}
    findings.sort(key=lambda f: (rank[f.status], f.code, f.message))
    return AuditReport(
        scenario=scenario,
        state=state,
        findings=findings,
        plan=summarise(build_plan(ctx)).counts,
        created=audit.created_counts(),
        journal_entries=len(journal) if journal is not None else None,
    )


class _Audit:
    """Before, predicted and found books side by side, with the lookups every comparison needs."""

    def __init__(self, before: Books, predicted: Books, found: Books, books_field: str) -> None:
        self.before, self.predicted, self.found = before, predicted, found
        self.books_field = books_field
        self.old_items = {i.id for i in before.items}
        self.old_contacts = {c.id for c in before.contacts()}
        self.old_docs = {d.id for d in before.documents}

    def item_key(self, item: Item) -> str:
        value = item.sku if self.books_field == "sku" and item.sku else item.name
        return value.strip().casefold()

    def new_items(self, books: Books) -> dict[str, Item]:
        return {self.item_key(i): i for i in books.items if i.id not in self.old_items}

    def new_customers(self, books: Books) -> dict[str, Contact]:
        return {display_key(c.display_name): c for c in books.customers if c.id not in self.old_contacts}

    def new_documents(self, books: Books) -> dict[tuple[str, str], Document]:
        return {_doc_key(d): d for d in books.documents if d.id not in self.old_docs}

    def created_counts(self) -> dict[str, dict[str, int]]:
        return {
            "item": {"predicted": len(self.new_items(self.predicted)), "found": len(self.new_items(self.found))},
            "customer": {
                "predicted": len(self.new_customers(self.predicted)),
                "found": len(self.new_customers(self.found)),
            },
            "document": {
                "predicted": len(self.new_documents(self.predicted)),
                "found": len(self.new_documents(self.found)),
            },
        }

    # -- items ------------------------------------------------------------------------------------------

    def items(self) -> Iterator[AuditFinding]:
        old_by_code = _items_by_code(self.before.items)

        def existing(item: Item) -> list[Item]:
            return sorted({o.id: o for c in _item_codes(item) for o in old_by_code.get(c, [])}.values(), key=_by_id)

        yield from _creations(self.new_items(self.predicted), self.new_items(self.found), _item_ref, existing)
        expected = {_names(g) for g in _duplicate_items(self.predicted, self.old_items)}
        for group in _duplicate_items(self.found, self.old_items):
            shared = sorted(set.intersection(*(set(_item_codes(i)) for i in group)))
            # the code as the first item spells it (the comparison is case-insensitive, like QuickBooks')
            code = next((v for v in (group[0].name, group[0].sku) if v and v.strip().casefold() in shared), "?")
            yield AuditFinding(
                "AUDIT_DUPLICATE_ITEM",
                "predicted" if _names(group) in expected else "unexpected",
                f"{len(group)} items share the code {code.strip()!r}: " + ", ".join(repr(i.name) for i in group),
                tuple(map(_item_ref, group)),
            )

    # -- customers --------------------------------------------------------------------------------------

    def customers(self) -> Iterator[AuditFinding]:
        before = self.before.contacts()
        by_name = {display_key(c.display_name): c for c in before}
        by_email: dict[str, list[Contact]] = defaultdict(list)
        for c in before:
            mail = email_key(c.email)
            if mail:
                by_email[mail].append(c)

        def existing(c: Contact) -> list[Contact]:
            base = _suffix_base(c.display_name)
            return [*by_email.get(email_key(c.email) or "", []), *([by_name[base]] if base in by_name else [])]

        yield from _creations(
            self.new_customers(self.predicted), self.new_customers(self.found), _contact_ref, existing
        )
        expected = {_display_names(g) for g in _duplicate_contacts(self.predicted, self.old_contacts)}
        for group in _duplicate_contacts(self.found, self.old_contacts):
            yield AuditFinding(
                "AUDIT_DUPLICATE_CUSTOMER",
                "predicted" if _display_names(group) in expected else "unexpected",
                "created customer duplicates another contact: " + ", ".join(repr(c.display_name) for c in group),
                tuple(map(_contact_ref, group)),
            )

    # -- documents --------------------------------------------------------------------------------------

    def documents(self) -> Iterator[AuditFinding]:
        want, got = self.new_documents(self.predicted), self.new_documents(self.found)
        for key in sorted(want.keys() - got.keys()):
            d = want[key]
            yield AuditFinding(
                "AUDIT_DOCUMENT_MISSING", "unexpected", f"{d.type} {d.number} is planned to be posted but is missing",
                (_doc_ref(d),),
            )
        expected_dups = {_numbers(g) for g in _duplicate_documents(self.predicted, self.old_docs)}
        duplicated: set[str] = set()
        for group in _duplicate_documents(self.found, self.old_docs):
            status: Status = "predicted" if _numbers(group) in expected_dups else "unexpected"
            duplicated.update(d.id for d in group)
            yield AuditFinding(
                "AUDIT_DUPLICATE_DOCUMENT", status,
                f"{len(group)} documents carry the number {group[0].number!r}: "
                + ", ".join(f"{d.type} #{d.id}" for d in group),
                tuple(map(_doc_ref, group)),
            )
        for key in sorted(got.keys() - want.keys()):
            d = got[key]
            if d.id not in duplicated:
                yield AuditFinding(
                    "AUDIT_UNEXPECTED_DOCUMENT", "unexpected",
                    f"{d.type} {d.number} was posted but the plan does not post it", (_doc_ref(d),),
                )
        want_names = _contact_names(self.predicted)
        got_names = _contact_names(self.found)
        for key in sorted(want.keys() & got.keys()):
            w, g = want[key], got[key]
            differences = []
            if w.total != g.total:
                differences.append(f"total {g.total} instead of {w.total}")
            planned, posted = want_names.get(w.customer_id or ""), got_names.get(g.customer_id or "")
            if planned is not None and display_key(planned) != display_key(posted or ""):
                differences.append(f"customer {posted!r} instead of {planned!r}")
            if differences:
                yield AuditFinding(
                    "AUDIT_DOCUMENT_DIFFERS", "unexpected", f"{g.type} {g.number}: " + "; ".join(differences),
                    (_doc_ref(g),),
                )

    # -- stock ------------------------------------------------------------------------------------------

    def stock(self) -> Iterator[AuditFinding]:
        """Quantity on hand after the sync: QuickBooks moves it with every sales line the plan posts."""
        want_old = {i.id: i for i in self.predicted.items if i.id in self.old_items}
        want_new = self.new_items(self.predicted)
        for item in self.found.items:
            planned = want_old.get(item.id) if item.id in self.old_items else want_new.get(self.item_key(item))
            if planned is None or not (planned.track_qty or item.track_qty):
                continue
            if planned.track_qty != item.track_qty:
                tracked = "tracks" if item.track_qty else "does not track"
                yield AuditFinding(
                    "AUDIT_STOCK_WRONG", "unexpected",
                    f"item {item.name!r} {tracked} quantity on hand, unlike the plan", (_item_ref(item),),
                )
                continue
            want_qty, got_qty = planned.qty_on_hand or Decimal(0), item.qty_on_hand or Decimal(0)
            if want_qty != got_qty:
                yield AuditFinding(
                    "AUDIT_STOCK_WRONG", "unexpected",
                    f"item {item.name!r} has {got_qty} on hand; the plan's writes leave {want_qty}",
                    (_item_ref(item),),
                )

    def removed(self) -> Iterator[AuditFinding]:
        found_items = {i.id for i in self.found.items}
        found_contacts = {c.id for c in self.found.contacts()}
        found_docs = {d.id for d in self.found.documents}
        gone = [
            *(_item_ref(i) for i in self.before.items if i.id not in found_items),
            *(_contact_ref(c) for c in self.before.contacts() if c.id not in found_contacts),
            *(_doc_ref(d) for d in self.before.documents if d.id not in found_docs),
        ]
        for r in gone:
            yield AuditFinding("AUDIT_RECORD_REMOVED", "unexpected", f"{r.kind} {r.label!r} (Id {r.id}) is gone", (r,))


def _creations(
    want: Mapping[str, C], got: Mapping[str, C], ref: Callable[[C], Ref], existing: Callable[[C], list[C]]
) -> Iterator[AuditFinding]:
    """Records the plan creates that are missing, and records created that the plan does not create."""
    for key in sorted(want.keys() - got.keys()):
        r = ref(want[key])
        yield AuditFinding(
            "AUDIT_MISSING_CREATE", "unexpected", f"{r.kind} {r.label!r} is planned to be created but is missing", (r,)
        )
    for key in sorted(got.keys() - want.keys()):
        r = ref(got[key])
        already: list[Ref] = [ref(o) for o in existing(got[key])]
        if already:
            yield AuditFinding(
                "AUDIT_UNMATCHED_CREATE",
                "unexpected",
                f"{r.kind} {r.label!r} was created although the books already had "
                + ", ".join(repr(o.label) for o in already)
                + " with its code, name or email",
                (r, *already),
            )
        else:
            yield AuditFinding(
                "AUDIT_UNEXPECTED_CREATE", "unexpected", f"{r.kind} {r.label!r} was created but the plan does not", (r,)
            )


# -- requests ---------------------------------------------------------------------------------------------


def _requests(predicted: AppliedCopy, journal: list[RequestRecord] | None) -> Iterator[AuditFinding]:
    """Failed requests against refusals the plan predicted: matched by entity and record, else by entity."""
    if journal is None:
        yield AuditFinding("AUDIT_NO_JOURNAL", "note", "no request journal: failed requests were not audited")
        return
    refusals = [o for o in predicted.result.outcomes if not o.created]
    pool: Counter[tuple[str, str]] = Counter((o.entity, o.label.casefold()) for o in refusals)
    by_entity: Counter[str] = Counter(o.entity for o in refusals)
    unlabelled: list[RequestRecord] = []
    for r in journal:
        if r.status < 400:
            continue
        ref = Ref("request", str(r.seq), f"{r.method} {r.path}")
        if r.entity and r.label is not None and pool[(r.entity, r.label.casefold())] > 0:
            pool[(r.entity, r.label.casefold())] -= 1
            by_entity[r.entity] -= 1
            yield AuditFinding(
                "AUDIT_REQUEST_FAILED", "predicted",
                f"{r.entity} {r.label!r} refused with HTTP {r.status}, as the rehearsal predicted", (ref,),
            )
        elif r.entity and r.label is None:
            unlabelled.append(r)
        else:
            yield _unpredicted_failure(r, ref)
    for r in unlabelled:  # the journal kept no body: a predicted refusal of the same entity accounts for it
        ref = Ref("request", str(r.seq), f"{r.method} {r.path}")
        if r.entity and by_entity[r.entity] > 0:
            by_entity[r.entity] -= 1
            yield AuditFinding(
                "AUDIT_REQUEST_FAILED", "predicted",
                f"{r.entity} write refused with HTTP {r.status}; the rehearsal predicted {r.entity} refusals", (ref,),
            )
        else:
            yield _unpredicted_failure(r, ref)
    for o in refusals:
        if pool[(o.entity, o.label.casefold())] > 0 and by_entity[o.entity] > 0:
            pool[(o.entity, o.label.casefold())] -= 1
            by_entity[o.entity] -= 1
            yield AuditFinding(
                "AUDIT_FAILURE_NOT_SEEN", "note",
                f"{o.what}: the rehearsal predicted QuickBooks refuses it ({', '.join(o.codes)}); "
                "no failed request for it (sent in a batch, or not sent)",
                tuple(map(Ref.of, o.records)),
            )


def _unpredicted_failure(r: RequestRecord, ref: Ref) -> AuditFinding:
    what = f"{r.entity} {r.label!r}" if r.entity and r.label else f"{r.method} {r.path}"
    if r.fault:  # injected by the sandbox (throttle, server error): a connector is expected to retry
        return AuditFinding("AUDIT_REQUEST_FAILED", "note", f"{what}: HTTP {r.status} injected ({r.fault})", (ref,))
    return AuditFinding("AUDIT_REQUEST_FAILED", "unexpected", f"{what}: HTTP {r.status}, not predicted", (ref,))


# -- duplicate groups -----------------------------------------------------------------------------------


def _item_codes(item: Item) -> list[str]:
    codes = [item.name.strip().casefold()]
    if item.sku and item.sku.strip():
        codes.append(item.sku.strip().casefold())
    return codes


def _items_by_code(items: Iterable[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for code in set(_item_codes(item)):
            out[code].append(item)
    return out


def _duplicate_items(books: Books, old_ids: set[str]) -> list[list[Item]]:
    """Groups of active items sharing a Name or Sku (either field), at least one created by the sync."""
    return _groups(_items_by_code(i for i in books.items if i.active).values(), old_ids)


def _duplicate_contacts(books: Books, old_ids: set[str]) -> list[list[Contact]]:
    by: dict[str, list[Contact]] = defaultdict(list)
    names = {display_key(c.display_name): c for c in books.contacts()}
    for c in books.customers:
        mail = email_key(c.email)
        if mail:
            by[f"email:{mail}"].append(c)
        base = _suffix_base(c.display_name)
        if base in names and names[base].id != c.id:
            by[f"name:{base}"].extend((names[base], c))
    return _groups(by.values(), old_ids)


def _duplicate_documents(books: Books, old_ids: set[str]) -> list[list[Document]]:
    by: dict[str, list[Document]] = defaultdict(list)
    for d in books.documents:
        if d.number and d.type in ("Invoice", "SalesReceipt"):
            by[d.number.strip().casefold()].append(d)
    return _groups(by.values(), old_ids)


def _groups(candidates: Iterable[list[R]], old_ids: set[str]) -> list[list[R]]:
    seen: set[frozenset[str]] = set()
    out: list[list[R]] = []
    for members in candidates:
        unique = sorted({m.id: m for m in members}.values(), key=_by_id)
        ids = frozenset(m.id for m in unique)
        if len(unique) > 1 and ids - old_ids and ids not in seen:
            seen.add(ids)
            out.append(unique)
    return sorted(out, key=lambda g: [_by_id(m) for m in g])


def _suffix_base(display_name: str) -> str:
    """'Ann Lee-1' -> display key of 'Ann Lee' (the connector's collision suffix, #4); else ''."""
    m = _SUFFIXED.match(display_name.strip())
    return display_key(m.group("base")) if m else ""


def _names(group: list[Item]) -> frozenset[str]:
    return frozenset(i.name.strip().casefold() for i in group)


def _display_names(group: list[Contact]) -> frozenset[str]:
    return frozenset(display_key(c.display_name) for c in group)


def _numbers(group: list[Document]) -> frozenset[tuple[str, str]]:
    return frozenset(_doc_key(d) for d in group)


def _doc_key(d: Document) -> tuple[str, str]:
    return (d.type, (d.number or f"#{d.id}").strip().casefold())


def _contact_names(books: Books) -> dict[str, str]:
    return {c.id: c.display_name for c in books.contacts()}


def _by_id(record: Item | Contact | Document) -> tuple[int, str]:
    return (int(record.id), record.id) if record.id.isdigit() else (1 << 62, record.id)


def _item_ref(item: Item) -> Ref:
    return Ref("item", item.id, item.name)


def _contact_ref(contact: Contact) -> Ref:
    return Ref("contact", contact.id, contact.display_name)


def _doc_ref(doc: Document) -> Ref:
    return Ref(doc.type, doc.id, doc.number)


# -- reading the after-state ------------------------------------------------------------------------------


def read_state(state: str) -> tuple[Books, list[RequestRecord] | None]:
    """The books after the sync and the request journal: from a served sandbox's admin API, or from a file
    (a books snapshot written by ``apply -o`` or downloaded from ``/_sandbox/state``; the journal beside it)."""
    if state.startswith(("http://", "https://")):
        admin = state.rstrip("/")
        raw = _get(f"{admin}/_sandbox/state?side=books").content
        return decode(raw, Books, source=f"{admin}/_sandbox/state"), read_journal(admin)
    path = Path(state)
    books = load(path, Books)
    beside = journal_path(path)
    return books, load_journal(beside) if beside.exists() else None


def read_journal(admin_url: str) -> list[RequestRecord]:
    """The books endpoint's request journal, from a served sandbox's admin API."""
    admin = admin_url.rstrip("/")
    entries = orjson.loads(_get(f"{admin}/_sandbox/journal?side=books").content)
    if not isinstance(entries, list):
        raise InputError(f"{admin}/_sandbox/journal: expected a list of entries")
    return request_records(entries)


def served_scenario_name(admin_url: str) -> str | None:
    """The scenario a served sandbox says it serves (None when its health answer does not say)."""
    health = orjson.loads(_get(f"{admin_url.rstrip('/')}/_sandbox/health").content)
    name = health.get("scenario") if isinstance(health, dict) else None
    return str(name) if name is not None else None


def _get(url: str) -> requests.Response:
    try:
        response = requests.get(url, timeout=30)
    except requests.RequestException as exc:
        raise InputError(f"{url}: cannot reach the sandbox admin API: {exc.__class__.__name__}") from None
    if response.status_code != 200:
        raise InputError(f"{url}: HTTP {response.status_code}; is this a `sync-sandbox serve` admin URL?")
    return response


# -- rendering --------------------------------------------------------------------------------------------


def render_json(report: AuditReport) -> bytes:
    return orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def render_text(report: AuditReport, *, width: int = 120) -> str:
    """The audit for a person: verdict first, then what was created, then every finding by kind."""
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    verdict = "yes" if report.matches_plan else "no"
    console.print(f"audit of {report.scenario} against {report.state}", highlight=False, markup=False)
    console.print(
        f"matches the plan: {verdict} — {report.count('unexpected')} unexpected, "
        f"{report.count('predicted')} predicted, {report.count('note')} notes",
        highlight=False,
        markup=False,
    )
    plan = "; ".join(
        f"{kind} " + ", ".join(f"{action} {n}" for action, n in actions.items())
        for kind, actions in report.plan.items()
    )
    console.print(f"plan: {plan}", highlight=False, markup=False)
    created = Table(title="created by the sync", title_justify="left")
    for column in ("kind", "predicted", "found"):
        created.add_column(column, justify="left" if column == "kind" else "right")
    for kind, row in report.created.items():
        created.add_row(kind, str(row["predicted"]), str(row["found"]))
    console.print(created)
    if report.findings:
        table = Table(title="findings", title_justify="left")
        for column in ("status", "code", "what", "records"):
            table.add_column(column, overflow="fold")
        for f in report.findings:
            records = ", ".join(f"{r.kind} {r.id}" + (f" ({r.label})" if r.label else "") for r in f.records[:4])
            if len(f.records) > 4:
                records += f", … {len(f.records) - 4} more"
            table.add_row(f.status, f.code, f.message, records)
        console.print(table)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()
