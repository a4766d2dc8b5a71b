"""The write guard lets read-only Trading calls reach real eBay, and nothing else."""

from __future__ import annotations

import pytest

from harness.errors import SandboxViolation
from harness.platforms.ebay.client import EbayClient, trading_read_only
from harness.platforms.http import RetryPolicy
from harness.sandbox.guard import check_request

REAL = "https://api.ebay.com/ws/api.dll"


def body(call: str) -> bytes:
    return f'<?xml version="1.0"?><{call}Request xmlns="urn:ebay:apis:eBLBaseComponents"/>'.encode()


def test_get_calls_to_real_ebay_pass_the_guard() -> None:
    check_request("POST", REAL, {"X-EBAY-API-CALL-NAME": "GetOrders"}, body("GetOrders"))
    check_request(
        "POST", "https://api.sandbox.ebay.com/ws/api.dll", {"x-ebay-api-call-name": "GetItem"}, body("GetItem")
    )


@pytest.mark.parametrize(
    ("url", "call", "root"),
    [
        (REAL, "ReviseInventoryStatus", "ReviseInventoryStatus"),  # a write
        (REAL, "GetItem", "ReviseItem"),  # header says read, body is a write
        (REAL, "GetItem", None),  # no body to check
        ("https://api.ebay.com/sell/inventory/v1/inventory_item", "GetItem", "GetItem"),  # not Trading
        ("https://evil.example.com/ws/api.dll", "GetItem", "GetItem"),  # not eBay
    ],
)
def test_everything_else_is_refused(url: str, call: str, root: str | None) -> None:
    with pytest.raises(SandboxViolation, match="refused POST"):
        check_request("POST", url, {"X-EBAY-API-CALL-NAME": call}, body(root) if root else None)


def test_an_entity_bomb_is_not_a_read() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><GetItemRequest>&a;</GetItemRequest>'
    assert not trading_read_only(REAL, {"X-EBAY-API-CALL-NAME": "GetItem"}, bomb)


def test_the_client_would_reach_real_ebay_for_reads_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard runs before any socket opens: a read is let through (and fails to connect here,
    because the test stops it), a write is refused by the guard itself."""
    client = EbayClient("https://api.ebay.com", {"token": "t"}, RetryPolicy(attempts=1, sleep=lambda _: None))
    sent: list[str] = []

    def fake_send(self: object, request: object, *args: object, **kwargs: object) -> object:
        sent.append("sent")
        raise ConnectionError("stopped by the test")

    monkeypatch.setattr("requests.adapters.HTTPAdapter.send", fake_send)
    with pytest.raises(Exception, match="stopped by the test"):
        client.call("GetItem", {"ItemID": "1"})
    assert sent == ["sent"]
    with pytest.raises(SandboxViolation):
        client.call("ReviseInventoryStatus", {"InventoryStatus": {"ItemID": "1", "Quantity": 3}})
    assert sent == ["sent"]
