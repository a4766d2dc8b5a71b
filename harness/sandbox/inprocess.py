"""Serve endpoint apps in-process: no sockets, the fastest transport.

Any code that uses ``requests`` (python-quickbooks, intuit-oauth, woocommerce,
bigcommerce, ebaysdk) reaches the WSGI app through ``responses``, which patches
every requests adapter. Our own clients' sessions (``GuardedAdapter``) skip
that layer and urllib3's: the adapter calls the app and builds the Response
itself, which saves about 0.2 ms a request and 0.6 ms a 1 MB page (a dry run
at 250k orders sends 21k requests). Both paths run the same ``call_wsgi``.
Clients built on ``urllib`` (ShopifyAPI's pyactiveresource) need the local
server instead.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable
from http import HTTPStatus
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import responses
from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

from harness.sandbox.guard import register_direct_transport, register_sandbox_host, unregister_sandbox_host

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class InProcessSandbox:
    """``with InProcessSandbox() as sb: base = sb.mount(app, "https://shop.example")``."""

    def __init__(self, *, observe: Callable[[bytes], None] | None = None) -> None:
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self._bases: list[str] = []
        #: responses keeps every request and response it served; a read of a large store would hold
        #: all of them in memory, so only the one in flight is kept. ``observe`` sees each response
        #: body as it is served (a benchmark samples them for its parsing floor) without anything being retained.
        self.observe = observe
        #: (URL pattern, app) per mount, newest last: what our own sessions call directly while started
        self._apps: list[tuple[re.Pattern[str], Any]] = []

    def mount(self, app: Any, base_url: str) -> str:
        base = base_url.rstrip("/")
        pattern = re.compile(re.escape(base) + r"(?:[/?#].*)?$")
        self._apps.append((pattern, app))

        registered: list[responses.BaseResponse] = []

        def callback(request: PreparedRequest) -> tuple[int, dict[str, str], io.BufferedReader]:
            # responses records each call twice, in the mock's list and in the matched response's own
            # list, request and response (body included) alike: at 250k orders that was 2 GB kept
            self._mock.calls.reset()
            for response in registered:
                response.calls.reset()
            status, headers, payload = self.serve(app, request)
            # a reader, not bytes: ``responses`` wraps bytes in a BytesIO that refers to itself through a
            # closure, so every body (a batch answer, a page) would wait for the cyclic collector
            return status, headers, io.BufferedReader(io.BytesIO(payload))

        for method in _METHODS:
            registered.append(self._mock.add_callback(method, pattern, callback=callback))
        register_sandbox_host(base)
        self._bases.append(base)
        return base

    def serve(self, app: Any, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        """One request through ``app``, by either path; ``observe`` sees the body."""
        answer = call_wsgi(app, request)
        if self.observe is not None:
            self.observe(answer[2])
        return answer

    def start(self) -> InProcessSandbox:
        self._mock.start()
        with _active_lock:
            _active.append(self)
        return self

    def stop(self) -> None:
        with _active_lock:
            _active[:] = [sandbox for sandbox in _active if sandbox is not self]
        self._apps.clear()  # as the mock's reset forgets its callbacks
        self._mock.stop()
        self._mock.reset()
        for base in self._bases:
            unregister_sandbox_host(base)
        self._bases.clear()

    def __enter__(self) -> InProcessSandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


#: the started sandboxes, newest last (a later mount of the same URL answers)
_active: list[InProcessSandbox] = []
_active_lock = threading.Lock()


def answer_directly(request: PreparedRequest, adapter: HTTPAdapter | None) -> Response | None:
    """The Response of the in-process endpoint serving ``request.url``, or None when none does."""
    url = request.url or ""
    with _active_lock:
        found = next(
            (
                (sandbox, app)
                for sandbox in reversed(_active)
                for pattern, app in reversed(sandbox._apps)
                if pattern.match(url)
            ),
            None,
        )
    if found is None:
        return None
    sandbox, app = found
    status, headers, payload = sandbox.serve(app, request)
    return make_response(status, headers, payload, request, adapter)


def make_response(
    status: int, headers: dict[str, str], payload: bytes, request: PreparedRequest, adapter: HTTPAdapter | None = None
) -> Response:
    """A requests Response as an adapter would have built it from the wire, for answers that skip the wire."""
    response = Response()
    response.status_code = status
    response.headers = CaseInsensitiveDict(headers)
    response.encoding = get_encoding_from_headers(response.headers)
    try:
        response.reason = HTTPStatus(status).phrase
    except ValueError:
        response.reason = ""
    response._content = payload
    response._content_consumed = True  # type: ignore[attr-defined]  # (iter_content reads _content then)
    response.url = request.url or ""
    response.request = request
    if adapter is not None:
        response.connection = adapter
    return response


register_direct_transport(answer_directly)


def call_wsgi(app: Any, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
    """Run one prepared request through a WSGI app and return what ``responses`` needs."""
    url = urlsplit(request.url or "")
    body = request.body
    data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    # a header value may be bytes (requests-oauthlib signs into bytes): decode it as the wire would, not as str(b"…")
    headers = {k: _header_text(v) for k, v in request.headers.items() if k.lower() != "content-length"}
    builder = EnvironBuilder(
        method=request.method or "GET",
        base_url=f"{url.scheme}://{url.netloc}",
        path=url.path or "/",
        query_string=url.query,
        headers=list(headers.items()),
        data=data,
    )
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    # EnvironBuilder unquotes the path it is given; keep the raw one for apps that care
    environ["RAW_URI"] = environ["REQUEST_URI"] = (url.path or "/") + (f"?{url.query}" if url.query else "")
    app_iter, status, response_headers = run_wsgi_app(app, environ, buffered=True)
    payload = b"".join(app_iter)
    if hasattr(app_iter, "close"):
        app_iter.close()
    out: dict[str, str] = {}
    for key, value in response_headers.items():
        out[key] = f"{out[key]}, {value}" if key in out else value
    out.pop("Content-Length", None)
    return int(status.split(" ", 1)[0]), out, payload


def _header_text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value
