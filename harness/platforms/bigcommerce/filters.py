"""The v2 order filters and the v3 ``date_modified:min``-style filters (store-apis.md §5.1, §5.2).

Incremental connectors read "orders changed since" (``min_date_modified`` on
v2, ``date_modified:min`` on v3), so dates are compared as instants: a value
may be RFC 2822 or ISO 8601, as BigCommerce accepts both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from harness.platforms.http.app import ApiError

Predicate = Callable[[dict[str, Any]], bool]

_V2_INTS = {"min_id": ("id", 1), "max_id": ("id", -1), "customer_id": ("customer_id", 0), "status_id": ("status_id", 0)}
_V2_DATES = {
    "min_date_created": ("date_created", 1),
    "max_date_created": ("date_created", -1),
    "min_date_modified": ("date_modified", 1),
    "max_date_modified": ("date_modified", -1),
}
_V3_DATES = {
    "date_modified:min": ("date_modified", 1),
    "date_modified:max": ("date_modified", -1),
    "date_created:min": ("date_created", 1),
    "date_created:max": ("date_created", -1),
}


def parse_when(value: str) -> datetime:
    """An instant from RFC 2822 or ISO 8601 text; naive values are UTC."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            raise ApiError(400, f"The date {value!r} is not in a format this API accepts.") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def v2_order_filters(args: Mapping[str, str]) -> list[Predicate]:
    out: list[Predicate] = []
    for name, (key, direction) in _V2_INTS.items():
        if name in args:
            try:
                out.append(_compare(key, int(args[name]), direction, int))
            except ValueError:
                raise ApiError(400, f"The field '{name}' is invalid.") from None
    for name, (key, direction) in _V2_DATES.items():
        if name in args:
            out.append(_compare(key, parse_when(args[name]), direction, parse_when))
    if "email" in args:
        email = args["email"].lower()
        out.append(lambda o: str(o["billing_address"].get("email", "")).lower() == email)
    return out


def v3_date_filters(args: Mapping[str, str]) -> list[Predicate]:
    return [
        _compare(key, parse_when(args[name]), direction, parse_when)
        for name, (key, direction) in _V3_DATES.items()
        if name in args
    ]


def _compare(key: str, bound: Any, direction: int, cast: Callable[[Any], Any]) -> Predicate:
    def test(record: dict[str, Any]) -> bool:
        raw = record.get(key)
        if raw in (None, ""):
            return False
        value = cast(raw)
        if direction > 0:
            return bool(value >= bound)
        if direction < 0:
            return bool(value <= bound)
        return bool(value == bound)

    return test
