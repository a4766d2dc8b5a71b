"""Store -> simulated Shopify -> engine client gives back the same Store."""

from __future__ import annotations

from shopify_stores import FAST, small_store

from harness.model.store import Store
from harness.platforms.shopify import SPEC, ShopifyEndpoint
from harness.platforms.shopify.client import ShopifyClient
from harness.sandbox import InProcessSandbox


def read_back(store: Store, **client_options: object) -> tuple[Store, ShopifyEndpoint]:
    endpoint = SPEC.make_endpoint(store)
    assert isinstance(endpoint, ShopifyEndpoint)
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        client = ShopifyClient(base, endpoint.credentials(), FAST, page_size=3, **client_options)  # type: ignore[arg-type]
        return client.read_store(), endpoint


def test_read_store_gives_back_the_loaded_store(store: Store) -> None:
    read, endpoint = read_back(store)
    assert read == store
    assert all(e.status == 200 for e in endpoint.journal)


def test_per_owner_metafields_read_the_same_store(store: Store) -> None:
    read, endpoint = read_back(store, metafields="per_owner")
    assert read == store
    assert any("/products/1001/metafields.json" in e.path for e in endpoint.journal)


def test_record_order_survives_a_shuffled_store() -> None:
    store = small_store()
    shuffled = Store(
        **{
            **{f: getattr(store, f) for f in store.__struct_fields__},
            "products": list(reversed(store.products)),
            "orders": store.orders[3:] + store.orders[:3],
        }
    )
    read, _ = read_back(shuffled)
    assert read == shuffled
