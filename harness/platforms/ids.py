"""Integer wire ids for canonical string ids.

Canonical ids are strings (harness.model.store); BigCommerce and Magento key
everything by integers (store-apis.md §7.6). A canonical id that already is a
positive decimal integer keeps its value, so a store generated for the
platform reads back with the same ids; anything else (or a clash) gets the next
free integer. What changed is restored from the record's remainder.
"""

from __future__ import annotations

from collections.abc import Iterable


def allocate_ids(canonical: Iterable[str], *, start: int = 1, taken: Iterable[int] = ()) -> list[int]:
    """One distinct integer per canonical id, in input order; duplicates get distinct integers too."""
    ids = list(canonical)
    used: set[int] = set(taken)
    wanted: list[int | None] = []
    for cid in ids:
        value = int(cid) if cid.isascii() and cid.isdigit() and cid[:1] != "0" else None
        if value is not None and value not in used:
            used.add(value)
            wanted.append(value)
        else:
            wanted.append(None)
    out: list[int] = []
    nxt = max([start - 1, *used]) + 1
    for value in wanted:
        if value is None:
            value = nxt
            nxt += 1
        out.append(value)
    return out
