"""The frames the worker processes speak: whatever way the bytes arrive, the same messages come out."""

from __future__ import annotations

import os
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.sandbox.frames import FrameReader, frame, widen_pipe, write_frame


def _read_all(pieces: list[bytes]) -> list[bytes]:
    """The frames a reader gets from a pipe written in ``pieces`` (one write each, from another thread)."""
    read_end, write_end = os.pipe()

    def write() -> None:
        with os.fdopen(write_end, "wb", buffering=0) as out:
            for piece in pieces:
                out.write(piece)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        return list(FrameReader(read_end))
    finally:
        writer.join()
        os.close(read_end)


@settings(max_examples=60, deadline=None)
@given(
    payloads=st.lists(st.binary(max_size=3000), max_size=12),
    cuts=st.lists(st.integers(min_value=1, max_value=5000), max_size=20),
)
def test_frames_come_out_whole_however_the_bytes_are_cut(payloads: list[bytes], cuts: list[int]) -> None:
    stream = b"".join(frame(p) for p in payloads)
    pieces, at = [], 0
    for cut in cuts:
        if at >= len(stream):
            break
        pieces.append(stream[at : at + cut])
        at += cut
    pieces.append(stream[at:])
    assert _read_all([p for p in pieces if p]) == payloads


def test_a_frame_larger_than_a_read_arrives_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FrameReader, "chunk", 1000)
    big = bytes(range(256)) * 400  # 100 kB, a hundred reads
    assert _read_all([frame(b"a"), frame(big), frame(b"")]) == [b"a", big, b""]


def test_a_stream_cut_inside_a_frame_is_an_error_not_a_short_message() -> None:
    with pytest.raises(EOFError, match="inside a frame"):
        _read_all([frame(b"whole"), frame(b"cut short")[:-3]])


def test_one_write_per_frame() -> None:
    """A busy process pays for every system call a thread makes: the header and the body go together."""
    writes: list[bytes] = []

    class Recorder:
        def write(self, data: bytes, /) -> int:
            writes.append(data)
            return len(data)

        def flush(self) -> None:
            pass

    write_frame(Recorder(), b"payload")
    assert writes == [frame(b"payload")]


def test_a_widened_pipe_holds_a_megabyte() -> None:
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are Linux's")
    read_end, write_end = os.pipe()
    try:
        widen_pipe(write_end)
        assert fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ) >= 1 << 20
    finally:
        os.close(read_end)
        os.close(write_end)
