"""vcrpy cassette files: read with errors that name the file, line and interaction; written atomically.

The format is vcrpy's own (version 1): ``interactions: [{request: {method, uri, body, headers},
response: {status: {code, message}, headers, body: {string}}}]``, header values as lists. Files are
written by vcrpy's serializer, so vcrpy and pytest-recording play them; they are read here with
libyaml's safe loader (no Python tags can run) and checked interaction by interaction.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from vcr.serializers import compat, yamlserializer

from harness.errors import InputError, read_input

CASSETTE_VERSION = 1
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Interaction:
    """One recorded request and its response; ``body`` and ``content`` are bytes as on the wire."""

    method: str
    uri: str
    body: bytes | None
    request_headers: dict[str, list[str]]
    status: int
    reason: str
    headers: dict[str, list[str]]
    content: bytes

    def to_vcr(self) -> dict[str, Any]:
        return {
            "request": {
                "body": self.body,
                "headers": self.request_headers,
                "method": self.method,
                "uri": self.uri,
            },
            "response": {
                "body": {"string": self.content},
                "headers": self.headers,
                "status": {"code": self.status, "message": self.reason},
            },
        }


def load_cassette(path: Path) -> list[Interaction]:
    """Every interaction of a cassette file, in order; a broken file raises InputError naming where."""
    text = read_input(path)
    if b"\x00" in text[:4096]:
        raise InputError(f"{path}: a binary file, not a cassette (vcrpy YAML)")
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "not YAML"
        raise InputError(f"{path}:{where}: not a readable cassette ({problem}); truncated or edited?") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable cassette ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise InputError(f"{path}: not a vcrpy cassette (no 'interactions' list at the top)")
    return [_interaction(path, text, number, raw) for number, raw in enumerate(data["interactions"], start=1)]


def _interaction(path: Path, text: bytes, number: int, raw: Any) -> Interaction:
    try:
        request, response = raw["request"], raw["response"]
        status = response["status"]
        interaction = Interaction(
            method=_text(request["method"]).upper(),
            uri=_text(request["uri"]),
            body=_body(request.get("body")),
            request_headers=_headers(request.get("headers") or {}),
            status=int(status["code"]),
            reason=_text(status.get("message") or ""),
            headers=_headers(response.get("headers") or {}),
            content=_body(response["body"]["string"]) or b"",
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        what = f"missing key {exc}" if isinstance(exc, KeyError) else f"wrong type ({exc})"
        raise InputError(f"{path}: line {_line_of(text, number)}: interaction #{number}: {what}") from None
    return interaction


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _body(value: Any) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, dict) and "string" in value:  # vcrpy's older request body shape
        return _body(value["string"])
    raise TypeError(f"body is {type(value).__name__}")


def _headers(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise TypeError(f"headers are {type(value).__name__}, not a mapping")
    out = {}
    for name, values in value.items():
        items = values if isinstance(values, list) else [values]
        out[_text(name)] = [_text(v) if not isinstance(v, int) else str(v) for v in items]
    return out


def _line_of(text: bytes, number: int) -> int:
    """The line where interaction ``number`` starts (only looked up when reporting an error)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        for key, value in node.value if node is not None else ():
            if key.value == "interactions":
                return int(value.value[number - 1].start_mark.line) + 1
    except (yaml.YAMLError, AttributeError, IndexError, TypeError):
        pass
    return 0


def cassette_text(interactions: list[Interaction]) -> str:
    """The YAML vcrpy writes for these interactions (vcrpy's own serializer, so vcrpy reads it back)."""
    data = {
        "interactions": [_unicode(i.to_vcr()) for i in interactions],
        "version": CASSETTE_VERSION,
    }
    return str(yamlserializer.serialize(data))


def _unicode(interaction: dict[str, Any]) -> dict[str, Any]:
    """Bodies as text where they are UTF-8 (readable YAML), bytes (``!!binary``) where not, as vcrpy does."""
    interaction["request"] = compat.convert_to_unicode(interaction["request"])
    body = interaction["request"]["body"]
    if isinstance(body, bytes):
        with contextlib.suppress(UnicodeDecodeError):
            interaction["request"]["body"] = body.decode("utf-8")
    interaction["response"] = compat.convert_to_unicode(interaction["response"])
    return interaction


def write_text_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save_cassette(path: Path, interactions: list[Interaction]) -> None:
    write_text_atomically(path, cassette_text(interactions))
