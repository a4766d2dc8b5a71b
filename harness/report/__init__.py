"""Findings, the Report that carries them, its renderers, and report diffs."""

from harness.report.model import CheckResult, Finding, PlanLine, PlanSummary, Report, ReportSource

__all__ = ["CheckResult", "Finding", "PlanLine", "PlanSummary", "Report", "ReportSource"]
