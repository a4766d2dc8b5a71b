"""The HTML page's filter script, run under node against a stand-in DOM (skipped where node is missing).

A browser test would be heavier than the feature; what matters is the rule the
merchant relies on: the text box, the severity and the category select hide
the rows that do not match, and a check with no row left is hidden too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from report_factory import sample_report

from harness.report.render_html import render_html

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

FAKE_DOM = """
function control() {
  return { value: "", handlers: [], addEventListener(type, fn) { this.handlers.push(fn); },
           fire() { this.handlers.forEach(function (fn) { fn(); }); } };
}
function row(text) { return { textContent: text, hidden: false }; }
function section(code, severity, category, rows) {
  return { dataset: { code: code, severity: severity, category: category }, hidden: false,
           querySelector() { return { textContent: code + " title" }; },
           querySelectorAll() { return rows; }, rows: rows };
}
const controls = { "filter-text": control(), "filter-severity": control(), "filter-category": control(),
                   "filter-shown": { textContent: "" } };
const sections = [
  section("SKU_MISSING", "error", "product", [row("Variant SKU-001 missing"), row("Variant SKU-002 missing")]),
  section("CUSTOMER_DUPLICATE", "warning", "customer", [row("Hélène Côté twice")]),
];
global.document = { getElementById(id) { return controls[id]; }, querySelectorAll() { return sections; } };
"""

REPORT_STATE = """
function state(label) {
  return { label: label, shown: controls["filter-shown"].textContent,
           sections: sections.map(function (s) { return s.hidden; }),
           rows: sections.map(function (s) { return s.rows.map(function (r) { return r.hidden; }); }) };
}
const out = [state("initial")];
controls["filter-text"].value = "sku-002"; controls["filter-text"].fire(); out.push(state("text"));
controls["filter-text"].value = ""; controls["filter-severity"].value = "warning";
controls["filter-severity"].fire(); out.push(state("severity"));
controls["filter-severity"].value = ""; controls["filter-category"].value = "product";
controls["filter-category"].fire(); out.push(state("category"));
controls["filter-category"].value = ""; controls["filter-text"].value = "customer_duplicate";
controls["filter-text"].fire(); out.push(state("code"));
console.log(JSON.stringify(out));
"""


def page_script() -> str:
    match = re.search(r"<script>(.*?)</script>", render_html(sample_report()), re.S)
    assert match is not None
    return match.group(1)


def run_node(program: str) -> str:
    result = subprocess.run([NODE or "node", "-e", program], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_filter() -> dict[str, dict[str, object]]:
    output = run_node(FAKE_DOM + page_script() + REPORT_STATE)
    return {state["label"]: state for state in json.loads(output)}


def test_a_page_without_findings_runs_the_script_without_error() -> None:
    assert run_node("global.document = { getElementById() { return null; } };" + page_script()) == ""


def test_the_filters_hide_rows_and_empty_checks() -> None:
    states = run_filter()
    assert states["initial"]["shown"] == "3 shown"
    assert states["text"]["rows"] == [[True, False], [True]]
    assert states["text"]["sections"] == [False, True]
    assert states["severity"]["sections"] == [True, False]
    assert states["category"]["sections"] == [False, True]
    assert states["code"]["rows"] == [[True, True], [False]]  # the check's heading matches too
    assert states["code"]["shown"] == "1 shown"
