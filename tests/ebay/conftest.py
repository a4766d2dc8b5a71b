"""Fixtures for the eBay platform: a small store with the shapes eBay cares about."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from harness.model.store import (
    Address,
    Customer,
    Discount,
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
from harness.platforms.ebay import make_endpoint
from harness.platforms.ebay.endpoint import EbayTradingEndpoint
from harness.sandbox import serve
from harness.sandbox.server import LocalServer

D = Decimal


def when(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, 15, 30, 123456, tzinfo=UTC)


def small_store() -> Store:
    """Listings single and multi-variation, an oversold one, an ended and a draft one; buyers and a guest."""
    tee = Product(
        id="110000000001",
        title="Cotton tee",
        description="Soft\r\ncotton",
        vendor="Acme",
        product_type="T-Shirts",
        created_at=when(1),
        options=["Size", "Colour"],
        sku="TEE",
        variants=[
            Variant(
                id="v-tee-s-red",
                sku="TEE-S-RED",
                options={"Size": "S", "Colour": "Red"},
                price=D("19.99"),
                quantities={"main": 4},
            ),
            Variant(
                id="v-tee-m-red",
                sku="TEE-M-RED",
                options={"Size": "M", "Colour": "Red"},
                price=D("19.99"),
                quantities={"main": 2, "back": 1},
            ),
            Variant(
                id="v-tee-l-blue",
                sku=None,
                options={"Size": "L", "Colour": "Blue"},
                price=D("21.5"),
                quantities={"main": 0},
            ),
        ],
        custom_fields={"Material": "Cotton"},
    )
    mug = Product(
        id="110000000002",
        title="Mug & saucer",
        created_at=when(2),
        variants=[
            Variant(
                id="v-mug",
                sku="MUG-01",
                barcode="012345678905",
                price=D("8.50"),
                compare_at_price=D("10.00"),
                quantities={"main": 12},
            )
        ],
    )
    oversold = Product(
        id="110000000003",
        title="Poster",
        created_at=when(3),
        variants=[Variant(id="v-poster", sku="", price=D("5.00"), taxable=False, quantities={"main": -2})],
    )
    ended = Product(
        id="110000000004",
        title="Old calendar",
        status="archived",
        created_at=when(4),
        variants=[Variant(id="v-cal", sku="CAL-2025", price=D("3.00"), quantities={"main": 1})],
    )
    draft = Product(
        id="110000000005",
        title="Unlisted",
        status="draft",
        variants=[Variant(id="v-draft", sku="DRAFT-1", price=D("1.00"))],
    )
    customers = [
        Customer(
            id="buyer_anna",
            first_name="Anna",
            last_name="Lefèvre",
            email="anna@example.com",
            phone="+15145550101",
            company="Lefèvre Inc",
        ),
        Customer(id="buyer_bo", first_name="Bo", last_name="Ng", email="bo@example.com"),
        Customer(id="never_ordered", first_name="Cy", last_name="Press", email="cy@example.com"),
    ]
    ship = Address(
        first_name="Anna Marie",
        last_name="Lefèvre",
        line1="1 Rue X",
        city="Montréal",
        region="QC",
        postal_code="H2X 1Y4",
        country="CA",
        phone="+15145550101",
    )
    tax = TaxAmount(rate_id="qc", name="QC GST+QST", rate=D("14.975"), amount=D("2.99"))
    orders = [
        Order(
            id="12-00001-00001",
            number="1001",
            created_at=when(5),
            updated_at=when(6),
            status="completed",
            customer_id="buyer_anna",
            email="anna-order@example.com",
            shipping_address=ship,
            billing=ship,
            lines=[
                OrderLine(
                    id="3000001",
                    product_id="110000000001",
                    variant_id="v-tee-m-red",
                    sku="TEE-M-RED",
                    title="Cotton tee",
                    quantity=2,
                    unit_price=D("19.99"),
                    discount=D("1.00"),
                    taxes=[tax],
                ),
                OrderLine(
                    id="3000002",
                    product_id="110000000002",
                    variant_id="v-mug",
                    sku="MUG-01",
                    title="Mug & saucer",
                    quantity=1,
                    unit_price=D("8.50"),
                ),
            ],
            shipping_lines=[
                ShippingLine(title="USPS First Class", price=D("4.00")),
                ShippingLine(title="Insurance", price=D("1.00")),
            ],
            discounts=[Discount(code="SPRING", amount=D("2.00"))],
            tax_lines=[TaxLine(name="QC GST+QST", rate=D("14.975"), amount=D("2.99"), jurisdiction="QC")],
            payments=[Payment(gateway="PayPal", kind="paypal", amount=D("54.47"))],
            total=D("54.47"),
            total_tax=D("2.99"),
        ),
        Order(
            id="12-00002-00002",
            number="1002",
            created_at=when(7),
            status="processing",
            customer_id="buyer_bo",
            email="bo@example.com",
            lines=[
                OrderLine(
                    id="3000003",
                    product_id="110000000003",
                    variant_id="v-poster",
                    sku="",
                    title="Poster",
                    quantity=3,
                    unit_price=D("5.00"),
                )
            ],
            payments=[Payment(gateway="Stripe", kind="card", amount=D("15.00"))],
            total=D("15.00"),
        ),
        Order(
            id="12-00003-00003",
            number="1003",
            created_at=when(8),
            status="cancelled",
            customer_id=None,
            email="guest@example.com",
            lines=[
                OrderLine(
                    id="3000004",
                    product_id="110000000001",
                    variant_id="v-tee-s-red",
                    sku="TEE-S-RED",
                    title="Cotton tee",
                    quantity=1,
                    unit_price=D("19.99"),
                )
            ],
            total=D("19.99"),
        ),
        Order(
            id="12-00004-00004",
            number="1004",
            created_at=when(9),
            status="pending",
            customer_id="buyer_anna",
            lines=[
                OrderLine(
                    id="3000005",
                    product_id="999999999999",
                    sku="GONE-1",
                    title="Deleted listing",
                    quantity=1,
                    unit_price=D("2.00"),
                )
            ],
            total=D("2.00"),
        ),
        Order(
            id="12-00005-00005",
            number="1005",
            created_at=when(9, 11),
            status="completed",
            customer_id="buyer_bo",
            lines=[
                OrderLine(
                    id="3000006",
                    product_id="110000000001",
                    variant_id="v-tee-s-red",
                    sku="TEE-S-RED",
                    title="Cotton tee",
                    quantity=1,
                    unit_price=D("19.99"),
                )
            ],
            total=D("19.99"),
        ),
    ]
    return Store(
        platform="ebay",
        name="Anna's eBay shop",
        currency="CAD",
        country="CA",
        products=[tee, mug, oversold, ended, draft],
        customers=customers,
        orders=orders,
        tax=TaxSettings(
            rates=[
                TaxRate(id="qc", name="QC", rate=D("14.975"), country="CA", region="QC"),
                TaxRate(id="on", name="ON HST", rate=D("13"), country="CA", region="ON", shipping=False),
            ]
        ),
    )


@pytest.fixture
def store() -> Store:
    return small_store()


@pytest.fixture
def endpoint(store: Store) -> EbayTradingEndpoint:
    return make_endpoint(store)


@pytest.fixture
def server(endpoint: EbayTradingEndpoint) -> Iterator[LocalServer]:
    with serve(endpoint) as running:
        yield running
