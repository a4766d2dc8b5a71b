"""Canonical customers <-> Magento 2 customers (store-apis.md §6.2 "Customer").

Magento keeps the company and the telephone on addresses, not on the
customer, so the canonical ``company``/``phone`` are read from the default
billing address. Tax exemption is a customer-group matter in Magento; the
simulated store has a "Tax Exempt" group (id 4) next to the stock General (1),
Wholesale (2) and Retailer (3). Canonical custom fields are customer
``custom_attributes``.
"""

from __future__ import annotations

from typing import Any

from harness.model.store import Address, Customer
from harness.platforms.magento.formats import compact, date, from_date

GENERAL_GROUP = 1
TAX_EXEMPT_GROUP = 4
REMAINDER_CODE = "sync_sandbox_remainder"


def customer_to_wire(customer: Customer, *, customer_id: int, address_ids: list[int]) -> dict[str, Any]:
    addresses = [
        address_to_wire(a, address_id=aid, customer_id=customer_id, default=i == 0)
        for i, (a, aid) in enumerate(zip(customer.addresses, address_ids, strict=True))
    ]
    return compact(
        {
            "id": customer_id,
            "group_id": TAX_EXEMPT_GROUP if customer.tax_exempt else GENERAL_GROUP,
            "default_billing": str(address_ids[0]) if address_ids else None,
            "default_shipping": str(address_ids[0]) if address_ids else None,
            "created_at": date(customer.created_at),
            "updated_at": date(customer.created_at),
            "created_in": "Default Store View",
            "email": customer.email,
            "firstname": customer.first_name,
            "lastname": customer.last_name,
            "store_id": 1,
            "website_id": 1,
            "addresses": addresses,
            "disable_auto_group_change": 0,
            "extension_attributes": {"is_subscribed": False},
            "custom_attributes": [{"attribute_code": k, "value": v} for k, v in customer.custom_fields.items()],
        }
    )


def address_to_wire(address: Address, *, address_id: int, customer_id: int, default: bool) -> dict[str, Any]:
    street = [s for s in (address.line1, address.line2) if s is not None]
    if address.line1 is None and address.line2 is not None:
        street = ["", address.line2]
    return compact(
        {
            "id": address_id,
            "customer_id": customer_id,
            "region": compact({"region_code": address.region, "region": address.region, "region_id": 0}),
            "region_id": 0,
            "country_id": address.country,
            "street": street,
            "company": address.company,
            "telephone": address.phone,
            "postcode": address.postal_code,
            "city": address.city,
            "firstname": address.first_name,
            "lastname": address.last_name,
            "default_billing": default or None,
            "default_shipping": default or None,
        }
    )


def customer_from_wire(data: dict[str, Any]) -> Customer:
    addresses = data.get("addresses") or []
    billing_id = data.get("default_billing")
    billing = next((a for a in addresses if str(a.get("id")) == str(billing_id)), None)
    return Customer(
        id=str(data["id"]),
        first_name=data.get("firstname"),
        last_name=data.get("lastname"),
        company=billing.get("company") if billing else None,
        email=data.get("email"),
        phone=billing.get("telephone") if billing else None,
        addresses=[address_from_wire(a) for a in addresses],
        created_at=from_date(data.get("created_at")),
        tax_exempt=int(data.get("group_id") or GENERAL_GROUP) == TAX_EXEMPT_GROUP,
        custom_fields={
            a["attribute_code"]: str(a.get("value"))
            for a in data.get("custom_attributes") or []
            if a["attribute_code"] != REMAINDER_CODE
        },
    )


def address_from_wire(data: dict[str, Any]) -> Address:
    street = data.get("street") or []
    region = data.get("region")
    region_code = region.get("region_code") if isinstance(region, dict) else region
    return Address(
        first_name=data.get("firstname"),
        last_name=data.get("lastname"),
        company=data.get("company"),
        line1=(street[0] or None) if street else None,
        line2=street[1] if len(street) > 1 else None,
        city=data.get("city"),
        region=region_code,
        postal_code=data.get("postcode"),
        country=data.get("country_id"),
        phone=data.get("telephone"),
    )
