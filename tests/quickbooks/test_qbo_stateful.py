"""Random sequences of creates, updates, sales and queries against the endpoint and a plain model.

The model is a few dicts and the rules as the domain notes state them (§3-§6, §11):
names unique case-insensitively (items among items; DisplayName across customers,
vendors and employees), SyncToken +1 per update and 5010 when stale, queries see
active records only unless Active is filtered, sales take stock down. Any
divergence between the model and the simulator fails the run.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, invariant, rule
from qbo_helpers import make_books
from werkzeug.test import Client

from harness.platforms.quickbooks import make_endpoint

NAMES = st.sampled_from(["Alpha", "alpha", " ALPHA ", "Beta", "Gamma", "gamma", "Delta", "Épée", "ÉPÉE", "Zed"])
PRICES = st.decimals(min_value=0, max_value=500, places=2)


def key(name: str) -> str:
    return name.strip().casefold()


class QuickBooksModel(RuleBasedStateMachine):
    items = Bundle("items")
    contacts = Bundle("contacts")
    stock_items = Bundle("stock_items")

    @initialize()
    def start(self) -> None:
        self.endpoint = make_endpoint(make_books(n_items=0, n_customers=1))
        self.client = Client(self.endpoint)
        token = self.endpoint.credentials()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.api = f"/v3/company/{self.endpoint.company.realm_id}"
        # model state
        self.item_rows: dict[str, dict[str, Any]] = {}
        self.contact_rows: dict[str, dict[str, Any]] = {
            "1001": {"entity": "Customer", "name": "Customer 00001", "sync": 0, "active": True},
            "2001": {"entity": "Vendor", "name": "Supplier One", "sync": 0, "active": True},
            "3001": {"entity": "Employee", "name": "Emma Employee", "sync": 0, "active": True},
        }

    # -- HTTP -----------------------------------------------------------------------------------------

    def post(self, entity: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        response = self.client.post(f"{self.api}/{entity}?minorversion=75", json=body, headers=self.headers)
        return response.status_code, orjson.loads(response.get_data())

    def query(self, statement: str) -> dict[str, Any]:
        response = self.client.get(f"{self.api}/query", query_string={"query": statement}, headers=self.headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        result: dict[str, Any] = orjson.loads(response.get_data())["QueryResponse"]
        return result

    @staticmethod
    def code(body: dict[str, Any]) -> str | None:
        return body["Fault"]["Error"][0]["code"] if "Fault" in body else None

    def item_name_taken(self, name: str, but: str | None = None) -> str | None:
        return next((i for i, r in self.item_rows.items() if key(r["name"]) == key(name) and i != but), None)

    def contact_name_taken(self, name: str, but: str | None = None) -> str | None:
        return next((i for i, r in self.contact_rows.items() if key(r["name"]) == key(name) and i != but), None)

    # -- rules ----------------------------------------------------------------------------------------

    @rule(target=items, name=NAMES, price=PRICES, kind=st.sampled_from(["Service", "NonInventory"]))
    def create_item(self, name: str, price: Decimal, kind: str) -> Any:
        body = {"Name": name, "Type": kind, "UnitPrice": float(price), "IncomeAccountRef": {"value": "79"}}
        status, answer = self.post("item", body)
        taken = self.item_name_taken(name)
        if taken is not None:
            assert (status, self.code(answer)) == (400, "6240")
            assert answer["Fault"]["Error"][0]["Detail"].endswith(f"Id={taken}")
            return None
        assert status == 200, answer
        row = answer["Item"]
        # outer whitespace is trimmed on save [inf]
        assert row["SyncToken"] == "0" and row["Name"] == name.strip() == row["FullyQualifiedName"]
        self.item_rows[row["Id"]] = {"name": name.strip(), "price": price, "sync": 0, "active": True, "qty": None}
        return row["Id"]

    @rule(target=stock_items, name=NAMES, qty=st.integers(0, 20))
    def create_inventory_item(self, name: str, qty: int) -> Any:
        body = {
            "Name": f"Stock {name}",
            "Type": "Inventory",
            "QtyOnHand": qty,
            "InvStartDate": "2025-01-01",
            "IncomeAccountRef": {"value": "79"},
            "ExpenseAccountRef": {"value": "80"},
            "AssetAccountRef": {"value": "81"},
        }
        status, answer = self.post("item", body)
        if self.item_name_taken(f"Stock {name}") is not None:
            assert self.code(answer) == "6240"
            return None
        assert status == 200, answer
        item_id = answer["Item"]["Id"]
        self.item_rows[item_id] = {"name": f"Stock {name}", "price": Decimal(0), "sync": 0, "active": True, "qty": qty}
        return item_id

    @rule(item=stock_items, qty=st.integers(1, 9), credit=st.booleans())
    def sell_or_credit(self, item: str | None, qty: int, credit: bool) -> None:
        if item is None:
            return
        line = {
            "Amount": qty * 2,
            "DetailType": "SalesItemLineDetail",
            "SalesItemLineDetail": {"ItemRef": {"value": item}, "Qty": qty, "UnitPrice": 2},
        }
        body = {"CustomerRef": {"value": "1001"}, "TxnDate": "2025-06-01", "Line": [line]}
        status, answer = self.post("creditmemo" if credit else "salesreceipt", body)
        if not self.item_rows[item]["active"]:
            assert self.code(answer) == "610"
            return
        assert status == 200, answer
        self.item_rows[item]["qty"] += qty if credit else -qty

    @rule(item=items, price=PRICES, stale=st.booleans(), sparse=st.booleans())
    def update_item_price(self, item: str | None, price: Decimal, stale: bool, sparse: bool) -> None:
        if item is None:
            return
        model = self.item_rows[item]
        token = model["sync"] - 1 if stale and model["sync"] > 0 else model["sync"]
        body: dict[str, Any] = {"Id": item, "SyncToken": str(token), "UnitPrice": float(price)}
        if sparse:
            body["sparse"] = True
        else:
            body.update(Name=model["name"], Type="Service", IncomeAccountRef={"value": "79"}, Active=model["active"])
        status, answer = self.post("item", body)
        if token != model["sync"]:
            assert self.code(answer) == "5010"
            return
        if not sparse and answer.get("Fault"):
            # a full update of a NonInventory item as Service is allowed; nothing else may fail
            raise AssertionError(answer)
        assert status == 200 and answer["Item"]["SyncToken"] == str(model["sync"] + 1)
        model.update(sync=model["sync"] + 1, price=price)

    @rule(item=items, active=st.booleans())
    def set_item_active(self, item: str | None, active: bool) -> None:
        if item is None:
            return
        model = self.item_rows[item]
        status, answer = self.post("item", {"Id": item, "SyncToken": model["sync"], "sparse": True, "Active": active})
        assert status == 200, answer
        model.update(sync=model["sync"] + 1, active=active)

    @rule(target=contacts, entity=st.sampled_from(["Customer", "Vendor", "Employee"]), name=NAMES)
    def create_contact(self, entity: str, name: str) -> Any:
        status, answer = self.post(entity.lower(), {"DisplayName": name})
        taken = self.contact_name_taken(name)
        if taken is not None:
            assert self.code(answer) == "6240" and answer["Fault"]["Error"][0]["Detail"].endswith(f"Id={taken}")
            return None
        assert status == 200, answer
        contact_id = answer[entity]["Id"]
        assert answer[entity]["DisplayName"] == name.strip()
        self.contact_rows[contact_id] = {"entity": entity, "name": name.strip(), "sync": 0, "active": True}
        return contact_id

    @rule(contact=consumes(contacts), name=NAMES)
    def rename_contact(self, contact: str | None, name: str) -> None:
        if contact is None:
            return
        model = self.contact_rows[contact]
        body = {"Id": contact, "SyncToken": str(model["sync"]), "sparse": True, "DisplayName": name}
        status, answer = self.post(model["entity"].lower(), body)
        taken = self.contact_name_taken(name, but=contact)
        if taken is not None:
            assert self.code(answer) == "6240"
            return
        assert status == 200, answer
        model.update(name=name.strip(), sync=model["sync"] + 1)

    @rule(name=NAMES)
    def query_items_by_name(self, name: str) -> None:
        found = self.query(f"SELECT * FROM Item WHERE Name = '{name}'").get("Item", [])
        expected = [i for i, r in self.item_rows.items() if key(r["name"]) == name.casefold() and r["active"]]
        assert [row["Id"] for row in found] == expected

    @rule(prefix=st.sampled_from(["A", "g", "St", "É", "z"]))
    def query_names_like(self, prefix: str) -> None:
        got = self.query(f"SELECT * FROM Customer WHERE DisplayName LIKE '{prefix}%' MAXRESULTS 1000")
        expected = sorted(
            (
                i
                for i, r in self.contact_rows.items()
                if r["entity"] == "Customer" and r["name"].casefold().startswith(prefix.casefold())
            ),
            key=int,
        )
        assert [row["Id"] for row in got.get("Customer", [])] == expected

    # -- invariants -----------------------------------------------------------------------------------

    @invariant()
    def counts_agree(self) -> None:
        if not hasattr(self, "endpoint"):
            return
        active = sum(1 for r in self.item_rows.values() if r["active"])
        assert self.query("SELECT COUNT(*) FROM Item") == {"totalCount": active}
        assert self.query("SELECT COUNT(*) FROM Item WHERE Active IN (true, false)") == {
            "totalCount": len(self.item_rows)
        }

    @invariant()
    def rows_agree(self) -> None:
        if not hasattr(self, "endpoint"):
            return
        rows = {r["Id"]: r for r in self.endpoint.company.tables["Item"].rows.values()}
        for item_id, model in self.item_rows.items():
            row = rows[item_id]
            assert row["SyncToken"] == str(model["sync"]) and row["Active"] is model["active"]
            assert Decimal(str(row["UnitPrice"])) == model["price"]
            if model["qty"] is not None:
                assert row["QtyOnHand"] == model["qty"]


QuickBooksModel.TestCase.settings = settings(
    max_examples=75, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestQuickBooksModel = QuickBooksModel.TestCase
