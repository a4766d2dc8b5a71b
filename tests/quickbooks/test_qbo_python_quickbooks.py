"""The unmodified python-quickbooks + intuit-oauth against the simulator, in-process and over a socket.

These are the calls a connector built on the public SDK makes; each test runs
twice (``transport`` fixture), like moto's TEST_SERVER_MODE.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from qbo_helpers import Sim, make_books
from quickbooks.exceptions import ObjectNotFoundException, QuickbooksException, ValidationException
from quickbooks.objects.base import Ref
from quickbooks.objects.customer import Customer
from quickbooks.objects.detailline import SalesItemLine, SalesItemLineDetail
from quickbooks.objects.invoice import Invoice
from quickbooks.objects.item import Item
from quickbooks.objects.salesreceipt import SalesReceipt
from quickbooks.objects.taxcode import TaxCode


def account(value: str) -> Ref:
    ref = Ref()
    ref.value = value
    ref.type = "Account"
    return ref


def ref(value: str) -> Ref:
    out = Ref()
    out.value = value
    return out


def inventory_item(name: str, qty: int = 10) -> Item:
    item = Item()
    item.Name = name
    item.Type = "Inventory"
    item.TrackQtyOnHand = True
    item.QtyOnHand = qty
    item.InvStartDate = "2025-01-01"
    item.Sku = f"{name}-SKU"
    item.IncomeAccountRef = account("79")
    item.ExpenseAccountRef = account("80")
    item.AssetAccountRef = account("81")
    return item


def sales_line(item_id: str, qty: int, price: str, amount: str | None = None) -> SalesItemLine:
    line = SalesItemLine()
    line.Amount = float(amount) if amount is not None else float(Decimal(price) * qty)
    line.Description = "sold"
    line.SalesItemLineDetail = SalesItemLineDetail()
    line.SalesItemLineDetail.ItemRef = ref(item_id)
    line.SalesItemLineDetail.Qty = qty
    line.SalesItemLineDetail.UnitPrice = float(price)
    return line


def test_connects_through_the_token_endpoint(qbo: Sim, qb: Any) -> None:
    assert qb.auth_client.access_token.startswith("sim-at-")
    assert qb.auth_client.expires_in == 3600
    assert [e.route for e in qbo.endpoint.journal][:2] == ["discovery", "token"]


def test_inventory_item_create_read_update(qb: Any) -> None:
    created = inventory_item("Widget A").save(qb=qb)
    assert created.Id and created.SyncToken == "0"
    assert created.FullyQualifiedName == "Widget A" and created.QtyOnHand == 10
    assert created.IncomeAccountRef.name == "Sales of Product Income"
    again = Item.get(created.Id, qb=qb)
    assert again.Sku == "Widget A-SKU" and again.InvStartDate == "2025-01-01"
    again.UnitPrice = 12.5
    updated = again.save(qb=qb)
    assert updated.SyncToken == "1" and updated.UnitPrice == 12.5
    assert Item.get(created.Id, qb=qb).UnitPrice == 12.5


def test_service_item_and_stale_update(qb: Any) -> None:
    item = Item()
    item.Name = "Consulting"
    item.Type = "Service"
    item.IncomeAccountRef = account("79")
    first = item.save(qb=qb)
    copy = Item.get(first.Id, qb=qb)
    first.Description = "one"
    first.save(qb=qb)
    copy.Description = "two"
    with pytest.raises(QuickbooksException) as raised:
        copy.save(qb=qb)
    assert raised.value.error_code == 5010


def test_item_all_pages_and_counts(qb: Any) -> None:
    every = Item.all(max_results=1000, qb=qb)
    assert [i.Name for i in every] == [f"Item {n:05d}" for n in range(1, 6)]
    assert all(i.Sku for i in every)
    page = Item.all(order_by="Name DESC", start_position=2, max_results=2, qb=qb)
    assert [i.Name for i in page] == ["Item 00004", "Item 00003"]
    assert Item.count(qb=qb) == 5
    assert Item.count("Type = 'Inventory'", qb=qb) == 1
    assert Customer.count(qb=qb) == 3


def test_customer_create_filter_and_duplicate_name(qb: Any) -> None:
    customer = Customer()
    customer.DisplayName = "Amy's Bird Sanctuary"
    customer.GivenName = "Amy"
    created = customer.save(qb=qb)
    assert created.PrintOnCheckName == "Amy's Bird Sanctuary"
    found = Customer.filter(DisplayName="Amy's Bird Sanctuary", qb=qb)
    assert [c.Id for c in found] == [created.Id]
    assert Customer.filter(DisplayName="amy's bird sanctuary", qb=qb)[0].Id == created.Id  # case-insensitive
    duplicate = Customer()
    duplicate.DisplayName = "Amy's Bird Sanctuary"
    with pytest.raises(QuickbooksException) as raised:
        duplicate.save(qb=qb)
    assert raised.value.error_code == 6240
    assert raised.value.detail == f"The name supplied already exists. : Id={created.Id}"


def test_invoice_moves_stock_and_reads_back(qb: Any) -> None:
    widget = inventory_item("Gizmo", qty=5).save(qb=qb)
    invoice = Invoice()
    invoice.CustomerRef = ref("1001")
    invoice.TxnDate = "2025-06-01"
    invoice.Line.append(sales_line(widget.Id, 3, "25"))
    created = invoice.save(qb=qb)
    assert created.TotalAmt == 75 and created.Balance == 75
    assert created.DocNumber in ("", None) or created.DocNumber
    assert created.Line[-1].DetailType == "SubTotalLineDetail"
    assert Item.get(widget.Id, qb=qb).QtyOnHand == 2
    found = Invoice.filter(CustomerRef="1001", qb=qb)
    assert [i.Id for i in found] == [created.Id]
    created.Line[0].SalesItemLineDetail.Qty = 7
    created.Line[0].Amount = 175
    updated = created.save(qb=qb)
    assert updated.TotalAmt == 175 and Item.get(widget.Id, qb=qb).QtyOnHand == -2  # negative stock is allowed


def test_sales_receipt_create_query_void(qb: Any) -> None:
    receipt = SalesReceipt()
    receipt.CustomerRef = ref("1002")
    receipt.DocNumber = "SR-1"
    receipt.Line.append(sales_line("101", 2, "10.5"))
    created = receipt.save(qb=qb)
    assert created.TotalAmt == 21 and created.Balance == 0
    assert SalesReceipt.count("DocNumber = 'SR-1'", qb=qb) == 1
    created.void(qb=qb)
    voided = SalesReceipt.get(created.Id, qb=qb)
    assert voided.TotalAmt == 0 and "Voided" in voided.PrivateNote


def test_invoice_amount_mismatch_and_missing_object(qb: Any) -> None:
    invoice = Invoice()
    invoice.CustomerRef = ref("1001")
    invoice.Line.append(sales_line("101", 2, "10", amount="58"))
    with pytest.raises(QuickbooksException) as raised:
        invoice.save(qb=qb)
    assert raised.value.error_code == 6070
    with pytest.raises(ObjectNotFoundException):
        Invoice.get("99999", qb=qb)


def test_query_errors_reach_the_sdk(qb: Any) -> None:
    with pytest.raises(ValidationException) as raised:
        Item.where("Nope = 'x'", qb=qb)
    assert raised.value.error_code == 4001
    with pytest.raises(ValidationException) as parse:
        Item.query("SELECT * FROM Item WHERE", qb=qb)
    assert parse.value.error_code == 4000


def test_tax_codes_include_the_us_pseudo_codes(qb: Any) -> None:
    codes = TaxCode.all(max_results=1, qb=qb)
    assert {c.Id for c in codes} >= {"TAX", "NON"}
    assert TaxCode.get("TAX", qb=qb).Name == "TAX"


def test_request_id_replays_the_first_answer(qbo: Sim, qb: Any) -> None:
    customer = Customer()
    customer.DisplayName = "Once Only"
    first = customer.save(qb=qb, request_id="req-1")
    second = Customer()
    second.DisplayName = "Once Only"
    again = second.save(qb=qb, request_id="req-1")
    assert again.Id == first.Id
    assert Customer.count("DisplayName = 'Once Only'", qb=qb) == 1


def test_unconfigured_sdk_reaches_the_simulator_in_process() -> None:
    """Mounted under Intuit's host names, the SDKs need no settings at all (environment='sandbox')."""
    from intuitlib.client import AuthClient
    from quickbooks import QuickBooks

    from harness.platforms.quickbooks import make_endpoint
    from harness.platforms.quickbooks.hosting import mount_intuit_hosts
    from harness.sandbox import InProcessSandbox

    endpoint = make_endpoint(make_books())
    creds = endpoint.credentials()
    with InProcessSandbox() as sandbox:
        mount_intuit_hosts(sandbox, endpoint)
        auth = AuthClient(creds["client_id"], creds["client_secret"], "https://example.com/cb", environment="sandbox")
        qb = QuickBooks(
            auth_client=auth, refresh_token=creds["refresh_token"], company_id=creds["realm_id"], minorversion=75
        )
        assert auth.token_endpoint == "https://developer.intuit.com/oauth2/v1/tokens/bearer"
        assert [c.DisplayName for c in Customer.filter(DisplayName="Customer 00002", qb=qb)] == ["Customer 00002"]


@pytest.mark.parametrize("books", [make_books(n_items=150, n_customers=2)])
def test_item_all_default_page_is_one_hundred(qb: Any, books: Any) -> None:
    first = Item.all(qb=qb)
    rest = Item.all(start_position=101, qb=qb)
    assert len(first) == 100 and len(rest) == 150 - 100 - 8  # 8 of the 150 are inactive
    assert {i.Id for i in first}.isdisjoint(i.Id for i in rest)


def test_customer_and_sales_receipt_updates(qb: Any) -> None:
    customer = Customer.get("1001", qb=qb)
    customer.CompanyName = "Renamed Ltd"
    saved = customer.save(qb=qb)
    assert saved.SyncToken == "1" and Customer.get("1001", qb=qb).CompanyName == "Renamed Ltd"
    receipt = SalesReceipt()
    receipt.Line.append(sales_line("101", 1, "10"))
    made = receipt.save(qb=qb)
    made.PrivateNote = "memo"
    made.Line[0].SalesItemLineDetail["Qty"] = 3  # SalesReceipt lines come back as plain dicts in the SDK
    made.Line[0].Amount = 30
    updated = made.save(qb=qb)
    assert (updated.SyncToken, updated.TotalAmt, updated.PrivateNote) == ("1", 30, "memo")
