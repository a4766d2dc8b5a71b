"""The terminal report: what a merchant reads right after the dry run."""

from __future__ import annotations

import re

from report_factory import BIG_GROUP, HOSTILE, empty_report, sample_report

from harness.report.render_text import render_text

PLAN = (
    "Plan: 812 items to match, 40 to create, 3 will fail; 1,204 customers to match, 96 to create; "
    "2,310 orders to create, 12 to skip."
)


def test_it_opens_with_the_plan_like_terraform() -> None:
    text = render_text(sample_report(), width=200)
    assert PLAN in text
    assert text.index(PLAN) < text.index("SKU_MISSING")


def test_findings_are_grouped_by_category_then_severity_with_the_remedy_once() -> None:
    text = render_text(sample_report(), width=120)
    headings = [line.split()[0] for line in text.splitlines() if line.endswith("─") and "findings" in line]
    assert headings == ["product", "inventory", "customer", "tax"]
    assert text.count("Fix: Create the items in QuickBooks.") == 1
    assert "WARNING CUSTOMER_DUPLICATE" in text
    assert "customer 5 hélène@example.ca" in text
    assert "order 9 #1001" in text


def test_large_groups_are_cut_short_in_the_terminal() -> None:
    text = render_text(sample_report(), width=120)
    assert "SKU-009" in text
    assert "SKU-010" not in text
    assert f"… and {BIG_GROUP - 10} more findings" in text
    assert "… and 30 more records" in text  # 40 records under one finding, 10 shown
    assert "SKU-015" in render_text(sample_report(), width=120, limit=100)


def test_it_ends_with_totals_by_severity() -> None:
    last = render_text(sample_report()).rstrip().splitlines()[-1]
    assert last == f"{BIG_GROUP + 2} errors, 1 warning, 1 info in 7 checks (2 passed)"


def test_store_data_is_printed_as_is_never_as_markup() -> None:
    report = sample_report(hostile="[bold red]SALE[/] \x1b[2J")
    text = render_text(report, width=200, color=True)
    assert "[bold red]SALE[/]" in text
    assert "\x1b[2J" not in text  # an escape sequence in a SKU cannot clear the merchant's screen
    assert "\\x1b[2J" in text
    assert HOSTILE in render_text(sample_report())


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in render_text(sample_report())
    assert "\x1b[" in render_text(sample_report(), color=True)


def test_same_report_same_text_and_width_is_respected() -> None:
    report = sample_report()
    assert render_text(report, width=60) == render_text(report, width=60)
    assert max(len(line) for line in render_text(report, width=60).splitlines()) <= 60


def test_a_clean_run_says_so() -> None:
    text = render_text(empty_report())
    assert "Plan: nothing to sync." in text
    assert re.search(r"^0 errors, 0 warnings, 0 info in 1 check \(1 passed\)$", text, re.M)


def test_wrapped_lines_keep_their_indent_and_no_line_ends_in_blanks() -> None:
    text = render_text(sample_report(), width=40)
    assert "  • Variant SKU 'SKU-000' has no item in\n    QuickBooks\n" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_a_record_stays_on_one_line_even_when_its_sku_holds_a_newline() -> None:
    report = sample_report(hostile="SNK\n00129-7\tX")
    assert "variant 1900 SNK\\n00129-7\\tX (product 1000)" in render_text(report, width=200)
