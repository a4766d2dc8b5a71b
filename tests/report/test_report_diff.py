"""Report diffs: what a connector change did to the findings and the plan."""

from __future__ import annotations

import msgspec
import orjson
from report_factory import recount, sample_report

from harness.model.manifest import RecordRef
from harness.report.diff import decode_diff, diff_reports, render_diff_json, render_diff_text
from harness.report.model import Finding, Report


def fixed_and_broken() -> tuple[Report, Report]:
    """Old: the sample. New: duplicates fixed, a new coupon problem, one SKU fixed and one more missing."""
    old = sample_report()
    new = sample_report()
    new.findings = [f for f in new.findings if f.code != "SKU_DUPLICATE"]
    new.findings = [f for f in new.findings if not (f.code == "SKU_MISSING" and f.records[0].label == "SKU-003")]
    new.findings.append(Finding(code="SKU_MISSING", category="product", severity="error", message="new",
                                records=[RecordRef(kind="variant", id="5000", label="NEW-SKU")]))
    new.findings.append(Finding(code="COUPON_PLUGIN", category="extension", severity="warning",
                                message="Smart Coupons is not supported",
                                records=[RecordRef(kind="order", id="77", label="#1077")]))
    new.plan.counts["item"]["create"] = 38
    new.plan.counts["tax"] = {"match": 4}
    return old, recount(new)


def test_the_same_report_has_no_changes() -> None:
    diff = diff_reports(sample_report(), sample_report())
    assert not diff.changed
    assert render_diff_text(diff) == "No differences: same findings, same plan.\n"


def test_appeared_disappeared_and_changed_per_code() -> None:
    diff = diff_reports(*fixed_and_broken())
    assert diff.changed and diff.regressed
    status = {change.code: change.status for change in diff.findings}
    assert status == {"SKU_MISSING": "changed", "SKU_DUPLICATE": "disappeared", "COUPON_PLUGIN": "appeared"}
    missing = next(c for c in diff.findings if c.code == "SKU_MISSING")
    assert (missing.old_count, missing.new_count) == (25, 25)  # same count, different records: still a change
    assert [r.label for r in missing.records_added] == ["NEW-SKU"]
    assert [r.label for r in missing.records_removed] == ["SKU-003"]
    duplicate = next(c for c in diff.findings if c.code == "SKU_DUPLICATE")
    assert duplicate.new_count == 0 and len(duplicate.records_removed) == 3


def test_plan_count_changes() -> None:
    diff = diff_reports(*fixed_and_broken())
    assert [(p.kind, p.action, p.old, p.new) for p in diff.plan] == [("item", "create", 40, 38), ("tax", "match", 0, 4)]


def test_fixing_problems_is_a_change_but_not_a_regression() -> None:
    old, new = fixed_and_broken()
    diff = diff_reports(new, old)
    assert diff.changed
    assert diff.by_status("appeared")[0].code == "SKU_DUPLICATE"
    improved = sample_report()
    improved.findings = [f for f in improved.findings if f.code != "SKU_DUPLICATE"]
    recount(improved)
    assert not diff_reports(old, improved).regressed


def test_a_severity_change_is_reported() -> None:
    old = sample_report()
    new = sample_report()
    for f in new.findings:
        if f.code == "TAX_ROUNDING":
            f.severity = "warning"
    new.checks = [msgspec.structs.replace(c, severity="warning") if c.code == "TAX_ROUNDING" else c
                  for c in new.checks]
    (change,) = diff_reports(old, new).findings
    assert (change.code, change.severity, change.old_severity) == ("TAX_ROUNDING", "warning", "info")


def test_text_form_marks_each_change() -> None:
    text = render_diff_text(diff_reports(*fixed_and_broken()))
    assert text.startswith("Report diff: 1 check appeared, 1 disappeared, 1 changed; plan changed on 2 counts.")
    assert "+ COUPON_PLUGIN (extension, warning) appeared: 0 → 1 findings" in text
    assert "- SKU_DUPLICATE (product, error) disappeared: 1 → 0 findings" in text
    assert "    + variant 5000 NEW-SKU" in text
    assert "    - variant 1003 SKU-003 (product 103)" in text
    assert "  item create: 40 → 38 (-2)" in text


def test_text_form_caps_long_record_lists() -> None:
    old = sample_report()
    new = sample_report()
    new.findings = [f for f in new.findings if f.code != "STOCK_NEGATIVE"]
    recount(new)
    text = render_diff_text(diff_reports(old, new), limit=5)
    assert "    - … and 35 more records" in text


def test_json_form_round_trips_with_the_exit_code_answers() -> None:
    diff = diff_reports(*fixed_and_broken())
    data = render_diff_json(diff)
    envelope = orjson.loads(data)
    assert envelope["format"] == "sync-sandbox/report-diff"
    assert envelope["changed"] is True and envelope["regressed"] is True
    assert decode_diff(data) == diff
    assert data == render_diff_json(diff_reports(*fixed_and_broken()))
