"""Stores for the BigCommerce tests: the generator's, and a small hand-built one.

The hand-built store is made of the awkward cases on purpose: accents, a
missing SKU, a non-taxable and a reduced-rate product, variant products with
stock at two locations, non-numeric ids, guests, coupons, two tax rates per
line, a taxed shipping line, order custom fields and store-level settings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from harness.model.store import (
    Address,
    Customer,
    Discount,
    Extension,
    Location,
    Order,
    OrderLine,
    Payment,
    Product,
    ShippingLine,
    Store,
    TaxAmount,
    TaxLine,
    TaxRate,
    TaxSettings,
    Variant,
)
from harness.sources.generated import generate_store


def build_store(platform: str, *, seed: int = 1, size: str = "small") -> Store:
    """The generator's store for ``platform``."""
    store, _manifest = generate_store(seed, size, None, platform)
    return store


def hand_built_store(platform: str, *, products: int = 7, orders: int = 5) -> Store:
    locations = [Location(id="loc-main", name="Main"), Location(id="loc-2", name="Backroom")]
    catalogue = [_product(i) for i in range(products)]
    customers = [_customer(i) for i in range(4)]
    return Store(
        platform=platform,  # type: ignore[arg-type]
        name="Boutique Zoë",
        domain="zoe.example",
        currency="CAD",
        country="CA",
        locations=locations,
        products=catalogue,
        customers=customers,
        orders=[_order(i, catalogue) for i in range(orders)],
        tax=TaxSettings(rates=[TaxRate(id="1", name="GST", rate=D("5"), country="CA")]),
        extensions=[Extension(name="Smile", kind="reward_points")],
    )


def _product(i: int) -> Product:
    if i % 3 == 0:
        variants = [
            Variant(
                id=str(500 + i * 10 + j),
                sku=f"SKU-{i}-{size}",
                title=size,
                options={"Size": size},
                price=D("19.99") + j,
                cost=D("7.5"),
                quantities={"loc-main": 3 + j, "loc-2": j},
                weight_grams=250,
                barcode="0123",
            )
            for j, size in enumerate(["S", "M", "L"])
        ]
        return Product(
            id=str(100 + i),
            title=f"Chemise {i} é",
            options=["Size"],
            sku=f"SHIRT-{i}",
            variants=variants,
            vendor="Acme",
            product_type="Shirts",
            custom_fields={"material": "cotton"},
            created_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=i),
        )
    variant = Variant(
        id=f"v{i}",
        sku=f"MUG-{i}" if i != 4 else None,
        price=D("9.50"),
        taxable=i != 5,
        tax_class="Reduced" if i == 2 else None,
        quantities={"loc-main": 12},
        compare_at_price=D("12"),
    )
    return Product(
        id=str(100 + i),
        title=f"Mug {i}",
        description="A mug" if i % 2 else None,
        variants=[variant],
        status="draft" if i == 5 else "active",
    )


def _customer(i: int) -> Customer:
    return Customer(
        id=str(1 + i),
        first_name="Zoë",
        last_name=f"Tremblay{i}",
        email=f"z{i}@example.com",
        phone="+1 514 555 0101",
        company="Café Inc" if i % 2 else None,
        addresses=[
            Address(first_name="Zoë", line1="1 rue", city="Montréal", region="QC", postal_code="H2X 1Y4", country="CA")
        ],
        created_at=datetime(2025, 2, 1, 10, 0, tzinfo=UTC),
        tax_exempt=i == 2,
        custom_fields={"loyalty": "gold"} if i == 1 else {},
    )


def _order(i: int, catalogue: list[Product]) -> Order:
    shirt = catalogue[0]
    medium = shirt.variants[1]
    mug = catalogue[1]
    gst = TaxAmount(rate_id="1", name="GST", rate=D("5"), amount=D("2.05"))
    qst = TaxAmount(rate_id="2", name="QST", rate=D("9.975"), amount=D("4.09"))
    lines = [
        OrderLine(
            id=str(9000 + i * 10),
            product_id=shirt.id,
            variant_id=medium.id,
            sku=medium.sku,
            title=shirt.title,
            quantity=2,
            unit_price=D("20.99"),
            discount=D("1.00"),
            taxes=[gst, qst],
        ),
        OrderLine(
            id=str(9001 + i * 10),
            product_id=mug.id,
            variant_id=mug.variants[0].id,
            sku=mug.variants[0].sku,
            title=mug.title,
            quantity=1,
            unit_price=D("9.50"),
            taxes=[TaxAmount(rate_id="1", name="GST", rate=D("5"), amount=D("0.48"))],
        ),
    ]
    return Order(
        id=str(200 + i),
        number=str(200 + i),
        created_at=datetime(2025, 3, 1, 9, i % 60, tzinfo=UTC),
        updated_at=datetime(2025, 3, 2, 9, i % 60, tzinfo=UTC),
        status="completed" if i % 2 else "processing",
        platform_status="Completed" if i % 2 else "Awaiting Fulfillment",
        currency="CAD",
        customer_id=str(1 + i % 4) if i % 4 != 3 else None,
        email=f"z{i}@example.com",
        billing=Address(first_name="Zoë", last_name="T", line1="1 rue", city="Montréal", region="QC", country="CA"),
        shipping_address=Address(first_name="Zoë", line1="1 rue", city="Montréal", country="CA"),
        lines=lines,
        shipping_lines=[
            ShippingLine(
                title="Flat rate",
                price=D("5"),
                taxes=[TaxAmount(rate_id="1", name="GST", rate=D("5"), amount=D("0.25"))],
            )
        ],
        discounts=[Discount(kind="coupon", code="SAVE1", amount=D("1.00"))] if i % 2 == 0 else [],
        tax_lines=[
            TaxLine(rate_id="1", name="GST", rate=D("5"), amount=D("2.78"), shipping_amount=D("0.25")),
            TaxLine(rate_id="2", name="QST", rate=D("9.975"), amount=D("4.09")),
        ],
        payments=[Payment(gateway="Credit Card", amount=D("57.31"), reference="ch_1")],
        total=D("57.31"),
        total_tax=D("6.87"),
        custom_fields={"gift": "yes"} if i == 1 else {},
    )
