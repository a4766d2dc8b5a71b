"""Stores the Shopify tests load: hand-built awkward cases (the generator supplies the rest)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from harness.model.store import (
    Address,
    Customer,
    CustomFieldDefinition,
    Discount,
    Extension,
    FeeLine,
    Location,
    Order,
    OrderLine,
    Payment,
    Product,
    Refund,
    RefundLine,
    ShippingLine,
    Store,
    TaxAmount,
    TaxLine,
    TaxRate,
    TaxSettings,
    Variant,
)
from harness.platforms.http import RetryPolicy
from harness.sources.generated import DEMO_PATHOLOGIES, Counts, generate_store

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def generated_store(seed: int = 11, products: int = 23, customers: int = 17, orders: int = 41) -> Store:
    """A generated store with every store-side pathology injected, big enough for several small pages."""
    store, _ = generate_store(seed, Counts(products, customers, orders), DEMO_PATHOLOGIES, "shopify")
    return store


def no_sleep(_: float) -> None:
    pass


FAST = RetryPolicy(sleep=no_sleep, attempts=10)


def small_store(products: int = 7, customers: int = 5, orders: int = 9, platform: str = "shopify") -> Store:
    """A hand-built store with the awkward cases: blank and duplicate SKUs, guests, negative stock,
    accents, custom fields, fee lines, gift-card payments, refunds, several locations."""
    locations = [Location(id="7001", name="Entrepôt Montréal"), Location(id="7002", name="Back room")]
    prods: list[Product] = []
    for i in range(products):
        pid = str(1000 + i)
        if i % 3 == 0:
            variants = [
                Variant(
                    id=str(5000 + i * 10 + k),
                    sku=None if k == 1 else f"TS-{i}-{size}",
                    title=f"{size} / Rouge",
                    options={"Taille": size, "Couleur": "Rouge"},
                    price=Decimal("19.90"),
                    compare_at_price=Decimal("24.00") if k == 0 else None,
                    cost=Decimal("7.25"),
                    quantities={"7001": 3 - k * 4, "7002": k},
                    weight_grams=180,
                    tax_class="PC040100" if k == 2 else None,
                )
                for k, size in enumerate(("S", "M", "L"))
            ]
            options = ["Taille", "Couleur"]
        else:
            variants = [
                Variant(
                    id=str(5000 + i * 10),
                    sku="DUP-SKU" if i % 3 == 1 else f"SKU-{i}",
                    price=Decimal("5.5") * i,
                    cost=None if i % 2 else Decimal("1.10"),
                    taxable=i % 4 != 2,
                    inventory_tracked=i % 5 != 4,
                    quantities={"7001": 10 * i},
                )
            ]
            options = []
        prods.append(
            Product(
                id=pid,
                title=f"Chemise crème n°{i}",
                description="<p>Très belle</p>" if i % 2 == 0 else None,
                vendor="Acmé",
                product_type="Shirts",
                status="draft" if i == 5 else "active",
                created_at=T0 + timedelta(days=i),
                updated_at=T0 + timedelta(days=i, hours=3),
                options=options,
                sku="PARENT-1" if i == 3 else None,
                variants=variants,
                custom_fields={"material": "coton"} if i % 2 else {},
            )
        )
    custs = [
        Customer(
            id=str(300 + i),
            first_name=["Zoé", "Bob", "Ana", "Li", "Émile"][i % 5],
            last_name=f"Durand{i}",
            company="Café Ltée" if i % 2 == 0 else None,
            email=f"c{i}@example.com" if i != 3 else None,
            phone="+15145550100" if i % 3 == 0 else None,
            addresses=[
                Address(
                    first_name="Zoé",
                    last_name="D",
                    company="Café Ltée" if i % 2 == 0 else None,
                    line1=f"{i} rue Sainte-Catherine",
                    city="Montréal",
                    region="QC",
                    postal_code="H2X 1Y4",
                    country="CA",
                )
            ]
            if i != 1
            else [],
            created_at=T0 + timedelta(hours=i),
            guest=i == 4,
            tax_exempt=i == 2,
            currency="CAD" if i == 0 else None,
            custom_fields={"loyalty": "gold"} if i == 0 else {},
        )
        for i in range(customers)
    ]
    ords: list[Order] = []
    for i in range(orders):
        tps = TaxAmount(rate_id="1", name="TPS", rate=Decimal("5"), amount=Decimal("1.00"))
        tvq = TaxAmount(rate_id="2", name="TVQ", rate=Decimal("9.975"), amount=Decimal("1.99"))
        lines = [
            OrderLine(
                id=str(80000 + i * 10),
                product_id="1001",
                variant_id="5010",
                sku="DUP-SKU",
                title="Chemise",
                quantity=2,
                unit_price=Decimal("10.00"),
                discount=Decimal("1.00") if i % 2 else Decimal("0"),
                taxes=[tps, tvq],
            ),
            OrderLine(
                id=str(80000 + i * 10 + 1),
                product_id=None,
                variant_id=None,
                sku=None,
                title="Deleted thing",
                quantity=1,
                unit_price=Decimal("3.00"),
                taxable=False,
            ),
        ]
        ords.append(
            Order(
                id=str(9000 + i),
                number=f"#{1001 + i}",
                created_at=T0 + timedelta(days=i, minutes=5),
                updated_at=T0 + timedelta(days=i, minutes=50),
                status=["completed", "processing", "pending", "cancelled", "refunded", "on_hold", "failed"][i % 7],
                currency="CAD",
                customer_id=None if i % 4 == 0 else str(300 + i % customers),
                email=f"buyer{i}@example.com",
                billing=Address(
                    first_name="Zoé", last_name="Ébert", line1="1 rue", city="Québec", region="QC", country="CA"
                ),
                shipping_address=None if i % 2 else Address(first_name="Zoé", city="Laval", country="CA"),
                lines=lines,
                shipping_lines=[
                    ShippingLine(
                        title="Postes Canada",
                        price=Decimal("7.50"),
                        taxes=[TaxAmount(name="TPS", rate=Decimal("5"), amount=Decimal("0.38"))],
                    )
                ],
                fee_lines=[FeeLine(name="Emballage cadeau", amount=Decimal("2.00"), source="giftwrap-plugin")]
                if i % 3 == 0
                else [],
                discounts=[Discount(kind="coupon", code="DIX", amount=Decimal("2.00"))]
                + (
                    [Discount(kind="reward_points", amount=Decimal("1.50"), source="points-plugin")]
                    if i % 5 == 0
                    else []
                ),
                tax_lines=[
                    TaxLine(rate_id="1", name="TPS", rate=Decimal("5"), amount=Decimal("1.38")),
                    TaxLine(rate_id="2", name="TVQ", rate=Decimal("9.975"), amount=Decimal("1.99")),
                ],
                payments=[Payment(gateway="shopify_payments", amount=Decimal("30.87"))]
                + (
                    [Payment(gateway="gift_card", kind="gift_card", amount=Decimal("5.00"), reference="GC-1")]
                    if i % 3 == 1
                    else []
                ),
                refunds=[
                    Refund(
                        id=str(600 + i),
                        created_at=T0 + timedelta(days=i + 2),
                        amount=Decimal("10.00"),
                        reason="abîmé",
                        lines=[RefundLine(line_id=str(80000 + i * 10), quantity=1, amount=Decimal("10.00"))],
                        restock=True,
                    )
                ]
                if i % 7 == 4
                else [],
                total=Decimal("30.87"),
                total_tax=Decimal("3.37"),
                custom_fields={"gift_note": "Bonne fête"} if i % 2 == 0 else {},
            )
        )
    return Store(
        platform=platform,  # type: ignore[arg-type]
        name="Boutique Zoé",
        domain="boutique-zoe.example.com",
        currency="CAD",
        country="CA",
        locations=locations,
        products=prods,
        customers=custs,
        orders=ords,
        tax=TaxSettings(
            prices_include_tax=False,
            rates=[
                TaxRate(id="1", name="TPS", rate=Decimal("5"), country="CA"),
                TaxRate(id="2", name="TVQ", rate=Decimal("9.975"), country="CA", region="QC"),
            ],
        ),
        extensions=[Extension(name="Gift wrap", kind="custom_fees")],
        custom_fields=[CustomFieldDefinition(entity="order", key="gift_note")],
    )
