"""Plain SQL over the ``oc_`` tables, returning the REST-Admin facade's JSON shapes.

Used by the facade endpoint and by the direct SQL reader alike, so both see
the same records. Lists are paged by primary key (``LIMIT``/``OFFSET`` on an
ordered key), and a page's children (descriptions, options, addresses, order
lines, totals) come in one ``IN (...)`` query per table, never one per record.
Orders with ``order_status_id = 0`` are abandoned checkouts ("missing orders")
and are filtered out, as OpenCart's own admin does (store-apis.md 4.2).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from harness.platforms.opencart.db import Database
from harness.platforms.opencart.schema import Schema
from harness.platforms.opencart.wire import money

Row = dict[str, Any]

#: DECIMAL columns: SQLite hands them back as int or float, MySQL as Decimal; the facade prints all alike
DECIMAL_COLUMNS = frozenset(
    {
        "price",
        "special",
        "total",
        "tax",
        "value",
        "rate",
        "weight",
        "length",
        "width",
        "height",
        "commission",
        "currency_value",
    }
)


def jsonable(row: Row) -> Row:
    """Money as 4-decimal strings (what MySQL's DECIMAL(15,4) prints), dates as OpenCart writes them."""
    out: Row = {}
    for key, value in row.items():
        if isinstance(value, float | Decimal) or (
            key in DECIMAL_COLUMNS and isinstance(value, int) and not isinstance(value, bool)
        ):
            out[key] = str(money(value))
        elif isinstance(value, datetime):
            out[key] = value.strftime("%Y-%m-%d %H:%M:%S")
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids)


def _grouped(rows: list[Row], key: str) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        out[int(row[key])].append(jsonable(row))
    return out


# -- counts ------------------------------------------------------------------------------------


def count_products(db: Database) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM `oc_product`") or 0)


def count_customers(db: Database) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM `oc_customer`") or 0)


def _order_filter(after_id: int | None, modified_from: str | None) -> tuple[str, list[Any]]:
    """The REST Admin ``/orders/id_larger_than/{id}`` and ``/orders/modified_from/{date}`` filters."""
    clauses = ""
    params: list[Any] = []
    if after_id is not None:
        clauses += " AND o.`order_id` > ?"
        params.append(after_id)
    if modified_from is not None:
        clauses += " AND o.`date_modified` >= ?"
        params.append(modified_from)
    return clauses, params


def count_orders(db: Database, *, after_id: int | None = None, modified_from: str | None = None) -> int:
    clauses, params = _order_filter(after_id, modified_from)
    return int(db.scalar(f"SELECT COUNT(*) FROM `oc_order` o WHERE o.`order_status_id` > 0{clauses}", params) or 0)


# -- products ----------------------------------------------------------------------------------

_PRODUCTS = """
SELECT p.*, pd.`name`, pd.`description`, m.`name` AS `manufacturer`, tc.`title` AS `tax_class`,
  (SELECT cd.`name` FROM `oc_product_to_category` pc
   JOIN `oc_category_description` cd ON cd.`category_id` = pc.`category_id` AND cd.`language_id` = 1
   WHERE pc.`product_id` = p.`product_id` ORDER BY pc.`category_id` LIMIT 1) AS `category`,
  (SELECT ps.`price` FROM `oc_product_special` ps
   WHERE ps.`product_id` = p.`product_id` AND ps.`customer_group_id` = 1
   ORDER BY ps.`priority`, ps.`price` LIMIT 1) AS `special`
FROM `oc_product` p
LEFT JOIN `oc_product_description` pd ON pd.`product_id` = p.`product_id` AND pd.`language_id` = 1
LEFT JOIN `oc_manufacturer` m ON m.`manufacturer_id` = p.`manufacturer_id`
LEFT JOIN `oc_tax_class` tc ON tc.`tax_class_id` = p.`tax_class_id`
"""


def products(db: Database, schema: Schema, limit: int, offset: int, *, after_id: int | None = None) -> list[Row]:
    """A page by ``offset`` (the facade's ``page``), or after a key (``after_id``: no rows skipped, for big reads)."""
    where = " WHERE p.`product_id` > ?" if after_id is not None else ""
    params = [after_id] if after_id is not None else []
    rows = db.query(_PRODUCTS + where + " ORDER BY p.`product_id` LIMIT ? OFFSET ?", [*params, limit, offset])
    return _with_children(db, schema, rows)


def product(db: Database, schema: Schema, product_id: int) -> Row | None:
    rows = db.query(_PRODUCTS + " WHERE p.`product_id` = ?", (product_id,))
    found = _with_children(db, schema, rows)
    return found[0] if found else None


def _with_children(db: Database, schema: Schema, rows: list[Row]) -> list[Row]:
    ids = [int(r["product_id"]) for r in rows]
    if not ids:
        return []
    marks = _marks(ids)
    options = _grouped(
        db.query(
            "SELECT po.`product_option_id`, po.`product_id`, po.`option_id`, od.`name`, o.`type`, po.`required` "
            "FROM `oc_product_option` po JOIN `oc_option` o ON o.`option_id` = po.`option_id` "
            "LEFT JOIN `oc_option_description` od ON od.`option_id` = po.`option_id` AND od.`language_id` = 1 "
            f"WHERE po.`product_id` IN ({marks}) ORDER BY po.`product_option_id`",
            ids,
        ),
        "product_id",
    )
    values = _grouped(
        db.query(
            "SELECT pov.`product_option_value_id`, pov.`product_option_id`, pov.`product_id`, pov.`option_value_id`, "
            "ovd.`name`, pov.`quantity`, pov.`subtract`, pov.`price`, pov.`price_prefix` "
            "FROM `oc_product_option_value` pov LEFT JOIN `oc_option_value_description` ovd "
            "ON ovd.`option_value_id` = pov.`option_value_id` AND ovd.`language_id` = 1 "
            f"WHERE pov.`product_id` IN ({marks}) ORDER BY pov.`product_option_value_id`",
            ids,
        ),
        "product_option_id",
    )
    attributes = _grouped(
        db.query(
            "SELECT pa.`product_id`, ad.`name`, pa.`text` FROM `oc_product_attribute` pa "
            "JOIN `oc_attribute_description` ad ON ad.`attribute_id` = pa.`attribute_id` AND ad.`language_id` = 1 "
            f"WHERE pa.`product_id` IN ({marks}) AND pa.`language_id` = 1 ORDER BY pa.`product_id`, pa.`attribute_id`",
            ids,
        ),
        "product_id",
    )
    codes: dict[int, list[Row]] = {}
    if schema != "3":
        codes = _grouped(
            db.query(
                "SELECT `product_id`, `code`, `value` FROM `oc_product_code` "
                f"WHERE `product_id` IN ({marks}) ORDER BY `product_code_id`",
                ids,
            ),
            "product_id",
        )
    out = []
    for row in rows:
        item = jsonable(row)
        pid = int(row["product_id"])
        item["attributes"] = [{"name": a["name"], "text": a["text"]} for a in attributes.get(pid, [])]
        item["options"] = [
            {**o, "option_value": values.get(int(o["product_option_id"]), [])} for o in options.get(pid, [])
        ]
        if schema != "3":
            found = codes.get(pid, [])
            item["product_codes"] = [{"code": c["code"], "value": c["value"]} for c in found]
            by_code = {c["code"]: c["value"] for c in reversed(found)}
            item["sku"] = by_code.get("SKU")
            item["upc"] = by_code.get("UPC")
        out.append(item)
    return out


# -- customers ---------------------------------------------------------------------------------


def customers(db: Database, schema: Schema, limit: int, offset: int, *, after_id: int | None = None) -> list[Row]:
    where = " WHERE `customer_id` > ?" if after_id is not None else ""
    params = [after_id] if after_id is not None else []
    rows = db.query(
        f"SELECT * FROM `oc_customer`{where} ORDER BY `customer_id` LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    ids = [int(r["customer_id"]) for r in rows]
    if not ids:
        return []
    addresses = _grouped(
        db.query(
            "SELECT a.*, c.`iso_code_2`, z.`code` AS `zone_code` FROM `oc_address` a "
            "LEFT JOIN `oc_country` c ON c.`country_id` = a.`country_id` "
            "LEFT JOIN `oc_zone` z ON z.`zone_id` = a.`zone_id` "
            f"WHERE a.`customer_id` IN ({_marks(ids)}) ORDER BY a.`address_id`",
            ids,
        ),
        "customer_id",
    )
    out = []
    for row in rows:
        item = jsonable(row)
        own = addresses.get(int(row["customer_id"]), [])
        default = int(row.get("address_id") or 0) if schema == "3" else None

        def first(a: Row, default: int | None = default) -> tuple[int, int]:
            is_default = a["address_id"] == default if default is not None else bool(a.get("default"))
            return (0 if is_default else 1, int(a["address_id"]))

        item["addresses"] = sorted(own, key=first)
        out.append(item)
    return out


# -- orders ------------------------------------------------------------------------------------

_ORDERS = """
SELECT o.*, os.`name` AS `order_status`,
  pc.`iso_code_2` AS `payment_iso_code_2`, pz.`code` AS `payment_zone_code`,
  sc.`iso_code_2` AS `shipping_iso_code_2`, sz.`code` AS `shipping_zone_code`
FROM `oc_order` o
LEFT JOIN `oc_order_status` os ON os.`order_status_id` = o.`order_status_id` AND os.`language_id` = 1
LEFT JOIN `oc_country` pc ON pc.`country_id` = o.`payment_country_id`
LEFT JOIN `oc_zone` pz ON pz.`zone_id` = o.`payment_zone_id`
LEFT JOIN `oc_country` sc ON sc.`country_id` = o.`shipping_country_id`
LEFT JOIN `oc_zone` sz ON sz.`zone_id` = o.`shipping_zone_id`
WHERE o.`order_status_id` > 0
"""


def orders(
    db: Database, limit: int, offset: int, *, after_id: int | None = None, modified_from: str | None = None
) -> list[Row]:
    clauses, params = _order_filter(after_id, modified_from)
    rows = db.query(_ORDERS + clauses + " ORDER BY o.`order_id` LIMIT ? OFFSET ?", [*params, limit, offset])
    return _order_children(db, rows)


def order_info(db: Database, order_id: int) -> Row | None:
    """What 3.x ``model_checkout_order->getOrder`` returns: the order row with country and zone codes."""
    rows = db.query(_ORDERS + " AND o.`order_id` = ?", (order_id,))
    return jsonable(rows[0]) if rows else None


def order(db: Database, order_id: int) -> Row | None:
    found = _order_children(db, db.query(_ORDERS + " AND o.`order_id` = ?", (order_id,)))
    return found[0] if found else None


def _order_children(db: Database, rows: list[Row]) -> list[Row]:
    ids = [int(r["order_id"]) for r in rows]
    if not ids:
        return []
    marks = _marks(ids)
    lines = _grouped(
        db.query(f"SELECT * FROM `oc_order_product` WHERE `order_id` IN ({marks}) ORDER BY `order_product_id`", ids),
        "order_id",
    )
    options = _grouped(
        db.query(f"SELECT * FROM `oc_order_option` WHERE `order_id` IN ({marks}) ORDER BY `order_option_id`", ids),
        "order_product_id",
    )
    totals = _grouped(
        db.query(
            f"SELECT * FROM `oc_order_total` WHERE `order_id` IN ({marks}) ORDER BY `sort_order`, `order_total_id`",
            ids,
        ),
        "order_id",
    )
    out = []
    for row in rows:
        item = jsonable(row)
        oid = int(row["order_id"])
        item["products"] = [
            {**line, "option": options.get(int(line["order_product_id"]), [])} for line in lines.get(oid, [])
        ]
        item["totals"] = totals.get(oid, [])
        out.append(item)
    return out


# -- tax and settings --------------------------------------------------------------------------


def tax_rates(db: Database) -> list[Row]:
    """Each rate with its geo zone's country and zone, and the first tax class whose rule uses it."""
    rows = db.query(
        "SELECT tr.*, c.`iso_code_2`, z.`code` AS `zone_code`, "
        "(SELECT tc.`title` FROM `oc_tax_rule` r JOIN `oc_tax_class` tc ON tc.`tax_class_id` = r.`tax_class_id` "
        " WHERE r.`tax_rate_id` = tr.`tax_rate_id` ORDER BY r.`tax_rule_id` LIMIT 1) AS `tax_class` "
        "FROM `oc_tax_rate` tr "
        "LEFT JOIN `oc_zone_to_geo_zone` zg ON zg.`zone_to_geo_zone_id` = ("
        " SELECT MIN(`zone_to_geo_zone_id`) FROM `oc_zone_to_geo_zone` WHERE `geo_zone_id` = tr.`geo_zone_id`) "
        "LEFT JOIN `oc_country` c ON c.`country_id` = zg.`country_id` "
        "LEFT JOIN `oc_zone` z ON z.`zone_id` = zg.`zone_id` "
        "ORDER BY tr.`tax_rate_id`"
    )
    return [jsonable(r) for r in rows]


def settings(db: Database) -> Row:
    rows = db.query("SELECT `key`, `value` FROM `oc_setting` WHERE `store_id` = 0 AND `code` = 'config'")
    values: Row = {r["key"]: r["value"] for r in rows}
    country_id = int(values.get("config_country_id") or 0)
    values["config_country_iso"] = db.scalar(
        "SELECT `iso_code_2` FROM `oc_country` WHERE `country_id` = ?", (country_id,)
    )
    return values
