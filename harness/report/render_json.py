"""The machine form of a Report: a versioned JSON envelope, byte-for-byte deterministic.

The envelope (``{"format": "sync-sandbox/report", "version": 1, "report": …}``)
lets a reader — ours in ``report diff``, or a CI script in any language — tell
a report from any other JSON file and refuse a version it does not know,
instead of failing deep inside with a confusing field error. Its schema is
published beside this module (see ``harness.report.schema``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Final, Literal

import msgspec

from harness.errors import InputError, read_input
from harness.report.model import Report

FORMAT: Final = "sync-sandbox/report"
VERSION: Final = 1


class ReportEnvelope(msgspec.Struct, kw_only=True):
    """What a report file holds: the format tag and version, then the Report itself."""

    format: Literal["sync-sandbox/report"] = FORMAT
    version: Literal[1] = VERSION
    report: Report


class _Header(msgspec.Struct):
    """The envelope without the report, decoded first to give a clear message on a foreign file."""

    format: object = None
    version: object = None


#: order="deterministic" sorts dict keys (facts, statistics, plan counts): same Report, same bytes
_ENCODER = msgspec.json.Encoder(order="deterministic")
_DECODER = msgspec.json.Decoder(ReportEnvelope)
_HEADER_DECODER = msgspec.json.Decoder(_Header)


def render_json(report: Report) -> bytes:
    """The Report in its envelope, indented for people who diff report files by eye."""
    return b"".join(render_json_chunks(report))


def render_json_chunks(report: Report) -> Iterator[bytes]:
    """``render_json``'s bytes in pieces, a finding or plan line at a time, for writing as they come.

    A report of half a million findings is a quarter of a gigabyte of JSON; encoding it whole, then
    indenting it, held both copies at once (500 MB above the dry run's own peak). The layout is
    msgspec's ``format(indent=2)``, value by value: each is encoded and indented on its own, then
    moved to its depth (JSON text never holds a raw newline, so that is one ``replace``).
    """
    yield b'{\n  "format": %b,\n  "version": %b,\n  "report": {' % (_encode(FORMAT), _encode(VERSION))
    first = True
    for field in msgspec.structs.fields(Report):
        value = getattr(report, field.name)
        if field.default_factory is not msgspec.NODEFAULT and value == field.default_factory():
            continue  # omit_defaults, as the encoder does
        yield b"%b\n    %b: " % (b"" if first else b",", _encode(field.encode_name))
        first = False
        if isinstance(value, list) and value:
            yield b"["
            for index, item in enumerate(value):
                yield b"%b\n      %b" % (b"," if index else b"", _indented(item, 6))
            yield b"\n    ]"
        else:
            yield _indented(value, 4)
    yield b"\n  }\n}\n"


def _encode(value: object) -> bytes:
    return _ENCODER.encode(value)


def _indented(value: object, depth: int) -> bytes:
    """``value`` as ``format(indent=2)`` lays it out when it starts ``depth`` spaces in."""
    return msgspec.json.format(_ENCODER.encode(value), indent=2).replace(b"\n", b"\n" + b" " * depth)


def load_report(path: str | Path) -> Report:
    """Read a report written by ``render_json``; a bad file is one InputError naming the path."""
    return decode_report(read_input(path, "report"), source=str(path))


def decode_report(data: bytes | str, *, source: str = "<report>") -> Report:
    """Decode report JSON; ``source`` names where it came from in the error message."""
    try:
        header = _HEADER_DECODER.decode(data)
    except msgspec.ValidationError:
        raise InputError(f"{source}: not a Sync Sandbox report (expected a JSON object with a 'format' key)") from None
    except msgspec.DecodeError as exc:
        raise InputError(f"{source}: not a Sync Sandbox report (invalid JSON: {exc})") from None
    if header.format != FORMAT:
        raise InputError(f"{source}: not a Sync Sandbox report (format is {header.format!r}, expected {FORMAT!r})")
    if header.version != VERSION:
        raise InputError(
            f"{source}: report version {header.version!r} is not supported (this version reads {VERSION}); "
            "re-run the dry run with this version"
        )
    try:
        return _DECODER.decode(data).report
    except msgspec.DecodeError as exc:
        raise InputError(f"{source}: invalid report: {exc}") from None
