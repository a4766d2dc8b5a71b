"""Fixtures for OpenCart: a store with the shapes OpenCart cares about, and a running facade."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from harness.model.store import (
    Address,
    Customer,
    Discount,
    FeeLine,
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
from harness.platforms.opencart import SPEC, make_endpoint
from harness.platforms.opencart.endpoint import OpenCartEndpoint
from harness.sandbox import InProcessSandbox

D = Decimal


def when(day: int) -> datetime:
    return datetime(2026, 2, day, 9, 30, 15, 250000, tzinfo=UTC)


def small_store() -> Store:
    """Model vs SKU, options with per-option stock, HTML-special text, coupons, taxes and a guest."""
    products = [
        Product(
            id="p-mug",
            title="Mug & <saucer>",
            description='A "fine" mug',
            vendor="Acme & Sons",
            product_type="Kitchen",
            created_at=when(1),
            updated_at=when(2),
            custom_fields={"Material": "Stoneware & glaze"},
            variants=[
                Variant(
                    id="v-mug",
                    sku="SKU-MUG",
                    model="MUG-01",
                    barcode="012345678905",
                    price=D("8.50"),
                    compare_at_price=D("10.00"),
                    tax_class="Taxable Goods",
                    quantities={"main": 12},
                    weight_grams=350,
                )
            ],
        ),
        Product(
            id="p-tee",
            title="Tee",
            options=["Size", "Colour"],
            sku="TEE-PARENT",
            created_at=when(3),
            variants=[
                Variant(
                    id="v-s-red",
                    sku="TEE-S-RED",
                    model="TEE",
                    options={"Size": "S", "Colour": "Red"},
                    price=D("19.99"),
                    quantities={"main": 4},
                ),
                Variant(
                    id="v-m-red",
                    sku="TEE-M-RED",
                    model="TEE",
                    options={"Size": "M", "Colour": "Red"},
                    price=D("21.49"),
                    quantities={"main": -1},
                ),
                Variant(
                    id="v-l-blue",
                    model="TEE",
                    options={"Size": "L", "Colour": "Blue"},
                    price=D("18.00"),
                    inventory_tracked=False,
                    quantities={"main": 0},
                ),
            ],
        ),
        Product(
            id="p-generic",
            title="Sticker",
            status="archived",
            variants=[
                Variant(id="v-st", sku=None, model=None, price=D("1.25"), taxable=False, quantities={"main": 100})
            ],
        ),
    ]
    customers = [
        Customer(
            id="c-anna",
            first_name="Anna",
            last_name="Lefèvre",
            email="anna@example.com",
            phone="+15145550101",
            created_at=when(4),
            custom_fields={"vat": "CA123"},
            addresses=[
                Address(
                    first_name="Anna",
                    last_name="Lefèvre",
                    company="Lefèvre & Fils",
                    line1="1 Rue X",
                    city="Montréal",
                    region="QC",
                    postal_code="H2X 1Y4",
                    country="CA",
                    phone="+15145550101",
                ),
                Address(line1="PO Box 9", city="Laval", country="CA"),
            ],
        ),
        Customer(id="c-guest", email="guest@example.com", guest=True),
    ]
    qc = TaxRate(id="qc", name="QC QST", rate=D("9.975"), country="CA", region="QC")
    gst = TaxRate(id="gst", name="GST", rate=D("5"), country="CA", tax_class="Taxable Goods")
    billing = Address(
        first_name="Anna",
        last_name="Lefèvre",
        company="Lefèvre & Fils",
        line1="1 Rue X",
        city="Montréal",
        region="QC",
        postal_code="H2X 1Y4",
        country="CA",
        phone="+15145550101",
    )
    orders = [
        Order(
            id="o-1",
            number="1001",
            created_at=when(5),
            updated_at=when(6),
            status="completed",
            customer_id="c-anna",
            email="anna@example.com",
            billing=billing,
            shipping_address=billing,
            lines=[
                OrderLine(
                    id="l-1",
                    product_id="p-tee",
                    variant_id="v-m-red",
                    sku="TEE",
                    title="Tee",
                    quantity=3,
                    unit_price=D("21.49"),
                    taxes=[
                        TaxAmount(name="GST", rate=D("5"), amount=D("3.22")),
                        TaxAmount(name="QC QST", rate=D("9.975"), amount=D("6.43")),
                    ],
                ),
                OrderLine(
                    id="l-2",
                    product_id="p-mug",
                    variant_id="v-mug",
                    sku="MUG-01",
                    title="Mug & <saucer>",
                    quantity=1,
                    unit_price=D("8.50"),
                    taxes=[
                        TaxAmount(name="GST", rate=D("5"), amount=D("0.43")),
                        TaxAmount(name="QC QST", rate=D("9.975"), amount=D("0.85")),
                    ],
                ),
            ],
            shipping_lines=[ShippingLine(title="Flat Shipping Rate", price=D("5.00"))],
            fee_lines=[FeeLine(name="Handling Fee", amount=D("2.00"))],
            discounts=[
                Discount(kind="coupon", code="SPRING10", amount=D("3.00")),
                Discount(kind="reward_points", amount=D("1.00")),
            ],
            tax_lines=[
                TaxLine(name="GST", rate=D("5"), amount=D("3.65")),
                TaxLine(name="QC QST", rate=D("9.975"), amount=D("7.28")),
            ],
            payments=[Payment(gateway="PayPal Standard", kind="paypal", amount=D("84.40"))],
            total=D("84.40"),
            total_tax=D("10.93"),
            custom_fields={"gift": "yes"},
        ),
        Order(
            id="o-2",
            number="1002",
            created_at=when(7),
            status="pending",
            customer_id="c-guest",
            email="guest@example.com",
            lines=[
                OrderLine(
                    id="l-3",
                    product_id="p-generic",
                    variant_id="v-st",
                    sku=None,
                    title="Sticker",
                    quantity=4,
                    unit_price=D("1.25"),
                )
            ],
            payments=[
                Payment(gateway="Cash On Delivery", kind="cash", amount=D("3.00")),
                Payment(gateway="Gift card", kind="gift_card", amount=D("2.00"), reference="GIFT-2"),
            ],
            total=D("5.00"),
        ),
        Order(
            id="o-3",
            number="1003",
            created_at=when(8),
            status="cancelled",
            customer_id="c-anna",
            email="anna@example.com",
            lines=[
                OrderLine(
                    id="l-4",
                    product_id="p-tee",
                    variant_id="v-s-red",
                    sku="TEE",
                    title="Tee",
                    quantity=1,
                    unit_price=D("19.99"),
                    taxes=[TaxAmount(name="GST", rate=D("5"), amount=D("1.00"))],
                )
            ],
            tax_lines=[TaxLine(name="GST", rate=D("5"), amount=D("1.00"))],
            total=D("20.99"),
            total_tax=D("1.00"),
        ),
    ]
    return Store(
        platform="opencart",
        name="Anna & Co",
        domain="shop.example.com",
        currency="CAD",
        country="CA",
        products=products,
        customers=customers,
        orders=orders,
        tax=TaxSettings(rates=[gst, qc]),
    )


@pytest.fixture
def store() -> Store:
    return small_store()


@pytest.fixture(params=["3", "4.1"])
def schema(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def endpoint(store: Store, schema: str) -> OpenCartEndpoint:
    return make_endpoint(store, schema=schema)


@pytest.fixture
def facade(endpoint: OpenCartEndpoint) -> Iterator[str]:
    with InProcessSandbox() as sb:
        yield sb.mount(endpoint, SPEC.sandbox_base_url)
