"""A broken recording or export is one line naming the file and where in it, and exit status 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.sources.generated import generate
from harness.sources.recorded import record

from .support import cli, served


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("recorded") / "rec"
    scenario = generate(seed=3, size="tiny", platform="shopify")
    with served(scenario.store, scenario.books) as live:
        record(folder, store=live.store, books=live.books)
    return folder


def one_line_error(args: list[str | Path]) -> str:
    result = cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95])
def test_a_truncated_cassette_names_the_file_and_line(recording: Path, tmp_path: Path, fraction: float) -> None:
    broken = tmp_path / "rec"
    shutil.copytree(recording, broken)
    data = (broken / "store.yaml").read_bytes()
    (broken / "store.yaml").write_bytes(data[: int(len(data) * fraction)])
    message = one_line_error(["dry-run", "--store", broken])
    assert f"{broken / 'store.yaml'}: line " in message


def test_a_cassette_cut_between_interactions_is_caught_by_its_count(recording: Path, tmp_path: Path) -> None:
    broken = tmp_path / "rec"
    shutil.copytree(recording, broken)
    text = (broken / "store.yaml").read_text()
    cut = text.rindex("\n- request:")
    (broken / "store.yaml").write_text(text[:cut] + "\nversion: 1\n")
    held = text.count("\n- request:")
    message = one_line_error(["dry-run", "--store", broken])
    assert message == (
        f"error: {broken / 'store.yaml'}: holds {held - 1} interactions but recording.json lists {held}; "
        "truncated or edited?"
    )


def test_an_interaction_with_a_missing_key_names_its_number_and_line(recording: Path, tmp_path: Path) -> None:
    broken = tmp_path / "rec"
    shutil.copytree(recording, broken)
    text = (broken / "books.yaml").read_text()
    (broken / "books.yaml").write_text(text.replace("    status:", "    state:", 1))
    message = one_line_error(["dry-run", "--store", broken])
    assert message.startswith(f"error: {broken / 'books.yaml'}: line ")
    assert "interaction #1: missing key 'status'" in message


def test_a_csv_missing_a_column_names_the_file_and_header_row(tmp_path: Path) -> None:
    path = tmp_path / "products_export.csv"
    path.write_text("Handle,Title,Variant Price\nmug,Mug,12.00\n")
    message = one_line_error(["dry-run", "--store", path, "--books", path])
    assert message == f"error: {path}: row 1 (the header): missing column 'Variant SKU'"


@pytest.mark.parametrize("name", ["products_export.csv", "store.yaml", "Customers.xlsx"])
def test_a_binary_file_is_named(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 16)
    message = one_line_error(["dry-run", "--store", path])
    assert message.startswith(f"error: {path}: ")
    assert "binary" in message or "not an Excel workbook" in message


def test_recording_into_a_folder_that_holds_files_is_refused(recording: Path) -> None:
    message = one_line_error(["record", "--platform", "shopify", "--url", "http://127.0.0.1:9", "-o", recording])
    assert "exists and is not an empty folder" in message


def test_a_request_the_recording_does_not_hold_names_the_cassette_and_the_request(
    recording: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "rec"
    shutil.copytree(recording, broken)
    meta = json.loads((broken / "recording.json").read_text())
    meta["store"]["base_url"] = "https://elsewhere.example"
    (broken / "recording.json").write_text(json.dumps(meta))
    message = one_line_error(["dry-run", "--store", broken])
    assert message.startswith(f"error: {broken / 'store.yaml'}: GET https://elsewhere.example/")
    assert "not in the cassette (no recorded request to" in message


def test_an_xml_body_with_entities_is_not_expanded() -> None:
    """A recording is untrusted: an entity bomb in an eBay body is refused by the parser, not expanded."""
    from harness.sources.recorded.walkers import rewrite_xml

    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><GetUserResponse><Email>&c;</Email></GetUserResponse>'
    )
    seen: list[str] = []

    def rewrite(kind: object, field: str, value: str) -> str:
        seen.append(value)
        return value

    assert rewrite_xml(bomb, rewrite) == bomb  # left as recorded, never expanded
    assert seen == []
