"""The simulated QuickBooks Online Accounting API v3 (a WSGI app), plus the OAuth2 endpoints.

Everything under ``/v3/company/{realmId}/`` (domain notes §1.2): create, read,
full/sparse update, delete and void; ``/query`` (GET and POST application/text);
``/batch``; ``/cdc``; ``/preferences``; ``/taxservice/taxcode``. Bearer tokens
issued by the token endpoint are checked on every call (401/403 in the
gateway's shapes, §9.1); ``requestid`` replays the first answer (§1.2);
``minorversion`` below 75 is treated as 75. The per-realm throttle (500/min,
10/s, §10.2) is off by default and answers 3001, optionally as QBO's XML.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Literal

import orjson
from werkzeug.wrappers import Request, Response

from harness.heap import gc_paused
from harness.model.books import Books
from harness.platforms.http.app import ApiError, EndpointApp, Route, json_response
from harness.platforms.http.clock import Clock
from harness.platforms.http.ratelimit import WindowLimiter
from harness.platforms.quickbooks import faults, wire
from harness.platforms.quickbooks.company import Company
from harness.platforms.quickbooks.entities import BY_PATH, ENTITIES
from harness.platforms.quickbooks.faults import QboFault
from harness.platforms.quickbooks.oauth import TokenStore
from harness.platforms.quickbooks.query import Query, parse_query
from harness.platforms.quickbooks.tables import Row
from harness.platforms.quickbooks.values import envelope_time, meta_time, parse_moment

logger = logging.getLogger(__name__)

MINIMUM_MINOR_VERSION = 75
BATCH_LIMIT = 30
CDC_LIMIT = 1000
DEFAULT_LIMITS: tuple[tuple[int, float], ...] = ((10, 1.0), (500, 60.0))

_API = "/v3/company/<realm>"


class QuickBooksEndpoint(EndpointApp):
    platform = "quickbooks"
    routes = (
        Route("/.well-known/openid_sandbox_configuration/", "discovery"),
        Route("/.well-known/openid_configuration/", "discovery"),
        Route("/oauth2/v1/tokens/bearer", "token", ("POST",)),
        Route("/v2/oauth2/tokens/revoke", "revoke", ("POST",)),
        Route("/v1/openid_connect/userinfo", "userinfo"),
        Route("/op/v1/jwks", "jwks"),
        Route("/connect/oauth2", "authorize"),
        Route(f"{_API}/query", "query", ("GET", "POST")),
        Route(f"{_API}/batch", "batch", ("POST",)),
        Route(f"{_API}/cdc", "cdc"),
        Route(f"{_API}/preferences", "read_preferences"),
        Route(f"{_API}/taxservice/taxcode", "tax_service", ("POST",)),
        Route(f"{_API}/<entity>", "write_entity", ("POST",)),
        Route(f"{_API}/<entity>/<entity_id>", "read_entity"),
        Route(f"{_API}/invoice/<entity_id>/send", "send_invoice", ("POST",)),
    )
    _API_ROUTES = frozenset(
        {"query", "batch", "cdc", "read_preferences", "tax_service", "write_entity", "read_entity", "send_invoice"}
    )

    def __init__(
        self,
        books: Books | None = None,
        *,
        clock: Clock | None = None,
        fault_seed: int = 0,
        throttle: bool = False,
        throttle_limits: Sequence[tuple[int, float]] = DEFAULT_LIMITS,
        throttle_xml: bool = False,
        strict_inventory: bool = False,
        write_only: bool = False,
        replay_window: int | None = None,
        gateway_errors: Literal["legacy", "modern"] = "legacy",
        client_id: str = "sim-client-id",
        client_secret: str = "sim-client-secret",
    ) -> None:
        super().__init__(clock=clock, fault_seed=fault_seed)
        self.books = books if books is not None else Books()
        self.strict_inventory = strict_inventory
        #: a copy that is only created into (the rehearsal's) keeps lean rows: see ``Company.write_only``
        self.write_only = write_only
        self.throttle_xml = throttle_xml
        self.gateway_errors = gateway_errors
        self.limiter = WindowLimiter(list(throttle_limits), clock=self.clock) if throttle else None
        self.tokens = TokenStore(self.books.realm_id, self.clock, client_id, client_secret)
        self._lock = threading.RLock()
        #: answers by requestid, replayed when an id comes again (§1.2). QuickBooks keeps them all, and so do
        #: we by default; a throw-away copy (the rehearsal: a few thousand 30-item batches, retried at once
        #: if ever) keeps only the last ``replay_window``, as all of them would hold every answer it sent.
        self._replies: OrderedDict[str, tuple[int, bytes, list[tuple[str, str]]]] = OrderedDict()
        self.replay_window = replay_window
        self._tid = 0
        #: the effective minorversion of the last request (what a test asserts the client sent)
        self.last_minor_version = MINIMUM_MINOR_VERSION
        self.company = self._load(self.books)

    # -- SimulatedEndpoint ------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        return self.tokens.credentials()

    def reset(self) -> None:
        """Back to the loaded Books, initial tokens, empty replay cache, journal and faults."""
        super().reset()
        with self._lock:
            self.company = self._load(self.books)
            self.tokens.reset()
            self._replies.clear()
            if self.limiter is not None:
                self.limiter.reset()

    def export_books(self) -> Books:
        """The company's current state as canonical Books (what an audit compares with the plan)."""
        with self._lock:
            tables = {name: list(self.company.tables[name].rows.values()) for name in wire.BOOKS_ENTITIES}
            return wire.rows_to_books(self.company.realm_id, tables)

    def _load(self, books: Books) -> Company:
        company = Company(
            books.realm_id,
            self.clock,
            strict_inventory=self.strict_inventory,
            write_only=self.write_only,
        )
        with gc_paused():  # many long-lived acyclic rows (harness.heap)
            for entity_name, rows in wire.books_to_rows(books, meta_time(self.clock.now())).items():
                company.load_rows(entity_name, rows)
        return company

    # -- dispatch: auth, throttle, requestid replay, one request at a time -------------------------

    def dispatch(self, request: Request, route: str, values: dict[str, Any]) -> Response:
        with self._lock:
            self._tid += 1
            response = self._dispatch(request, route, values)
            response.headers["intuit_tid"] = f"1-sim-{self.company.realm_id}-{self._tid:08d}"
            return response

    def _dispatch(self, request: Request, route: str, values: dict[str, Any]) -> Response:
        request_id = request.args.get("requestid") if route in self._API_ROUTES else None
        self.last_minor_version = minor_version(request.args.get("minorversion"))
        try:
            denied = self.authenticate(request, route)
            if denied is not None:
                return denied
            if request_id and request_id in self._replies:
                # §1.2: a repeated requestid replays the original answer without running it again
                status, body, headers = self._replies[request_id]
                return Response(body, status=status, headers=headers)
            response: Response = getattr(self, route)(request, **values)
        except ApiError as exc:
            response = self.render_error(request, exc)
        except Exception as exc:  # a simulator bug: answer as QBO's system fault would, and log it
            logger.exception("QuickBooks simulator failed on %s %s", request.method, request.path)
            response = self.render_error(request, faults.system_failure(f"{type(exc).__name__}: {exc}"))
        if request_id:
            self._replies[request_id] = (response.status_code, response.get_data(), list(response.headers.items()))
            if self.replay_window is not None and len(self._replies) > self.replay_window:
                self._replies.popitem(last=False)
        return response

    def authenticate(self, request: Request, route: str) -> Response | None:
        if route not in self._API_ROUTES:
            return None
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else ""
        problem = self.tokens.check_access(token) if token else "invalid"
        if problem is not None:
            detail = "Token expired: " + token[:12] if problem == "expired" else "Token invalid"
            return self._gateway_error(401, "3200", "AuthenticationFailed", detail, "AUTHENTICATION")
        parts = request.path.split("/")
        realm = parts[3] if len(parts) > 3 else ""
        if realm != self.company.realm_id:
            return self._gateway_error(403, "3100", "ApplicationAuthorizationFailed", "", "SERVICE")
        if self.limiter is not None:
            decision = self.limiter.take()
            if not decision.allowed:
                return self.throttled(request, decision.retry_after)
        return None

    def _gateway_error(self, status: int, code: str, name: str, detail: str, fault_type: str) -> Response:
        message = f"message={name}; errorCode={int(code):06d}; statusCode={status}"
        now = self.clock.now()
        if self.gateway_errors == "legacy":
            body = faults.legacy_gateway_body(status, code, message, detail, fault_type)
            body["time"] = int(now.timestamp() * 1000)
        else:
            error = faults.FaultError(code, message, detail)
            body = {"Fault": {"Error": [error.as_wire()], "type": fault_type}, "time": envelope_time(now)}
        return json_response(body, status=status)

    # -- the platform's error shapes ----------------------------------------------------------------

    def render_error(self, request: Request, error: ApiError) -> Response:
        if not isinstance(error, QboFault):
            code = "10000" if error.status >= 500 else str(error.code or error.status)
            error = QboFault([faults.FaultError(code, error.message)], status=error.status, fault_type="SystemFault")
        return qbo_json({"Fault": error.as_wire(), "time": self._time()}, status=error.status)

    def throttled(self, request: Request, retry_after: float) -> Response:
        """429 code 3001 (§9.1, §10.2): JSON Fault, or the XML body QBO really sends."""
        if self.throttle_xml:
            response = Response(faults.throttle_xml(self._time()), status=429, content_type="application/xml")
        else:
            error = faults.FaultError(
                "3001",
                "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                "The request limit was reached.  Try again later",
            )
            body = {"Fault": {"Error": [error.as_wire()], "type": "SERVICE"}, "time": self._time()}
            response = qbo_json(body, status=429)
        response.headers["Retry-After"] = f"{max(retry_after, 0.0):.3g}"
        return response

    def server_error(self, request: Request, status: int) -> Response:
        return self.render_error(request, faults.system_failure("injected server error", status=status))

    def _time(self) -> str:
        return envelope_time(self.clock.now())

    def _reply(self, body: dict[str, Any]) -> Response:
        body["time"] = self._time()
        return qbo_json(body)

    # -- OAuth --------------------------------------------------------------------------------------

    def discovery(self, request: Request) -> Response:
        return self.tokens.discovery(request)

    def token(self, request: Request) -> Response:
        return self.tokens.token(request)

    def revoke(self, request: Request) -> Response:
        return self.tokens.revoke_handler(request)

    def userinfo(self, request: Request) -> Response:
        return self.tokens.userinfo(request)

    def jwks(self, request: Request) -> Response:
        return self.tokens.jwks(request)

    def authorize(self, request: Request) -> Response:
        return self.tokens.authorize(request)

    # -- Accounting API -------------------------------------------------------------------------------

    def write_entity(self, request: Request, realm: str, entity: str) -> Response:
        definition = BY_PATH.get(entity.lower())
        if definition is None:
            raise faults.unsupported_operation(f"Create {entity}")
        body = _json_body(request)
        operation = (request.args.get("operation") or "").lower()
        include = frozenset(p.strip().lower() for p in request.args.get("include", "").split(",") if p.strip())
        if operation == "delete":
            return self._reply({definition.name: self.company.delete(definition.name, body)})
        if operation == "void":
            return self._reply({definition.name: self.company.void(definition.name, body)})
        if operation not in ("", "create", "update"):
            raise faults.unsupported_operation(operation)
        if "void" in include and definition.kind != "txn":
            raise faults.unsupported_operation("Void")
        row = self.company.save(definition.name, body, include=include)
        return self._reply({definition.name: row})

    def read_entity(self, request: Request, realm: str, entity: str, entity_id: str) -> Response:
        definition = BY_PATH.get(entity.lower())
        if definition is None:
            raise faults.unsupported_operation(f"Read {entity}")
        row = self.company.read(definition.name, entity_id)
        wants_link = "invoicelink" in request.args.get("include", "").lower()
        if definition.name == "Invoice" and wants_link and row.get("BillEmail"):
            row = {**row, "InvoiceLink": f"https://app.sandbox.qbo.intuit.com/app/customer/extinvoice?id={row['Id']}"}
        return self._reply({definition.name: row})

    def read_preferences(self, request: Request, realm: str) -> Response:
        return self._reply({"Preferences": self.company.read("Preferences", "1")})

    def send_invoice(self, request: Request, realm: str, entity_id: str) -> Response:
        """§1.2: sets EmailStatus=EmailSent and DeliveryInfo."""
        row = self.company.read("Invoice", entity_id)
        send_to = request.args.get("sendTo") or (row.get("BillEmail") or {}).get("Address")
        if not send_to:
            raise faults.required_missing("BillEmail")
        row["EmailStatus"] = "EmailSent"
        row["DeliveryInfo"] = {"DeliveryType": "Email", "DeliveryTime": meta_time(self.clock.now())}
        row["BillEmail"] = {"Address": send_to}
        self.company.tables["Invoice"].touch(row["Id"], self.clock.now())
        return self._reply({"Invoice": row})

    def query(self, request: Request, realm: str) -> Response:
        # python-quickbooks POSTs the statement as application/text (§13.2); GET carries ?query=
        statement = request.args.get("query", "") if request.method == "GET" else request.get_data(as_text=True)
        return self._reply({"QueryResponse": self.run_query(statement)})

    def run_query(self, statement: str) -> Row:
        """The ``QueryResponse`` object for one statement (§6)."""
        parsed = parse_query(statement)
        matched = self.company.matching_rows(parsed)
        if parsed.count:
            return {"totalCount": len(matched)}
        start = parsed.start_position
        page = matched[start - 1 : start - 1 + parsed.max_results]
        if parsed.entity.name == "TaxCode":
            page = _with_pseudo_codes(page, matched)
        if not page:
            return {}
        rows = page if parsed.star else [_project(row, parsed) for row in page]
        return {parsed.entity.name: rows, "startPosition": start, "maxResults": len(rows)}

    def batch(self, request: Request, realm: str) -> Response:
        """§7: at most 30 items (1040 beyond); each item answers for itself, HTTP 200 overall.

        Items are independent: a record created by one item cannot be referenced or read by
        a later item of the same batch (it is hidden until the batch ends)."""
        body = _json_body(request)
        items = body.get("BatchItemRequest")
        if not isinstance(items, list):
            raise faults.required_missing("BatchItemRequest")
        if len(items) > BATCH_LIMIT:
            raise faults.batch_too_large(len(items), BATCH_LIMIT)
        try:
            answers = [self._batch_item(item) for item in items]
        finally:
            self.company.hidden.clear()
        return self._reply({"BatchItemResponse": answers})

    def _batch_item(self, item: Any) -> Row:
        if not isinstance(item, dict):
            return {"Fault": faults.invalid_property("BatchItemRequest entries must be objects").as_wire()}
        answer: Row = {"bId": item.get("bId")}
        try:
            if "Query" in item:
                answer["QueryResponse"] = self.run_query(str(item["Query"]))
                return answer
            names = [k for k in item if k in ENTITIES]
            if len(names) != 1:
                raise faults.invalid_property("Batch item must name exactly one entity")
            name = names[0]
            operation = str(item.get("operation", "create")).lower()
            body = item[name]
            if operation == "delete":
                answer[name] = self.company.delete(name, body)
            elif operation == "void":
                answer[name] = self.company.void(name, body)
            elif operation in ("create", "update"):
                answer[name] = self.company.save(name, body)
                if operation == "create":
                    self.company.hidden.add((name, answer[name]["Id"]))
            else:
                raise faults.unsupported_operation(operation)
        except QboFault as fault:
            answer["Fault"] = fault.as_wire()
        return answer

    def cdc(self, request: Request, realm: str) -> Response:
        """§8: changed and deleted objects per entity since ``changedSince``, 1000 at most."""
        names = [n.strip() for n in request.args.get("entities", "").split(",") if n.strip()]
        if not names:
            raise faults.required_missing("entities")
        since_text = request.args.get("changedSince", "")
        since = parse_moment(since_text)
        if since is None:
            raise (
                faults.required_missing("changedSince")
                if not since_text
                else faults.invalid_property(f"changedSince {since_text} is not a date-time", "changedSince")
            )
        responses: list[Row] = []
        budget = CDC_LIMIT
        for name in names:
            definition = ENTITIES.get(name) or BY_PATH.get(name.lower())
            if definition is None or not definition.cdc or definition.kind == "singleton":
                raise faults.query_invalid(f"Entity {name} is not supported by change data capture")
            table = self.company.tables[definition.name]
            changed = [table.rows[i] for i, at in table.updated.items() if at >= since and i in table.rows]
            gone = [
                {"Id": i, "status": "Deleted", "domain": "QBO", "MetaData": {"LastUpdatedTime": meta_time(at)}}
                for i, at in table.deleted
                if at >= since
            ]
            objects = (changed + gone)[:budget]
            budget -= len(objects)
            entry: Row = {"startPosition": 1, "maxResults": len(objects)}
            if objects:
                entry[definition.name] = objects
            responses.append(entry)
        return self._reply({"CDCResponse": [{"QueryResponse": responses}]})

    def tax_service(self, request: Request, realm: str) -> Response:
        """§4.9: create a TaxCode and its rates in one call; a top-level answer, no wrapper."""
        body = _json_body(request)
        code_name = body.get("TaxCode")
        if not code_name:
            raise faults.required_missing("TaxCode")
        details = body.get("TaxRateDetails")
        if not isinstance(details, list) or not details:
            raise faults.required_missing("TaxRateDetails")
        answered: list[Row] = []
        rate_refs: list[Row] = []
        for order, detail in enumerate(details):
            if detail.get("TaxRateId"):
                rate = self.company.read("TaxRate", str(detail["TaxRateId"]))
            else:
                rate = self.company.create(
                    "TaxRate",
                    {
                        "Name": detail.get("TaxRateName"),
                        "RateValue": detail.get("RateValue"),
                        "AgencyRef": {"value": str(detail.get("TaxAgencyId", ""))},
                    },
                )
            answered.append(
                {
                    "TaxRateName": rate["Name"],
                    "TaxRateId": rate["Id"],
                    "RateValue": rate.get("RateValue"),
                    "TaxAgencyId": str((rate.get("AgencyRef") or {}).get("value", detail.get("TaxAgencyId", ""))),
                    "TaxApplicableOn": detail.get("TaxApplicableOn", "Sales"),
                }
            )
            rate_refs.append(
                {"TaxRateRef": {"value": rate["Id"]}, "TaxTypeApplicable": "TaxOnAmount", "TaxOrder": order}
            )
        code = self.company.create(
            "TaxCode",
            {
                "Name": code_name,
                "TaxGroup": len(rate_refs) > 1,
                "SalesTaxRateList": {"TaxRateDetail": rate_refs},
                "PurchaseTaxRateList": {"TaxRateDetail": []},
                "TaxCodeConfigType": "USER_DEFINED",
            },
        )
        return qbo_json({"TaxCode": code["Name"], "TaxCodeId": code["Id"], "TaxRateDetails": answered})


def qbo_json(body: Any, status: int = 200) -> Response:
    """JSON with the content type QBO answers with (§1.3)."""
    return Response(orjson.dumps(body), status=status, content_type="application/json;charset=UTF-8")


def minor_version(value: str | None) -> int:
    """§1.2: since August 2025 a missing or lower value means 75; junk is treated as missing [inf]."""
    try:
        return max(int(value or MINIMUM_MINOR_VERSION), MINIMUM_MINOR_VERSION)
    except ValueError:
        return MINIMUM_MINOR_VERSION


def _json_body(request: Request) -> Row:
    raw = request.get_data()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise faults.unsupported_operation("with a body that is not UTF-8") from None
    try:
        body = orjson.loads(text) if text.strip() else {}
    except orjson.JSONDecodeError as exc:
        raise faults.invalid_property(f"Request body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise faults.invalid_property("Request body must be a JSON object")
    return body


def _project(row: Row, query: Query) -> Row:
    out: Row = {"Id": row["Id"]}
    for prop in query.fields:
        head = prop.split(".", 1)[0]
        if head in row:
            out[head] = row[head]
    return out


def _with_pseudo_codes(page: list[Row], matched: list[Row]) -> list[Row]:
    """QBO bug kept on purpose (§4.8): TAX and NON come back even beyond MAXRESULTS."""
    ids = {row["Id"] for row in page}
    extra = [row for row in matched if row.get("TaxCodeConfigType") == "SYSTEM_GENERATED" and row["Id"] not in ids]
    return page + extra if page else page


def make_endpoint(books: Books | None = None, **options: Any) -> QuickBooksEndpoint:
    return QuickBooksEndpoint(books, **options)
