"""Length-prefixed frames: how a worker process and this one pass requests and answers through a pipe.

A 4-byte big-endian length, then that many bytes (msgpack, in our uses). Both
ends read whole frames, so a message is never confused with half of the next.
"""

from __future__ import annotations

import struct
from typing import Protocol

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
