"""How big a generated store is: named presets and ``products=..,customers=..,orders=..`` text.

The presets are chosen so each has a job: ``tiny`` for unit tests (milliseconds),
``small`` for the demo and property tests, ``medium`` for a realistic merchant,
``large`` for the performance budget (100k/100k/250k in under a minute).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.errors import InputError

_FIELDS = ("products", "customers", "orders")
#: counts a size may give besides the required ones
_OPTIONAL = ("variants",)
_PAIR = re.compile(r"^\s*([a-z_]+)\s*=\s*([0-9_]+)\s*$")


@dataclass(frozen=True)
class Counts:
    """Record counts for one generated store; ``products`` counts products, not variants.

    ``variants``: about how many variants the products have in all. None leaves the catalogue's own
    mix (about 3.4 a product: apparel comes in sizes and colours, home goods in one version). A store
    with fewer options than that (the issue's benchmark store has 2.5 a product) says so here; the
    catalogue cannot offer more than its own mix, so a larger figure is a ceiling, not reached.
    """

    products: int
    customers: int
    orders: int
    variants: int | None = None

    def __post_init__(self) -> None:
        for name in _FIELDS:
            if getattr(self, name) < 0:
                raise InputError(f"size: {name} must not be negative")
        if self.variants is not None and self.variants < self.products:
            raise InputError(
                f"size: variants ({self.variants}) must be at least products ({self.products}): "
                "every product has at least one variant"
            )

    @classmethod
    def parse(cls, text: str) -> Counts:
        """Read ``products=100,customers=50,orders=200`` (or a preset name such as ``small``).

        All three counts are required: a silently defaulted count would make a
        scenario file mean something other than what its author wrote.
        """
        stripped = text.strip()
        if stripped in SIZES:
            return SIZES[stripped]
        if not stripped:
            raise InputError(f"size: empty; use a preset ({', '.join(SIZES)}) or products=N,customers=N,orders=N")
        values: dict[str, int] = {}
        for part in stripped.split(","):
            m = _PAIR.match(part)
            if not m:
                raise InputError(
                    f"size: cannot read {part.strip()!r} in {text!r}; expected name=number, "
                    f"e.g. products=100,customers=50,orders=200 (or a preset: {', '.join(SIZES)})"
                )
            key, raw = m.group(1), m.group(2)
            if key not in _FIELDS + _OPTIONAL:
                raise InputError(f"size: unknown count {key!r} in {text!r}; known: {', '.join(_FIELDS + _OPTIONAL)}")
            if key in values:
                raise InputError(f"size: {key} given twice in {text!r}")
            values[key] = int(raw.replace("_", ""))
        missing = [k for k in _FIELDS if k not in values]
        if missing:
            raise InputError(
                f"size: missing {', '.join(missing)} in {text!r}; all of {', '.join(_FIELDS)} are required"
            )
        return cls(**values)

    def text(self) -> str:
        """The form :meth:`parse` reads back."""
        text = f"products={self.products},customers={self.customers},orders={self.orders}"
        return text if self.variants is None else f"{text},variants={self.variants}"


SIZES: dict[str, Counts] = {
    "tiny": Counts(products=12, customers=10, orders=30),
    "small": Counts(products=150, customers=120, orders=400),
    "medium": Counts(products=4_000, customers=5_000, orders=15_000),
    "large": Counts(products=100_000, customers=100_000, orders=250_000),
}


def resolve_size(size: str | Counts) -> tuple[Counts, str]:
    """The counts and the label the manifest records for them."""
    if isinstance(size, Counts):
        for name, preset in SIZES.items():
            if preset == size:
                return size, name
        return size, size.text()
    counts = Counts.parse(size)
    label = size.strip() if size.strip() in SIZES else counts.text()
    return counts, label
