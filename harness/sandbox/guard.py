"""The read-only rule, enforced in the transport: no write reaches a host that is not a sandbox.

Hosts become sandbox hosts only when one of our transports serves an endpoint
there (in-process mount or local server). Everything we run talks HTTP through
``GuardedAdapter``, so a bug in a client or in the engine cannot write to a
real store or company file: the request is refused before it leaves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response

from harness.errors import SandboxViolation

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: a rule that says a POST is a read (url, headers, body) -> bool; see register_read_only_post
ReadOnlyPost = Callable[[str, Mapping[str, str], bytes | None], bool]

_sandbox_hosts: set[str] = set()
_read_only_posts: list[ReadOnlyPost] = []
_lock = threading.Lock()


def _netloc(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{host}:{port}"


def register_sandbox_host(base_url: str) -> None:
    with _lock:
        _sandbox_hosts.add(_netloc(base_url))


def unregister_sandbox_host(base_url: str) -> None:
    with _lock:
        _sandbox_hosts.discard(_netloc(base_url))


def is_sandbox_host(url: str) -> bool:
    with _lock:
        return _netloc(url) in _sandbox_hosts


def register_read_only_post(rule: ReadOnlyPost) -> None:
    """Let POSTs that ``rule`` recognises as reads through to real hosts.

    Some APIs read over POST: eBay's Trading API is POST-only, and its ``Get*``
    calls change nothing (store-apis.md 3.1). A platform package registers a
    narrow rule for those; everything else stays refused. Registering the same
    rule twice is harmless.
    """
    with _lock:
        if rule not in _read_only_posts:
            _read_only_posts.append(rule)


def unregister_read_only_post(rule: ReadOnlyPost) -> None:
    with _lock:
        if rule in _read_only_posts:
            _read_only_posts.remove(rule)


def is_read_only_post(url: str, headers: Mapping[str, str], body: bytes | None) -> bool:
    with _lock:
        rules = list(_read_only_posts)
    return any(rule(url, headers, body) for rule in rules)


def check_request(
    method: str, url: str, headers: Mapping[str, str] | None = None, body: bytes | str | None = None
) -> None:
    """Raise SandboxViolation for a write to anything but a sandbox endpoint.

    ``headers`` and ``body`` are only consulted for POSTs, by the rules
    registered with :func:`register_read_only_post`.
    """
    verb = method.upper()
    if verb in READ_METHODS or is_sandbox_host(url):
        return
    if verb == "POST" and headers is not None:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        if is_read_only_post(url, headers, raw):
            return
    raise SandboxViolation(
        f"refused {method.upper()} {url}: sync-sandbox only reads from real systems; "
        "writes go to sandbox endpoints only"
    )


#: answers a request for an endpoint served in this process, or None (harness.sandbox.inprocess sets it)
DirectAnswer = Callable[[PreparedRequest, HTTPAdapter], Response | None]
_direct: list[DirectAnswer] = []


def register_direct_transport(answer: DirectAnswer) -> None:
    with _lock:
        if answer not in _direct:
            _direct.append(answer)


class GuardedAdapter(HTTPAdapter):
    """Our sessions' adapter: the read-only rule first, then an in-process endpoint if one serves the
    URL (called directly, without the layers a third-party library's request passes through), else HTTP."""

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        body = request.body if isinstance(request.body, bytes | str) else None
        check_request(request.method or "GET", request.url or "", request.headers, body)
        for answer in _direct:
            response = answer(request, self)
            if response is not None:
                return response
        return super().send(request, *args, **kwargs)
