"""The Markdown form: for a pull request, a ticket or a wiki page.

Every finding and every record is kept (unlike the terminal). Store data is
escaped twice over: HTML entities, because most Markdown viewers pass raw HTML
through, and Markdown punctuation, so a SKU like ``*SALE*|2`` neither turns
bold nor splits a table cell.
"""

from __future__ import annotations

import html
import re

from harness.report.model import Report
from harness.report.render_common import (
    SEVERITIES,
    CheckGroup,
    check_groups,
    plan_sentence,
    plan_table,
    plural,
    printable,
    record_text,
    source_sentence,
    totals_sentence,
)


def render_markdown(report: Report) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    lines: list[str] = ["# Sync Sandbox dry run", "", md(source_sentence(report)), ""]
    lines += _plan(report)
    groups = check_groups(report)
    failing = [group for group in groups if group.count]
    lines += ["## Findings", "", md(totals_sentence(report)), ""]
    if failing:
        lines += _category_table(failing)
    category = None
    for group in failing:
        if group.check.category != category:
            category = group.check.category
            lines += [f"### {md(category)}", ""]
        lines += _group(group)
    passed = [group for group in groups if not group.count]
    if passed:
        lines += ["## Passed checks", ""]
        lines += [f"- `{code(g.check.code)}` {md(g.check.title)} ({md(g.check.category)})" for g in passed]
        lines.append("")
    if report.plan_lines:
        lines += _plan_lines(report)
    if report.statistics:
        lines += ["## Statistics", "", "| Statistic | Value |", "|---|---|"]
        lines += [f"| {md(key)} | {md(value)} |" for key, value in sorted(report.statistics.items())]
        lines.append("")
    return "\n".join(lines)


def _plan(report: Report) -> list[str]:
    lines = ["## Plan", "", md(plan_sentence(report)), ""]
    actions, rows = plan_table(report)
    if not rows:
        return lines
    lines.append("| Kind | " + " | ".join(md(a) for a in actions) + " |")
    lines.append("|---|" + "---:|" * len(actions))
    lines += [f"| {md(kind)} | " + " | ".join(f"{n:,}" for n in numbers) + " |" for kind, numbers in rows]
    return [*lines, ""]


def _plan_lines(report: Report) -> list[str]:
    """The per-record plan, present when the dry run was asked for it (``--plan``)."""
    lines = ["## Plan, record by record", "", "| Kind | Action | Store record | Books record | Reason |",
             "|---|---|---|---|---|"]
    for line in report.plan_lines:
        store = md(record_text(line.store)) if line.store else ""
        books = md(record_text(line.books)) if line.books else ""
        lines.append(f"| {md(line.kind)} | {md(line.action)} | {store} | {books} | {md(line.reason)} |")
    return [*lines, ""]


def _category_table(groups: list[CheckGroup]) -> list[str]:
    lines = ["| Category | " + " | ".join(s.capitalize() for s in SEVERITIES) + " |", "|---|---:|---:|---:|"]
    per_category: dict[str, dict[str, int]] = {}
    for group in groups:
        row = per_category.setdefault(group.check.category, dict.fromkeys(SEVERITIES, 0))
        row[group.check.severity] += group.count
    for category, row in per_category.items():
        lines.append(f"| {md(category)} | " + " | ".join(f"{row[s]:,}" for s in SEVERITIES) + " |")
    return [*lines, ""]


def _group(group: CheckGroup) -> list[str]:
    check = group.check
    lines = [
        f"#### {check.severity.upper()} `{code(check.code)}` {md(check.title)} ({plural(group.count, 'finding')})",
        "",
    ]
    if check.explanation:
        lines += [md(check.explanation), ""]
    if check.remedy:
        lines += [f"**Fix:** {md(check.remedy)}", ""]
    if check.rule:
        lines += [f"_Rule:_ {md(check.rule)}", ""]
    if group.findings:
        # Amount and Details columns only where some finding has them: most checks have neither.
        amounts = any(f.amount is not None for f in group.findings)
        details = any(f.facts for f in group.findings)
        header = ["Finding", "Records"] + ["Amount"] * amounts + ["Details"] * details
        lines += ["| " + " | ".join(header) + " |", "|---|---|" + "---:|" * amounts + "---|" * details]
        for finding in group.findings:
            cells = [md(finding.message), "<br>".join(md(record_text(ref)) for ref in finding.records)]
            if amounts:
                cells.append(md(str(finding.amount)) if finding.amount is not None else "")
            if details:
                cells.append("<br>".join(f"{md(k)}: {md(v)}" for k, v in sorted(finding.facts.items())))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return lines


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LEADING = re.compile(r"^([#+\-=])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


def md(text: str) -> str:
    """Text safe in a Markdown paragraph or table cell: entities for HTML, backslashes for Markdown."""
    escaped = html.escape(printable(text), quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    escaped = _MD_ORDERED.sub(r"\1\\\2", _MD_LEADING.sub(r"\\\1", escaped))
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def code(text: str) -> str:
    """A check code inside backticks: codes are identifiers, but a backtick would still end the span."""
    return printable(text).replace("`", "'").replace("\n", " ")
