"""The ``oc_`` tables the simulator keeps, with OpenCart's real column names (store-apis.md 4.2).

Only the tables and columns a store-to-accounting connector reads are kept,
but every kept column has its real name and type, so plain SQL written for a
real OpenCart database runs here unchanged. Two schema versions:

* ``"3"`` — OpenCart 3.0.x: identifiers (``sku``, ``upc``, ``ean``, ``jan``,
  ``isbn``, ``mpn``) are ``oc_product`` columns; ``oc_customer`` has ``fax``,
  ``salt`` and the default ``address_id``; payment and shipping methods are text.
* ``"4.1"`` — OpenCart 4.1.x: the identifiers move to ``oc_product_code``
  (codes named in ``oc_identifier``); ``oc_product`` gains ``master_id``,
  ``variant`` and ``override``; ``oc_address.default`` marks the default
  address; ``oc_order_total`` gains ``extension``; ``payment_method`` and
  ``shipping_method`` hold JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from harness.errors import InputError

Schema = Literal["3", "4.1"]
SCHEMAS: tuple[Schema, ...] = ("3", "4.1")
PREFIX = "oc_"

INT = "INT NOT NULL DEFAULT 0"
MONEY = "DECIMAL(15,4) NOT NULL DEFAULT 0.0000"
DATE = "DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00'"
TEXT = "TEXT NOT NULL"
FLAG = "TINYINT(1) NOT NULL DEFAULT 0"


def vc(n: int) -> str:
    return f"VARCHAR({n}) NOT NULL DEFAULT ''"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]
    primary: tuple[str, ...]
    only: Schema | None = None  # a table that exists in one schema only
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)


_IDENTIFIERS = ("sku", "upc", "ean", "jan", "isbn", "mpn")


def _tables(schema: Schema) -> list[Table]:
    v3 = schema == "3"
    product_cols: list[tuple[str, str]] = [("product_id", "INT NOT NULL")]
    if not v3:
        product_cols += [("master_id", INT)]
    product_cols += [("model", "VARCHAR(64) NOT NULL")]
    if v3:
        product_cols += [(c, vc(64)) for c in _IDENTIFIERS]
    if not v3:
        product_cols += [("variant", TEXT), ("override", TEXT)]
    product_cols += [
        ("location", vc(128)),
        ("quantity", INT),
        ("stock_status_id", INT),
        ("image", vc(255)),
        ("manufacturer_id", INT),
        ("shipping", "TINYINT(1) NOT NULL DEFAULT 1"),
        ("price", MONEY),
        ("points", INT),
        ("tax_class_id", INT),
        ("date_available", "DATE NOT NULL DEFAULT '0000-00-00'"),
        ("weight", "DECIMAL(15,8) NOT NULL DEFAULT 0.00000000"),
        ("weight_class_id", INT),
        ("length", "DECIMAL(15,8) NOT NULL DEFAULT 0.00000000"),
        ("width", "DECIMAL(15,8) NOT NULL DEFAULT 0.00000000"),
        ("height", "DECIMAL(15,8) NOT NULL DEFAULT 0.00000000"),
        ("length_class_id", INT),
        ("subtract", "TINYINT(1) NOT NULL DEFAULT 1"),
        ("minimum", "INT NOT NULL DEFAULT 1"),
        ("sort_order", INT),
        ("status", FLAG),
        ("viewed", INT),
        ("date_added", DATE),
        ("date_modified", DATE),
    ]
    customer_cols: list[tuple[str, str]] = [
        ("customer_id", "INT NOT NULL"),
        ("customer_group_id", INT),
        ("store_id", INT),
        ("language_id", INT),
        ("firstname", vc(32)),
        ("lastname", vc(32)),
        ("email", vc(96)),
        ("telephone", vc(32)),
    ]
    if v3:
        customer_cols += [("fax", vc(32))]
    customer_cols += [("password", vc(255))]
    if v3:
        customer_cols += [("salt", vc(9))]
    customer_cols += [("newsletter", FLAG)]
    if v3:
        customer_cols += [("address_id", INT)]
    customer_cols += [
        ("custom_field", TEXT),
        ("ip", vc(40)),
        ("status", FLAG),
        ("safe", FLAG),
        ("token", TEXT),
        ("code", vc(40)),
        ("date_added", DATE),
    ]
    address_cols: list[tuple[str, str]] = [
        ("address_id", "INT NOT NULL"),
        ("customer_id", INT),
        ("firstname", vc(32)),
        ("lastname", vc(32)),
        ("company", vc(60)),
        ("address_1", vc(128)),
        ("address_2", vc(128)),
        ("city", vc(128)),
        ("postcode", vc(10)),
        ("country_id", INT),
        ("zone_id", INT),
        ("custom_field", TEXT),
    ]
    if not v3:
        address_cols += [("default", FLAG)]
    order_cols: list[tuple[str, str]] = [
        ("order_id", "INT NOT NULL"),
        ("invoice_no", INT),
        ("invoice_prefix", vc(26)),
    ]
    if not v3:
        order_cols += [("subscription_id", INT)]
    order_cols += [
        ("store_id", INT),
        ("store_name", vc(64)),
        ("store_url", vc(255)),
        ("customer_id", INT),
        ("customer_group_id", INT),
        ("firstname", vc(32)),
        ("lastname", vc(32)),
        ("email", vc(96)),
        ("telephone", vc(32)),
        ("custom_field", TEXT),
    ]
    if not v3:
        order_cols += [("payment_address_id", INT)]
    order_cols += _address_block("payment")
    order_cols += [("payment_method", TEXT if not v3 else vc(128))]
    if v3:
        order_cols += [("payment_code", vc(128))]
    if not v3:
        order_cols += [("shipping_address_id", INT)]
    order_cols += _address_block("shipping")
    order_cols += [("shipping_method", TEXT if not v3 else vc(128))]
    if v3:
        order_cols += [("shipping_code", vc(128))]
    order_cols += [
        ("comment", TEXT),
        ("total", MONEY),
        ("order_status_id", INT),
        ("affiliate_id", INT),
        ("commission", MONEY),
        ("language_id", INT),
    ]
    if not v3:
        order_cols += [("language_code", vc(5))]
    order_cols += [
        ("currency_id", INT),
        ("currency_code", vc(3)),
        ("currency_value", "DECIMAL(15,8) NOT NULL DEFAULT 1.00000000"),
        ("ip", vc(40)),
        ("user_agent", vc(255)),
        ("date_added", DATE),
        ("date_modified", DATE),
    ]
    order_product_cols: list[tuple[str, str]] = [
        ("order_product_id", "INT NOT NULL"),
        ("order_id", INT),
        ("product_id", INT),
    ]
    if not v3:
        order_product_cols += [("master_id", INT)]
    order_product_cols += [
        ("name", vc(255)),
        ("model", vc(64)),
        ("quantity", INT),
        ("price", MONEY),
        ("total", MONEY),
        ("tax", MONEY),
        ("reward", INT),
    ]
    order_total_cols: list[tuple[str, str]] = [("order_total_id", "INT NOT NULL"), ("order_id", INT)]
    if not v3:
        order_total_cols += [("extension", vc(255))]
    order_total_cols += [("code", vc(32)), ("title", vc(255)), ("value", MONEY), ("sort_order", INT)]

    tables = [
        Table(
            "setting",
            (
                ("setting_id", "INT NOT NULL"),
                ("store_id", INT),
                ("code", vc(128)),
                ("key", vc(128)),
                ("value", TEXT),
                ("serialized", FLAG),
            ),
            ("setting_id",),
            indexes=(("key",),),
        ),
        Table(
            "language",
            (("language_id", "INT NOT NULL"), ("name", vc(32)), ("code", vc(5)), ("status", FLAG)),
            ("language_id",),
        ),
        Table(
            "country",
            (
                ("country_id", "INT NOT NULL"),
                ("name", vc(128)),
                ("iso_code_2", vc(2)),
                ("iso_code_3", vc(3)),
                ("status", FLAG),
            ),
            ("country_id",),
        ),
        Table(
            "zone",
            (("zone_id", "INT NOT NULL"), ("country_id", INT), ("name", vc(128)), ("code", vc(32)), ("status", FLAG)),
            ("zone_id",),
        ),
        Table(
            "geo_zone", (("geo_zone_id", "INT NOT NULL"), ("name", vc(32)), ("description", vc(255))), ("geo_zone_id",)
        ),
        Table(
            "zone_to_geo_zone",
            (("zone_to_geo_zone_id", "INT NOT NULL"), ("country_id", INT), ("zone_id", INT), ("geo_zone_id", INT)),
            ("zone_to_geo_zone_id",),
        ),
        Table(
            "tax_class",
            (("tax_class_id", "INT NOT NULL"), ("title", vc(32)), ("description", vc(255))),
            ("tax_class_id",),
        ),
        Table(
            "tax_rate",
            (
                ("tax_rate_id", "INT NOT NULL"),
                ("geo_zone_id", INT),
                ("name", vc(32)),
                ("rate", MONEY),
                ("type", "CHAR(1) NOT NULL DEFAULT 'P'"),
            ),
            ("tax_rate_id",),
        ),
        Table(
            "tax_rule",
            (
                ("tax_rule_id", "INT NOT NULL"),
                ("tax_class_id", INT),
                ("tax_rate_id", INT),
                ("based", vc(10)),
                ("priority", "INT NOT NULL DEFAULT 1"),
            ),
            ("tax_rule_id",),
            indexes=(("tax_class_id",),),
        ),
        Table("manufacturer", (("manufacturer_id", "INT NOT NULL"), ("name", vc(64))), ("manufacturer_id",)),
        Table("product", tuple(product_cols), ("product_id",)),
        Table(
            "identifier",
            (
                ("identifier_id", "INT NOT NULL"),
                ("name", vc(48)),
                ("code", vc(48)),
                ("validation", vc(255)),
                ("status", FLAG),
            ),
            ("identifier_id",),
            only="4.1",
        ),
        Table(
            "product_code",
            (("product_code_id", "INT NOT NULL"), ("product_id", INT), ("code", vc(48)), ("value", vc(255))),
            ("product_code_id",),
            only="4.1",
            indexes=(("product_id",),),
        ),
        Table(
            "product_description",
            (
                ("product_id", "INT NOT NULL"),
                ("language_id", "INT NOT NULL"),
                ("name", vc(255)),
                ("description", TEXT),
                ("tag", TEXT),
                ("meta_title", vc(255)),
                ("meta_description", vc(255)),
                ("meta_keyword", vc(255)),
            ),
            ("product_id", "language_id"),
        ),
        Table(
            "product_to_store",
            (("product_id", "INT NOT NULL"), ("store_id", "INT NOT NULL")),
            ("product_id", "store_id"),
        ),
        Table(
            "category",
            (
                ("category_id", "INT NOT NULL"),
                ("image", vc(255)),
                ("parent_id", INT),
                ("top", FLAG),
                ("column", INT),
                ("sort_order", INT),
                ("status", FLAG),
                ("date_added", DATE),
                ("date_modified", DATE),
            ),
            ("category_id",),
        ),
        Table(
            "category_description",
            (
                ("category_id", "INT NOT NULL"),
                ("language_id", "INT NOT NULL"),
                ("name", vc(255)),
                ("description", TEXT),
                ("meta_title", vc(255)),
                ("meta_description", vc(255)),
                ("meta_keyword", vc(255)),
            ),
            ("category_id", "language_id"),
        ),
        Table(
            "product_to_category",
            (("product_id", "INT NOT NULL"), ("category_id", "INT NOT NULL")),
            ("product_id", "category_id"),
        ),
        Table(
            "attribute_group", (("attribute_group_id", "INT NOT NULL"), ("sort_order", INT)), ("attribute_group_id",)
        ),
        Table(
            "attribute_group_description",
            (("attribute_group_id", "INT NOT NULL"), ("language_id", "INT NOT NULL"), ("name", vc(64))),
            ("attribute_group_id", "language_id"),
        ),
        Table(
            "attribute",
            (("attribute_id", "INT NOT NULL"), ("attribute_group_id", INT), ("sort_order", INT)),
            ("attribute_id",),
        ),
        Table(
            "attribute_description",
            (("attribute_id", "INT NOT NULL"), ("language_id", "INT NOT NULL"), ("name", vc(64))),
            ("attribute_id", "language_id"),
        ),
        Table(
            "product_attribute",
            (
                ("product_id", "INT NOT NULL"),
                ("attribute_id", "INT NOT NULL"),
                ("language_id", "INT NOT NULL"),
                ("text", TEXT),
            ),
            ("product_id", "attribute_id", "language_id"),
        ),
        Table(
            "product_special",
            (
                ("product_special_id", "INT NOT NULL"),
                ("product_id", INT),
                ("customer_group_id", INT),
                ("priority", "INT NOT NULL DEFAULT 1"),
                ("price", MONEY),
                ("date_start", "DATE NOT NULL DEFAULT '0000-00-00'"),
                ("date_end", "DATE NOT NULL DEFAULT '0000-00-00'"),
            ),
            ("product_special_id",),
            indexes=(("product_id",),),
        ),
        Table("option", (("option_id", "INT NOT NULL"), ("type", vc(32)), ("sort_order", INT)), ("option_id",)),
        Table(
            "option_description",
            (("option_id", "INT NOT NULL"), ("language_id", "INT NOT NULL"), ("name", vc(128))),
            ("option_id", "language_id"),
        ),
        Table(
            "option_value",
            (("option_value_id", "INT NOT NULL"), ("option_id", INT), ("image", vc(255)), ("sort_order", INT)),
            ("option_value_id",),
        ),
        Table(
            "option_value_description",
            (
                ("option_value_id", "INT NOT NULL"),
                ("language_id", "INT NOT NULL"),
                ("option_id", INT),
                ("name", vc(128)),
            ),
            ("option_value_id", "language_id"),
        ),
        Table(
            "product_option",
            (
                ("product_option_id", "INT NOT NULL"),
                ("product_id", INT),
                ("option_id", INT),
                ("value", TEXT),
                ("required", FLAG),
            ),
            ("product_option_id",),
            indexes=(("product_id",),),
        ),
        Table(
            "product_option_value",
            (
                ("product_option_value_id", "INT NOT NULL"),
                ("product_option_id", INT),
                ("product_id", INT),
                ("option_id", INT),
                ("option_value_id", INT),
                ("quantity", INT),
                ("subtract", FLAG),
                ("price", MONEY),
                ("price_prefix", vc(1)),
                ("points", INT),
                ("points_prefix", vc(1)),
                ("weight", "DECIMAL(15,8) NOT NULL DEFAULT 0.00000000"),
                ("weight_prefix", vc(1)),
            ),
            ("product_option_value_id",),
            indexes=(("product_id",),),
        ),
        Table("customer", tuple(customer_cols), ("customer_id",), indexes=(("email",),)),
        Table("address", tuple(address_cols), ("address_id",), indexes=(("customer_id",),)),
        Table(
            "order_status",
            (("order_status_id", "INT NOT NULL"), ("language_id", "INT NOT NULL"), ("name", vc(32))),
            ("order_status_id", "language_id"),
        ),
        Table(
            "order", tuple(order_cols), ("order_id",), indexes=(("customer_id",), ("date_added",), ("date_modified",))
        ),
        # 3.x's own API (api/login, api/order/info): keys, allowed IPs, sessions (store-apis.md 4.1)
        Table(
            "api",
            (
                ("api_id", "INT NOT NULL"),
                ("username", vc(64)),
                ("key", TEXT),
                ("status", FLAG),
                ("date_added", DATE),
                ("date_modified", DATE),
            ),
            ("api_id",),
            only="3",
        ),
        Table("api_ip", (("api_ip_id", "INT NOT NULL"), ("api_id", INT), ("ip", vc(40))), ("api_ip_id",), only="3"),
        Table(
            "api_session",
            (
                ("api_session_id", "INT NOT NULL"),
                ("api_id", INT),
                ("session_id", vc(32)),
                ("ip", vc(40)),
                ("date_added", DATE),
                ("date_modified", DATE),
            ),
            ("api_session_id",),
            only="3",
            indexes=(("session_id",),),
        ),
        Table("order_product", tuple(order_product_cols), ("order_product_id",), indexes=(("order_id",),)),
        Table(
            "order_option",
            (
                ("order_option_id", "INT NOT NULL"),
                ("order_id", INT),
                ("order_product_id", INT),
                ("product_option_id", INT),
                ("product_option_value_id", INT),
                ("name", vc(255)),
                ("value", TEXT),
                ("type", vc(32)),
            ),
            ("order_option_id",),
            indexes=(("order_id",),),
        ),
        Table("order_total", tuple(order_total_cols), ("order_total_id",), indexes=(("order_id",),)),
        Table(
            "order_history",
            (
                ("order_history_id", "INT NOT NULL"),
                ("order_id", INT),
                ("order_status_id", INT),
                ("notify", FLAG),
                ("comment", TEXT),
                ("date_added", DATE),
            ),
            ("order_history_id",),
            indexes=(("order_id",),),
        ),
    ]
    return [t for t in tables if t.only in (None, schema)]


def _address_block(prefix: str) -> list[tuple[str, str]]:
    return [
        (f"{prefix}_firstname", vc(32)),
        (f"{prefix}_lastname", vc(32)),
        (f"{prefix}_company", vc(60)),
        (f"{prefix}_address_1", vc(128)),
        (f"{prefix}_address_2", vc(128)),
        (f"{prefix}_city", vc(128)),
        (f"{prefix}_postcode", vc(10)),
        (f"{prefix}_country", vc(128)),
        (f"{prefix}_country_id", INT),
        (f"{prefix}_zone", vc(128)),
        (f"{prefix}_zone_id", INT),
        (f"{prefix}_custom_field", TEXT),
    ]


def check_schema(schema: str) -> Schema:
    if schema not in SCHEMAS:
        raise InputError(f"unknown OpenCart schema {schema!r}; choose one of: {', '.join(SCHEMAS)}")
    return schema


def tables(schema: Schema) -> list[Table]:
    return _tables(schema)


def table(schema: Schema, name: str) -> Table:
    for t in _tables(schema):
        if t.name == name:
            return t
    raise KeyError(name)


def ddl(schema: Schema, *, mysql: bool = False) -> list[str]:
    """``CREATE TABLE`` statements; backquoted names, because ``order`` and ``option`` are SQL words."""
    statements = []
    for t in _tables(schema):
        cols = [f"`{name}` {kind}" for name, kind in t.columns]
        cols.append("PRIMARY KEY (" + ", ".join(f"`{c}`" for c in t.primary) + ")")
        tail = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" if mysql else ""
        statements.append(f"CREATE TABLE `{PREFIX}{t.name}` (" + ", ".join(cols) + ")" + tail)
        for n, index in enumerate(t.indexes):
            statements.append(
                f"CREATE INDEX `{PREFIX}{t.name}_ix{n}` ON `{PREFIX}{t.name}` ("
                + ", ".join(f"`{c}`" for c in index)
                + ")"
            )
    return statements
