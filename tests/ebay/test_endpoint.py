"""Trading endpoint behaviour the clients rely on: safe parsing, errors, windows, page drift."""

from __future__ import annotations

import pytest
import requests

from harness.model.store import Store
from harness.platforms.ebay import make_endpoint, project_store
from harness.platforms.ebay.client import EbayClient, TradingCallError
from harness.platforms.ebay.endpoint import EbayTradingEndpoint
from harness.platforms.ebay.xmltools import parse_xml, text
from harness.platforms.http import PageDrift, RetryPolicy
from harness.sandbox import InProcessSandbox

BASE = "https://ebay.sandbox.test"


def post(call: str, xml: str) -> requests.Response:
    return requests.post(f"{BASE}/ws/api.dll", data=xml.encode(), headers={"X-EBAY-API-CALL-NAME": call}, timeout=5)


def error_code(response: requests.Response) -> str | None:
    root = parse_xml(response.content)
    assert response.status_code == 200 and text(root, "Ack") == "Failure"
    return text(root, "Errors/ErrorCode")


@pytest.fixture
def sandbox(endpoint: EbayTradingEndpoint) -> object:
    with InProcessSandbox() as sb:
        sb.mount(endpoint, BASE)
        yield sb


@pytest.mark.usefixtures("sandbox")
def test_entity_expansion_is_refused_as_a_parse_error() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<GetItemRequest xmlns="urn:ebay:apis:eBLBaseComponents"><ItemID>&b;</ItemID></GetItemRequest>'
    )
    assert error_code(post("GetItem", bomb)) == "5"


@pytest.mark.usefixtures("sandbox")
def test_call_name_and_body_must_agree_and_calls_must_exist() -> None:
    creds = "<RequesterCredentials><eBayAuthToken>ebay-sandbox-auth-token</eBayAuthToken></RequesterCredentials>"
    ns = 'xmlns="urn:ebay:apis:eBLBaseComponents"'
    assert error_code(post("GetItem", f"<GetOrdersRequest {ns}>{creds}</GetOrdersRequest>")) == "5"
    assert error_code(post("AddItem", f"<AddItemRequest {ns}>{creds}</AddItemRequest>")) == "2"
    missing = post("GetOrders", f"<GetOrdersRequest {ns}>{creds}</GetOrdersRequest>")
    assert error_code(missing) == "37"  # a date range (or NumberOfDays, or ids) is required


def test_real_order_history_window_is_a_switch(store: Store) -> None:
    endpoint = make_endpoint(store, order_window_days=90)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, BASE)
        client = EbayClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        with pytest.raises(TradingCallError, match="last 90 days") as caught:
            client.read_store()
        assert caught.value.codes == [37]
        recent = EbayClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None), order_days=90)
        assert recent.read_store().orders == []  # the fixture's orders are from March 2026, long gone


def test_orders_arriving_mid_read_are_not_read_twice(store: Store, endpoint: EbayTradingEndpoint) -> None:
    endpoint.faults.add(PageDrift(count=1, routes=("trading",)))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, BASE)
        read = EbayClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None)).read_store()
    ids = [o.id for o in read.orders]
    assert len(ids) == len(set(ids))
    assert set(ids) >= {o.id for o in project_store(store).orders}


def test_reset_restores_what_was_loaded(endpoint: EbayTradingEndpoint) -> None:
    endpoint.faults.add(PageDrift(routes=("trading",)))
    with InProcessSandbox() as sb:
        sb.mount(endpoint, BASE)
        post("GetUser", '<GetUserRequest xmlns="urn:ebay:apis:eBLBaseComponents"/>')
    assert len(endpoint.orders) == 6
    endpoint.reset()
    assert len(endpoint.orders) == 5 and len(endpoint.journal) == 0


@pytest.mark.usefixtures("sandbox")
def test_orders_by_modification_time_and_status() -> None:
    def order_ids(filters: str) -> list[str | None]:
        body = (
            '<GetOrdersRequest xmlns="urn:ebay:apis:eBLBaseComponents"><RequesterCredentials>'
            f"<eBayAuthToken>ebay-sandbox-auth-token</eBayAuthToken></RequesterCredentials>{filters}"
            "</GetOrdersRequest>"
        )
        root = parse_xml(post("GetOrders", body).content)
        assert text(root, "Ack") == "Success"
        return [text(o, "OrderID") for o in root.findall("OrderArray/Order")]

    modified = "<ModTimeFrom>2026-03-06T00:00:00.000Z</ModTimeFrom><ModTimeTo>2026-03-08T23:00:00.000Z</ModTimeTo>"
    assert order_ids(modified) == ["12-00001-00001", "12-00002-00002", "12-00003-00003"]
    completed = "<CreateTimeFrom>2026-03-01T00:00:00.000Z</CreateTimeFrom><OrderStatus>Completed</OrderStatus>"
    assert order_ids(completed) == ["12-00001-00001", "12-00002-00002", "12-00005-00005"]
    by_id = "<OrderIDArray><OrderID>12-00004-00004</OrderID><OrderID>nope</OrderID></OrderIDArray>"
    assert order_ids(by_id + "<NumberOfDays>1</NumberOfDays>") == ["12-00004-00004"]


def test_an_expired_token_is_error_932(endpoint: EbayTradingEndpoint) -> None:
    endpoint.expire_tokens()
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, BASE)
        client = EbayClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        with pytest.raises(TradingCallError, match="932: Auth token is hard expired") as caught:
            client.read_store()
    assert caught.value.codes == [932]
    endpoint.reset()
    assert not endpoint.expired_tokens


def test_revised_quantity_can_mean_listed(store: Store) -> None:
    endpoint = make_endpoint(store, revise_quantity="listed")
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, BASE)
        client = EbayClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        client.call("ReviseInventoryStatus", {"InventoryStatus": {"ItemID": "110000000002", "Quantity": 5}})
        mug = client.read_store().products[1]
        assert mug.variants[0].quantities == {"ebay": 4}  # 5 listed, 1 already sold
        with pytest.raises(TradingCallError, match="below the 1 sold"):
            client.call("ReviseInventoryStatus", {"InventoryStatus": {"ItemID": "110000000002", "Quantity": 0}})
        too_many = {"InventoryStatus": [{"ItemID": "110000000002", "Quantity": 5}] * 5}
        with pytest.raises(TradingCallError, match="37"):
            client.call("ReviseInventoryStatus", too_many)
