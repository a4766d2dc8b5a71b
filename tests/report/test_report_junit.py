"""JUnit XML: one test case per check, so CI shows the passing checks as well as the failing ones."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from report_factory import HOSTILE, sample_report

from harness.errors import InputError
from harness.report.render_junit import render_junit


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def test_one_testcase_per_check_in_a_suite_per_category() -> None:
    report = sample_report()
    root = parse(render_junit(report))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(report.checks)
    assert {case.get("name") for case in cases} == {f"{c.code} {c.title}" for c in report.checks}
    for suite in root.findall("testsuite"):
        category = suite.get("name", "").removeprefix("sync-sandbox.")
        assert all(case.get("classname") == f"sync-sandbox.{category}" for case in suite.findall("testcase"))
        assert suite.get("tests") == str(len(suite.findall("testcase")))
        assert suite.get("failures") == str(len(suite.findall("testcase/failure")))
    assert root.get("tests") == "7"


def failing(root: ET.Element) -> set[str]:
    return {(case.get("name") or "").split()[0] for case in root.iter("testcase") if case.find("failure") is not None}


def test_only_errors_fail_by_default_and_warnings_go_to_system_out() -> None:
    root = parse(render_junit(sample_report()))
    assert failing(root) == {"SKU_MISSING", "SKU_DUPLICATE", "STOCK_NEGATIVE"}
    assert root.get("failures") == "3"
    warning = next(c for c in root.iter("testcase") if (c.get("name") or "").startswith("CUSTOMER_DUPLICATE"))
    out = warning.findtext("system-out") or ""
    assert "1 warning finding involving 3 records" in out
    assert "customer 6 helene@example.ca" in out


def test_fail_on_warning_fails_warnings_too_but_never_info() -> None:
    root = parse(render_junit(sample_report(), fail_on="warning"))
    assert failing(root) == {"SKU_MISSING", "SKU_DUPLICATE", "STOCK_NEGATIVE", "CUSTOMER_DUPLICATE"}


def test_a_failure_says_the_count_and_lists_every_record() -> None:
    root = parse(render_junit(sample_report()))
    case = next(c for c in root.iter("testcase") if (c.get("name") or "").startswith("SKU_MISSING"))
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("25 error findings involving 25 records")
    assert failure.get("type") == "error"
    assert "variant 1024 SKU-024" in (failure.text or "")  # nothing is cut in CI
    assert "Fix: Create the items in QuickBooks." in (failure.text or "")


def test_hostile_and_unprintable_store_data_stays_valid_xml() -> None:
    report = sample_report(hostile=HOSTILE + ' & "quotes" \x00\x1b]]>')
    root = parse(render_junit(report))
    case = next(c for c in root.iter("testcase") if (c.get("name") or "").startswith("SKU_DUPLICATE"))
    assert HOSTILE in (case.findtext("failure") or "")
    assert "\\x00" in (case.findtext("failure") or "")


def test_a_bad_fail_on_is_a_user_error() -> None:
    with pytest.raises(InputError, match="fail_on"):
        render_junit(sample_report(), fail_on="info")  # type: ignore[arg-type]
