"""Evaluating parsed queries over rows: compiled predicates and sort keys (domain notes §6).

Each condition is compiled once into a small closure specialised for its literal
(text, number, boolean or timestamp), so a scan of 50k rows costs a few
attribute lookups per row. String comparison is case-insensitive (§6); a
reference compares by its ``value`` and an e-mail or phone by its text.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from harness.platforms.quickbooks.query import Condition, CurrentDate
from harness.platforms.quickbooks.values import PACIFIC

Row = dict[str, Any]
Predicate = Callable[[Row], bool]
ValueTest = Callable[[Any], bool]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "IN": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
_REF_KEYS = ("value", "Address", "FreeFormNumber", "URI")


def extract(row: Row, prop: str) -> Any:
    """The comparable value of ``prop``: refs compare by ``value``, emails by ``Address`` (§6)."""
    node: Any = row
    for part in prop.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return _unwrap(node) if isinstance(node, dict) else node


def _unwrap(node: Row) -> Any:
    for key in _REF_KEYS:
        if key in node:
            return node[key]
    return None


def _getter(prop: str) -> Callable[[Row], Any]:
    if "." in prop:
        return lambda row: extract(row, prop)

    def get(row: Row) -> Any:
        value = row.get(prop)
        return _unwrap(value) if value.__class__ is dict else value

    return get


def compile_conditions(conditions: Iterable[Condition], today: date) -> Predicate:
    predicates = [_compile(c, today) for c in conditions]
    if not predicates:
        return lambda row: True
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda row: first(row) and second(row)

    def every(row: Row) -> bool:
        return all(p(row) for p in predicates)

    return every


def _compile(cond: Condition, today: date) -> Predicate:
    get = _getter(cond.prop)
    if cond.op == "LIKE":
        pattern = re.compile(".*".join(re.escape(part) for part in str(cond.values[0]).split("%")), re.I | re.S)
        match = pattern.fullmatch
        return lambda row: (v := get(row)).__class__ is str and match(v) is not None
    is_time = cond.prop.startswith("MetaData.")
    tests = [_value_test(_literal(v, today), cond.op, is_time) for v in cond.values]
    if len(tests) == 1:
        test = tests[0]
        return lambda row: test(get(row))
    return lambda row: any(t(v) for v in (get(row),) for t in tests)


def _literal(value: Any, today: date) -> Any:
    return today.isoformat() if isinstance(value, CurrentDate) else value


def _value_test(literal: Any, op: str, is_time: bool) -> ValueTest:
    """A test of one row value against one literal, specialised for the literal's type."""
    compare = _OPS[op]
    if is_time:
        moment = parse_time(str(literal))

        def time_test(value: Any) -> bool:
            if value is None:
                return False
            parsed = parse_time(str(value))
            if isinstance(moment, datetime) and isinstance(parsed, datetime):
                return compare(parsed, moment)
            return compare(str(value).casefold(), str(literal).casefold())

        return time_test
    if isinstance(literal, bool):

        def bool_test(value: Any) -> bool:
            if value is None:
                return False
            flag = value if value.__class__ is bool else str(value).casefold() == "true"
            return compare(flag, literal)

        return bool_test
    text = str(literal).casefold()
    number = _number(literal)
    flag = text == "true"

    def test(value: Any) -> bool:
        kind = value.__class__
        if kind is str:
            return compare(value.casefold(), text)
        if kind is int or kind is float:
            return number is not None and compare(value, number)
        if value is None:
            return False
        if kind is bool:
            return compare(value, flag)
        return compare(str(value).casefold(), text)

    return test


def _number(literal: Any) -> float | None:
    if isinstance(literal, (int, float, Decimal)) and not isinstance(literal, bool):
        return float(literal)
    try:
        return float(Decimal(str(literal)))
    except (InvalidOperation, ValueError):
        return None


def parse_time(text: str) -> datetime | str:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text.casefold()
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PACIFIC)


# -- ordering ---------------------------------------------------------------------------------------


def sort_rows(rows: list[Row], order: tuple[tuple[str, bool], ...]) -> list[Row]:
    """Stable multi-key sort, in place; rows missing a value sort first ascending (nulls first [inf])."""
    for prop, descending in reversed(order):
        keys: list[Any]
        if prop == "Id":
            keys = [id_key(str(row["Id"])) for row in rows]
        else:
            get = _getter(prop)
            values = [get(row) for row in rows]
            if all(v.__class__ is str for v in values):  # the common case: compare folded text directly
                keys = [v.casefold() for v in values]
            else:
                keys = [_sort_key(v) for v in values]
        positions = sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
        rows[:] = [rows[i] for i in positions]
    return rows


def _sort_key(value: Any) -> tuple[int, int, Any]:
    if value is None:
        return (0, 0, 0)
    if isinstance(value, bool):
        return (1, 0, int(value))
    if isinstance(value, (int, float)):
        return (1, 0, value)
    return (1, 1, str(value).casefold())


def id_key(value: str) -> tuple[int, int, str]:
    """Numeric ids in numeric order, any others after them in text order."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)
