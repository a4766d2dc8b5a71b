"""What a pathology is, and the registry every category module adds itself to.

A pathology is one known way a real store or company file breaks a sync
(connector-rules.md gives each its entry number). Each is an object with an
``inject`` that mutates the draft and returns one :class:`Injection` per
instance, naming every record that now carries the problem. Adding one is a
decorated function in the category's module; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from harness.model.manifest import Injection
from harness.model.store import PLATFORMS
from harness.sources.generated.context import BooksDraft, StoreDraft

Category = Literal["products", "customers", "orders", "books"]
Side = Literal["store", "books"]
#: what a rate is a fraction of
Unit = Literal["variant", "product", "customer", "order", "item", "once"]

ALL_PLATFORMS: frozenset[str] = frozenset(PLATFORMS)

D = TypeVar("D", StoreDraft, BooksDraft)


@dataclass(frozen=True)
class Pathology(Generic[D]):
    """One registered pathology; ``D`` is the draft it injects into (store or books side)."""

    name: str
    category: Category
    description: str
    #: the connector-rules.md entry this models
    rule: int
    #: platforms that can hold it; the others get a NotInjected entry with ``reasons[platform]``
    platforms: frozenset[str]
    default_rate: float
    side: Side
    unit: Unit
    injector: Callable[[D, int], list[Injection]] = field(repr=False, compare=False)
    reasons: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: why this draft cannot hold it even though the platform can (e.g. a books match-field setting)
    precondition: Callable[[Any], str | None] | None = field(default=None, repr=False, compare=False)

    def inject(self, draft: D, count: int) -> list[Injection]:
        """Put ``count`` instances into ``draft`` (fewer if not enough records are eligible)."""
        return self.injector(draft, count)

    def draft_reason(self, draft: D) -> str | None:
        return self.precondition(draft) if self.precondition is not None else None

    def unsupported_reason(self, platform: str) -> str | None:
        if platform in self.platforms:
            return None
        return self.reasons.get(platform, f"{platform} cannot hold this")


PATHOLOGIES: dict[str, Pathology[Any]] = {}


def pathology(
    *, name: str, category: Category, rule: int, default_rate: float, unit: Unit, side: Side = "store",
    platforms: frozenset[str] = ALL_PLATFORMS, reasons: dict[str, str] | None = None,
    precondition: Callable[[Any], str | None] | None = None,
) -> Callable[[Callable[[D, int], list[Injection]]], Callable[[D, int], list[Injection]]]:
    """Register the decorated injector; its docstring's first paragraph is the description."""

    def register(fn: Callable[[D, int], list[Injection]]) -> Callable[[D, int], list[Injection]]:
        if name in PATHOLOGIES:
            raise ValueError(f"pathology {name!r} registered twice")
        doc = (fn.__doc__ or name).strip().split("\n\n")[0]
        PATHOLOGIES[name] = Pathology(
            name=name, category=category, description=" ".join(doc.split()), rule=rule,
            platforms=platforms, default_rate=default_rate, side=side, unit=unit, injector=fn,
            reasons=dict(reasons or {}), precondition=precondition,
        )
        return fn

    return register
