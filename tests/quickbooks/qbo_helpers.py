"""Helpers for the QuickBooks tests: a hand-built company, the running simulator, the real SDK.

(Named ``qbo_helpers``, not ``helpers``: this folder is on ``sys.path`` and must not shadow
anything, nor be a package called ``quickbooks`` that would hide python-quickbooks.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from harness.model.books import (
    Account,
    Books,
    Contact,
    Document,
    DocumentLine,
    Item,
    PaymentMethod,
    Preferences,
    TaxCode,
    TaxRate,
)
from harness.platforms.quickbooks import QuickBooksEndpoint
from harness.sandbox.official_clients import python_quickbooks

REALM = "9130350000000001"


def make_books(
    n_items: int = 5,
    n_customers: int = 3,
    *,
    country: str = "US",
    n_documents: int = 0,
    realm_id: str = REALM,
    **preferences: Any,
) -> Books:
    """A company built record by record: accounts, tax, items (every 3rd inventory), names, documents."""
    accounts = [
        Account(id="79", name="Sales of Product Income", type="Income", sub_type="SalesOfProductIncome"),
        Account(id="80", name="Cost of Goods Sold", type="Cost of Goods Sold", sub_type="SuppliesMaterialsCogs"),
        Account(id="81", name="Inventory Asset", type="Other Current Asset", sub_type="Inventory"),
        Account(id="4", name="Undeposited Funds", type="Other Current Asset", sub_type="UndepositedFunds"),
        Account(id="35", name="Checking", type="Bank", sub_type="Checking"),
    ]
    if country == "US":
        rates = [TaxRate(id="3", name="California", rate=Decimal("8"), agency="1")]
        codes = [TaxCode(id="2", name="California", sales_rate_ids=["3"])]
    else:
        rates = [
            TaxRate(id="3", name="GST", rate=Decimal("5"), agency="1"),
            TaxRate(id="4", name="QST", rate=Decimal("9.975"), agency="2"),
        ]
        codes = [
            TaxCode(id="5", name="GST", sales_rate_ids=["3"]),
            TaxCode(id="6", name="GST/QST QC - 14.975", sales_rate_ids=["3", "4"]),
            TaxCode(id="7", name="Exempt", taxable=False, sales_rate_ids=[]),
        ]
    items = []
    for n in range(1, n_items + 1):
        inventory = n % 3 == 0
        items.append(
            Item(
                id=str(100 + n),
                name=f"Item {n:05d}",
                sku=f"SKU-{n:05d}",
                type="Inventory" if inventory else "Service",
                description=f"Thing number {n}",
                track_qty=inventory,
                qty_on_hand=Decimal(n % 50) if inventory else None,
                inv_start_date=date(2025, 1, 1) if inventory else None,
                unit_price=Decimal(n % 97) + Decimal("0.99"),
                purchase_cost=Decimal("1.50") if inventory else None,
                taxable=n % 2 == 0,
                income_account_id="79",
                expense_account_id="80" if inventory else None,
                asset_account_id="81" if inventory else None,
                active=n % 17 != 0,
            )
        )
    customers = [
        Contact(
            id=str(1000 + n),
            display_name=f"Customer {n:05d}",
            given_name="Ann" if n % 2 else None,
            family_name=f"Lee{n}",
            company=f"Acme {n}" if n % 3 == 0 else None,
            email=f"c{n}@example.com",
            phone="555-0100" if n % 4 == 0 else None,
            active=n % 19 != 0,
        )
        for n in range(1, n_customers + 1)
    ]
    documents = []
    for n in range(1, n_documents + 1):
        item = items[(n - 1) % len(items)] if items else None
        line = DocumentLine(
            item_id=item.id if item else None,
            description="Line",
            quantity=Decimal(2),
            unit_price=Decimal("10.50"),
            amount=Decimal("21.00"),
            tax_code_id="NON" if country == "US" else "5",
        )
        documents.append(
            Document(
                id=str(5000 + n),
                type="Invoice" if n % 2 else "SalesReceipt",
                number=f"{1000 + n}",
                date=date(2025, 3, 1),
                customer_id=customers[(n - 1) % len(customers)].id if customers else None,
                total=Decimal("21.00"),
                lines=[line],
            )
        )
    documents.sort(key=lambda d: (["Invoice", "SalesReceipt"].index(d.type), int(d.id)))
    return Books(
        realm_id=realm_id,
        preferences=Preferences(
            company_name="Sandbox Co",
            country=country,
            home_currency="USD" if country == "US" else "CAD",
            created_at=datetime(2024, 1, 10, 10, 0, tzinfo=UTC),
            **preferences,
        ),
        accounts=accounts,
        items=items,
        customers=customers,
        vendors=[Contact(id="2001", kind="vendor", display_name="Supplier One")],
        employees=[Contact(id="3001", kind="employee", display_name="Emma Employee", given_name="Emma")],
        tax_codes=codes,
        tax_rates=rates,
        payment_methods=[PaymentMethod(id="1", name="Cash"), PaymentMethod(id="2", name="Visa", type="CREDIT_CARD")],
        documents=documents,
    )


@dataclass
class Sim:
    """One running simulator: the endpoint object and the base URL clients talk to."""

    endpoint: QuickBooksEndpoint
    base_url: str
    transport: str

    @property
    def api(self) -> str:
        return f"{self.base_url}/v3/company/{self.endpoint.company.realm_id}"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.endpoint.credentials()['access_token']}", "Accept": "application/json"}


def connect_python_quickbooks(sim: Sim) -> Any:
    """An unmodified python-quickbooks client, connected the way docs/quickbooks.md says (§13-§14)."""
    return python_quickbooks(sim.base_url, sim.endpoint.credentials())
