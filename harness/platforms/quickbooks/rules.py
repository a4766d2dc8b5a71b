"""The rules object of every entity, in one table the company looks up (no ``if`` ladders)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from harness.platforms.quickbooks.transactions import PaymentRules, SalesRules
from harness.platforms.quickbooks.validation import (
    AccountRules,
    ContactRules,
    ItemRules,
    NamedListRules,
    SingletonRules,
)

if TYPE_CHECKING:
    from harness.platforms.quickbooks.tables import Rules

RULES: dict[str, Rules] = {
    "Item": ItemRules(),
    "Customer": ContactRules("Customer"),
    "Vendor": ContactRules("Vendor"),
    "Employee": ContactRules("Employee"),
    "Account": AccountRules(),
    "TaxCode": NamedListRules("TaxCode"),
    "TaxRate": NamedListRules("TaxRate"),
    "PaymentMethod": NamedListRules("PaymentMethod"),
    "Invoice": SalesRules("Invoice"),
    "SalesReceipt": SalesRules("SalesReceipt"),
    "CreditMemo": SalesRules("CreditMemo"),
    "RefundReceipt": SalesRules("RefundReceipt"),
    "Payment": PaymentRules(),
    "CompanyInfo": SingletonRules(),
    "Preferences": SingletonRules(),
}
