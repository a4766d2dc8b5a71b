"""BigCommerce's scalar formats: v3 numbers and ISO dates, v2 4-dp strings and RFC 2822 dates.

store-apis.md §0 and §5.1: "Money — v3 numbers; v2 strings, 4 dp"; "Dates — v3
ISO 8601; v2 RFC 2822 (``Wed, 10 Jan 2018 21:05:30 +0000``)". Empty text is
``""`` on the wire, never null, so ``None`` and ``""`` meet there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

ZERO = Decimal("0")

#: the handful of country names BigCommerce prints beside ``country_iso2``; others print the code
COUNTRY_NAMES: dict[str, str] = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "FR": "France",
    "DE": "Germany",
    "AU": "Australia",
    "MX": "Mexico",
    "ES": "Spain",
    "IT": "Italy",
    "NL": "Netherlands",
}


def v3_money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def from_v3_money(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def v2_money(value: Decimal | None) -> str:
    return f"{(value or ZERO):.4f}"


def from_v2_money(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def v3_date(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def from_v3_date(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def v2_date(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return format_datetime(value)


def from_v2_date(value: Any) -> datetime | None:
    return parsedate_to_datetime(value) if value else None


def text(value: str | None) -> str:
    return value or ""


def from_text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def country_name(code: str | None) -> str:
    return COUNTRY_NAMES.get(code or "", code or "")
