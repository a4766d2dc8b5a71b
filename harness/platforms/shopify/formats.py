"""Small value formats of the Shopify Admin REST API (store-apis.md §0, §1.6).

Money is a string with two places, dates are ISO 8601 with the shop's offset,
ids are 64-bit integers, tax rates are fractions (``0.06`` for 6 %).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from harness.platforms.money import money_text

#: Stable versions the simulator serves, oldest first; a request for anything
#: else is answered by the oldest one (store-apis.md §1.1).
API_VERSIONS: tuple[str, ...] = ("2024-01", "2024-04", "2024-07", "2024-10", "2025-01")
LATEST_VERSION = "2024-10"


def served_version(requested: str | None) -> str:
    """The version that answers a request for ``requested`` (§1.1: unknown -> oldest supported)."""
    if requested in API_VERSIONS or requested == "unstable":
        return str(requested)
    return API_VERSIONS[0]


def money(amount: Decimal | None) -> str | None:
    """``Decimal("12.5")`` -> ``"12.50"``; None stays None (e.g. an absent compare-at price)."""
    if amount is None:
        return None
    return money_text(amount)


def money_set(amount: Decimal, currency: str) -> dict[str, Any]:
    """The ``*_set`` twin every money field has (shop and presentment money, §1.6).

    Not cached: an order's totals are its own, so a cache of amounts misses more often than it
    hits, and a miss (hashing the Decimal, evicting the oldest entry) costs more than building this.
    """
    value = money_text(amount)
    return {
        "shop_money": {"amount": value, "currency_code": currency},
        "presentment_money": {"amount": value, "currency_code": currency},
    }


def timestamp(value: datetime | None) -> str | None:
    """ISO 8601 with offset, whole seconds (fractions are kept only when present: ``isoformat``'s own
    "auto", which is a quarter faster than naming the precision)."""
    if value is None:
        return None
    return value.isoformat()


def parse_timestamp(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value))


@functools.lru_cache(maxsize=4096)
def rate_fraction(percent: Decimal) -> float:
    """Shopify tax rates are fractions sent as JSON numbers: 6 % -> ``0.06``."""
    return float(percent / 100)


@functools.lru_cache(maxsize=4096)
def rate_percent(fraction: Any) -> Decimal:
    return (Decimal(repr(float(fraction))) * 100).normalize()


def wire_ref(canonical: str | None, mapping: dict[str, int] | None = None) -> int | str | None:
    """A reference to another record: its wire integer id; an unknown non-numeric id stays a string."""
    if canonical is None:
        return None
    if mapping is not None:
        found = mapping.get(canonical)  # wire ids are ints: None is never one
        if found is not None:
            return found
    if canonical.isascii() and canonical.isdigit() and canonical[:1] != "0":
        return int(canonical)
    return canonical


def ref(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return sys.intern(text) if _SHARING.get() else text


def shared(value: Any) -> Any:
    """One copy of a string that repeats across records (a city, a tax name, an order line's title):
    ``sys.intern``, whose strings go when the last record using them does. Anything else as it is.

    A read store's strings are mostly repeats (at 25k orders: 95 MB of strings, 18 MB distinct).
    Off inside :func:`unshared` (a record rebuilt only to measure its remainder is dropped at once).
    """
    return sys.intern(value) if value.__class__ is str and _SHARING.get() else value


_SHARING: ContextVar[bool] = ContextVar("shopify_wire_sharing", default=True)
T = TypeVar("T")


def unshared(build: Callable[[], T]) -> T:
    """``build()`` with :func:`shared` and :func:`ref` not interning (in this context only)."""
    token = _SHARING.set(False)
    try:
        return build()
    finally:
        _SHARING.reset(token)


def gid(kind: str, record_id: int | str) -> str:
    return f"gid://shopify/{kind}/{record_id}"
