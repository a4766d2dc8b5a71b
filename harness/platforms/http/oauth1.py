"""OAuth 1.0a one-legged signature checks, as WooCommerce (and Magento integrations) verify them.

WooCommerce accepts plain-HTTP requests only when they carry a one-legged
OAuth 1.0a signature in the query (store-apis.md §2.1). The check below follows
``class-wc-rest-authentication.php`` step by step, so a client that the real
plugin would reject is rejected here too:

1. parameters with PHP semantics (a repeated key keeps its last value),
   ``oauth_signature`` removed;
2. keys sorted with ``strcmp`` (byte order);
3. each pair becomes ``rawurlencode(rawurlencode(k) + "=" + rawurlencode(v))``,
   joined with ``%26``;
4. ``METHOD & rawurlencode(scheme://host[:port]/path) & joined``;
5. ``base64(HMAC(alg, consumer_secret + "&", base))``;
6. timestamp within ±15 minutes, and (optionally) each nonce used once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import requests

_ALGORITHMS: dict[str, Any] = {
    "HMAC-SHA1": hashlib.sha1,
    "HMAC-SHA256": hashlib.sha256,
}

OAUTH_REQUIRED = ("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method")


class OAuth1Error(Exception):
    """A rejected signature; ``code`` and ``message`` are the platform's own words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def rawurlencode(value: str) -> str:
    """PHP's ``rawurlencode``: everything but ``A-Za-z0-9-_.~`` is percent-encoded (RFC 3986)."""
    return quote(value, safe="-_.~")


def signature_base_string(method: str, base_url: str, params: Mapping[str, str]) -> str:
    """The string WooCommerce signs (steps 2-4 above); ``params`` must not hold ``oauth_signature``."""
    pairs = [
        rawurlencode(f"{rawurlencode(k)}={rawurlencode(params[k])}")
        for k in sorted(params, key=lambda key: key.encode("utf-8"))
    ]
    return f"{method.upper()}&{rawurlencode(base_url)}&{'%26'.join(pairs)}"


def sign(method: str, base_url: str, params: Mapping[str, str], secret: str, algorithm: str = "HMAC-SHA256") -> str:
    """The signature a correct client sends for ``params`` (which must not hold ``oauth_signature``)."""
    digest = _ALGORITHMS[algorithm]
    base = signature_base_string(method, base_url, params)
    mac = hmac.new(f"{secret}&".encode(), base.encode("utf-8"), digest).digest()
    return base64.b64encode(mac).decode("ascii")


@dataclass
class OAuth1Verifier:
    """Checks one-legged OAuth 1.0a requests against known consumer keys.

    ``secrets`` maps consumer key to consumer secret. ``now`` returns Unix
    seconds (inject the endpoint clock so the ±15 min window is testable).
    """

    secrets: Mapping[str, str]
    now: Callable[[], float]
    window_seconds: int = 15 * 60
    check_nonces: bool = True
    _seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def verify(self, method: str, base_url: str, params: Mapping[str, str]) -> str:
        """The consumer key of a valid request; raises :class:`OAuth1Error` otherwise."""
        missing = [name for name in OAUTH_REQUIRED if not params.get(name)]
        if missing:
            raise OAuth1Error(
                "woocommerce_rest_authentication_missing_parameter",
                f"Missing OAuth parameter(s) {', '.join(missing)}",
            )
        key = params["oauth_consumer_key"]
        secret = self.secrets.get(key)
        if secret is None:
            raise OAuth1Error("woocommerce_rest_authentication_error", "Consumer key is invalid.")
        algorithm = params["oauth_signature_method"]
        if algorithm not in _ALGORITHMS:
            raise OAuth1Error(
                "woocommerce_rest_authentication_error",
                "Invalid signature - signature method is invalid.",
            )
        unsigned = {k: v for k, v in params.items() if k != "oauth_signature"}
        expected = sign(method, base_url, unsigned, secret, algorithm)
        given = params["oauth_signature"].replace(" ", "+")
        if not hmac.compare_digest(expected, given):
            raise OAuth1Error(
                "woocommerce_rest_authentication_error",
                "Invalid signature - provided signature does not match.",
            )
        self._check_freshness(key, params["oauth_timestamp"], params["oauth_nonce"])
        return key

    def _check_freshness(self, key: str, timestamp: str, nonce: str) -> None:
        try:
            stamp = int(timestamp)
        except ValueError:
            stamp = -1
        if abs(self.now() - stamp) > self.window_seconds:
            raise OAuth1Error("woocommerce_rest_authentication_error", "Invalid timestamp.")
        if not self.check_nonces:
            return
        with self._lock:
            seen = (key, timestamp, nonce)
            if seen in self._seen:
                raise OAuth1Error(
                    "woocommerce_rest_authentication_error",
                    "Invalid nonce - nonce has already been used.",
                )
            self._seen.add(seen)

    def forget_nonces(self) -> None:
        with self._lock:
            self._seen.clear()


class OneLeggedSigner(requests.auth.AuthBase):
    """Client side: sign each request the way the WooCommerce plugin verifies it (query-string OAuth).

    A fresh nonce and timestamp per request, so a retried request is signed anew.
    """

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        *,
        algorithm: str = "HMAC-SHA256",
        now: Callable[[], float] = time.time,
    ) -> None:
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.algorithm = algorithm
        self.now = now

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        parts = urlsplit(request.url or "")
        pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("oauth_")]
        params = dict(pairs)
        params.update(
            {
                "oauth_consumer_key": self.consumer_key,
                "oauth_timestamp": str(int(self.now())),
                "oauth_nonce": secrets.token_hex(16),
                "oauth_signature_method": self.algorithm,
            }
        )
        base_url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        signature = sign(request.method or "GET", base_url, params, self.consumer_secret, self.algorithm)
        query = urlencode([*params.items(), ("oauth_signature", signature)])
        request.url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
        return request
