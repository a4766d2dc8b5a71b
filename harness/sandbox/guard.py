"""The read-only rule, enforced in the transport: no write reaches a host that is not a sandbox.

Hosts become sandbox hosts only when one of our transports serves an endpoint
there (in-process mount or local server). Everything we run talks HTTP through
``GuardedAdapter``, so a bug in a client or in the engine cannot write to a
real store or company file: the request is refused before it leaves.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response

from harness.errors import SandboxViolation

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_sandbox_hosts: set[str] = set()
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


def check_request(method: str, url: str) -> None:
    """Raise SandboxViolation for a write to anything but a sandbox endpoint."""
    if method.upper() not in READ_METHODS and not is_sandbox_host(url):
        raise SandboxViolation(
            f"refused {method.upper()} {url}: sync-sandbox only reads from real systems; "
            "writes go to sandbox endpoints only"
        )


class GuardedAdapter(HTTPAdapter):
    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        check_request(request.method or "GET", request.url or "")
        return super().send(request, *args, **kwargs)
