"""A store read back through the OpenCart readers (HTTP facade, direct SQL) equals what OpenCart holds of it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import msgspec
import pytest

from harness.errors import HarnessError
from harness.model.store import Store
from harness.platforms.http import RetryPolicy, ServerError, Throttle
from harness.platforms.opencart import SPEC, make_endpoint, project_store, read_store_from_db
from harness.platforms.opencart.client import OpenCartClient
from harness.platforms.opencart.endpoint import OpenCartEndpoint
from harness.sandbox import InProcessSandbox, serve


def no_sleep(_: float) -> None:
    pass


def diff(a: Store, b: Store) -> str:
    da, db = msgspec.to_builtins(a), msgspec.to_builtins(b)
    for key in sorted(set(da) | set(db)):
        if da.get(key) != db.get(key):
            left, right = da.get(key), db.get(key)
            if isinstance(left, list) and isinstance(right, list):
                for i, (x, y) in enumerate(zip(left, right, strict=False)):
                    if x != y:
                        return f"{key}[{i}]:\n  read {x}\n  want {y}"
                return f"{key}: {len(left)} read, {len(right)} expected"
            return f"{key}: read {left!r}, want {right!r}"
    return ""


def read_over_http(endpoint: OpenCartEndpoint, page_size: int = 2) -> Store:
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = SPEC.make_client(base, endpoint.credentials(), RetryPolicy(sleep=no_sleep))
        client.page_size = page_size
        result: Store = client.read_store()
        return result


def test_http_read_back_equals_the_projection(store: Store, endpoint: OpenCartEndpoint, schema: str) -> None:
    read = read_over_http(endpoint)
    expected = project_store(store, schema)
    assert read == expected, diff(read, expected)


def test_the_projection_names_what_opencart_loses(store: Store) -> None:
    shown = project_store(store, "3")
    tee = shown.products[1]
    assert [v.model for v in tee.variants] == ["TEE", "TEE", "TEE"]  # options share the product's Model
    assert [v.sku for v in tee.variants] == [None, None, None]  # and have no SKU of their own
    assert tee.variants[1].quantities == {"default": -1}
    assert shown.products[2].variants[0].model == "" and shown.products[2].status == "draft"
    assert [c.id for c in shown.customers] == ["1"]  # the guest is not a customer
    first = shown.orders[0]
    assert [line.sku for line in first.lines] == ["TEE", "MUG-01"]  # order lines carry the model
    assert first.lines[0].taxes[0].name == "Tax"  # two tax rows: a line's rate is unknown
    assert [d.kind for d in first.discounts] == ["reward_points", "coupon"]
    assert project_store(store, "4.1").products[2].variants[0].sku is None  # 4.1: no code row at all


def test_sql_reader_on_a_file(tmp_path: Path, store: Store, schema: str) -> None:
    path = tmp_path / f"oc-{schema}.sqlite"
    make_endpoint(store, schema=schema, database=path).db.close()
    read = read_store_from_db(path, page_size=2)
    assert read == project_store(store, schema), diff(read, project_store(store, schema))


def test_over_a_socket_through_faults(store: Store) -> None:
    endpoint = make_endpoint(store, schema="4.1")
    endpoint.faults.add(Throttle(count=2))
    endpoint.faults.add(ServerError(count=1, status=503))
    with serve(endpoint) as server:
        client = OpenCartClient(server.base_url, endpoint.credentials(), RetryPolicy(sleep=no_sleep))
        client.page_size = 1
        read = client.read_store()
    assert read == project_store(store, "4.1")
    assert endpoint.journal.count(status=429) == 2 and endpoint.journal.count(status=503) == 1


@pytest.mark.parametrize(("seed", "size", "schema"), [(1, "small", "3"), (2, "tiny", "4.1"), (3, "tiny", "3")])
def test_generated_stores_read_back(seed: int, size: str, schema: str) -> None:
    from harness.sources.generated import DEMO_PATHOLOGIES, generate_store

    generated, _ = generate_store(seed, size, DEMO_PATHOLOGIES, "opencart")
    endpoint = make_endpoint(generated, schema=schema)
    expected = project_store(generated, schema)
    read = read_over_http(endpoint, page_size=50)
    assert read == expected, diff(read, expected)
    assert read.orders and read.products


def test_reset_reloads_the_database(endpoint: OpenCartEndpoint) -> None:
    endpoint.db.execute("DELETE FROM oc_product")
    endpoint.reset()
    assert endpoint.db.scalar("SELECT COUNT(*) FROM oc_product") == 3


def test_a_mysql_url_without_a_driver_says_what_to_install(store: Store) -> None:
    if importlib.util.find_spec("pymysql") or importlib.util.find_spec("MySQLdb"):  # pragma: no cover
        pytest.skip("a MySQL driver is installed; MySQL itself stays untested here")
    with pytest.raises(HarnessError, match="install PyMySQL"):
        make_endpoint(store, database="mysql://oc:secret@127.0.0.1:3306/opencart")


def test_unknown_schema_is_a_clear_error(store: Store) -> None:
    with pytest.raises(HarnessError, match=r"unknown OpenCart schema '4\.0'"):
        make_endpoint(store, schema="4.0")


def test_abandoned_checkouts_are_in_the_database_but_not_read(store: Store, schema: str) -> None:
    endpoint = make_endpoint(store, schema=schema, missing_orders=2)
    assert endpoint.db.scalar("SELECT COUNT(*) FROM oc_order WHERE order_status_id = 0") == 2
    assert endpoint.db.scalar("SELECT COUNT(*) FROM oc_order_product WHERE order_id > 3") == 2
    read = read_over_http(endpoint)
    assert read == project_store(store, schema)
