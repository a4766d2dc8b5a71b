"""The HTML page a merchant opens: self-contained, filterable, and inert whatever the store holds."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from report_factory import empty_report, sample_report

import harness.report.render_html as render_html_module
from harness.report.render_html import render_html


class Collector(HTMLParser):
    """Tags and attributes of a page, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    return collector


def test_hostile_store_data_renders_inert() -> None:
    page = render_html(sample_report())
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert len([tag for tag, _ in parse(page).tags if tag == "script"]) == 1  # ours, and only ours


def test_hostile_data_cannot_break_out_of_attributes() -> None:
    report = sample_report(hostile='" onmouseover="alert(1)')
    page = render_html(report)
    for _, attrs in parse(page).tags:
        assert not any(name.startswith("on") for name in attrs)


def test_the_page_is_self_contained_and_its_script_is_pinned_by_hash() -> None:
    page = render_html(sample_report())
    collector = parse(page)
    for tag, attrs in collector.tags:
        assert "src" not in attrs, tag
        assert not (attrs.get("href") or "").startswith(("http:", "https:", "//")), tag
        assert tag != "link"
    csp = next(attrs.get("content") or "" for _, attrs in collector.tags
               if attrs.get("http-equiv") == "Content-Security-Policy")
    script = collector.scripts[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


def test_it_has_the_header_plan_chart_and_filters() -> None:
    page = render_html(sample_report())
    assert "Boutique Élan" in page and "Élan Books Inc." in page and "onesaas" in page
    assert "812 items to match, 40 to create, 3 will fail" in page
    assert '<svg class="chart"' in page
    assert len(re.findall(r'<rect class="sev-', page)) == 4  # product, inventory (error), customer, tax
    assert 'id="filter-text"' in page
    assert 'id="filter-severity"' in page and 'id="filter-category"' in page
    assert '<option value="custom-field">' not in page  # only categories that have findings


def test_each_finding_has_its_message_records_and_remedy() -> None:
    page = render_html(sample_report())
    assert page.count('<tr class="finding"') == len(sample_report().findings)
    assert "Hélène Côté and Helene Cote look like the same customer" in page
    assert "variant 1024 SKU-024" in page  # everything is kept
    assert "item 39 TEE-39" in page and "<summary>40 records</summary>" in page
    assert "<strong>Fix:</strong> Merge them." in page


def test_a_clean_run_has_no_chart_and_lists_the_passed_checks() -> None:
    page = render_html(empty_report())
    assert "No findings: every check passed." in page
    assert "<svg" not in page
    assert "Passed checks" in page


def test_the_record_by_record_plan_is_in_a_folded_table() -> None:
    page = render_html(sample_report())
    assert '<section id="plan-lines">' in page
    assert "<td>variant 1001 SKU-001 (product 101)</td><td>item i-1 SKU-001</td><td>Name equals SKU</td>" in page
    assert "duplicate SKU &lt;script&gt;" in page


class TagBalance(HTMLParser):
    """Open/close nesting of a page, ignoring void elements: a template slip shows up as a mismatch."""

    VOID = frozenset({"meta", "input", "br", "hr", "img", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def test_the_page_is_well_nested() -> None:
    for report in (sample_report(), empty_report()):
        checker = TagBalance()
        checker.feed(render_html(report))
        assert checker.errors == [] and checker.stack == []


def test_a_check_with_very_many_findings_lists_the_first_and_counts_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first sync against books with a fraction of the catalogue has 300k findings in one check: the page
    lists the first ones and says how many more the JSON and Markdown reports hold."""
    monkeypatch.setattr(render_html_module, "HTML_LIST_LIMIT", 10)
    page = render_html(sample_report(big=1234))
    section = page.split('data-code="SKU_MISSING"', 1)[1].split("</section>", 1)[0]
    assert section.count('<tr class="finding"') == 10
    assert "SKU-009" in section and "SKU-010" not in section
    assert "1,224 more findings of this check are not listed here" in section
    assert "1,234 findings" in section  # the heading still counts them all
    assert "not listed here" not in render_html(sample_report(big=10))
