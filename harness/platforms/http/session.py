"""The client side: a requests session with retries, backoff, Retry-After and the write guard.

Every engine-side platform client reads through an :class:`ApiSession`, so
retry behaviour and the read-only rule are written once. The sleep function is
injectable so tests with injected 429s run in milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.models import PreparedRequest
from requests.structures import CaseInsensitiveDict

from harness.errors import HarnessError
from harness.sandbox.guard import GuardedAdapter


class ApiClientError(HarnessError):
    """A platform answered with an error we cannot retry past; the message names the URL."""

    def __init__(self, message: str, *, status: int | None = None, body: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def prepared(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> PreparedRequest:
    """A PreparedRequest of exactly these parts (no session defaults, no encoding of the body): for a
    transport that is handed whole requests, such as the rehearsal worker's pipe."""
    request = PreparedRequest()
    request.method = method
    request.url = url
    request.headers = CaseInsensitiveDict(headers)
    request.body = body
    return request


@dataclass
class RetryPolicy:
    attempts: int = 8
    backoff: float = 0.2
    max_backoff: float = 10.0
    #: a server asking for longer than this is not waited for: the read fails instead
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def delay(self, attempt: int, response: requests.Response | None) -> float:
        if response is not None:
            hinted = retry_after_seconds(response.headers)
            if hinted is not None:
                return min(hinted, self.max_retry_after)
        return float(min(self.backoff * (2 ** (attempt - 1)), self.max_backoff))


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``Retry-After`` (number or HTTP date) or BigCommerce's ``X-Retry-After``."""
    for name in ("Retry-After", "X-Retry-After", "X-Rate-Limit-Time-Reset-Ms"):
        value = headers.get(name)
        if not value:
            continue
        try:
            seconds = float(value)
            return seconds / 1000.0 if name.endswith("-Ms") else seconds
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
            except (TypeError, ValueError):
                continue
    return None


class ApiSession:
    """``requests.Session`` + retry loop + read-only guard, bound to one base URL."""

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        auth: Any = None,
        policy: RetryPolicy | None = None,
        timeout: float = 30.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self.session = session or requests.Session()
        # no proxy/netrc lookups from the environment: they cost more than an in-process request, and a
        # sandbox URL must never be routed through a proxy to somewhere else
        self.session.trust_env = False
        adapter = GuardedAdapter()
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        if headers:
            self.session.headers.update(headers)
        if auth is not None:
            self.session.auth = auth
        self.retries = 0

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        url = self.url(path)
        kwargs.setdefault("timeout", self.timeout)
        last: requests.Response | None = None
        last_exc: Exception | None = None
        for attempt in range(1, self.policy.attempts + 1):
            try:
                response = self.session.request(method, url, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last_exc, last = exc, None
            else:
                if response.status_code not in self.policy.retry_statuses:
                    return response
                last, last_exc = response, None
            if attempt == self.policy.attempts:
                break
            self.retries += 1
            self.policy.sleep(self.policy.delay(attempt, last))
        if last is not None:
            raise ApiClientError(
                f"{method} {url}: still HTTP {last.status_code} after {self.policy.attempts} attempts",
                status=last.status_code,
                body=last.text[:500],
            )
        raise ApiClientError(f"{method} {url}: {last_exc} (after {self.policy.attempts} attempts)")

    def get(self, path: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, params=params, **kwargs)

    def get_ok(self, path: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> requests.Response:
        """GET that must succeed: any 4xx becomes an ApiClientError naming URL, status and body."""
        response = self.get(path, params, **kwargs)
        if response.status_code >= 400:
            raise ApiClientError(
                f"GET {response.url}: HTTP {response.status_code}: {response.text[:300]}",
                status=response.status_code,
                body=response.text[:500],
            )
        return response
