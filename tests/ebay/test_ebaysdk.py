"""The unmodified PyPI ebaysdk (Trading) against the simulator on 127.0.0.1 (store-apis.md 3.4, 7.7)."""

from __future__ import annotations

from typing import Any

import pytest
from ebaysdk.exception import ConnectionError as EbayConnectionError
from ebaysdk.trading import Connection as Trading

from harness.platforms.ebay.endpoint import EbayTradingEndpoint
from harness.platforms.http import Throttle
from harness.sandbox.server import LocalServer


def trading(server: LocalServer, endpoint: EbayTradingEndpoint, **overrides: Any) -> Trading:
    """How store-apis.md 7.7 points ebaysdk at a local HTTP server."""
    creds = endpoint.credentials()
    options: dict[str, Any] = {
        "domain": f"127.0.0.1:{server.port}",
        "config_file": None,
        "appid": creds["appid"],
        "devid": creds["devid"],
        "certid": creds["certid"],
        "token": creds["token"],
        "siteid": creds["siteid"],
    }
    options.update(overrides)
    api = Trading(**options)
    api.config.set("https", False, force=True)
    return api


def as_list(value: Any) -> list[Any]:
    """ebaysdk leaves a single child as a scalar unless its path is a known list node."""
    return value if isinstance(value, list) else [value]


def test_active_listings_page_and_show_custom_labels(server: LocalServer, endpoint: EbayTradingEndpoint) -> None:
    api = trading(server, endpoint)
    request: dict[str, Any] = {"ActiveList": {"Include": True, "Pagination": {"EntriesPerPage": 2, "PageNumber": 1}}}
    first = api.execute("GetMyeBaySelling", request).reply
    assert first.Ack == "Success"
    assert first.ActiveList.PaginationResult.TotalNumberOfPages == "2"
    assert first.ActiveList.PaginationResult.TotalNumberOfEntries == "3"
    request["ActiveList"]["Pagination"]["PageNumber"] = 2
    second = api.execute("GetMyeBaySelling", request).reply
    items = first.ActiveList.ItemArray.Item + second.ActiveList.ItemArray.Item
    assert [i.ItemID for i in items] == ["110000000001", "110000000002", "110000000003"]
    assert [i.get("SKU") for i in items] == ["TEE", "MUG-01", None]  # the poster's label is blank
    tee, mug = items[0], items[1]
    # only variations that sold come back here (store-apis.md 3.1); their Custom labels are the SKUs
    sold = as_list(tee.Variations.Variation)
    assert sorted(v.SKU for v in sold) == ["TEE-M-RED", "TEE-S-RED"]
    assert mug.QuantityAvailable == "12" and mug.Quantity == "13" and mug.SellingStatus.QuantitySold == "1"
    assert mug.BuyItNowPrice.value == "8.50" and mug.BuyItNowPrice._currencyID == "CAD"


def test_get_item_returns_every_variation_and_its_custom_label(
    server: LocalServer, endpoint: EbayTradingEndpoint
) -> None:
    api = trading(server, endpoint)
    item = api.execute("GetItem", {"ItemID": "110000000001", "DetailLevel": "ReturnAll"}).reply.Item
    variations = as_list(item.Variations.Variation)
    assert [v.get("SKU") for v in variations] == ["TEE-S-RED", "TEE-M-RED", None]
    available = [int(v.Quantity) - int(v.SellingStatus.QuantitySold) for v in variations]
    assert available == [4, 3, 0]  # Quantity is what was listed; available = Quantity - QuantitySold
    specifics = {nv.Name: nv.Value for nv in variations[1].VariationSpecifics.NameValueList}
    assert specifics == {"Size": "M", "Colour": "Red"}
    assert item.SKU == "TEE" and item.ListingDetails.StartTime.year == 2026
    by_label = api.execute("GetItem", {"SKU": "MUG-01"}).reply.Item
    assert by_label.ItemID == "110000000002" and by_label.StartPrice.value == "8.50"


def test_get_orders_pages_through_pagination_result(server: LocalServer, endpoint: EbayTradingEndpoint) -> None:
    api = trading(server, endpoint)
    api.execute(
        "GetOrders",
        {
            "CreateTimeFrom": "2026-03-01T00:00:00.000Z",
            "CreateTimeTo": "2026-03-31T00:00:00.000Z",
            "OrderRole": "Seller",
            "OrderStatus": "All",
            "DetailLevel": "ReturnAll",
            "Pagination": {"EntriesPerPage": 2, "PageNumber": 1},
        },
    )
    # ebaysdk's pages() re-issues the request with PageNumber 2..TotalNumberOfPages
    api.response = None
    pages = list(api.pages())
    assert [p.reply.PageNumber for p in pages] == ["1", "2", "3"]
    orders = [o for p in pages for o in p.reply.OrderArray.Order]
    assert [o.OrderID for o in orders] == [
        "12-00001-00001",
        "12-00002-00002",
        "12-00003-00003",
        "12-00004-00004",
        "12-00005-00005",
    ]
    first = orders[0]
    line = first.TransactionArray.Transaction[0]
    assert line.Variation.SKU == "TEE-M-RED" and line.QuantityPurchased == "2"
    assert first.TransactionArray.Transaction[1].Item.SKU == "MUG-01"
    assert first.BuyerUserID == "buyer_anna" and line.Buyer.Email == "anna@example.com"
    assert pages[-1].reply.HasMoreOrders == "false" and pages[0].reply.HasMoreOrders == "true"


def test_oauth_header_token(server: LocalServer, endpoint: EbayTradingEndpoint) -> None:
    api = trading(server, endpoint, token=None, iaf_token=endpoint.credentials()["iaf_token"])
    assert api.execute("GeteBayOfficialTime", {}).reply.Ack == "Success"


def test_business_errors_are_http_200_with_ack_failure(server: LocalServer, endpoint: EbayTradingEndpoint) -> None:
    api = trading(server, endpoint, token="expired", errors=False)
    api.config.set("errors", False, force=True)
    response = api.execute("GetItem", {"ItemID": "110000000001"})
    assert response.status_code == 200 and response.reply.Ack == "Failure"
    assert api.response_codes() == [931]
    strict = trading(server, endpoint)
    with pytest.raises(EbayConnectionError, match="Code: 17"):
        strict.execute("GetItem", {"ItemID": "1"})


def test_call_limit_is_error_518(server: LocalServer, endpoint: EbayTradingEndpoint) -> None:
    endpoint.faults.add(Throttle(count=1, routes=("trading",)))
    api = trading(server, endpoint)
    with pytest.raises(EbayConnectionError, match="Code: 518"):
        api.execute("GeteBayOfficialTime", {})
    assert api.execute("GeteBayOfficialTime", {}).reply.Ack == "Success"


def test_stock_writes_through_revise_inventory_status(server: LocalServer, endpoint: EbayTradingEndpoint) -> None:
    api = trading(server, endpoint)
    revised = api.execute(
        "ReviseInventoryStatus",
        {
            "InventoryStatus": [
                {"ItemID": "110000000001", "SKU": "TEE-M-RED", "Quantity": 7},
                {"SKU": "MUG-01", "Quantity": 0, "StartPrice": "9.25"},
            ]
        },
    ).reply
    assert [s.Quantity for s in revised.InventoryStatus] == ["9", "1"]  # echoed as listed: available + sold
    item = api.execute("GetItem", {"ItemID": "110000000001"}).reply.Item
    m_red = as_list(item.Variations.Variation)[1]
    assert int(m_red.Quantity) - int(m_red.SellingStatus.QuantitySold) == 7
    mug = api.execute("GetItem", {"ItemID": "110000000002"}).reply.Item
    assert mug.StartPrice.value == "9.25" and mug.Quantity == "1"
    assert [(r.item_id, r.sku, r.quantity) for r in endpoint.revisions] == [
        ("110000000001", "TEE-M-RED", 7),
        ("110000000002", "MUG-01", 0),
    ]
    with pytest.raises(EbayConnectionError, match="Code: 17"):  # an ended listing cannot be revised
        api.execute("ReviseInventoryStatus", {"InventoryStatus": {"ItemID": "110000000004", "Quantity": 1}})
    with pytest.raises(EbayConnectionError, match="Code: 21916750"):  # a variation needs its Custom label
        api.execute("ReviseInventoryStatus", {"InventoryStatus": {"ItemID": "110000000001", "Quantity": 1}})
    endpoint.reset()
    assert api.execute("GetItem", {"ItemID": "110000000002"}).reply.Item.Quantity == "13"
