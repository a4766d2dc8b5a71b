"""Rules for the name-list entities (Item, Customer/Vendor/Employee, Account, TaxCode, TaxRate,
PaymentMethod) and the two singletons (CompanyInfo, Preferences).

Each ``prepare`` turns a cleaned draft into the stored row: it raises the
faults of domain notes §4 and §9.2 (2020 missing, 2040 characters, 2050
lengths, 2170 enumerations, 2500/610 references, 6010, 6080) and fills the
fields QBO computes (FullyQualifiedName, Level, Classification, defaults).
Uniqueness (6240) is checked by the company through its name index.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from harness.platforms.quickbooks import faults
from harness.platforms.quickbooks.entities import CLASSIFICATION, ENTITIES, ITEM_TYPES, EntityDef
from harness.platforms.quickbooks.tables import Effects, Row
from harness.platforms.quickbooks.values import dec, is_true, wire_number

if TYPE_CHECKING:
    from harness.platforms.quickbooks.company import Company

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def get_path(row: Any, path: str) -> Any:
    node = row
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def trim_name(row: Row, field: str) -> None:
    """Outer whitespace is not part of a name: QBO saves "  Widget " as "Widget" [inf]."""
    value = row.get(field)
    if isinstance(value, str):
        row[field] = value.strip()


def check_strings(entity: EntityDef, row: Row, *, forbidden: str = ":\t\n") -> None:
    """2040 for a separator in a name field, then 2050 for any field over its maximum (§10.1)."""
    for path in entity.no_colon:
        value = get_path(row, path)
        if isinstance(value, str) and any(ch in value for ch in forbidden):
            raise faults.invalid_string(value, path)
    for path, maximum in entity.lengths.items():
        if path.startswith("Line."):
            continue
        value = get_path(row, path)
        if isinstance(value, str) and len(value) > maximum:
            raise faults.string_length(path, maximum, len(value))


def no_effects(company: Company, row: Row) -> Effects:
    return Effects()


class ItemRules:
    """§4.1: Name, Type, the account refs each type needs, inventory start date and quantity."""

    entity = ENTITIES["Item"]
    effects = staticmethod(no_effects)

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row:
        row = dict(draft)
        trim_name(row, "Name")
        if not row.get("Name"):
            raise faults.required_missing("Name")
        # no colon (the sub-item separator), tab, newline or quotation mark (§4.1; connector-rules #12)
        check_strings(self.entity, row, forbidden=':\t\n"')
        item_type = row.get("Type")
        if not item_type:
            raise faults.required_missing("Type")
        if item_type not in ITEM_TYPES:
            raise faults.invalid_enumeration(str(item_type), "Type")
        if old is not None:
            if old.get("Type") == "Inventory" and item_type != "Inventory":
                raise faults.business_validation("You can't change the type of an inventory item.", "Type")
            if old.get("TrackQtyOnHand") is True and row.get("TrackQtyOnHand") is False:
                raise faults.business_validation(
                    "You can't turn off quantity tracking for this item.", "TrackQtyOnHand"
                )
        if item_type == "Inventory":
            if company.pref("ProductAndServicesPrefs", "QuantityOnHand") is False:
                raise faults.fault(5020, "You do not have permission to access this feature.", "Inventory tracking")
            row["TrackQtyOnHand"] = True
            for required in ("IncomeAccountRef", "ExpenseAccountRef", "AssetAccountRef", "InvStartDate"):
                if not row.get(required):
                    raise faults.required_missing(required)
            if dec(row.get("QtyOnHand")) is None:
                raise faults.required_missing("QtyOnHand")
            if old is not None and old.get("InvStartDate"):
                # on update the date is an adjustment date; reads keep the original (§4.1)
                row["InvStartDate"] = old["InvStartDate"]
        elif item_type == "Service" and not row.get("IncomeAccountRef"):
            raise faults.required_missing("IncomeAccountRef")
        elif item_type == "NonInventory" and not (row.get("ExpenseAccountRef") or row.get("IncomeAccountRef")):
            raise faults.required_missing("ExpenseAccountRef")
        for ref in ("IncomeAccountRef", "ExpenseAccountRef", "AssetAccountRef"):
            if ref in row:
                company.resolve_ref("Account", row[ref], f"{ref}.value")
        for ref in ("SalesTaxCodeRef", "PurchaseTaxCodeRef"):
            if ref in row:
                company.resolve_ref("TaxCode", row[ref], f"{ref}.value")
        name = str(row["Name"])
        level = 0
        if row.get("ParentRef"):
            parent = company.resolve_ref("Item", row["ParentRef"], "ParentRef.value")
            level = int(parent.get("Level", 0)) + 1
            if level > 4:
                raise faults.business_validation("Sub-items can be nested at most 5 levels deep.", "ParentRef")
            row["SubItem"] = True
            row["FullyQualifiedName"] = f"{parent.get('FullyQualifiedName') or parent['Name']}:{name}"
        else:
            row["SubItem"] = False
            row["FullyQualifiedName"] = name
        row["Level"] = level
        for number in ("UnitPrice", "PurchaseCost", "QtyOnHand"):
            value = dec(row.get(number))
            if value is not None:
                row[number] = wire_number(value)
        row.setdefault("Active", True)
        row.setdefault("Taxable", False)
        row.setdefault("UnitPrice", 0)
        row.setdefault("PurchaseCost", 0)
        row.setdefault("TrackQtyOnHand", False)
        return row


class ContactRules:
    """§4.2: DisplayName (built from the name parts when absent), lengths, colons, e-mail form."""

    def __init__(self, entity_name: str) -> None:
        self.entity = ENTITIES[entity_name]

    effects = staticmethod(no_effects)

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row:
        row = dict(draft)
        trim_name(row, "DisplayName")
        if not row.get("DisplayName"):
            parts = [row.get(p) for p in ("Title", "GivenName", "MiddleName", "FamilyName", "Suffix")]
            built = " ".join(str(p).strip() for p in parts if p and str(p).strip())
            if not built:
                if old is not None and old.get("DisplayName"):
                    built = old["DisplayName"]  # a sparse update cannot clear it (§5)
                else:
                    raise faults.no_name_provided()
            row["DisplayName"] = built
        check_strings(self.entity, row)
        email = get_path(row, "PrimaryEmailAddr.Address")
        if isinstance(email, str) and not _EMAIL.match(email):
            raise faults.invalid_email("PrimaryEmailAddr.Address")
        display = str(row["DisplayName"])
        if self.entity.name == "Customer" and row.get("ParentRef"):
            parent = company.resolve_ref("Customer", row["ParentRef"], "ParentRef.value")
            row["FullyQualifiedName"] = f"{parent.get('FullyQualifiedName') or parent['DisplayName']}:{display}"
            row["Level"] = int(parent.get("Level", 0)) + 1
            row.setdefault("Job", True)
        elif self.entity.name == "Customer":
            row["FullyQualifiedName"] = display
        row.setdefault("PrintOnCheckName", display)
        row.setdefault("Active", True)
        for addr in ("BillAddr", "ShipAddr"):
            if isinstance(row.get(addr), dict) and "Id" not in row[addr]:
                row[addr]["Id"] = str(company.next_sequence("address", 100))
        if self.entity.name == "Customer":
            if row.get("DefaultTaxCodeRef"):
                company.resolve_ref("TaxCode", row["DefaultTaxCodeRef"], "DefaultTaxCodeRef.value")
            balance = dec(row.get("Balance")) if old is None else dec(old.get("Balance"))
            row["Balance"] = wire_number(balance or Decimal(0))
            row["BalanceWithJobs"] = row["Balance"]
            row.setdefault("Taxable", True)
            row.setdefault("Job", False)
            row.setdefault("BillWithParent", False)
            row.setdefault("PreferredDeliveryMethod", "Print")
            row.setdefault("IsProject", False)
            row.setdefault("CurrencyRef", {"value": company.home_currency})
        elif self.entity.name == "Vendor":
            row.setdefault("Balance", 0)
            row.setdefault("Vendor1099", False)
            row.setdefault("CurrencyRef", {"value": company.home_currency})
        return row


class AccountRules:
    """§4.3: Name without colon or quote, AccountType required (6010) and from the enumeration."""

    entity = ENTITIES["Account"]
    effects = staticmethod(no_effects)

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row:
        row = dict(draft)
        trim_name(row, "Name")
        if not row.get("Name"):
            raise faults.required_missing("Name")
        check_strings(self.entity, row, forbidden=':"')
        account_type = row.get("AccountType")
        if not account_type:
            raise faults.invalid_account_type()
        if account_type not in CLASSIFICATION:
            raise faults.invalid_enumeration(str(account_type), "AccountType")
        number = row.get("AcctNum")
        if isinstance(number, str):
            self._check_account_number(company, number)
        row["Classification"] = CLASSIFICATION[str(account_type)]
        name = str(row["Name"])
        if row.get("ParentRef"):
            parent = company.resolve_ref("Account", row["ParentRef"], "ParentRef.value")
            row["SubAccount"] = True
            row["FullyQualifiedName"] = f"{parent.get('FullyQualifiedName') or parent['Name']}:{name}"
        else:
            row["SubAccount"] = False
            row["FullyQualifiedName"] = name
        row.setdefault("Active", True)
        row["CurrentBalance"] = old.get("CurrentBalance", 0) if old else 0
        row.setdefault("CurrencyRef", {"value": company.home_currency})
        return row

    @staticmethod
    def _check_account_number(company: Company, number: str) -> None:
        country = company.country.upper()
        if country == "FR":
            if not 6 <= len(number) <= 20 or not number[:1].isdigit():
                raise faults.business_validation(
                    "Account numbers must follow the plan compatable numbering system.", "AcctNum"
                )
            return
        maximum = 20 if country in ("CA", "AU") else 7
        if len(number) > maximum:
            raise faults.string_length("AcctNum", maximum, len(number))


class NamedListRules:
    """TaxCode, TaxRate and PaymentMethod: a required unique Name and a few enumerations."""

    def __init__(self, entity_name: str) -> None:
        self.entity = ENTITIES[entity_name]

    effects = staticmethod(no_effects)

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row:
        row = dict(draft)
        trim_name(row, "Name")
        if not row.get("Name"):
            raise faults.required_missing("Name")
        check_strings(self.entity, row)
        row.setdefault("Active", True)
        if self.entity.name == "PaymentMethod":
            kind = row.setdefault("Type", "NON_CREDIT_CARD")
            if kind not in ("CREDIT_CARD", "NON_CREDIT_CARD"):
                raise faults.invalid_enumeration(str(kind), "Type")
        elif self.entity.name == "TaxRate":
            rate = dec(row.get("RateValue"))
            row["RateValue"] = wire_number(rate if rate is not None else Decimal(0))
        elif self.entity.name == "TaxCode":
            for list_name in ("SalesTaxRateList", "PurchaseTaxRateList"):
                for detail in (row.get(list_name) or {}).get("TaxRateDetail", []):
                    company.resolve_ref("TaxRate", detail.get("TaxRateRef"), f"{list_name}.TaxRateRef.value")
            row.setdefault("Taxable", True)
            row.setdefault("TaxGroup", False)
            row.setdefault("Hidden", False)
        return row


class SingletonRules:
    """CompanyInfo and Preferences: one object (Id "1"), updated section by section."""

    effects = staticmethod(no_effects)

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row:
        merged: Row = {k: copy.deepcopy(v) for k, v in (old or {}).items() if k not in _SERVER}
        for key, value in draft.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        for flag in ("CustomTxnNumbers", "AllowDuplicateDocNum"):
            section = merged.get("SalesFormsPrefs")
            if isinstance(section, dict) and flag in section:
                section[flag] = is_true(section[flag])
        return merged


_SERVER = frozenset({"Id", "SyncToken", "MetaData", "domain", "sparse"})
