"""Random queries over random items: the endpoint (indexes, cache, paging) agrees with a naive filter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from qbo_helpers import make_books

from harness.model.books import Item
from harness.platforms.quickbooks import make_endpoint

WORDS = ["Alpha", "alpha", "Beta", "Gamma", "Épée", "delta"]

items = st.lists(
    st.builds(
        lambda name, n, price, kind, active: (f"{name} {n}", price, kind, active),
        st.sampled_from(WORDS),
        st.integers(0, 9),
        st.decimals(min_value=0, max_value=50, places=1),
        st.sampled_from(["Service", "NonInventory"]),
        st.booleans(),
    ),
    min_size=0,
    max_size=40,
    unique_by=lambda t: t[0].casefold(),
)

conditions = st.one_of(
    st.tuples(st.just("Name"), st.sampled_from(["=", "!=", "<", ">=", "LIKE"]), st.sampled_from([*WORDS, "Beta 3"])),
    st.tuples(st.just("UnitPrice"), st.sampled_from(["<", "<=", ">", ">=", "=", "!="]), st.integers(0, 50)),
    st.tuples(st.just("Type"), st.sampled_from(["=", "!="]), st.sampled_from(["Service", "noninventory"])),
    st.tuples(st.just("Active"), st.just("="), st.booleans()),
    st.tuples(st.just("Id"), st.just("IN"), st.lists(st.integers(1, 45), min_size=1, max_size=4)),
)


def literal(field: str, op: str, value: Any) -> str:
    if op == "IN":
        return "(" + ", ".join(f"'{v}'" for v in value) + ")"
    if isinstance(value, bool):
        return "true" if value else "false"
    if field == "UnitPrice":
        return str(value)
    return "'" + (f"{value}%" if op == "LIKE" else value) + "'"


def naive(rows: list[dict[str, Any]], field: str, op: str, value: Any) -> list[dict[str, Any]]:
    def keep(row: dict[str, Any]) -> bool:
        actual = row[field]
        if op == "IN":
            return actual in {str(v) for v in value}
        if op == "LIKE":
            return str(actual).casefold().startswith(str(value).casefold())
        if isinstance(value, bool):
            left, right = actual, value
        elif field == "UnitPrice":
            left, right = Decimal(str(actual)), Decimal(value)
        else:
            left, right = str(actual).casefold(), str(value).casefold()
        return {
            "=": left == right,
            "!=": left != right,
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
        }[op]

    return [r for r in rows if keep(r)]


@settings(max_examples=120, deadline=None)
@given(
    items,
    st.lists(conditions, max_size=3),
    st.sampled_from([None, ("Name", False), ("Name", True), ("UnitPrice", True)]),
    st.integers(1, 12),
    st.integers(1, 15),
)
def test_random_queries_agree_with_a_naive_filter(
    specs: list[tuple[str, Decimal, str, bool]],
    where: list[tuple[str, str, Any]],
    order: tuple[str, bool] | None,
    start: int,
    size: int,
) -> None:
    base = make_books(n_items=0, n_customers=0)
    books = msgspec.structs.replace(
        base,
        items=[
            Item(id=str(n), name=name, type=kind, unit_price=price, active=active, income_account_id="79")  # type: ignore[arg-type]
            for n, (name, price, kind, active) in enumerate(specs, start=1)
        ],
    )
    endpoint = make_endpoint(books)
    rows = list(endpoint.company.tables["Item"].rows.values())
    clauses = [f"{f} {op} {literal(f, op, v)}" for f, op, v in where]
    expected = rows
    for f, op, v in where:
        expected = naive(expected, f, op, v)
    if not any(f == "Active" for f, _, _ in where):
        expected = [r for r in expected if r["Active"]]
    if order is not None:
        field, descending = order
        key = (lambda r: Decimal(str(r[field]))) if field == "UnitPrice" else (lambda r: r[field].casefold())
        expected = sorted(expected, key=key, reverse=descending)
    statement = "SELECT * FROM Item"
    if clauses:
        statement += " WHERE " + " AND ".join(clauses)
    if order is not None:
        statement += f" ORDER BY {order[0]} {'DESC' if order[1] else 'ASC'}"
    count = endpoint.run_query(statement.replace("SELECT *", "SELECT COUNT(*)", 1).split(" ORDER BY")[0])
    assert count == {"totalCount": len(expected)}
    page = endpoint.run_query(f"{statement} STARTPOSITION {start} MAXRESULTS {size}")
    want = expected[start - 1 : start - 1 + size]
    assert [r["Id"] for r in page.get("Item", [])] == [r["Id"] for r in want]
    # the second page of the same query comes from the cache and must agree too
    again = endpoint.run_query(f"{statement} STARTPOSITION {start + size} MAXRESULTS {size}")
    assert [r["Id"] for r in again.get("Item", [])] == [
        r["Id"] for r in expected[start - 1 + size : start - 1 + 2 * size]
    ]
