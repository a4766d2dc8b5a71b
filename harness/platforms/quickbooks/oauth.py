"""The OAuth2 pieces intuit-oauth calls (domain notes §2, §14): discovery, token, revoke, userinfo.

An unmodified ``AuthClient`` first GETs the discovery document (all six keys are
required or it raises KeyError), then POSTs ``grant_type=refresh_token`` with
Basic client credentials to the token endpoint. We answer exactly the token
response of §2.1 and never send an ``id_token`` on refresh (the client would
try to validate it against the JWKS). Refresh tokens are not rotated on every
call: QBO returns the same refresh token for about a day, and keeping it makes
``credentials()`` stay valid across many clients in one test session.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from datetime import datetime, timedelta
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from harness.platforms.http.app import json_response
from harness.platforms.http.clock import Clock

ACCESS_TOKEN_SECONDS = 3600
REFRESH_TOKEN_SECONDS = 8726400

SCOPES = [
    "openid",
    "email",
    "profile",
    "address",
    "phone",
    "com.intuit.quickbooks.accounting",
    "com.intuit.quickbooks.payment",
]


class TokenStore:
    """Issued tokens for one realm; deterministic (derived from realm and a counter)."""

    def __init__(self, realm_id: str, clock: Clock, client_id: str, client_secret: str) -> None:
        self.realm_id = realm_id
        self.clock = clock
        self.client_id = client_id
        self.client_secret = client_secret
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._counter = 0
            self._access: dict[str, datetime] = {}
            self._refresh: dict[str, datetime] = {}
            self._codes: set[str] = set()
        self.initial_refresh_token = self._issue_refresh()
        self.initial_access_token = self.issue_access()

    def _token(self, kind: str) -> str:
        self._counter += 1
        digest = hashlib.sha256(f"{self.realm_id}:{kind}:{self._counter}".encode()).hexdigest()[:32]
        return f"sim-{kind}-{digest}"

    def issue_access(self) -> str:
        with self._lock:
            token = self._token("at")
            self._access[token] = self.clock.now() + timedelta(seconds=ACCESS_TOKEN_SECONDS)
            return token

    def _issue_refresh(self) -> str:
        with self._lock:
            token = self._token("rt")
            self._refresh[token] = self.clock.now() + timedelta(seconds=REFRESH_TOKEN_SECONDS)
            return token

    def check_access(self, token: str) -> str | None:
        """None when the token is good, else the reason ("expired" / "invalid")."""
        with self._lock:
            expires = self._access.get(token)
        if expires is None:
            return "invalid"
        if self.clock.now() >= expires:
            return "expired"
        return None

    def expire_access(self, token: str) -> None:
        """Make a token expire now: tests of the 401 path."""
        with self._lock:
            if token in self._access:
                self._access[token] = self.clock.now()

    def revoke(self, token: str) -> None:
        with self._lock:
            self._access.pop(token, None)
            self._refresh.pop(token, None)

    def credentials(self) -> dict[str, str]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "realm_id": self.realm_id,
            "access_token": self.initial_access_token,
            "refresh_token": self.initial_refresh_token,
        }

    # -- HTTP handlers ----------------------------------------------------------------------------

    def discovery(self, request: Request) -> Response:
        base = f"{request.scheme}://{request.host}"
        return json_response(
            {
                "issuer": "https://oauth.platform.intuit.com/op/v1",
                "authorization_endpoint": f"{base}/connect/oauth2",
                "token_endpoint": f"{base}/oauth2/v1/tokens/bearer",
                "userinfo_endpoint": f"{base}/v1/openid_connect/userinfo",
                "revocation_endpoint": f"{base}/v2/oauth2/tokens/revoke",
                "jwks_uri": f"{base}/op/v1/jwks",
                "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": SCOPES,
            }
        )

    def _client_ok(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:]).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return False
        return decoded == f"{self.client_id}:{self.client_secret}"

    def token(self, request: Request) -> Response:
        """RFC 6749 token endpoint: refresh_token and authorization_code grants (§2.1)."""
        if not self._client_ok(request):
            return json_response({"error": "invalid_client"}, status=401)
        grant = request.form.get("grant_type")
        if grant == "refresh_token":
            refresh = request.form.get("refresh_token", "")
            with self._lock:
                expires = self._refresh.get(refresh)
            if expires is None or self.clock.now() >= expires:
                return json_response({"error": "invalid_grant"}, status=400)
        elif grant == "authorization_code":
            code = request.form.get("code", "")
            with self._lock:
                known = code in self._codes
                self._codes.discard(code)
            if not known:
                return json_response({"error": "invalid_grant"}, status=400)
            refresh = self.initial_refresh_token
        else:
            return json_response({"error": "unsupported_grant_type"}, status=400)
        return json_response(
            {
                "token_type": "bearer",
                "access_token": self.issue_access(),
                "expires_in": ACCESS_TOKEN_SECONDS,
                "refresh_token": refresh,
                "x_refresh_token_expires_in": REFRESH_TOKEN_SECONDS,
            }
        )

    def authorize(self, request: Request) -> Response:
        """The consent page, approved at once: redirect back with a code and the realm id."""
        redirect_uri = request.args.get("redirect_uri", "")
        if request.args.get("client_id") != self.client_id or not redirect_uri:
            return json_response({"error": "invalid_request"}, status=400)
        with self._lock:
            code = self._token("code")
            self._codes.add(code)
        query = urlencode({"code": code, "state": request.args.get("state", ""), "realmId": self.realm_id})
        separator = "&" if "?" in redirect_uri else "?"
        return Response(status=302, headers={"Location": f"{redirect_uri}{separator}{query}"})

    def revoke_handler(self, request: Request) -> Response:
        if not self._client_ok(request):
            return json_response({"error": "invalid_client"}, status=401)
        body = request.get_json(silent=True) or {}
        self.revoke(str(body.get("token", "")))
        return Response(status=200)

    def userinfo(self, request: Request) -> Response:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or self.check_access(header[7:]) is not None:
            return json_response({"error": "invalid_token"}, status=401)
        return json_response(
            {
                "sub": f"sim-user-{self.realm_id}",
                "email": "sandbox@example.com",
                "emailVerified": True,
                "givenName": "Sandbox",
                "familyName": "User",
            }
        )

    @staticmethod
    def jwks(request: Request) -> Response:
        return json_response({"keys": []})
