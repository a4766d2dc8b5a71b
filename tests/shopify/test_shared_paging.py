"""The shared paging helpers (harness.platforms.http.paging) the store endpoints are built on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from harness.platforms.http.paging import (
    SortedIds,
    decode_cursor,
    encode_cursor,
    last_wins,
    link_header,
    list_param,
    page_window,
    take_matching,
    total_pages,
)


@given(st.sets(st.integers(1, 10**6), max_size=60), st.integers(0, 10**6), st.integers(1, 7))
def test_pages_after_a_cursor_are_the_next_ids_in_order(ids: set[int], last: int, limit: int) -> None:
    index = SortedIds(ids)
    page, more = take_matching(index.after(last), None, limit)
    expected = sorted(i for i in ids if i > last)
    assert page == expected[:limit] and more == (len(expected) > limit)
    before = list(index.before(last))
    assert before == sorted((i for i in ids if i < last), reverse=True)


def test_sorted_ids_insert_and_remove_keep_order() -> None:
    index = SortedIds([5, 1, 9])
    index.add(7)
    index.add(12)
    index.add(7)
    index.remove(1)
    assert list(index) == [5, 7, 9, 12] and index.max() == 12
    page, more = take_matching(index.after(0), lambda i: i % 2 == 1, 2)
    assert page == [5, 7] and more


def test_cursors_round_trip_and_mangled_ones_are_none() -> None:
    token = encode_cursor({"l": 42, "f": {"status": "any"}})
    assert decode_cursor(token) == {"l": 42, "f": {"status": "any"}}
    assert "=" not in token and "/" not in token
    assert decode_cursor("!!not base64!!") is None


def test_query_helpers_follow_php_and_shopify_conventions() -> None:
    args = MultiDict([("page", "1"), ("per_page", "5"), ("page", "2"), ("ids[]", "3"), ("ids", "4,5")])
    assert last_wins(args) == {"page": "2", "per_page": "5", "ids[]": "3", "ids": "4,5"}
    assert list_param(args, "ids") == ["4", "5", "3"]
    assert list_param(args, "other") is None


def test_link_header_and_page_windows() -> None:
    assert link_header([("previous", "https://a/1"), ("next", "https://a/3")]) == (
        '<https://a/1>; rel="previous", <https://a/3>; rel="next"'
    )
    assert link_header([]) is None
    assert total_pages(0, 10) == 0 and total_pages(21, 10) == 3
    assert list(page_window(list(range(25)), 3, 10)) == [20, 21, 22, 23, 24]
    assert list(page_window(list(range(25)), 4, 10)) == []
