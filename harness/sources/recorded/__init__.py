"""Recorded stores: read a real store and company once, read-only, into cassettes without secrets or
sensitive personal data; replay them offline, literally or imported into a Store and Books.

- ``record(folder, store=Target(...), books=Target(...), pseudonymise=...)`` — ``sync-sandbox record``
- ``scrub_recording(folder, output, seed=...)`` — ``sync-sandbox scrub`` (pseudonymise an existing one)
- ``LiteralReplay([cassette])`` — answer ``requests`` from a cassette (indexed, strict)
- ``replay_store(folder)`` / ``replay_books(folder)`` — imported replay; what ``load_store`` uses
- ``vcr_config()`` — the vcrpy/pytest-recording options that play our cassettes with plain vcrpy

See docs/recording.md.
"""

from __future__ import annotations

from harness.inspection import RECORDING_FILE
from harness.sources.recorded.player import LiteralReplay, request_key
from harness.sources.recorded.recorder import Target, capture, read_only, record
from harness.sources.recorded.recording import (
    BOOKS_CASSETTE,
    STORE_CASSETTE,
    Recording,
    is_recording,
    read_recording,
)
from harness.sources.recorded.replay import has_books, replay_books, replay_store
from harness.sources.recorded.rescrub import scrub_recording
from harness.sources.recorded.vcrpy_config import vcr_config

__all__ = [
    "BOOKS_CASSETTE",
    "RECORDING_FILE",
    "STORE_CASSETTE",
    "LiteralReplay",
    "Recording",
    "Target",
    "capture",
    "has_books",
    "is_recording",
    "read_only",
    "read_recording",
    "record",
    "replay_books",
    "replay_store",
    "request_key",
    "scrub_recording",
    "vcr_config",
]
