"""Books loaded into the simulator come back whole through ``QuickBooksClient`` (paging 1000 at a time)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import msgspec
import pytest
from qbo_helpers import Sim, make_books

from harness.model.books import Books
from harness.platforms.http import RetryPolicy, ServerError, Throttle
from harness.platforms.quickbooks import SPEC, QuickBooksClient, QuickBooksFault, make_endpoint
from harness.platforms.quickbooks.faults import QboFault
from harness.platforms.quickbooks.wire import books_to_rows, rows_to_books
from harness.platforms.registry import get_platform
from harness.sandbox import InProcessSandbox
from harness.sources.generated import DEMO_PATHOLOGIES, Counts, generate


def in_id_order(books: Books) -> Books:
    """The client returns each list in Id order (QBO's default order, §6) and documents by type."""

    def by_id(records: list[Any]) -> list[Any]:
        return sorted(records, key=lambda r: (not r.id.isdigit(), int(r.id) if r.id.isdigit() else 0, r.id))

    kinds = ["Invoice", "SalesReceipt", "CreditMemo", "RefundReceipt", "Payment"]
    return msgspec.structs.replace(
        books,
        accounts=by_id(books.accounts),
        items=by_id(books.items),
        customers=by_id(books.customers),
        vendors=by_id(books.vendors),
        employees=by_id(books.employees),
        tax_codes=by_id(books.tax_codes),
        tax_rates=by_id(books.tax_rates),
        payment_methods=by_id(books.payment_methods),
        documents=sorted(by_id(books.documents), key=lambda d: kinds.index(d.type)),
    )


def read_back(books: Books, **options: Any) -> tuple[Books, Any]:
    endpoint = make_endpoint(books, **options)
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        client = QuickBooksClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        return client.read_books(), endpoint


def test_spec_is_registered() -> None:
    spec = get_platform("quickbooks")
    assert (spec.side, spec.title, spec.product_code_field, spec.product_code_label) == (
        "books",
        "QuickBooks Online",
        "none",
        "Name",
    )


def test_wire_mapping_is_lossless() -> None:
    books = make_books(n_items=30, n_customers=10, n_documents=8)
    rows = books_to_rows(books, "2025-06-02T09:15:00-07:00")
    assert in_id_order(rows_to_books(books.realm_id, rows)) == in_id_order(books)


def test_three_thousand_items_and_customers_read_back_equal() -> None:
    books = make_books(n_items=3000, n_customers=3000, n_documents=200)
    read, endpoint = read_back(books)
    assert read == in_id_order(books)
    pages = [unquote(e.query) for e in endpoint.journal if e.route == "query" and "FROM%20Item" in e.query]
    assert len(pages) == 4 and all("MAXRESULTS 1000" in p for p in pages)  # 3 full pages, then a short one


@pytest.mark.parametrize("pathologies", [None, DEMO_PATHOLOGIES])
def test_generated_books_read_back_equal(pathologies: dict[str, float] | None) -> None:
    size = Counts(products=150, customers=300, orders=40)
    scenario = generate(seed=11, size=size, platform="woocommerce", pathologies=pathologies)
    read, endpoint = read_back(scenario.books)
    assert read == in_id_order(scenario.books)
    assert endpoint.export_books() == read


@pytest.mark.parametrize("country", ["CA", "FR"])
def test_non_us_books_read_back_equal(country: str) -> None:
    books = make_books(n_items=12, n_customers=5, n_documents=4, country=country)
    read, _ = read_back(books)
    assert read == in_id_order(books)


def test_reading_survives_throttles_and_server_errors() -> None:
    books = make_books(n_items=50, n_customers=20)
    endpoint = make_endpoint(books)
    endpoint.faults.add(Throttle(count=2, retry_after=0.01))
    endpoint.faults.add(ServerError(count=2, status=503))
    waits: list[float] = []
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        read = QuickBooksClient(base, endpoint.credentials(), RetryPolicy(sleep=waits.append)).read_books()
    assert read == in_id_order(books)
    assert endpoint.journal.count(status=429) == 2 and endpoint.journal.count(status=503) == 2


def test_client_refreshes_an_expired_access_token(qbo: Sim, clock: Any) -> None:
    clock.advance(3700)
    client = QuickBooksClient(qbo.base_url, qbo.endpoint.credentials())
    assert client.count("Customer") == 3
    assert [e.status for e in qbo.endpoint.journal][:3] == [401, 200, 200]


def test_client_writes_and_raises_faults_with_every_error(qbo: Sim) -> None:
    client = QuickBooksClient(qbo.base_url, qbo.endpoint.credentials())
    created = client.create("Customer", {"DisplayName": "Rehearsed Buyer"})
    assert created["Id"] and created["SyncToken"] == "0"
    with pytest.raises(QuickBooksFault) as raised:
        client.create("Vendor", {"DisplayName": "rehearsed buyer"})
    assert raised.value.errors == [
        ("6240", "Duplicate Name Exists Error", f"The name supplied already exists. : Id={created['Id']}", "")
    ]
    assert raised.value.status == 400 and raised.value.codes == ["6240"]
    updated = client.update("Customer", {"Id": created["Id"], "SyncToken": "0", "Notes": "n"}, sparse=True)
    assert updated["SyncToken"] == "1"
    invoice = client.create(
        "Invoice",
        {
            "CustomerRef": {"value": created["Id"]},
            "Line": [
                {"Amount": 5, "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": {"ItemRef": {"value": "101"}}}
            ],
        },
    )
    assert client.delete("Invoice", invoice["Id"], invoice["SyncToken"]) == {
        "status": "Deleted",
        "domain": "QBO",
        "Id": invoice["Id"],
    }
    assert client.read("Customer", created["Id"])["Notes"] == "n"


def test_export_books_reflects_writes_and_reset_restores(qbo: Sim) -> None:
    client = QuickBooksClient(qbo.base_url, qbo.endpoint.credentials())
    client.create("Item", {"Name": "Fresh", "Type": "Service", "IncomeAccountRef": {"value": "79"}})
    assert [i.name for i in qbo.endpoint.export_books().items][-1] == "Fresh"
    qbo.endpoint.reset()
    assert qbo.endpoint.export_books() == in_id_order(make_books())
    assert len(qbo.endpoint.journal) == 0


def test_loaded_duplicates_stay_visible_and_block_new_ones() -> None:
    """A company may hold what QBO would refuse today (pathologies): serve it as it is."""
    books = make_books(n_items=0, n_customers=2)
    twin = msgspec.structs.replace(books.customers[1], id="1003", display_name="customer 00001")
    books = msgspec.structs.replace(books, customers=[*books.customers, twin])
    endpoint = make_endpoint(books)
    found = endpoint.run_query("SELECT * FROM Customer WHERE DisplayName = 'Customer 00001'")["Customer"]
    assert [c["Id"] for c in found] == ["1001", "1003"]
    with pytest.raises(QboFault) as first:
        endpoint.company.save("Vendor", {"DisplayName": "CUSTOMER 00001"})
    assert first.value.errors[0].detail.endswith("Id=1001")
    renamed = endpoint.company.save("Customer", {"Id": "1001", "SyncToken": "0", "sparse": True, "DisplayName": "X"})
    assert renamed["DisplayName"] == "X"
    with pytest.raises(QboFault) as second:
        endpoint.company.save("Vendor", {"DisplayName": "Customer 00001"})
    assert second.value.errors[0].detail.endswith("Id=1003")


def test_records_loaded_with_a_duplicate_can_still_be_updated() -> None:
    books = make_books(n_items=0, n_customers=2, n_documents=2)
    twin = msgspec.structs.replace(books.customers[1], id="1003", display_name="Customer 00001")
    doc_twin = msgspec.structs.replace(books.documents[0], id="5009", number=books.documents[0].number)
    books = msgspec.structs.replace(books, customers=[*books.customers, twin], documents=[*books.documents, doc_twin])
    endpoint = make_endpoint(books)
    updated = endpoint.company.save("Customer", {"Id": "1003", "SyncToken": "0", "sparse": True, "Notes": "n"})
    assert updated["SyncToken"] == "1"
    invoice = endpoint.company.save("Invoice", {"Id": "5009", "SyncToken": "0", "sparse": True, "PrivateNote": "p"})
    assert invoice["DocNumber"] == books.documents[0].number


def test_a_refused_token_that_cannot_be_refreshed_is_a_clear_error(qbo: Sim) -> None:
    creds = {**qbo.endpoint.credentials(), "access_token": "revoked", "refresh_token": "also-bad"}
    with pytest.raises(QuickBooksFault) as raised:
        QuickBooksClient(qbo.base_url, creds).read_books()
    assert raised.value.status == 401 and raised.value.codes == ["3200"]
    assert "AuthenticationFailed" in str(raised.value)


def test_client_sends_decimals_and_dates(qbo: Sim) -> None:
    from datetime import date
    from decimal import Decimal

    client = QuickBooksClient(qbo.base_url, qbo.endpoint.credentials())
    line = {
        "Amount": Decimal("21.00"),
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": "101"}, "Qty": Decimal(2), "UnitPrice": Decimal("10.50")},
    }
    made = client.create("Invoice", {"CustomerRef": {"value": "1001"}, "TxnDate": date(2025, 6, 1), "Line": [line]})
    assert (made["TotalAmt"], made["TxnDate"]) == (21, "2025-06-01")
