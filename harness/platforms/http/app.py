"""The base of every simulated endpoint: a WSGI app with routing, faults and a journal.

State lives in the endpoint object (``reset()`` restores what was loaded);
handlers are thin methods named by the routes. The same object is served
in-process (``harness.sandbox.inprocess``) and over a socket
(``harness.sandbox.server``), so both transports see one state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from harness.platforms.http.clock import Clock, SystemClock
from harness.platforms.http.faults import Fault, FaultPlan
from harness.platforms.http.journal import Journal

WSGIEnviron = dict[str, Any]
StartResponse = Callable[..., Any]


class ApiError(Exception):
    """Raised by handlers; the endpoint's ``render_error`` turns it into the platform's error shape."""

    def __init__(self, status: int, message: str, *, code: str | int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.extra = extra


@dataclass(frozen=True)
class Route:
    """One URL rule: ``Route("/admin/api/<version>/products.json", "list_products", ("GET",))``."""

    path: str
    endpoint: str
    methods: tuple[str, ...] = ("GET",)


class EndpointApp:
    """Subclasses set ``routes`` and implement one method per route endpoint name."""

    platform: ClassVar[str] = "generic"
    routes: ClassVar[tuple[Route, ...]] = ()
    _maps: ClassVar[dict[type, Map]] = {}

    def __init__(self, *, clock: Clock | None = None, fault_seed: int = 0) -> None:
        self.clock: Clock = clock or SystemClock()
        self.journal = Journal()
        self.faults = FaultPlan(fault_seed)

    # -- WSGI -------------------------------------------------------------------------------------

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        # not ``populate_request``: environ -> request -> environ is a cycle per request (with the parsed body
        # in it) that only the cyclic collector frees; a bulk rehearsal pauses it (harness/heap.py)
        request = Request(environ, populate_request=False)
        response = self.handle(request)
        return response(environ, start_response)

    @classmethod
    def url_map(cls) -> Map:
        if cls not in EndpointApp._maps:
            EndpointApp._maps[cls] = Map(
                [Rule(r.path, endpoint=r.endpoint, methods=list(r.methods)) for r in cls.routes],
                strict_slashes=False,
                merge_slashes=False,
            )
        return EndpointApp._maps[cls]

    def handle(self, request: Request) -> Response:
        route: str | None = None
        fault_name: str | None = None
        adapter = self.url_map().bind_to_environ(request.environ)
        try:
            route, values = adapter.match()
        except MethodNotAllowed:
            response = self.render_error(request, ApiError(405, "Method Not Allowed"))
        except NotFound:
            response = self.render_error(request, ApiError(404, "Not Found"))
        except HTTPException as exc:  # e.g. RequestRedirect for a slash mismatch
            response = self.render_error(request, ApiError(exc.code or 400, exc.description or "Bad Request"))
        else:
            fired: list[Fault] = []
            applied: list[str] = []
            early = None
            for fault in self.faults.firing(route, request.method) if self.faults else ():
                fired.append(fault)
                applied.append(fault.name)
                early = fault.before(self, request)
                if early is not None:
                    break
            if early is not None:
                response = early
            else:
                response = self.dispatch(request, str(route), dict(values))
                for fault in fired:
                    response = fault.after(self, request, response)
            fault_name = "+".join(applied) or None
        self.journal.record(
            at=self.clock.now(),
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            status=response.status_code,
            route=route,
            fault=fault_name,
            body=request.get_data() if self.journal.keep_bodies else None,
        )
        return response

    def dispatch(self, request: Request, route: str, values: dict[str, Any]) -> Response:
        handler = getattr(self, route)
        try:
            denied = self.authenticate(request, route)
            if denied is not None:
                return denied
            result: Response = handler(request, **values)
            return result
        except ApiError as exc:
            return self.render_error(request, exc)

    # -- hooks a platform overrides -----------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        """What a client needs besides the base URL (tokens, keys, realm id); platforms override."""
        return {}

    def authenticate(self, request: Request, route: str) -> Response | None:
        """Return an error response when the request's credentials are not accepted."""
        return None

    def render_error(self, request: Request, error: ApiError) -> Response:
        body = {"error": error.message, **({"code": error.code} if error.code is not None else {})}
        return json_response(body, status=error.status)

    def throttled(self, request: Request, retry_after: float) -> Response:
        response = self.render_error(request, ApiError(429, "Too Many Requests"))
        response.headers["Retry-After"] = f"{retry_after:g}"
        return response

    def server_error(self, request: Request, status: int) -> Response:
        return self.render_error(request, ApiError(status, "Internal Server Error"))

    def drift(self, request: Request) -> None:
        """Insert one new record (PageDrift fault). Platforms with list endpoints override this."""

    def reset(self) -> None:
        """Back to the state that was loaded; the journal and faults are cleared too."""
        self.journal.clear()
        self.faults.clear()


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS),
        status=status,
        headers=headers,
        content_type="application/json; charset=utf-8",
    )


def absolute_url(request: Request, path: str, query: str = "") -> str:
    """Links built from the request's own scheme and host, so clients follow them back to us."""
    base = f"{request.scheme}://{request.host}{path}"
    return f"{base}?{query}" if query else base
