"""A recording folder: ``store.yaml`` and ``books.yaml`` (vcrpy cassettes) and ``recording.json``.

``recording.json`` says what is needed to replay (platform, base URLs, which credential keys the
clients expect, the identifiers that are not secrets such as the QuickBooks realm) and what was
done to the data (headers and query keys filtered, kinds of values scrubbed, pseudonymised or not).
It never holds a secret value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.errors import InputError, read_input
from harness.inspection import RECORDING_FILE
from harness.sources.recorded.cassette import write_text_atomically
from harness.sources.recorded.filters import IDENTIFIER_KEYS, placeholder

STORE_CASSETTE = "store.yaml"
BOOKS_CASSETTE = "books.yaml"
FORMAT = "sync-sandbox/recording"
VERSION = 1


@dataclass
class Side:
    """One recorded system: the store or the QuickBooks company."""

    platform: str
    base_url: str
    cassette: str
    interactions: int
    credential_keys: list[str]
    identifiers: dict[str, str] = field(default_factory=dict)

    def replay_credentials(self) -> dict[str, str]:
        """What the client is given on replay: the identifiers, and a stand-in for every secret."""
        creds = {key: placeholder(key) for key in self.credential_keys}
        creds.update(self.identifiers)
        return creds

    @classmethod
    def of(cls, platform: str, base_url: str, cassette: str, interactions: int, credentials: dict[str, str]) -> Side:
        return cls(
            platform=platform,
            base_url=base_url,
            cassette=cassette,
            interactions=interactions,
            credential_keys=sorted(k for k in credentials if k not in IDENTIFIER_KEYS),
            identifiers={k: v for k, v in sorted(credentials.items()) if k in IDENTIFIER_KEYS},
        )


@dataclass
class Recording:
    store: Side | None = None
    books: Side | None = None
    pseudonymised: bool = False
    seed: int | None = None
    #: names of what was filtered (headers, query keys, body fields) and how many credential values
    filtered: dict[str, Any] = field(default_factory=dict)
    #: kind of personal data -> how many values were replaced
    scrubbed: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for name in ("store", "books"):
            side: Side | None = getattr(self, name)
            if side is not None:
                data[name] = side.__dict__
        data.update(
            pseudonymised=self.pseudonymised,
            seed=self.seed,
            filtered=self.filtered,
            scrubbed=dict(sorted(self.scrubbed.items())),
        )
        return json.dumps(data, indent=2, sort_keys=False) + "\n"

    def save(self, folder: Path) -> None:
        write_text_atomically(folder / RECORDING_FILE, self.to_json())


def is_recording(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() and (p / RECORDING_FILE).is_file()


def read_recording(folder: str | Path) -> Recording:
    """The recording.json of ``folder``; every problem names the file and the key."""
    path = Path(folder) / RECORDING_FILE
    content = read_input(path)
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: not a sync-sandbox recording (format should be {FORMAT!r})")
    recording = Recording(
        pseudonymised=bool(data.get("pseudonymised")),
        seed=data.get("seed"),
        filtered=dict(data.get("filtered") or {}),
        scrubbed=dict(data.get("scrubbed") or {}),
    )
    for name in ("store", "books"):
        raw = data.get(name)
        if raw is None:
            continue
        try:
            side = Side(
                platform=str(raw["platform"]),
                base_url=str(raw["base_url"]),
                cassette=str(raw["cassette"]),
                interactions=int(raw["interactions"]),
                credential_keys=[str(k) for k in raw.get("credential_keys") or []],
                identifiers={str(k): str(v) for k, v in (raw.get("identifiers") or {}).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}: {name}: missing or wrong key {exc}") from None
        setattr(recording, name, side)
    return recording
