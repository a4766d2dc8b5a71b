"""The REST-Admin-style facade: secret header, envelope, paging headers, missing orders filtered."""

from __future__ import annotations

import requests

from harness.platforms.opencart.endpoint import OpenCartEndpoint

API = "/api/rest_admin"


def get(
    base: str, path: str, key: str | None = "opencart-sandbox-restadmin-secret", **params: str | int
) -> requests.Response:
    headers = {"X-Oc-Restadmin-Id": key} if key else {}
    return requests.get(f"{base}{API}{path}", params=params, headers=headers, timeout=5)


def test_products_page_with_limit_and_page(facade: str) -> None:
    first = get(facade, "/products", limit=2, page=1)
    assert first.status_code == 200
    assert first.headers["X-Total-Count"] == "3" and first.headers["X-Pagination-Total-Pages"] == "2"
    body = first.json()
    assert body["success"] == 1 and body["error"] == []
    assert [p["product_id"] for p in body["data"]] == [1, 2]
    second = get(facade, "/products/limit/2/page/2").json()["data"]
    assert [p["product_id"] for p in second] == [3]
    assert get(facade, "/products", limit=2, page=3).json()["data"] == []
    tee = body["data"][1]
    assert tee["model"] == "TEE" and tee["sku"] == "TEE-PARENT"
    values = tee["options"][0]["option_value"]
    assert [(v["name"], v["quantity"], v["price"], v["price_prefix"]) for v in values] == [
        ("S / Red", 4, "1.9900", "+"),
        ("M / Red", -1, "3.4900", "+"),
        ("L / Blue", 0, "0.0000", "+"),
    ]


def test_one_product_and_one_order(facade: str) -> None:
    mug = get(facade, "/products/1").json()["data"]
    assert mug["model"] == "MUG-01" and mug["manufacturer"] == "Acme &amp; Sons"
    assert (mug["price"], mug["special"]) == ("10.0000", "8.5000")  # regular price, and the sale price
    assert mug["category"] == "Kitchen"
    assert mug["attributes"] == [{"name": "Material", "text": "Stoneware &amp; glaze"}]
    assert get(facade, "/products/99").status_code == 404
    order = get(facade, "/orders/1").json()["data"]
    assert [line["model"] for line in order["products"]] == ["TEE", "MUG-01"]
    assert order["products"][0]["option"][0]["value"] == "M / Red"
    assert [t["code"] for t in order["totals"]][-1] == "total"


def test_the_secret_is_required(facade: str) -> None:
    for key in (None, "wrong"):
        denied = get(facade, "/products", key=key)
        assert denied.status_code == 401
        assert denied.json() == {"success": 0, "error": ["Invalid or missing secret key"], "data": []}


def test_bad_paging_is_a_400(facade: str) -> None:
    assert get(facade, "/orders", limit=0).status_code == 400
    assert get(facade, "/orders", limit="x").status_code == 400


def test_missing_orders_are_not_listed(facade: str, endpoint: OpenCartEndpoint) -> None:
    columns = ", ".join(c for c in endpoint.db.columns("oc_order") if c not in ("order_id", "order_status_id"))
    endpoint.db.execute(  # an abandoned checkout: OpenCart writes the order with order_status_id 0
        f"INSERT INTO oc_order (order_id, order_status_id, {columns}) "
        f"SELECT 4, 0, {columns} FROM oc_order WHERE order_id = 3"
    )
    listed = get(facade, "/orders", limit=50)
    assert [o["order_id"] for o in listed.json()["data"]] == [1, 2, 3]
    assert listed.headers["X-Total-Count"] == "3"
    assert get(facade, "/orders/4").status_code == 404


def test_customers_and_settings(facade: str) -> None:
    customers = get(facade, "/customers").json()["data"]
    assert [c["email"] for c in customers] == ["anna@example.com"]  # the guest is not a customer
    assert [a["city"] for a in customers[0]["addresses"]] == ["Montréal", "Laval"]
    settings = get(facade, "/settings").json()["data"]
    assert settings["config_currency"] == "CAD" and settings["config_country_iso"] == "CA"
    rates = get(facade, "/tax_rates").json()["data"]
    assert [(r["name"], r["rate"], r["zone_code"]) for r in rates] == [
        ("GST", "5.0000", None),
        ("QC QST", "9.9750", "QC"),
    ]


def test_order_filters_of_the_rest_admin_api(facade: str) -> None:
    newer = get(facade, "/orders/id_larger_than/1", limit=10)
    assert [o["order_id"] for o in newer.json()["data"]] == [2, 3] and newer.headers["X-Total-Count"] == "2"
    since = get(facade, "/orders/modified_from/2026-02-06").json()["data"]
    assert [o["order_id"] for o in since] == [1]  # the only order modified on or after Feb 6 (others never were)
    assert get(facade, "/orders/modified_from/yesterday").status_code == 400
