"""Endpoint behaviour beyond single-entity CRUD: batch, CDC, OAuth, tax models, payments, voids, singletons."""

from __future__ import annotations

import base64
import warnings
from typing import Any

import pytest
import requests
from qbo_helpers import Sim, make_books
from quickbooks.batch import batch_create
from quickbooks.cdc import change_data_capture
from quickbooks.objects.base import Ref
from quickbooks.objects.company_info import CompanyInfo
from quickbooks.objects.customer import Customer
from quickbooks.objects.invoice import Invoice
from quickbooks.objects.payment import Payment
from quickbooks.objects.preferences import Preferences
from quickbooks.objects.taxservice import TaxRateDetails, TaxService

from harness.model.books import Books
from harness.platforms.http import Latency
from harness.platforms.quickbooks import SPEC, make_endpoint
from harness.platforms.quickbooks.faults import QboFault
from harness.sandbox import InProcessSandbox


def post(sim: Sim, entity: str, body: Any, **params: str) -> requests.Response:
    return requests.post(f"{sim.api}/{entity}", json=body, params=params, headers=sim.headers(), timeout=10)


def get(sim: Sim, path: str, **params: str) -> requests.Response:
    return requests.get(f"{sim.api}/{path}", params=params, headers=sim.headers(), timeout=10)


def line(item: str = "101", qty: float = 1, price: float = 100, tax: str | None = None) -> dict[str, Any]:
    detail: dict[str, Any] = {"ItemRef": {"value": item}, "Qty": qty, "UnitPrice": price}
    if tax is not None:
        detail["TaxCodeRef"] = {"value": tax}
    return {"Amount": qty * price, "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": detail}


def ref(value: str) -> Ref:
    out = Ref()
    out.value = value
    return out


# -- OAuth --------------------------------------------------------------------------------------------


def test_discovery_document_names_our_endpoints(qbo: Sim) -> None:
    doc = requests.get(f"{qbo.base_url}/.well-known/openid_sandbox_configuration/", timeout=10).json()
    assert doc["token_endpoint"] == f"{qbo.base_url}/oauth2/v1/tokens/bearer"
    assert {"authorization_endpoint", "revocation_endpoint", "issuer", "jwks_uri", "userinfo_endpoint"} <= set(doc)
    assert requests.get(f"{qbo.base_url}/.well-known/openid_configuration", timeout=10).status_code == 200


def test_token_endpoint_errors_follow_rfc_6749(qbo: Sim) -> None:
    creds = qbo.endpoint.credentials()
    url = f"{qbo.base_url}/oauth2/v1/tokens/bearer"
    good = (creds["client_id"], creds["client_secret"])
    wrong = requests.post(url, data={"grant_type": "refresh_token", "refresh_token": "x"}, auth=("a", "b"), timeout=10)
    assert (wrong.status_code, wrong.json()) == (401, {"error": "invalid_client"})
    stale = requests.post(url, data={"grant_type": "refresh_token", "refresh_token": "nope"}, auth=good, timeout=10)
    assert (stale.status_code, stale.json()) == (400, {"error": "invalid_grant"})
    fresh = requests.post(
        url, data={"grant_type": "refresh_token", "refresh_token": creds["refresh_token"]}, auth=good, timeout=10
    ).json()
    assert fresh["token_type"] == "bearer" and fresh["expires_in"] == 3600 and "id_token" not in fresh
    headers = {"Authorization": f"Bearer {fresh['access_token']}"}
    assert requests.get(f"{qbo.api}/customer/1001", headers=headers, timeout=10).status_code == 200
    revoke = requests.post(
        f"{qbo.base_url}/v2/oauth2/tokens/revoke", json={"token": fresh["access_token"]}, auth=good, timeout=10
    )
    assert revoke.status_code == 200
    assert requests.get(f"{qbo.api}/customer/1001", headers=headers, timeout=10).status_code == 401


def test_authorization_code_grant(qbo: Sim) -> None:
    from intuitlib.client import AuthClient
    from intuitlib.enums import Scopes

    creds = qbo.endpoint.credentials()
    auth = AuthClient(
        creds["client_id"],
        creds["client_secret"],
        "https://app.example/callback",
        environment=f"{qbo.base_url}/.well-known/openid_sandbox_configuration/",
    )
    consent = requests.get(auth.get_authorization_url([Scopes.ACCOUNTING]), allow_redirects=False, timeout=10)
    assert consent.status_code == 302
    query = dict(p.split("=", 1) for p in consent.headers["Location"].split("?", 1)[1].split("&"))
    assert query["realmId"] == creds["realm_id"]
    auth.get_bearer_token(query["code"], realm_id=query["realmId"])
    assert auth.access_token.startswith("sim-at-")
    assert auth.get_user_info().json()["givenName"] == "Sandbox"


def test_modern_gateway_errors_use_the_fault_envelope() -> None:
    from harness.sandbox import InProcessSandbox

    endpoint = make_endpoint(make_books(), gateway_errors="modern")
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, "https://sandbox-quickbooks.api.intuit.com")
        response = requests.get(f"{base}/v3/company/{endpoint.company.realm_id}/customer/1001", timeout=10)
    assert response.status_code == 401
    assert response.json()["Fault"]["Error"][0]["code"] == "3200"
    assert response.json()["Fault"]["type"] == "AUTHENTICATION"


def test_unauthenticated_sdk_call_raises_authorization_exception(qbo: Sim, qb: Any) -> None:
    from quickbooks.exceptions import AuthorizationException

    qbo.endpoint.tokens.expire_access(qb.auth_client.access_token)
    with pytest.raises(AuthorizationException):
        Customer.get("1001", qb=qb)


# -- batch and CDC -----------------------------------------------------------------------------------


def test_batch_answers_each_item(qbo: Sim) -> None:
    items = [
        {"bId": "a", "operation": "create", "Customer": {"DisplayName": "Batch One"}},
        {"bId": "b", "operation": "create", "Customer": {"DisplayName": "Customer 00001"}},
        {"bId": "c", "Query": "SELECT COUNT(*) FROM Customer"},
        {"bId": "d", "operation": "update", "Customer": {"Id": "1002", "SyncToken": "7", "sparse": True}},
    ]
    response = post(qbo, "batch", {"BatchItemRequest": items})
    assert response.status_code == 200
    answers = {a["bId"]: a for a in response.json()["BatchItemResponse"]}
    assert answers["a"]["Customer"]["DisplayName"] == "Batch One"
    assert answers["b"]["Fault"]["Error"][0]["code"] == "6240"
    assert answers["c"]["QueryResponse"] == {"totalCount": 4}
    assert answers["d"]["Fault"]["Error"][0]["code"] == "5010"


def test_batch_through_python_quickbooks(qb: Any) -> None:
    customers = []
    for n in range(35):
        customer = Customer()
        customer.DisplayName = f"Bulk {n}"
        customers.append(customer)
    duplicate = Customer()
    duplicate.DisplayName = "Customer 00002"
    result = batch_create([*customers, duplicate], qb=qb)
    assert len(result.successes) == 35
    assert [f.Error[0].code for f in result.faults] == ["6240"]
    assert Customer.count("DisplayName LIKE 'Bulk%'", qb=qb) == 35


def test_cdc_reports_changes_and_deletions(qbo: Sim, qb: Any, clock: Any) -> None:
    clock.advance(60)
    since = "2025-06-02T09:15:30-07:00"
    created = post(qbo, "customer", {"DisplayName": "Changed Later"}).json()["Customer"]
    invoice = post(qbo, "invoice", {"CustomerRef": {"value": "1001"}, "Line": [line()]}).json()["Invoice"]
    post(qbo, "invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="delete")
    response = get(qbo, "cdc", entities="Customer,Invoice", changedSince=since).json()
    customers, invoices = response["CDCResponse"][0]["QueryResponse"]
    assert [c["Id"] for c in customers["Customer"]] == [created["Id"]]
    assert invoices["Invoice"] == [
        {
            "Id": invoice["Id"],
            "status": "Deleted",
            "domain": "QBO",
            "MetaData": {"LastUpdatedTime": "2025-06-02T09:16:00-07:00"},
        }
    ]
    sdk = change_data_capture([Customer, Invoice], since, qb=qb)
    assert [c.DisplayName for c in sdk.Customer] == ["Changed Later"]


# -- transactions: totals, tax, payments, void, delete ----------------------------------------------


def test_us_tax_group_is_computed_on_taxable_lines(qbo: Sim) -> None:
    body = {
        "CustomerRef": {"value": "1001"},
        "Line": [line(price=100, tax="TAX"), line(item="102", price=50, tax="NON")],
        "TxnTaxDetail": {"TxnTaxCodeRef": {"value": "2"}},
    }
    invoice = post(qbo, "invoice", body).json()["Invoice"]
    assert invoice["TxnTaxDetail"]["TotalTax"] == 8
    assert invoice["TxnTaxDetail"]["TaxLine"][0]["TaxLineDetail"] == {
        "TaxRateRef": {"value": "3", "name": "California"},
        "PercentBased": True,
        "TaxPercent": 8,
        "NetAmountTaxable": 100,
    }
    assert invoice["TotalAmt"] == 158 and invoice["Balance"] == 158
    assert [ln["DetailType"] for ln in invoice["Line"]] == ["SalesItemLineDetail"] * 2 + ["SubTotalLineDetail"]
    assert invoice["Line"][2]["Amount"] == 150


@pytest.mark.parametrize("books", [make_books(automated_sales_tax=True)])
def test_automated_sales_tax_keeps_the_client_override(qbo: Sim, books: Books) -> None:
    body = {"CustomerRef": {"value": "1001"}, "Line": [line(tax="TAX")], "TxnTaxDetail": {"TotalTax": 7.25}}
    invoice = post(qbo, "invoice", body).json()["Invoice"]
    assert invoice["TxnTaxDetail"] == {"TotalTax": 7.25} and invoice["TotalAmt"] == 107.25


@pytest.mark.parametrize("books", [make_books(country="CA")])
def test_canadian_lines_carry_gst_qst_codes(qbo: Sim, books: Books) -> None:
    body = {"CustomerRef": {"value": "1001"}, "Line": [line(price=200, tax="6")]}
    invoice = post(qbo, "invoice", body).json()["Invoice"]
    assert invoice["TxnTaxDetail"]["TotalTax"] == 29.95  # 5 % GST + 9.975 % QST
    assert invoice["TotalAmt"] == 229.95
    inclusive = post(qbo, "invoice", {**body, "GlobalTaxCalculation": "TaxInclusive"}).json()["Invoice"]
    assert inclusive["TotalAmt"] == 200 and inclusive["TxnTaxDetail"]["TotalTax"] == 26.05
    missing = post(qbo, "invoice", {"CustomerRef": {"value": "1001"}, "Line": [line()]}).json()
    assert missing["Fault"]["Error"][0] == {
        "Message": "A business validation error has occurred while processing your request",
        "Detail": "Business Validation Error: Make sure all your transactions have a GST/HST rate before you save.",
        "code": "6000",
        "element": "Line.SalesItemLineDetail.TaxCodeRef",
    }


@pytest.mark.parametrize("books", [make_books(country="FR")])
def test_french_lines_need_a_vat_code(qbo: Sim, books: Books) -> None:
    missing = post(qbo, "invoice", {"CustomerRef": {"value": "1001"}, "Line": [line()]}).json()
    assert missing["Fault"]["Error"][0]["Detail"].endswith("have a VAT rate before you save.")
    payment = post(qbo, "payment", {"CustomerRef": {"value": "1001"}, "TotalAmt": 5}).json()
    assert payment["Fault"]["Error"][0]["code"] == "2020"  # PaymentRefNum is required in France (§12.2)


def test_payment_reduces_invoice_balance_and_links_both_ways(qb: Any) -> None:
    invoice = Invoice()
    invoice.CustomerRef = ref("1001")
    invoice_json = Invoice.from_json({"CustomerRef": {"value": "1001"}, "Line": [line(price=80)]})
    invoice = invoice_json.save(qb=qb)
    payment = Payment.from_json(
        {
            "CustomerRef": {"value": "1001"},
            "TotalAmt": 100,
            "Line": [{"Amount": 30, "LinkedTxn": [{"TxnId": invoice.Id, "TxnType": "Invoice"}]}],
        }
    ).save(qb=qb)
    assert payment.UnappliedAmt == 70
    paid = Invoice.get(invoice.Id, qb=qb)
    assert paid.Balance == 50 and paid.LinkedTxn[0].TxnId == payment.Id
    payment.void(qb=qb)
    voided = Payment.get(payment.Id, qb=qb)
    assert voided.TotalAmt == 0 and "Voided" in voided.PrivateNote
    restored = Invoice.get(invoice.Id, qb=qb)
    assert restored.Balance == 80 and restored.LinkedTxn == []


def test_invoice_void_and_delete(qb: Any) -> None:
    invoice = Invoice.from_json({"CustomerRef": {"value": "1001"}, "Line": [line(price=40)]}).save(qb=qb)
    invoice.void(qb=qb)
    voided = Invoice.get(invoice.Id, qb=qb)
    assert voided.TotalAmt == 0 and voided.Balance == 0 and voided.PrivateNote.startswith("Voided")
    other = Invoice.from_json({"CustomerRef": {"value": "1002"}, "Line": [line(price=10)]}).save(qb=qb)
    assert other.delete(qb=qb)["Invoice"]["status"] == "Deleted"
    assert Invoice.filter(Id=other.Id, qb=qb) == []


def test_stock_moves_back_on_credit_and_delete(qbo: Sim) -> None:
    item = post(
        qbo,
        "item",
        {
            "Name": "Boxed",
            "Type": "Inventory",
            "QtyOnHand": 10,
            "InvStartDate": "2025-01-01",
            "IncomeAccountRef": {"value": "79"},
            "ExpenseAccountRef": {"value": "80"},
            "AssetAccountRef": {"value": "81"},
        },
    ).json()["Item"]

    def qty() -> Any:
        return get(qbo, f"item/{item['Id']}").json()["Item"]["QtyOnHand"]

    receipt = post(qbo, "salesreceipt", {"Line": [line(item=item["Id"], qty=4, price=5)]}).json()["SalesReceipt"]
    assert qty() == 6
    post(qbo, "creditmemo", {"CustomerRef": {"value": "1001"}, "Line": [line(item=item["Id"], qty=1, price=5)]})
    assert qty() == 7
    post(qbo, "refundreceipt", {"Line": [line(item=item["Id"], qty=1, price=5)]})
    assert qty() == 8
    post(qbo, "salesreceipt", {"Id": receipt["Id"], "SyncToken": "0"}, operation="delete")
    assert qty() == 12


def test_doc_numbers_are_assigned_when_custom_numbers_are_off() -> None:
    endpoint = make_endpoint(make_books(custom_txn_numbers=False, n_documents=3))
    first = endpoint.company.save("Invoice", {"CustomerRef": {"value": "1001"}, "DocNumber": "X", "Line": [line()]})
    second = endpoint.company.save("Invoice", {"CustomerRef": {"value": "1001"}, "Line": [line()]})
    assert (first["DocNumber"], second["DocNumber"]) == ("1004", "1005")


def test_a_write_only_company_answers_in_full_keeps_no_lines_and_still_refuses_a_number_twice() -> None:
    """The rehearsal's copy (write_only=True): same answers and faults, less memory."""
    lean = make_endpoint(make_books(), write_only=True)
    full = make_endpoint(make_books())
    body = {"CustomerRef": {"value": "1001"}, "DocNumber": "W-1", "Line": [line(qty=2, price=15)]}
    made = lean.company.save("Invoice", dict(body))
    assert made == full.company.save("Invoice", dict(body))  # the answer a connector sees is the same
    kept = lean.company.get("Invoice", made["Id"])
    assert kept is not None and "Line" not in kept and "BillAddr" not in kept
    assert {k: kept[k] for k in ("DocNumber", "TotalAmt", "Balance")} == {
        k: made[k] for k in ("DocNumber", "TotalAmt", "Balance")
    }
    with pytest.raises(QboFault) as refused:
        lean.company.save("Invoice", dict(body))
    assert refused.value.errors[0].code == "6140"


# -- lists and singletons ------------------------------------------------------------------------


def test_sub_items_get_a_qualified_name(qbo: Sim) -> None:
    parent = post(qbo, "item", {"Name": "Shirts", "Type": "Category"}).json()["Item"]
    child = post(
        qbo,
        "item",
        {"Name": "Tee", "Type": "Service", "ParentRef": {"value": parent["Id"]}, "IncomeAccountRef": {"value": "79"}},
    ).json()["Item"]
    assert (child["FullyQualifiedName"], child["Level"], child["SubItem"]) == ("Shirts:Tee", 1, True)
    assert child["ParentRef"] == {"value": parent["Id"], "name": "Shirts"}


def test_accounts_validate_type(qbo: Sim) -> None:
    created = post(qbo, "account", {"Name": "Gift Cards", "AccountType": "Other Current Liability"}).json()
    assert created["Account"]["Classification"] == "Liability"
    assert post(qbo, "account", {"Name": "No Type"}).json()["Fault"]["Error"][0]["code"] == "6010"
    assert post(qbo, "account", {"Name": "Bad", "AccountType": "Nope"}).json()["Fault"]["Error"][0]["code"] == "2170"
    assert post(qbo, "account", {"Name": 'Say "hi"', "AccountType": "Bank"}).json()["Fault"]["Error"][0]["code"] == (
        "2040"
    )


def test_tax_service_creates_code_and_rate(qb: Any) -> None:
    service = TaxService()
    service.TaxCode = "Metro"
    detail = TaxRateDetails()
    detail.TaxRateName = "Metro Rate"
    detail.RateValue = 10
    detail.TaxAgencyId = 1
    detail.TaxApplicableOn = "Sales"
    service.TaxRateDetails.append(detail)
    created = service.save(qb=qb)
    assert created.TaxCodeId and created.TaxRateDetails[0].TaxAgencyId == "1"
    assert created.TaxRateDetails[0].RateValue == 10


def test_company_info_and_preferences(qbo: Sim, qb: Any) -> None:
    info = CompanyInfo.get(qbo.endpoint.company.realm_id, qb=qb)
    assert (info.CompanyName, info.Country) == ("Sandbox Co", "US")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prefs = Preferences.get(qb=qb)
    assert prefs.SalesFormsPrefs.CustomTxnNumbers is True
    update = {"SyncToken": prefs.SyncToken, "sparse": True, "SalesFormsPrefs": {"CustomTxnNumbers": False}}
    assert post(qbo, "preferences", update).json()["Preferences"]["SalesFormsPrefs"]["CustomTxnNumbers"] is False
    assert qbo.endpoint.export_books().preferences.custom_txn_numbers is False


def test_minorversion_and_requestid(qbo: Sim) -> None:
    get(qbo, "customer/1001", minorversion="40")
    assert qbo.endpoint.last_minor_version == 75
    get(qbo, "customer/1001", minorversion="80")
    assert qbo.endpoint.last_minor_version == 80
    first = post(qbo, "customer", {"DisplayName": "Idem"}, requestid="r-1")
    replay = post(qbo, "customer", {"DisplayName": "Something else"}, requestid="r-1")
    assert replay.status_code == first.status_code and replay.json() == first.json()
    failed = post(qbo, "customer", {"DisplayName": "Customer 00001"}, requestid="r-2")
    assert post(qbo, "customer", {"DisplayName": "Brand New"}, requestid="r-2").json() == failed.json()


def test_a_replay_window_keeps_only_the_latest_answers(books: Books) -> None:
    """The rehearsal's copy keeps the last few answers for replays, not every one it ever sent."""
    endpoint = make_endpoint(books, replay_window=2)
    with InProcessSandbox() as sandbox:
        sim = Sim(endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url), "inprocess")
        first = post(sim, "customer", {"DisplayName": "Window 1"}, requestid="w-1")
        post(sim, "customer", {"DisplayName": "Window 2"}, requestid="w-2")
        assert post(sim, "customer", {"DisplayName": "Other"}, requestid="w-1").json() == first.json()  # replayed
        post(sim, "customer", {"DisplayName": "Window 3"}, requestid="w-3")
        post(sim, "customer", {"DisplayName": "Window 4"}, requestid="w-4")
        again = post(sim, "customer", {"DisplayName": "Window 1"}, requestid="w-1")  # forgotten: run again
        assert again.json()["Fault"]["Error"][0]["code"] == "6240"


def test_injected_latency_uses_the_clock(qbo: Sim, clock: Any) -> None:
    before = clock.now()
    qbo.endpoint.faults.add(Latency(seconds=2.5, count=1))
    assert get(qbo, "customer/1001").status_code == 200
    assert (clock.now() - before).total_seconds() == 2.5


def test_basic_auth_header_is_what_intuit_oauth_sends(qbo: Sim) -> None:
    creds = qbo.endpoint.credentials()
    token = base64.b64encode(f"{creds['client_id']}:{creds['client_secret']}".encode()).decode()
    response = requests.post(
        f"{qbo.base_url}/oauth2/v1/tokens/bearer",
        data=f"grant_type=refresh_token&refresh_token={creds['refresh_token']}",
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert response.status_code == 200 and response.json()["x_refresh_token_expires_in"] == 8726400


def test_invoice_send_sets_email_status(qb: Any) -> None:
    invoice = Invoice.from_json({"CustomerRef": {"value": "1001"}, "Line": [line(price=12)]}).save(qb=qb)
    sent = invoice.send(qb=qb, send_to="ap@example.com")
    assert sent["Invoice"]["EmailStatus"] == "EmailSent"
    assert Invoice.get(invoice.Id, qb=qb).BillEmail.Address == "ap@example.com"


@pytest.mark.parametrize("transport", ["server"])
def test_concurrent_creates_over_the_socket_stay_consistent(qbo: Sim) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def create(n: int) -> int:
        return post(qbo, "customer", {"DisplayName": f"Racer {n % 10}"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(create, range(80)))
    assert statuses.count(200) == 10 and statuses.count(400) == 70
    ids = [c["Id"] for c in qbo.endpoint.company.tables["Customer"].rows.values()]
    assert len(ids) == len(set(ids)) == 13


def test_batch_items_do_not_see_each_other(qbo: Sim) -> None:
    """§7: a customer created in the batch is not visible to a later item of the same batch."""
    created_id = str(qbo.endpoint.company.tables["Customer"].ids.next)
    items = [
        {"bId": "c", "operation": "create", "Customer": {"DisplayName": "Batch Buyer"}},
        {"bId": "i", "operation": "create", "Invoice": {"CustomerRef": {"value": created_id}, "Line": [line()]}},
    ]
    answers = {a["bId"]: a for a in post(qbo, "batch", {"BatchItemRequest": items}).json()["BatchItemResponse"]}
    assert answers["c"]["Customer"]["Id"] == created_id
    assert answers["i"]["Fault"]["Error"][0]["code"] == "2500"
    after = post(qbo, "invoice", {"CustomerRef": {"value": created_id}, "Line": [line()]})
    assert after.status_code == 200


def test_names_and_transactions_share_id_sequences(qbo: Sim) -> None:
    vendor = post(qbo, "vendor", {"DisplayName": "Seq Vendor"}).json()["Vendor"]
    customer = post(qbo, "customer", {"DisplayName": "Seq Customer"}).json()["Customer"]
    assert int(customer["Id"]) == int(vendor["Id"]) + 1
    invoice = post(qbo, "invoice", {"CustomerRef": {"value": "1001"}, "Line": [line()]}).json()["Invoice"]
    payment = post(qbo, "payment", {"CustomerRef": {"value": "1001"}, "TotalAmt": 1}).json()["Payment"]
    assert int(payment["Id"]) == int(invoice["Id"]) + 1
