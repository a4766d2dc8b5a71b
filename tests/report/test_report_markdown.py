"""Markdown: for a pull request or a ticket — every record kept, store data unable to break the tables."""

from __future__ import annotations

from report_factory import BIG_GROUP, HOSTILE, sample_report

from harness.report.render_md import md, render_markdown


def test_it_has_the_plan_the_tables_and_the_remedies() -> None:
    text = render_markdown(sample_report())
    assert "812 items to match, 40 to create, 3 will fail" in text
    assert "| Kind | match | create | update | skip | fail |" in text
    assert "| Category | Error | Warning | Info |" in text
    assert f"| product | {BIG_GROUP + 1} | 0 | 0 |" in text
    assert "| Finding | Records |\n" in text
    assert "| Finding | Records | Details |\n" in text  # SKU_DUPLICATE has facts
    assert "| Finding | Records | Amount |\n" in text  # TAX_ROUNDING has an amount
    assert "**Fix:** Create the items in QuickBooks." in text
    assert "## Passed checks" in text
    assert "`COUPON_PLUGIN`" in text


def test_every_record_is_kept() -> None:
    text = render_markdown(sample_report())
    assert "SKU\\-024" not in text  # hyphens are not escaped mid-text
    assert "variant 1024 SKU-024" in text
    assert "item 39 TEE-39" in text


def test_hostile_text_is_neither_html_nor_markdown() -> None:
    text = render_markdown(sample_report())
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert HOSTILE not in text
    assert md("a|b *c* [x](y)\nz") == "a\\|b \\*c\\* \\[x\\](y)<br>z"


def test_each_table_row_has_the_same_number_of_cells_as_its_header() -> None:
    report = sample_report(hostile="pipe | in | sku\nnewline")
    tables: list[list[str]] = []
    previous = ""
    for line in render_markdown(report).splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line.replace("\\|", ""))
        previous = line
    assert len(tables) == 9  # plan, categories, 5 finding groups, plan lines, statistics
    for table in tables:
        assert {row.count("|") for row in table} == {table[0].count("|")}, table


def test_the_record_by_record_plan_is_listed_when_present() -> None:
    text = render_markdown(sample_report())
    assert "## Plan, record by record" in text
    assert "| item | match | variant 1001 SKU-001 (product 101) | item i-1 SKU-001 | Name equals SKU |" in text
