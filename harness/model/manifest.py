"""The ground truth of a generated store: every injected problem and the records carrying it.

Detection is scored against this list, so it must be exact both ways: every
record that carries a problem is listed, and every listed record carries it.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from harness.model.common import Record

RecordKind = Literal[
    "product", "variant", "customer", "order", "order_line", "tax_rate", "store",
    "item", "contact", "tax_code", "document", "books",
]


class RecordRef(Record, kw_only=True):
    """A pointer to one record on either side (store or books)."""

    kind: RecordKind
    id: str
    #: a human handle: the SKU, the email, the order number, the DisplayName
    label: str | None = None
    parent_id: str | None = None  # the product of a variant, the order of a line


class Injection(Record, kw_only=True):
    """One injected problem on one group of records (a duplicate pair is one injection)."""

    pathology: str
    records: list[RecordRef]
    detail: str | None = None


class NotInjected(Record, kw_only=True):
    """A requested pathology the platform cannot hold, and why."""

    pathology: str
    reason: str


class Manifest(Record, kw_only=True):
    seed: int
    platform: str
    size: str
    pathologies: dict[str, float] = msgspec.field(default_factory=dict)
    injections: list[Injection] = msgspec.field(default_factory=list)
    not_injected: list[NotInjected] = msgspec.field(default_factory=list)

    def by_pathology(self) -> dict[str, list[Injection]]:
        out: dict[str, list[Injection]] = {}
        for inj in self.injections:
            out.setdefault(inj.pathology, []).append(inj)
        return out
