"""Paging helpers every store endpoint needs: sorted-id indexes, cursors, page/per_page, Link headers.

Two paging families exist among the simulated stores (store-apis.md §0):

* **cursor** (Shopify ``page_info``): the cursor is opaque base64 JSON that
  carries the filters and the last id seen; :class:`SortedIds` finds the next
  page with a bisect, so a page costs O(limit), not O(records).
* **page/per_page** (WooCommerce, BigCommerce v3, Magento): :func:`page_window`
  turns a page number into a slice and :func:`total_pages` gives the
  ``X-WP-TotalPages``-style count.

Links are absolute and built from the request's own scheme and host
(store-apis.md §7.1), in the exact ``<url>; rel="next"`` form joined by
``", "`` that ShopifyAPI parses by hand (§1.7, §7.2).
"""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

import orjson
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request

from harness.platforms.http.app import absolute_url

T = TypeVar("T")


# -- cursors ----------------------------------------------------------------------------------------


def encode_cursor(payload: Mapping[str, Any]) -> str:
    """An opaque, URL-safe cursor (base64 JSON, as Shopify's real ``page_info`` is)."""
    raw = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(token: str) -> dict[str, Any] | None:
    """The payload of a cursor, or None when it was mangled (the caller answers 400)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


# -- the sorted id index ----------------------------------------------------------------------------


class SortedIds:
    """Integer record ids kept sorted, so "the page after id N" is a bisect (O(log n + page)).

    Inserting keeps order (``bisect.insort``); ids are usually appended in
    increasing order, which is O(1) amortised.
    """

    def __init__(self, ids: Iterable[int] = ()) -> None:
        self._ids: list[int] = sorted(ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def add(self, record_id: int) -> None:
        if not self._ids or record_id > self._ids[-1]:
            self._ids.append(record_id)
        else:
            index = bisect.bisect_left(self._ids, record_id)
            if index == len(self._ids) or self._ids[index] != record_id:
                self._ids.insert(index, record_id)

    def remove(self, record_id: int) -> None:
        index = bisect.bisect_left(self._ids, record_id)
        if index < len(self._ids) and self._ids[index] == record_id:
            del self._ids[index]

    def max(self) -> int:
        return self._ids[-1] if self._ids else 0

    def after(self, last_id: int) -> Iterator[int]:
        """Ids strictly greater than ``last_id``, ascending."""
        start = bisect.bisect_right(self._ids, last_id)
        return (self._ids[i] for i in range(start, len(self._ids)))

    def before(self, first_id: int) -> Iterator[int]:
        """Ids strictly smaller than ``first_id``, descending (for "previous" pages)."""
        stop = bisect.bisect_left(self._ids, first_id)
        return (self._ids[i] for i in range(stop - 1, -1, -1))


def take_matching(ids: Iterator[int], keep: Callable[[int], bool] | None, limit: int) -> tuple[list[int], bool]:
    """Up to ``limit`` ids that pass ``keep``, and whether at least one more would follow."""
    out: list[int] = []
    for record_id in ids:
        if keep is not None and not keep(record_id):
            continue
        if len(out) == limit:
            return out, True
        out.append(record_id)
    return out, False


# -- page / per_page ---------------------------------------------------------------------------------


def total_pages(total: int, per_page: int) -> int:
    return (total + per_page - 1) // per_page if per_page > 0 else 0


def page_window(items: Sequence[T], page: int, per_page: int) -> Sequence[T]:
    """Page ``page`` (1-based) of ``items``; past the end gives an empty page."""
    start = (max(page, 1) - 1) * per_page
    return items[start : start + per_page]


# -- query strings -----------------------------------------------------------------------------------


def last_wins(args: MultiDict[str, str]) -> dict[str, str]:
    """Query parameters with PHP semantics: a repeated key keeps its *last* value.

    The WooCommerce Python client over HTTP sends every parameter twice
    (store-apis.md §2.7); PHP's ``$_GET`` keeps the last one.
    """
    return {key: values[-1] for key, values in args.lists() if values}


def list_param(args: MultiDict[str, str], name: str) -> list[str] | None:
    """A list parameter sent as ``name=1,2``, ``name[]=1&name[]=2`` or both; None when absent.

    ShopifyAPI encodes Python lists as ``ids[]=`` (store-apis.md §1.3, §7.3).
    """
    raw = args.getlist(name) + args.getlist(f"{name}[]")
    if not raw:
        return None
    return [part.strip() for value in raw for part in value.split(",") if part.strip()]


# -- Link headers -------------------------------------------------------------------------------------


def link_header(links: Iterable[tuple[str, str]]) -> str | None:
    """``<url>; rel="next", <url>; rel="previous"`` — exactly the format strict parsers split on."""
    parts = [f'<{url}>; rel="{rel}"' for rel, url in links]
    return ", ".join(parts) if parts else None


def page_link(request: Request, params: Mapping[str, Any]) -> str:
    """An absolute URL to the request's own path with ``params`` as the query."""
    return absolute_url(request, request.path, urlencode([(k, str(v)) for k, v in params.items()]))
