"""The options that let plain vcrpy (or pytest-recording's ``vcr_config`` fixture) play our cassettes.

A replaying client sends its own credentials; this ``before_record_request`` filters them the way
the recording did, and vcrpy applies it to live requests before matching, so they match.
"""

from __future__ import annotations

from typing import Any

from vcr.request import Request as VcrRequest

from harness.sources.recorded.filters import SecretFilter


def _filter(request: VcrRequest) -> VcrRequest:
    secret = SecretFilter()
    body = request.body_bytes
    headers = secret.request_headers(dict(request.headers))
    return VcrRequest(request.method, secret.uri(request.uri), secret.request_body(body), headers)


def vcr_config() -> dict[str, Any]:
    """``vcr.VCR(**vcr_config())``, or return it from a ``vcr_config`` fixture for pytest-recording."""
    return {
        "record_mode": "none",
        "before_record_request": _filter,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
    }
