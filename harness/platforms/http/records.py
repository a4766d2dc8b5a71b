"""One list resource of a simulated store held in memory: records by id, a sorted id index, cached JSON.

Cursor pages are cut with a bisect on the sorted ids (``SortedIds``), and each
record's JSON is serialised once and reused until it changes, so serving a
page costs O(limit) no matter how large the store is. ``version`` moves on
every change, so callers can cache derived orderings and filter results.

:class:`PackedRecordSet` keeps each record *only* as its compact JSON bytes
(about a fifth of the memory of the dict) plus a small summary of the fields
the endpoint's filters read: the form for large stores.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
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
            data = pack(self.records[record_id])
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
        return _candidates(self.ids, self.records, ids, since_id, last, backwards, index)

    def body(self, ids: list[int], fields: list[str] | None) -> bytes:
        """``{"<root>":[…]}`` from cached JSON, or filtered to ``fields``."""
        if fields:
            rows = [{k: self.records[i].get(k) for k in fields if k in self.records[i]} for i in ids]
            return orjson.dumps({self.root: rows})
        return b'{"' + self.root.encode() + b'":[' + b",".join(self.encoded(i) for i in ids) + b"]}"


def pack(record: Any) -> bytes:
    """Compact JSON bytes of ``record``, sized to fit.

    ``orjson.dumps`` returns its growing buffer as the bytes object; kept for long, each one holds
    several times its length (a 1 kB record pinned 8 kB of heap), so a kept copy is made exact.
    """
    return bytes(memoryview(orjson.dumps(record)))


def _candidates(
    all_ids: SortedIds,
    present: Mapping[int, Any],
    ids: list[int] | None,
    since_id: int,
    last: int | None,
    backwards: bool,
    index: SortedIds | None,
) -> Iterator[int]:
    if ids is not None:
        index = SortedIds(i for i in ids if i in present)
    elif index is None:
        index = all_ids
    if backwards:  # a "previous" page never reaches back past since_id
        return itertools.takewhile(lambda i: i > since_id, index.before(last if last is not None else 0))
    return index.after(max(since_id, last if last is not None else 0))


class _Unpacked(Mapping[int, Json]):
    """``PackedRecordSet.records``: each record decoded on access, a fresh copy every time."""

    def __init__(self, owner: PackedRecordSet) -> None:
        self._owner = owner

    def __getitem__(self, record_id: int) -> Json:
        editing = self._owner._editing.get(record_id)
        if editing is not None:
            return editing
        record: Json = orjson.loads(self._owner.encoded(record_id))
        return record

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._owner._packed

    def __iter__(self) -> Iterator[int]:
        return iter(self._owner._packed)

    def __len__(self) -> int:
        return len(self._owner._packed)


class PackedRecordSet:
    """Records of one resource by integer id, each kept only as compact JSON bytes.

    The interface of :class:`RecordSet`, except that ``records`` (and ``get``)
    decode a fresh copy: to change a record in place take it with ``edit``,
    change it, then call ``changed`` (or ``put`` a new dict). ``summarise``
    picks the few fields filters read (``summary``); the date filters read
    ``time_fields`` from it, so a summary should include them.

    With ``build``, a record can also be *lazy* (``put_lazy``): its bytes are
    made by ``build(record_id)`` whenever it is served and are not kept, and
    its summary comes from ``describe(record_id)`` the first time a filter
    asks. A store served once then costs no memory for its JSON at all.
    """

    def __init__(
        self,
        root: str,
        *,
        summarise: Callable[[Json], Json] | None = None,
        build: Callable[[int], bytes] | None = None,
        describe: Callable[[int], Json] | None = None,
        time_fields: tuple[str, str] = ("created_at", "updated_at"),
        parse_time: Callable[[Any], datetime | None] = parse_iso,
    ) -> None:
        self.root = root
        self.summarise = summarise
        self.build = build
        self.describe = describe
        self.time_fields = time_fields
        self.parse_time = parse_time
        self.version = 0
        self.ids = SortedIds()
        #: the bytes of each record; None for a lazy one (made by ``build`` when asked)
        self._packed: dict[int, bytes | None] = {}
        self._summaries: dict[int, Json] = {}
        self._editing: dict[int, Json] = {}
        self._times: dict[int, tuple[datetime | None, datetime | None]] = {}

    @property
    def records(self) -> Mapping[int, Json]:
        """Each record decoded on access. A view made per use, not kept: kept, it would point back at
        the set, and the cycle would hold every packed record until the cyclic collector ran."""
        return _Unpacked(self)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._packed

    def put(self, record: Json) -> None:
        self.put_packed(int(record["id"]), pack(record), record)

    def put_packed(self, record_id: int, data: bytes, record: Json | None = None) -> None:
        """Store already encoded bytes (``record``, when the caller has it, saves decoding for the summary)."""
        if record_id not in self._packed:
            self.ids.add(record_id)
        self._packed[record_id] = data
        self._editing.pop(record_id, None)
        if self.summarise is not None:
            self._summaries[record_id] = self.summarise(record if record is not None else orjson.loads(data))
        self.version += 1
        self._times.pop(record_id, None)

    def put_lazy(self, record_id: int) -> None:
        """A record whose bytes ``build(record_id)`` makes on request (and whose summary ``describe`` gives)."""
        if record_id not in self._packed:
            self.ids.add(record_id)
        self._packed[record_id] = None
        self._editing.pop(record_id, None)
        self._summaries.pop(record_id, None)
        self.version += 1
        self._times.pop(record_id, None)

    def remove(self, record_id: int) -> Json | None:
        if record_id not in self._packed:
            return None
        record = self.records[record_id]
        del self._packed[record_id]
        self._summaries.pop(record_id, None)
        self._editing.pop(record_id, None)
        self._times.pop(record_id, None)
        self.ids.remove(record_id)
        self.version += 1
        return record

    def get(self, record_id: int) -> Json | None:
        return self.records[record_id] if record_id in self._packed else None

    def edit(self, record_id: int) -> Json | None:
        """The record to change in place; ``changed(record_id)`` keeps the change."""
        if record_id not in self._packed:
            return None
        record = self._editing.get(record_id)
        if record is None:
            record = self._editing[record_id] = orjson.loads(self.encoded(record_id))
        return record

    def changed(self, record_id: int) -> None:
        """Keep the changes made to the record taken with ``edit``."""
        record = self._editing.pop(record_id, None)
        if record is not None:
            self.put(record)
        else:
            self.version += 1
            self._times.pop(record_id, None)

    def encoded(self, record_id: int) -> bytes:
        editing = self._editing.get(record_id)
        if editing is not None:
            return pack(editing)
        data = self._packed[record_id]
        if data is None:
            if self.build is None:
                raise KeyError(record_id)
            return self.build(record_id)
        return data

    def summary(self, record_id: int) -> Json:
        """The fields ``summarise`` picked (the whole record when there is no ``summarise``)."""
        if self.summarise is None or record_id in self._editing:
            return self.records[record_id]
        summary = self._summaries.get(record_id)
        if summary is None:
            if self._packed[record_id] is None and self.describe is not None:
                summary = self.describe(record_id)
            else:
                summary = self.summarise(self.records[record_id])
            self._summaries[record_id] = summary
        return summary

    def times(self, record_id: int) -> tuple[datetime | None, datetime | None]:
        """(created_at, updated_at) parsed once, for the date filters."""
        cached = self._times.get(record_id)
        if cached is None:
            record = self.summary(record_id)
            created, updated = self.time_fields
            cached = (self.parse_time(record.get(created)), self.parse_time(record.get(updated)))
            self._times[record_id] = cached
        return cached

    def candidates(
        self, ids: list[int] | None, since_id: int, last: int | None, backwards: bool, index: SortedIds | None = None
    ) -> Iterator[int]:
        """Ids a page is cut from: all ids (or another ``index``) or the ``ids=`` subset, after the cursor."""
        return _candidates(self.ids, self._packed, ids, since_id, last, backwards, index)

    def body(self, ids: list[int], fields: list[str] | None) -> bytes:
        """``{"<root>":[…]}`` from the packed JSON, or filtered to ``fields``."""
        if fields:
            rows = []
            for i in ids:
                record = self.records[i]
                rows.append({k: record.get(k) for k in fields if k in record})
            return orjson.dumps({self.root: rows})
        return b'{"' + self.root.encode() + b'":[' + b",".join(self.encoded(i) for i in ids) + b"]}"
