"""QuickBooks Online list exports: Products and Services, and the customer list.

Only items and customers are read; the rest of the Books keeps its defaults.
Ids are numbered in file order, so the same file always gives the same Books.
Account columns hold account names only: each name becomes an Account whose
type is read from the column it first appears in (Income Account: Income,
Expense Account: Cost of Goods Sold, Inventory Asset Account: an inventory
Other Current Asset), so items keep their account links.
"""

from __future__ import annotations

import re

from harness.model.books import Account, Contact, Item, ItemType
from harness.model.common import as_money
from harness.sources.imports.table import Row, Table

#: the lines QuickBooks writes under a list report: a total, and the "Friday, November 28, 2026 10:02 AM" stamp
_STAMP = re.compile(r"^(mon|tues|wednes|thurs|fri|satur|sun)day, ", re.IGNORECASE)


def _rows(table: Table) -> list[Row]:
    """The data rows, without the report footer (a TOTAL row, and the time stamp alone on its line)."""
    return [row for row in table if not _is_footer(row.cells)]


def _is_footer(cells: list[str]) -> bool:
    first = cells[0].strip()
    alone = not any(c.strip() for c in cells[1:])
    return first.upper() == "TOTAL" or (alone and bool(_STAMP.match(first)))


NAME_COLUMNS = ("Product/Service Name", "Product/Service", "Name")
_TYPES: dict[str, ItemType] = {
    "inventory": "Inventory",
    "non-inventory": "NonInventory",
    "noninventory": "NonInventory",
    "service": "Service",
    "bundle": "Group",
    "group": "Group",
}


_ACCOUNT_COLUMNS: dict[str, tuple[str, str | None]] = {
    "Income Account": ("Income", "SalesOfProductIncome"),
    "Expense Account": ("Cost of Goods Sold", "SuppliesMaterialsCogs"),
    "Inventory Asset Account": ("Other Current Asset", "Inventory"),
}


def account_id(row: Row, column: str, accounts: dict[str, Account]) -> str | None:
    """The id of the account named in ``column``, adding it to ``accounts`` the first time it is seen."""
    name = row.get(column)
    if not name:
        return None
    account = accounts.get(name)
    if account is None:
        type_, sub_type = _ACCOUNT_COLUMNS[column]
        account = Account(id=str(len(accounts) + 1), name=name, type=type_, sub_type=sub_type)
        accounts[name] = account
    return account.id


def items(table: Table, first_id: int = 1, accounts: dict[str, Account] | None = None) -> list[Item]:
    """Items in file order; ``accounts`` (name -> Account) collects the accounts they name."""
    accounts = {} if accounts is None else accounts
    name_column = table.require_one(*NAME_COLUMNS)
    table.require("Type")
    price_column = table.require_one("Sales Price/Rate", "Price")
    result: list[Item] = []
    by_full_name: dict[str, Item] = {}
    for row in _rows(table):
        full_name = row.get(name_column)
        if not full_name:
            raise row.fail(name_column, "an item needs a name")
        type_text = row.get("Type")
        item_type = _TYPES.get(type_text.lower())
        if item_type is None:
            raise row.fail("Type", f'expected Inventory, Non-inventory, Service or Bundle, got "{type_text}"')
        parent_name, _, name = full_name.rpartition(":")
        parent = by_full_name.get(parent_name) if parent_name else None
        price = row.decimal(price_column)
        cost = row.decimal("Purchase Cost")
        qty = row.decimal("Quantity On Hand")
        row.decimal("Reorder Point")
        item = Item(
            id=str(first_id + len(result)),
            name=name if parent is not None else full_name,
            sku=row.text("SKU"),
            type=item_type,
            description=row.first("Sales Description", "Description"),
            track_qty=item_type == "Inventory",
            qty_on_hand=qty if item_type == "Inventory" else None,
            inv_start_date=row.day("Quantity as-of Date") if item_type == "Inventory" else None,
            unit_price=None if price is None else as_money(price),
            purchase_cost=None if cost is None else as_money(cost),
            taxable=_taxable(row),
            income_account_id=account_id(row, "Income Account", accounts),
            expense_account_id=account_id(row, "Expense Account", accounts),
            asset_account_id=account_id(row, "Inventory Asset Account", accounts),
            active=row.boolean("Active", True) if table.has("Active") else True,
            parent_id=parent.id if parent is not None else None,
        )
        result.append(item)
        by_full_name[full_name] = item
    return result


def _taxable(row: Row) -> bool:
    value = row.get("Taxable").lower()
    if value in ("", "yes", "true", "taxable", "tax"):
        return True
    if value in ("no", "false", "non", "non-taxable", "exempt"):
        return False
    raise row.fail("Taxable", f'expected Yes or No, got "{row.get("Taxable")}"')


CUSTOMER_NAME_COLUMNS = ("Customer", "Display Name", "Customer Name", "Name")


def customers(table: Table, first_id: int = 1) -> list[Contact]:
    name_column = table.require_one(*CUSTOMER_NAME_COLUMNS)
    result: list[Contact] = []
    for row in _rows(table):
        name = row.get(name_column)
        if not name:
            raise row.fail(name_column, "a customer needs a display name")
        row.decimal("Open Balance")
        result.append(
            Contact(
                id=str(first_id + len(result)),
                kind="customer",
                display_name=name,
                given_name=row.first("First Name", "Given Name"),
                family_name=row.first("Last Name", "Family Name"),
                company=row.first("Company", "Company Name"),
                email=row.text("Email"),
                phone=row.first("Phone", "Phone Numbers", "Mobile"),
                active=row.boolean("Active", True) if table.has("Active") else True,
                taxable=_taxable(row),
            )
        )
    return result
