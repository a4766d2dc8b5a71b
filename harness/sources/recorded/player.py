"""Literal replay: answer each request from a cassette, looked up in an index, never by scanning.

The cassette is loaded once and its interactions indexed by (method, URL with its query sorted,
digest of the body), each key holding a queue of responses in recorded order. The player is
mounted under ``requests``' HTTPAdapter, so the engine's clients (and the official libraries built
on requests) run unmodified; the mount is process-wide, as ``responses``' is, so while a replay runs
every ``requests`` call in the process is answered from the cassette. Matching is strict: a request
the cassette does not hold raises InputError naming the cassette and the request, and says what
differed from the closest one.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from harness.errors import InputError
from harness.sandbox.guard import is_sandbox_host, register_sandbox_host, unregister_sandbox_host
from harness.sources.recorded.cassette import Interaction, load_cassette
from harness.sources.recorded.filters import SecretFilter

RequestKey = tuple[str, str, str, tuple[tuple[str, str], ...], str]


@dataclass
class _Recorded:
    cassette: Path
    number: int
    interaction: Interaction


def request_key(method: str, uri: str, body: bytes | None) -> RequestKey:
    """What two requests must share to be one: method, scheme+host+port, path, sorted query, body digest.

    Secrets are filtered first, the same way the recording filtered them, so a replay with stand-in
    credentials matches what was recorded with real ones.
    """
    secrets = SecretFilter()
    parts = urlsplit(secrets.uri(uri))
    origin = f"{parts.scheme}://{(parts.netloc or '').lower()}"
    query = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    digest = hashlib.sha1(secrets.request_body(body) or b"", usedforsecurity=False).hexdigest()
    return (method.upper(), origin, parts.path or "/", query, digest)


class LiteralReplay:
    """``with LiteralReplay([store_yaml]): client.read_store()`` — no socket is opened."""

    def __init__(self, cassettes: Iterable[Path]) -> None:
        self._index: dict[RequestKey, deque[_Recorded]] = {}
        self._by_path: dict[tuple[str, str, str], list[RequestKey]] = {}
        self.cassettes = list(cassettes)
        self.played = 0
        self.last: _Recorded | None = None
        for path in self.cassettes:
            for number, interaction in enumerate(load_cassette(path), start=1):
                self.add(_Recorded(path, number, _decoded(interaction)))
        self._patch: Any = None
        self._origins: list[str] = []

    def add(self, recorded: _Recorded) -> None:
        i = recorded.interaction
        key = request_key(i.method, i.uri, i.body)
        queue = self._index.get(key)
        if queue is None:
            queue = self._index[key] = deque()
            self._by_path.setdefault(key[:3], []).append(key)
        queue.append(recorded)

    def __len__(self) -> int:
        return sum(len(q) for q in self._index.values())

    def respond(self, request: PreparedRequest) -> Response:
        body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body
        method = request.method or "GET"
        url = request.url or ""
        key = request_key(method, url, body if isinstance(body, bytes) else None)
        queue = self._index.get(key)
        if not queue:
            raise InputError(self._miss(method, url, key, exhausted=queue is not None))
        recorded = queue.popleft() if len(queue) > 1 or not self._repeat_last else queue[0]
        self.played += 1
        self.last = recorded
        return _response(recorded.interaction, request)

    #: the last response of a request answers every further identical request (a client re-reading
    #: one page); strict mode would raise instead
    _repeat_last = True

    def _miss(self, method: str, url: str, key: RequestKey, *, exhausted: bool) -> str:
        names = ", ".join(p.name for p in self.cassettes)
        where = f"{self.cassettes[0].parent}/{{{names}}}" if len(self.cassettes) > 1 else str(self.cassettes[0])
        if exhausted:
            return f"{where}: {method} {url}: every recorded response to this request was already played"
        same_path = self._by_path.get(key[:3], [])
        if not same_path:
            return (
                f"{where}: {method} {url}: not in the cassette (no recorded request to {key[2]} on {key[1]}); "
                "record again, or replay with the same client and options as the recording"
            )
        closest = min(same_path, key=lambda k: _distance(k, key))
        recorded = self._index[closest][0].interaction
        if closest[3] != key[3]:
            wanted, held = dict(key[3]), dict(closest[3])
            differing = sorted(k for k in set(wanted) | set(held) if wanted.get(k) != held.get(k))
            detail = "query differs in " + ", ".join(
                f"{k}={wanted.get(k, '(none)')!s} (recorded: {held.get(k, '(none)')!s})" for k in differing[:4]
            )
        else:
            detail = "request body differs"
        closest_text = f"closest recorded {recorded.method} {recorded.uri}"
        return f"{where}: {method} {url}: not in the cassette; {closest_text}: {detail}"

    # -- mounting -----------------------------------------------------------------------------------

    def start(self) -> LiteralReplay:
        player = self

        def send(adapter: HTTPAdapter, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
            response = player.respond(request)
            response.connection = adapter
            return response

        self._patch = mock.patch.object(HTTPAdapter, "send", send)
        self._patch.start()
        # nothing leaves while the player is mounted, so the recorded hosts are sandboxes for now: the
        # guard then lets eBay's read-only POSTs through to the player as it would to a sandbox
        # (a host already registered, say a local server on the same port, is left as it is)
        self._origins = sorted(o for o in {key[1] for key in self._index} if not is_sandbox_host(o))
        for origin in self._origins:
            register_sandbox_host(origin)
        return self

    def stop(self) -> None:
        if self._patch is not None:
            self._patch.stop()
            self._patch = None
            for origin in self._origins:
                unregister_sandbox_host(origin)

    def __enter__(self) -> LiteralReplay:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _distance(a: RequestKey, b: RequestKey) -> int:
    return len(set(a[3]) ^ set(b[3])) + (a[4] != b[4])


def _decoded(interaction: Interaction) -> Interaction:
    """Bodies kept compressed (a cassette recorded without ``decode_compressed_response``) are inflated once."""
    for name in list(interaction.headers):
        if name.lower() != "content-encoding":
            continue
        encoding = ",".join(interaction.headers[name]).strip().lower()
        if encoding == "gzip":
            interaction.content = gzip.decompress(interaction.content)
        elif encoding == "deflate":
            interaction.content = zlib.decompress(interaction.content)
        else:
            continue
        del interaction.headers[name]
    return interaction


def _response(interaction: Interaction, request: PreparedRequest) -> Response:
    response = Response()
    response.status_code = interaction.status
    response.reason = interaction.reason
    response.headers = CaseInsensitiveDict({k: ", ".join(v) for k, v in interaction.headers.items()})
    response._content = interaction.content
    response._content_consumed = True  # type: ignore[attr-defined]
    response.encoding = get_encoding_from_headers(response.headers)
    response.url = request.url or interaction.uri
    response.request = request
    return response
