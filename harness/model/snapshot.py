"""Snapshots: our own versioned JSON form of a Store, Books or Manifest.

A snapshot file is ``{"format": "sync-sandbox/store", "version": 1, "data": {...}}``.
The envelope lets us refuse a Books file passed where a Store is expected, and
migrate old versions later. Writes are atomic (temp file + rename) so a crash
never leaves a half-written snapshot, and encoding is deterministic (sorted
mapping keys) so the same Store always gives the same bytes.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import orjson

from harness.errors import InputError, read_input
from harness.model.books import Books
from harness.model.manifest import Manifest
from harness.model.store import Store

SNAPSHOT_VERSION = 1

_KINDS: dict[type[Any], str] = {Store: "store", Books: "books", Manifest: "manifest"}
T = TypeVar("T", Store, Books, Manifest)

_encoder = msgspec.json.Encoder(order="deterministic")


class _Envelope(msgspec.Struct):
    format: str
    version: int
    data: msgspec.Raw


def encode(record: Store | Books | Manifest) -> bytes:
    """Deterministic snapshot bytes for ``record`` (pretty-printed, newline-terminated)."""
    kind = _KINDS[type(record)]
    body = _encoder.encode({"format": f"sync-sandbox/{kind}", "version": SNAPSHOT_VERSION, "data": record})
    return msgspec.json.format(body, indent=1) + b"\n"


def save(record: Store | Books | Manifest, path: str | os.PathLike[str]) -> Path:
    """Write a snapshot atomically; the target is either the old file or the whole new one."""
    target = Path(path)
    write_atomic(target, encode(record))
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temp file in the same folder and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: str | os.PathLike[str], kind: type[T]) -> T:
    """Read a snapshot of ``kind``; every problem becomes one InputError naming file and path."""
    p = Path(path)
    return decode(read_input(p, "snapshot"), kind, source=str(p))


def decode(raw: bytes, kind: type[T], *, source: str = "<snapshot>") -> T:
    want = f"sync-sandbox/{_KINDS[kind]}"
    try:
        env = msgspec.json.decode(raw, type=_Envelope)
    except msgspec.ValidationError as exc:
        raise InputError(f"{source}: not a sync-sandbox snapshot ({_describe(exc, raw, prefix='')})") from None
    except msgspec.DecodeError as exc:
        raise InputError(f"{source}: not valid JSON: {_lowercase_first(str(exc))}") from None
    if env.format != want:
        raise InputError(f"{source}: is a {env.format!r} snapshot, expected {want!r}")
    if env.version != SNAPSHOT_VERSION:
        raise InputError(
            f"{source}: snapshot version {env.version} is not supported (this sync-sandbox reads version "
            f"{SNAPSHOT_VERSION}); regenerate or re-export it"
        )
    try:
        return msgspec.json.decode(env.data, type=kind)
    except msgspec.ValidationError as exc:
        raise InputError(f"{source}: {_describe(exc, bytes(env.data), prefix='')}") from None


_AT = re.compile(r"^(?P<msg>.*) - at `\$(?P<path>[^`]*)`$")


def _describe(exc: msgspec.ValidationError, raw: bytes, *, prefix: str) -> str:
    """Turn msgspec's "Expected `int`, got `str` - at `$.a[0].b`" into
    ``a[0].b: expected int, got "two"`` — the path first, then the bad value itself."""
    text = str(exc)
    m = _AT.match(text)
    if not m:
        return _reword(_lowercase_first(text.replace("`", "")))
    path = prefix + m.group("path").lstrip(".")
    msg = _lowercase_first(m.group("msg").replace("`", ""))
    value = _value_at(raw, m.group("path"))
    if value is not _MISSING and msg.startswith("expected") and ", got" in msg:
        msg = msg.split(", got")[0] + f", got {_short(value)}"
    elif value is not _MISSING and msg.startswith("invalid") and "value" not in msg:
        msg = f"{msg}: {_short(value)}"
    msg = _reword(msg)
    return f"{path}: {msg}" if path else msg


def _reword(msg: str) -> str:
    if msg.startswith("object contains unknown field "):
        return f"unknown field {msg.removeprefix('object contains unknown field ')!r} (misspelt?)"
    return msg


_MISSING = object()
_STEP = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]|\[\"((?:[^\"\\]|\\.)*)\"\]|\.\"((?:[^\"\\]|\\.)*)\"")


def _value_at(raw: bytes, path: str) -> Any:
    try:
        node: Any = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _MISSING
    for step in _STEP.finditer(path):
        key, index, qkey1, qkey2 = step.groups()
        try:
            if index is not None:
                node = node[int(index)]
            else:
                node = node[key if key is not None else (qkey1 if qkey1 is not None else qkey2)]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return node


def _short(value: Any) -> str:
    text = orjson.dumps(value).decode()
    return text if len(text) <= 60 else text[:57] + "..."


def _lowercase_first(text: str) -> str:
    """"Expected ..." reads on after a colon as "expected ..."; an acronym ("JSON is malformed") stays."""
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]
