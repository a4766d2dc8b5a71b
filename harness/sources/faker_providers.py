"""A Faker provider that speaks the generated catalogue's vocabulary.

The generator itself does not call Faker per product (too slow at 100k); it uses
the same tables below through a seeded RNG. The provider exists so that tests,
fixtures and hand-written scenarios can ask Faker for a believable SKU or title
that looks like the ones generated stores hold::

    from faker import Faker
    from harness.sources.faker_providers import CatalogueProvider

    fake = Faker()
    fake.add_provider(CatalogueProvider)
    fake.seed_instance(7)
    fake.sku()            # 'HOD-04817-M-NVY'
    fake.product_title()  # 'Alpine Merino Hoodie - M / Navy'

Clean SKUs are upper-case letters, digits and dashes, at most 18 characters:
far from the 30-character limit (connector-rules #11) and free of the colons,
tabs and quotes QuickBooks rejects (#12), so a generated clean SKU never trips a
check by accident.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker.providers import BaseProvider


@dataclass(frozen=True)
class ProductKind:
    """One family of products: what it is called, how it varies and how it is stocked."""

    product_type: str
    nouns: tuple[tuple[str, str], ...]  # (noun, SKU prefix)
    materials: tuple[str, ...]
    price_range: tuple[int, int]  # whole currency units
    options: tuple[str, ...]  # option names, in order
    tracked: bool
    taxable: bool
    weight_grams: int
    share: int  # relative frequency in a catalogue


SIZES_APPAREL: tuple[str, ...] = ("XS", "S", "M", "L", "XL", "XXL")
SIZES_SHOES: tuple[str, ...] = ("6", "7", "8", "9", "10", "11", "12")
COLOURS: tuple[tuple[str, str], ...] = (
    ("Black", "BLK"), ("White", "WHT"), ("Navy", "NVY"), ("Heather Grey", "GRY"), ("Red", "RED"),
    ("Forest Green", "FGR"), ("Sand", "SND"), ("Burgundy", "BRG"), ("Sky Blue", "SKY"), ("Mustard", "MUS"),
)

KINDS: tuple[ProductKind, ...] = (
    ProductKind("Apparel", (("T-Shirt", "TSH"), ("Hoodie", "HOD"), ("Sweater", "SWT"), ("Jacket", "JKT"),
                            ("Leggings", "LEG"), ("Polo", "POL")),
                ("Cotton", "Merino", "Fleece", "Linen", "Organic Cotton", "Bamboo"), (19, 129), ("Size", "Colour"),
                True, True, 350, 34),
    ProductKind("Accessories", (("Beanie", "BNE"), ("Scarf", "SCF"), ("Tote Bag", "TOT"), ("Cap", "CAP")),
                ("Wool", "Canvas", "Knit", "Cotton"), (14, 49), ("Colour",), True, True, 200, 16),
    ProductKind("Footwear", (("Sneakers", "SNK"), ("Boots", "BTS"), ("Slippers", "SLP")),
                ("Leather", "Suede", "Canvas"), (49, 189), ("Size",), True, True, 900, 8),
    ProductKind("Home", (("Mug", "MUG"), ("Water Bottle", "BTL"), ("Teapot", "TPT")),
                ("Ceramic", "Enamel", "Stoneware", "Glass"), (12, 59), (), True, True, 450, 10),
    ProductKind("Home", (("Candle", "CDL"), ("Diffuser", "DIF")),
                ("Soy", "Beeswax", "Cedar", "Lavender"), (9, 45), (), True, True, 300, 8),
    ProductKind("Home", (("Notebook", "NBK"), ("Poster", "PST"), ("Calendar", "CAL")),
                ("Recycled", "Linen-bound", "Letterpress"), (9, 39), (), True, True, 250, 6),
    ProductKind("Home", (("Cushion", "CSH"), ("Throw Blanket", "THR")),
                ("Wool", "Linen", "Cotton", "Velvet"), (29, 129), (), True, True, 900, 6),
    ProductKind("Digital", (("E-book", "EBK"), ("Sewing Pattern", "PAT"), ("Wallpaper Pack", "WLP")),
                ("Illustrated", "Printable", "Deluxe"), (4, 25), (), False, False, 0, 7),
    ProductKind("Service", (("Gift Wrapping", "GWR"), ("Engraving", "ENG")),
                ("Premium", "Standard"), (3, 15), (), False, True, 0, 5),
)

#: product types whose variants are never stock-tracked in a clean store
UNTRACKED_TYPES: frozenset[str] = frozenset(k.product_type for k in KINDS if not k.tracked)
#: product types that are physical stock: a books item for them is an Inventory item
PHYSICAL_TYPES: frozenset[str] = frozenset(k.product_type for k in KINDS if k.tracked)

ADJECTIVES: tuple[str, ...] = (
    "Classic", "Alpine", "Coastal", "Urban", "Heritage", "Everyday", "Nordic", "Midnight", "Sunset", "Maple",
    "Harbour", "Prairie", "Boréal", "Lumière", "Summit", "Meadow", "Granite", "Driftwood", "Aurora", "Cascade",
    "Terrace", "Willow", "Juniper", "Birch", "Cobalt", "Ember", "Fjord", "Glacier", "Laurentian", "Saint-Laurent",
)

_KIND_WEIGHTS = [k.share for k in KINDS]


def pick_kind(rng: random.Random) -> ProductKind:
    return rng.choices(KINDS, weights=_KIND_WEIGHTS)[0]


def price_cents(rng: random.Random, kind: ProductKind) -> int:
    """A shelf price ending in .99 (mostly) or .95, inside the kind's range."""
    lo, hi = kind.price_range
    whole = rng.randint(lo, hi)
    return (whole - 1) * 100 + (99 if rng.random() < 0.8 else 95)


def base_code(prefix: str, index: int) -> str:
    """The product-level code, e.g. ``HOD-00042``."""
    return f"{prefix}-{index:05d}"


class CatalogueProvider(BaseProvider):
    """Faker provider: ``sku()``, ``product_name()``, ``product_title()`` in the catalogue's style."""

    def _kind(self) -> ProductKind:
        kind: ProductKind = self.random_element(KINDS)
        return kind

    def sku(self) -> str:
        """A clean variant SKU: prefix, product number, then size and colour codes where the kind has them."""
        kind = self._kind()
        _, prefix = self.random_element(kind.nouns)
        code = base_code(prefix, self.random_int(1, 99_999))
        if "Size" in kind.options:
            code += "-" + self.random_element(SIZES_SHOES if kind.product_type == "Footwear" else SIZES_APPAREL)
        if "Colour" in kind.options:
            code += "-" + self.random_element(COLOURS)[1]
        return code

    def product_name(self) -> str:
        """A product title without options, e.g. ``Heritage Wool Scarf``."""
        kind = self._kind()
        noun, _ = self.random_element(kind.nouns)
        return f"{self.random_element(ADJECTIVES)} {self.random_element(kind.materials)} {noun}"

    def product_title(self) -> str:
        """A variant's full title as an order line shows it, e.g. ``Alpine Merino Hoodie - M / Navy``."""
        kind = self._kind()
        noun, _ = self.random_element(kind.nouns)
        title = f"{self.random_element(ADJECTIVES)} {self.random_element(kind.materials)} {noun}"
        parts = []
        if "Size" in kind.options:
            parts.append(self.random_element(SIZES_SHOES if kind.product_type == "Footwear" else SIZES_APPAREL))
        if "Colour" in kind.options:
            parts.append(self.random_element(COLOURS)[0])
        return f"{title} - {' / '.join(parts)}" if parts else title
