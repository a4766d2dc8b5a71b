"""Score a dry run against a generated store's manifest: precision and recall per check.

Each pathology the generator can inject is detected by one check code. An
injection counts as found when every record it lists appears in that code's
findings; a finding counts as right when one of its records belongs to an
injection the code is meant to detect.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from harness.model.manifest import Manifest
from harness.report.model import Report

#: pathology -> the check code that must report it
DETECTED_BY: dict[str, str] = {
    "sku_missing": "SKU_MISSING",
    "sku_duplicate": "SKU_DUPLICATE",
    "sku_duplicate_case": "SKU_CASE_DUPLICATE",
    "variant_shares_parent_sku": "SKU_SHARES_PARENT",
    "sku_too_long": "SKU_TOO_LONG",
    "sku_bad_chars": "SKU_BAD_CHARACTERS",
    "inventory_untracked": "STORE_INVENTORY_UNTRACKED",
    "stock_negative": "STORE_STOCK_NEGATIVE",
    "customer_new_account_per_order": "CUSTOMER_DUPLICATE_ACCOUNTS",
    "customer_email_case": "CUSTOMER_EMAIL_CASE",
    "customer_name_accent": "CUSTOMER_NAME_ACCENT",
    "customer_name_typo": "CUSTOMER_NAME_TYPO",
    "customer_same_name_other_email": "CUSTOMER_NAME_SUFFIXED",
    "customer_phone_only": "CUSTOMER_MISSING_EMAIL",
    "customer_missing_name": "CUSTOMER_MISSING_NAME",
    "guest_orders": "GUEST_ORDERS",
    "coupon_plugin_lines": "EXTENSION_COUPON_PLUGIN",
    "reward_points": "EXTENSION_REWARD_POINTS",
    "gift_card_payment": "EXTENSION_GIFT_CARD",
    "store_credit_payment": "EXTENSION_STORE_CREDIT",
    "custom_fees": "EXTENSION_CUSTOM_FEES",
    "custom_fields": "CUSTOM_FIELDS_IGNORED",
    "custom_field_holds_code": "CUSTOM_FIELD_HOLDS_CODE",
    "tax_rate_missing_in_books": "TAX_RATE_NOT_IN_BOOKS",
    "no_zero_rate_code": "TAX_NO_ZERO_CODE",
    "tax_inclusive_rounding": "TAX_INCLUSIVE_ROUNDING",
    "foreign_currency_order": "ORDER_CURRENCY_UNSUPPORTED",
    "order_number_collides": "ORDER_NUMBER_COLLIDES",
    "order_before_inventory_start": "ORDER_BEFORE_INVENTORY_START",
    "order_line_sku_not_in_catalogue": "ORDER_LINE_SKU_UNKNOWN",
    "order_total_mismatch": "ORDER_TOTAL_MISMATCH",
    "items_matched_by_sku_field": "CODE_IN_OTHER_FIELD",
    "display_name_collides_vendor": "DISPLAY_NAME_COLLIDES",
    "inactive_matching_item": "ITEM_INACTIVE",
    "noninventory_for_tracked": "BOOKS_ITEM_NOT_TRACKED",
    "books_duplicate_item_code": "CODE_MATCHES_SEVERAL_ITEMS",
}

#: codes whose findings may also legitimately point at records of another pathology
ALSO_ACCEPTS: dict[str, tuple[str, ...]] = {
    # a custom field holding the code is still a custom field the connector ignores
    "CUSTOM_FIELDS_IGNORED": ("custom_field_holds_code",),
}


@dataclass
class CheckScore:
    code: str
    pathologies: list[str]
    injected: int
    found: int
    findings: int
    correct: int

    @property
    def recall(self) -> float:
        return self.found / self.injected if self.injected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.findings if self.findings else 1.0


def score(report: Report, manifest: Manifest) -> dict[str, CheckScore]:
    """Per check code: how many injections it found and how many of its findings were right."""
    by_code: dict[str, list[set[tuple[str, str]]]] = defaultdict(list)
    for f in report.findings:
        by_code[f.code].append({(r.kind, r.id) for r in f.records})
    injections = manifest.by_pathology()
    codes = sorted(set(DETECTED_BY.values()))
    scores: dict[str, CheckScore] = {}
    for code in codes:
        pathologies = sorted(p for p, c in DETECTED_BY.items() if c == code)
        accepted = [*pathologies, *ALSO_ACCEPTS.get(code, ())]
        reported: set[tuple[str, str]] = set().union(*by_code.get(code, [set()]))
        expected = [inj for p in pathologies for inj in injections.get(p, [])]
        found = sum(1 for inj in expected if {(r.kind, r.id) for r in inj.records} <= reported)
        truth: set[tuple[str, str]] = set()
        for p in accepted:
            for inj in injections.get(p, []):
                truth.update((r.kind, r.id) for r in inj.records)
        findings = by_code.get(code, [])
        correct = sum(1 for recs in findings if recs & truth)
        scores[code] = CheckScore(code, pathologies, len(expected), found, len(findings), correct)
    return scores
