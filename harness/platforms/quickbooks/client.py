"""The engine-side QuickBooks Online client: reads a whole company, writes to a sandbox copy.

Reads use ``GET /query?query=…`` (never POST: the transport guard refuses writes
to anything but a sandbox, and a read of a real company must stay a read),
paging with STARTPOSITION/MAXRESULTS 1000, the largest page QBO serves (§6).
Name lists are read with ``Active IN (true, false)`` because a plain SELECT
returns active records only (§3). Writes (``create``/``update``/``delete``) are
for the rehearsal against a sandbox; each carries a ``requestid`` so a retried
POST replays instead of creating twice (§1.2), and a Fault becomes a
:class:`QuickBooksFault` holding every (code, message, detail, element).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import orjson
import requests
from requests.models import PreparedRequest

from harness.errors import HarnessError
from harness.heap import gc_paused
from harness.model.books import Books
from harness.platforms.http.session import ApiClientError, ApiSession, RetryPolicy, prepared
from harness.platforms.quickbooks import wire
from harness.platforms.quickbooks.entities import ENTITIES

PAGE_SIZE = 1000
#: the most operations QBO takes in one /batch request (§7)
BATCH_SIZE = 30
MINOR_VERSION = "75"

FaultTuple = tuple[str, str, str, str]
#: what every request of the client carries
SESSION_HEADERS = {"Accept": "application/json", "User-Agent": "sync-sandbox QuickBooksClient"}


class QuickBooksFault(ApiClientError):
    """QBO answered with a Fault; ``errors`` holds (code, message, detail, element) for each Error."""

    def __init__(self, message: str, errors: list[FaultTuple], *, status: int | None, body: str | None) -> None:
        super().__init__(message, status=status, body=body)
        self.errors = errors

    @property
    def codes(self) -> list[str]:
        return [e[0] for e in self.errors]


class QuickBooksClient:
    """``QuickBooksClient(base_url, credentials).read_books()``; ``base_url`` is the API host
    (``https://sandbox-quickbooks.api.intuit.com`` or a local server's URL)."""

    def __init__(
        self, base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None, *, timeout: float = 60.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = dict(credentials)
        self.realm_id = self.credentials["realm_id"]
        self.session = ApiSession(
            self.base_url,
            headers=SESSION_HEADERS,
            policy=policy,
            timeout=timeout,
        )
        self._access_token = self.credentials.get("access_token", "")
        self._refreshed = False

    # -- reading --------------------------------------------------------------------------------------

    def read_books(self) -> Books:
        """The whole company as canonical Books.

        Each entity's pages are mapped to canonical records as they arrive (``rows_to_books`` reads
        the ``iter_all`` generators once), so only one page of rows is alive at a time.
        """
        with gc_paused():  # many short-lived acyclic containers (harness.heap)
            rows: dict[str, Iterable[dict[str, Any]]] = {
                "CompanyInfo": [self.read("CompanyInfo", self.realm_id)],
                "Preferences": [self._call("GET", "preferences")["Preferences"]],
            }
            for name in wire.BOOKS_ENTITIES[2:]:
                rows[name] = self.iter_all(name)
            return wire.rows_to_books(self.realm_id, rows)

    def read_all(self, entity_name: str) -> list[dict[str, Any]]:
        """Every record of one entity, inactive ones included, paged 1000 at a time."""
        return list(self.iter_all(entity_name))

    def iter_all(self, entity_name: str) -> Iterator[dict[str, Any]]:
        """Every record of one entity, inactive ones included, page by page (1000 a page) as iterated."""
        entity = ENTITIES[entity_name]
        select = "SELECT *, Sku" if entity_name == "Item" else "SELECT *"
        where = " WHERE Active IN (true, false)" if entity.is_name_list else ""
        seen: set[str] = set()
        start = 1
        while True:
            statement = f"{select} FROM {entity_name}{where} STARTPOSITION {start} MAXRESULTS {PAGE_SIZE}"
            page = self.query(statement).get(entity_name, [])
            for row in page:
                if row["Id"] not in seen:  # TaxCode pages repeat TAX/NON (§4.8)
                    seen.add(row["Id"])
                    yield row
            returned = len(page)
            if entity_name == "TaxCode":
                returned = sum(1 for r in page if r.get("TaxCodeConfigType") != "SYSTEM_GENERATED")
            if returned < PAGE_SIZE:
                return
            start += PAGE_SIZE

    def query(self, statement: str) -> dict[str, Any]:
        """The ``QueryResponse`` of one statement (GET, so it is a read everywhere)."""
        response: dict[str, Any] = self._call("GET", f"query?query={quote(statement)}")["QueryResponse"]
        return response

    def count(self, entity_name: str, where: str = "") -> int:
        clause = f" WHERE {where}" if where else ""
        return int(self.query(f"SELECT COUNT(*) FROM {entity_name}{clause}").get("totalCount", 0))

    def read(self, entity_name: str, entity_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", f"{entity_name.lower()}/{quote(entity_id)}")[entity_name]
        return result

    # -- writing (sandbox only: the transport guard refuses anything else) ------------------------

    def create(self, entity_name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Create one entity; returns it as QBO answered, or raises QuickBooksFault."""
        return self._write(entity_name, {k: v for k, v in body.items() if k != "Id"})

    def create_many(
        self, entity_name: str, bodies: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any] | QuickBooksFault]:
        """Create through ``/batch``, 30 per request (§7): one result per body, in order — the created
        entity, or the QuickBooksFault that refused it. Bodies in one batch do not see each other."""
        results: list[dict[str, Any] | QuickBooksFault] = []
        for start in range(0, len(bodies), BATCH_SIZE):
            chunk = bodies[start : start + BATCH_SIZE]
            path, payload = self.batch_create(entity_name, chunk)
            results.extend(self.batch_results(entity_name, len(chunk), self._call("POST", path, body=payload)))
        return results

    @staticmethod
    def batch_create(entity_name: str, bodies: Sequence[Mapping[str, Any]]) -> tuple[str, bytes]:
        """The path and JSON of one ``/batch`` request creating ``bodies`` (at most ``BATCH_SIZE``)."""
        request = {
            "BatchItemRequest": [
                {"bId": str(i), "operation": "create", entity_name: {k: v for k, v in body.items() if k != "Id"}}
                for i, body in enumerate(bodies)
            ]
        }
        return f"batch?requestid={uuid.uuid4().hex}", orjson.dumps(request, default=json_default)

    @staticmethod
    def batch_results(
        entity_name: str, count: int, answer: Mapping[str, Any]
    ) -> list[dict[str, Any] | QuickBooksFault]:
        """What a ``/batch`` answer says about each of the ``count`` creates it was sent, in order."""
        by_id = {str(item.get("bId")): item for item in answer.get("BatchItemResponse", [])}
        results: list[dict[str, Any] | QuickBooksFault] = []
        for i in range(count):
            item = by_id.get(str(i), {})
            if entity_name in item:
                results.append(item[entity_name])
                continue
            errors = [
                (
                    str(e.get("code", "")),
                    str(e.get("Message", "")),
                    str(e.get("Detail", "")),
                    str(e.get("element") or ""),
                )
                for e in (item.get("Fault") or {}).get("Error", [])
            ] or [("", "no answer for this batch item", "", "")]
            message = f"batch {entity_name} create: QuickBooks fault {errors[0][0]} {errors[0][1]}"
            results.append(QuickBooksFault(message, errors, status=200, body=None))
        return results

    def update(self, entity_name: str, body: Mapping[str, Any], *, sparse: bool = False) -> dict[str, Any]:
        return self._write(entity_name, {**body, "sparse": sparse} if sparse else dict(body))

    def delete(self, entity_name: str, entity_id: str, sync_token: str) -> dict[str, Any]:
        return self._write(entity_name, {"Id": entity_id, "SyncToken": sync_token}, operation="delete")

    def _write(self, entity_name: str, body: Mapping[str, Any], operation: str | None = None) -> dict[str, Any]:
        params = f"&operation={operation}" if operation else ""
        path = f"{entity_name.lower()}?requestid={uuid.uuid4().hex}{params}"
        payload = orjson.dumps(dict(body), default=json_default)
        result: dict[str, Any] = self._call("POST", path, body=payload)[entity_name]
        return result

    # -- transport ------------------------------------------------------------------------------------

    def _call(self, method: str, path: str, *, body: bytes | None = None) -> dict[str, Any]:
        url = self.api_path(path)
        response = self._send(method, url, body)
        if response.status_code == 401 and not self._refreshed and self.credentials.get("refresh_token"):
            self._refresh_token()
            response = self._send(method, url, body)
        return self.decode(method, response)

    def api_path(self, path: str) -> str:
        """``path`` (``batch?requestid=…``) under this company, with the minor version every call names."""
        separator = "&" if "?" in path else "?"
        return f"/v3/company/{self.realm_id}/{path}{separator}minorversion={MINOR_VERSION}"

    def request_headers(self, body: bytes | None) -> dict[str, str]:
        """The headers a call carries besides the session's own (Accept, User-Agent)."""
        headers = {"Authorization": f"Bearer {self._access_token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return headers

    def prepare(self, method: str, path: str, body: bytes | None) -> PreparedRequest:
        """The request ``_call`` would send for ``path``, whole, for a transport that is not the session's."""
        headers = {**SESSION_HEADERS, **self.request_headers(body)}
        return prepared(method, f"{self.base_url}{self.api_path(path)}", headers, body)

    def _send(self, method: str, url: str, body: bytes | None) -> requests.Response:
        return self.session.request(method, url, data=body, headers=self.request_headers(body))

    def _refresh_token(self) -> None:
        """One refresh through the token endpoint (§2.1) when the access token was refused.

        A failed refresh is left to the caller: the retried request answers 401 again and
        that becomes the error. (Against a real company the transport guard refuses the
        token POST; pass a fresh ``access_token`` instead.)"""
        self._refreshed = True
        endpoint = self.credentials.get("token_endpoint") or f"{self.base_url}/oauth2/v1/tokens/bearer"
        try:
            response = self.session.request(
                "POST",
                endpoint,
                data={"grant_type": "refresh_token", "refresh_token": self.credentials["refresh_token"]},
                auth=(self.credentials.get("client_id", ""), self.credentials.get("client_secret", "")),
            )
        except HarnessError:
            return
        if response.status_code == 200:
            self._access_token = str(response.json()["access_token"])

    @staticmethod
    def decode(method: str, response: requests.Response) -> dict[str, Any]:
        """The JSON of an answer; a Fault, an error status or a body that is not JSON raises."""
        try:
            data = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise ApiClientError(
                f"{method} {response.url}: HTTP {response.status_code}, not JSON: {response.text[:200]}",
                status=response.status_code,
                body=response.text[:500],
            ) from None
        fault = data.get("Fault") if isinstance(data, dict) else None
        if fault is None and isinstance(data, dict) and isinstance(data.get("fault"), dict):
            fault = {
                "Error": [
                    {k.capitalize() if k != "code" else k: v for k, v in e.items()}
                    for e in data["fault"].get("error", [])
                ]
            }
        if fault is not None:
            errors = [
                (
                    str(e.get("code", "")),
                    str(e.get("Message", "")),
                    str(e.get("Detail", "")),
                    str(e.get("element") or ""),
                )
                for e in fault.get("Error", [])
            ]
            first = errors[0] if errors else ("", "", "", "")
            raise QuickBooksFault(
                f"{method} {response.url}: QuickBooks fault {first[0]} {first[1]}: {first[2]}",
                errors,
                status=response.status_code,
                body=response.text[:500],
            )
        if response.status_code >= 400:
            raise ApiClientError(
                f"{method} {response.url}: HTTP {response.status_code}: {response.text[:300]}",
                status=response.status_code,
                body=response.text[:500],
            )
        result: dict[str, Any] = data
        return result


def json_default(value: Any) -> Any:
    """Decimals travel as numeric strings (exact; QBO reads them as numbers), dates as ISO text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} to QuickBooks")


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> QuickBooksClient:
    return QuickBooksClient(base_url, credentials, policy)
