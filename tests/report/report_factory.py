"""Reports built by hand for the renderer tests: every category and severity, unicode, hostile text, a big group.

The renderers read only the Report, so a hand-built one is the honest input:
it can hold what a generated store rarely does at once (a script tag in a
SKU, an accent in a name, 250 records under one check).
"""

from __future__ import annotations

from decimal import Decimal

from harness.model.manifest import RecordRef
from harness.report.model import CheckResult, Finding, PlanLine, PlanSummary, Report, ReportSource

HOSTILE = "<script>alert(1)</script>"
BIG_GROUP = 25  # findings under SKU_MISSING: more than the terminal shows


def check(code: str, category: str, severity: str, title: str, remedy: str = "", count: int = 0) -> CheckResult:
    return CheckResult(
        code=code, category=category, severity=severity, title=title,  # type: ignore[arg-type]
        rule=f"connector-rules.md#{code.lower()}", explanation=f"Why {code} matters.",
        remedy=remedy or f"Fix {code} in the store.", count=count,
    )


def variant(n: int, sku: str) -> RecordRef:
    return RecordRef(kind="variant", id=str(1000 + n), label=sku, parent_id=str(100 + n))


def sample_report(*, hostile: str = HOSTILE, big: int = BIG_GROUP) -> Report:
    findings = [
        Finding(code="SKU_MISSING", category="product", severity="error",
                message=f"Variant SKU 'SKU-{n:03}' has no item in QuickBooks", records=[variant(n, f"SKU-{n:03}")])
        for n in range(big)
    ]
    findings += [
        Finding(code="SKU_DUPLICATE", category="product", severity="error",
                message=f"SKU {hostile!r} is used by 2 variants",
                records=[variant(900, hostile), variant(901, hostile),
                         RecordRef(kind="item", id="77", label=f"Item {hostile}")],
                facts={"books field": "Name"}),
        Finding(code="CUSTOMER_DUPLICATE", category="customer", severity="warning",
                message="Hélène Côté and Helene Cote look like the same customer",
                records=[RecordRef(kind="customer", id="5", label="hélène@example.ca"),
                         RecordRef(kind="customer", id="6", label="helene@example.ca"),
                         RecordRef(kind="contact", id="q-9", label=f"Hélène Côté {hostile}")]),
        Finding(code="TAX_ROUNDING", category="tax", severity="info",
                message="Order #1001 tax differs by one cent", amount=Decimal("0.01"),
                records=[RecordRef(kind="order", id="9", label="#1001")]),
        Finding(code="STOCK_NEGATIVE", category="inventory", severity="error",
                message="Item 'TEE-RED-M' would go to -3 on hand",
                records=[RecordRef(kind="item", id=str(n), label=f"TEE-{n}") for n in range(40)]),
    ]
    checks = [
        check("SKU_MISSING", "product", "error", "Variant has no matching item", "Create the items in QuickBooks."),
        check("SKU_DUPLICATE", "product", "error", "SKU shared by several variants", f"Rename {hostile}."),
        check("CUSTOMER_DUPLICATE", "customer", "warning", "Possible duplicate customers", "Merge them."),
        check("TAX_ROUNDING", "tax", "info", "Tax rounding differences"),
        check("STOCK_NEGATIVE", "inventory", "error", "Stock would go negative"),
        check("COUPON_PLUGIN", "extension", "warning", "Unsupported coupon plugin"),
        check("CUSTOM_FIELD_LONG", "custom-field", "info", "Custom field too long"),
    ]
    return recount(Report(
        source=ReportSource(store_platform="shopify", store_name=f"Boutique Élan {hostile}",
                            books_company="Élan Books Inc.", books_country="CA", profile="onesaas", seed=42),
        plan=PlanSummary(counts={
            "item": {"match": 812, "create": 40, "fail": 3},
            "customer": {"match": 1204, "create": 96},
            "order": {"create": 2310, "skip": 12},
        }),
        checks=checks,
        findings=findings,
        statistics={"products": "852", "match rate (Name)": "95.3 %", "customer note": hostile},
        plan_lines=[
            PlanLine(kind="item", action="match", store=variant(1, "SKU-001"),
                     books=RecordRef(kind="item", id="i-1", label="SKU-001"), reason="Name equals SKU"),
            PlanLine(kind="item", action="fail", store=variant(900, hostile), reason=f"duplicate SKU {hostile}"),
        ],
    ))


def recount(report: Report) -> Report:
    """Set each check's count from the findings, as the engine does (after a test edits the findings)."""
    for c in report.checks:
        c.count = sum(1 for f in report.findings if f.code == c.code)
    return report


def empty_report() -> Report:
    return Report(
        source=ReportSource(store_platform="woocommerce", store_name="Empty", books_company="Books",
                            books_country="US", profile="onesaas"),
        plan=PlanSummary(),
        checks=[check("SKU_MISSING", "product", "error", "Variant has no matching item")],
        findings=[],
    )
