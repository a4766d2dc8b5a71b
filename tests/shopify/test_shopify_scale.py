"""The endpoint's large-store forms: packed records, lazy orders, reserved metafield ids, levels by location."""

from __future__ import annotations

import orjson
import requests
from shopify_stores import FAST, generated_store, small_store

from harness.model.common import replace
from harness.model.store import Location, Store
from harness.platforms.http import PageDrift
from harness.platforms.http.records import PackedRecordSet, pack
from harness.platforms.shopify import SPEC, ShopifyClient, ShopifyEndpoint, wire
from harness.platforms.shopify.endpoint import _order_summary, _product_summary, _time_summary
from harness.sandbox import InProcessSandbox

API = f"{SPEC.sandbox_base_url}/admin/api/2024-10"


def _listing(endpoint: ShopifyEndpoint, resource: str) -> list[dict[str, object]]:
    with InProcessSandbox() as sandbox:
        sandbox.mount(endpoint, SPEC.sandbox_base_url)
        headers = {"X-Shopify-Access-Token": endpoint.access_token}
        url: str | None = f"{API}/metafields.json?metafield[owner_resource]={resource}&limit=2"
        rows: list[dict[str, object]] = []
        while url:
            response = requests.get(url, headers=headers, timeout=5)
            rows += response.json()["metafields"]
            url = response.links.get("next", {}).get("url")
        return rows


def test_a_lazy_orders_summary_is_what_the_filters_would_read_from_its_json() -> None:
    for store in (small_store(), generated_store()):
        endpoint = ShopifyEndpoint(store)
        for oid in endpoint.orders.ids:
            built = orjson.loads(endpoint.orders.encoded(oid))
            assert endpoint._describe_order(oid) == _order_summary(built)


def test_lazy_products_and_customers_summaries_are_what_their_json_says() -> None:
    for store in (small_store(), generated_store()):
        endpoint = ShopifyEndpoint(store)
        for pid in endpoint.products.ids:
            built = orjson.loads(endpoint.products.encoded(pid))
            assert endpoint._describe_product(pid) == _product_summary(built)
        for cid in endpoint.customers.ids:
            built = orjson.loads(endpoint.customers.encoded(cid))
            assert endpoint._describe_customer(cid) == _time_summary(built)


def test_metafield_ids_do_not_depend_on_the_order_of_requests() -> None:
    store = small_store()
    first, second = ShopifyEndpoint(store), ShopifyEndpoint(store)
    for records in (second.orders, second.customers, second.products):
        for record_id in list(records.ids)[::-1]:  # served (and measured) newest first
            records.encoded(record_id)
    for resource in ("product", "customer", "order"):
        listing = _listing(first, resource)
        assert listing == _listing(second, resource)
        assert [m["id"] for m in listing] == sorted(m["id"] for m in listing)  # type: ignore[type-var]


def test_a_level_at_a_location_the_list_lacks_still_reads_back() -> None:
    store = small_store()
    product = store.products[0]
    variant = replace(product.variants[0], quantities={**product.variants[0].quantities, "999": 4})
    store = replace(
        store,
        products=[replace(product, variants=[variant, *product.variants[1:]]), *store.products[1:]],
        locations=[loc for loc in store.locations if loc.id != "999"] or [Location(id="1", name="Main")],
    )
    endpoint = ShopifyEndpoint(store)
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        assert ShopifyClient(base, endpoint.credentials(), FAST, page_size=2).read_store() == store


def test_packed_records_edit_put_and_lazy_build() -> None:
    built: list[int] = []

    def build(record_id: int) -> bytes:
        built.append(record_id)
        return pack({"id": record_id, "name": f"lazy {record_id}"})

    records = PackedRecordSet(
        "things", summarise=lambda r: {"name": r.get("name")}, build=build, describe=lambda i: {"name": f"lazy {i}"}
    )
    records.put({"id": 1, "name": "one"})
    records.put_lazy(2)
    assert list(records.ids) == [1, 2] and 2 in records and len(records) == 2
    assert records.summary(2) == {"name": "lazy 2"} and built == []
    assert records.body([1, 2], None) == b'{"things":[{"id":1,"name":"one"},{"id":2,"name":"lazy 2"}]}'
    edited = records.edit(1)
    assert edited is not None
    edited["name"] = "uno"
    assert records.records[1]["name"] == "uno"  # the edit is visible before it is kept
    records.changed(1)
    assert records.summary(1) == {"name": "uno"} and records.get(1) == {"id": 1, "name": "uno"}
    fresh = records.get(1)
    assert fresh is not None
    fresh["name"] = "lost"  # a plain read is a copy
    assert records.records[1]["name"] == "uno"
    assert records.remove(2) == {"id": 2, "name": "lazy 2"} and 2 not in records


def test_store_orders_served_twice_are_the_same_bytes(store: Store) -> None:
    endpoint = ShopifyEndpoint(store)
    assert [endpoint.orders.encoded(i) for i in endpoint.orders.ids] == [
        endpoint.orders.encoded(i) for i in endpoint.orders.ids
    ]


def test_lazy_items_and_levels_are_what_the_product_bundle_holds() -> None:

    store = generated_store()
    endpoint = ShopifyEndpoint(store)
    for product in store.products:
        bundle = wire.product_to_wire(product, endpoint.ids)
        for item in bundle.inventory_items:
            assert orjson.loads(endpoint.items.encoded(item["id"])) == item
        for level in bundle.inventory_levels:
            assert endpoint._levels_of(level["inventory_item_id"])[level["location_id"]] == level


def test_a_written_level_is_kept_and_the_others_still_made() -> None:
    store = generated_store()
    endpoint = ShopifyEndpoint(store)
    item_id = next(iter(endpoint.items.ids))
    location_id = next(iter(endpoint.locations.ids))
    with InProcessSandbox() as sandbox:
        sandbox.mount(endpoint, SPEC.sandbox_base_url)
        headers = {"X-Shopify-Access-Token": endpoint.access_token}
        body = {"inventory_item_id": item_id, "location_id": location_id, "available": 7}
        assert requests.post(f"{API}/inventory_levels/set.json", json=body, headers=headers, timeout=5).ok
        listed = requests.get(
            f"{API}/inventory_levels.json?inventory_item_ids={item_id}", headers=headers, timeout=5
        ).json()["inventory_levels"]
    assert [lv["available"] for lv in listed if lv["location_id"] == location_id] == [7]
    other = list(endpoint.items.ids)[1]
    assert endpoint._levels_of(other) and other not in endpoint.levels


def test_products_added_while_paging_leave_the_others_whole() -> None:

    store = generated_store()
    endpoint = ShopifyEndpoint(store)
    endpoint.faults.add(PageDrift(count=2, routes=("list_products",)))
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        read = ShopifyClient(base, endpoint.credentials(), FAST, page_size=3).read_store()
    loaded = {p.id: p for p in store.products}
    assert len(read.products) == len(store.products) + 2
    assert [p for p in read.products if p.id in loaded] == store.products
