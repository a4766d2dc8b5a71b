"""Properties over generated Reports: JSON is lossless and no format ever fails to render."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import msgspec
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mini_schema import validate

from harness.model.manifest import RecordRef
from harness.report.diff import diff_reports, render_diff_json, render_diff_text
from harness.report.model import CATEGORIES, CheckResult, Finding, PlanLine, PlanSummary, Report, ReportSource
from harness.report.render import RENDERERS, render
from harness.report.render_json import ReportEnvelope, load_report, render_json, render_json_chunks
from harness.report.schema import load_schema

SEVERITIES = ("error", "warning", "info")
KINDS = ("product", "variant", "customer", "order", "item", "contact", "tax_code")

text = st.text(max_size=20)
codes = st.sampled_from(["SKU_MISSING", "SKU_DUPLICATE", "CUSTOMER_DUPLICATE", "TAX_ROUNDING", "X<&>\"'"])
refs = st.builds(RecordRef, kind=st.sampled_from(KINDS), id=text, label=st.none() | text,
                 parent_id=st.none() | text)
amounts = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6)
findings = st.builds(
    Finding, code=codes, category=st.sampled_from(CATEGORIES), severity=st.sampled_from(SEVERITIES),
    message=text, records=st.lists(refs, max_size=4), amount=amounts,
    facts=st.dictionaries(text, text, max_size=2),
)
checks = st.builds(
    CheckResult, code=codes, category=st.sampled_from(CATEGORIES), severity=st.sampled_from(SEVERITIES),
    title=text, rule=text, explanation=text, remedy=text, count=st.integers(0, 50),
)
counts = st.dictionaries(st.sampled_from(["item", "customer", "order", "tax", "other"]),
                         st.dictionaries(st.sampled_from(["match", "create", "update", "skip", "fail", "odd"]),
                                         st.integers(0, 10**6), max_size=3), max_size=3)
plan_lines = st.builds(
    PlanLine, kind=st.sampled_from(["item", "customer", "order", "tax"]),
    action=st.sampled_from(["match", "create", "update", "skip", "fail"]),
    store=st.none() | refs, books=st.none() | refs, reason=text,
)
reports = st.builds(
    Report,
    source=st.builds(ReportSource, store_platform=text, store_name=text, books_company=text, books_country=text,
                     profile=text, seed=st.none() | st.integers(0, 2**31)),
    plan=st.builds(PlanSummary, counts=counts),
    checks=st.lists(checks, max_size=5),
    findings=st.lists(findings, max_size=6),
    statistics=st.dictionaries(text, text, max_size=3),
    plan_lines=st.lists(plan_lines, max_size=3),
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(reports)
def test_json_is_lossless_and_valid(report: Report) -> None:
    data = render_json(report)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "report.json"
        path.write_bytes(data)
        assert load_report(path) == report
    validate(orjson.loads(data), load_schema())


@FAST
@given(reports)
def test_every_format_renders_deterministically(report: Report) -> None:
    for fmt in RENDERERS:
        assert render(report, fmt) == render(report, fmt)


@FAST
@given(reports)
def test_json_in_pieces_is_the_whole_encoding_byte_for_byte(report: Report) -> None:
    """The pieces ``-o`` writes one by one are exactly msgspec's encoding of the whole envelope, indented."""
    whole = msgspec.json.format(msgspec.json.Encoder(order="deterministic").encode(ReportEnvelope(report=report)),
                                indent=2) + b"\n"
    pieces = list(render_json_chunks(report))
    assert b"".join(pieces) == whole
    assert len(pieces) >= len(report.findings) + len(report.plan_lines)  # one piece a record, at least


@FAST
@given(reports, reports)
def test_diff_never_fails_and_is_empty_against_itself(old: Report, new: Report) -> None:
    assert not diff_reports(new, new).changed
    diff = diff_reports(old, new)
    render_diff_text(diff)
    render_diff_json(diff)


def test_load_report_reads_what_render_writes(tmp_path: Path) -> None:
    report = Report(
        source=ReportSource(store_platform="shopify", store_name="ß", books_company="b", books_country="US",
                            profile="onesaas"),
        plan=PlanSummary(), checks=[], findings=[Finding(code="A", category="tax", severity="info", message="m",
                                                         amount=Decimal("-0.10"))],
    )
    path = tmp_path / "r.json"
    path.write_bytes(render_json(report))
    assert load_report(path) == report
