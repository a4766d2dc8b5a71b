"""A company file that already has history: items for most store codes, some of the store's
customers, vendors, employees, tax codes matching the store's rates, and earlier invoices.

It is built from the *finished* store (after store-side pathologies), so it
reflects what a merchant's books really look like next to that store: items
exist for the codes the merchant could type into QuickBooks, never for a code
QuickBooks would reject. Document numbers sit in a range of their own so that
an order-number collision only appears when ``order_number_collides`` makes one.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from decimal import Decimal

from harness.model.books import (
    Account,
    Books,
    Contact,
    Document,
    DocumentLine,
    Item,
    ItemType,
    PaymentMethod,
    Preferences,
    TaxCode,
    TaxRate,
)
from harness.model.store import Product, Store, Variant
from harness.sources.faker_providers import PHYSICAL_TYPES
from harness.sources.generated.context import ANCHOR, get_code
from harness.sources.generated.geo import REGIONS
from harness.sources.generated.money import cents, money
from harness.sources.generated.pools import Pools

#: characters QuickBooks Online refuses in an item Name (connector-rules #12)
QBO_NAME_FORBIDDEN = (":", "\t", "\n", '"')
INV_START = (ANCHOR - timedelta(days=400)).date()
_QTY: dict[int, Decimal] = {}

ACCOUNTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("1", "Sales of Product Income", "Income", "SalesOfProductIncome"),
    ("2", "Services", "Income", "ServiceFeeIncome"),
    ("3", "Shipping Income", "Income", "OtherPrimaryIncome"),
    ("4", "Discounts given", "Income", "DiscountsRefundsGiven"),
    ("5", "Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"),
    ("6", "Inventory Asset", "Other Current Asset", "Inventory"),
    ("7", "Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
    ("8", "Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
    ("9", "Checking", "Bank", "Checking"),
    ("10", "Gift Card Liability", "Other Current Liability", "OtherCurrentLiabilities"),
    ("11", "Sales Tax Payable", "Other Current Liability", "SalesTaxPayable"),
    ("12", "Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"),
)


def item_codes(store: Store) -> dict[str, list[tuple[Product, Variant]]]:
    """Store codes a merchant could have keyed into QuickBooks, with the variants holding each.

    Codes that differ only by case or spaces collapse onto the first one seen,
    because QuickBooks compares names that way.
    """
    by_norm: dict[str, str] = {}
    out: dict[str, list[tuple[Product, Variant]]] = {}
    for product in store.products:
        for variant in product.variants:
            code = get_code(variant, store.platform)
            if not code or any(ch in code for ch in QBO_NAME_FORBIDDEN) or len(code) > 100:
                continue
            norm = code.strip().casefold()
            canonical = by_norm.setdefault(norm, code)
            if canonical == code:
                out.setdefault(code, []).append((product, variant))
    return out


def unique_full_names(store: Store) -> Counter[str]:
    """How often each full name occurs: only a name used once can be mirrored as a QuickBooks DisplayName."""
    return Counter(c.full_name for c in store.customers if c.full_name)


def make_books(
    rng: random.Random,
    store: Store,
    match_field: str,
    pools: Pools,
    coverage: float = 0.85,
    customer_share: float = 0.4,
) -> Books:
    """Clean books beside ``store``: nothing in them trips a check until a books-side pathology is injected.

    ``customer_share`` of the store's customers with a name of their own are already customers in the books.
    """
    accounts = [Account(id=i, name=n, type=t, sub_type=s) for i, n, t, s in ACCOUNTS]
    items: list[Item] = []
    used_names: set[str] = set()
    for code, holders in item_codes(store).items():
        # physical goods the store forgot to track are exactly what the books were set up to count,
        # so they always have an item (connector-rules #43/#45); the rest are covered at random
        forgotten = any(not v.inventory_tracked and p.product_type in PHYSICAL_TYPES for p, v in holders)
        if not forgotten and rng.random() >= coverage:
            continue
        product, variant = holders[0]
        tracked = forgotten or any(v.inventory_tracked for _, v in holders)
        kind: ItemType = (
            "Inventory" if tracked else ("Service" if product.product_type == "Service" else "NonInventory")
        )
        if match_field == "name":
            name, sku = code, code
        else:
            name = product.title if variant.title == "Default Title" else f"{product.title} - {variant.title}"
            n = 1
            base = name
            while name in used_names:
                n += 1
                name = f"{base} ({n})"
            sku = code
        used_names.add(name)
        qty = max(0, sum(v.quantity for _, v in holders))
        items.append(Item(
            id=str(len(items) + 1),
            name=name,
            sku=sku,
            type=kind,
            description=product.title,
            track_qty=tracked,
            qty_on_hand=_QTY.setdefault(qty, Decimal(qty)) if tracked else None,
            inv_start_date=INV_START if tracked else None,
            unit_price=variant.price,
            purchase_cost=variant.cost,
            taxable=variant.taxable,
            income_account_id="2" if kind == "Service" else "1",
            expense_account_id="5" if tracked else None,
            asset_account_id="6" if tracked else None,
        ))
    store_names = unique_full_names(store)
    taken_names: set[str] = set(store_names)
    vendors: list[Contact] = []
    for company in rng.sample(list(pools.companies), min(6, len(pools.companies))):
        if company in taken_names:
            continue
        taken_names.add(company)
        vendors.append(Contact(id=f"v{len(vendors) + 1}", kind="vendor", display_name=company, company=company,
                               email=f"orders@{company.split()[0].strip(',').lower()}-wholesale.example"))
    employees: list[Contact] = []
    pool = next(iter(pools.by_locale.values()))
    attempts = 0
    while len(employees) < 3:
        attempts += 1
        first, last = rng.choice(pool.first_names), rng.choice(pool.last_names)
        name = f"{first} {last}"
        if attempts > 2000:  # a store that uses up the name pool: fall back to a plainly distinct name
            first, last = "Staff", f"Member {len(employees) + 1}"
            name = f"{first} {last}"
        if name in taken_names:
            continue
        taken_names.add(name)
        employees.append(Contact(id=f"e{len(employees) + 1}", kind="employee", display_name=name,
                                 given_name=first, family_name=last))
    mirrored = [c for c in store.customers if c.full_name and store_names[c.full_name] == 1]
    customers: list[Contact] = []
    for c in mirrored:
        if rng.random() < customer_share:
            customers.append(Contact(
                id=f"c{len(customers) + 1}", kind="customer", display_name=c.full_name, given_name=c.first_name,
                family_name=c.last_name, company=c.company, email=c.email, phone=c.phone,
            ))
    tax_rates, tax_codes = _taxes(store)
    docs = _documents(rng, store, items, customers)
    return Books(
        realm_id=f"91303{rng.randint(10**10, 10**11 - 1)}",
        preferences=Preferences(
            company_name=store.name, country=store.country, home_currency=store.currency,
            created_at=ANCHOR - timedelta(days=3 * 365),
        ),
        accounts=accounts,
        items=items,
        customers=customers,
        vendors=vendors,
        employees=employees,
        tax_codes=tax_codes,
        tax_rates=tax_rates,
        payment_methods=[
            PaymentMethod(id="1", name="Credit Card", type="CREDIT_CARD"),
            PaymentMethod(id="2", name="PayPal"),
            PaymentMethod(id="3", name="Cash"),
            PaymentMethod(id="4", name="Gift Card"),
        ],
        documents=docs,
    )


def _taxes(store: Store) -> tuple[list[TaxRate], list[TaxCode]]:
    """A rate per store rate, a code per rate and per combined regional set, plus 0 % and exempt codes."""
    rates = [TaxRate(id=str(k + 1), name=r.name, rate=r.rate, agency=r.jurisdiction)
             for k, r in enumerate(store.tax.rates)]
    by_store_id = {r.id: rates[k].id for k, r in enumerate(store.tax.rates)}
    zero = TaxRate(id=str(len(rates) + 1), name="Zero-rated", rate=Decimal("0"), agency="None")
    codes = [TaxCode(id=str(k + 1), name=r.name, sales_rate_ids=[r.id]) for k, r in enumerate(rates)]
    for region in REGIONS.values():
        ids = [by_store_id[t.id] for t in region.taxes if t.id in by_store_id]
        if len(ids) > 1 and len(ids) == len(region.taxes):
            codes.append(TaxCode(id=str(len(codes) + 1), name="/".join(t.name.split()[0] for t in region.taxes)
                                 + f" {region.code}", sales_rate_ids=ids))
    codes.append(TaxCode(id=str(len(codes) + 1), name="Zero-rated", description="0 %", sales_rate_ids=[zero.id]))
    codes.append(TaxCode(id=str(len(codes) + 1), name="Exempt", description="Out of scope", taxable=False))
    return [*rates, zero], codes


def doc_number_start(store: Store) -> int:
    """A first DocNumber above every numeric store order number, in a range of its own."""
    top = max((int(o.number) for o in store.orders if o.number.isdigit()), default=0)
    start: int = 5 * 10 ** len(str(top)) + 1
    return start


def _documents(rng: random.Random, store: Store, items: list[Item], customers: list[Contact]) -> list[Document]:
    if not items:
        return []
    start = doc_number_start(store)
    out: list[Document] = []
    for k in range(min(200, 10 + len(store.orders) // 10)):
        lines = []
        for item in rng.sample(items, min(len(items), rng.randint(1, 2))):
            qty = rng.randint(1, 3)
            price = item.unit_price or money(1000)
            lines.append(DocumentLine(item_id=item.id, description=item.description, quantity=Decimal(qty),
                                      unit_price=price, amount=money(cents(price) * qty)))
        out.append(Document(
            id=str(k + 1),
            type="Invoice" if rng.random() < 0.6 else "SalesReceipt",
            number=str(start + k),
            date=(ANCHOR - timedelta(days=rng.randint(1, 700))).date(),
            customer_id=rng.choice(customers).id if customers else None,
            currency=store.currency,
            total=money(sum(cents(ln.amount) for ln in lines)),
            lines=lines,
        ))
    return out
