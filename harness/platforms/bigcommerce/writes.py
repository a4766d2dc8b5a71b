"""The v3 catalog as the endpoint holds it: hash indexes for reads, SKU and name checks for writes.

BigCommerce enforces unique product names and unique SKUs across products and
variants and answers a duplicate with 409 (store-apis.md §0, §5.1). The loaded
Store may already hold duplicates (what the source had); they are served, but
no write may add another. Product creation returns 200, not 201 (§5.1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from harness.platforms.http.app import ApiError
from harness.platforms.http.clock import Clock

REQUIRED_PRODUCT_FIELDS = ("name", "type", "weight", "price")


class CatalogWriter:
    def __init__(self, products: list[dict[str, Any]], clock: Clock) -> None:
        self.products = products
        self.clock = clock
        self.by_id: dict[int, dict[str, Any]] = {}
        self.by_sku: dict[str, set[int]] = defaultdict(set)  # sku -> product ids (product or variant sku)
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.variant_by_id: dict[int, dict[str, Any]] = {}
        self.variants: list[dict[str, Any]] = []
        for product in products:
            self._index(product)
        self._next_product = max(self.by_id, default=99) + 1
        self._next_variant = max(self.variant_by_id, default=99) + 1

    def _index(self, product: dict[str, Any]) -> None:
        pid = int(product["id"])
        self.by_id[pid] = product
        self.by_name[product["name"].lower()].add(pid)
        if product.get("sku"):
            self.by_sku[product["sku"]].add(pid)
        for variant in product.get("variants", []):
            self._index_variant(variant)

    def _index_variant(self, variant: dict[str, Any]) -> None:
        self.variant_by_id[int(variant["id"])] = variant
        self.variants.append(variant)
        if variant.get("sku"):
            self.by_sku[variant["sku"]].add(int(variant["product_id"]))

    # -- reads --------------------------------------------------------------------------------------

    def product(self, product_id: int) -> dict[str, Any]:
        try:
            return self.by_id[product_id]
        except KeyError:
            raise ApiError(404, f"Product {product_id} does not exist.") from None

    def variant(self, product_id: int, variant_id: int) -> dict[str, Any]:
        variant = self.variant_by_id.get(variant_id)
        if variant is None or int(variant["product_id"]) != product_id:
            raise ApiError(404, f"Variant {variant_id} of product {product_id} does not exist.")
        return variant

    def select_products(self, args: Mapping[str, str]) -> list[dict[str, Any]]:
        """Products matching the v3 filters, through the indexes where a filter names a key."""
        ids: set[int] | None = None
        if "id" in args:
            ids = {int(args["id"])}
        if "id:in" in args:
            ids = _narrow(ids, {int(p) for p in args["id:in"].split(",") if p.strip()})
        if "sku" in args:
            ids = _narrow(ids, set(self.by_sku.get(args["sku"], ())))
        if "sku:in" in args:
            ids = _narrow(ids, {pid for s in args["sku:in"].split(",") for pid in self.by_sku.get(s, ())})
        if "name" in args:
            ids = _narrow(ids, set(self.by_name.get(args["name"].lower(), ())))
        if ids is None:
            found = self.products
        else:
            found = sorted((self.by_id[i] for i in ids if i in self.by_id), key=lambda p: int(p["id"]))
        if "name:like" in args:
            needle = args["name:like"].lower()
            found = [p for p in found if needle in p["name"].lower()]
        if "is_visible" in args:
            visible = args["is_visible"].lower() in ("1", "true")
            found = [p for p in found if p["is_visible"] == visible]
        return found

    def select_variants(self, args: Mapping[str, str]) -> list[dict[str, Any]]:
        variants = self.variants
        if "id:in" in args:
            by_id = self.variant_by_id
            variants = [by_id[i] for i in sorted({int(p) for p in args["id:in"].split(",") if p.strip()}) if i in by_id]
        if "sku" in args:
            variants = [v for pid in self.by_sku.get(args["sku"], ()) for v in self.by_id[pid]["variants"]]
            variants = [v for v in variants if v["sku"] == args["sku"]]
        if "sku:in" in args:
            wanted = set(args["sku:in"].split(","))
            owners = sorted({pid for sku in wanted for pid in self.by_sku.get(sku, ())})
            variants = [v for pid in owners for v in self.by_id[pid]["variants"] if v["sku"] in wanted]
        if "product_id:in" in args:
            wanted_ids = {int(p) for p in args["product_id:in"].split(",") if p.strip()}
            variants = [v for v in variants if int(v["product_id"]) in wanted_ids]
        return variants

    # -- writes -------------------------------------------------------------------------------------

    def create_product(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise ApiError(422, "The request body must be a JSON object.")
        missing = {f: f"{f} is required" for f in REQUIRED_PRODUCT_FIELDS if body.get(f) in (None, "")}
        if missing:
            raise ApiError(422, "JSON data is missing or invalid", errors=missing)
        if self.by_name.get(str(body["name"]).lower()):
            raise ApiError(409, f"The product name is a duplicate: {body['name']}", errors={"name": "duplicate"})
        variants_in = list(body.get("variants") or [])
        skus = [str(v.get("sku") or "") for v in variants_in] + [str(body.get("sku") or "")]
        self._check_skus([s for s in skus if s])
        now = self.clock.now().isoformat()
        pid = self._next_product
        self._next_product += 1
        product: dict[str, Any] = {
            "id": pid,
            "name": str(body["name"]),
            "type": body["type"],
            "sku": str(body.get("sku") or ""),
            "description": str(body.get("description") or ""),
            "weight": float(body["weight"]),
            "price": float(body["price"]),
            "cost_price": body.get("cost_price"),
            "retail_price": body.get("retail_price"),
            "sale_price": float(body.get("sale_price") or 0),
            "calculated_price": float(body["price"]),
            "tax_class_id": int(body.get("tax_class_id") or 0),
            "categories": list(body.get("categories") or []),
            "brand_id": int(body.get("brand_id") or 0),
            "inventory_level": int(body.get("inventory_level") or 0),
            "inventory_tracking": body.get("inventory_tracking", "none"),
            "is_visible": bool(body.get("is_visible", True)),
            "availability": body.get("availability", "available"),
            "upc": str(body.get("upc") or ""),
            "mpn": str(body.get("mpn") or ""),
            "date_created": now,
            "date_modified": now,
            "custom_fields": [],
            "options": [],
            "variants": [],
        }
        specs = variants_in or [{"sku": product["sku"], "option_values": []}]
        for spec in specs:
            product["variants"].append(self._new_variant(product, spec))
        product["base_variant_id"] = product["variants"][0]["id"] if not variants_in else None
        self.products.append(product)
        self.by_id[pid] = product
        self.by_name[product["name"].lower()].add(pid)
        if product["sku"]:
            self.by_sku[product["sku"]].add(pid)
        return product

    def create_variant(self, product_id: int, body: Any) -> dict[str, Any]:
        product = self.product(product_id)
        if not isinstance(body, dict) or not body.get("sku"):
            raise ApiError(422, "JSON data is missing or invalid", errors={"sku": "sku is required"})
        self._check_skus([str(body["sku"])])
        variant = self._new_variant(product, body)
        product["variants"].append(variant)
        return variant

    def update_product(self, product_id: int, body: Any) -> dict[str, Any]:
        product = self.product(product_id)
        if not isinstance(body, dict):
            raise ApiError(422, "The request body must be a JSON object.")
        if "name" in body and body["name"] != product["name"]:
            if self.by_name.get(str(body["name"]).lower()):
                raise ApiError(409, f"The product name is a duplicate: {body['name']}", errors={"name": "duplicate"})
            self.by_name[product["name"].lower()].discard(product_id)
            self.by_name[str(body["name"]).lower()].add(product_id)
        if body.get("sku") and body["sku"] != product["sku"]:
            self._check_skus([str(body["sku"])])
            self.by_sku[product["sku"]].discard(product_id)
            self.by_sku[str(body["sku"])].add(product_id)
            base = product.get("base_variant_id")
            for variant in product["variants"]:
                if variant["id"] == base:
                    variant["sku"] = str(body["sku"])
        for key in ("name", "sku", "price", "is_visible", "description", "cost_price"):
            if key in body:
                product[key] = body[key]
        product["date_modified"] = self.clock.now().isoformat()
        return product

    def update_variant(self, variant: dict[str, Any], body: Any) -> dict[str, Any]:
        """Price, cost, SKU (409 if taken) and the like; stock goes through :class:`Stock`."""
        if not isinstance(body, dict):
            raise ApiError(422, "The request body must be a JSON object.")
        new_sku = body.get("sku")
        if new_sku and new_sku != variant["sku"]:
            self._check_skus([str(new_sku)])
            pid = int(variant["product_id"])
            siblings = [v for v in self.by_id[pid]["variants"] if v is not variant and v["sku"] == variant["sku"]]
            if not siblings and self.by_id[pid].get("sku") != variant["sku"]:
                self.by_sku[variant["sku"]].discard(pid)
            self.by_sku[str(new_sku)].add(pid)
        for key in (
            "sku",
            "price",
            "cost_price",
            "retail_price",
            "sale_price",
            "weight",
            "upc",
            "mpn",
            "purchasing_disabled",
        ):
            if key in body:
                variant[key] = body[key]
        return variant

    def _check_skus(self, skus: list[str]) -> None:
        seen: set[str] = set()
        for sku in skus:
            if sku in seen or self.by_sku.get(sku):
                raise ApiError(409, f"Sku {sku} is not unique.", errors={"sku": f"duplicate sku: {sku}"})
            seen.add(sku)

    def _new_variant(self, product: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
        vid = self._next_variant
        self._next_variant += 1
        price = spec.get("price")
        variant = {
            "id": vid,
            "product_id": product["id"],
            "sku": str(spec.get("sku") or ""),
            "sku_id": vid,
            "price": price,
            "calculated_price": price if price is not None else product["price"],
            "sale_price": None,
            "retail_price": spec.get("retail_price"),
            "cost_price": spec.get("cost_price"),
            "map_price": None,
            "weight": spec.get("weight", product["weight"]),
            "inventory_level": int(spec.get("inventory_level") or 0),
            "inventory_warning_level": 0,
            "purchasing_disabled": False,
            "upc": str(spec.get("upc") or ""),
            "mpn": str(spec.get("mpn") or ""),
            "gtin": "",
            "option_values": list(spec.get("option_values") or []),
        }
        self._index_variant(variant)
        return variant


def _narrow(current: set[int] | None, new: set[int]) -> set[int]:
    return new if current is None else current & new
