"""The manifest is exact: re-detect each pathology from the data alone and compare with the manifest.

The predicates below are written from the pathology *definitions*, not from the
generator's code: if the generator ever lets a clean record carry a problem by
accident, or lists a record that does not carry it, these disagree.
"""

from __future__ import annotations

import os
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from harness.model.books import Books
from harness.model.manifest import Manifest
from harness.model.store import PLATFORMS, Order, Store, Variant
from harness.sources.generated import PATHOLOGIES, generate

Key = tuple[str, str]
CENT = Decimal("0.01")
BAD_CHARS = set(':\t\n\r"')  # what QuickBooks Online refuses in an item Name
NON_STOCK_TYPES = {"Digital", "Service"}  # the catalogue's product types that never hold stock


def code(v: Variant, platform: str) -> str | None:
    return v.model if platform == "opencart" else v.sku


def _groups(pairs: list[tuple[str, Key, str]]) -> set[Key]:
    """Keys whose group (first element) holds more than one record and more than one distinct spelling."""
    by: dict[str, list[tuple[Key, str]]] = defaultdict(list)
    for group, key, spelling in pairs:
        by[group].append((key, spelling))
    return {k for members in by.values() if len({s for _, s in members}) > 1 for k, _ in members}


def formula_total(o: Order) -> Decimal:
    items = sum((ln.unit_price * ln.quantity - ln.discount for ln in o.lines), Decimal(0))
    ship = sum((s.price for s in o.shipping_lines), Decimal(0))
    fees = sum((f.amount for f in o.fee_lines), Decimal(0))
    disc = sum((d.amount for d in o.discounts), Decimal(0))
    tax = Decimal(0) if o.taxes_included else sum((t.amount for t in o.tax_lines), Decimal(0))
    return items + ship + fees + tax - disc


def inclusive_off(o: Order) -> bool:
    for ln in o.lines:
        if not ln.taxable or not ln.taxes:
            continue
        gross = ln.unit_price * ln.quantity - ln.discount
        factor = 1 + sum((t.rate for t in ln.taxes), Decimal(0)) / 100
        ex = (gross / factor).quantize(CENT, ROUND_HALF_UP)
        if (ex * factor).quantize(CENT, ROUND_HALF_UP) != gross:
            return True
    return False


def detect_store(s: Store) -> dict[str, set[Key]]:
    p = s.platform
    out: dict[str, set[Key]] = defaultdict(set)
    variants = [(prod, v) for prod in s.products for v in prod.variants]
    codes = {c for _, v in variants if (c := code(v, p))}
    exact: dict[str, list[Key]] = defaultdict(list)
    for prod, v in variants:
        c = code(v, p)
        key = ("variant", v.id)
        if not c:
            out["sku_missing"].add(key)
            continue
        exact[c].append(key)
        if len(c) >= 30:
            out["sku_too_long"].add(key)
        if BAD_CHARS & set(c):
            out["sku_bad_chars"].add(key)
        if len(prod.variants) > 1 and prod.sku and c == prod.sku:
            out["variant_shares_parent_sku"].add(key)
        if not v.inventory_tracked and prod.product_type not in NON_STOCK_TYPES:
            out["inventory_untracked"].add(key)
        if any(q < 0 for q in v.quantities.values()):
            out["stock_negative"].add(key)
    out["sku_duplicate"] = {k for keys in exact.values() if len(keys) > 1 for k in keys}
    out["sku_duplicate_case"] = _groups([(c.strip().casefold(), k, c) for c, keys in exact.items() for k in keys])

    emails: dict[str, list[Key]] = defaultdict(list)
    for c in s.customers:
        key = ("customer", c.id)
        if c.email:
            emails[c.email].append(key)
        elif c.phone:
            out["customer_phone_only"].add(key)
        if not c.first_name and not c.last_name:
            out["customer_missing_name"].add(key)
    out["customer_new_account_per_order"] = {k for keys in emails.values() if len(keys) > 1 for k in keys}
    out["customer_email_case"] = _groups([(e.casefold(), k, e) for e, keys in emails.items() for k in keys])
    out["customer_name_accent"] = _groups(
        [(unidecode(c.full_name).casefold(), ("customer", c.id), c.full_name) for c in s.customers if c.full_name])

    for o in s.orders:
        key = ("order", o.id)
        if o.customer_id is None:
            out["guest_orders"].add(key)
        if o.total != formula_total(o):
            out["order_total_mismatch"].add(key)
        if o.currency != s.currency:
            out["foreign_currency_order"].add(key)
        if o.taxes_included and inclusive_off(o):
            out["tax_inclusive_rounding"].add(key)
        if any(d.kind == "coupon" and d.source for d in o.discounts):
            out["coupon_plugin_lines"].add(key)
        if any(d.kind == "reward_points" for d in o.discounts) or any(x.kind == "reward_points" for x in o.payments):
            out["reward_points"].add(key)
        if any(x.kind == "gift_card" for x in o.payments):
            out["gift_card_payment"].add(key)
        if any(x.kind == "store_credit" for x in o.payments):
            out["store_credit_payment"].add(key)
        if o.fee_lines:
            out["custom_fees"].add(key)
        if o.custom_fields:
            out["custom_fields"].add(key)
        for ln in o.lines:
            if ln.sku and ln.sku not in codes:
                out["order_line_sku_not_in_catalogue"].add(("order_line", ln.id))
    for prod in s.products:
        if prod.custom_fields:
            out["custom_fields"].add(("product", prod.id))
        own = {code(v, p) for v in prod.variants}
        if any(val in own for val in prod.custom_fields.values()):
            out["custom_field_holds_code"].add(("product", prod.id))
    for c in s.customers:
        if c.custom_fields:
            out["custom_fields"].add(("customer", c.id))
    return out


def detect_books(s: Store, b: Books, match_field: str) -> dict[str, set[Key]]:
    p = s.platform
    out: dict[str, set[Key]] = defaultdict(set)
    tracked: dict[str, bool] = defaultdict(bool)
    for prod in s.products:
        for v in prod.variants:
            if (c := code(v, p)) is not None:
                tracked[c] |= v.inventory_tracked
    codes = set(tracked)

    def key_of(item: object) -> str | None:
        return item.name if match_field == "name" else item.sku  # type: ignore[attr-defined, no-any-return]

    by_code: dict[str, set[str]] = defaultdict(set)
    for item in b.items:
        k = ("item", item.id)
        for field in (item.name, item.sku):
            if field in codes:
                by_code[field].add(item.id)
        mk = key_of(item)
        if match_field == "name" and item.sku in codes and item.name not in codes:
            out["items_matched_by_sku_field"].add(k)
        if not item.active and mk in codes:
            out["inactive_matching_item"].add(k)
        if item.type != "Inventory" and mk in codes and tracked[mk]:
            out["noninventory_for_tracked"].add(k)
    out["books_duplicate_item_code"] = {("item", i) for ids in by_code.values() if len(ids) > 1 for i in ids}

    orders_by_sku: dict[str, list[Order]] = defaultdict(list)
    for o in s.orders:
        for ln in o.lines:
            if ln.sku:
                orders_by_sku[ln.sku].append(o)
    for item in b.items:
        mk = key_of(item)
        if item.type == "Inventory" and item.inv_start_date and mk:
            early = [o for o in orders_by_sku.get(mk, []) if o.created_at.date() < item.inv_start_date]
            if early:
                out["order_before_inventory_start"] |= {("item", item.id)} | {("order", o.id) for o in early}

    doc_numbers = {d.number: d for d in b.documents if d.number}
    for o in s.orders:
        if o.number in doc_numbers:
            out["order_number_collides"] |= {("order", o.id), ("document", doc_numbers[o.number].id)}

    books_customers = defaultdict(list)
    for bc in b.customers:
        books_customers[bc.display_name].append(bc)
    others = defaultdict(list)
    for other in (*b.vendors, *b.employees):
        others[other.display_name].append(other)
    for c in s.customers:
        for bc in books_customers.get(c.full_name, []):
            if c.email and bc.email and c.email.casefold() != bc.email.casefold():
                out["customer_same_name_other_email"] |= {("customer", c.id), ("contact", bc.id)}
        for other in others.get(c.full_name, []) if c.full_name else []:
            out["display_name_collides_vendor"] |= {("customer", c.id), ("contact", other.id)}

    for rate in s.tax.rates:
        if not any(r.name == rate.name and r.rate == rate.rate for r in b.tax_rates):
            out["tax_rate_missing_in_books"].add(("tax_rate", rate.id))
    zero_ids = {r.id for r in b.tax_rates if r.rate == 0}
    if not any(not t.taxable or (t.sales_rate_ids and set(t.sales_rate_ids) <= zero_ids) for t in b.tax_codes):
        out["no_zero_rate_code"].add(("books", b.realm_id))
    return out


def manifest_keys(m: Manifest) -> dict[str, set[Key]]:
    out: dict[str, set[Key]] = defaultdict(set)
    for inj in m.injections:
        out[inj.pathology] |= {(r.kind, r.id) for r in inj.records}
    return out


CHECKED = sorted(set(PATHOLOGIES) - {"customer_name_typo"})  # a typo has no exact predicate

mixes = st.dictionaries(st.sampled_from(sorted(PATHOLOGIES)), st.sampled_from([1.0, 2.0, 3.0, 0.05]), max_size=14)


#: raise GEN_EXAMPLES (e.g. 2000) to hunt for rare accidental collisions; 100 take a few seconds
EXAMPLES = int(os.environ.get("GEN_EXAMPLES", "100"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), platform=st.sampled_from(PLATFORMS), mix=mixes,
       match_field=st.sampled_from(["name", "name", "sku"]), size=st.sampled_from(["tiny", "small"]),
       locales=st.sampled_from([("en_US", "en_CA", "fr_CA"), ("fr_CA",), ("en_US",), ("en_CA", "en_US")]))
def test_manifest_is_exact(
    seed: int, platform: str, mix: dict[str, float], match_field: str, size: str, locales: tuple[str, ...],
) -> None:
    s = generate(seed, size, platform, mix, match_field=match_field, locales=locales)  # type: ignore[arg-type]
    detected = detect_store(s.store)
    detected.update(detect_books(s.store, s.books, match_field))
    listed = manifest_keys(s.manifest)
    for name in CHECKED:
        assert detected.get(name, set()) == listed.get(name, set()), name


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32), platform=st.sampled_from(PLATFORMS))
def test_demo_mix_is_exact(seed: int, platform: str) -> None:
    from harness.sources.generated import DEMO_PATHOLOGIES

    s = generate(seed, "small", platform, DEMO_PATHOLOGIES)
    detected = detect_store(s.store)
    detected.update(detect_books(s.store, s.books, "name"))
    listed = manifest_keys(s.manifest)
    for name in CHECKED:
        assert detected.get(name, set()) == listed.get(name, set()), name
    typo = [i for i in s.manifest.injections if i.pathology == "customer_name_typo"]
    assert typo, "the demo shows every pathology the platform can hold"
    names = {c.id: c.full_name for c in s.store.customers}
    for inj in typo:  # no exact predicate for a typo, but each pair is one slip apart and nothing else
        a, b = (names[r.id] for r in inj.records)
        assert a != b and Levenshtein.distance(a, b) <= 2
        assert unidecode(a).casefold() != unidecode(b).casefold()


def test_clean_store_adds_up() -> None:
    for platform in PLATFORMS:
        s = generate(99, "small", platform)
        assert not s.manifest.injections
        for o in s.store.orders:
            assert o.total == formula_total(o), o.number
            if o.payments:
                assert sum((x.amount for x in o.payments), Decimal(0)) == o.total
            assert o.total_tax == sum((t.amount for t in o.tax_lines), Decimal(0))
            if platform in ("ebay", "opencart"):  # neither holds the per-rate split of line and shipping tax
                line_tax = sum((a.amount for ln in o.lines for a in ln.taxes), Decimal(0))
                shipped = any(sl.price for sl in o.shipping_lines)
                assert line_tax <= o.total_tax if shipped else line_tax == o.total_tax
                continue
            for t in o.tax_lines:
                line_tax = sum((a.amount for ln in o.lines for a in ln.taxes if a.rate_id == t.rate_id), Decimal(0))
                ship_tax = sum((a.amount for sl in o.shipping_lines for a in sl.taxes if a.rate_id == t.rate_id),
                               Decimal(0))
                assert t.amount == line_tax + ship_tax and t.shipping_amount == ship_tax
        detected = detect_store(s.store)
        detected.update(detect_books(s.store, s.books, "name"))
        assert not any(detected.values()), {k: v for k, v in detected.items() if v}
