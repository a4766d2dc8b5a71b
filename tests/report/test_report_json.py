"""JSON reports: what a CI script reads and `report diff` compares — lossless, deterministic, validated."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from mini_schema import validate
from report_factory import empty_report, sample_report

from harness.errors import InputError
from harness.report.render_json import decode_report, load_report, render_json
from harness.report.schema import SCHEMA_ID, SCHEMA_PATH, load_schema, schema_text


def test_the_report_comes_back_from_its_json_file_unchanged(tmp_path: Path) -> None:
    report = sample_report()
    path = tmp_path / "report.json"
    path.write_bytes(render_json(report))
    assert load_report(path) == report


def test_the_json_is_wrapped_in_a_versioned_envelope() -> None:
    data = orjson.loads(render_json(sample_report()))
    assert data["format"] == "sync-sandbox/report"
    assert data["version"] == 1
    assert data["report"]["source"]["store_platform"] == "shopify"
    assert data["report"]["findings"][0]["code"] == "SKU_MISSING"


def test_same_report_same_bytes_whatever_the_dict_order() -> None:
    report = sample_report()
    shuffled = sample_report()
    shuffled.plan.counts = dict(reversed(list(shuffled.plan.counts.items())))
    shuffled.statistics = dict(reversed(list(shuffled.statistics.items())))
    assert render_json(report) == render_json(shuffled)


@pytest.mark.parametrize("factory", [sample_report, empty_report])
def test_rendered_reports_validate_against_the_published_schema(factory: object) -> None:
    report = factory()  # type: ignore[operator]
    validate(orjson.loads(render_json(report)), load_schema())


def test_the_schema_rejects_what_is_not_a_report() -> None:
    data = orjson.loads(render_json(sample_report()))
    data["report"]["findings"][0]["severity"] = "catastrophic"
    with pytest.raises(AssertionError, match="catastrophic"):
        validate(data, load_schema())


def test_the_published_schema_is_current_and_identified() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m harness.report.schema"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"] == "Sync Sandbox dry-run report"
    assert schema["required"] == ["format", "version", "report"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "invalid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"products": []}', "format is None"),
        (b'{"format": "sync-sandbox/report", "version": 99, "report": {}}', "version 99 is not supported"),
        (b'{"format": "sync-sandbox/report", "version": 1, "report": {"source": 3}}', r"\$.report"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_path(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected) as caught:
        load_report(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "\n" not in message


def test_a_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read report") as caught:
        load_report(tmp_path / "nope.json")
    assert str(tmp_path / "nope.json") in str(caught.value)


def test_decode_report_names_its_source() -> None:
    with pytest.raises(InputError, match=r"^upload: "):
        decode_report(b"{}", source="upload")
