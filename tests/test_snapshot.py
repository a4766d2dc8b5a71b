"""Snapshots: lossless, deterministic, and a bad file is one clear line."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.errors import InputError
from harness.model import Books, Store
from harness.model.snapshot import decode, encode, load, save
from harness.model.store import PLATFORMS, Customer, Order, OrderLine, Product, Variant
from harness.sources.strategies import stores


def small_store() -> Store:
    return Store(
        platform="shopify",
        products=[Product(id="1", title="Tee", variants=[Variant(id="11", sku="TEE-S", price=Decimal("14.90"))])],
        customers=[Customer(id="5", first_name="Hélène", last_name="Côté", email="h@example.ca")],
        orders=[
            Order(
                id="9",
                number="1001",
                created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                lines=[OrderLine(id="91", variant_id="11", sku="TEE-S", quantity=2, unit_price=Decimal("14.90"))],
                total=Decimal("29.80"),
            )
        ],
    )


def test_round_trip_keeps_every_value(tmp_path: Path) -> None:
    store = small_store()
    path = save(store, tmp_path / "store.json")
    again = load(path, Store)
    assert again == store
    assert again.products[0].variants[0].price == Decimal("14.90")
    assert encode(again) == path.read_bytes()


def test_wrong_kind_is_refused(tmp_path: Path) -> None:
    path = save(Books(), tmp_path / "books.json")
    with pytest.raises(InputError, match=r"is a 'sync-sandbox/books' snapshot, expected 'sync-sandbox/store'"):
        load(path, Store)


def corrupt(tmp_path: Path) -> Path:
    doc = orjson.loads(encode(small_store()))
    doc["data"]["orders"][0]["lines"][0]["quantity"] = "two"
    path = tmp_path / "store.json"
    path.write_bytes(orjson.dumps(doc))
    return path


def test_bad_value_is_named_by_its_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load(corrupt(tmp_path), Store)
    assert str(info.value) == f'{tmp_path / "store.json"}: orders[0].lines[0].quantity: expected int, got "two"'


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": "sync-sandbox/store", "version": 99, "data": {}}', "snapshot version 99 is not supported"),
        (b'{"hello": 1}', "not a sync-sandbox snapshot"),
        (
            b'{"format": "sync-sandbox/store", "version": 1, "data": {"platform": "etsy"}}',
            "platform: invalid enum value 'etsy'",
        ),
        (
            b'{"format": "sync-sandbox/store", "version": 1, "data": {"platform": "shopify", "prodcts": []}}',
            "unknown field 'prodcts'",
        ),
    ],
)
def test_malformed_snapshots_give_one_line(payload: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode(payload, Store, source="x.json")
    text = str(info.value)
    assert text.startswith("x.json: ") and message in text and "\n" not in text


def test_cli_reports_a_corrupted_snapshot_in_one_line_and_exit_2(tmp_path: Path) -> None:
    path = corrupt(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "inspect", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert 'orders[0].lines[0].quantity: expected int, got "two"' in lines[0]


def test_save_is_atomic(tmp_path: Path) -> None:
    target = save(small_store(), tmp_path / "store.json")
    before = target.read_bytes()

    bad = small_store()
    bad.products[0].variants[0].price = object()  # type: ignore[assignment]
    with pytest.raises(TypeError):
        save(bad, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.json"]


@settings(max_examples=40, deadline=None)
@given(
    store=stores(
        platform=st.sampled_from(PLATFORMS),
        pathologies=st.sampled_from([None, {"sku_missing": 1, "custom_fields": 2, "guest_orders": 1}]),
    )
)
def test_store_snapshot_round_trip_is_lossless(store: Store) -> None:
    data = encode(store)
    again = decode(data, Store)
    assert again == store
    assert encode(again) == data


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), platform=st.sampled_from(PLATFORMS))
def test_books_and_manifest_snapshots_round_trip(seed: int, platform: str) -> None:
    from harness.model import Manifest
    from harness.sources.generated import DEMO_PATHOLOGIES, generate

    scenario = generate(seed=seed, size="tiny", platform=platform, pathologies=dict(DEMO_PATHOLOGIES))
    assert decode(encode(scenario.books), Books) == scenario.books
    assert decode(encode(scenario.manifest), Manifest) == scenario.manifest

