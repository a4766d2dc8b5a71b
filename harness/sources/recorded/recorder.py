"""Record a store and its QuickBooks company through the engine's own clients, read-only, into vcrpy
cassettes with no secrets and no personal data that should not leave the customer.

Every interaction is captured under ``requests``' HTTP adapter (what vcrpy's record mode ``all`` into
a fresh cassette would keep, as vcrpy keeps it with ``decode_compressed_response``), its secrets
filtered as it arrives; personal data is scrubbed (and pseudonymised on request) in memory, and the
cassettes are written by vcrpy's own serializer into a temporary folder beside the target, renamed
into place at the end. vcrpy itself does not record: before keeping each new interaction it compares
it with every one already kept, so a 1,200-request read took 33 s under it against 5 s without, and a
10k-request one most of an hour.

The read-only rule is enforced here, under every HTTP adapter: the sandbox guard lets writes
through to sandbox hosts, but a recording is made from real stores (or from our local server
standing in for one), and nothing but a read may leave, whatever the host.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response

from harness.errors import InputError, SandboxViolation
from harness.platforms.registry import get_platform
from harness.sandbox.guard import READ_METHODS, is_read_only_post
from harness.sources.recorded.cassette import Interaction, save_cassette
from harness.sources.recorded.filters import IDENTIFIER_KEYS, SecretFilter
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
    targets = {"store": (store, STORE_CASSETTE), "books": (books, BOOKS_CASSETTE)}
    everything = [
        value
        for target, _ in targets.values()
        if target is not None
        for key, value in target.credentials.items()
        if key not in IDENTIFIER_KEYS
    ]
    for side, (target, cassette) in targets.items():
        if target is None:
            continue
        spec = get_platform(target.platform)
        if spec.side != side:
            raise InputError(f"--platform {target.platform!r} is a {spec.side} platform, not a {side} one")
        # the other side's secrets are looked for too: a store token echoed in a books note stays out
        secret = SecretFilter(dict(target.credentials), also=everything)
        secrets.append(secret)
        interactions = _capture(target, secret, side)
        cassettes[cassette] = scrubber.interactions(interactions)
        base_url = target.url.rstrip("/")
        side_record = Side.of(target.platform, base_url, cassette, len(interactions), dict(target.credentials))
        setattr(recording, side, side_record)
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
    """Run the platform's client over ``target``; every interaction, secrets filtered as it arrives."""
    client = get_platform(target.platform).make_client(target.url.rstrip("/"), dict(target.credentials), None)
    return capture(client.read_store if side == "store" else client.read_books, secret)


def capture(read: Callable[[], object], secret: SecretFilter | None = None) -> list[Interaction]:
    """The interactions of ``read()`` (any code using ``requests``), read-only, secrets filtered by ``secret``."""
    interactions: list[Interaction] = []
    secrets = secret or SecretFilter()

    def keep(request: PreparedRequest, response: Response) -> None:
        interactions.append(_interaction(request, response, secrets))

    with read_only(keep):
        read()
    return interactions


def _interaction(request: PreparedRequest, response: Response, secret: SecretFilter) -> Interaction:
    """One interaction as vcrpy records it with ``decode_compressed_response``: the body decoded, its
    ``Content-Encoding`` dropped and ``Content-Length`` set to the decoded length; header values as lists."""
    body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body
    content = secret.data(response.content)  # requests has undone gzip/deflate already
    getlist = getattr(getattr(response.raw, "headers", None), "getlist", None)  # urllib3 keeps repeated headers
    headers: dict[str, list[str]] = {}
    for name in response.headers:
        values = getlist(name) if getlist is not None else [response.headers[name]]
        headers[name] = [str(v) for v in values]
    for name in list(headers):
        if name.lower() == "content-encoding":
            del headers[name]
        elif name.lower() == "content-length":
            headers[name] = [str(len(content))]
    request_headers = secret.request_headers({k: _text(v) for k, v in request.headers.items()})
    return Interaction(
        method=(request.method or "GET").upper(),
        uri=secret.uri(request.url or ""),
        body=secret.request_body(body if isinstance(body, bytes) else None) or None,
        request_headers={k: [v] for k, v in sorted(request_headers.items())},
        status=response.status_code,
        reason=response.reason or "",
        headers=secret.response_headers(headers),
        content=content,
    )


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


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
def read_only(keep: Callable[[PreparedRequest, Response], None] | None = None) -> Iterator[None]:
    """Refuse, before it leaves, every request that is not a read, whatever host it goes to; hand each
    request that went out, with its response, to ``keep``."""
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
        response = original(adapter, request, *args, **kwargs)
        if keep is not None:
            keep(request, response)
        return response

    with mock.patch.object(HTTPAdapter, "send", send):
        yield
