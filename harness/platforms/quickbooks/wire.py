"""Canonical Books ↔ QuickBooks Online JSON (the shapes of domain notes §4).

``books_to_rows`` gives the rows a simulated company is loaded with;
``rows_to_books`` reads rows back (used by ``endpoint.export_books`` and by
the engine-side client). The pair is lossless for every Books field QBO has a
place for, so "load, read back through HTTP" returns the same Books.

Two simulator conventions, both marked [simulator] where used:
- the company's "allow duplicate DocNumber" switch has no documented QBO field;
  it travels as ``Preferences.OtherPrefs.NameValue`` ``SalesFormsPrefs.AllowDuplicateDocNum``;
- ``Preferences.created_at`` travels as ``CompanyInfo.NameValue`` ``CompanyCreatedAt``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from harness.model.books import (
    Account,
    Books,
    Contact,
    ContactKind,
    Document,
    DocumentLine,
    Item,
    PaymentMethod,
    Preferences,
    TaxCode,
    TaxRate,
)
from harness.model.common import ZERO
from harness.platforms.quickbooks.entities import CLASSIFICATION
from harness.platforms.quickbooks.values import dec, wire_number

Row = dict[str, Any]

ALLOW_DUPLICATE_DOC_PREF = "SalesFormsPrefs.AllowDuplicateDocNum"
CREATED_AT_NAME = "CompanyCreatedAt"
CONTACT_ENTITIES: dict[str, ContactKind] = {"Customer": "customer", "Vendor": "vendor", "Employee": "employee"}
DOCUMENT_ENTITIES = ("Invoice", "SalesReceipt", "CreditMemo", "RefundReceipt", "Payment")
#: the entities a Books holds, in the order the client reads them
BOOKS_ENTITIES = (
    "CompanyInfo",
    "Preferences",
    "Account",
    "TaxRate",
    "TaxCode",
    "PaymentMethod",
    "Item",
    "Customer",
    "Vendor",
    "Employee",
    *DOCUMENT_ENTITIES,
)
_MONTHS = list(calendar.month_name)


# -- Books -> rows ----------------------------------------------------------------------------------


def books_to_rows(books: Books, stamp: str) -> dict[str, list[Row]]:
    """Every Books record as the row QBO would store, with ``MetaData`` set to ``stamp``."""
    accounts = {a.id: a for a in books.accounts}
    items = {i.id: i for i in books.items}
    names = {c.id: c.display_name for c in books.customers}
    rates = {r.id: r for r in books.tax_rates}
    out: dict[str, list[Row]] = {
        "CompanyInfo": [company_info_to_wire(books)],
        "Preferences": [preferences_to_wire(books.preferences)],
        "Account": [account_to_wire(a) for a in books.accounts],
        "TaxRate": [tax_rate_to_wire(r) for r in books.tax_rates],
        "TaxCode": [tax_code_to_wire(c, rates) for c in books.tax_codes],
        "PaymentMethod": [payment_method_to_wire(m) for m in books.payment_methods],
        "Item": [item_to_wire(i, items, accounts) for i in books.items],
        "Customer": [contact_to_wire(c, "Customer") for c in books.customers],
        "Vendor": [contact_to_wire(c, "Vendor") for c in books.vendors],
        "Employee": [contact_to_wire(c, "Employee") for c in books.employees],
        **{name: [] for name in DOCUMENT_ENTITIES},
    }
    for doc in books.documents:
        out[doc.type].append(document_to_wire(doc, items, names))
    # Loaded rows share one MetaData and one dict per distinct top-level reference (an item's three
    # account refs): at 290k items that is a few hundred MB. A stored row's nested values are never
    # changed in place (an update deep-copies the old row, a write sets new dicts), so sharing is safe.
    meta = {"CreateTime": stamp, "LastUpdatedTime": stamp}
    refs: dict[tuple[tuple[str, Any], ...], Row] = {}
    for rows in out.values():
        for row in rows:
            row["SyncToken"] = "0"
            row["domain"] = "QBO"
            row["sparse"] = False
            row.setdefault("MetaData", meta)
            for key, value in row.items():
                if key.endswith("Ref") and isinstance(value, dict) and all(type(v) is str for v in value.values()):
                    row[key] = refs.setdefault(tuple(value.items()), value)
    return out


def _ref(value: str | None, name: str | None = None) -> Row | None:
    if value is None:
        return None
    return {"value": value, "name": name} if name else {"value": value}


def _num(value: Decimal | None) -> int | float | None:
    return None if value is None else wire_number(value)


def _compact(row: Row) -> Row:
    """QBO leaves out properties without a value (§1.4)."""
    return {k: v for k, v in row.items() if v is not None}


def item_to_wire(item: Item, items: Mapping[str, Item], accounts: Mapping[str, Account]) -> Row:
    level, fqn = 0, item.name
    parent_id = item.parent_id
    seen = {item.id}
    while parent_id is not None and parent_id in items and parent_id not in seen:
        seen.add(parent_id)
        parent = items[parent_id]
        fqn = f"{parent.name}:{fqn}"
        level += 1
        parent_id = parent.parent_id

    def account(account_id: str | None) -> Row | None:
        known = accounts.get(account_id) if account_id is not None else None
        return _ref(account_id, known.name if known else None)

    return _compact(
        {
            "Id": item.id,
            "Name": item.name,
            "Sku": item.sku,
            "Type": item.type,
            "Description": item.description,
            "Active": item.active,
            "FullyQualifiedName": fqn,
            "SubItem": item.parent_id is not None,
            "ParentRef": _ref(item.parent_id),
            "Level": level,
            "Taxable": item.taxable,
            "UnitPrice": _num(item.unit_price),
            "PurchaseCost": _num(item.purchase_cost),
            "TrackQtyOnHand": item.track_qty,
            "QtyOnHand": _num(item.qty_on_hand),
            "InvStartDate": item.inv_start_date.isoformat() if item.inv_start_date else None,
            "IncomeAccountRef": account(item.income_account_id),
            "ExpenseAccountRef": account(item.expense_account_id),
            "AssetAccountRef": account(item.asset_account_id),
        }
    )


def contact_to_wire(contact: Contact, entity: str) -> Row:
    row: Row = {
        "Id": contact.id,
        "DisplayName": contact.display_name,
        "GivenName": contact.given_name,
        "FamilyName": contact.family_name,
        "CompanyName": contact.company if entity != "Employee" else None,
        "PrintOnCheckName": contact.display_name,
        "PrimaryEmailAddr": {"Address": contact.email} if contact.email else None,
        "PrimaryPhone": {"FreeFormNumber": contact.phone} if contact.phone else None,
        "Active": contact.active,
        "CurrencyRef": _ref(contact.currency) if entity != "Employee" else None,
    }
    if entity == "Customer":
        row.update(FullyQualifiedName=contact.display_name, Taxable=contact.taxable, Job=False, Balance=0)
    return _compact(row)


def account_to_wire(account: Account) -> Row:
    return _compact(
        {
            "Id": account.id,
            "Name": account.name,
            "FullyQualifiedName": account.name,
            "AccountType": account.type,
            "AccountSubType": account.sub_type,
            "Classification": CLASSIFICATION.get(account.type),
            "SubAccount": False,
            "CurrentBalance": 0,
            "CurrencyRef": _ref(account.currency),
            "Active": account.active,
        }
    )


def tax_rate_to_wire(rate: TaxRate) -> Row:
    return _compact(
        {
            "Id": rate.id,
            "Name": rate.name,
            "RateValue": wire_number(rate.rate),
            "AgencyRef": _ref(rate.agency),
            "Active": rate.active,
        }
    )


def tax_code_to_wire(code: TaxCode, rates: Mapping[str, TaxRate]) -> Row:
    details = [
        {
            "TaxRateRef": _ref(rate_id, rates[rate_id].name if rate_id in rates else None),
            "TaxTypeApplicable": "TaxOnAmount",
            "TaxOrder": order,
        }
        for order, rate_id in enumerate(code.sales_rate_ids)
    ]
    return _compact(
        {
            "Id": code.id,
            "Name": code.name,
            "Description": code.description,
            "Active": code.active,
            "Taxable": code.taxable,
            "TaxGroup": len(code.sales_rate_ids) > 1,
            "Hidden": False,
            "TaxCodeConfigType": "USER_DEFINED",
            "SalesTaxRateList": {"TaxRateDetail": details},
            "PurchaseTaxRateList": {"TaxRateDetail": []},
        }
    )


def payment_method_to_wire(method: PaymentMethod) -> Row:
    return {"Id": method.id, "Name": method.name, "Type": method.type, "Active": method.active}


def document_to_wire(doc: Document, items: Mapping[str, Item], customers: Mapping[str, str]) -> Row:
    customer = _ref(doc.customer_id, customers.get(doc.customer_id or ""))
    if doc.type == "Payment":
        return _compact(
            {
                "Id": doc.id,
                "TxnDate": doc.date.isoformat(),
                "PaymentRefNum": doc.number,
                "CustomerRef": customer,
                "CurrencyRef": _ref(doc.currency),
                "TotalAmt": wire_number(doc.total),
                "UnappliedAmt": wire_number(doc.total),
                "PrivateNote": doc.private_note,
            }
        )
    lines: list[Row] = []
    subtotal = ZERO
    for number, line in enumerate(doc.lines, start=1):
        lines.append(_line_to_wire(line, number, items))
        subtotal += line.amount
    lines.append({"Amount": wire_number(subtotal), "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}})
    row: Row = {
        "Id": doc.id,
        "DocNumber": doc.number,
        "TxnDate": doc.date.isoformat(),
        "CustomerRef": customer,
        "CurrencyRef": _ref(doc.currency),
        "Line": lines,
        "TxnTaxDetail": {"TotalTax": 0},
        "TotalAmt": wire_number(doc.total),
        "Balance": wire_number(doc.total) if doc.type in ("Invoice", "CreditMemo") else 0,
        "PrivateNote": doc.private_note,
        "PrintStatus": "NotSet",
        "EmailStatus": "NotSet",
    }
    return _compact(row)


def _line_to_wire(line: DocumentLine, number: int, items: Mapping[str, Item]) -> Row:
    has_detail = any(v is not None for v in (line.item_id, line.quantity, line.unit_price, line.tax_code_id))
    row: Row = {
        "Id": str(number),
        "LineNum": number,
        "Description": line.description,
        "Amount": wire_number(line.amount),
    }
    if has_detail:
        item = items.get(line.item_id or "")
        row["DetailType"] = "SalesItemLineDetail"
        row["SalesItemLineDetail"] = _compact(
            {
                "ItemRef": _ref(line.item_id, item.name if item else None),
                "Qty": _num(line.quantity),
                "UnitPrice": _num(line.unit_price),
                "TaxCodeRef": _ref(line.tax_code_id),
            }
        )
    else:
        row["DetailType"] = "DescriptionOnly"
        row["DescriptionLineDetail"] = {}
    return _compact(row)


def company_info_to_wire(books: Books) -> Row:
    prefs = books.preferences
    name_values = [{"Name": "OfferingSku", "Value": "QuickBooks Online Advanced"}]
    if prefs.created_at is not None:
        name_values.append({"Name": CREATED_AT_NAME, "Value": prefs.created_at.isoformat()})
    return {
        "Id": "1",
        "CompanyName": prefs.company_name,
        "LegalName": prefs.company_name,
        "Country": prefs.country,
        "CompanyAddr": {"Country": prefs.country},
        "SupportedLanguages": "en",
        "FiscalYearStartMonth": _MONTHS[prefs.fiscal_year_start_month],
        "NameValue": name_values,
    }


def preferences_to_wire(prefs: Preferences) -> Row:
    return {
        "Id": "1",
        "AccountingInfoPrefs": {"FirstMonthOfFiscalYear": _MONTHS[prefs.fiscal_year_start_month]},
        "ProductAndServicesPrefs": {
            "ForSales": True,
            "ForPurchase": True,
            "QuantityOnHand": prefs.inventory_tracking,
            "QuantityWithPriceAndRate": True,
        },
        "SalesFormsPrefs": {"CustomTxnNumbers": prefs.custom_txn_numbers, "AllowDiscount": True},
        "CurrencyPrefs": {"MultiCurrencyEnabled": prefs.multicurrency, "HomeCurrency": {"value": prefs.home_currency}},
        "TaxPrefs": {"UsingSalesTax": True, "PartnerTaxEnabled": prefs.automated_sales_tax},
        "OtherPrefs": {
            "NameValue": [
                {"Name": ALLOW_DUPLICATE_DOC_PREF, "Value": "true" if prefs.allow_duplicate_doc_numbers else "false"}
            ]
        },
    }


# -- rows -> Books ----------------------------------------------------------------------------------


def rows_to_books(realm_id: str, rows: Mapping[str, Iterable[Row]]) -> Books:
    """A Books from QBO rows (query results or a company's tables).

    Each entity's rows are iterated once, in ``BOOKS_ENTITIES`` order, so they may be generators
    that read page by page (the client's ``iter_all``).
    """
    info = next(iter(rows.get("CompanyInfo", ())), {})
    prefs_row = next(iter(rows.get("Preferences", ())), {})
    accounts = [account_from_wire(r) for r in rows.get("Account", ())]
    tax_rates = [tax_rate_from_wire(r) for r in rows.get("TaxRate", ())]
    tax_codes = [tax_code_from_wire(r) for r in rows.get("TaxCode", ()) if not is_pseudo_tax_code(r)]
    payment_methods = [payment_method_from_wire(r) for r in rows.get("PaymentMethod", ())]
    items = [item_from_wire(r) for r in rows.get("Item", ())]
    customers = [contact_from_wire(r, "Customer") for r in rows.get("Customer", ())]
    vendors = [contact_from_wire(r, "Vendor") for r in rows.get("Vendor", ())]
    employees = [contact_from_wire(r, "Employee") for r in rows.get("Employee", ())]
    documents: list[Document] = []
    for name in DOCUMENT_ENTITIES:
        documents.extend(document_from_wire(r, name) for r in rows.get(name, ()))
    return Books(
        realm_id=realm_id,
        preferences=preferences_from_wire(info, prefs_row),
        accounts=accounts,
        items=items,
        customers=customers,
        vendors=vendors,
        employees=employees,
        tax_codes=tax_codes,
        tax_rates=tax_rates,
        payment_methods=payment_methods,
        documents=documents,
    )


def is_pseudo_tax_code(row: Row) -> bool:
    """The US TAX/NON codes QBO adds itself (§4.8): not part of the company's own data."""
    return row.get("TaxCodeConfigType") == "SYSTEM_GENERATED" and row.get("Id") in ("TAX", "NON")


def _ref_value(ref: Any) -> str | None:
    if isinstance(ref, dict) and ref.get("value") not in (None, ""):
        return str(ref["value"])
    return None


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def item_from_wire(row: Row) -> Item:
    return Item(
        id=str(row["Id"]),
        name=str(row.get("Name", "")),
        sku=row.get("Sku") or None,
        type=row.get("Type", "NonInventory"),
        description=row.get("Description") or None,
        track_qty=bool(row.get("TrackQtyOnHand", False)),
        qty_on_hand=dec(row.get("QtyOnHand")),
        inv_start_date=_date(row.get("InvStartDate")),
        unit_price=dec(row.get("UnitPrice")),
        purchase_cost=dec(row.get("PurchaseCost")),
        taxable=bool(row.get("Taxable", True)),
        income_account_id=_ref_value(row.get("IncomeAccountRef")),
        expense_account_id=_ref_value(row.get("ExpenseAccountRef")),
        asset_account_id=_ref_value(row.get("AssetAccountRef")),
        active=row.get("Active", True) is not False,
        parent_id=_ref_value(row.get("ParentRef")),
    )


def contact_from_wire(row: Row, entity: str) -> Contact:
    return Contact(
        id=str(row["Id"]),
        kind=CONTACT_ENTITIES[entity],
        display_name=str(row.get("DisplayName", "")),
        given_name=row.get("GivenName") or None,
        family_name=row.get("FamilyName") or None,
        company=row.get("CompanyName") or None,
        email=(row.get("PrimaryEmailAddr") or {}).get("Address") or None,
        phone=(row.get("PrimaryPhone") or {}).get("FreeFormNumber") or None,
        active=row.get("Active", True) is not False,
        currency=_ref_value(row.get("CurrencyRef")),
        taxable=bool(row.get("Taxable", True)) if entity == "Customer" else True,
    )


def account_from_wire(row: Row) -> Account:
    return Account(
        id=str(row["Id"]),
        name=str(row.get("Name", "")),
        type=str(row.get("AccountType", "")),
        sub_type=row.get("AccountSubType") or None,
        currency=_ref_value(row.get("CurrencyRef")),
        active=row.get("Active", True) is not False,
    )


def tax_rate_from_wire(row: Row) -> TaxRate:
    return TaxRate(
        id=str(row["Id"]),
        name=str(row.get("Name", "")),
        rate=dec(row.get("RateValue")) or ZERO,
        agency=_ref_value(row.get("AgencyRef")),
        active=row.get("Active", True) is not False,
    )


def tax_code_from_wire(row: Row) -> TaxCode:
    details = (row.get("SalesTaxRateList") or {}).get("TaxRateDetail", [])
    return TaxCode(
        id=str(row["Id"]),
        name=str(row.get("Name", "")),
        description=row.get("Description") or None,
        taxable=bool(row.get("Taxable", True)),
        active=row.get("Active", True) is not False,
        sales_rate_ids=[v for d in details if (v := _ref_value(d.get("TaxRateRef"))) is not None],
    )


def payment_method_from_wire(row: Row) -> PaymentMethod:
    kind = row.get("Type")
    return PaymentMethod(
        id=str(row["Id"]),
        name=str(row.get("Name", "")),
        type=kind if kind in ("CREDIT_CARD", "NON_CREDIT_CARD") else "NON_CREDIT_CARD",
        active=row.get("Active", True) is not False,
    )


def document_from_wire(row: Row, entity: str) -> Document:
    lines = [
        _line_from_wire(line)
        for line in row.get("Line", [])
        if line.get("DetailType") in ("SalesItemLineDetail", "DescriptionOnly")
    ]
    number = row.get("PaymentRefNum") if entity == "Payment" else row.get("DocNumber")
    return Document(
        id=str(row["Id"]),
        type=entity,  # type: ignore[arg-type]
        number=number or None,
        date=_date(row.get("TxnDate")) or date(1970, 1, 1),
        customer_id=_ref_value(row.get("CustomerRef")),
        currency=_ref_value(row.get("CurrencyRef")),
        total=dec(row.get("TotalAmt")) or ZERO,
        lines=lines if entity != "Payment" else [],
        private_note=row.get("PrivateNote") or None,
    )


def _line_from_wire(line: Row) -> DocumentLine:
    detail = line.get("SalesItemLineDetail") or {}
    return DocumentLine(
        item_id=_ref_value(detail.get("ItemRef")),
        description=line.get("Description") or None,
        quantity=dec(detail.get("Qty")),
        unit_price=dec(detail.get("UnitPrice")),
        amount=dec(line.get("Amount")) or ZERO,
        tax_code_id=_ref_value(detail.get("TaxCodeRef")),
    )


def preferences_from_wire(info: Row, prefs: Row) -> Preferences:
    def section(name: str) -> Row:
        value = prefs.get(name)
        return value if isinstance(value, dict) else {}

    created_at = None
    for pair in info.get("NameValue", []):
        if pair.get("Name") == CREATED_AT_NAME:
            created_at = datetime.fromisoformat(str(pair["Value"]))
    allow_dup = any(
        pair.get("Name") == ALLOW_DUPLICATE_DOC_PREF and str(pair.get("Value")).lower() == "true"
        for pair in section("OtherPrefs").get("NameValue", [])
    )
    month = section("AccountingInfoPrefs").get("FirstMonthOfFiscalYear") or info.get("FiscalYearStartMonth")
    defaults = Preferences()
    return Preferences(
        company_name=str(info.get("CompanyName") or defaults.company_name),
        country=str(info.get("Country") or defaults.country),
        home_currency=_ref_value(section("CurrencyPrefs").get("HomeCurrency")) or defaults.home_currency,
        multicurrency=bool(section("CurrencyPrefs").get("MultiCurrencyEnabled", False)),
        inventory_tracking=section("ProductAndServicesPrefs").get("QuantityOnHand", True) is not False,
        automated_sales_tax=section("TaxPrefs").get("PartnerTaxEnabled") is True,
        custom_txn_numbers=section("SalesFormsPrefs").get("CustomTxnNumbers", True) is not False,
        allow_duplicate_doc_numbers=allow_dup,
        fiscal_year_start_month=_MONTHS.index(month) if month in _MONTHS[1:] else 1,
        created_at=created_at,
    )
