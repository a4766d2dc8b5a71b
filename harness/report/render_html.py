"""The HTML form: one self-contained page a merchant can open, read and filter offline.

Everything is inline (CSS, a few lines of vanilla JS, an SVG chart drawn
here, not in the browser), so the page can be mailed or attached to a ticket.
The data in it comes from merchants' stores and books, so it is hostile by
assumption: jinja2 autoescapes every value, nothing from the Report is ever
marked safe, and a Content-Security-Policy allows only the page's own script
and style (by hash) — an injected ``<script>`` would not run even if escaping
were ever bypassed.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from harness.report.model import CheckResult, PlanLine, Report
from harness.report.render_common import (
    SEVERITIES,
    CheckGroup,
    check_groups,
    plan_sentence,
    plan_table,
    plural,
    printable,
    record_text,
    severity_count,
    totals_sentence,
)

#: a finding with more records than this shows them folded in <details> (all are still in the page)
RECORD_FOLD = 10
#: findings of one check the page lists; the rest are counted and left to the JSON and Markdown reports.
#: A first sync against books holding a fraction of the catalogue creates hundreds of thousands of items:
#: listed in full, that page is 160 MB, more than a browser will filter, and no merchant reads row 200,000.
HTML_LIST_LIMIT = 1000

_CHART_LABEL_WIDTH = 120
_CHART_BAR_WIDTH = 480
_CHART_ROW_HEIGHT = 24


def render_html(report: Report) -> str:
    """The report as one HTML page (a str; ``render`` encodes it as UTF-8)."""
    return "".join(render_html_pieces(report))


def render_html_chunks(report: Report) -> Iterator[bytes]:
    """The page as UTF-8, about 64 kB at a time: a report of half a million findings is never held whole,
    nor are the row views of its findings (they are made as the template reaches them)."""
    pending: list[str] = []
    size = 0
    for piece in render_html_pieces(report):
        pending.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


_CHUNK = 1 << 16


def render_html_pieces(report: Report) -> Iterator[str]:
    env = _environment()
    style = env.get_template("report.css.j2").render()
    script = env.get_template("report.js.j2").render()
    groups = check_groups(report)
    failing = [group for group in groups if group.count]
    actions, rows = plan_table(report)
    return env.get_template("report.html.j2").generate(
        source=report.source,
        csp=_content_security_policy(style, script),
        style=Markup(style),  # our own static file, never report data
        script=Markup(script),  # idem
        plan_sentence=plan_sentence(report),
        plan_actions=actions,
        plan_rows=[(kind, [f"{n:,}" for n in numbers]) for kind, numbers in rows],
        totals=totals_sentence(report),
        chart=bar_chart(failing),
        severities=SEVERITIES,
        categories=list(dict.fromkeys(group.check.category for group in failing)),
        groups=[_GroupView.of(group) for group in failing],
        passed=[group.check for group in groups if not group.count],
        statistics=sorted(report.statistics.items()),
        plan_lines=(_PlanLineView.of(line) for line in report.plan_lines),
        plan_line_count=len(report.plan_lines),
        record_fold=RECORD_FOLD,
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("harness.report", "templates"),
        # Always on, whatever the template's file name: report.html.j2 would escape nothing under
        # select_autoescape's default extension list.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )


def _finalize(value: Any) -> Any:
    """Every printed string loses its control characters (invalid in HTML) before it is escaped."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def _content_security_policy(style: str, script: str) -> str:
    return (
        f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@dataclass(frozen=True)
class Segment:
    severity: str
    count: int
    x: int
    width: int

    @property
    def text(self) -> str:
        return severity_count(self.count, self.severity)


@dataclass(frozen=True)
class BarRow:
    label: str
    y: int
    total: int
    end: int
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    rows: list[BarRow]


def bar_chart(groups: list[CheckGroup]) -> BarChart:
    """Findings per category, stacked by severity, laid out in whole pixels (stable output)."""
    per_category: dict[str, dict[str, int]] = {}
    for group in groups:
        row = per_category.setdefault(group.check.category, dict.fromkeys(SEVERITIES, 0))
        row[group.check.severity] += group.count
    biggest = max((sum(row.values()) for row in per_category.values()), default=0)
    rows: list[BarRow] = []
    for index, (category, row) in enumerate(per_category.items()):
        x = _CHART_LABEL_WIDTH
        segments: list[Segment] = []
        for severity in SEVERITIES:
            if row[severity]:
                width = max(1, round(_CHART_BAR_WIDTH * row[severity] / biggest))
                segments.append(Segment(severity, row[severity], x, width))
                x += width
        rows.append(BarRow(category, index * _CHART_ROW_HEIGHT, sum(row.values()), x, segments))
    return BarChart(_CHART_LABEL_WIDTH + _CHART_BAR_WIDTH + 60, max(1, len(rows)) * _CHART_ROW_HEIGHT, rows)


@dataclass(frozen=True)
class _PlanLineView:
    kind: str
    action: str
    store: str
    books: str
    reason: str

    @classmethod
    def of(cls, line: PlanLine) -> _PlanLineView:
        return cls(
            kind=line.kind, action=line.action, reason=line.reason,
            store=record_text(line.store) if line.store else "",
            books=record_text(line.books) if line.books else "",
        )


@dataclass(frozen=True)
class _FindingView:
    severity: str
    message: str
    records: list[str]
    facts: list[tuple[str, str]]
    amount: Decimal | str


@dataclass(frozen=True)
class _GroupView:
    check: CheckResult
    count_text: str
    has_amounts: bool
    #: made one by one as the template reaches them (at most HTML_LIST_LIMIT)
    findings: Iterable[_FindingView]
    #: findings of this check the page does not list
    unlisted: int = 0

    @classmethod
    def of(cls, group: CheckGroup) -> _GroupView:
        findings: Iterable[_FindingView] = (
            _FindingView(
                severity=f.severity,
                message=f.message,
                records=[record_text(ref) for ref in f.records],
                facts=sorted(f.facts.items()),
                amount="" if f.amount is None else f.amount,
            )
            for f in group.findings[:HTML_LIST_LIMIT]
        )
        if not group.findings:  # a check that counted without listing: still one row, so the filter shows it
            findings = [_FindingView(group.check.severity, f"{plural(group.count, 'finding')} (not listed)",
                                     [], [], "")]
        return cls(
            check=group.check,
            count_text=plural(group.count, "finding"),
            has_amounts=any(f.amount is not None for f in group.findings[:HTML_LIST_LIMIT]),
            findings=findings,
            unlisted=max(0, len(group.findings) - HTML_LIST_LIMIT),
        )
