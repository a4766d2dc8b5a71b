"""Imported replay: the engine's clients read a recording offline into a canonical Store and Books.

The clients run over the literal replay (``player.LiteralReplay``) with stand-in credentials;
what they build is an ordinary Store/Books, which the simulators then serve with full API
semantics (any paging, filters, writes to the rehearsal copy), can be edited, combined or shrunk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.errors import HarnessError, InputError
from harness.model.books import Books
from harness.model.store import Store
from harness.platforms.http.session import RetryPolicy
from harness.platforms.registry import get_platform
from harness.sources.recorded.player import LiteralReplay
from harness.sources.recorded.recording import Side, read_recording


def replay_store(folder: str | Path) -> Store:
    """The Store a recording holds, read by the platform's client from ``store.yaml``."""
    side = _side(folder, "store")
    store: Store = _read(Path(folder), side, lambda client: client.read_store())
    return store


def replay_books(folder: str | Path) -> Books:
    """The Books a recording holds, read by the QuickBooks client from ``books.yaml``."""
    side = _side(folder, "books")
    books: Books = _read(Path(folder), side, lambda client: client.read_books())
    return books


def has_books(folder: str | Path) -> bool:
    return read_recording(folder).books is not None


def _side(folder: str | Path, name: str) -> Side:
    side: Side | None = getattr(read_recording(folder), name)
    if side is None:
        raise InputError(f"{folder}: this recording holds no {name} (record it with the {name} options)")
    return side


def _read(folder: Path, side: Side, read: Any) -> Any:
    cassette = folder / side.cassette
    if not cassette.is_file():
        raise InputError(f"{cassette}: missing; recording.json lists it")
    replay = LiteralReplay([cassette])
    if len(replay) != side.interactions:
        raise InputError(
            f"{cassette}: holds {len(replay)} interactions but recording.json lists {side.interactions}; "
            "truncated or edited?"
        )
    # recorded 429s and 5xx are replayed too; their Retry-After is not waited for offline
    policy = RetryPolicy(sleep=lambda seconds: None)
    client = get_platform(side.platform).make_client(side.base_url, side.replay_credentials(), policy)
    with replay:
        try:
            return read(client)
        except InputError:
            raise
        except (HarnessError, ValueError, KeyError, TypeError) as exc:
            last = replay.last
            at = f" after interaction #{last.number} ({last.interaction.method} {last.interaction.uri})" if last else ""
            raise InputError(f"{cassette}: cannot be replayed{at}: {exc}") from None
