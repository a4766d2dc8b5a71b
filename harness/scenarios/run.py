"""Run a scenario's dry run and compare the report with what the file expects.

A mismatch is one readable line ("SKU_MISSING: expected 4, found 3"), so a
failing scenario says what moved without anyone opening the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from harness.report.model import SEVERITY_RANK, Report
from harness.scenarios.loader import Scenario
from harness.scenarios.materialise import Materialised
from harness.sync.engine import DryRun, dry_run


@dataclass(frozen=True)
class ScenarioOutcome:
    scenario: Scenario
    materialised: Materialised
    dry_run: DryRun
    #: empty when the scenario passes
    mismatches: list[str]

    @property
    def passed(self) -> bool:
        return not self.mismatches


def run_scenario(scenario: Scenario, *, rehearse: bool = True) -> ScenarioOutcome:
    materialised = scenario.materialise()
    result = dry_run(
        materialised.store, materialised.books, materialised.profile, rehearse=rehearse, seed=materialised.seed
    )
    return ScenarioOutcome(
        scenario=scenario,
        materialised=materialised,
        dry_run=result,
        mismatches=compare_expectations(scenario, result.report),
    )


def compare_expectations(scenario: Scenario, report: Report) -> list[str]:
    expect = scenario.spec.expect
    found = Counter(f.code for f in report.findings)
    lines: list[str] = []
    for code in expect.findings.present:
        if not found[code]:
            lines.append(f"expected present but not found: {code}")
    for code in expect.findings.absent:
        if found[code]:
            lines.append(f"expected absent but found: {code} ({found[code]})")
    for code, count in sorted(expect.findings.counts.items()):
        if found[code] != count:
            lines.append(f"{code}: expected {count}, found {found[code]}")
    for kind, actions in sorted(expect.plan.items()):
        have = report.plan.counts.get(kind, {})
        for action, count in sorted(actions.items()):
            if have.get(action, 0) != count:
                lines.append(f"plan {kind}.{action}: expected {count}, found {have.get(action, 0)}")
    if expect.exit is not None:
        status = exit_status(report)
        if status != expect.exit:
            lines.append(f"exit: expected {expect.exit}, found {status}")
    return lines


def exit_status(report: Report) -> int:
    """What ``sync-sandbox dry-run`` exits with under its default ``--fail-on error``."""
    return 1 if any(SEVERITY_RANK[f.severity] == SEVERITY_RANK["error"] for f in report.findings) else 0


def found_summary(report: Report) -> str:
    """Every finding code with its count, for a failure message: what the dry run did find."""
    found = Counter(f.code for f in report.findings)
    return ", ".join(f"{code} ({n})" for code, n in sorted(found.items())) or "no findings"
