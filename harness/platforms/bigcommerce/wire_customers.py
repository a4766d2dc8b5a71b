"""Canonical customers <-> BigCommerce v3 customers (store-apis.md §5.2 "Customer").

Addresses and form fields come embedded when ``include=addresses,formfields``
asks for them. Canonical custom fields become form fields (BigCommerce's own
per-customer name/value pairs); ``tax_exempt`` becomes a non-empty
``tax_exempt_category``. Guest customers do not exist in BigCommerce's
customer list (guests live only on orders), so a canonical guest is served as
a customer and the flag travels in the remainder.
"""

from __future__ import annotations

from typing import Any

from harness.model.store import Address, Customer
from harness.platforms.bigcommerce.formats import country_name, from_text, from_v3_date, text, v3_date

TAX_EXEMPT_CATEGORY = "E"


def customer_to_wire(customer: Customer, *, customer_id: int, address_ids: list[int]) -> dict[str, Any]:
    return {
        "id": customer_id,
        "email": text(customer.email),
        "first_name": text(customer.first_name),
        "last_name": text(customer.last_name),
        "company": text(customer.company),
        "phone": text(customer.phone),
        "notes": "",
        "tax_exempt_category": TAX_EXEMPT_CATEGORY if customer.tax_exempt else "",
        "customer_group_id": 0,
        "registration_ip_address": "",
        "date_created": v3_date(customer.created_at),
        "date_modified": v3_date(customer.created_at),
        "address_count": len(customer.addresses),
        "addresses": [
            address_to_wire(a, address_id=aid, customer_id=customer_id)
            for a, aid in zip(customer.addresses, address_ids, strict=True)
        ],
        "form_fields": [{"name": k, "value": v, "customer_id": customer_id} for k, v in customer.custom_fields.items()],
        "store_credit_amounts": [{"amount": 0}],
        "channel_ids": [1],
        "accepts_product_review_abandoned_cart_emails": False,
    }


def address_to_wire(address: Address, *, address_id: int, customer_id: int) -> dict[str, Any]:
    return {
        "id": address_id,
        "customer_id": customer_id,
        "first_name": text(address.first_name),
        "last_name": text(address.last_name),
        "company": text(address.company),
        "address1": text(address.line1),
        "address2": text(address.line2),
        "city": text(address.city),
        "state_or_province": text(address.region),
        "postal_code": text(address.postal_code),
        "country": country_name(address.country),
        "country_code": text(address.country),
        "phone": text(address.phone),
        "address_type": "residential",
    }


def customer_from_wire(data: dict[str, Any]) -> Customer:
    return Customer(
        id=str(data["id"]),
        first_name=from_text(data.get("first_name")),
        last_name=from_text(data.get("last_name")),
        company=from_text(data.get("company")),
        email=from_text(data.get("email")),
        phone=from_text(data.get("phone")),
        addresses=[address_from_wire(a) for a in data.get("addresses") or []],
        created_at=from_v3_date(data.get("date_created")),
        tax_exempt=bool(data.get("tax_exempt_category")),
        custom_fields={f["name"]: str(f["value"]) for f in data.get("form_fields") or []},
    )


def address_from_wire(data: dict[str, Any]) -> Address:
    return Address(
        first_name=from_text(data.get("first_name")),
        last_name=from_text(data.get("last_name")),
        company=from_text(data.get("company")),
        line1=from_text(data.get("address1")),
        line2=from_text(data.get("address2")),
        city=from_text(data.get("city")),
        region=from_text(data.get("state_or_province")),
        postal_code=from_text(data.get("postal_code")),
        country=from_text(data.get("country_code")),
        phone=from_text(data.get("phone")),
    )
