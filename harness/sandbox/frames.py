"""Length-prefixed frames: how a worker process and this one pass requests and answers through a pipe.

A 4-byte big-endian length, then that many bytes (msgpack, in our uses). Both
ends read whole frames, so a message is never confused with half of the next.
A side that fails sends ``{"error": text}`` as its last message, so the other
side can say what went wrong instead of only that the pipe closed.
"""

from __future__ import annotations

import contextlib
import os
import struct
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

if TYPE_CHECKING:
    from requests.models import PreparedRequest

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_LENGTH = struct.Struct(">I")


class Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...
    def flush(self) -> object: ...


def write_frame(stream: Writable, payload: bytes) -> None:
    """One ``write`` for the whole frame: in a process whose other threads are busy, every system call
    gives up the interpreter lock and waits up to a switch interval (5 ms) to get it back."""
    stream.write(frame(payload))
    stream.flush()


class FrameReader:
    """The frames arriving on a file descriptor, read in large pieces: one system call for all the frames
    that have arrived, where reading a header and then a body makes two or more per frame (see
    ``write_frame`` for why that matters to a thread that shares its process with busy ones)."""

    chunk = 1 << 20

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = bytearray()
        self._ready: list[bytes] = []
        self._next = 0

    def __iter__(self) -> FrameReader:
        return self

    def __next__(self) -> bytes:
        """The next frame; StopIteration at a clean end of stream, EOFError inside a frame."""
        while self._next >= len(self._ready):
            self._ready, self._next = [], 0
            data = os.read(self._fd, self.chunk)
            if not data:
                if self._buffer:
                    raise EOFError(f"stream ended inside a frame ({len(self._buffer)} bytes of it arrived)")
                raise StopIteration
            self._split(data)
        payload = self._ready[self._next]
        self._next += 1
        return payload

    def _split(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        at, end = 0, len(buffer)
        with memoryview(buffer) as view:  # one copy per frame, not two
            while end - at >= _LENGTH.size:
                (size,) = _LENGTH.unpack_from(view, at)
                if end - at - _LENGTH.size < size:
                    break
                at += _LENGTH.size
                self._ready.append(bytes(view[at : at + size]))
                at += size
        del buffer[:at]


def widen_pipe(fd: int, size: int = 1 << 20) -> None:
    """Let a pipe hold ``size`` bytes (Linux; elsewhere, and past the system's limit, it stays as it is), so
    a writer with several answers ready is not held up by a reader that is busy for a moment."""
    setter = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setter is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, setter, size)


def request_message(request: PreparedRequest) -> bytes:
    """A request as both worker protocols send it: ``[method, url, headers, body]``, the body as bytes."""
    body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body
    return msgspec.msgpack.encode([request.method, request.url, dict(request.headers), body])


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
