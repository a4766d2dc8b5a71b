"""The canonical, platform-neutral Store: what every store platform is read into.

Field names are our own; each platform's ``wire.py`` maps them to that
platform's JSON/XML/SQL. Identifiers are strings everywhere (Shopify's 64-bit
ints, eBay's ``NN-NNNNN-NNNNN`` and Magento's increment ids all fit).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

import msgspec

from harness.model.common import ZERO, Money, Record

Platform = Literal["shopify", "woocommerce", "bigcommerce", "magento", "ebay", "opencart"]
PLATFORMS: tuple[Platform, ...] = ("shopify", "woocommerce", "bigcommerce", "magento", "ebay", "opencart")

OrderStatus = Literal["pending", "processing", "on_hold", "completed", "cancelled", "refunded", "failed"]
PaymentKind = Literal["card", "paypal", "bank", "cash", "gift_card", "store_credit", "reward_points", "other"]
DiscountKind = Literal["coupon", "automatic", "reward_points", "manual"]
ExtensionKind = Literal[
    "coupons", "reward_points", "gift_cards", "store_credit", "custom_fees", "custom_fields", "other"
]
CustomFieldEntity = Literal["product", "customer", "order"]


class Location(Record, kw_only=True):
    id: str
    name: str


class Address(Record, kw_only=True):
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None  # state / province code, e.g. "QC"
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    phone: str | None = None


class Variant(Record, kw_only=True):
    """A sellable unit. A product without options still has exactly one variant.

    ``sku`` is the platform's own SKU field (eBay: the Custom label). OpenCart
    also has a required ``model`` field, which is what the connector matches on
    there (connector-rules #24), so it is kept separately.
    """

    id: str
    sku: str | None = None
    model: str | None = None
    barcode: str | None = None
    title: str = ""
    options: dict[str, str] = msgspec.field(default_factory=dict)
    price: Money = ZERO
    compare_at_price: Money | None = None
    cost: Money | None = None
    taxable: bool = True
    tax_class: str | None = None
    inventory_tracked: bool = True
    #: location id -> quantity available; negative stock is allowed (oversold).
    quantities: dict[str, int] = msgspec.field(default_factory=dict)
    weight_grams: int | None = None

    @property
    def quantity(self) -> int:
        return sum(self.quantities.values())


class Product(Record, kw_only=True):
    id: str
    title: str
    description: str | None = None
    vendor: str | None = None
    product_type: str | None = None
    status: Literal["active", "draft", "archived"] = "active"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    #: option names in display order, e.g. ["Size", "Colour"]
    options: list[str] = msgspec.field(default_factory=list)
    #: the parent's own SKU where the platform has one (WooCommerce variable
    #: products, Magento configurables, eBay multi-variation listings)
    sku: str | None = None
    variants: list[Variant] = msgspec.field(default_factory=list)
    custom_fields: dict[str, str] = msgspec.field(default_factory=dict)


class Customer(Record, kw_only=True):
    id: str
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    addresses: list[Address] = msgspec.field(default_factory=list)
    created_at: datetime | None = None
    guest: bool = False
    tax_exempt: bool = False
    currency: str | None = None
    custom_fields: dict[str, str] = msgspec.field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class TaxAmount(Record, kw_only=True):
    """Tax charged on one line, by rate."""

    rate_id: str | None = None
    name: str
    rate: Decimal  # percent, e.g. Decimal("9.975")
    amount: Money


class OrderLine(Record, kw_only=True):
    id: str
    product_id: str | None = None
    variant_id: str | None = None
    #: the SKU as ordered: may differ from the catalogue (renamed since,
    #: Magento option-composite SKUs, deleted products)
    sku: str | None = None
    title: str = ""
    quantity: int = 1
    unit_price: Money = ZERO
    discount: Money = ZERO
    taxable: bool = True
    taxes: list[TaxAmount] = msgspec.field(default_factory=list)

    @property
    def subtotal(self) -> Money:
        return self.unit_price * self.quantity - self.discount


class ShippingLine(Record, kw_only=True):
    title: str
    price: Money
    taxes: list[TaxAmount] = msgspec.field(default_factory=list)


class FeeLine(Record, kw_only=True):
    """A surcharge added by the store or a plugin (payment fee, handling, gift wrap)."""

    name: str
    amount: Money
    source: str | None = None  # the extension that added it
    taxable: bool = False
    taxes: list[TaxAmount] = msgspec.field(default_factory=list)


class Discount(Record, kw_only=True):
    """An order-level reduction; ``source`` names the plugin when one added it."""

    kind: DiscountKind = "coupon"
    code: str | None = None
    amount: Money
    source: str | None = None


class TaxLine(Record, kw_only=True):
    """The order's tax summary by rate, as the store reports it."""

    rate_id: str | None = None
    name: str
    rate: Decimal
    amount: Money
    shipping_amount: Money = ZERO
    jurisdiction: str | None = None


class Payment(Record, kw_only=True):
    gateway: str
    kind: PaymentKind = "card"
    amount: Money
    reference: str | None = None


class RefundLine(Record, kw_only=True):
    line_id: str
    quantity: int
    amount: Money


class Refund(Record, kw_only=True):
    id: str
    created_at: datetime
    amount: Money
    reason: str | None = None
    lines: list[RefundLine] = msgspec.field(default_factory=list)
    restock: bool = False


class Order(Record, kw_only=True):
    id: str
    number: str
    created_at: datetime
    updated_at: datetime | None = None
    status: OrderStatus = "completed"
    #: the platform's own status word, kept for the "statuses that will not sync" check
    platform_status: str | None = None
    currency: str = "USD"
    taxes_included: bool = False
    customer_id: str | None = None  # None for a guest checkout
    email: str | None = None
    billing: Address | None = None
    shipping_address: Address | None = None
    lines: list[OrderLine] = msgspec.field(default_factory=list)
    shipping_lines: list[ShippingLine] = msgspec.field(default_factory=list)
    fee_lines: list[FeeLine] = msgspec.field(default_factory=list)
    discounts: list[Discount] = msgspec.field(default_factory=list)
    tax_lines: list[TaxLine] = msgspec.field(default_factory=list)
    payments: list[Payment] = msgspec.field(default_factory=list)
    refunds: list[Refund] = msgspec.field(default_factory=list)
    #: what the store says the order totals, tax included; checks recompute it
    total: Money = ZERO
    total_tax: Money = ZERO
    custom_fields: dict[str, str] = msgspec.field(default_factory=dict)

    @property
    def guest(self) -> bool:
        return self.customer_id is None

    @property
    def coupon_codes(self) -> list[str]:
        return [d.code for d in self.discounts if d.code]


class TaxRate(Record, kw_only=True):
    id: str
    name: str
    rate: Decimal  # percent
    country: str | None = None
    region: str | None = None
    jurisdiction: str | None = None
    tax_class: str | None = None
    shipping: bool = True
    compound: bool = False


class TaxSettings(Record, kw_only=True):
    enabled: bool = True
    prices_include_tax: bool = False
    #: "line" (WooCommerce default) or "subtotal"; matters for 1-cent gaps (rule #37)
    rounding: Literal["line", "subtotal"] = "line"
    provider: str | None = None  # an automatic tax service such as Avalara
    rates: list[TaxRate] = msgspec.field(default_factory=list)


class Extension(Record, kw_only=True):
    """A third-party plugin or app whose effects show up on orders (rules #62-65)."""

    name: str
    kind: ExtensionKind
    vendor: str | None = None


class CustomFieldDefinition(Record, kw_only=True):
    entity: CustomFieldEntity
    key: str
    label: str | None = None
    type: Literal["text", "number", "date", "boolean", "json"] = "text"


class Store(Record, kw_only=True):
    platform: Platform
    name: str = "Store"
    domain: str | None = None
    currency: str = "USD"
    country: str = "US"
    locations: list[Location] = msgspec.field(default_factory=list)
    products: list[Product] = msgspec.field(default_factory=list)
    customers: list[Customer] = msgspec.field(default_factory=list)
    orders: list[Order] = msgspec.field(default_factory=list)
    tax: TaxSettings = msgspec.field(default_factory=TaxSettings)
    extensions: list[Extension] = msgspec.field(default_factory=list)
    custom_fields: list[CustomFieldDefinition] = msgspec.field(default_factory=list)

    def variants(self) -> list[tuple[Product, Variant]]:
        """Every (product, variant) pair in catalogue order."""
        return [(p, v) for p in self.products for v in p.variants]
