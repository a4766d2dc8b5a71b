"""Product-code pathologies (connector-rules section B and C): what makes a SKU fail to match.

On OpenCart the connector's product code is the Model field, so these act on
``model`` there (rule #24); everywhere else on ``sku``.
"""

from __future__ import annotations

from harness.model.manifest import Injection
from harness.model.store import Product, Variant
from harness.sources.faker_providers import UNTRACKED_TYPES
from harness.sources.generated.context import StoreDraft, get_code, variant_ref
from harness.sources.generated.pathologies.base import ALL_PLATFORMS, pathology

_UNIQUE_SKU = {
    "woocommerce": "WooCommerce rejects a duplicate SKU across products and variations (product_invalid_sku)",
    "bigcommerce": "BigCommerce rejects a duplicate SKU with 409 Conflict",
    "magento": "Magento SKUs are the unique lookup key (case-insensitive)",
}


@pathology(name="sku_missing", category="products", rule=13, default_rate=0.02, unit="variant",
           platforms=ALL_PLATFORMS - {"magento"},
           reasons={"magento": "Magento requires a SKU on every product: it is the lookup key"})
def sku_missing(d: StoreDraft, count: int) -> list[Injection]:
    """A variant with no product code (no SKU; no Model on OpenCart), so the connector invents one."""
    out = []
    for product, variant in d.choose(d.all_variants(), count, d.variant_free):
        d.set_code(variant, None)
        d.claims.claim("variant", variant.id)
        out.append(Injection(pathology="sku_missing", records=[variant_ref(product, variant, d.platform)]))
    return out


PV = tuple[Product, Variant]


def _pairable(a: PV, b: PV) -> bool:
    """Two variants of different products, both tracked or both not: sharing a code then shows only as a duplicate.

    (A tracked and an untracked variant under one code would also make the books item's tracking disagree
    with one of them, a second problem the manifest would not list.)
    """
    return a[0].id != b[0].id and a[1].inventory_tracked == b[1].inventory_tracked


def _pairs(d: StoreDraft, count: int) -> list[tuple[PV, PV]]:
    """Up to ``count`` pairable pairs of free variants, in a seeded order."""
    chosen = d.choose(d.all_variants(), 2 * count, d.variant_free)
    pairs: list[tuple[PV, PV]] = []
    waiting: list[PV] = []
    for pv in chosen:
        mate = next((w for w in waiting if _pairable(w, pv)), None)
        if mate is None:
            waiting.append(pv)
        else:
            waiting.remove(mate)
            pairs.append((mate, pv))
    taken = {pv[1].id for pv in chosen}
    for pv in waiting:
        if len(pairs) >= count:
            break
        more = d.choose(d.all_variants(), 1,
                        lambda q, pv=pv: d.variant_free(q) and q[1].id not in taken and _pairable(pv, q))  # type: ignore[misc]
        if more:
            taken.add(more[0][1].id)
            pairs.append((pv, more[0]))
    return pairs[:count]


@pathology(name="sku_duplicate", category="products", rule=16, default_rate=0.01, unit="variant",
           platforms=ALL_PLATFORMS - set(_UNIQUE_SKU), reasons=_UNIQUE_SKU)
def sku_duplicate(d: StoreDraft, count: int) -> list[Injection]:
    """Two variants of different products with exactly the same code (Shopify's Duplicate copies the SKU)."""
    out = []
    for (pa, va), (pb, vb) in _pairs(d, count):
        d.set_code(vb, get_code(va, d.platform))
        d.claims.claim("variant", va.id, vb.id)
        out.append(Injection(pathology="sku_duplicate",
                             records=[variant_ref(pa, va, d.platform), variant_ref(pb, vb, d.platform)]))
    return out


@pathology(name="sku_duplicate_case", category="products", rule=9, default_rate=0.01, unit="variant",
           platforms=ALL_PLATFORMS - set(_UNIQUE_SKU), reasons=_UNIQUE_SKU)
def sku_duplicate_case(d: StoreDraft, count: int) -> list[Injection]:
    """Two variants whose codes differ only by letter case or surrounding spaces (``ABC-1`` vs ``abc-1``)."""
    out = []
    for (pa, va), (pb, vb) in _pairs(d, count):
        code = get_code(va, d.platform) or ""
        d.set_code(vb, code.lower() if d.rng.random() < 0.6 else code + " ")
        d.claims.claim("variant", va.id, vb.id)
        out.append(Injection(pathology="sku_duplicate_case",
                             records=[variant_ref(pa, va, d.platform), variant_ref(pb, vb, d.platform)],
                             detail=f"{get_code(va, d.platform)!r} vs {get_code(vb, d.platform)!r}"))
    return out


@pathology(name="variant_shares_parent_sku", category="products", rule=15, default_rate=0.03, unit="product",
           platforms=frozenset({"woocommerce", "ebay"}),
           reasons={
               "shopify": "Shopify products have no SKU of their own, only their variants do",
               "bigcommerce": "BigCommerce enforces unique SKUs across a product and its variants",
               "magento": "Magento child SKUs are unique products; one cannot equal its configurable parent",
               "opencart": "OpenCart options carry no code of their own; each product is one Model",
           })
def variant_shares_parent_sku(d: StoreDraft, count: int) -> list[Injection]:
    """A variant whose code is its parent product's code (a variation left blank shows the parent's SKU)."""
    def ok(p: Product) -> bool:
        return bool(p.sku) and len(p.variants) > 1 and d.claims.free("product", p.id) and all(
            d.claims.free("variant", v.id) for v in p.variants)

    out = []
    for product in d.choose(d.store.products, count, ok):
        variant = d.rng.choice(product.variants)
        d.set_code(variant, product.sku)
        d.claims.claim("product", product.id)
        d.claims.claim("variant", variant.id)
        out.append(Injection(pathology="variant_shares_parent_sku",
                             records=[variant_ref(product, variant, d.platform)], detail=f"parent SKU {product.sku}"))
    return out


_LONG_TAILS = ("LIMITED-EDITION", "WINTER-COLLECTION", "GIFT-BUNDLE-DELUXE", "SPECIAL-ORDER", "CLEARANCE-2025")


@pathology(name="sku_too_long", category="products", rule=11, default_rate=0.01, unit="variant")
def sku_too_long(d: StoreDraft, count: int) -> list[Injection]:
    """A code of 30 characters or more, which the connector cannot create as an item."""
    out = []
    for product, variant in d.choose(d.all_variants(), count, d.variant_free):
        code = get_code(variant, d.platform) or ""
        while len(code) < 30:
            code += "-" + d.rng.choice(_LONG_TAILS)
        d.set_code(variant, code)
        d.claims.claim("variant", variant.id)
        out.append(Injection(pathology="sku_too_long", records=[variant_ref(product, variant, d.platform)],
                             detail=f"{len(code)} characters"))
    return out


_BAD = (":", "\t", "\n", '"')


@pathology(name="sku_bad_chars", category="products", rule=12, default_rate=0.01, unit="variant")
def sku_bad_chars(d: StoreDraft, count: int) -> list[Injection]:
    """A code holding a colon, tab, newline or double quote, which QuickBooks rejects in an item Name."""
    out = []
    for product, variant in d.choose(d.all_variants(), count, d.variant_free):
        code = get_code(variant, d.platform) or ""
        bad = d.rng.choice(_BAD)
        d.set_code(variant, code.replace("-", bad, 1) if "-" in code else bad + code)
        d.claims.claim("variant", variant.id)
        out.append(Injection(pathology="sku_bad_chars", records=[variant_ref(product, variant, d.platform)],
                             detail=f"contains {bad!r}"))
    return out


@pathology(name="inventory_untracked", category="products", rule=45, default_rate=0.02, unit="variant",
           platforms=ALL_PLATFORMS - {"ebay"},
           reasons={"ebay": "eBay counts stock on every listing and variation: a listing cannot be untracked"})
def inventory_untracked(d: StoreDraft, count: int) -> list[Injection]:
    """A physical product whose stock is not tracked, so no quantity can sync."""
    def ok(pv: tuple[Product, Variant]) -> bool:
        return d.variant_free(pv) and pv[1].inventory_tracked and pv[0].product_type not in UNTRACKED_TYPES

    out = []
    for product, variant in d.choose(d.all_variants(), count, ok):
        variant.inventory_tracked = False
        d.claims.claim("variant", variant.id)
        out.append(Injection(pathology="inventory_untracked", records=[variant_ref(product, variant, d.platform)]))
    return out


@pathology(name="stock_negative", category="products", rule=47, default_rate=0.02, unit="variant",
           platforms=ALL_PLATFORMS - {"ebay"},
           reasons={"ebay": "eBay never shows negative stock: an oversold listing reads back as 0 available"})
def stock_negative(d: StoreDraft, count: int) -> list[Injection]:
    """A tracked variant oversold below zero."""
    def ok(pv: tuple[Product, Variant]) -> bool:
        return d.variant_free(pv) and pv[1].inventory_tracked and bool(pv[1].quantities)

    out = []
    for product, variant in d.choose(d.all_variants(), count, ok):
        locs = list(variant.quantities)
        variant.quantities = {loc: (-d.rng.randint(1, 12) if k == 0 else 0) for k, loc in enumerate(locs)}
        d.claims.claim("variant", variant.id)
        out.append(Injection(pathology="stock_negative", records=[variant_ref(product, variant, d.platform)],
                             detail=f"quantity {variant.quantity}"))
    return out
