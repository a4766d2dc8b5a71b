"""Canonical products <-> Magento 2 catalog rows (store-apis.md §6.2 "Product", "Configurable children").

Magento has no variants: a product with options is a ``configurable`` row
whose ``extension_attributes.configurable_product_links`` name ``simple``
child rows, one per variant, each with its own SKU and its own stock (§6.2). A
product without options is one ``simple`` row, the SKU on it. So the
canonical ``Product.sku`` is the configurable parent's SKU, and a simple
product has none of its own.

Field homes: tax class, description, cost and the like are
``custom_attributes`` with string values (§6.2); vendor is the
``manufacturer`` select attribute; product type is a category link;
compare-at price is ``msrp``; barcode a ``barcode`` attribute; stock per
location is MSI source items (``/V1/inventory/source-items``), with the legacy
``stock_item`` carrying the total and the tracked flag; weight is in kg
(store config ``weight_unit``). Option values are select-attribute option
ids, resolved through ``/V1/products/attributes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from harness.model.store import Product, Variant
from harness.platforms.magento.formats import ZERO, compact, date, from_date, from_money, money, slug

TAXABLE_GOODS = "2"
LEGACY_SOURCE = "default"  # Magento's own name for the single source when MSI is off
NO_TAX_CLASS = "0"
ROOT_CATEGORY = 2
REMAINDER_CODE = "sync_sandbox_remainder"
#: attribute codes the mapping itself uses; any other custom attribute is a canonical custom field
SYSTEM_CODES = frozenset(
    {
        "description",
        "tax_class_id",
        "cost",
        "msrp",
        "barcode",
        "url_key",
        "manufacturer",
        "category_ids",
        REMAINDER_CODE,
    }
)


@dataclass
class Attributes:
    """Select attributes (option names -> codes, labels -> option ids), categories and product tax classes."""

    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    tax_classes: dict[str, str] = field(default_factory=lambda: {NO_TAX_CLASS: "None", TAXABLE_GOODS: "Taxable Goods"})
    _next_attribute: int = 200
    _next_option: int = 10

    @classmethod
    def from_wire(
        cls, attributes: list[dict[str, Any]], categories: list[dict[str, Any]], tax_classes: list[dict[str, Any]]
    ) -> Attributes:
        return cls(
            attributes={a["attribute_code"]: a for a in attributes},
            categories={int(c["id"]): c["name"] for c in categories if int(c["id"]) > ROOT_CATEGORY},
            tax_classes={str(t["class_id"]): t["class_name"] for t in tax_classes} or {TAXABLE_GOODS: "Taxable Goods"},
        )

    # -- building -----------------------------------------------------------------------------------

    def code_for(self, label: str) -> str:
        """The select attribute for an option name (one per distinct label, as Magento attributes are global)."""
        for code, attribute in self.attributes.items():
            if attribute["default_frontend_label"] == label and code != "manufacturer":
                return code
        code = base = slug(label)
        n = 1
        while code in self.attributes or code in SYSTEM_CODES:
            n += 1
            code = f"{base}_{n}"
        self._add(code, label)
        return code

    def _add(self, code: str, label: str) -> dict[str, Any]:
        self._next_attribute += 1
        attribute = {
            "attribute_id": self._next_attribute,
            "attribute_code": code,
            "default_frontend_label": label,
            "frontend_input": "select",
            "is_required": False,
            "is_user_defined": True,
            "scope": "global",
            "options": [{"label": " ", "value": ""}],
        }
        self.attributes[code] = attribute
        return attribute

    def option_value(self, code: str, label: str) -> str:
        attribute = self.attributes.get(code) or self._add(code, code.title())
        for option in attribute["options"]:
            if option["label"] == label and option["value"]:
                return str(option["value"])
        self._next_option += 1
        attribute["options"].append({"label": label, "value": str(self._next_option)})
        return str(self._next_option)

    def category_id(self, name: str) -> int:
        for cid, existing in self.categories.items():
            if existing == name:
                return cid
        cid = max(self.categories, default=ROOT_CATEGORY) + 1
        self.categories[cid] = name
        return cid

    def tax_class_id(self, taxable: bool, tax_class: str | None) -> str:
        if not taxable:
            return NO_TAX_CLASS
        if tax_class is None:
            return TAXABLE_GOODS
        for cid, name in self.tax_classes.items():
            if name == tax_class and cid not in (NO_TAX_CLASS, TAXABLE_GOODS):
                return cid
        cid = str(max([3, *(int(c) for c in self.tax_classes)]) + 1)  # 3 is the customer class "Retail Customer"
        self.tax_classes[cid] = tax_class
        return cid

    # -- reading ------------------------------------------------------------------------------------

    def by_id(self) -> dict[int, dict[str, Any]]:
        return {int(a["attribute_id"]): a for a in self.attributes.values()}

    def label(self, code: str, value: Any) -> str | None:
        for option in (self.attributes.get(code) or {}).get("options", ()):
            if str(option["value"]) == str(value) and option["value"] != "":
                return str(option["label"])
        return None


def is_configurable(product: Product) -> bool:
    return bool(product.options) or len(product.variants) != 1 or bool(product.variants[0].options)


def entity_keys(products: list[Product]) -> list[str]:
    """The canonical id behind each Magento row, in row order: the product, then each child variant."""
    keys: list[str] = []
    for product in products:
        keys.append(product.id)
        if is_configurable(product):
            keys.extend(v.id for v in product.variants)
    return keys


# -- canonical -> wire ------------------------------------------------------------------------------


def product_to_rows(product: Product, ids: Iterator[int], attrs: Attributes) -> list[dict[str, Any]]:
    """The rows for one product: a simple row, or a configurable parent followed by its children."""
    parent_id = next(ids)
    shared = _shared_attributes(product, attrs)
    status = 1 if product.status == "active" else 2
    visibility = 1 if product.status == "archived" else 4
    if not is_configurable(product):
        variant = product.variants[0]
        return [_row(variant, parent_id, product.title, "simple", status, visibility, product, attrs, shared, [])]
    option_codes = [attrs.code_for(name) for name in _option_names(product)]
    children = []
    for variant in product.variants:
        child_id = next(ids)
        option_attributes = [
            {"attribute_code": attrs.code_for(name), "value": attrs.option_value(attrs.code_for(name), label)}
            for name, label in variant.options.items()
        ]
        children.append(_row(variant, child_id, variant.title, "simple", 1, 1, product, attrs, [], option_attributes))
    first = product.variants[0] if product.variants else None
    parent = compact(
        {
            "id": parent_id,
            "sku": product.sku,
            "name": product.title,
            "attribute_set_id": 4,
            "price": 0.0,
            "status": status,
            "visibility": visibility,
            "type_id": "configurable",
            "created_at": date(product.created_at),
            "updated_at": date(product.updated_at),
            "extension_attributes": {
                "website_ids": [1],
                "category_links": _category_links(product, attrs),
                "stock_item": _stock_item(parent_id, 0, any(v.inventory_tracked for v in product.variants)),
                "configurable_product_options": [
                    {
                        "id": parent_id * 10 + position,
                        "attribute_id": str(attrs.attributes[code]["attribute_id"]),
                        "label": attrs.attributes[code]["default_frontend_label"],
                        "position": position,
                        "values": [
                            {"value_index": int(attrs.option_value(code, label))} for label in _labels(product, name)
                        ],
                        "product_id": parent_id,
                    }
                    for position, (name, code) in enumerate(zip(_option_names(product), option_codes, strict=True))
                ],
                "configurable_product_links": [c["id"] for c in children],
            },
            "product_links": [],
            "options": [],
            "media_gallery_entries": [],
            "tier_prices": [],
            "custom_attributes": [
                *shared,
                {"attribute_code": "tax_class_id", "value": attrs.tax_class_id(first.taxable, first.tax_class)}
                if first
                else {"attribute_code": "tax_class_id", "value": TAXABLE_GOODS},
            ],
        }
    )
    return [parent, *children]


def _option_names(product: Product) -> list[str]:
    names = list(product.options)
    for variant in product.variants:
        names.extend(n for n in variant.options if n not in names)
    return names


def _labels(product: Product, name: str) -> list[str]:
    return list(dict.fromkeys(v.options[name] for v in product.variants if name in v.options))


def _shared_attributes(product: Product, attrs: Attributes) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"attribute_code": "url_key", "value": f"{slug(product.title)}-{product.id}"}]
    if product.description is not None:
        out.append({"attribute_code": "description", "value": product.description})
    if product.vendor is not None:
        out.append({"attribute_code": "manufacturer", "value": attrs.option_value("manufacturer", product.vendor)})
    out.extend({"attribute_code": k, "value": v} for k, v in product.custom_fields.items())
    return out


def _category_links(product: Product, attrs: Attributes) -> list[dict[str, Any]]:
    if product.product_type is None:
        return []
    return [{"position": 0, "category_id": str(attrs.category_id(product.product_type))}]


def _stock_item(product_id: int, qty: int, tracked: bool) -> dict[str, Any]:
    return {
        "item_id": product_id,
        "product_id": product_id,
        "stock_id": 1,
        "qty": qty,
        "is_in_stock": qty > 0 or not tracked,
        "manage_stock": tracked,
        "use_config_manage_stock": False,
        "backorders": 0,
        "min_sale_qty": 1,
    }


def _row(
    variant: Variant,
    entity_id: int,
    name: str,
    type_id: str,
    status: int,
    visibility: int,
    product: Product,
    attrs: Attributes,
    shared: list[dict[str, Any]],
    option_attributes: list[dict[str, Any]],
) -> dict[str, Any]:
    custom = [*shared, *option_attributes]
    custom.append({"attribute_code": "tax_class_id", "value": attrs.tax_class_id(variant.taxable, variant.tax_class)})
    if variant.cost is not None:
        custom.append({"attribute_code": "cost", "value": str(variant.cost)})
    if variant.compare_at_price is not None:
        custom.append({"attribute_code": "msrp", "value": str(variant.compare_at_price)})
    if variant.barcode is not None:
        custom.append({"attribute_code": "barcode", "value": variant.barcode})
    is_simple_product = not option_attributes and bool(shared)
    return compact(
        {
            "id": entity_id,
            "sku": variant.sku,
            "name": name,
            "attribute_set_id": 4,
            "price": money(variant.price),
            "status": status,
            "visibility": visibility,
            "type_id": type_id,
            "created_at": date(product.created_at),
            "updated_at": date(product.updated_at),
            "weight": variant.weight_grams / 1000 if variant.weight_grams is not None else None,
            "extension_attributes": {
                "website_ids": [1],
                "category_links": _category_links(product, attrs) if is_simple_product else [],
                "stock_item": _stock_item(entity_id, variant.quantity, variant.inventory_tracked),
            },
            "product_links": [],
            "options": [],
            "media_gallery_entries": [],
            "tier_prices": [],
            "custom_attributes": custom,
        }
    )


def source_items(products: list[Product]) -> list[dict[str, Any]]:
    """MSI stock per (SKU, source). SKUs key source items, so a blank or repeated SKU's stock stays unlisted."""
    seen: set[str] = set()
    out = []
    for product in products:
        for variant in product.variants:
            if variant.sku is None or variant.sku in seen:
                continue
            seen.add(variant.sku)
            for source, qty in variant.quantities.items():
                out.append({"sku": variant.sku, "source_code": source, "quantity": qty, "status": int(qty > 0)})
    return out


# -- wire -> canonical ------------------------------------------------------------------------------


def products_from_rows(
    rows: list[dict[str, Any]], stock: dict[str, dict[str, int]] | None, attrs: Attributes
) -> list[tuple[int, Product]]:
    """(row id, product) for every row that is not a configurable's child, in row order.

    ``stock`` is MSI stock by SKU and source; ``None`` when the store has no MSI
    sources (MSI disabled), in which case the legacy ``stock_item.qty`` is the
    stock at one source, ``"default"``.
    """
    by_id = {int(r["id"]): r for r in rows}
    children = {
        int(c) for r in rows for c in (r.get("extension_attributes") or {}).get("configurable_product_links", [])
    }
    attribute_by_id = attrs.by_id()
    out = []
    for row in rows:
        rid = int(row["id"])
        if rid in children:
            continue
        ext = row.get("extension_attributes") or {}
        if row.get("type_id") == "configurable":
            options = sorted(ext.get("configurable_product_options") or [], key=lambda o: o.get("position", 0))
            codes = [
                (o["label"], attribute_by_id.get(int(o["attribute_id"]), {}).get("attribute_code", "")) for o in options
            ]
            variants = [
                _variant(by_id[int(c)], stock, attrs, codes, title=by_id[int(c)].get("name") or "")
                for c in ext.get("configurable_product_links") or []
                if int(c) in by_id
            ]
            out.append((rid, _product(row, variants, attrs, [label for label, _ in codes], row.get("sku"))))
        else:
            out.append((rid, _product(row, [_variant(row, stock, attrs, [], title="")], attrs, [], None)))
    return out


def _custom(row: dict[str, Any]) -> dict[str, Any]:
    return {a["attribute_code"]: a.get("value") for a in row.get("custom_attributes") or []}


def _product(
    row: dict[str, Any], variants: list[Variant], attrs: Attributes, options: list[str], sku: str | None
) -> Product:
    custom = _custom(row)
    option_codes = set(attrs.attributes) - {"manufacturer"}
    status: Literal["active", "draft", "archived"]
    if int(row.get("status") or 1) == 1:
        status = "active"
    else:
        status = "archived" if int(row.get("visibility") or 4) == 1 else "draft"
    links = (row.get("extension_attributes") or {}).get("category_links") or []
    return Product(
        id=str(row["id"]),
        title=row.get("name") or "",
        description=custom.get("description"),
        vendor=attrs.label("manufacturer", custom["manufacturer"]) if "manufacturer" in custom else None,
        product_type=attrs.categories.get(int(links[0]["category_id"])) if links else None,
        status=status,
        created_at=from_date(row.get("created_at")),
        updated_at=from_date(row.get("updated_at")),
        options=options,
        sku=sku,
        variants=variants,
        custom_fields={
            k: str(v) for k, v in custom.items() if k not in SYSTEM_CODES and k not in option_codes and v is not None
        },
    )


def _variant(
    row: dict[str, Any],
    stock: dict[str, dict[str, int]] | None,
    attrs: Attributes,
    codes: list[tuple[str, str]],
    *,
    title: str,
) -> Variant:
    custom = _custom(row)
    tax_class = str(custom.get("tax_class_id", TAXABLE_GOODS))
    stock_item = (row.get("extension_attributes") or {}).get("stock_item") or {}
    options = {}
    for label, code in codes:
        if code in custom:
            options[label] = attrs.label(code, custom[code]) or str(custom[code])
    weight = row.get("weight")
    sku = row.get("sku")
    return Variant(
        id=str(row["id"]),
        sku=sku,
        barcode=custom.get("barcode"),
        title=title,
        options=options,
        price=from_money(row.get("price")) or ZERO,
        compare_at_price=from_money(custom.get("msrp")),
        cost=from_money(custom.get("cost")),
        taxable=tax_class != NO_TAX_CLASS,
        tax_class=None if tax_class in (NO_TAX_CLASS, TAXABLE_GOODS) else attrs.tax_classes.get(tax_class, tax_class),
        inventory_tracked=bool(stock_item.get("manage_stock", True)),
        quantities=_quantities(stock, sku, stock_item),
        weight_grams=round(float(weight) * 1000) if weight is not None else None,
    )


def _quantities(stock: dict[str, dict[str, int]] | None, sku: str | None, stock_item: dict[str, Any]) -> dict[str, int]:
    if stock is None:
        qty = int(stock_item.get("qty") or 0)
        return {LEGACY_SOURCE: qty} if qty or stock_item.get("manage_stock", True) else {}
    return dict(stock.get(sku, {})) if sku is not None else {}
