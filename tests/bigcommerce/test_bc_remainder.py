"""The measured remainder (harness.platforms.remainder) that makes the BigCommerce and Magento mappings lossless."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import msgspec
import pytest

from harness.model.store import Address, Order, OrderLine, Product, Variant
from harness.platforms.ids import allocate_ids
from harness.platforms.remainder import apply_remainder, remainder

WHEN = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_the_patch_is_fine_grained_and_restores_the_original() -> None:
    original = Product(
        id="p-1",
        title="Chemise",
        variants=[Variant(id="a", sku="A", title="S"), Variant(id="b", sku="B", title="M", quantities={"x": 1})],
    )
    rebuilt = Product(id="100", title="Chemise", variants=[Variant(id="a", sku="A"), Variant(id="b", sku="B")])
    patch = remainder(original, rebuilt)
    assert patch == {
        "id": {"=": "p-1"},
        "variants": {"[]": {"0": {"title": {"=": "S"}}, "1": {"title": {"=": "M"}, "quantities": {"=": {"x": 1}}}}},
    }
    assert apply_remainder(rebuilt, msgspec.json.decode(msgspec.json.encode(patch))) == original


def test_equal_decimals_need_no_patch_and_nested_records_diff_by_field() -> None:
    original = Order(id="1", number="1", created_at=WHEN, total=Decimal("1.50"), billing=Address(city="Montréal"))
    rebuilt = Order(id="1", number="1", created_at=WHEN, total=Decimal("1.5"), billing=Address(city="Montreal"))
    assert remainder(original, rebuilt) == {"billing": {"~": {"city": {"=": "Montréal"}}}}


def test_a_patch_for_something_the_reader_did_not_see_is_skipped() -> None:
    original = Order(id="1", number="1", created_at=WHEN, lines=[OrderLine(id="a", title="x"), OrderLine(id="b")])
    measured = Order(id="1", number="1", created_at=WHEN, lines=[OrderLine(id="a"), OrderLine(id="b", title="y")])
    patch = remainder(original, measured)
    shorter = Order(id="1", number="1", created_at=WHEN, lines=[OrderLine(id="a")])
    assert apply_remainder(shorter, patch).lines == [OrderLine(id="a", title="x")]
    with pytest.raises(ValueError, match=r"unknown field Order\.nope"):
        apply_remainder(shorter, {"nope": {"=": 1}})


def test_ids_keep_numeric_values_and_number_the_rest_after_them() -> None:
    assert allocate_ids(["7", "abc", "7", "0012", "3"], start=5) == [7, 8, 9, 10, 3]
    assert allocate_ids([], start=100) == []
    assert allocate_ids(["x", "y"], start=100) == [100, 101]
