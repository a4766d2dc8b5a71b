"""Length-prefixed frames: how a worker process and this one pass requests and answers through a pipe.

A 4-byte big-endian length, then that many bytes (msgpack, in our uses). Both
ends read whole frames, so a message is never confused with half of the next.
A side that fails sends ``{"error": text}`` as its last message, so the other
side can say what went wrong instead of only that the pipe closed.
"""

from __future__ import annotations

import struct
import traceback
from collections.abc import Callable
from typing import Any, Protocol

import msgspec

_LENGTH = struct.Struct(">I")


class Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...
    def flush(self) -> object: ...


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def write_frame(stream: Writable, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def read_frame(stream: Readable) -> bytes | None:
    """The next frame, or None at a clean end of stream."""
    head = stream.read(_LENGTH.size)
    if not head:
        return None
    if len(head) < _LENGTH.size:
        raise EOFError("stream ended inside a frame header")
    (size,) = _LENGTH.unpack(head)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError(f"stream ended inside a {size}-byte frame")
    return payload


def frame(payload: bytes) -> bytes:
    """``payload`` as one frame's bytes, for a writer that does its own write."""
    return _LENGTH.pack(len(payload)) + payload


def error_message(exc: BaseException) -> bytes:
    """The last message of a side that failed: what failed, and where."""
    return msgspec.msgpack.encode({"error": f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"})


def decode_message(raw: bytes, failed: Callable[[str], Exception]) -> Any:
    """A message from the other side; its error message raised as ``failed(text)``."""
    decoded = msgspec.msgpack.decode(raw)
    if isinstance(decoded, dict) and "error" in decoded:
        raise failed(str(decoded["error"]))
    return decoded
