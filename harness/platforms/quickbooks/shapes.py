"""JSON shape checks of request bodies: a value of the wrong type is a 2010, as QBO's parser answers.

QBO deserializes bodies into typed objects, so ``"Name": 5`` or ``"Line": "x"``
fails before any business rule with 2010 "Request has invalid or unsupported
property" (§9.2). The checks go by property name, the same in every entity
(``*Ref`` is always a reference, ``Line`` always a list of objects), so one
table covers all entities.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from harness.platforms.quickbooks import faults

_STRING = frozenset(
    {
        "Name",
        "Sku",
        "Type",
        "Description",
        "PurchaseDesc",
        "DisplayName",
        "GivenName",
        "MiddleName",
        "FamilyName",
        "Title",
        "Suffix",
        "CompanyName",
        "PrintOnCheckName",
        "Notes",
        "ResaleNum",
        "DocNumber",
        "TxnDate",
        "DueDate",
        "ShipDate",
        "ServiceDate",
        "InvStartDate",
        "OpenBalanceDate",
        "PrivateNote",
        "PaymentRefNum",
        "AccountType",
        "AccountSubType",
        "AcctNum",
        "GlobalTaxCalculation",
        "PrintStatus",
        "EmailStatus",
        "PreferredDeliveryMethod",
        "DetailType",
        "TxnType",
        "Address",
        "FreeFormNumber",
        "URI",
        "Line1",
        "Line2",
        "Line3",
        "Line4",
        "Line5",
        "City",
        "Country",
        "CountrySubDivisionCode",
        "PostalCode",
    }
)
#: dates are ``YYYY-MM-DD`` (§1.4); QBO also takes a full timestamp and keeps its date part [inf]
_DATE = frozenset({"TxnDate", "DueDate", "ShipDate", "ServiceDate", "InvStartDate", "OpenBalanceDate"})

_NUMBER = frozenset(
    {
        "QtyOnHand",
        "UnitPrice",
        "PurchaseCost",
        "TotalAmt",
        "Balance",
        "RateValue",
        "ExchangeRate",
        "Deposit",
        "Amount",
        "Qty",
        "TotalTax",
        "DiscountPercent",
        "ReorderPoint",
    }
)
_BOOLEAN = frozenset(
    {
        "Active",
        "Taxable",
        "TrackQtyOnHand",
        "SubItem",
        "Job",
        "BillWithParent",
        "sparse",
        "ApplyTaxAfterDiscount",
        "PercentBased",
        "TaxGroup",
        "Hidden",
        "CustomTxnNumbers",
        "MultiCurrencyEnabled",
        "PartnerTaxEnabled",
        "QuantityOnHand",
    }
)
_OBJECT = frozenset(
    {
        "BillAddr",
        "ShipAddr",
        "PrimaryEmailAddr",
        "BillEmail",
        "PrimaryPhone",
        "Mobile",
        "Fax",
        "WebAddr",
        "TxnTaxDetail",
        "MetaData",
        "CustomerMemo",
        "SalesItemLineDetail",
        "DiscountLineDetail",
        "DescriptionLineDetail",
        "SubTotalLineDetail",
        "GroupLineDetail",
        "TaxLineDetail",
        "SalesTaxRateList",
        "PurchaseTaxRateList",
        "OtherPrefs",
    }
)
_OBJECT_LIST = frozenset({"Line", "LinkedTxn", "TaxLine", "TaxRateDetail", "NameValue", "CustomField"})


def check_shapes(body: Any, path: str = "") -> None:
    """Raise 2010 naming the first property whose value has the wrong JSON type."""
    if not isinstance(body, dict):
        raise faults.invalid_property(f"{path or 'Request body'} must be a JSON object", path)
    for key, value in body.items():
        if value is None or value == "":
            continue  # "not supplied" (§3)
        kind = _kind(key)
        if kind is None:
            continue
        if not (isinstance(value, str) if kind == "string" else _matches(kind, value)):
            here = f"{path}.{key}" if path else key
            raise faults.invalid_property(f"Property {here} is not valid: expected {kind}", here)
        if key in _DATE and not _DATE_FORM.match(value):
            here = f"{path}.{key}" if path else key
            raise faults.invalid_property(f"Property {here} is not valid: expected a date (yyyy-MM-dd)", here)
        if kind == "object" or (kind == "reference" and (len(value) != 1 or "value" not in value)):
            # a reference that is only {"value": …} was checked whole by _matches: nothing else to walk
            check_shapes(value, f"{path}.{key}" if path else key)
        elif kind == "list of objects":
            here = f"{path}.{key}" if path else key
            for item in value:
                check_shapes(item, here)


_DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}(T[0-9:.+-]+Z?)?$")


@lru_cache(maxsize=4096)
def _kind(key: str) -> str | None:
    """The JSON type a property must have; cached, as a batch of 30 invoices asks it thousands of times."""
    if key in _STRING:
        return "string"
    if key in _NUMBER:
        return "number"
    if key in _BOOLEAN:
        return "boolean"
    if key.endswith("Ref"):
        return "reference"
    if key in _OBJECT or key.endswith("Prefs"):
        return "object"
    if key in _OBJECT_LIST:
        return "list of objects"
    return None


def _matches(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "number":
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            return True
        return isinstance(value, str) and _numeric(value)
    if kind == "boolean":
        return isinstance(value, bool) or (isinstance(value, str) and value.lower() in ("true", "false"))
    if kind == "reference":
        return (
            isinstance(value, dict)
            and isinstance(value.get("value", ""), (str, int))
            and not isinstance(value.get("value"), bool)
        )
    if kind == "object":
        return isinstance(value, dict)
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
