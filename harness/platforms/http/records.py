"""One list resource of a simulated store held in memory: records by id, a sorted id index, cached JSON.

Cursor pages are cut with a bisect on the sorted ids (``SortedIds``), and each
record's JSON is serialised once and reused until it changes, so serving a
page costs O(limit) no matter how large the store is. ``version`` moves on
every change, so callers can cache derived orderings and filter results.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import orjson

from harness.platforms.http.paging import SortedIds

Json = dict[str, Any]
Predicate = Callable[[int], bool]


def parse_iso(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


class RecordSet:
    """Records of one resource by integer id.

    ``root`` is the JSON root key of a list answer (``products``) where the
    platform uses one; ``time_fields`` name the creation and modification
    dates the date filters read, parsed once with ``parse_time``.
    """

    def __init__(
        self,
        root: str,
        *,
        time_fields: tuple[str, str] = ("created_at", "updated_at"),
        parse_time: Callable[[Any], datetime | None] = parse_iso,
    ) -> None:
        self.root = root
        self.time_fields = time_fields
        self.parse_time = parse_time
        self.version = 0
        self.records: dict[int, Json] = {}
        self.ids = SortedIds()
        self._encoded: dict[int, bytes] = {}
        self._times: dict[int, tuple[datetime | None, datetime | None]] = {}

    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.records

    def put(self, record: Json) -> None:
        record_id = int(record["id"])
        if record_id not in self.records:
            self.ids.add(record_id)
        self.records[record_id] = record
        self.changed(record_id)

    def remove(self, record_id: int) -> Json | None:
        record = self.records.pop(record_id, None)
        if record is not None:
            self.ids.remove(record_id)
            self.changed(record_id)
        return record

    def changed(self, record_id: int) -> None:
        """Forget cached forms of a record that was edited in place."""
        self.version += 1
        self._encoded.pop(record_id, None)
        self._times.pop(record_id, None)

    def get(self, record_id: int) -> Json | None:
        return self.records.get(record_id)

    def encoded(self, record_id: int) -> bytes:
        data = self._encoded.get(record_id)
        if data is None:
            data = orjson.dumps(self.records[record_id])
            self._encoded[record_id] = data
        return data

    def times(self, record_id: int) -> tuple[datetime | None, datetime | None]:
        """(created_at, updated_at) parsed once, for the date filters."""
        cached = self._times.get(record_id)
        if cached is None:
            record = self.records[record_id]
            created, updated = self.time_fields
            cached = (self.parse_time(record.get(created)), self.parse_time(record.get(updated)))
            self._times[record_id] = cached
        return cached

    def candidates(
        self, ids: list[int] | None, since_id: int, last: int | None, backwards: bool, index: SortedIds | None = None
    ) -> Iterator[int]:
        """Ids a page is cut from: all ids (or another ``index``) or the ``ids=`` subset, after the cursor."""
        if ids is not None:
            index = SortedIds(i for i in ids if i in self.records)
        elif index is None:
            index = self.ids
        if backwards:  # a "previous" page never reaches back past since_id
            return itertools.takewhile(lambda i: i > since_id, index.before(last if last is not None else 0))
        return index.after(max(since_id, last if last is not None else 0))

    def body(self, ids: list[int], fields: list[str] | None) -> bytes:
        """``{"<root>":[…]}`` from cached JSON, or filtered to ``fields``."""
        if fields:
            rows = [{k: self.records[i].get(k) for k in fields if k in self.records[i]} for i in ids]
            return orjson.dumps({self.root: rows})
        return b'{"' + self.root.encode() + b'":[' + b",".join(self.encoded(i) for i in ids) + b"]}"
