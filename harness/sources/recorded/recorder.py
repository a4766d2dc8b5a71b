"""Record a store and its QuickBooks company through the engine's own clients, read-only, into vcrpy
cassettes with no secrets and no personal data that should not leave the customer.

vcrpy captures every interaction (record mode ``all`` into a fresh folder); its
``before_record_*`` hooks filter secrets as each interaction arrives, and its persister hands the
cassette to us in memory, where personal data is scrubbed (and pseudonymised on request) before
anything is written. Files go to a temporary folder beside the target, renamed into place at the end.

The read-only rule is enforced here, under every HTTP adapter: the sandbox guard lets writes
through to sandbox hosts, but a recording is made from real stores (or from our local server
standing in for one), and nothing but a read may leave, whatever the host.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import vcr
from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.request import Request as VcrRequest

from harness.errors import InputError, SandboxViolation
from harness.platforms.registry import get_platform
from harness.sandbox.guard import READ_METHODS, is_read_only_post
from harness.sources.recorded.cassette import Interaction, save_cassette
from harness.sources.recorded.filters import SecretFilter
from harness.sources.recorded.pseudonym import Pseudonymiser
from harness.sources.recorded.recording import BOOKS_CASSETTE, STORE_CASSETTE, Recording, Side
from harness.sources.recorded.scrub import Scrubber


@dataclass
class Target:
    """One system to record: platform, base URL and the credentials its client needs."""

    platform: str
    url: str
    credentials: Mapping[str, str]


def record(
    output: str | os.PathLike[str],
    *,
    store: Target | None,
    books: Target | None = None,
    pseudonymise: bool = False,
    seed: int | None = None,
) -> Recording:
    """Read ``store`` and ``books`` whole and write the recording folder ``output`` (which must be new)."""
    folder = Path(output)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder}: exists and is not an empty folder; record into a new folder")
    if store is None and books is None:
        raise InputError("nothing to record: give a store (--platform/--url) or books (--books-url)")
    salt = f"seed:{seed}" if seed is not None else os.urandom(16).hex()
    scrubber = Scrubber(Pseudonymiser(salt) if pseudonymise else None)
    recording = Recording(pseudonymised=pseudonymise, seed=seed if pseudonymise else None)
    cassettes: dict[str, list[Interaction]] = {}
    secrets: list[SecretFilter] = []
    for name, target, cassette in (("store", store, STORE_CASSETTE), ("books", books, BOOKS_CASSETTE)):
        side = name
        if target is None:
            continue
        spec = get_platform(target.platform)
        if spec.side != side:
            raise InputError(f"--platform {target.platform!r} is a {spec.side} platform, not a {side} one")
        secret = SecretFilter(dict(target.credentials))
        secrets.append(secret)
        interactions = _capture(target, secret, side)
        cassettes[cassette] = scrubber.interactions(interactions)
        base_url = target.url.rstrip("/")
        side_record = Side.of(target.platform, base_url, cassette, len(interactions), dict(target.credentials))
        setattr(recording, name, side_record)
    recording.filtered = {
        "headers": sorted({h.lower() for s in secrets for h in s.headers}),
        "query_keys": sorted({q for s in secrets for q in s.query_keys}),
        "body_fields": sorted({b for s in secrets for b in s.body_fields}),
        "credential_values_replaced": sum(s.credential_hits for s in secrets),
    }
    recording.scrubbed = dict(scrubber.counts)
    write_recording(folder, cassettes, recording)
    return recording


def write_recording(folder: Path, cassettes: Mapping[str, list[Interaction]], recording: Recording) -> None:
    """All files into a temporary folder, then one rename: never a half-written recording."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        for name, interactions in cassettes.items():
            save_cassette(temp / name, interactions)
        recording.save(temp)
        if folder.exists():
            folder.rmdir()  # checked empty above
        os.replace(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _capture(target: Target, secret: SecretFilter, side: str) -> list[Interaction]:
    """Run the platform's client over ``target`` with vcrpy recording; the interactions, secrets filtered."""
    spec = get_platform(target.platform)
    captured: dict[str, Any] = {}
    recorder = vcr.VCR(
        record_mode="all",
        decode_compressed_response=True,
        before_record_request=lambda request: _filtered_request(request, secret),
        before_record_response=lambda response: _filtered_response(response, secret),
    )
    recorder.register_persister(_MemoryPersister(captured))
    client = spec.make_client(target.url.rstrip("/"), dict(target.credentials), None)
    with read_only(), recorder.use_cassette(f"memory:{side}"):
        if side == "store":
            client.read_store()
        else:
            client.read_books()
    data = captured.get(f"memory:{side}") or {"requests": [], "responses": []}
    return [_interaction(req, resp) for req, resp in zip(data["requests"], data["responses"], strict=True)]


class _MemoryPersister:
    """vcrpy's persister interface, keeping the cassette in memory for scrubbing before any write."""

    def __init__(self, store: dict[str, Any]) -> None:
        self.store = store

    def load_cassette(self, cassette_path: str, serializer: Any) -> Any:
        raise CassetteNotFoundError()

    def save_cassette(self, cassette_path: str, cassette_dict: Any, serializer: Any) -> None:
        self.store[str(cassette_path)] = cassette_dict


def _filtered_request(request: VcrRequest, secret: SecretFilter) -> VcrRequest:
    headers = secret.request_headers(dict(request.headers))
    body = secret.request_body(request.body_bytes)
    return VcrRequest(request.method, secret.uri(request.uri), body, headers)


def _filtered_response(response: dict[str, Any], secret: SecretFilter) -> dict[str, Any]:
    body = response.get("body", {}).get("string")
    return {
        "status": dict(response["status"]),
        "headers": secret.response_headers({k: list(v) for k, v in response.get("headers", {}).items()}),
        "body": {"string": secret.data(body) if isinstance(body, bytes) else body},
    }


def _interaction(request: VcrRequest, response: dict[str, Any]) -> Interaction:
    body = response["body"]["string"]
    return Interaction(
        method=request.method.upper(),
        uri=request.uri,
        body=request.body if request.body else None,
        request_headers={k: [v] for k, v in sorted(request.headers.items())},
        status=int(response["status"]["code"]),
        reason=str(response["status"].get("message") or ""),
        headers={k: [str(x) for x in v] for k, v in response["headers"].items()},
        content=body.encode("utf-8") if isinstance(body, str) else (body or b""),
    )


def _read_only_post(url: str, headers: Mapping[str, str], body: bytes | None) -> bool:
    """A POST that only reads: a registered rule says so, or it is an eBay Trading ``Get*`` call whatever
    the host (the platform's own rule trusts only eBay's hosts, but a recording may be made from a
    stand-in such as our local server)."""
    if is_read_only_post(url, headers, body):
        return True
    from harness.platforms.ebay.client import REAL_TRADING_HOSTS, trading_read_only

    as_ebay = urlsplit(url)._replace(netloc=sorted(REAL_TRADING_HOSTS)[0])
    return trading_read_only(urlunsplit(as_ebay), headers, body)


@contextmanager
def read_only() -> Iterator[None]:
    """Refuse, before it leaves, every request that is not a read, whatever host it goes to."""
    original = HTTPAdapter.send

    def send(adapter: HTTPAdapter, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        method = (request.method or "GET").upper()
        if method not in READ_METHODS:
            body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body
            raw = body if isinstance(body, bytes) else None
            if method != "POST" or not _read_only_post(request.url or "", request.headers, raw):
                raise SandboxViolation(
                    f"refused {method} {request.url}: a recording only reads; nothing but GET (and eBay's "
                    "read-only Get* calls) leaves"
                )
        return original(adapter, request, *args, **kwargs)

    with mock.patch.object(HTTPAdapter, "send", send):
        yield
