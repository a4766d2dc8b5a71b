"""The admin API of a served sandbox: what a test or an audit asks besides the platform APIs.

    GET  /_sandbox/health                     {"status": "ok", "service": "sync-sandbox", "scenario": NAME}
    GET  /_sandbox/endpoints                  {"store": {platform, base_url, credentials}, "books": {...}}
    POST /_sandbox/reset[?side=store|books]   both endpoints (or one) back to the scenario's data
    GET  /_sandbox/journal?side=store|books   every request that endpoint answered, oldest first (&since=SEQ)
    GET  /_sandbox/state?side=books|store     the current data as a snapshot envelope (books.json form)

The books state is the QuickBooks endpoint's own export. The store endpoints
have no export, so the store state is read back through the platform's own
client over the socket: the same path the dry run reads a store by.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import msgspec
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from harness.errors import HarnessError
from harness.platforms.http.app import json_response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from harness.sandbox.served import InProcessServed, ServedSandbox, Side

_ROUTES = Map(
    [
        Rule("/_sandbox/health", endpoint="health", methods=["GET"]),
        Rule("/_sandbox/endpoints", endpoint="endpoints", methods=["GET"]),
        Rule("/_sandbox/reset", endpoint="reset", methods=["POST"]),
        Rule("/_sandbox/journal", endpoint="journal", methods=["GET"]),
        Rule("/_sandbox/state", endpoint="state", methods=["GET"]),
    ],
    strict_slashes=False,
)


class AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class AdminApp:
    def __init__(self, sandbox: ServedSandbox | InProcessServed) -> None:
        self.sandbox = sandbox

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ, populate_request=False)  # no environ <-> request cycle per call
        return self.handle(request)(environ, start_response)

    def handle(self, request: Request) -> Response:
        try:
            route, _ = _ROUTES.bind_to_environ(request.environ).match()
            result: Response = getattr(self, f"on_{route}")(request)
            return result
        except AdminError as exc:
            return json_response({"error": exc.message}, status=exc.status)
        except NotFound:
            routes = ", ".join(sorted({rule.rule for rule in _ROUTES.iter_rules()}))
            return json_response({"error": f"no such admin route; routes: {routes}"}, status=404)
        except MethodNotAllowed as exc:
            allowed = ", ".join(sorted(exc.valid_methods or []))
            return json_response({"error": f"method not allowed; use {allowed}"}, status=405)
        except HTTPException as exc:
            return json_response({"error": exc.description or "bad request"}, status=exc.code or 400)

    def on_health(self, request: Request) -> Response:
        return json_response({"status": "ok", "service": "sync-sandbox", "scenario": self.sandbox.name})

    def on_endpoints(self, request: Request) -> Response:
        return json_response({side: info.public() for side, info in self.sandbox.endpoints.items()})

    def on_reset(self, request: Request) -> Response:
        sides = [_side(request)] if request.args.get("side") else list(self.sandbox.apps)
        for side in sides:
            self.sandbox.apps[side].reset()
        return json_response({"status": "reset", "sides": sides})

    def on_journal(self, request: Request) -> Response:
        side = _side(request)
        raw_since = request.args.get("since", "0")
        if not raw_since.isdigit():
            raise AdminError(400, f"since={raw_since!r}: use the seq of the last entry already seen (a whole number)")
        since = int(raw_since)
        entries = self.sandbox.apps[side].journal.entries()
        return json_response([_entry(e) for e in entries if e.seq > since])

    def on_state(self, request: Request) -> Response:
        from harness.model.snapshot import encode

        side = _side(request)
        if side == "books":
            export = getattr(self.sandbox.apps["books"], "export_books", None)
            if export is None:
                raise AdminError(404, "this books endpoint cannot export its state")
            record: Any = export()
        else:
            record = self._read_store()
        return Response(encode(record), status=200, content_type="application/json; charset=utf-8")

    def _read_store(self) -> Any:
        from harness.platforms.registry import get_platform

        spec = get_platform(self.sandbox.platforms["store"])
        app = self.sandbox.apps["store"]
        client = spec.make_client(self.sandbox.local_url("store"), app.credentials(), None)
        try:
            return client.read_store()
        except HarnessError as exc:
            raise AdminError(500, f"reading the store back through its client failed: {exc}") from None


def _side(request: Request) -> Side:
    side = request.args.get("side", "")
    if side == "store":
        return "store"
    if side == "books":
        return "books"
    raise AdminError(400, f"side={side!r}: use side=store or side=books")


def _entry(entry: Any) -> dict[str, Any]:
    data: dict[str, Any] = msgspec.to_builtins(entry)
    body = entry.request_body
    if body is not None:
        data["request_body"] = body.decode("utf-8", "replace")
    return data
