"""Small value conversions shared by the company, validators and wire mapping.

QBO sends amounts and quantities as JSON numbers (§1.4), python-quickbooks may
send them as strings (``use_decimal``) or as "" for "not set" (§3), and
timestamps are company-local Pacific time (§1.4). These helpers keep those
rules in one place.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from harness.platforms.money import decimal_of

try:
    from zoneinfo import ZoneInfo

    PACIFIC: tzinfo = ZoneInfo("America/Los_Angeles")
except Exception:  # pragma: no cover - no tz database: fall back to PDT
    PACIFIC = timezone(timedelta(hours=-7))

CENT = Decimal("0.01")


def dec(value: Any) -> Decimal | None:
    """A Decimal from a JSON number or numeric string; None for missing, "" or junk."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return decimal_of(str(value))  # shared: a company repeats its amounts (a price on every sale of an item)
    except InvalidOperation:
        return None


def wire_number(value: Decimal) -> int | float:
    """A JSON number for a Decimal: integral values stay ints (``"QtyOnHand": 10``)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def name_key(name: str) -> str:
    """The key names are unique under: case-insensitive, outer whitespace ignored (§15 q1 [inf])."""
    return name.strip().casefold()


def meta_time(moment: datetime) -> str:
    """``MetaData`` form: company-local, seconds, with offset (``2025-06-02T09:15:00-07:00``)."""
    return moment.astimezone(PACIFIC).isoformat(timespec="seconds")


def envelope_time(moment: datetime) -> str:
    """The response ``time`` form: company-local with milliseconds."""
    return moment.astimezone(PACIFIC).isoformat(timespec="milliseconds")


def local_date(moment: datetime) -> str:
    return moment.astimezone(PACIFIC).date().isoformat()


def parse_moment(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PACIFIC)


def is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")
