"""The check registry. A check is one function in the module of its category.

``@check(...)`` registers the function with its stable code, category, severity,
the connector-rules entry it implements, a plain-language explanation and the
remedy; the function yields :class:`Hit` objects (message + records) and the
registry turns them into Findings. Adding a check touches nothing else.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from harness.model.common import as_money
from harness.model.manifest import RecordRef
from harness.report.model import Category, CheckResult, Finding, Severity
from harness.sync.context import CheckContext

CATEGORY_MODULES = ("products", "inventory", "customers", "tax", "orders", "extensions", "custom_fields", "rehearsal")

#: "check" runs on the matched data; "rehearsal" reads what the throw-away QuickBooks copy refused
Phase = Literal["check", "rehearsal"]


@dataclass(slots=True)
class Hit:
    message: str
    records: list[RecordRef]
    amount: Decimal | None = None
    facts: dict[str, str] = field(default_factory=dict)


CheckFunction = Callable[[CheckContext], Iterable[Hit]]

#: one empty dict for every finding without facts (nearly all): a finding is read, never changed, once made,
#: and an empty dict each is 37 MB over the half a million findings of a large first sync
_NO_FACTS: dict[str, str] = {}


@dataclass(frozen=True)
class CheckInfo:
    code: str
    category: Category
    severity: Severity
    title: str
    rule: str
    explanation: str
    remedy: str
    function: CheckFunction
    phase: Phase = "check"

    def run(self, ctx: CheckContext) -> list[Finding]:
        return [
            Finding(
                code=self.code,
                category=self.category,
                severity=self.severity,
                message=hit.message,
                records=hit.records,
                amount=as_money(hit.amount) if hit.amount is not None else None,
                facts=hit.facts or _NO_FACTS,
            )
            for hit in self.function(ctx)
        ]

    def result(self, count: int) -> CheckResult:
        return CheckResult(
            code=self.code,
            category=self.category,
            severity=self.severity,
            title=self.title,
            rule=self.rule,
            explanation=self.explanation,
            remedy=self.remedy,
            count=count,
        )


REGISTRY: dict[str, CheckInfo] = {}


def check(
    *,
    code: str,
    category: Category,
    severity: Severity,
    title: str,
    rule: str,
    explanation: str,
    remedy: str,
    phase: Phase = "check",
) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        if code in REGISTRY:
            raise ValueError(f"check code {code} registered twice")
        REGISTRY[code] = CheckInfo(code, category, severity, title, rule, explanation, remedy, function, phase)
        return function

    return register


def all_checks(phase: Phase | None = None) -> list[CheckInfo]:
    """Every registered check (of one phase), importing the category modules on first use."""
    for name in CATEGORY_MODULES:
        importlib.import_module(f"harness.sync.checks.{name}")
    return [c for c in REGISTRY.values() if phase is None or c.phase == phase]


def iter_findings(ctx: CheckContext, phase: Phase = "check") -> Iterator[tuple[CheckInfo, list[Finding]]]:
    for info in all_checks(phase):
        yield info, info.run(ctx)
