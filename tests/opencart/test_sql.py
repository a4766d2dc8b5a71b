"""Plain SQL with OpenCart's real column names reads what was loaded (store-apis.md 4.2)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from harness.model.store import Store
from harness.platforms.opencart import make_endpoint
from harness.platforms.opencart.endpoint import OpenCartEndpoint


def test_products_keep_model_and_sku_apart(endpoint: OpenCartEndpoint) -> None:
    db = endpoint.db
    rows = db.query(
        "SELECT p.product_id, p.model, p.quantity, p.price, p.subtract, p.status, pd.name "
        "FROM oc_product p JOIN oc_product_description pd ON pd.product_id = p.product_id AND pd.language_id = 1 "
        "ORDER BY p.product_id"
    )
    assert [(r["product_id"], r["model"], r["quantity"], r["status"]) for r in rows] == [
        (1, "MUG-01", 12, 1),
        (2, "TEE", 3, 1),  # options' stock summed on the product row
        (3, "", 100, 0),  # a missing Model is an empty string: the column is NOT NULL
    ]
    assert rows[0]["name"] == "Mug &amp; &lt;saucer&gt;"  # OpenCart stores text HTML-escaped
    assert Decimal(str(rows[1]["price"])) == Decimal("18.00")  # the cheapest option is the base price
    if endpoint.schema == "3":
        skus = db.query("SELECT product_id, sku, upc FROM oc_product ORDER BY product_id")
        assert [(r["sku"], r["upc"]) for r in skus] == [("SKU-MUG", "012345678905"), ("TEE-PARENT", ""), ("", "")]
    else:
        assert "sku" not in db.columns("oc_product")  # 4.1 moved identifiers out
        codes = db.query(
            "SELECT pc.product_id, pc.code, pc.value FROM oc_product_code pc "
            "JOIN oc_identifier i ON i.code = pc.code ORDER BY pc.product_code_id"
        )
        assert [(r["product_id"], r["code"], r["value"]) for r in codes] == [
            (1, "SKU", "SKU-MUG"),
            (1, "UPC", "012345678905"),
            (2, "SKU", "TEE-PARENT"),
        ]


def test_categories_attributes_and_specials(endpoint: OpenCartEndpoint) -> None:
    row = endpoint.db.query(
        "SELECT p.price, ps.price AS special, cd.name AS category, ad.name AS attribute, pa.text "
        "FROM oc_product p "
        "JOIN oc_product_special ps ON ps.product_id = p.product_id AND ps.customer_group_id = 1 "
        "JOIN oc_product_to_category p2c ON p2c.product_id = p.product_id "
        "JOIN oc_category_description cd ON cd.category_id = p2c.category_id AND cd.language_id = 1 "
        "JOIN oc_product_attribute pa ON pa.product_id = p.product_id AND pa.language_id = 1 "
        "JOIN oc_attribute_description ad ON ad.attribute_id = pa.attribute_id AND ad.language_id = 1 "
        "WHERE p.product_id = 1"
    )[0]
    assert (Decimal(str(row["price"])), Decimal(str(row["special"]))) == (Decimal("10"), Decimal("8.5"))
    assert (row["category"], row["attribute"], row["text"]) == ("Kitchen", "Material", "Stoneware &amp; glaze")


def test_options_carry_stock_but_no_code(endpoint: OpenCartEndpoint) -> None:
    rows = endpoint.db.query(
        "SELECT od.name AS option_name, ovd.name AS value, pov.quantity, pov.subtract, pov.price, pov.price_prefix "
        "FROM oc_product_option_value pov "
        "JOIN oc_option_description od ON od.option_id = pov.option_id AND od.language_id = 1 "
        "JOIN oc_option_value_description ovd ON ovd.option_value_id = pov.option_value_id AND ovd.language_id = 1 "
        "WHERE pov.product_id = 2 ORDER BY pov.product_option_value_id"
    )
    assert [(r["option_name"], r["value"], r["quantity"], r["subtract"], r["price_prefix"]) for r in rows] == [
        ("Size / Colour", "S / Red", 4, 1, "+"),
        ("Size / Colour", "M / Red", -1, 1, "+"),
        ("Size / Colour", "L / Blue", 0, 0, "+"),
    ]
    assert [Decimal(str(r["price"])) for r in rows] == [Decimal("1.99"), Decimal("3.49"), Decimal("0")]
    assert "sku" not in endpoint.db.columns("oc_product_option_value")


def test_orders_lines_totals_and_customers(endpoint: OpenCartEndpoint) -> None:
    db = endpoint.db
    lines = db.query(
        "SELECT order_id, model, quantity, price, total, tax FROM oc_order_product ORDER BY order_product_id"
    )
    assert [(r["order_id"], r["model"], r["quantity"]) for r in lines] == [
        (1, "TEE", 3),
        (1, "MUG-01", 1),
        (2, "", 4),
        (3, "TEE", 1),
    ]
    assert Decimal(str(lines[0]["tax"])) == Decimal("3.2167")  # per unit: (3.22 + 6.43) / 3
    totals = db.query(
        "SELECT code, title, value FROM oc_order_total WHERE order_id = 1 ORDER BY sort_order, order_total_id"
    )
    assert [(r["code"], r["title"]) for r in totals] == [
        ("sub_total", "Sub-Total"),
        ("reward", "Reward Points"),
        ("shipping", "Flat Shipping Rate"),
        ("coupon", "Coupon (SPRING10)"),
        ("tax", "GST"),
        ("tax", "QC QST"),
        ("handling", "Handling Fee"),
        ("total", "Total"),
    ]
    assert Decimal(str(totals[3]["value"])) == Decimal("-3")
    guest = db.query("SELECT code, title, value FROM oc_order_total WHERE order_id = 2 ORDER BY sort_order")
    assert [(r["code"], r["title"], Decimal(str(r["value"]))) for r in guest] == [
        ("sub_total", "Sub-Total", Decimal("5")),
        ("voucher", "Voucher (GIFT-2)", Decimal("-2")),  # a gift card is a voucher row, not a payment method
        ("total", "Total", Decimal("3")),
    ]
    order = db.query(
        "SELECT customer_id, email, payment_company, payment_zone, payment_method, order_status_id "
        "FROM oc_order ORDER BY order_id"
    )
    assert [r["customer_id"] for r in order] == [1, 0, 1]  # the guest's order has customer_id 0
    assert order[0]["payment_company"] == "Lefèvre &amp; Fils" and order[0]["payment_zone"] == "QC"
    assert [r["order_status_id"] for r in order] == [5, 1, 7]
    if endpoint.schema == "3":
        assert order[0]["payment_method"] == "PayPal Standard"
    else:
        assert order[0]["payment_method"] == '{"name": "PayPal Standard", "code": "pp_standard"}'
    customers = db.query(
        "SELECT c.customer_id, c.firstname, c.email, a.company, a.city FROM oc_customer c "
        "JOIN oc_address a ON a.customer_id = c.customer_id ORDER BY a.address_id"
    )
    assert [(r["firstname"], r["company"], r["city"]) for r in customers] == [
        ("Anna", "Lefèvre &amp; Fils", "Montréal"),
        ("Anna", "", "Laval"),
    ]


def test_tax_tables(endpoint: OpenCartEndpoint) -> None:
    rows = endpoint.db.query(
        "SELECT tc.title, tr.name, tr.rate, tr.type FROM oc_tax_rule r "
        "JOIN oc_tax_class tc ON tc.tax_class_id = r.tax_class_id "
        "JOIN oc_tax_rate tr ON tr.tax_rate_id = r.tax_rate_id ORDER BY r.tax_rule_id"
    )
    assert [(r["title"], r["name"], Decimal(str(r["rate"])), r["type"]) for r in rows] == [
        ("Taxable Goods", "GST", Decimal("5"), "P"),
        ("Taxable Goods", "QC QST", Decimal("9.975"), "P"),
    ]


def test_a_file_database_is_plain_sqlite(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "opencart.sqlite"
    make_endpoint(store, database=path).db.close()
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT model FROM oc_product WHERE product_id = 1").fetchone() == ("MUG-01",)
