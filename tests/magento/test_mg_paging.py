"""searchCriteria paging with plain ``requests`` returns every record (store-apis.md §6.1)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from harness.platforms.magento import MagentoEndpoint
from harness.platforms.magento.search import OutOfRange


def auth(endpoint: MagentoEndpoint) -> dict[str, str]:
    return {"Authorization": f"Bearer {endpoint.credentials()['access_token']}"}


def page(base: str, endpoint: MagentoEndpoint, path: str, size: int, current: int, **extra: str) -> Any:
    params = {"searchCriteria[pageSize]": size, "searchCriteria[currentPage]": current, **extra}
    response = requests.get(f"{base}/rest/V1/{path}", params=params, headers=auth(endpoint), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("path", "key"), [("products", "id"), ("customers/search", "id"), ("orders", "entity_id")])
def test_paging_by_total_count_returns_every_record(served: tuple[MagentoEndpoint, str], path: str, key: str) -> None:
    endpoint, base = served
    expected = {
        "products": endpoint.catalogue.products,
        "customers/search": endpoint.catalogue.customers,
        "orders": endpoint.catalogue.orders,
    }[path]
    first = page(base, endpoint, path, 37, 1)
    total = first["total_count"]
    assert total == len(expected)
    assert first["search_criteria"]["page_size"] == 37 and first["search_criteria"]["current_page"] == 1
    got = list(first["items"])
    for current in range(2, -(-total // 37) + 1):
        got.extend(page(base, endpoint, path, 37, current)["items"])
    assert [r[key] for r in got] == [r[key] for r in expected]
    assert len({r[key] for r in got}) == total


@pytest.mark.parametrize("mode", ["repeat_last", "empty"])
def test_a_page_past_the_end_follows_the_switch(served: tuple[MagentoEndpoint, str], mode: OutOfRange) -> None:
    endpoint, base = served
    endpoint.out_of_range = mode
    total = len(endpoint.catalogue.customers)
    last = -(-total // 50)
    last_items = page(base, endpoint, "customers/search", 50, last)["items"]
    beyond = page(base, endpoint, "customers/search", 50, last + 3)
    assert beyond["total_count"] == total
    assert beyond["items"] == (last_items if mode == "repeat_last" else [])


def test_page_zero_is_page_one_and_no_page_size_means_everything(served: tuple[MagentoEndpoint, str]) -> None:
    endpoint, base = served
    assert page(base, endpoint, "orders", 5, 0)["items"] == page(base, endpoint, "orders", 5, 1)["items"]
    everything = requests.get(
        f"{base}/rest/V1/orders", params={"searchCriteria": ""}, headers=auth(endpoint), timeout=10
    ).json()
    assert len(everything["items"]) == everything["total_count"] == len(endpoint.catalogue.orders)


def test_a_list_without_search_criteria_is_a_400_with_a_template(served: tuple[MagentoEndpoint, str]) -> None:
    endpoint, base = served
    response = requests.get(f"{base}/rest/V1/products", headers=auth(endpoint), timeout=10)
    assert response.status_code == 400
    assert response.json() == {
        "message": "%fieldName is a required field.",
        "parameters": {"fieldName": "searchCriteria"},
    }


def test_filters_or_inside_a_group_and_across_groups(served: tuple[MagentoEndpoint, str]) -> None:
    endpoint, base = served
    f = "searchCriteria[filter_groups][{g}][filters][{f}][{k}]"
    configurable = page(
        base,
        endpoint,
        "products",
        500,
        1,
        **{f.format(g=0, f=0, k="field"): "type_id", f.format(g=0, f=0, k="value"): "configurable"},
    )
    assert configurable["items"] and all(p["type_id"] == "configurable" for p in configurable["items"])
    skus = [p["sku"] for p in configurable["items"] if p.get("sku")][:2]
    either = page(
        base,
        endpoint,
        "products",
        500,
        1,
        **{
            f.format(g=0, f=0, k="field"): "sku",
            f.format(g=0, f=0, k="value"): skus[0],
            f.format(g=0, f=1, k="field"): "sku",
            f.format(g=0, f=1, k="value"): skus[1],
        },
    )
    assert sorted(p["sku"] for p in either["items"]) == sorted(skus)
    both = page(
        base,
        endpoint,
        "products",
        500,
        1,
        **{
            f.format(g=0, f=0, k="field"): "sku",
            f.format(g=0, f=0, k="value"): f"{skus[0][:3]}%",
            f.format(g=0, f=0, k="condition_type"): "like",
            f.format(g=1, f=0, k="field"): "type_id",
            f.format(g=1, f=0, k="value"): "simple",
        },
    )
    assert both["items"] and all(p["type_id"] == "simple" and p["sku"].startswith(skus[0][:3]) for p in both["items"])
    ordered = page(
        base,
        endpoint,
        "orders",
        5,
        1,
        **{
            "searchCriteria[sortOrders][0][field]": "grand_total",
            "searchCriteria[sortOrders][0][direction]": "DESC",
        },
    )
    totals = [o["grand_total"] for o in ordered["items"]]
    assert totals == sorted(totals, reverse=True) and totals[0] == max(
        o["grand_total"] for o in endpoint.catalogue.orders
    )
    since = page(
        base,
        endpoint,
        "orders",
        1000,
        1,
        **{
            f.format(g=0, f=0, k="field"): "created_at",
            f.format(g=0, f=0, k="value"): "2025-01-15 00:00:00",
            f.format(g=0, f=0, k="condition_type"): "gteq",
        },
    )
    assert all(o["created_at"] >= "2025-01-15 00:00:00" for o in since["items"])
    assert since["total_count"] == sum(o["created_at"] >= "2025-01-15 00:00:00" for o in endpoint.catalogue.orders)


def test_partial_responses_with_fields(served: tuple[MagentoEndpoint, str]) -> None:
    endpoint, base = served
    body = page(base, endpoint, "products", 3, 1, fields="items[sku,name],total_count")
    assert set(body) == {"items", "total_count"} and all(set(p) <= {"sku", "name"} for p in body["items"])
