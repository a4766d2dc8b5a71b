"""Order and customer pages decode straight into structs: tolerant of scalars, strict about shape."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import msgspec
import orjson
import pytest
from shopify_stores import FAST
from werkzeug.wrappers import Request, Response

from harness.platforms.http import EndpointApp, Route
from harness.platforms.http.session import ApiClientError
from harness.platforms.shopify import ShopifyClient, wire
from harness.platforms.shopify.formats import LATEST_VERSION
from harness.platforms.shopify.wire_read import OrdersPage, ProductsPage, as_order
from harness.sandbox import InProcessSandbox

BASE = "https://pages.sandbox.myshopify.test"
ORDER_PAGE = msgspec.json.Decoder(OrdersPage)


class OnePage(EndpointApp):
    """Answers ``orders.json`` with a fixed body: the shape under test."""

    platform = "shopify"
    routes = (Route(f"/admin/api/{LATEST_VERSION}/orders.json", "list_orders", ("GET",)),)

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body

    def list_orders(self, request: Request) -> Response:
        return Response(self.body, content_type="application/json")


@pytest.fixture
def serve_page() -> Iterator[Any]:
    with InProcessSandbox() as sandbox:

        def client_for(body: Any) -> ShopifyClient:
            base = sandbox.mount(OnePage(orjson.dumps(body)), BASE)
            return ShopifyClient(base, {"access_token": "t"}, FAST)

        yield client_for


def read_orders(client: ShopifyClient) -> list[Any]:
    return [o for page in client.typed_pages("orders.json", ORDER_PAGE) for o in page.orders]


def test_a_body_of_the_wrong_shape_names_the_url_and_the_field(serve_page: Any) -> None:
    client = serve_page({"orders": [{"id": 1, "line_items": "two shirts"}]})
    with pytest.raises(ApiClientError) as raised:
        read_orders(client)
    message = str(raised.value)
    assert "orders.json" in message
    assert "$.orders[0].line_items" in message
    assert raised.value.status == 200


def test_an_order_without_an_id_is_a_shape_error(serve_page: Any) -> None:
    with pytest.raises(ApiClientError, match=r"missing required field `id`"):
        read_orders(serve_page({"orders": [{"name": "#1001"}]}))


def test_scalars_keep_the_mappings_tolerance(serve_page: Any) -> None:
    """Numbers for money, nulls for lists, an absent ``taxable``: read as the dict mapping read them."""
    body = {
        "orders": [
            {
                "id": 7,
                "name": "#1007",
                "created_at": "2024-03-01T10:00:00-05:00",
                "total_price": 21.5,
                "line_items": [
                    {"id": 70, "sku": "TEE-1", "title": "Tee", "quantity": "2", "price": 10.75, "tax_lines": None},
                    {"id": 71, "title": "Rush fee", "price": "3.00", "properties": [{"name": "_fee", "value": "true"}]},
                ],
                "shipping_lines": None,
                "billing_address": None,
                "note_attributes": [{"name": "gift_note", "value": None}],
                "unknown_extension_field": {"anything": ["goes"]},
            }
        ]
    }
    (read,) = read_orders(serve_page(body))
    order = wire.order_from_wire(read)
    assert order.total == Decimal("21.5")
    (line,) = order.lines
    assert (line.quantity, line.unit_price, line.taxable, line.taxes) == (2, Decimal("10.75"), True, [])
    (fee,) = order.fee_lines
    assert fee.taxable is False  # a fee line is taxable only when it says so
    assert order.shipping_lines == [] and order.billing is None
    assert order.custom_fields == {"gift_note": ""}


def test_the_endpoints_measurement_reads_what_the_client_reads(serve_page: Any) -> None:
    """The remainder is measured on ``as_order(dict)``; the client decodes bytes. Same struct."""
    data = {
        "id": 9,
        "name": "#1009",
        "total_price": "5.00",
        "line_items": [{"id": 90, "sku": "A", "price": "5.00", "taxable": False, "tax_lines": []}],
        "customer": {"id": 3, "email": "a@example.com"},
    }
    (read,) = read_orders(serve_page({"orders": [data]}))
    assert read == as_order(data)
    assert wire.order_from_wire(read) == wire.order_from_wire(as_order(data))


def test_a_product_page_keeps_the_mappings_defaults() -> None:
    """Options by position, three slots, an absent ``taxable`` as taxable, a number for a price."""
    body = {
        "products": [
            {
                "id": 1,
                "title": "Tee",
                "options": [{"name": "Colour", "position": 2}, {"name": "Size", "position": 1}],
                "variants": [
                    {"id": 3, "position": 2, "option1": "L", "option2": "Red", "price": 12},
                    {"id": 2, "position": 1, "option1": "M", "option2": None, "price": "11.00", "taxable": False},
                ],
            }
        ]
    }
    (read,) = msgspec.json.decode(orjson.dumps(body), type=ProductsPage).products
    product = wire.product_from_wire(read, {}, {}, [])
    assert product.options == ["Size", "Colour"]
    first, second = product.variants
    assert (first.id, first.options, first.taxable, first.price) == ("2", {"Size": "M"}, False, Decimal("11.00"))
    assert (second.id, second.options, second.taxable, second.price) == ("3", {"Size": "L", "Colour": "Red"}, True, 12)
