"""What changed between two reports: the QA engineer's view of a connector change.

Findings are compared per check code — count and records — rather than by
message, because messages carry wording that may be reworded between versions
while the code and the records involved are the stable facts. A record is
identified by its kind and id (a label such as a SKU may itself be what was
fixed). Plan counts are compared per kind and action.

``ReportDiff.changed`` is the exit-code answer for ``sync-sandbox report diff``.
"""

from __future__ import annotations

from typing import Final, Literal

import msgspec

from harness.model.manifest import RecordRef
from harness.report.model import SEVERITY_RANK, Report, Severity
from harness.report.render_common import (
    PLAN_ACTIONS,
    PLAN_KINDS,
    CheckGroup,
    category_rank,
    check_groups,
    plural,
    printable,
    record_text,
)

Status = Literal["appeared", "disappeared", "changed"]

DIFF_FORMAT: Final = "sync-sandbox/report-diff"
DIFF_VERSION: Final = 1


class CodeChange(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One check code whose findings differ between the two reports."""

    code: str
    category: str
    severity: Severity
    #: appeared: no findings before; disappeared: none now; changed: count or records differ
    status: Status
    old_count: int
    new_count: int
    title: str = ""
    old_severity: Severity | None = None
    records_added: list[RecordRef] = msgspec.field(default_factory=list)
    records_removed: list[RecordRef] = msgspec.field(default_factory=list)


class PlanChange(msgspec.Struct, kw_only=True):
    kind: str
    action: str
    old: int
    new: int


class ReportDiff(msgspec.Struct, kw_only=True):
    findings: list[CodeChange] = msgspec.field(default_factory=list)
    plan: list[PlanChange] = msgspec.field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything differs: what ``report diff`` turns into exit status 1."""
        return bool(self.findings or self.plan)

    @property
    def regressed(self) -> bool:
        """True when some check found more than before (a CI gate that tolerates improvements)."""
        return any(change.new_count > change.old_count for change in self.findings)

    def by_status(self, status: Status) -> list[CodeChange]:
        return [change for change in self.findings if change.status == status]


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """The changes from ``old`` to ``new``, in report order (category, severity, code)."""
    old_groups = {group.check.code: group for group in check_groups(old)}
    new_groups = {group.check.code: group for group in check_groups(new)}
    changes: list[CodeChange] = []
    for code in [*new_groups, *(c for c in old_groups if c not in new_groups)]:
        change = _compare(old_groups.get(code), new_groups.get(code))
        if change is not None:
            changes.append(change)
    changes.sort(key=lambda c: (category_rank(c.category), SEVERITY_RANK[c.severity]))
    return ReportDiff(findings=changes, plan=_plan_changes(old, new))


def _compare(old: CheckGroup | None, new: CheckGroup | None) -> CodeChange | None:
    current = new or old
    assert current is not None  # one side always exists: the code came from a report
    old_count = old.count if old else 0
    new_count = new.count if new else 0
    old_records = _by_key(old.records if old else [])
    new_records = _by_key(new.records if new else [])
    added = [ref for key, ref in new_records.items() if key not in old_records]
    removed = [ref for key, ref in old_records.items() if key not in new_records]
    old_severity = old.check.severity if old and old_count else None
    severity_changed = old_severity is not None and new_count > 0 and old_severity != current.check.severity
    if old_count == new_count and not added and not removed and not severity_changed:
        return None
    status: Status = "appeared" if old_count == 0 else "disappeared" if new_count == 0 else "changed"
    return CodeChange(
        code=current.check.code,
        category=current.check.category,
        severity=current.check.severity,
        title=current.check.title,
        status=status,
        old_count=old_count,
        new_count=new_count,
        old_severity=old_severity if severity_changed else None,
        records_added=added,
        records_removed=removed,
    )


def _by_key(refs: list[RecordRef]) -> dict[tuple[str, str], RecordRef]:
    out: dict[tuple[str, str], RecordRef] = {}
    for ref in refs:
        out.setdefault((ref.kind, ref.id), ref)
    return out


def _plan_changes(old: Report, new: Report) -> list[PlanChange]:
    old_counts, new_counts = old.plan.counts, new.plan.counts
    kinds = set(old_counts) | set(new_counts)
    ordered_kinds = [k for k in PLAN_KINDS if k in kinds] + sorted(kinds - set(PLAN_KINDS))
    changes: list[PlanChange] = []
    for kind in ordered_kinds:
        before, after = old_counts.get(kind, {}), new_counts.get(kind, {})
        actions = set(before) | set(after)
        for action in [a for a in PLAN_ACTIONS if a in actions] + sorted(actions - set(PLAN_ACTIONS)):
            if before.get(action, 0) != after.get(action, 0):
                changes.append(PlanChange(kind=kind, action=action, old=before.get(action, 0),
                                          new=after.get(action, 0)))
    return changes


def render_diff_text(diff: ReportDiff, *, limit: int | None = 20) -> str:
    """The diff for a terminal or a CI log: one line per change, records prefixed + / -.

    ``limit`` caps the records listed per code (None lists all).
    """
    if not diff.changed:
        return "No differences: same findings, same plan.\n"
    lines = [_summary(diff), ""]
    marks = {"appeared": "+", "disappeared": "-", "changed": "~"}
    for change in diff.findings:
        head = (f"{marks[change.status]} {change.code} ({change.category}, {change.severity}) {change.status}: "
                f"{change.old_count:,} → {change.new_count:,} findings")
        if change.old_severity:
            head += f"; severity was {change.old_severity}"
        lines.append(head)
        for sign, refs in (("+", change.records_added), ("-", change.records_removed)):
            shown = refs if limit is None else refs[:limit]
            lines.extend(f"    {sign} {record_text(ref)}" for ref in shown)
            if len(refs) > len(shown):
                lines.append(f"    {sign} … and {plural(len(refs) - len(shown), 'more record')}")
    if diff.plan:
        lines += ["", "Plan:"]
        for plan in diff.plan:
            delta = plan.new - plan.old
            lines.append(f"  {plan.kind} {plan.action}: {plan.old:,} → {plan.new:,} ({delta:+,})")
    return printable("\n".join(lines)) + "\n"


def _summary(diff: ReportDiff) -> str:
    parts = [
        f"{plural(len(diff.by_status('appeared')), 'check')} appeared",
        f"{len(diff.by_status('disappeared')):,} disappeared",
        f"{len(diff.by_status('changed')):,} changed",
    ]
    plan = f"plan changed on {plural(len(diff.plan), 'count')}" if diff.plan else "plan unchanged"
    return f"Report diff: {', '.join(parts)}; {plan}."


class _DiffEnvelope(msgspec.Struct, kw_only=True):
    format: str
    version: int
    changed: bool
    regressed: bool
    diff: ReportDiff


_ENCODER = msgspec.json.Encoder(order="deterministic")


def render_diff_json(diff: ReportDiff) -> bytes:
    """The diff for machines, in an envelope like the report's, with the exit-code answers spelled out."""
    envelope = _DiffEnvelope(format=DIFF_FORMAT, version=DIFF_VERSION, changed=diff.changed,
                             regressed=diff.regressed, diff=diff)
    return msgspec.json.format(_ENCODER.encode(envelope), indent=2) + b"\n"


def decode_diff(data: bytes | str) -> ReportDiff:
    """Read back ``render_diff_json`` output (for tools that post-process diffs)."""
    return msgspec.json.decode(data, type=_DiffEnvelope).diff
