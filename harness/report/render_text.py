"""The terminal form: what a merchant reads right after the dry run.

It reads like ``terraform plan``: the plan first, then the problems grouped by
category and severity with the records to look at and the fix (once per
check, not once per finding), then the statistics and a last line of totals.
Large groups are cut short here — a terminal is not the place for 5,000 SKUs;
the JSON, Markdown and HTML forms keep every record.

Store data is never parsed as rich markup (it goes in as ``Text``), and its
control characters are shown as escapes, so a product title cannot restyle or
hijack the terminal.
"""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from harness.report.model import Finding, Report
from harness.report.render_common import (
    CheckGroup,
    check_groups,
    plan_sentence,
    plural,
    printable,
    record_text,
    source_sentence,
    totals_sentence,
)

#: how many findings per check, and records per finding, the terminal shows before "… and N more"
DEFAULT_LIMIT = 10

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_text(report: Report, width: int = 100, color: bool = False, *, limit: int = DEFAULT_LIMIT) -> str:
    """The report for a terminal ``width`` columns wide; ANSI colours only when ``color`` is asked for.

    The console writes to a string and ignores the environment (TERM, COLUMNS,
    NO_COLOR…), so the same Report gives the same text on every machine.
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        no_color=not color,
        legacy_windows=False,
        highlight=False,
        markup=False,
        emoji=False,
        _environ={},
    )
    _print_header(console, report)
    groups = check_groups(report, include_passed=False)
    category = None
    for group in groups:
        if group.check.category != category:
            category = group.check.category
            console.print()
            console.rule(Text(f"{category} findings", style="bold"), align="left")
        _print_group(console, group, limit)
    if report.statistics:
        console.print()
        console.rule(Text("statistics", style="bold"), align="left")
        for key, value in sorted(report.statistics.items()):
            _indented(console, Text(f"{printable(key)}: {printable(value)}"), 2)
    console.print()
    worst = report.worst()
    console.print(Text(totals_sentence(report), style=_SEVERITY_STYLE[worst] if worst else "green"))
    return _TRAILING_SPACE.sub(r"\1", buffer.getvalue())


#: rich pads wrapped and padded lines to the width; trailing blanks only make logs and golden files noisy
_TRAILING_SPACE = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.M)


def _print_header(console: Console, report: Report) -> None:
    console.print(Text("Sync Sandbox dry run", style="bold"))
    console.print(Text(printable(source_sentence(report))))
    console.print()
    console.print(Text(plan_sentence(report), style="bold"))


def _print_group(console: Console, group: CheckGroup, limit: int) -> None:
    check = group.check
    console.print()
    heading = Text()
    heading.append(f"{check.severity.upper():<8}", style=_SEVERITY_STYLE[check.severity])
    heading.append(printable(check.code), style="bold")
    heading.append(f"  {printable(check.title)} ({plural(group.count, 'finding')})")
    console.print(heading)
    if check.remedy:
        _indented(console, Text(f"Fix: {printable(check.remedy)}", style="green"), 2)
    for finding in group.findings[:limit]:
        _print_finding(console, finding, limit)
    hidden = group.count - min(len(group.findings), limit)
    if hidden > 0:
        _indented(console, Text(f"… and {plural(hidden, 'more finding')}", style="dim"), 2)


def _print_finding(console: Console, finding: Finding, limit: int) -> None:
    line = Text(printable(finding.message), overflow="fold")
    if finding.amount is not None:
        line.append(f" [{finding.amount}]", style="dim")
    bullet = Table.grid()
    bullet.add_column(width=4, no_wrap=True)  # a hanging indent: wrapped lines align with the message
    bullet.add_column(overflow="fold")
    bullet.add_row(Text("  • "), line)
    console.print(bullet)
    for key, value in sorted(finding.facts.items()):
        _indented(console, Text(f"{printable(key)}: {printable(value)}", style="dim"), 6)
    for ref in finding.records[:limit]:
        _indented(console, Text(printable(record_text(ref))), 6)
    if len(finding.records) > limit:
        _indented(console, Text(f"… and {plural(len(finding.records) - limit, 'more record')}", style="dim"), 6)


def _indented(console: Console, text: Text, indent: int) -> None:
    """Print with every wrapped line indented, so a long SKU list stays readable in a narrow terminal."""
    text.overflow = "fold"  # a 60-character SKU with no spaces still fits
    console.print(Padding(text, (0, 0, 0, indent), expand=False))
