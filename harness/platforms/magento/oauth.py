"""OAuth 1.0a as Magento integrations use it: signed ``Authorization: OAuth …`` headers.

store-apis.md §6.1: an integration's access token works as a plain bearer
token only when the store allows it (off by default since 2.4.4); otherwise
the client signs each request with OAuth 1.0a, HMAC-SHA256, using the
consumer key/secret and the access token/secret. The base string is the
standard one (method, URL without query, sorted query + ``oauth_*``
parameters), built by the shared :func:`signature_base_string`; the signing
key is ``consumer_secret&token_secret``.
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
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import requests

from harness.platforms.http.oauth1 import rawurlencode, signature_base_string

DIGESTS: dict[str, Any] = {"HMAC-SHA256": hashlib.sha256, "HMAC-SHA1": hashlib.sha1}
WINDOW_SECONDS = 600


def signature(
    method: str, url: str, params: Mapping[str, str], consumer_secret: str, token_secret: str, alg: str
) -> str:
    base = signature_base_string(method, url, params)
    key = f"{rawurlencode(consumer_secret)}&{rawurlencode(token_secret)}".encode()
    return base64.b64encode(hmac.new(key, base.encode("utf-8"), DIGESTS[alg]).digest()).decode("ascii")


def parse_header(header: str) -> dict[str, str] | None:
    """The parameters of an ``OAuth k="v", …`` header, or None when it is not one."""
    if header[:6].lower() != "oauth ":
        return None
    out: dict[str, str] = {}
    for part in header[6:].split(","):
        name, _, value = part.strip().partition("=")
        if name and name != "realm":
            out[unquote(name)] = unquote(value.strip().strip('"'))
    return out


@dataclass
class OAuthVerifier:
    """Checks signed requests against one integration's consumer and token secrets."""

    consumer_key: str
    consumer_secret: str
    token: str
    token_secret: str
    now: Callable[[], float] = time.time
    _seen: set[tuple[str, str]] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def verify(self, method: str, url: str, query: Mapping[str, str], header: str) -> bool:
        oauth = parse_header(header)
        if not oauth:
            return False
        alg = oauth.get("oauth_signature_method", "")
        if (
            oauth.get("oauth_consumer_key") != self.consumer_key
            or oauth.get("oauth_token") != self.token
            or alg not in DIGESTS
        ):
            return False
        params = {**query, **{k: v for k, v in oauth.items() if k != "oauth_signature"}}
        expected = signature(method, url, params, self.consumer_secret, self.token_secret, alg)
        if not hmac.compare_digest(expected, oauth.get("oauth_signature", "")):
            return False
        try:
            fresh = abs(self.now() - int(oauth.get("oauth_timestamp", ""))) <= WINDOW_SECONDS
        except ValueError:
            return False
        with self._lock:
            nonce = (oauth.get("oauth_timestamp", ""), oauth.get("oauth_nonce", ""))
            if not fresh or nonce in self._seen:
                return False
            self._seen.add(nonce)
        return True


class OAuthSigner(requests.auth.AuthBase):
    """Client side: sign every request (a retry is signed anew, with a fresh nonce)."""

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        token: str,
        token_secret: str,
        *,
        algorithm: str = "HMAC-SHA256",
        now: Callable[[], float] = time.time,
    ) -> None:
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.token = token
        self.token_secret = token_secret
        self.algorithm = algorithm
        self.now = now

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        parts = urlsplit(request.url or "")
        oauth = {
            "oauth_consumer_key": self.consumer_key,
            "oauth_token": self.token,
            "oauth_signature_method": self.algorithm,
            "oauth_timestamp": str(int(self.now())),
            "oauth_nonce": secrets.token_hex(16),
            "oauth_version": "1.0",
        }
        params = {**dict(parse_qsl(parts.query, keep_blank_values=True)), **oauth}
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        oauth["oauth_signature"] = signature(
            request.method or "GET", url, params, self.consumer_secret, self.token_secret, self.algorithm
        )
        request.headers["Authorization"] = "OAuth " + ", ".join(
            f'{rawurlencode(k)}="{rawurlencode(v)}"' for k, v in oauth.items()
        )
        return request
