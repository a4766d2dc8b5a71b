"""What every renderer says the same way: the plan sentence, the check groups, the totals.

The formats differ in markup only; the wording and the order of what they show
come from here, so the terminal, Markdown, HTML and JUnit forms of one Report
never disagree about what a finding is called, in which group it sits, or how
many there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.model.manifest import RecordRef
from harness.report.model import CATEGORIES, SEVERITY_RANK, CheckResult, Finding, Report, Severity

#: the order a reader expects: what is synced first (items) before what depends on it
PLAN_KINDS: tuple[str, ...] = ("item", "customer", "order", "tax")
PLAN_ACTIONS: tuple[str, ...] = ("match", "create", "update", "skip", "fail")
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

_KIND_NAMES: dict[str, tuple[str, str]] = {
    "item": ("item", "items"),
    "customer": ("customer", "customers"),
    "order": ("order", "orders"),
    "tax": ("tax rate", "tax rates"),
}
_ACTION_PHRASES: dict[str, str] = {
    "match": "to match",
    "create": "to create",
    "update": "to update",
    "skip": "to skip",
    "fail": "will fail",
}


@dataclass(frozen=True)
class CheckGroup:
    """One check and the findings it produced, in report order."""

    check: CheckResult
    findings: list[Finding] = field(default_factory=list)

    @property
    def count(self) -> int:
        """The findings present; a check may report a count without listing them (then trust the count)."""
        return len(self.findings) or self.check.count

    @property
    def records(self) -> list[RecordRef]:
        return [ref for finding in self.findings for ref in finding.records]


def check_groups(report: Report, *, include_passed: bool = True) -> list[CheckGroup]:
    """Checks with their findings, ordered by category, then severity, then report order.

    A finding whose code no check declares still gets a group (titled by its
    code, without a remedy): dropping it would hide a problem from the reader.
    """
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding)
    groups = [CheckGroup(check, by_code.pop(check.code, [])) for check in report.checks]
    for code, findings in by_code.items():
        first = findings[0]
        orphan = CheckResult(
            code=code, category=first.category, severity=first.severity, title=code,
            rule="", explanation="", remedy="", count=len(findings),
        )
        groups.append(CheckGroup(orphan, findings))
    if not include_passed:
        groups = [group for group in groups if group.count]
    ranked = sorted(
        enumerate(groups),
        key=lambda pair: (category_rank(pair[1].check.category), SEVERITY_RANK[pair[1].check.severity], pair[0]),
    )
    return [group for _, group in ranked]


_CATEGORY_RANK: dict[str, int] = {category: rank for rank, category in enumerate(CATEGORIES)}


def category_rank(category: str) -> int:
    return _CATEGORY_RANK.get(category, len(CATEGORIES))


def plan_phrases(report: Report) -> list[str]:
    """One phrase per kind, as in `terraform plan`: "812 items to match, 40 to create, 3 will fail"."""
    counts = report.plan.counts
    kinds = [k for k in PLAN_KINDS if k in counts] + sorted(k for k in counts if k not in PLAN_KINDS)
    phrases: list[str] = []
    for kind in kinds:
        by_action = counts[kind]
        actions = [a for a in PLAN_ACTIONS if by_action.get(a)]
        actions += sorted(a for a in by_action if a not in PLAN_ACTIONS and by_action[a])
        parts: list[str] = []
        for index, action in enumerate(actions):
            number = by_action[action]
            verb = _ACTION_PHRASES.get(action, f"to {action}")
            if index == 0:
                singular, plural = _KIND_NAMES.get(kind, (kind, f"{kind}s"))
                parts.append(f"{number:,} {singular if number == 1 else plural} {verb}")
            else:
                parts.append(f"{number:,} {verb}")
        if parts:
            phrases.append(", ".join(parts))
    return phrases


def plan_table(report: Report) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """The plan as a grid: the actions (columns, all five always) and one row of counts per kind."""
    counts = report.plan.counts
    kinds = [k for k in PLAN_KINDS if k in counts] + sorted(k for k in counts if k not in PLAN_KINDS)
    actions = list(PLAN_ACTIONS) + sorted({a for k in kinds for a in counts[k]} - set(PLAN_ACTIONS))
    return actions, [(kind, [counts[kind].get(action, 0) for action in actions]) for kind in kinds]


def plan_sentence(report: Report) -> str:
    phrases = plan_phrases(report)
    return "Plan: " + ("; ".join(phrases) if phrases else "nothing to sync") + "."


def severity_counts(report: Report) -> dict[Severity, int]:
    return {severity: report.count(severity) for severity in SEVERITIES}


def totals_sentence(report: Report) -> str:
    """The last line a reader sees: "2 errors, 1 warning, 0 info in 7 checks (4 passed)"."""
    counts = severity_counts(report)
    groups = check_groups(report)
    passed = sum(1 for group in groups if not group.count)
    words = [severity_count(counts[severity], severity) for severity in SEVERITIES]
    return f"{', '.join(words)} in {plural(len(groups), 'check')} ({passed:,} passed)"


def plural(number: int, word: str) -> str:
    return f"{number:,} {word}" if number == 1 else f"{number:,} {word}s"


def severity_count(number: int, severity: str) -> str:
    """The count of one severity in words: "2 errors", "1 warning", "3 info" (info is a mass noun)."""
    return f"{number:,} {severity}" if severity == "info" else plural(number, severity)


#: what a record's parent_id points at, per kind (see RecordRef.parent_id)
_PARENT_KINDS: dict[str, str] = {"variant": "product", "order_line": "order"}


def record_text(ref: RecordRef) -> str:
    """A record as a person looks it up, on one line: "variant 123 TEE-RED-M (product 12)".

    Tabs and newlines in an id or label are shown as escapes: a SKU holding a
    newline is often the very problem reported, and it must stay visible.
    """
    text = f"{ref.kind} {one_line(ref.id)}"
    if ref.label:
        text += f" {one_line(ref.label)}"
    if ref.parent_id:
        parent = _PARENT_KINDS.get(ref.kind, "of")
        text += f" ({parent} {one_line(ref.parent_id)})"
    return text


def one_line(text: str) -> str:
    return printable(text).replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def source_sentence(report: Report) -> str:
    source = report.source
    text = (
        f"{source.store_platform} store {source.store_name!r} → books {source.books_company!r} "
        f"({source.books_country}), profile {source.profile}"
    )
    if source.seed is not None:
        text += f", seed {source.seed}"
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: lone surrogates (category Cs) and the two non-characters no encoder or XML parser takes
_UNENCODABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Store data with control characters shown as escapes.

    Product titles and names come from merchants' stores: an ANSI escape there
    must not repaint a terminal, and XML 1.0 cannot carry most C0 characters at
    all. Lone surrogates and non-characters become U+FFFD for the same reason.
    """
    if text.isprintable():  # nearly always: then there is no control character, surrogate or non-character
        return text
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _UNENCODABLE.sub("\ufffd", text)
