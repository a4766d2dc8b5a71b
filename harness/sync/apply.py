"""Apply: perform the dry run's plan into a sandbox — the reference connector the audit is checked against.

A QA engineer runs a real connector against ``sync-sandbox serve`` and audits
what it wrote; our own connector doing the same proves the audit itself: what
the plan predicted, applied by the engine, must audit clean. The writes are the
rehearsal's own (items, then customers, then sales documents, built by
:class:`~harness.sync.rehearsal.Rehearsal`), sent one record per request so
that every refusal is a failed request in the sandbox's journal, as it would be
for a connector that posts records one by one.

Apply never writes to a company that is not a sandbox: the QuickBooks base URL
must be served by one of our transports (in-process or a local server of this
process), or announced by a served sandbox whose admin API says it is one
(``GET {admin}/_sandbox/health`` answers ``"service": "sync-sandbox"``). Anything
else is refused before a single request is sent.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec
import orjson
import requests

from harness.errors import InputError, SandboxViolation, read_input
from harness.model.books import Books
from harness.model.manifest import RecordRef
from harness.model.snapshot import write_atomic
from harness.model.store import Store
from harness.platforms.http.journal import JournalEntry
from harness.platforms.http.session import ApiClientError
from harness.platforms.quickbooks.client import QuickBooksClient, QuickBooksFault
from harness.platforms.quickbooks.endpoint import QuickBooksEndpoint
from harness.platforms.quickbooks.entities import ENTITIES
from harness.sandbox.guard import is_sandbox_host, register_sandbox_host
from harness.sandbox.inprocess import InProcessSandbox
from harness.sync.context import CheckContext, Rejection
from harness.sync.matching import match_all
from harness.sync.profile import Profile
from harness.sync.rehearsal import PlannedWrite, Rehearsal, client_sender

#: where the in-process copy of the books is mounted by ``apply -o`` and by the audit's prediction
APPLY_BASE_URL = "https://apply.sandbox.quickbooks.invalid"
SANDBOX_SERVICE = "sync-sandbox"


@dataclass(frozen=True)
class SandboxTarget:
    """A QuickBooks endpoint known to be a sandbox: its API base URL and the credentials it issued."""

    base_url: str
    credentials: dict[str, str]
    admin_url: str | None = None


@dataclass(frozen=True)
class WriteOutcome:
    """One record the reference connector sent: created (with its Id) or refused (with QuickBooks' codes)."""

    entity: str
    label: str  # the record's identifying value: Name, DisplayName or DocNumber
    what: str
    records: list[RecordRef]
    id: str | None
    codes: list[str] = field(default_factory=list)

    @property
    def created(self) -> bool:
        return self.id is not None


@dataclass
class ApplyResult:
    outcomes: list[WriteOutcome] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """entity -> {"created": n, "refused": n}, for the CLI's summary."""
        out: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            row = out.setdefault(o.entity, {"created": 0, "refused": 0})
            row["created" if o.created else "refused"] += 1
        return out


@dataclass
class AppliedCopy:
    """The plan applied to an in-process copy of the books: what it answered, the books after, the journal."""

    result: ApplyResult
    books: Books
    journal: list[JournalEntry]


def plan_context(store: Store, books: Books, profile: Profile) -> CheckContext:
    """The matching a plan is made of; apply and audit build it from the same inputs, so they agree."""
    return CheckContext(store=store, books=books, profile=profile, matching=match_all(store, books, profile))


def apply_plan(ctx: CheckContext, target: SandboxTarget) -> ApplyResult:
    """Perform the plan's writes against ``target``; refused (SandboxViolation) unless it is a sandbox."""
    if not is_sandbox_host(target.base_url):
        raise SandboxViolation(
            f"refused to apply to {target.base_url}: not a sandbox endpoint (serve the scenario with "
            "`sync-sandbox serve` and pass its admin URL, or write the result to a file with -o)"
        )
    client = QuickBooksClient(target.base_url, target.credentials)
    connector = ReferenceConnector(ctx, client)
    connector.run()
    return ApplyResult(outcomes=connector.outcomes, rejections=connector.writes.rejections)


def apply_in_process(ctx: CheckContext) -> AppliedCopy:
    """Serve a copy of the plan's books in-process, apply the plan to it, and export the result."""
    endpoint = QuickBooksEndpoint(ctx.books)
    endpoint.journal.keep_bodies = True  # the journal file names the record each failed request carried
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, APPLY_BASE_URL)
        result = apply_plan(ctx, SandboxTarget(base, endpoint.credentials()))
    return AppliedCopy(result=result, books=endpoint.export_books(), journal=endpoint.journal.entries())


class ReferenceConnector(Rehearsal):
    """The rehearsal's writes, one record per request (a batch hides refusals inside an HTTP 200)."""

    def __init__(self, ctx: CheckContext, client: QuickBooksClient) -> None:
        super().__init__(ctx, client_sender(client))
        self.client = client
        self.outcomes: list[WriteOutcome] = []

    def send(self, entity: str, writes: Iterable[PlannedWrite]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for write in writes:
            label = record_label(entity, write.body)
            try:
                created = self.client.create(entity, write.body)
            except QuickBooksFault as fault:
                self.refused(entity, write, fault)
                self.outcomes.append(WriteOutcome(entity, label, write.what, write.refs, None, fault.codes))
                out[write.key] = None
                continue
            except ApiClientError as exc:  # not a Fault: a gateway or server error the retries did not cure
                code = f"HTTP {exc.status}" if exc.status else "no answer"
                self.outcomes.append(WriteOutcome(entity, label, write.what, write.refs, None, [code]))
                out[write.key] = None
                continue
            new_id = str(created["Id"]) if created.get("Id") is not None else None
            self.outcomes.append(WriteOutcome(entity, label, write.what, write.refs, new_id))
            out[write.key] = new_id
        return out


def record_label(entity: str, body: dict[str, Any]) -> str:
    """The value that names a record to a person and to QuickBooks' uniqueness rules."""
    for key in ("DocNumber", "DisplayName", "Name"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return entity


# -- served sandboxes ---------------------------------------------------------------------------------


def connect_sandbox(admin_url: str, *, timeout: float = 10.0) -> SandboxTarget:
    """The books endpoint of a served sandbox, after its admin API proved it is one (reads only).

    Only then is its host registered as a sandbox host, so the write guard lets apply's POSTs through.
    """
    admin = admin_url.rstrip("/")
    health = _get_json(f"{admin}/_sandbox/health", timeout)
    if not isinstance(health, dict) or health.get("service") != SANDBOX_SERVICE:
        raise SandboxViolation(
            f"refused to apply through {admin}: its /_sandbox/health does not answer "
            f'{{"service": "{SANDBOX_SERVICE}"}}, so it is not a sync-sandbox'
        )
    endpoints = _get_json(f"{admin}/_sandbox/endpoints", timeout)
    books = endpoints.get("books") if isinstance(endpoints, dict) else None
    if not isinstance(books, dict) or not isinstance(books.get("base_url"), str):
        raise InputError(f"{admin}/_sandbox/endpoints: no books endpoint in the answer")
    if _host(books["base_url"]) != _host(admin):
        # the sandbox serves every endpoint on its own host: an admin API pointing elsewhere is not trusted
        raise SandboxViolation(
            f"refused to apply through {admin}: its books endpoint {books['base_url']} is on another host"
        )
    credentials = {str(k): str(v) for k, v in (books.get("credentials") or {}).items()}
    if "realm_id" not in credentials:
        raise InputError(f"{admin}/_sandbox/endpoints: the books endpoint has no realm_id credential")
    register_sandbox_host(books["base_url"])
    return SandboxTarget(base_url=books["base_url"], credentials=credentials, admin_url=admin)


_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return "loopback" if host in _LOOPBACK else host


def _get_json(url: str, timeout: float) -> Any:
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise InputError(f"{url}: cannot reach the sandbox admin API: {exc.__class__.__name__}") from None
    if response.status_code != 200:
        raise InputError(f"{url}: HTTP {response.status_code}; is this a `sync-sandbox serve` admin URL?")
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        raise InputError(f"{url}: the answer is not JSON; is this a `sync-sandbox serve` admin URL?") from None


# -- the request journal, as a file beside the state ----------------------------------------------------


class RequestRecord(msgspec.Struct, kw_only=True, frozen=True):
    """One journal entry as the audit reads it: enough to say which request failed and for which record."""

    seq: int
    method: str
    path: str
    status: int
    #: the QuickBooks entity the request wrote ("Item", "Customer", "Invoice"), "batch", or None for reads
    entity: str | None = None
    #: Name / DisplayName / DocNumber of the record the request carried, when the body was kept
    label: str | None = None
    fault: str | None = None


_ENTITY_BY_PATH = {name.lower(): name for name in ENTITIES}
_JOURNAL_FORMAT = "sync-sandbox/journal"
_encoder = msgspec.json.Encoder(order="deterministic")


def journal_path(state: Path) -> Path:
    """``after.json`` -> ``after.journal.json``: the journal travels beside the books it explains."""
    return state.with_name(f"{state.stem}.journal.json")


def request_records(entries: Iterable[JournalEntry | dict[str, Any]]) -> list[RequestRecord]:
    """Journal entries (our endpoint's, or the JSON a served sandbox's admin API returns) as RequestRecords."""
    out: list[RequestRecord] = []
    for i, entry in enumerate(entries, start=1):
        raw = msgspec.to_builtins(entry) if isinstance(entry, JournalEntry) else entry
        if not isinstance(raw, dict):
            continue
        method = str(raw.get("method", "GET")).upper()
        path = str(raw.get("path", ""))
        entity = _written_entity(method, path)
        out.append(
            RequestRecord(
                seq=int(raw.get("seq") or i),
                method=method,
                path=path,
                status=int(raw.get("status") or 0),
                entity=entity,
                label=_body_label(entity, raw.get("request_body")) if entity else None,
                fault=str(raw["fault"]) if raw.get("fault") else None,
            )
        )
    return out


def _written_entity(method: str, path: str) -> str | None:
    if method != "POST" or "/v3/company/" not in path:
        return None
    last = path.rstrip("/").rsplit("/", 1)[-1].lower()
    if last == "batch":
        return "batch"
    return _ENTITY_BY_PATH.get(last)


def _body_label(entity: str, body: Any) -> str | None:
    """The record a write carried: bytes from our journal, text (or base64) after a trip through JSON."""
    if isinstance(body, str):
        text = body
        body = text.encode("utf-8")
        if not text.lstrip().startswith(("{", "[")):
            with contextlib.suppress(binascii.Error, ValueError):
                body = base64.b64decode(text, validate=True)
    if not isinstance(body, bytes | bytearray) or not body:
        return None
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    label = record_label(entity, data)
    return None if label == entity else label


def save_journal(records: list[RequestRecord], path: Path) -> None:
    body = _encoder.encode({"format": _JOURNAL_FORMAT, "version": 1, "data": records})
    write_atomic(path, msgspec.json.format(body, indent=1) + b"\n")


def load_journal(path: Path) -> list[RequestRecord]:
    raw = read_input(path, "the request journal")
    try:
        envelope = msgspec.json.decode(raw)
        if not isinstance(envelope, dict) or envelope.get("format") != _JOURNAL_FORMAT:
            raise InputError(f"{path}: not a sync-sandbox request journal (format {_JOURNAL_FORMAT!r})")
        return msgspec.convert(envelope.get("data"), list[RequestRecord])
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise InputError(f"{path}: not a valid request journal: {exc}") from None

