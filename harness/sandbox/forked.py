"""Serve an endpoint from a forked child process: the read's serving half on a second core.

Reading a large store spends more time serving (mapping records to the wire, measuring remainders,
encoding pages) than reading (decoding, mapping back). With ``--jobs 2`` the store's endpoint runs
in a child forked when the store is already in memory, and this process keeps only the client:

* The child answers each request exactly as the in-process endpoint would (the same app, the same
  ``call_wsgi``), and after a ``GET`` whose answer links to a ``next`` page it prepares that page
  before the client asks for it, while this process decodes the page it has. An answer prepared
  for a request the client then does not send is dropped; the endpoint is read-only and has no
  rate limit or fault plan here, so preparing early changes nothing it answers.
* This process lets go of the store once the child has it, so the store and the endpoint's own
  state (record JSON, remainders) are held in the child only, and freed when it exits: the
  reader's memory peak is its copy of the store, not that plus the original.

``fork`` is what makes this cheap (the child starts with the store, nothing is copied or sent),
so it is used only where ``fork`` is dependable: Linux. Elsewhere, and with one job, the endpoint
stays in-process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import msgspec
from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response
from requests.utils import parse_header_links

from harness.errors import HarnessError
from harness.platforms.http.session import prepared
from harness.sandbox.frames import FrameReader, decode_message, error_message, frame, request_message, write_frame
from harness.sandbox.guard import register_direct_transport, register_sandbox_host, unregister_sandbox_host
from harness.sandbox.inprocess import call_wsgi, make_response

_STOP = msgspec.msgpack.encode(["stop"])
#: answers prepared ahead that are kept waiting for their request (one per paged resource is enough)
_READY_MAX = 4


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork")


class ForkedEndpointError(HarnessError):
    """The child serving an endpoint failed or went away; the message says what it said."""


class ForkedEndpoint:
    """``with ForkedEndpoint(make_app, base_url) as served: client = make_client(base_url, served.credentials)``

    ``make_app`` runs in the child. The caller must hold no other reference to what it serves
    (a generated store) if that is to be freed here: this process drops only the ``make_app`` it got.
    Making one returns as soon as the child is forked; entering it waits for the child's app, so the
    time the child takes to build it (seconds, for a large store) is this process's to use.
    """

    def __init__(
        self, make_app: Callable[[], Any], base_url: str, *, observe: Callable[[bytes], None] | None = None
    ) -> None:
        self.base = base_url.rstrip("/")
        self._pattern = re.compile(re.escape(self.base) + r"(?:[/?#].*)?$")
        self.observe = observe
        self.prefetched = 0
        ours, theirs = socket.socketpair()
        self._pid = os.fork()
        if self._pid == 0:  # the child: serve until told to stop, then leave without this process's teardown
            ours.close()
            _serve_forever(make_app, theirs)
        theirs.close()
        del make_app  # the child has the store now; this process's copy goes with the caller's last reference
        self._socket = ours
        self._stream = ours.makefile("wb")
        self._answers = FrameReader(ours.fileno())
        self._lock = threading.Lock()
        self._credentials: dict[str, str] | None = None

    @property
    def credentials(self) -> dict[str, str]:
        """The app's credentials, once the child has built it (waits for that: until then this process
        is free to do other things, such as letting go of what the child now serves)."""
        if self._credentials is None:
            with self._lock:
                if self._credentials is None:
                    try:
                        hello = self._receive()
                        if not isinstance(hello, dict) or not isinstance(hello.get("credentials"), dict):
                            raise ForkedEndpointError(f"endpoint process: expected its credentials, got {hello!r:.200}")
                    except BaseException:
                        self.close()  # no child left behind, nor a socket
                        raise
                    self._credentials = hello["credentials"]
        return self._credentials

    def __enter__(self) -> ForkedEndpoint:
        self.credentials  # noqa: B018 - serving from here on: the child's app is built, or its failure raised
        register_sandbox_host(self.base)
        with _served_lock:
            _served.append(self)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with _served_lock:
            _served[:] = [served for served in _served if served is not self]
        unregister_sandbox_host(self.base)
        self.close()

    def serves(self, url: str) -> bool:
        return self._pattern.match(url) is not None

    def answer(self, request: PreparedRequest, adapter: HTTPAdapter | None) -> Response:
        self.credentials  # noqa: B018 - the child's app is built
        with self._lock:
            self._send(request_message(request))
            answer = self._receive()
        if not isinstance(answer, list) or len(answer) != 4:
            raise ForkedEndpointError(f"endpoint process: expected an answer, got {answer!r:.200}")
        status, headers, payload, was_prefetched = answer
        self.prefetched += bool(was_prefetched)
        if self.observe is not None:
            self.observe(payload)
        return make_response(status, headers, payload, request, adapter)

    def close(self) -> None:
        """Tell the child to stop and wait for it (kill it if it does not go within a few seconds)."""
        with contextlib.suppress(OSError):
            if self._pid > 0:
                self._socket.sendall(frame(_STOP))
            self._stream.close()
            self._socket.close()
        if self._pid > 0:
            _reap(self._pid)
            self._pid = 0

    def _send(self, payload: bytes) -> None:
        try:
            write_frame(self._stream, payload)
        except OSError as exc:
            raise self._gone(f"could not send it a request ({exc})") from None

    def _receive(self) -> Any:
        try:
            raw = next(self._answers, None)
        except (OSError, EOFError) as exc:
            raise self._gone(str(exc)) from None
        if raw is None:
            raise self._gone("it stopped answering")
        return decode_message(raw, lambda text: ForkedEndpointError(f"endpoint process failed: {text}"))

    def _gone(self, what: str) -> ForkedEndpointError:
        code = _reap(self._pid)
        self._pid = 0
        return ForkedEndpointError(f"endpoint process (exit code {code}): {what}")


def _reap(pid: int) -> int | None:
    """Wait up to a few seconds for ``pid``, then kill it; its exit code (negative: the signal)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


_served: list[ForkedEndpoint] = []
_served_lock = threading.Lock()


def answer_forked(request: PreparedRequest, adapter: HTTPAdapter) -> Response | None:
    """The answer of the forked endpoint serving ``request.url``, or None when none does."""
    url = request.url or ""
    with _served_lock:
        found = next((served for served in reversed(_served) if served.serves(url)), None)
    return None if found is None else found.answer(request, adapter)


register_direct_transport(answer_forked)


# -- the child ---------------------------------------------------------------------------------------


def _serve_forever(make_app: Callable[[], Any], sock: socket.socket) -> None:
    code = 0
    stream = sock.makefile("wb")
    try:
        gc.disable()  # a short life of acyclic pages: the collector would only walk the store again and again
        app = make_app()
        write_frame(stream, msgspec.msgpack.encode({"credentials": app.credentials()}))
        #: answers prepared ahead, by request: the client may ask for other things (a page's inventory
        #: levels, an order's transactions) before the next page, so one is kept until asked for
        ready: dict[bytes, list[Any]] = {}
        for raw in FrameReader(sock.fileno()):
            request = msgspec.msgpack.decode(raw)
            if request == ["stop"]:
                break
            answer = ready.pop(raw, None)
            was_prefetched = answer is not None
            if answer is None:
                answer = _call(app, request)
            write_frame(stream, msgspec.msgpack.encode([*answer, was_prefetched]))
            following = _next_page(request, answer)
            if following is not None:  # the page the client will ask for next, made while it reads this one
                while len(ready) >= _READY_MAX:
                    del ready[next(iter(ready))]
                ready[msgspec.msgpack.encode(following)] = _call(app, following)
    except BaseException as exc:  # the parent gets one message, not a dead socket
        code = 1
        with contextlib.suppress(OSError):
            write_frame(stream, error_message(exc))
    finally:
        try:
            stream.close()
            sock.close()
        finally:
            os._exit(code)


def _call(app: Any, request: list[Any]) -> list[Any]:
    method, url, headers, body = request
    status, answer_headers, payload = call_wsgi(app, prepared(method, url, headers, body))
    return [status, answer_headers, payload]


def _next_page(request: list[Any], answer: list[Any]) -> list[Any] | None:
    method, _url, headers, body = request
    status, answer_headers, _payload = answer
    link = answer_headers.get("Link")
    if method != "GET" or status != 200 or not link:
        return None
    for entry in parse_header_links(link):
        if entry.get("rel") == "next" and entry.get("url"):
            return [method, entry["url"], headers, body]
    return None
