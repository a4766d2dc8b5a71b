"""Trading XML -> canonical: what the engine-side client makes of eBay's answers (store-apis.md 3.1).

Available stock is ``Quantity - QuantitySold``; variant ids are rebuilt
(``{ItemID}`` or ``{ItemID}-{n}``); customers are the orders' buyers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from harness.model.common import ZERO
from harness.model.store import (
    Address,
    Customer,
    Order,
    OrderLine,
    Payment,
    Product,
    ShippingLine,
    TaxAmount,
    TaxLine,
    TaxRate,
    Variant,
)
from harness.platforms.ebay.wire import (
    EBAY_LOCATION,
    SALES_TAX,
    Buyer,
    canonical_order_status,
    is_multi_variation,
    payment_kind,
    split_name,
    variation_id,
)
from harness.platforms.ebay.xmltools import Element, boolean, decimal, integer, parse_time, text


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
        # the order's sales tax is the seller's tax-table rate for SalesTaxState (GetTaxTable's JurisdictionID)
        tax_state = text(el, "ShippingDetails/SalesTax/SalesTaxState") or None
        tax_lines.append(
            TaxLine(
                rate_id=tax_state,
                name=tax_state or SALES_TAX,
                rate=tax_percent,
                amount=total_tax,
                jurisdiction=tax_state,
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
