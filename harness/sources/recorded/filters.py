"""Secrets out of every interaction before it is kept: headers, query keys, eBay's body token, and
every credential value the user gave, wherever it appears.

The same request filter runs when recording and when replaying, so a live request and its recorded
twin compare equal: ``filter_request`` is also the ``before_record_request`` hook handed to vcrpy
(``vcr_config()``), which is how plain vcrpy plays our cassettes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: request and response headers never written: credentials, sessions, eBay's application keys
SECRET_HEADERS: frozenset[str] = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-shopify-access-token",
        "x-auth-token",
        "x-auth-client",
        "cookie",
        "set-cookie",
        "x-ebay-api-cert-name",
        "x-ebay-api-dev-name",
        "x-ebay-api-app-name",
        "x-ebay-api-iaf-token",
        "x-api-key",
        "x-oc-restadmin-id",
        "x-oc-merchant-id",
        "x-oc-session",
    }
)
#: a header whose name holds one of these is filtered too (covers vendors' variants of the above)
_SECRET_HEADER_WORDS = ("token", "secret", "password", "session", "signature", "api-key", "apikey", "cookie")
#: query keys whose value is replaced by FILTERED (every ``oauth_*`` key too)
SECRET_QUERY_KEYS: frozenset[str] = frozenset(
    {
        "consumer_key",
        "consumer_secret",
        "access_token",
        "refresh_token",
        "api_key",
        "apikey",
        "key",
        "token",
        "password",
        "secret",
        "client_secret",
        "client_id",
        "signature",
        "hmac",
        "session",
        "api_token",
    }
)
#: what a filtered query value or body token becomes
FILTERED = "FILTERED"
#: credential values shorter than this are not searched for in the bytes ("0", "admin" would hit real data);
#: they are still filtered from every header and query key above
MIN_SECRET_LENGTH = 8
#: credential keys that name a place rather than grant access: kept in recording.json, needed to replay
IDENTIFIER_KEYS: frozenset[str] = frozenset({"realm_id", "store_hash", "siteid", "schema", "database", "shop", "site"})

_EBAY_TOKEN = re.compile(rb"(<eBayAuthToken>)(.*?)(</eBayAuthToken>)", re.DOTALL)


def placeholder(key: str) -> str:
    """What a credential value becomes on disk, and what replay hands the clients in its place."""
    return f"{FILTERED}_{re.sub(r'[^A-Za-z0-9]+', '_', key).upper()}"


def is_secret_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_HEADERS or any(word in lowered for word in _SECRET_HEADER_WORDS)


def is_secret_query_key(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_QUERY_KEYS or lowered.startswith("oauth_")


@dataclass
class SecretFilter:
    """Filters for one recording; ``credentials`` are the values the user gave (never written anywhere)."""

    credentials: Mapping[str, str] = field(default_factory=dict)
    #: more secret values to keep out (the other side's credentials), replaced by ``FILTERED_SECRET``
    also: Sequence[str] = ()
    #: what was filtered, by name, for recording.json (names only, never values)
    headers: set[str] = field(default_factory=set)
    query_keys: set[str] = field(default_factory=set)
    body_fields: set[str] = field(default_factory=set)
    credential_hits: int = 0

    def __post_init__(self) -> None:
        pairs = [
            (value, placeholder(key))
            for key, value in self.credentials.items()
            if key not in IDENTIFIER_KEYS and value and len(value) >= MIN_SECRET_LENGTH
        ]
        own = {value for value, _ in pairs}
        pairs += [(v, placeholder("secret")) for v in sorted(set(self.also) - own) if len(v) >= MIN_SECRET_LENGTH]
        # longest first: a token that contains another credential is replaced whole
        self._values = sorted(pairs, key=lambda pair: -len(pair[0]))

    def text(self, value: str) -> str:
        for secret, stand_in in self._values:
            if secret in value:
                self.credential_hits += value.count(secret)
                value = value.replace(secret, stand_in)
        return value

    def data(self, value: bytes) -> bytes:
        for secret, stand_in in self._values:
            raw = secret.encode("utf-8")
            if raw in value:
                self.credential_hits += value.count(raw)
                value = value.replace(raw, stand_in.encode("utf-8"))
        return value

    def uri(self, uri: str) -> str:
        parts = urlsplit(self.text(uri))
        if not parts.query:
            return urlunsplit(parts)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        secret = {key for key, value in pairs if is_secret_query_key(key) and value != FILTERED}
        if not secret:
            return urlunsplit(parts)  # the query exactly as sent
        self.query_keys.update(secret)
        filtered = [(key, FILTERED if key in secret else value) for key, value in pairs]
        return urlunsplit(parts._replace(query=urlencode(filtered)))

    def request_headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        kept = {}
        for name, value in headers.items():
            if is_secret_header(name):
                self.headers.add(name)
                continue
            kept[name] = self.text(value)
        return kept

    def request_body(self, body: bytes | None) -> bytes | None:
        if not body:
            return body
        body = self.data(body)
        if b"<eBayAuthToken>" in body:
            self.body_fields.add("eBayAuthToken")
            body = _EBAY_TOKEN.sub(rb"\1" + FILTERED.encode() + rb"\3", body)
        return body

    def response_headers(self, headers: Mapping[str, list[str]]) -> dict[str, list[str]]:
        kept = {}
        for name, values in headers.items():
            if is_secret_header(name):
                self.headers.add(name)
                continue
            kept[name] = [self.text(v) for v in values]
        return kept
