"""The renderer registry: one name per format, one call to render or write any of them.

A new format is one module ``render_<name>.py`` and one line in ``RENDERERS``;
the CLI lists the names from here, so it never needs to change.
"""

from __future__ import annotations

import inspect
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.heap import gc_paused
from harness.report.model import Report
from harness.report.render_html import render_html, render_html_chunks
from harness.report.render_json import render_json, render_json_chunks
from harness.report.render_junit import render_junit
from harness.report.render_md import render_markdown
from harness.report.render_text import render_text

#: callable(report, **options) -> str | bytes; options are keyword-only extras such as junit's ``fail_on``
Renderer = Callable[..., str | bytes]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "md": render_markdown,
    "html": render_html,
}

#: the file name extension of each format, for callers that name output files
EXTENSIONS: dict[str, str] = {"text": ".txt", "json": ".json", "junit": ".xml", "md": ".md", "html": ".html"}


#: formats written a piece at a time, so that a large report is never held whole (nor twice) in memory
CHUNKED: dict[str, Callable[..., Iterator[bytes]]] = {"json": render_json_chunks, "html": render_html_chunks}


def render(report: Report, fmt: str, **options: Any) -> bytes:
    """The report in format ``fmt`` as UTF-8 bytes; ``options`` go to that format's renderer.

    An unknown format or an option the format does not take is an InputError
    (they come from the command line), not a TypeError.
    """
    return b"".join(render_chunks(report, fmt, **options))


def render_chunks(report: Report, fmt: str, **options: Any) -> Iterator[bytes]:
    """``render``'s bytes in pieces: for the formats in ``CHUNKED`` a record at a time, else whole.

    The format and options are checked now, before the first piece is asked for.
    """
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise InputError(f"unknown report format {fmt!r}; choose one of: {', '.join(RENDERERS)}")
    accepted = set(inspect.signature(renderer).parameters) - {"report"}
    unknown = sorted(set(options) - accepted)
    if unknown:
        takes = ", ".join(sorted(accepted)) or "no options"
        raise InputError(f"report format {fmt!r} has no option {unknown[0]!r} (it takes: {takes})")
    return _pieces(report, fmt, renderer, options)


def _pieces(report: Report, fmt: str, renderer: Renderer, options: dict[str, Any]) -> Iterator[bytes]:
    with gc_paused():  # a large report is a million acyclic strings and dicts: nothing for the collector
        if fmt in CHUNKED:
            yield from CHUNKED[fmt](report, **options)
            return
        out = renderer(report, **options)
    yield out.encode("utf-8") if isinstance(out, str) else out


def write_report(report: Report, fmt: str, path: str | Path, **options: Any) -> Path:
    """Render and write atomically: a reader (CI, a browser) never sees half a report.

    The bytes go to a temporary file in the same directory, then ``os.replace``
    swaps it in; on any failure the temporary file is removed and the old
    report, if any, is left intact.
    """
    pieces = render_chunks(report, fmt, **options)
    target = Path(path)
    directory = target.parent
    if not directory.is_dir():
        raise InputError(f"{target}: cannot write report: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"{target}: cannot write report: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp creates 0600; a report is meant to be shared, so keep the old file's mode or use 0644
            os.fchmod(handle.fileno(), target.stat().st_mode & 0o777 if target.exists() else 0o644)
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # a full disk or a directory in the way: the user's to fix, in one line
            raise InputError(f"{target}: cannot write report: {exc.strerror or exc}") from None
        raise
    return target
