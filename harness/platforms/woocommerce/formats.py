"""Small value formats of the WooCommerce REST API v3 (store-apis.md §0, §2).

Money is a string with two places (a line item's ``price`` is a JSON number),
dates come as a site-local ``YYYY-MM-DDTHH:MM:SS`` plus a ``_gmt`` twin, both
**without a zone suffix**; tax rates are strings with four places.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from harness.model.common import ZERO

TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


def money(amount: Decimal | None) -> str:
    """``Decimal("12.5")`` -> ``"12.50"``; None -> ``""`` (how Woo writes an unset price)."""
    if amount is None:
        return ""
    return money_text(amount)


@functools.lru_cache(maxsize=1 << 16)
def money_text(amount: Decimal) -> str:
    """Two places, cached: a store repeats the same few thousand amounts (equal Decimals format alike)."""
    try:
        return str(amount.quantize(TWO_PLACES))
    except InvalidOperation:
        return str(amount)


def parse_money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return decimal_of(str(value))


@functools.lru_cache(maxsize=1 << 16)
def decimal_of(text: str) -> Decimal:
    return Decimal(text)


def money_or_zero(value: Any) -> Decimal:
    parsed = parse_money(value)
    return ZERO if parsed is None else parsed


def rate_text(percent: Decimal) -> str:
    """Tax rates as ``/taxes`` writes them: ``"8.2500"``."""
    try:
        return str(percent.quantize(FOUR_PLACES))
    except InvalidOperation:
        return str(percent)


def local_and_gmt(value: datetime | None, offset: timedelta) -> tuple[str | None, str | None]:
    """The zone-less site-local and GMT forms of one instant (§2: no zone suffix on either).

    A naive datetime is taken to be UTC already.
    """
    if value is None:
        return None, None
    utc = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value
    spec = "seconds" if utc.microsecond == 0 else "microseconds"
    return (utc + offset).isoformat(timespec=spec), utc.isoformat(timespec=spec)


def parse_gmt(value: Any) -> datetime | None:
    """A ``*_gmt`` field as an aware UTC datetime."""
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def blank_to_none(value: Any) -> str | None:
    """Woo writes absent text as ``""``; the canonical model uses None."""
    if value is None or value == "":
        return None
    return str(value)


def none_to_blank(value: str | None) -> str:
    return "" if value is None else value
