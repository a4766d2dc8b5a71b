"""The canonical Books: what the accounting side (QuickBooks Online) is read into.

Names follow QuickBooks Online's own vocabulary (Item, DisplayName, DocNumber)
in snake case, because the checks cite its rules and its error codes.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

import msgspec

from harness.model.common import ZERO, Money, Record

ItemType = Literal["Inventory", "NonInventory", "Service", "Group"]
ContactKind = Literal["customer", "vendor", "employee"]
DocumentType = Literal["Invoice", "SalesReceipt", "CreditMemo", "RefundReceipt", "Payment"]


class Item(Record, kw_only=True):
    id: str
    name: str
    sku: str | None = None
    type: ItemType = "NonInventory"
    description: str | None = None
    track_qty: bool = False
    qty_on_hand: Decimal | None = None
    inv_start_date: date | None = None
    unit_price: Money | None = None
    purchase_cost: Money | None = None
    taxable: bool = True
    income_account_id: str | None = None
    expense_account_id: str | None = None
    asset_account_id: str | None = None
    active: bool = True
    parent_id: str | None = None  # sub-items: the QBO FullyQualifiedName is "Parent:Name"


class Contact(Record, kw_only=True):
    """One entry of the names list. DisplayName is unique across all three kinds (rule #5)."""

    id: str
    kind: ContactKind = "customer"
    display_name: str
    given_name: str | None = None
    family_name: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    active: bool = True
    currency: str | None = None
    taxable: bool = True


class TaxRate(Record, kw_only=True):
    id: str
    name: str
    rate: Decimal  # percent
    agency: str | None = None
    active: bool = True


class TaxCode(Record, kw_only=True):
    id: str
    name: str
    description: str | None = None
    taxable: bool = True
    active: bool = True
    sales_rate_ids: list[str] = msgspec.field(default_factory=list)


class Account(Record, kw_only=True):
    id: str
    name: str
    type: str  # QBO AccountType, e.g. "Income", "Cost of Goods Sold", "Other Current Asset"
    sub_type: str | None = None
    currency: str | None = None
    active: bool = True


class PaymentMethod(Record, kw_only=True):
    id: str
    name: str
    type: Literal["CREDIT_CARD", "NON_CREDIT_CARD"] = "NON_CREDIT_CARD"
    active: bool = True


class DocumentLine(Record, kw_only=True):
    item_id: str | None = None
    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Money | None = None
    amount: Money = ZERO
    tax_code_id: str | None = None


class Document(Record, kw_only=True):
    """An existing sales document: its number is what store orders can collide with (rule #30)."""

    id: str
    type: DocumentType = "Invoice"
    number: str | None = None
    date: date
    customer_id: str | None = None
    currency: str | None = None
    total: Money = ZERO
    lines: list[DocumentLine] = msgspec.field(default_factory=list)
    private_note: str | None = None


class Preferences(Record, kw_only=True):
    company_name: str = "Sandbox Company"
    country: str = "US"
    home_currency: str = "USD"
    multicurrency: bool = False
    inventory_tracking: bool = True
    automated_sales_tax: bool = False
    custom_txn_numbers: bool = True
    #: QBO rejects a reused DocNumber with 6140 unless duplicates are allowed
    allow_duplicate_doc_numbers: bool = False
    fiscal_year_start_month: int = 1
    created_at: datetime | None = None


class Books(Record, kw_only=True):
    realm_id: str = "9130350000000000"
    preferences: Preferences = msgspec.field(default_factory=Preferences)
    accounts: list[Account] = msgspec.field(default_factory=list)
    items: list[Item] = msgspec.field(default_factory=list)
    customers: list[Contact] = msgspec.field(default_factory=list)
    vendors: list[Contact] = msgspec.field(default_factory=list)
    employees: list[Contact] = msgspec.field(default_factory=list)
    tax_codes: list[TaxCode] = msgspec.field(default_factory=list)
    tax_rates: list[TaxRate] = msgspec.field(default_factory=list)
    payment_methods: list[PaymentMethod] = msgspec.field(default_factory=list)
    documents: list[Document] = msgspec.field(default_factory=list)

    def contacts(self) -> list[Contact]:
        """Customers, vendors and employees together: the space DisplayName must be unique in."""
        return [*self.customers, *self.vendors, *self.employees]
