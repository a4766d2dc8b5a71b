"""The connector rules being simulated, as data.

The default is the QuickBooks Connector (OneSaas) behaviour described in
``shared/domain/connector-rules.md``; a QA engineer models a connector change
by editing a YAML copy of it and diffing the two reports.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal, get_args, get_origin, get_type_hints

import msgspec
import yaml

from harness.errors import InputError, read_input_text
from harness.model.store import OrderStatus

ProductCodeField = Literal["sku", "model", "barcode"]
BooksMatchField = Literal["name", "sku"]
ContactKey = Literal["name", "email", "phone"]


class Profile(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: str = "onesaas"
    description: str = "QuickBooks Connector (OneSaas) defaults"
    #: which store field is the product code, per platform (rules #13, #23, #24)
    product_code_field: dict[str, ProductCodeField] = msgspec.field(
        default_factory=lambda: {
            "shopify": "sku",
            "woocommerce": "sku",
            "bigcommerce": "sku",
            "magento": "sku",
            "ebay": "sku",  # the listing's Custom label (#23)
            "opencart": "model",  # OpenCart matches on Model, not SKU (#24)
        }
    )
    #: the QuickBooks Online item field codes are matched against (#10: Name by default)
    books_match_field: BooksMatchField = "name"
    #: name first, confirmed by email, then phone (#1)
    contact_match_order: list[ContactKey] = msgspec.field(default_factory=lambda: ["name", "email", "phone"])
    #: what QuickBooks gets when a same-named but different contact is pushed (#4)
    name_collision_suffix: str = "-1"
    #: prefix put in front of store order numbers to form DocNumber (#30)
    invoice_prefix: str = ""
    #: codes must be *under* this many characters when the connector creates items (#11)
    code_max_length: int = 30
    create_missing_items: bool = True
    #: connector-created items as inventory start at zero and go negative (#19)
    create_items_as: Literal["inventory", "noninventory"] = "inventory"
    #: stock flows from the master to the other side (#43)
    stock_master: Literal["books", "store", "none"] = "books"
    #: post sales per customer, per company, or to one generic customer (#7)
    sales_assignment: Literal["customer", "company", "generic"] = "customer"
    generic_customer_name: str = "Online Sales"
    document_type: Literal["Invoice", "SalesReceipt"] = "Invoice"
    #: only orders in these statuses are pulled (#55)
    sync_statuses: list[OrderStatus] = msgspec.field(default_factory=lambda: ["processing", "completed", "refunded"])
    #: platforms whose refunds the connector posts (#57: only BigCommerce)
    refunds_supported: list[str] = msgspec.field(default_factory=lambda: ["bigcommerce"])
    refund_prefix: str = "C"
    #: orders before this date are never synced (#70); None: every order
    sync_start: date | None = None

    def code_field(self, platform: str) -> ProductCodeField:
        return self.product_code_field.get(platform, "sku")


DEFAULT_PROFILE = Profile()


def load_profile(path: str | Path) -> Profile:
    """A profile from YAML: unspecified keys keep the OneSaas defaults; errors name file and key."""
    p = Path(path)
    text = read_input_text(p, "profile", expect="a profile", fix="a profile is YAML text (UTF-8)")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{p}:{where}: not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{p}: a profile is a mapping of settings, got {type(data).__name__}")
    try:
        return msgspec.convert(data, Profile, str_keys=True)
    except msgspec.ValidationError as exc:
        text = str(exc).replace("`", "")
        message, _, at = text.partition(" - at $.")
        where = f"{at}: " if at else ""
        message = message[:1].lower() + message[1:]
        if message.startswith("invalid enum value") and at:
            allowed = _allowed_values(at.split("[", 1)[0].split(".", 1)[0])
            if allowed:
                message += f"; expected one of: {', '.join(allowed)}"
        if message.startswith("object contains unknown field "):
            key = message.removeprefix("object contains unknown field ")
            known = ", ".join(Profile.__struct_fields__)
            message = f"unknown setting {key!r}; known settings: {known}"
        raise InputError(f"{p}: {where}{message}") from None


def _allowed_values(setting: str) -> list[str]:
    """The choices of a Literal-typed setting (or of the Literal inside a list or dict of them)."""
    hints = get_type_hints(Profile)
    pending = [hints.get(setting)]
    while pending:
        tp = pending.pop()
        if tp is None:
            continue
        if get_origin(tp) is Literal:
            return [str(a) for a in get_args(tp)]
        pending.extend(get_args(tp))
    return []
