"""Stock writes, as a connector pushing inventory from the books would make them (store-apis.md §5.2).

Inventory sync is the write that matters most to a QuickBooks connector: it
sets each SKU's stock on the store. BigCommerce takes it three ways, and all
three land here so they agree with each other and with the Inventory API
reads: ``PUT …/variants/{id}`` or ``PUT /v3/catalog/variants`` with
``inventory_level`` (the first location), ``PUT /v3/catalog/products/{id}``
with ``inventory_level`` (the base variant), and
``PUT /v3/inventory/adjustments/absolute`` / ``POST …/relative`` per location.
A variant's ``inventory_level`` is the sum over locations; a product's is the
sum over its variants.
"""

from __future__ import annotations

from typing import Any

from harness.platforms.bigcommerce.writes import CatalogWriter
from harness.platforms.http.app import ApiError


class Stock:
    def __init__(self, items: list[dict[str, Any]], locations: list[dict[str, Any]], writer: CatalogWriter) -> None:
        self.served = items  # the catalogue's list: new inventory items are appended to it
        self.items: dict[int, dict[str, Any]] = {int(i["identity"]["variant_id"]): i for i in items}
        self.locations: dict[int, dict[str, Any]] = {int(loc["id"]): loc for loc in locations}
        self.writer = writer

    def default_location(self) -> int:
        if not self.locations:
            raise ApiError(422, "The store has no inventory location.", errors={"location_id": "none"})
        first: int = next(iter(self.locations))
        return first

    def set_level(self, variant: dict[str, Any], quantity: int, location_id: int | None = None) -> None:
        """Absolute stock of ``variant`` at one location (the first one by default)."""
        self._entry(variant, location_id)["available_to_sell"] = quantity
        self._recount(variant)

    def adjust(self, variant: dict[str, Any], delta: int, location_id: int | None = None) -> None:
        entry = self._entry(variant, location_id)
        entry["available_to_sell"] = int(entry.get("available_to_sell") or 0) + delta
        self._recount(variant)

    def apply(self, body: Any, *, relative: bool) -> int:
        """An inventory adjustment (``items[]`` by ``variant_id``, ``sku`` or ``product_id``); returns the count."""
        if not isinstance(body, dict) or not isinstance(body.get("items"), list) or not body["items"]:
            raise ApiError(422, "JSON data is missing or invalid", errors={"items": "items are required"})
        for row in body["items"]:
            variant = self._variant_of(row)
            location = int(row.get("location_id") or self.default_location())
            if location not in self.locations:
                raise ApiError(422, f"Location {location} does not exist.", errors={"location_id": "unknown"})
            quantity = int(row.get("quantity") or 0)
            if relative:
                self.adjust(variant, quantity, location)
            else:
                self.set_level(variant, quantity, location)
        return len(body["items"])

    # -- helpers ------------------------------------------------------------------------------------

    def _variant_of(self, row: dict[str, Any]) -> dict[str, Any]:
        variant: dict[str, Any] | None
        if row.get("variant_id") is not None:
            variant = self.writer.variant_by_id.get(int(row["variant_id"]))
        elif row.get("sku"):
            owners = self.writer.by_sku.get(str(row["sku"]), ())
            variant = next(
                (v for pid in sorted(owners) for v in self.writer.by_id[pid]["variants"] if v["sku"] == row["sku"]),
                None,
            )
        elif row.get("product_id") is not None:
            product = self.writer.by_id.get(int(row["product_id"]))
            variant = product["variants"][0] if product and len(product["variants"]) == 1 else None
        else:
            variant = None
        if variant is None:
            raise ApiError(422, "The item to adjust was not found.", errors={"items": "unknown item"})
        return variant

    def _entry(self, variant: dict[str, Any], location_id: int | None) -> dict[str, Any]:
        location = location_id if location_id is not None else self.default_location()
        vid = int(variant["id"])
        item = self.items.get(vid)
        if item is None:
            item = {
                "identity": {
                    "sku": variant.get("sku", ""),
                    "variant_id": vid,
                    "product_id": variant["product_id"],
                    "sku_id": variant.get("sku_id", vid),
                },
                "locations": [],
            }
            self.items[vid] = item
            self.served.append(item)
        for entry in item["locations"]:
            if int(entry["location_id"]) == location:
                found: dict[str, Any] = entry
                return found
        code = self.locations[location]["code"]
        entry = {
            "location_id": location,
            "location_code": code,
            "location_name": code,
            "location_enabled": True,
            "available_to_sell": 0,
            "total_inventory_onhand": 0,
            "settings": {"safety_stock": 0, "is_in_stock": False, "warning_level": 0, "bin_picking_number": ""},
        }
        item["locations"].append(entry)
        return entry

    def _recount(self, variant: dict[str, Any]) -> None:
        item = self.items[int(variant["id"])]
        for entry in item["locations"]:
            entry["total_inventory_onhand"] = entry["available_to_sell"]
            entry["settings"]["is_in_stock"] = entry["available_to_sell"] > 0
        variant["inventory_level"] = sum(int(e["available_to_sell"]) for e in item["locations"])
        product = self.writer.by_id[int(variant["product_id"])]
        product["inventory_level"] = sum(int(v.get("inventory_level") or 0) for v in product["variants"])
        if product.get("inventory_tracking", "none") == "none":
            with_options = any(v.get("option_values") for v in product["variants"])
            product["inventory_tracking"] = "variant" if with_options else "product"
