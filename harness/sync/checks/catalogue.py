"""The check catalogue, for people: the README's finding-code table is generated from here."""

from __future__ import annotations

from rich.table import Table

from harness.sync.checks import all_checks


def checks_markdown() -> str:
    """A Markdown table of every check; README.md embeds exactly this text (a test keeps them equal)."""
    lines = [
        "| code | category | severity | rule | what it finds | what to do |",
        "|---|---|---|---|---|---|",
    ]
    for info in sorted(all_checks(), key=lambda c: (c.category, c.code)):
        lines.append(
            f"| `{info.code}` | {info.category} | {info.severity} | {info.rule} | "
            f"{info.title}: {info.explanation} | {info.remedy} |"
        )
    return "\n".join(lines) + "\n"


def checks_table() -> Table:
    table = Table(show_lines=False, title="finding codes", title_justify="left")
    for column in ("code", "category", "severity", "rule", "title"):
        table.add_column(column)
    for info in sorted(all_checks(), key=lambda c: (c.category, c.code)):
        table.add_row(info.code, info.category, info.severity, info.rule, info.title)
    return table
