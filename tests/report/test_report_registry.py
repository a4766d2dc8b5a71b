"""One entry point for every format: render to bytes, write atomically, same report same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_factory import sample_report

from harness.errors import InputError
from harness.report.render import EXTENSIONS, RENDERERS, render, write_report


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_is_deterministic_bytes(fmt: str) -> None:
    first = render(sample_report(), fmt)
    assert isinstance(first, bytes)
    assert first == render(sample_report(), fmt)
    first.decode("utf-8")


def test_every_format_has_an_extension() -> None:
    assert set(EXTENSIONS) == set(RENDERERS)


def test_options_reach_the_renderer_and_bad_ones_are_user_errors() -> None:
    assert render(sample_report(), "junit", fail_on="warning").count(b"<failure") == 4
    with pytest.raises(InputError, match="no option 'fail_on'"):
        render(sample_report(), "json", fail_on="warning")
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        render(sample_report(), "pdf")


def test_write_report_replaces_the_file_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    written = write_report(sample_report(), "html", target)
    assert written == target
    assert target.read_bytes() == render(sample_report(), "html")
    assert os.listdir(tmp_path) == ["report.html"]


def test_a_failed_write_keeps_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match=r"report.json: cannot write report: No space left on device"):
        write_report(sample_report(), "json", target)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_writing_into_a_missing_directory_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_report(sample_report(), "md", tmp_path / "nope" / "report.md")


def test_a_directory_in_the_way_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "report.md").mkdir()
    with pytest.raises(InputError, match="cannot write report"):
        write_report(sample_report(), "md", tmp_path / "report.md")
    assert os.listdir(tmp_path) == ["report.md"]


def test_a_new_report_is_readable_by_others(tmp_path: Path) -> None:
    path = write_report(sample_report(), "json", tmp_path / "report.json")
    assert path.stat().st_mode & 0o777 == 0o644
