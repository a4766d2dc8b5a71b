"""Determinism, sizes and platforms of the generated source."""

from __future__ import annotations

import pytest

from harness.errors import InputError
from harness.model.snapshot import encode
from harness.model.store import PLATFORMS
from harness.sources.generated import (
    DEMO_PATHOLOGIES,
    PATHOLOGIES,
    SIZES,
    Counts,
    generate,
    generate_books,
    generate_store,
)


def _bytes(seed: int, **kw: object) -> tuple[bytes, bytes, bytes]:
    s = generate(seed, **kw)  # type: ignore[arg-type]
    return encode(s.store), encode(s.books), encode(s.manifest)


def test_same_seed_same_bytes() -> None:
    assert _bytes(7, size="tiny", pathologies=DEMO_PATHOLOGIES) == _bytes(7, size="tiny", pathologies=DEMO_PATHOLOGIES)


def test_different_seed_different_bytes() -> None:
    a, b = _bytes(1, size="tiny"), _bytes(2, size="tiny")
    assert a[0] != b[0] and a[1] != b[1]


def test_same_seed_across_pathology_requests_keeps_clean_catalogue_shape() -> None:
    clean, _ = generate_store(3, "tiny")
    dirty, _ = generate_store(3, "tiny", {"stock_negative": 1})
    assert [p.id for p in clean.products] == [p.id for p in dirty.products]


@pytest.mark.parametrize("name", ["tiny", "small"])  # medium and large: benchmarks/bench_generate.py
def test_size_presets(name: str) -> None:
    store, manifest = generate_store(5, name)
    counts = SIZES[name]
    assert (len(store.products), len(store.customers), len(store.orders)) == (
        counts.products, counts.customers, counts.orders)
    assert manifest.size == name


def test_counts_parse() -> None:
    assert Counts.parse("products=10,customers=5,orders=20") == Counts(10, 5, 20)
    assert Counts.parse(" orders = 3 , products=1,customers=2 ") == Counts(1, 2, 3)
    assert Counts.parse("small") == SIZES["small"]
    store, manifest = generate_store(1, Counts(3, 4, 5))
    assert len(store.orders) == 5 and manifest.size == "products=3,customers=4,orders=5"


@pytest.mark.parametrize("text", [
    "", "products=10", "products=x,customers=1,orders=1", "products=1,customers=1,orders=1,widgets=2",
    "products=1,products=2,customers=1,orders=1", "huge", "products=-1,customers=1,orders=1",
    "products=10,customers=1,orders=1,variants=9", "variants=20,customers=1,orders=1",
])
def test_counts_parse_errors(text: str) -> None:
    with pytest.raises(InputError):
        Counts.parse(text)


def test_unknown_pathology_lists_known_names() -> None:
    with pytest.raises(InputError, match="sku_missing"):
        generate_store(1, "tiny", {"no_such_thing": 0.1})


def test_unknown_platform() -> None:
    with pytest.raises(InputError):
        generate_store(1, "tiny", platform="etsy")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_generates(platform: str) -> None:
    s = generate(11, "tiny", platform=platform, pathologies=DEMO_PATHOLOGIES)
    assert s.store.platform == platform
    assert s.store.products and s.store.orders and s.books.items
    names = {i.pathology for i in s.manifest.injections} | {n.pathology for n in s.manifest.not_injected}
    assert names == set(PATHOLOGIES)


def test_books_extend_manifest() -> None:
    store, manifest = generate_store(2, "tiny", {"sku_missing": 1})
    books, merged = generate_books(store, 2, {"sku_too_long": 1}, manifest)
    assert set(merged.pathologies) == {"sku_missing", "sku_too_long"}
    assert {i.pathology for i in merged.injections} >= {"sku_missing"}
    assert books.items


def test_requested_counts_hold_for_the_smallest_stores() -> None:
    for seed in range(40):
        store, _ = generate_store(seed, Counts(1, 1, 3))
        assert (len(store.products), len(store.customers), len(store.orders)) == (1, 1, 3)
    store, _ = generate_store(1, Counts(0, 5, 10))
    assert store.orders == []  # nothing to sell: documented, not silently padded


def test_a_variant_count_shapes_the_catalogue_and_nothing_else() -> None:
    """The issue's benchmark store has 2.5 variants a product, the catalogue's own mix about 3.4."""
    own, _ = generate_store(2, Counts(400, 30, 60))
    natural = sum(len(p.variants) for p in own.products)
    fewer, manifest = generate_store(2, Counts(400, 30, 60, variants=1000))
    assert sum(len(p.variants) for p in fewer.products) == 1000
    assert all(p.variants for p in fewer.products)
    assert len(fewer.products) == 400 and len(fewer.orders) == 60
    assert manifest.size == "products=400,customers=30,orders=60,variants=1000"
    assert Counts.parse(manifest.size) == Counts(400, 30, 60, 1000)
    # a figure above the catalogue's own mix is a ceiling: nothing is cut, nothing is made up
    more, _ = generate_store(2, Counts(400, 30, 60, variants=10 * natural))
    assert encode(more) == encode(own)
