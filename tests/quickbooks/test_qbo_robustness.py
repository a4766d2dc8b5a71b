"""Malformed bodies get a QuickBooks Fault (4xx with a numeric code), never a simulator crash (500)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qbo_helpers import make_books
from werkzeug.test import Client

from harness.platforms.quickbooks import make_endpoint

ENDPOINT = make_endpoint(make_books(n_items=6, n_customers=3, n_documents=2))
CLIENT = Client(ENDPOINT)
HEADERS = {"Authorization": f"Bearer {ENDPOINT.credentials()['access_token']}"}
API = f"/v3/company/{ENDPOINT.company.realm_id}"

FIELDS = [
    "Id",
    "SyncToken",
    "sparse",
    "Name",
    "Type",
    "DisplayName",
    "GivenName",
    "QtyOnHand",
    "InvStartDate",
    "UnitPrice",
    "IncomeAccountRef",
    "ExpenseAccountRef",
    "AssetAccountRef",
    "ParentRef",
    "CustomerRef",
    "Line",
    "TxnDate",
    "DocNumber",
    "TxnTaxDetail",
    "TotalAmt",
    "PrimaryEmailAddr",
    "BillAddr",
    "AccountType",
    "AcctNum",
    "GlobalTaxCalculation",
    "SalesFormsPrefs",
    "Active",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", "1", "101", "1001", "TAX", "x:y", "2025-01-01", "abc"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["value", "Amount", "DetailType", "SalesItemLineDetail", "ItemRef", "Qty", "LinkedTxn"]),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=8,
)
bodies = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)
entities = st.sampled_from(
    ["item", "customer", "vendor", "account", "invoice", "salesreceipt", "payment", "creditmemo", "preferences"]
)
operations = st.sampled_from(["", "delete", "void", "update"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entities, bodies, operations)
def test_random_bodies_never_crash_the_endpoint(entity: str, body: dict[str, Any], operation: str) -> None:
    query = f"?operation={operation}" if operation else ""
    response = CLIENT.post(f"{API}/{entity}{query}", json=body, headers=HEADERS)
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 400:
        error = orjson.loads(response.get_data())["Fault"]["Error"][0]
        assert int(error["code"]) > 0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_random_query_text_is_a_4000_or_4001_at_worst(statement: str) -> None:
    response = CLIENT.get(f"{API}/query", query_string={"query": statement}, headers=HEADERS)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert orjson.loads(response.get_data())["Fault"]["Error"][0]["code"] in ("4000", "4001")


_LINE = {"DetailType": "SalesItemLineDetail", "Amount": 1}


@pytest.mark.parametrize(
    ("entity", "body", "element"),
    [
        ("invoice", {"CustomerRef": "1001", "Line": "abc"}, "CustomerRef"),
        ("invoice", {"CustomerRef": {"value": "1001"}, "Line": ["abc"]}, "Line"),
        (
            "invoice",
            {"CustomerRef": {"value": "1001"}, "Line": [{**_LINE, "SalesItemLineDetail": ["x"]}]},
            "Line.SalesItemLineDetail",
        ),
        (
            "invoice",
            {"CustomerRef": {"value": "1001"}, "Line": [{**_LINE, "SalesItemLineDetail": {"ItemRef": "101"}}]},
            "Line.SalesItemLineDetail.ItemRef",
        ),
        (
            "invoice",
            {"CustomerRef": {"value": "1001"}, "TxnTaxDetail": {"TxnTaxCodeRef": "2"}},
            "TxnTaxDetail.TxnTaxCodeRef",
        ),
        ("invoice", {"CustomerRef": {"value": "1001"}, "TxnDate": 5}, "TxnDate"),
        ("invoice", {"Line": [{**_LINE, "SalesItemLineDetail": {"Qty": "abc"}}]}, "Line.SalesItemLineDetail.Qty"),
        ("item", {"Name": 5, "Type": "Service"}, "Name"),
        ("item", {"Name": "ok", "Type": ["Service"]}, "Type"),
        ("item", {"Id": "101", "SyncToken": "0", "sparse": True, "QtyOnHand": {"a": 1}}, "QtyOnHand"),
        ("customer", {"DisplayName": ["a"]}, "DisplayName"),
        ("customer", {"DisplayName": "ok", "BillAddr": "x"}, "BillAddr"),
        ("customer", {"DisplayName": "ok", "PrimaryEmailAddr": "a@b.c"}, "PrimaryEmailAddr"),
        (
            "payment",
            {"CustomerRef": {"value": "1001"}, "TotalAmt": 5, "Line": [{"Amount": 1, "LinkedTxn": "x"}]},
            "Line.LinkedTxn",
        ),
        ("preferences", {"SyncToken": "0", "OtherPrefs": {"NameValue": "x"}}, "OtherPrefs.NameValue"),
        ("account", {"Name": "A1", "AccountType": ["Bank"]}, "AccountType"),
        ("account", {"Name": "A2", "AccountType": "Bank", "AcctNum": 12345678}, "AcctNum"),
        ("customer", {"Id": "1001", "SyncToken": "0", "operation": "x", "Active": 3}, "Active"),
    ],
)
def test_wrong_json_types_are_2010(entity: str, body: dict[str, Any], element: str) -> None:
    response = CLIENT.post(f"{API}/{entity}", json=body, headers=HEADERS)
    assert response.status_code == 400
    error = orjson.loads(response.get_data())["Fault"]["Error"][0]
    assert (error["code"], error["element"]) == ("2010", element)
    assert error["Message"] == "Request has invalid or unsupported property"


def test_dates_must_look_like_dates() -> None:
    body = {"CustomerRef": {"value": "1001"}, "TxnDate": "June 1st"}
    error = orjson.loads(CLIENT.post(f"{API}/invoice", json=body, headers=HEADERS).get_data())["Fault"]["Error"][0]
    assert (error["code"], error["element"]) == ("2010", "TxnDate")
