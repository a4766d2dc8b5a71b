"""Magento's scalar formats (store-apis.md §0): money as JSON numbers, dates ``YYYY-MM-DD HH:MM:SS`` in UTC.

Magento leaves unset fields out of its JSON rather than sending ``""``, so
``None`` (absent) and ``""`` (present, empty) stay distinct on the wire.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

ZERO = Decimal("0")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def from_money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat(sep=" ")  # == strftime(DATE_FORMAT), several times faster


def from_date(value: Any) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None


def compact(record: dict[str, Any]) -> dict[str, Any]:
    """Drop the keys whose value is None, as Magento's serializer does."""
    return {k: v for k, v in record.items() if v is not None}


def slug(label: str) -> str:
    """An attribute code from a label: lower case, ``[a-z0-9_]``, starting with a letter."""
    out = "".join(c if c.isascii() and c.isalnum() else "_" for c in label.lower()).strip("_")
    while "__" in out:
        out = out.replace("__", "_")
    return out if out[:1].isalpha() else f"attr_{out}"
