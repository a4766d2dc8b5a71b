"""One error family for everything a user can get wrong.

The CLI catches ``HarnessError`` and prints its one-line message with exit
status 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from pathlib import Path


class HarnessError(Exception):
    """A user-facing problem: bad input, bad option, unreadable file."""

    exit_code = 2


class InputError(HarnessError):
    """A file or value supplied by the user is malformed. The message names where."""


class SandboxViolation(HarnessError):
    """Something tried to write to a host that is not a sandbox endpoint."""


def read_input(path: str | os.PathLike[str], what: str = "") -> bytes:
    """The bytes of a file the user named; if it cannot be read, one InputError naming it, never a traceback."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read{' ' + what if what else ''}: {exc.strerror or exc}") from None


def read_input_text(path: str | os.PathLike[str], what: str = "", *, expect: str, fix: str) -> str:
    """A text file the user named, as UTF-8 (a byte-order mark allowed).

    A binary file or another encoding is refused with one message saying what
    was expected (``expect``: "a scenario file") and how to put it right
    (``fix``), instead of a UnicodeDecodeError from deep inside a parser.
    """
    raw = read_input(path, what)
    if b"\x00" in raw[:65536]:
        raise InputError(f"{path}: not {expect} (binary content); {fix}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); {fix}") from None
