"""The product catalogue: product types, Size x Colour variants, prices, costs, barcodes, stock.

Codes are built from a running product number, so they are unique by
construction; nothing random can produce a duplicate, an over-long code or a
forbidden character. Those only appear when a pathology puts them there.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Literal

from harness.model.store import Location, Product, Variant
from harness.sources.faker_providers import (
    ADJECTIVES,
    COLOURS,
    SIZES_APPAREL,
    SIZES_SHOES,
    ProductKind,
    base_code,
    pick_kind,
    price_cents,
)
from harness.sources.generated.context import ANCHOR
from harness.sources.generated.money import money
from harness.sources.generated.native import EBAY, OC_TAX_CLASS, OPENCART, ebay_variant_id

ProductStatus = Literal["active", "draft", "archived"]

PRODUCT_ID_BASE = 10_000
VARIANT_ID_BASE = 5_000_000

#: platforms whose products carry a parent SKU of their own beside the variants'
PARENT_SKU_PLATFORMS = frozenset({"woocommerce", "magento", "bigcommerce", "ebay"})

_VENDORS = ("Northwind Goods", "Maple & Pine", "Atelier Boréal", "Harbour Supply", "Summit Outfitters",
            "Prairie Made", "Coastline Co", "Les Ateliers Côté")


def make_locations(rng: random.Random) -> list[Location]:
    """One or two stock locations: per-location quantities are where stock-sync bugs hide."""
    locations = [Location(id="1", name="Main Warehouse")]
    if rng.random() < 0.5:
        locations.append(Location(id="2", name="Retail Store"))
    return locations


def ean13(n: int) -> str:
    """A valid EAN-13 (check digit included) unique per ``n``: barcodes are a candidate matching field (#10)."""
    body = f"06{n:010d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _option_values(rng: random.Random, kind: ProductKind) -> list[list[tuple[str, str]]]:
    """Per option, the (value, code) pairs this product offers."""
    out: list[list[tuple[str, str]]] = []
    for option in kind.options:
        if option == "Size":
            sizes = SIZES_SHOES if kind.product_type == "Footwear" else SIZES_APPAREL
            width = rng.randint(2, min(5, len(sizes)))
            start = rng.randint(0, len(sizes) - width)
            out.append([(s, s) for s in sizes[start:start + width]])
        else:
            out.append(rng.sample(COLOURS, rng.randint(1, 3)))
    return out


def _combinations(values: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    combos: list[list[tuple[str, str]]] = [[]]
    for choices in values:
        combos = [[*c, v] for c in combos for v in choices]
    return combos


#: how far ahead of its even share the catalogue may run before products are cut: the most combinations
#: one product can have, so a budget above the catalogue's own mix cuts nothing
_BUDGET_SLACK = max(len(SIZES_SHOES), len(SIZES_APPAREL)) * 3


def make_catalogue(
    rng: random.Random,
    count: int,
    platform: str,
    locations: list[Location],
    progress: Callable[[int], None] | None = None,
    *,
    variants: int | None = None,
) -> list[Product]:
    """``count`` products in catalogue order; codes follow the product number, so they are unique.

    ``variants``: about how many variants in all. Each product then keeps the first of its option
    combinations that a running budget allows (``variants`` spread evenly over the products, what
    single-variant products leave over going to the next ones), so the total lands on the figure
    whatever the mix (or on the catalogue's own mix, if that is smaller), and a product offers S-M-L
    in two colours rather than a random scatter.
    """
    target = variants
    products: list[Product] = []
    loc_ids = [loc.id for loc in locations]
    single_only = platform == "opencart"  # OpenCart options carry no code of their own
    parent_sku = platform in PARENT_SKU_PLATFORMS
    variant_no = 0
    for i in range(count):
        if progress is not None and i % 5000 == 0:
            progress(i)
        kind = pick_kind(rng)
        noun, prefix = rng.choice(kind.nouns)
        title = sys.intern(f"{rng.choice(ADJECTIVES)} {rng.choice(kind.materials)} {noun}")
        base = base_code(prefix, i + 1)
        options = [] if single_only else list(kind.options)
        combos = _combinations(_option_values(rng, kind)) if options else [[]]
        if target is not None:  # what the budget allows by the end of this product, at least one; give or
            # take a product's worth (so a figure above the catalogue's own mix cuts nothing), less at the end
            later = count - i - 1  # products still to come, one variant each at least
            allowed = min(target * (i + 1) // count + min(_BUDGET_SLACK, later), target - later) - variant_no
            combos = combos[: max(1, allowed)]
        price = price_cents(rng, kind)
        cost_share = rng.randint(35, 55)
        created = ANCHOR - timedelta(days=rng.randint(400, 1200), seconds=rng.randint(0, 86_399))
        product_id = str(PRODUCT_ID_BASE + i + 1)
        multi = bool(options) or len(combos) != 1  # an eBay multi-variation listing
        made: list[Variant] = []
        for position, combo in enumerate(combos, 1):
            variant_no += 1
            code = "-".join([base, *(c for _, c in combo)])
            v_price = price + (200 if combo and combo[0][0] in ("XXL", "12") else 0)
            tracked = kind.tracked
            quantities: dict[str, int] = {}
            if tracked:
                quantities[loc_ids[0]] = rng.randint(0, 120)
                if len(loc_ids) > 1 and rng.random() < 0.5:
                    quantities[loc_ids[1]] = rng.randint(0, 40)
            variant = Variant(
                id=str(VARIANT_ID_BASE + variant_no),
                sku=None if single_only else code,
                model=code if single_only else None,
                barcode=ean13(variant_no) if kind.tracked else None,
                title=sys.intern(" / ".join(v for v, _ in combo)) if combo else "Default Title",
                options={name: v for name, (v, _) in zip(options, combo, strict=True)},
                price=money(v_price),
                compare_at_price=money(v_price + 1000) if rng.random() < 0.08 else None,
                cost=money(v_price * cost_share // 100) if kind.tracked else None,
                taxable=kind.taxable,
                inventory_tracked=tracked,
                quantities=quantities,
                weight_grams=kind.weight_grams or None,
            )
            if platform == EBAY:
                _as_ebay(rng, variant, ebay_variant_id(product_id, position, multi), loc_ids[0])
            elif platform == OPENCART:
                _as_opencart(variant, product_id, loc_ids[0])
            made.append(variant)
        roll = rng.random()
        status: ProductStatus = "active" if roll < 0.95 else ("draft" if roll < 0.98 else "archived")
        if platform == EBAY and status == "draft":
            status = "archived"  # drafts never reach the Trading API; an ended listing does
        elif platform == OPENCART and status == "archived":
            status = "draft"  # OpenCart products are enabled or not
        updated = created + timedelta(days=rng.randint(0, 300))
        products.append(Product(
            id=product_id,
            title=title,
            description=f"{title}. Made for {kind.product_type.lower()} lovers.",
            vendor=rng.choice(_VENDORS),
            product_type=kind.product_type,
            status=status,
            created_at=created,
            updated_at=None if platform == EBAY else updated,
            options=options,
            sku=base if parent_sku and len(made) > 1 else None,
            variants=made,
        ))
    return products


def _as_ebay(rng: random.Random, v: Variant, variant_id: str, location: str) -> None:
    """A listing or variation as the Trading API holds it (see ``native``): rebuilt id, one quantity, always counted.

    Listings have no variant title, cost or weight, and eBay counts stock on every listing, digital ones too.
    """
    v.id = variant_id
    v.title = ""
    v.cost = None
    v.weight_grams = None
    if not v.inventory_tracked:
        v.inventory_tracked = True
        v.quantities = {location: rng.randint(5, 200)}


def _as_opencart(v: Variant, product_id: str, location: str) -> None:
    """A single-code product as ``oc_product`` holds it: the variant is the product row.

    3.x's ``sku``/``upc`` columns are NOT NULL ("none" is ""); no variant title or cost; one quantity, also kept
    for untracked products; the tax class "Taxable Goods" on taxable ones.
    """
    v.id = product_id
    v.sku = ""
    v.barcode = v.barcode or ""
    v.title = ""
    v.cost = None
    v.tax_class = OC_TAX_CLASS if v.taxable else None
    v.quantities = {location: v.quantity}
