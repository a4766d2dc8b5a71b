"""``searchCriteria``: Magento's one query language for list endpoints (store-apis.md §6.1).

``searchCriteria[filter_groups][G][filters][F][field|value|condition_type]``:
filters inside a group are OR-ed, groups are AND-ed. ``pageSize`` absent means
everything; ``currentPage=0`` is treated as 1. Past the last page Magento
before 2.4 answered the last page again (an infinite-loop trap for clients
that stop on an empty page), 2.4.x answers an empty ``items``; the endpoint
takes the behaviour as a switch (``OutOfRange``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from harness.platforms.http.app import ApiError
from harness.platforms.http.paging import page_window, total_pages

OutOfRange = Literal["repeat_last", "empty"]
_KEY = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True)
class Filter:
    field: str
    value: str
    condition_type: str = "eq"


@dataclass
class SearchCriteria:
    groups: list[list[Filter]] = field(default_factory=list)
    sort: list[tuple[str, str]] = field(default_factory=list)
    page_size: int | None = None
    current_page: int = 1

    def echo(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "filter_groups": [
                {"filters": [{"field": f.field, "value": f.value, "condition_type": f.condition_type} for f in g]}
                for g in self.groups
            ]
        }
        if self.sort:
            out["sort_orders"] = [{"field": f, "direction": d} for f, d in self.sort]
        if self.page_size is not None:
            out["page_size"] = self.page_size
        out["current_page"] = self.current_page
        return out

    def single_eq(self) -> Filter | None:
        """The filter when the criteria are exactly one ``eq`` (served from an index)."""
        if len(self.groups) == 1 and len(self.groups[0]) == 1 and self.groups[0][0].condition_type == "eq":
            return self.groups[0][0]
        return None


def parse_search_criteria(args: Mapping[str, str], *, required: bool = True) -> SearchCriteria:
    """Read ``searchCriteria[...]`` query keys; a list endpoint without any is a 400 as on Magento."""
    keys = [k for k in args if k.startswith("searchCriteria")]
    if not keys and required:
        raise ApiError(400, "%fieldName is a required field.", parameters={"fieldName": "searchCriteria"})
    groups: dict[int, dict[int, dict[str, str]]] = {}
    sorts: dict[int, dict[str, str]] = {}
    criteria = SearchCriteria()
    for key in keys:
        parts = _KEY.findall(key)
        value = args[key]
        try:
            if parts[:1] == ["filter_groups"] and len(parts) == 5 and parts[2] == "filters":
                groups.setdefault(int(parts[1]), {}).setdefault(int(parts[3]), {})[parts[4]] = value
            elif parts[:1] == ["sortOrders"] and len(parts) == 3:
                sorts.setdefault(int(parts[1]), {})[parts[2]] = value
            elif parts == ["pageSize"]:
                criteria.page_size = int(value)
            elif parts == ["currentPage"]:
                criteria.current_page = max(int(value), 1)
        except ValueError:
            raise ApiError(400, 'The "%1" value is invalid.', parameters=[key]) from None
    for g in sorted(groups):
        filters = []
        for f in sorted(groups[g]):
            spec = groups[g][f]
            if "field" not in spec:
                raise ApiError(400, '"%fieldName" is required. Enter and try again.', parameters={"fieldName": "field"})
            filters.append(Filter(spec["field"], spec.get("value", ""), spec.get("condition_type") or "eq"))
        criteria.groups.append(filters)
    criteria.sort = [
        (s["field"], (s.get("direction") or "ASC").upper()) for _, s in sorted(sorts.items()) if "field" in s
    ]
    if criteria.page_size is not None and criteria.page_size < 1:
        criteria.page_size = None
    return criteria


Getter = Callable[[dict[str, Any], str], Any]


def default_getter(record: dict[str, Any], name: str) -> Any:
    """A top-level field, else a custom attribute's value (how Magento filters EAV attributes)."""
    if name in record:
        return record[name]
    for attribute in record.get("custom_attributes") or ():
        if attribute.get("attribute_code") == name:
            return attribute.get("value")
    return None


def matches(record: dict[str, Any], criteria: SearchCriteria, getter: Getter = default_getter) -> bool:
    return all(any(_test(getter(record, f.field), f) for f in group) for group in criteria.groups)


def apply_search(
    records: Sequence[dict[str, Any]],
    criteria: SearchCriteria,
    *,
    getter: Getter = default_getter,
    out_of_range: OutOfRange = "repeat_last",
) -> tuple[list[dict[str, Any]], int]:
    """The page of ``records`` the criteria ask for, and the total count before paging."""
    found = [r for r in records if matches(r, criteria, getter)] if criteria.groups else list(records)
    for name, direction in reversed(criteria.sort):
        found.sort(key=lambda r: _sort_key(getter(r, name)), reverse=direction == "DESC")
    return page(found, criteria, out_of_range), len(found)


def page(found: list[dict[str, Any]], criteria: SearchCriteria, out_of_range: OutOfRange) -> list[dict[str, Any]]:
    size = criteria.page_size
    if size is None:
        return found
    pages = max(1, total_pages(len(found), size))
    current = criteria.current_page
    if current > pages:
        if out_of_range == "empty":
            return []
        current = pages
    return list(page_window(found, current, size))


def _sort_key(value: Any) -> tuple[int, Any]:
    number = _number(value)
    if number is not None:
        return (0, number)
    return (1, "" if value is None else str(value))


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _compare(actual: Any, wanted: str) -> int | None:
    a, b = _number(actual), _number(wanted)
    if a is not None and b is not None:
        return (a > b) - (a < b)
    if actual is None:
        return None
    sa = str(actual)
    return (sa > wanted) - (sa < wanted)


def _test(actual: Any, f: Filter) -> bool:
    cond = f.condition_type.lower()
    if cond == "null":
        return actual in (None, "")
    if cond == "notnull":
        return actual not in (None, "")
    if cond in ("in", "nin"):
        options = [o.strip() for o in f.value.split(",")]
        hit = any(_compare(actual, o) == 0 for o in options)
        return hit if cond == "in" else not hit
    if cond in ("finset", "nfinset"):
        hit = f.value in str(actual or "").split(",")
        return hit if cond == "finset" else not hit
    if cond in ("like", "nlike"):
        pattern = f.value.replace("%", "*").replace("_", "?")
        hit = actual is not None and fnmatch.fnmatchcase(str(actual).lower(), pattern.lower())
        return hit if cond == "like" else not hit
    order = _compare(actual, f.value)
    if order is None:
        return cond == "neq"
    return {
        "eq": order == 0,
        "neq": order != 0,
        "gt": order > 0,
        "gteq": order >= 0,
        "from": order >= 0,
        "moreq": order >= 0,
        "lt": order < 0,
        "lteq": order <= 0,
        "to": order <= 0,
    }.get(cond, order == 0)
