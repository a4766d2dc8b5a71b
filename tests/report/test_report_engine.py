"""The renderers on a real dry run: the generated demo store with every pathology, as the merchant would see it.

The hand-built reports elsewhere pin the details; this one proves the formats
hold up on what the engine actually produces (dozens of checks, hundreds of
findings, SKUs with tabs and newlines, accents in names).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import orjson
import pytest
from mini_schema import validate

from harness.report.diff import diff_reports
from harness.report.model import Report
from harness.report.render import EXTENSIONS, RENDERERS, render, write_report
from harness.report.render_json import load_report
from harness.report.schema import load_schema
from harness.sources.generated import DEMO_PATHOLOGIES, generate
from harness.sync.engine import dry_run


@pytest.fixture(scope="module")
def demo_report() -> Report:
    scenario = generate(seed=7, size="small", platform="shopify", pathologies=dict(DEMO_PATHOLOGIES))
    result = dry_run(scenario.store, scenario.books, rehearse=False, include_plan_lines=True, seed=7)
    report: Report = result.report
    return report


def test_every_format_writes_and_the_json_reads_back(demo_report: Report, tmp_path: Path) -> None:
    for fmt in RENDERERS:
        write_report(demo_report, fmt, tmp_path / f"demo{EXTENSIONS[fmt]}")
    assert load_report(tmp_path / "demo.json") == demo_report
    validate(orjson.loads((tmp_path / "demo.json").read_bytes()), load_schema())
    assert not diff_reports(demo_report, load_report(tmp_path / "demo.json")).changed


def test_the_real_report_reads_as_promised(demo_report: Report) -> None:
    text = render(demo_report, "text", width=120).decode()
    assert text.splitlines()[3].startswith("Plan: ")
    assert text.rstrip().splitlines()[-1].endswith("passed)")
    junit = ET.fromstring(render(demo_report, "junit"))
    assert len(list(junit.iter("testcase"))) == len(demo_report.checks)
    html = render(demo_report, "html").decode()
    assert html.count('<tr class="finding"') == len(demo_report.findings)
