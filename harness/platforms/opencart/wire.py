"""Canonical Store <-> OpenCart shapes: shared codes, and the facade JSON -> canonical decoder.

OpenCart facts that shape the mapping (store-apis.md 4.2, connector-rules #24):

* The connector's product code is ``oc_product.model`` (required, not unique).
  ``sku`` is a separate, usually empty field: an ``oc_product`` column in 3.x,
  an ``oc_product_code`` row (code ``SKU``) in 4.1.
* Core has no variants with codes of their own: a product's options
  (``oc_product_option_value``) carry quantity and a price delta but no SKU or
  model. Merchants with several option dimensions build one combined option
  ("Size / Colour" with values "M / Red"); the simulator does the same, so
  each canonical variant is one option value and reads back with its options.
* Order lines hold ``model`` only (no SKU): on OpenCart ``OrderLine.sku``
  carries the line's model. Prices are ex-tax and ``oc_order_product.tax`` is
  per unit; discounts, shipping, fees and taxes are ``oc_order_total`` rows.
* OpenCart HTML-escapes text input before storing it (``&`` is ``&amp;`` in
  the database); readers must unescape.

This module holds the shared codes and conversions. The loader (``loader.py``)
writes rows; ``queries.py`` reads them into the facade's JSON shapes;
``decode.py`` turns those shapes into canonical records, so the HTTP client
and the direct SQL reader share one decoder.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from harness.model.common import ZERO
from harness.model.store import (
    OrderStatus,
    PaymentKind,
    Product,
    Variant,
)

#: the one stock location OpenCart has
OC_LOCATION = "default"
ZERO_DATE = "0000-00-00 00:00:00"
DEFAULT_TAX_CLASS = "Taxable Goods"
FIRST_TAX_CLASS_ID = 9  # OpenCart ships "Taxable Goods" as tax_class_id 9
GRAM_WEIGHT_CLASS_ID = 2
OPTION_SEPARATOR = " / "
#: the option name used when a product has several variants but no option names
VARIANT_OPTION = "Variant"
FOUR_DP = Decimal("0.0001")

ORDER_STATUSES: dict[int, str] = {
    1: "Pending",
    2: "Processing",
    3: "Shipped",
    5: "Complete",
    7: "Canceled",
    8: "Denied",
    9: "Canceled Reversal",
    10: "Failed",
    11: "Refunded",
    12: "Reversed",
    13: "Chargeback",
    14: "Expired",
    15: "Processed",
    16: "Voided",
}
_STATUS_ID: dict[str, int] = {
    "pending": 1,
    "on_hold": 1,
    "processing": 2,
    "completed": 5,
    "cancelled": 7,
    "failed": 10,
    "refunded": 11,
}
_STATUS_OF: dict[int, OrderStatus] = {
    1: "pending",
    2: "processing",
    3: "completed",
    5: "completed",
    7: "cancelled",
    8: "failed",
    10: "failed",
    11: "refunded",
    14: "cancelled",
    15: "processing",
    16: "cancelled",
}
_PAYMENT_CODE: dict[str, str] = {
    "card": "stripe",
    "paypal": "pp_standard",
    "bank": "bank_transfer",
    "cash": "cod",
    "gift_card": "voucher",
    "store_credit": "credit",
    "reward_points": "reward",
}
_PAYMENT_KIND: dict[str, PaymentKind] = {v: k for k, v in _PAYMENT_CODE.items()}  # type: ignore[misc]

# oc_order_total codes and their usual sort order
TOTAL_SORT = {
    "sub_total": 1,
    "reward": 2,
    "shipping": 3,
    "coupon": 4,
    "discount": 4,
    "handling": 6,
    "tax": 5,
    "voucher": 8,
    "total": 9,
}
#: gift cards are OpenCart gift vouchers: a negative ``voucher`` total row, not a payment method
VOUCHER_GATEWAY = "voucher"


def voucher_title(reference: str | None) -> str:
    return f"Voucher ({reference})" if reference else "Voucher"


def parenthesised(title: str) -> str | None:
    """``CODE`` from ``Coupon (CODE)`` / ``Voucher (CODE)``."""
    if "(" in title and title.endswith(")"):
        return title[title.find("(") + 1 : -1] or None
    return None


def status_id(status: OrderStatus) -> int:
    return _STATUS_ID.get(status, 1)


def canonical_status(order_status_id: int) -> OrderStatus:
    return _STATUS_OF.get(order_status_id, "pending")


def payment_code(kind: PaymentKind) -> str:
    return _PAYMENT_CODE.get(kind, kind)


def payment_kind(code: str) -> PaymentKind:
    return _PAYMENT_KIND.get(code, "other")


# -- text, numbers, dates ----------------------------------------------------------------------


def esc(value: str | None) -> str:
    """What OpenCart stores for a text input: htmlspecialchars with ENT_COMPAT (``'`` kept)."""
    if not value:
        return ""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def une(value: Any) -> str:
    return html.unescape(value) if isinstance(value, str) else ("" if value is None else str(value))


def une_or_none(value: Any) -> str | None:
    text = une(value)
    return text or None


def money(value: Any) -> Decimal:
    """DECIMAL(15,4): SQLite hands back floats, MySQL Decimals, the facade strings."""
    if value is None or value == "":
        return ZERO
    return Decimal(str(value)).quantize(FOUR_DP)


def four(value: Decimal) -> Decimal:
    return value.quantize(FOUR_DP)


def sql_date(value: datetime | None) -> str:
    """OpenCart DATETIME: no zone, whole seconds; the zero date for "never"."""
    if value is None:
        return ZERO_DATE
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def parse_sql_date(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC)
    text = str(value)
    if not text or text.startswith("0000-00-00"):
        return None
    return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def truncate_s(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def custom_json(fields: Mapping[str, str]) -> str:
    return json.dumps(dict(fields), ensure_ascii=False) if fields else ""


def parse_custom(value: Any) -> dict[str, str]:
    if not value:
        return {}
    try:
        data = json.loads(str(value))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def method_name(value: Any) -> str:
    """``payment_method``/``shipping_method``: text in 3.x, JSON ``{"name","code"}`` in 4.1."""
    text = une(value)
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return text
        return str(data.get("name", "")) if isinstance(data, dict) else text
    return text


def method_code(value: Any, code_column: Any) -> str:
    text = une(value)
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        return str(data.get("code", "")) if isinstance(data, dict) else ""
    return une(code_column)


# -- ids ---------------------------------------------------------------------------------------


def assign_ids(ids: Iterable[str]) -> list[int]:
    """OpenCart keys are integers: canonical ids that already are (unique, positive, no leading
    zero) are kept; otherwise records are numbered 1..n in order (duplicates get their own)."""
    listed = list(ids)
    numeric = all(i.isdigit() and not i.startswith("0") for i in listed) and len(set(listed)) == len(listed)
    if numeric:
        return [int(i) for i in listed]
    return list(range(1, len(listed) + 1))


def id_lookup(ids: Iterable[str], assigned: list[int]) -> dict[str, int]:
    """Canonical id -> OpenCart id, for references; a duplicated id refers to its first record."""
    out: dict[str, int] = {}
    for key, value in zip(ids, assigned, strict=True):
        out.setdefault(key, value)
    return out


def reference(value: str | None, ids: Mapping[str, int]) -> int:
    """A foreign key: the assigned id, the id itself when numeric (a deleted record), else 0."""
    if value is None:
        return 0
    if value in ids:
        return ids[value]
    return int(value) if value.isdigit() and not value.startswith("0") else 0


def option_names(product: Product) -> list[str]:
    names = dict.fromkeys(product.options)
    for v in product.variants:
        names.update(dict.fromkeys(v.options))
    return list(names) or [VARIANT_OPTION]


def has_options(product: Product) -> bool:
    """A product whose variants become option values (else the one variant is the product row)."""
    return bool(product.options) or len(product.variants) > 1


def option_value_name(variant: Variant, names: list[str]) -> str:
    if names == [VARIANT_OPTION] and not variant.options:
        return variant.title or variant.sku or variant.model or variant.id
    return OPTION_SEPARATOR.join(variant.options.get(n, "") for n in names)


def split_option(name: str, value: str) -> dict[str, str]:
    return dict(zip(name.split(OPTION_SEPARATOR), value.split(OPTION_SEPARATOR), strict=False))
