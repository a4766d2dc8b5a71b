"""Canaries: secrets and personal data planted in a store and its books never reach the recording folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import vcr

from harness.model.books import Books
from harness.model.store import Payment, Store
from harness.sources.generated import generate
from harness.sources.recorded import record
from harness.sources.recorded.cassette import load_cassette
from harness.sources.recorded.filters import IDENTIFIER_KEYS, MIN_SECRET_LENGTH

from .support import served

SECRETS = {
    "access_token": "shpat_CANARYsecretTOKEN4d1f",
    "api_key": "CANARYapikeyb71c9e",
    "password": "CANARYpassword77aa",
    "consumer_key": "ck_CANARYconsumerkey0c5e6b",
    "consumer_secret": "cs_CANARYconsumersecret9f2d",
}
#: what the customer may share only pseudonymised
IDENTIFYING = ["Zqxfirstcanary", "Zqxlastcanary", "zqx.canary.mail", "010-7734", "Zqxstreetcanary", "Zqxcitycanary"]
#: what never leaves the customer, pseudonymised or not
SENSITIVE = ["zqxnotecanary", "203.0.113.77", "zqxordernotecanary", "4242424242424242", "4111-1111-1111-1111"]


def plant(store: Store, books: Books) -> None:
    customer = store.customers[0]
    customer.first_name, customer.last_name = "Zqxfirstcanary", "Zqxlastcanary"
    customer.email, customer.phone = "zqx.canary.mail@canarymail.example", "+1 (555) 010-7734"
    for address in customer.addresses:
        address.line1, address.city = "97 Zqxstreetcanary Road", "Zqxcitycanary"
    customer.custom_fields = {"note": "zqxnotecanary: prefers the back door", "browser_ip": "203.0.113.77"}
    order = store.orders[0]
    order.custom_fields = {"note": "zqxordernotecanary", "card": "4111-1111-1111-1111"}
    order.payments = [Payment(gateway="stripe", amount=order.total, reference="4242424242424242")]
    contact = books.customers[0]
    contact.display_name = "Zqxfirstcanary Zqxlastcanary"
    contact.given_name, contact.family_name = "Zqxfirstcanary", None
    contact.email, contact.phone = "zqx.canary.mail@canarymail.example", "(555) 010-7734"
    books.documents[0].private_note = "zqxnotecanary: paid in cash"


def found(folder: Path, needles: list[str]) -> set[str]:
    """Needles in the bytes of any file under ``folder``, or in a cassette body once YAML folding is undone."""
    hits = set()
    for path in folder.rglob("*"):
        data = path.read_bytes()
        texts = [data]
        if path.suffix == ".yaml":
            for i in load_cassette(path):
                texts += [i.content, i.uri.encode(), i.body or b""]
                texts += [repr(i.headers).encode(), repr(i.request_headers).encode()]
        hits |= {n for n in needles if any(n.encode() in t for t in texts)}
    return hits


@pytest.mark.parametrize("platform", ["shopify", "woocommerce", "bigcommerce"])
def test_no_canary_reaches_the_recording(platform: str, tmp_path: Path) -> None:
    scenario = generate(seed=1, size="tiny", platform=platform)
    plant(scenario.store, scenario.books)
    options = {k: v for k, v in SECRETS.items() if k in ("access_token", "api_key", "password")}
    if platform == "woocommerce":
        options = {"consumer_key": SECRETS["consumer_key"], "consumer_secret": SECRETS["consumer_secret"]}
    elif platform == "bigcommerce":
        options = {"access_token": SECRETS["access_token"]}
    with served(scenario.store, scenario.books, **options) as live:
        given = [*live.store.credentials.items(), *live.books.credentials.items()]
        # the QuickBooks realm id is an identifier (it is in every URL), not a secret: recording.json keeps it
        secrets = [v for k, v in given if k not in IDENTIFIER_KEYS and len(v) >= MIN_SECRET_LENGTH]
        assert any("CANARY" in s for s in secrets)
        with vcr.VCR(record_mode="all").use_cassette(str(tmp_path / "raw" / "raw.yaml")):
            live.read_live()
        record(tmp_path / "plain", store=live.store, books=live.books)
        record(tmp_path / "pseudonymised", store=live.store, books=live.books, pseudonymise=True, seed=9)
    # the canaries do travel on the wire, so their absence below means they were removed
    assert found(tmp_path / "raw", [*IDENTIFYING, *SENSITIVE]) == {*IDENTIFYING, *SENSITIVE}
    assert found(tmp_path / "raw", secrets)
    assert found(tmp_path / "plain", secrets) == set()
    assert found(tmp_path / "plain", SENSITIVE) == set()
    assert found(tmp_path / "plain", IDENTIFYING) == set(IDENTIFYING)  # not pseudonymised: names stay
    assert found(tmp_path / "pseudonymised", [*secrets, *SENSITIVE, *IDENTIFYING]) == set()
