"""The Report: plan summary, findings and statistics of one dry run.

It is plain data (msgspec Structs) so that every renderer — terminal, JSON,
JUnit, Markdown, HTML — and the diff read the same thing, and so that the JSON
form is deterministic: same store, same report, byte for byte.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import msgspec

from harness.model.manifest import RecordRef

Severity = Literal["error", "warning", "info"]
Category = Literal["product", "inventory", "customer", "tax", "order", "extension", "custom-field"]
Action = Literal["match", "create", "update", "skip", "fail"]

SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
CATEGORIES: tuple[Category, ...] = ("product", "inventory", "customer", "tax", "order", "extension", "custom-field")


class Finding(msgspec.Struct, kw_only=True, omit_defaults=True, gc=False):  # a tree: see Record
    """One predicted problem, with the records a person must look at to act on it."""

    code: str
    category: Category
    severity: Severity
    #: the instance explained in plain words ("SKU 'TEE-RED-M' is used by 2 variants: ...")
    message: str
    records: list[RecordRef] = msgspec.field(default_factory=list)
    #: money at stake, in the store currency, where that means something
    amount: Decimal | None = None
    #: extra facts renderers may show as columns (e.g. {"books field": "Sku"})
    facts: dict[str, str] = msgspec.field(default_factory=dict)


class CheckResult(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Every registered check, whether it found anything or not (one JUnit test case each)."""

    code: str
    category: Category
    severity: Severity
    title: str
    rule: str
    explanation: str
    remedy: str
    count: int = 0


class PlanLine(msgspec.Struct, kw_only=True, omit_defaults=True, gc=False):  # a tree: see Record
    """What the sync would do to one record, and why."""

    kind: Literal["item", "customer", "order", "tax"]
    action: Action
    store: RecordRef | None = None
    books: RecordRef | None = None
    reason: str = ""


class PlanSummary(msgspec.Struct, kw_only=True):
    #: kind -> action -> count, e.g. {"item": {"match": 812, "create": 40}}
    counts: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)


class ReportSource(msgspec.Struct, kw_only=True, omit_defaults=True):
    store_platform: str
    store_name: str
    books_company: str
    books_country: str
    profile: str
    seed: int | None = None


class Report(msgspec.Struct, kw_only=True, omit_defaults=True):
    source: ReportSource
    plan: PlanSummary
    checks: list[CheckResult]
    findings: list[Finding]
    #: figures a reader wants next to the findings: record counts, match rates per books field
    statistics: dict[str, str] = msgspec.field(default_factory=dict)
    plan_lines: list[PlanLine] = msgspec.field(default_factory=list)

    def count(self, severity: Severity | None = None) -> int:
        return sum(1 for f in self.findings if severity is None or f.severity == severity)

    def worst(self) -> Severity | None:
        if not self.findings:
            return None
        return min((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)
