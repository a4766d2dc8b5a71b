"""BigCommerce's two paging styles (store-apis.md §5.1).

v3: ``page``/``limit`` (default 50, max 250) and a ``meta.pagination`` block
whose ``links`` are *query strings only* (``"?page=3&limit=50"``, §7.1).
v2: a bare array, and **204 No Content past the last page** — the
``bigcommerce`` library's ``iterall()`` stops on it (§5.3), and so does ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from werkzeug.wrappers import Request, Response

from harness.platforms.http.app import ApiError, json_response
from harness.platforms.http.paging import page_window, total_pages

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 250


def page_args(request: Request, *, strict_limit: bool = False) -> tuple[int, int]:
    """``page`` (1-based) and ``limit`` from the query; bad values are a 422 as on BigCommerce.

    With ``strict_limit`` (v3), a limit over 250 is a 413 "limit too large" (§5.1);
    v2 caps it instead.
    """
    try:
        page = int(request.args.get("page", "1"))
        limit = int(request.args.get("limit", str(DEFAULT_LIMIT)))
    except ValueError:
        raise ApiError(422, "The page and limit parameters must be integers.", errors={"page": "invalid"}) from None
    if page < 1 or limit < 1:
        raise ApiError(422, "The page and limit parameters must be positive.", errors={"page": "invalid"})
    if strict_limit and limit > MAX_LIMIT:
        raise ApiError(
            413, f"The limit is too large: at most {MAX_LIMIT} records per page.", errors={"limit": "too large"}
        )
    return page, min(limit, MAX_LIMIT)


def v3_page(request: Request, items: Sequence[T]) -> tuple[Sequence[T], dict[str, Any]]:
    """The requested slice of ``items`` and the ``meta`` block describing it."""
    page, limit = page_args(request, strict_limit=True)
    total = len(items)
    pages = max(1, total_pages(total, limit))
    chunk = page_window(items, page, limit)
    links: dict[str, str] = {"current": f"?page={page}&limit={limit}"}
    if page > 1:
        links["previous"] = f"?page={min(page - 1, pages)}&limit={limit}"
    if page < pages:
        links["next"] = f"?page={page + 1}&limit={limit}"
    pagination = {
        "total": total,
        "count": len(chunk),
        "per_page": limit,
        "current_page": page,
        "total_pages": pages,
        "links": links,
    }
    return chunk, {"pagination": pagination}


def v2_page(request: Request, items: Sequence[Any]) -> Response:
    """A bare JSON array, or 204 with an empty body when the page holds nothing."""
    page, limit = page_args(request)
    chunk = page_window(items, page, limit)
    if not chunk:
        return Response(b"", status=204)
    return json_response(list(chunk))
