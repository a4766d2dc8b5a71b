"""``sync-sandbox scrub``: pseudonymise (and re-scrub) a recording that already exists, into a new folder."""

from __future__ import annotations

import os
from pathlib import Path

from harness.errors import InputError
from harness.sources.recorded.cassette import Interaction, load_cassette
from harness.sources.recorded.pseudonym import Pseudonymiser
from harness.sources.recorded.recorder import write_recording
from harness.sources.recorded.recording import Recording, read_recording
from harness.sources.recorded.scrub import Scrubber


def scrub_recording(
    folder: str | os.PathLike[str], output: str | os.PathLike[str], *, seed: int | None = None
) -> Recording:
    """A pseudonymised copy of the recording ``folder`` in the new folder ``output``."""
    source, target = Path(folder), Path(output)
    if source.resolve() == target.resolve():
        raise InputError(f"{target}: the output must be a new folder, not the recording itself")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target}: exists and is not an empty folder; scrub into a new folder")
    recording = read_recording(source)
    salt = f"seed:{seed}" if seed is not None else os.urandom(16).hex()
    scrubber = Scrubber(Pseudonymiser(salt))
    cassettes: dict[str, list[Interaction]] = {}
    for side in (recording.store, recording.books):
        if side is not None:
            cassettes[side.cassette] = scrubber.interactions(load_cassette(source / side.cassette))
    recording.pseudonymised = True
    recording.seed = seed
    for kind, count in scrubber.counts.items():
        recording.scrubbed[kind] = recording.scrubbed.get(kind, 0) + count
    write_recording(target, cassettes, recording)
    return recording


__all__ = ["scrub_recording"]
