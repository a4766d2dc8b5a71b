"""Canonical -> Trading XML: the elements the simulated endpoint answers with (store-apis.md 3.1).

The mapping rules are in ``wire.py``; this side also derives what eBay derives
(``QuantitySold`` from orders, listed ``Quantity`` = available + sold).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from harness.model.common import ZERO
from harness.model.store import Address, Order, OrderLine, Product, TaxRate, Variant
from harness.platforms.ebay.wire import (
    SALES_TAX,
    Buyer,
    ebay_order_status,
    is_multi_variation,
    is_shipped,
    join_name,
    payment_method,
)
from harness.platforms.ebay.xmltools import Element, ebay_time, sub, sub_money


@dataclass
class Listing:
    """One product as a listing, with what eBay derives from the orders."""

    product: Product
    currency: str
    site: str
    active: bool
    end_time: datetime
    #: variant id -> units sold on orders
    sold: dict[str, int] = field(default_factory=dict)
    #: GetMyeBaySelling normally lists only variations that sold; True lists them all
    all_variations: bool = False

    @property
    def item_id(self) -> str:
        return self.product.id

    @property
    def multi(self) -> bool:
        return is_multi_variation(self.product)

    def listed(self, variant: Variant) -> int:
        """``Quantity``: what is still available (never below zero on eBay) plus what has sold."""
        return max(variant.quantity, 0) + self.sold.get(variant.id, 0)

    def quantity_sold(self) -> int:
        return sum(self.sold.get(v.id, 0) for v in self.product.variants)

    def quantity(self) -> int:
        return sum(self.listed(v) for v in self.product.variants)


def _name_values(parent: Element, tag: str, pairs: Iterable[tuple[str, str]]) -> Element:
    holder = sub(parent, tag)
    for name, value in pairs:
        nvl = sub(holder, "NameValueList")
        sub(nvl, "Name", name)
        sub(nvl, "Value", value)
    return holder


def encode_item(parent: Element, listing: Listing, *, detail: str, base_url: str) -> Element:
    """An ``Item``. ``detail`` is ``"selling"`` (GetMyeBaySelling's summary) or ``"full"``
    (GetItem / GetSellerList with ``DetailLevel=ReturnAll``)."""
    product = listing.product
    cur = listing.currency
    item = sub(parent, "Item")
    sub(item, "ItemID", listing.item_id)
    single = None if listing.multi else (product.variants[0] if product.variants else None)
    sku = product.sku if listing.multi else (single.sku if single else None)
    if sku is not None:
        sub(item, "SKU", sku)
    sub(item, "Title", product.title)
    prices = [v.price for v in product.variants] or [ZERO]
    if detail == "full":
        if product.description is not None:
            sub(item, "Description", product.description)
        sub(item, "Currency", cur)
        sub(item, "Site", listing.site)
        sub(item, "ListingType", "FixedPriceItem")
        sub(item, "ListingDuration", "GTC")
        sub(item, "InventoryTrackingMethod", "ItemID")
        if product.product_type is not None:
            cat = sub(item, "PrimaryCategory")
            sub(cat, "CategoryID", "0")
            sub(cat, "CategoryName", product.product_type)
        specifics = list(product.custom_fields.items())
        if product.vendor is not None:
            specifics.insert(0, ("Brand", product.vendor))
        if specifics:
            _name_values(item, "ItemSpecifics", specifics)
        taxable = product.variants[0].taxable if product.variants else True
        sub(item, "UseTaxTable", "true" if taxable else "false")
        if single is not None:
            sub_money(item, "StartPrice", single.price, cur)
            _encode_listing_extras(item, single, cur)
    sub(item, "Quantity", str(listing.quantity()))
    if detail == "selling":
        sub(item, "QuantityAvailable", str(listing.quantity() - listing.quantity_sold()))
        sub_money(item, "BuyItNowPrice", min(prices), cur)
        sub(item, "ListingType", "FixedPriceItem")
    status = sub(item, "SellingStatus")
    sub_money(status, "CurrentPrice", min(prices), cur)
    sub(status, "QuantitySold", str(listing.quantity_sold()))
    sub(status, "ListingStatus", "Active" if listing.active else "Completed")
    details = sub(item, "ListingDetails")
    if product.created_at is not None:
        sub(details, "StartTime", ebay_time(product.created_at))
    sub(details, "EndTime", ebay_time(listing.end_time))
    sub(details, "ViewItemURL", f"{base_url}/itm/{listing.item_id}")
    if listing.multi:
        _encode_variations(item, listing, detail=detail)
    return item


def _encode_listing_extras(parent: Element, variant: Variant, cur: str) -> None:
    if variant.compare_at_price is not None:
        info = sub(parent, "DiscountPriceInfo")
        sub_money(info, "OriginalRetailPrice", variant.compare_at_price, cur)
    if variant.barcode is not None:
        tag = "VariationProductListingDetails" if parent.tag == "Variation" else "ProductListingDetails"
        sub(sub(parent, tag), "UPC", variant.barcode)


def _encode_variations(item: Element, listing: Listing, *, detail: str) -> None:
    product = listing.product
    cur = listing.currency
    variations = sub(item, "Variations")
    for variant in product.variants:
        sold = listing.sold.get(variant.id, 0)
        if detail == "selling" and sold == 0 and not listing.all_variations:
            continue  # GetMyeBaySelling returns only variations with activity (store-apis.md 3.1)
        var = sub(variations, "Variation")
        if variant.sku is not None:
            sub(var, "SKU", variant.sku)
        sub_money(var, "StartPrice", variant.price, cur)
        sub(var, "Quantity", str(listing.listed(variant)))
        _name_values(var, "VariationSpecifics", variant.options.items())
        sub(sub(var, "SellingStatus"), "QuantitySold", str(sold))
        if detail == "full":
            _encode_listing_extras(var, variant, cur)
    if detail == "full":
        values: dict[str, list[str]] = {name: [] for name in product.options}
        for variant in product.variants:
            for name, value in variant.options.items():
                seen = values.setdefault(name, [])
                if value not in seen:
                    seen.append(value)
        spec_set = sub(variations, "VariationSpecificsSet")
        for name, vals in values.items():
            nvl = sub(spec_set, "NameValueList")
            sub(nvl, "Name", name)
            for value in vals:
                sub(nvl, "Value", value)


def encode_order(
    parent: Element,
    order: Order,
    *,
    buyer: Buyer,
    products: dict[str, Product],
    variant_options: dict[str, dict[str, str]],
) -> Element:
    """An ``Order`` as GetOrders returns it with ``DetailLevel=ReturnAll``."""
    cur = order.currency
    el = sub(parent, "Order")
    sub(el, "OrderID", order.id)
    sub(el, "OrderStatus", ebay_order_status(order.status))
    sub_money(el, "AdjustmentAmount", ZERO, cur)
    sub_money(el, "AmountPaid", sum((p.amount for p in order.payments), ZERO), cur)
    checkout = sub(el, "CheckoutStatus")
    sub(checkout, "eBayPaymentStatus", "NoPaymentFailure")
    sub(checkout, "LastModifiedTime", ebay_time(order.updated_at or order.created_at))
    if order.payments:
        sub(checkout, "PaymentMethod", payment_method(order.payments[0].kind))
    sub(checkout, "Status", "Complete" if order.status != "pending" else "Incomplete")
    shipping_details = sub(el, "ShippingDetails")
    sales_tax = sub(shipping_details, "SalesTax")
    if order.tax_lines:
        first = order.tax_lines[0]
        sub(sales_tax, "SalesTaxPercent", str(first.rate))
        sub(sales_tax, "SalesTaxState", first.jurisdiction or "")
    sub(sales_tax, "ShippingIncludedInTax", "false")
    sub_money(sales_tax, "SalesTaxAmount", order.total_tax, cur)
    sub(el, "CreatedTime", ebay_time(order.created_at))
    if order.shipping_address is not None:
        _encode_address(el, order.shipping_address)
    if order.shipping_lines:
        selected = sub(el, "ShippingServiceSelected")
        sub(selected, "ShippingService", order.shipping_lines[0].title)
        sub_money(selected, "ShippingServiceCost", sum((s.price for s in order.shipping_lines), ZERO), cur)
    sub_money(el, "Subtotal", sum((line.subtotal for line in order.lines), ZERO), cur)
    sub_money(el, "Total", order.total, cur)
    transactions = sub(el, "TransactionArray")
    for line in order.lines:
        _encode_transaction(transactions, order, line, buyer, products, variant_options)
    if buyer.user_id is not None:
        sub(el, "BuyerUserID", buyer.user_id)
    when = ebay_time(order.updated_at or order.created_at)
    if order.status in ("processing", "completed", "refunded"):
        sub(el, "PaidTime", when)
    if is_shipped(order.status):
        sub(el, "ShippedTime", when)
    return el


def _encode_address(parent: Element, address: Address) -> None:
    el = sub(parent, "ShippingAddress")
    for tag, value in (
        ("Name", join_name(address.first_name, address.last_name)),
        ("CompanyName", address.company),
        ("Street1", address.line1),
        ("Street2", address.line2),
        ("CityName", address.city),
        ("StateOrProvince", address.region),
        ("Country", address.country),
        ("Phone", address.phone),
        ("PostalCode", address.postal_code),
    ):
        if value:
            sub(el, tag, value)


def _encode_transaction(
    parent: Element,
    order: Order,
    line: OrderLine,
    buyer: Buyer,
    products: dict[str, Product],
    variant_options: dict[str, dict[str, str]],
) -> None:
    cur = order.currency
    tr = sub(parent, "Transaction")
    b = sub(tr, "Buyer")
    for tag, value in (("Email", buyer.email), ("UserFirstName", buyer.first_name), ("UserLastName", buyer.last_name)):
        if value is not None:
            sub(b, tag, value)
    sub(tr, "CreatedDate", ebay_time(order.created_at))
    item = sub(tr, "Item")
    if line.product_id is not None:
        sub(item, "ItemID", line.product_id)
    product = products.get(line.product_id) if line.product_id is not None else None
    multi = product is not None and is_multi_variation(product)
    if not multi and line.sku is not None:
        sub(item, "SKU", line.sku)
    sub(item, "Title", line.title)
    sub(tr, "QuantityPurchased", str(line.quantity))
    sub(tr, "TransactionID", line.id)
    sub_money(tr, "TransactionPrice", line.unit_price, cur)
    sub(tr, "OrderLineItemID", f"{line.product_id or '0'}-{line.id}")
    if multi:
        var = sub(tr, "Variation")
        if line.sku is not None:
            sub(var, "SKU", line.sku)
        options = variant_options.get(line.variant_id or "")
        if options is not None:
            _name_values(var, "VariationSpecifics", options.items())
            sub(var, "VariationTitle", f"{line.title}[{','.join(options.values())}]")
    if line.taxes:
        taxes = sub(tr, "Taxes")
        sub_money(taxes, "TotalTaxAmount", sum((t.amount for t in line.taxes), ZERO), cur)
        for tax in line.taxes:
            detail = sub(taxes, "TaxDetails")
            sub(detail, "Imposition", SALES_TAX)
            sub(detail, "TaxDescription", tax.name)
            sub_money(detail, "TaxAmount", tax.amount, cur)
            sub_money(detail, "TaxOnSubtotalAmount", tax.amount, cur)
            sub_money(detail, "TaxOnShippingAmount", ZERO, cur)
    if line.discount:
        discounts = sub(tr, "SellerDiscounts")
        sd = sub(discounts, "SellerDiscount")
        sub_money(sd, "ItemDiscountAmount", line.discount, cur)
        sub_money(sd, "ShippingDiscountAmount", ZERO, cur)


def encode_tax_table(parent: Element, rates: list[TaxRate]) -> Element:
    """GetTaxTable: one jurisdiction (US state / CA province) per rate that names a region."""
    table = sub(parent, "TaxTable")
    seen: set[str] = set()
    for rate in rates:
        if not rate.region or rate.region in seen:
            continue
        seen.add(rate.region)
        j = sub(table, "TaxJurisdiction")
        sub(j, "JurisdictionID", rate.region)
        sub(j, "SalesTaxPercent", str(rate.rate))
        sub(j, "ShippingIncludedInTax", "true" if rate.shipping else "false")
    return table
