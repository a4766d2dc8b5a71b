"""What the simulator knows about each QuickBooks entity: kind, unique name, lengths, queryable fields.

One table instead of per-entity ``if`` ladders: the company, the validators and
the query evaluator all read it. Lengths and character rules are domain notes
§4 and §10.1; queryable properties follow §6 (a property not listed here is a
4001 "Property ... not found" in a query).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

EntityKind = Literal["list", "contact", "txn", "singleton"]

COMMON_FIELDS = frozenset({"Id", "SyncToken", "MetaData.CreateTime", "MetaData.LastUpdatedTime", "domain", "sparse"})

#: fields QBO overwrites whatever the client sends (§3 "any value you supply is over-written")
COMMON_READ_ONLY = frozenset({"FullyQualifiedName", "Level", "MetaData", "domain", "sparse", "Id", "SyncToken"})

_ADDRESS_LENGTHS = {
    f"{addr}.{part}": size
    for addr in ("BillAddr", "ShipAddr")
    for part, size in (
        ("Line1", 500),
        ("Line2", 500),
        ("Line3", 500),
        ("Line4", 500),
        ("Line5", 500),
        ("City", 255),
        ("Country", 255),
        ("CountrySubDivisionCode", 255),
        ("PostalCode", 30),
    )
}

_CONTACT_LENGTHS = {
    "DisplayName": 500,
    "Title": 16,
    "Suffix": 16,
    "GivenName": 100,
    "MiddleName": 100,
    "FamilyName": 100,
    "CompanyName": 100,
    "PrintOnCheckName": 110,
    "Notes": 2000,
    "ResaleNum": 16,
    "PrimaryEmailAddr.Address": 100,
    "PrimaryPhone.FreeFormNumber": 30,
    "Mobile.FreeFormNumber": 30,
    "Fax.FreeFormNumber": 30,
    "WebAddr.URI": 1000,
    **_ADDRESS_LENGTHS,
}

_CONTACT_FIELDS = frozenset(
    {
        "DisplayName",
        "GivenName",
        "MiddleName",
        "FamilyName",
        "Title",
        "Suffix",
        "CompanyName",
        "FullyQualifiedName",
        "PrintOnCheckName",
        "PrimaryEmailAddr",
        "PrimaryPhone",
        "Active",
        "Balance",
        "Notes",
    }
)

_TXN_LENGTHS = {"DocNumber": 21, "PrivateNote": 4000, "Line.Description": 4000, "PaymentRefNum": 21}

_TXN_FIELDS = frozenset(
    {
        "DocNumber",
        "TxnDate",
        "CustomerRef",
        "TotalAmt",
        "Balance",
        "DueDate",
        "PrivateNote",
        "CurrencyRef",
        "DepositToAccountRef",
        "PaymentMethodRef",
        "EmailStatus",
        "PrintStatus",
    }
)

_TXN_READ_ONLY = frozenset({"TotalAmt", "Balance", "HomeBalance", "HomeTotalAmt", "InvoiceLink", "RemainingCredit"})


@dataclass(frozen=True)
class EntityDef:
    name: str
    kind: EntityKind
    #: the field unique within ``name_scope`` (Item: FullyQualifiedName, contacts: DisplayName)
    unique_field: str | None = None
    #: index shared by several entities: customers, vendors and employees share "contact" (§4.2)
    name_scope: str | None = None
    lengths: Mapping[str, int] = field(default_factory=dict)
    #: fields in which a colon is refused with 2040 (the sub-item/sub-customer separator, §4.1-§4.3)
    no_colon: tuple[str, ...] = ()
    queryable: frozenset[str] = frozenset()
    read_only: frozenset[str] = frozenset()
    #: can be created by ``POST /<entity>`` (TaxCode/TaxRate go through TaxService, §4.8-§4.9)
    creatable: bool = True
    #: CDC serves it (§8: not TaxCode or TaxRate)
    cdc: bool = True

    @property
    def is_name_list(self) -> bool:
        return self.kind in ("list", "contact")

    def knows(self, prop: str) -> bool:
        return prop in COMMON_FIELDS or prop in self.queryable


ENTITIES: dict[str, EntityDef] = {
    e.name: e
    for e in (
        EntityDef(
            "Item",
            "list",
            unique_field="FullyQualifiedName",
            name_scope="item",
            lengths={"Name": 100, "Sku": 100, "Description": 4000, "PurchaseDesc": 1000},
            no_colon=("Name",),
            queryable=frozenset(
                {
                    "Name",
                    "Sku",
                    "Type",
                    "Active",
                    "FullyQualifiedName",
                    "Description",
                    "UnitPrice",
                    "PurchaseCost",
                    "QtyOnHand",
                    "TrackQtyOnHand",
                    "Taxable",
                    "ParentRef",
                    "SubItem",
                    "Level",
                    "InvStartDate",
                    "IncomeAccountRef",
                    "ExpenseAccountRef",
                    "AssetAccountRef",
                }
            ),
        ),
        EntityDef(
            "Customer",
            "contact",
            unique_field="DisplayName",
            name_scope="contact",
            lengths=_CONTACT_LENGTHS,
            no_colon=("DisplayName", "GivenName", "MiddleName", "FamilyName", "PrintOnCheckName"),
            queryable=_CONTACT_FIELDS | {"Taxable", "Job", "ParentRef", "CurrencyRef"},
            read_only=frozenset({"BalanceWithJobs"}),
        ),
        EntityDef(
            "Vendor",
            "contact",
            unique_field="DisplayName",
            name_scope="contact",
            lengths=_CONTACT_LENGTHS,
            no_colon=("DisplayName", "GivenName", "MiddleName", "FamilyName", "PrintOnCheckName"),
            queryable=_CONTACT_FIELDS | {"CurrencyRef", "Vendor1099"},
        ),
        EntityDef(
            "Employee",
            "contact",
            unique_field="DisplayName",
            name_scope="contact",
            lengths=_CONTACT_LENGTHS,
            no_colon=("DisplayName", "GivenName", "MiddleName", "FamilyName", "PrintOnCheckName"),
            queryable=_CONTACT_FIELDS | {"EmployeeNumber", "HiredDate"},
        ),
        EntityDef(
            "Account",
            "list",
            unique_field="FullyQualifiedName",
            name_scope="account",
            lengths={"Name": 100, "Description": 100},
            no_colon=("Name", "AcctNum"),
            queryable=frozenset(
                {
                    "Name",
                    "AccountType",
                    "AccountSubType",
                    "Classification",
                    "FullyQualifiedName",
                    "Active",
                    "AcctNum",
                    "CurrentBalance",
                    "SubAccount",
                    "ParentRef",
                    "CurrencyRef",
                }
            ),
            read_only=frozenset({"Classification", "CurrentBalance", "CurrentBalanceWithSubAccounts", "SubAccount"}),
        ),
        EntityDef(
            "TaxCode",
            "list",
            unique_field="Name",
            name_scope="taxcode",
            lengths={"Name": 100},
            queryable=frozenset({"Name", "Active", "Taxable", "TaxGroup", "Description", "Hidden"}),
            creatable=False,
            cdc=False,
        ),
        EntityDef(
            "TaxRate",
            "list",
            unique_field="Name",
            name_scope="taxrate",
            lengths={"Name": 100},
            queryable=frozenset({"Name", "Active", "RateValue", "AgencyRef", "Description"}),
            creatable=False,
            cdc=False,
        ),
        EntityDef(
            "PaymentMethod",
            "list",
            unique_field="Name",
            name_scope="paymentmethod",
            lengths={"Name": 31},  # [inf] the PaymentMethod reference page's limit
            queryable=frozenset({"Name", "Active", "Type"}),
        ),
        EntityDef(
            "Invoice",
            "txn",
            lengths=_TXN_LENGTHS,
            queryable=_TXN_FIELDS,
            read_only=_TXN_READ_ONLY | {"LinkedTxn"},
        ),
        EntityDef("SalesReceipt", "txn", lengths=_TXN_LENGTHS, queryable=_TXN_FIELDS, read_only=_TXN_READ_ONLY),
        EntityDef("CreditMemo", "txn", lengths=_TXN_LENGTHS, queryable=_TXN_FIELDS, read_only=_TXN_READ_ONLY),
        EntityDef("RefundReceipt", "txn", lengths=_TXN_LENGTHS, queryable=_TXN_FIELDS, read_only=_TXN_READ_ONLY),
        EntityDef(
            "Payment",
            "txn",
            lengths={"PrivateNote": 4000, "PaymentRefNum": 21},
            queryable=_TXN_FIELDS | {"PaymentRefNum", "UnappliedAmt"},
            read_only=frozenset({"UnappliedAmt", "HomeTotalAmt"}),
        ),
        EntityDef(
            "CompanyInfo",
            "singleton",
            queryable=frozenset({"CompanyName", "LegalName", "Country"}),
            creatable=False,
        ),
        EntityDef("Preferences", "singleton", creatable=False),
    )
}

#: URL path segment (lower case, §1.2 "match case-insensitively") to entity
BY_PATH: dict[str, EntityDef] = {name.lower(): e for name, e in ENTITIES.items()}

#: case-insensitive entity names for queries (§6: keywords and names are case-insensitive)
BY_LOWER_NAME = BY_PATH

TRANSACTIONS = tuple(name for name, e in ENTITIES.items() if e.kind == "txn")

#: Sales documents whose lines move stock: -1 sells, +1 takes back (§11)
STOCK_DIRECTION: dict[str, int] = {"Invoice": -1, "SalesReceipt": -1, "CreditMemo": 1, "RefundReceipt": 1}

#: Account classification derived from AccountType (read-only on Account, §4.3)
CLASSIFICATION: dict[str, str] = {
    "Bank": "Asset",
    "Accounts Receivable": "Asset",
    "Other Current Asset": "Asset",
    "Fixed Asset": "Asset",
    "Other Asset": "Asset",
    "Accounts Payable": "Liability",
    "Credit Card": "Liability",
    "Other Current Liability": "Liability",
    "Long Term Liability": "Liability",
    "Equity": "Equity",
    "Income": "Revenue",
    "Other Income": "Revenue",
    "Cost of Goods Sold": "Expense",
    "Expense": "Expense",
    "Other Expense": "Expense",
    "Non-Posting": "Liability",
}

ITEM_TYPES = ("Inventory", "NonInventory", "Service", "Category", "Group")
