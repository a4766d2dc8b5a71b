"""Canonical Store <-> eBay Trading API XML (store-apis.md 3.1, connector-rules #23).

Every product is one fixed-price listing (``Item``). A product with option
names, or with other than exactly one variant, is a multi-variation listing:
each variant is a ``Variation`` keyed by its ``VariationSpecifics`` and its
``SKU`` is the variant's **Custom label** (the connector's product code on
eBay). A single-variation listing carries the variant's SKU in ``Item.SKU``.

Two facts shape the mapping and are the usual stock-sync bug:

* ``Quantity`` is the total ever listed; available = ``Quantity - QuantitySold``.
  The endpoint derives ``QuantitySold`` from the store's orders and lists
  ``available + sold``; the client subtracts again.
* eBay has no customer list: buyers exist only on orders (``BuyerUserID`` and
  ``Transaction/Buyer``). The client rebuilds customers from them.

Trading has no variation id, so variant ids are rebuilt: a single-variation
listing's variant takes the ItemID, a variation takes ``{ItemID}-{n}`` (1-based
position in the listing). ``projection.project_store`` spells out everything
else eBay cannot hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from harness.model.common import ZERO
from harness.model.store import (
    Address,
    Customer,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Product,
    ShippingLine,
    TaxAmount,
    TaxLine,
    TaxRate,
    Variant,
)
from harness.platforms.ebay.xmltools import (
    Element,
    boolean,
    decimal,
    ebay_time,
    integer,
    parse_time,
    sub,
    sub_money,
    text,
)

#: the one stock location a Trading listing has
EBAY_LOCATION = "ebay"
#: the Imposition eBay reports for a US seller-collected sales tax
SALES_TAX = "SalesTax"


@dataclass(frozen=True)
class Site:
    site_id: int
    name: str  # what GetUser's ``User/Site`` says
    country: str
    currency: str


SITES: tuple[Site, ...] = (
    Site(0, "US", "US", "USD"),
    Site(2, "Canada", "CA", "CAD"),
    Site(3, "UK", "GB", "GBP"),
    Site(15, "Australia", "AU", "AUD"),
    Site(71, "France", "FR", "EUR"),
    Site(77, "Germany", "DE", "EUR"),
    Site(101, "Italy", "IT", "EUR"),
    Site(186, "Spain", "ES", "EUR"),
)
SITE_BY_COUNTRY = {s.country: s for s in SITES}
SITE_BY_NAME = {s.name: s for s in SITES}


def site_for(country: str) -> Site:
    """The eBay site a store sells on; stores outside the table are treated as eBay US."""
    return SITE_BY_COUNTRY.get(country, SITES[0])


# -- statuses and payment methods --------------------------------------------------------------

_ORDER_STATUS: dict[str, str] = {
    "pending": "Active",
    "on_hold": "Active",
    "processing": "Completed",
    "completed": "Completed",
    "refunded": "Completed",
    "cancelled": "Cancelled",
    "failed": "Inactive",
}
_PAYMENT_METHOD: dict[str, str] = {
    "card": "CreditCard",
    "paypal": "PayPal",
    "bank": "MoneyXferAccepted",
    "cash": "CashOnPickup",
}
_PAYMENT_KIND: dict[str, PaymentKind] = {v: k for k, v in _PAYMENT_METHOD.items()}  # type: ignore[misc]


def ebay_order_status(status: OrderStatus) -> str:
    return _ORDER_STATUS.get(status, "Active")


def is_shipped(status: OrderStatus) -> bool:
    return status in ("completed", "refunded")


def canonical_order_status(ebay_status: str, shipped: bool) -> OrderStatus:
    if ebay_status == "Completed":
        return "completed" if shipped else "processing"
    if ebay_status in ("Cancelled", "CancelPending"):
        return "cancelled"
    if ebay_status == "Inactive":
        return "failed"
    return "pending"


def payment_method(kind: PaymentKind) -> str:
    return _PAYMENT_METHOD.get(kind, "Other")


def payment_kind(method: str) -> PaymentKind:
    return _PAYMENT_KIND.get(method, "other")


# -- names -------------------------------------------------------------------------------------


def join_name(first: str | None, last: str | None) -> str | None:
    name = " ".join(p for p in (first, last) if p)
    return name or None


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """eBay addresses hold one ``Name``; the first word is taken as the first name."""
    if not name:
        return None, None
    first, _, last = name.strip().partition(" ")
    return first or None, last.strip() or None


def is_multi_variation(product: Product) -> bool:
    return bool(product.options) or len(product.variants) != 1


def variation_id(item_id: str, position: int) -> str:
    return f"{item_id}-{position}"


# == endpoint side: canonical -> XML ============================================================


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


@dataclass(frozen=True)
class Buyer:
    user_id: str | None
    email: str | None
    first_name: str | None
    last_name: str | None


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


# == client side: XML -> canonical ==============================================================


def _name_value_pairs(el: Element | None) -> list[tuple[str, str]]:
    if el is None:
        return []
    return [(text(nvl, "Name") or "", text(nvl, "Value") or "") for nvl in el.findall("NameValueList")]


def decode_item(item: Element) -> Product:
    """A listing read with ``DetailLevel=ReturnAll`` as a canonical product."""
    item_id = text(item, "ItemID") or ""
    sold_total = integer(item, "SellingStatus/QuantitySold")
    status = text(item, "SellingStatus/ListingStatus") or "Active"
    specifics = _name_value_pairs(item.find("ItemSpecifics"))
    vendor = next((v for n, v in specifics if n == "Brand"), None)
    custom = {n: v for n, v in specifics if n != "Brand"}
    taxable = boolean(item, "UseTaxTable", default=True)
    start = text(item, "ListingDetails/StartTime")
    variations = item.find("Variations")
    options: list[str] = []
    variants: list[Variant] = []
    parent_sku: str | None = None
    if variations is None:
        listed = integer(item, "Quantity")
        variants.append(
            Variant(
                id=item_id,
                sku=text(item, "SKU"),
                barcode=text(item, "ProductListingDetails/UPC"),
                price=decimal(item, "StartPrice", ZERO) or ZERO,
                compare_at_price=decimal(item, "DiscountPriceInfo/OriginalRetailPrice"),
                taxable=taxable,
                quantities={EBAY_LOCATION: listed - sold_total},
            )
        )
    else:
        parent_sku = text(item, "SKU")
        options = [n for n, _ in _name_value_pairs(variations.find("VariationSpecificsSet"))]
        for position, var in enumerate(variations.findall("Variation"), start=1):
            listed = integer(var, "Quantity")
            sold = integer(var, "SellingStatus/QuantitySold")
            variants.append(
                Variant(
                    id=variation_id(item_id, position),
                    sku=text(var, "SKU"),
                    barcode=text(var, "VariationProductListingDetails/UPC"),
                    options=dict(_name_value_pairs(var.find("VariationSpecifics"))),
                    price=decimal(var, "StartPrice", ZERO) or ZERO,
                    compare_at_price=decimal(var, "DiscountPriceInfo/OriginalRetailPrice"),
                    taxable=taxable,
                    quantities={EBAY_LOCATION: listed - sold},
                )
            )
    return Product(
        id=item_id,
        title=text(item, "Title") or "",
        description=text(item, "Description"),
        vendor=vendor,
        product_type=text(item, "PrimaryCategory/CategoryName"),
        status="active" if status == "Active" else "archived",
        created_at=parse_time(start) if start else None,
        options=options,
        sku=parent_sku,
        variants=variants,
        custom_fields=custom,
    )


@dataclass
class VariantIndex:
    """Resolves a transaction's ``Item/ItemID`` + ``VariationSpecifics`` to a rebuilt variant id."""

    single: dict[str, str] = field(default_factory=dict)
    by_options: dict[tuple[str, frozenset[tuple[str, str]]], str] = field(default_factory=dict)
    multi: set[str] = field(default_factory=set)

    def add(self, product: Product) -> None:
        if is_multi_variation(product):
            self.multi.add(product.id)
            for variant in product.variants:
                self.by_options.setdefault((product.id, frozenset(variant.options.items())), variant.id)
        elif product.variants:
            self.single[product.id] = product.variants[0].id

    def resolve(self, item_id: str | None, options: dict[str, str] | None) -> str | None:
        if item_id is None:
            return None
        if item_id in self.single:
            return self.single[item_id]
        if item_id in self.multi and options is not None:
            return self.by_options.get((item_id, frozenset(options.items())))
        return None


def decode_order(el: Element, index: VariantIndex) -> tuple[Order, Buyer]:
    """An ``Order`` and the buyer it names (the only place eBay shows customers)."""
    cur = el.find("Total")
    currency = cur.get("currencyID", "USD") if cur is not None else "USD"
    shipped = el.find("ShippedTime") is not None
    state = text(el, "OrderStatus") or "Active"
    tax_percent = decimal(el, "ShippingDetails/SalesTax/SalesTaxPercent")
    line_rate = tax_percent if tax_percent is not None else ZERO
    lines: list[OrderLine] = []
    buyer = Buyer(text(el, "BuyerUserID"), None, None, None)
    for tr in el.findall("TransactionArray/Transaction"):
        if buyer.email is None and buyer.first_name is None:
            buyer = Buyer(
                buyer.user_id,
                text(tr, "Buyer/Email"),
                text(tr, "Buyer/UserFirstName"),
                text(tr, "Buyer/UserLastName"),
            )
        lines.append(_decode_transaction(tr, index, line_rate))
    shipping: list[ShippingLine] = []
    selected = el.find("ShippingServiceSelected")
    if selected is not None:
        shipping.append(
            ShippingLine(
                title=text(selected, "ShippingService") or "",
                price=decimal(selected, "ShippingServiceCost", ZERO) or ZERO,
            )
        )
    tax_lines: list[TaxLine] = []
    total_tax = decimal(el, "ShippingDetails/SalesTax/SalesTaxAmount", ZERO) or ZERO
    if tax_percent is not None:
        tax_lines.append(
            TaxLine(
                name=SALES_TAX,
                rate=tax_percent,
                amount=total_tax,
                jurisdiction=text(el, "ShippingDetails/SalesTax/SalesTaxState") or None,
            )
        )
    payments: list[Payment] = []
    method = text(el, "CheckoutStatus/PaymentMethod")
    if method is not None:
        payments.append(
            Payment(gateway=method, kind=payment_kind(method), amount=decimal(el, "AmountPaid", ZERO) or ZERO)
        )
    modified = text(el, "CheckoutStatus/LastModifiedTime")
    order = Order(
        id=text(el, "OrderID") or "",
        number=text(el, "OrderID") or "",
        created_at=parse_time(text(el, "CreatedTime") or ""),
        updated_at=parse_time(modified) if modified else None,
        status=canonical_order_status(state, shipped),
        platform_status=state,
        currency=currency,
        customer_id=buyer.user_id,
        email=buyer.email,
        shipping_address=_decode_address(el.find("ShippingAddress")),
        lines=lines,
        shipping_lines=shipping,
        tax_lines=tax_lines,
        payments=payments,
        total=decimal(el, "Total", ZERO) or ZERO,
        total_tax=total_tax,
    )
    return order, buyer


def _decode_transaction(tr: Element, index: VariantIndex, rate: Decimal) -> OrderLine:
    item_id = text(tr, "Item/ItemID")
    variation = tr.find("Variation")
    options = dict(_name_value_pairs(variation.find("VariationSpecifics"))) if variation is not None else None
    if variation is not None and variation.find("VariationSpecifics") is None:
        options = None
    sku = text(variation, "SKU") if variation is not None else text(tr, "Item/SKU")
    taxes = [
        TaxAmount(name=text(d, "TaxDescription") or SALES_TAX, rate=rate, amount=decimal(d, "TaxAmount", ZERO) or ZERO)
        for d in tr.findall("Taxes/TaxDetails")
    ]
    discount = sum(
        (decimal(d, "ItemDiscountAmount", ZERO) or ZERO for d in tr.findall("SellerDiscounts/SellerDiscount")), ZERO
    )
    return OrderLine(
        id=text(tr, "TransactionID") or "",
        product_id=item_id,
        variant_id=index.resolve(item_id, options),
        sku=sku,
        title=text(tr, "Item/Title") or "",
        quantity=integer(tr, "QuantityPurchased", 1),
        unit_price=decimal(tr, "TransactionPrice", ZERO) or ZERO,
        discount=discount,
        taxes=taxes,
    )


def _decode_address(el: Element | None) -> Address | None:
    if el is None:
        return None
    first, last = split_name(text(el, "Name"))
    return Address(
        first_name=first,
        last_name=last,
        company=text(el, "CompanyName") or None,
        line1=text(el, "Street1") or None,
        line2=text(el, "Street2") or None,
        city=text(el, "CityName") or None,
        region=text(el, "StateOrProvince") or None,
        postal_code=text(el, "PostalCode") or None,
        country=text(el, "Country") or None,
        phone=text(el, "Phone") or None,
    )


def customer_from_buyer(buyer: Buyer) -> Customer | None:
    if buyer.user_id is None:
        return None
    return Customer(id=buyer.user_id, first_name=buyer.first_name, last_name=buyer.last_name, email=buyer.email)


def decode_tax_table(el: Element | None, country: str) -> list[TaxRate]:
    if el is None:
        return []
    return [
        TaxRate(
            id=text(j, "JurisdictionID") or "",
            name=text(j, "JurisdictionID") or "",
            rate=decimal(j, "SalesTaxPercent", ZERO) or ZERO,
            country=country,
            region=text(j, "JurisdictionID") or None,
            shipping=boolean(j, "ShippingIncludedInTax"),
        )
        for j in el.findall("TaxJurisdiction")
    ]
