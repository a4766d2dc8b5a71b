"""Small value formats of the WooCommerce REST API v3 (store-apis.md §0, §2).

Money is a string with two places (a line item's ``price`` is a JSON number),
dates come as a site-local ``YYYY-MM-DDTHH:MM:SS`` plus a ``_gmt`` twin, both
**without a zone suffix**; tax rates are strings with four places.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from harness.platforms.money import money_text

FOUR_PLACES = Decimal("0.0001")


def money(amount: Decimal | None) -> str:
    """``Decimal("12.5")`` -> ``"12.50"``; None -> ``""`` (how Woo writes an unset price)."""
    if amount is None:
        return ""
    return money_text(amount)






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
