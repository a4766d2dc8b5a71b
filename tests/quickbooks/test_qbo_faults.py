"""Every fault the simulator raises, with its exact HTTP status and body (domain notes §9)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from qbo_helpers import Sim, make_books

from harness.model.books import Books
from harness.platforms.http import ServerError
from harness.platforms.quickbooks import SPEC, make_endpoint
from harness.sandbox import InProcessSandbox

TIME = "2025-06-02T09:15:00.000-07:00"  # the frozen clock, company-local (§1.4)
INACTIVE = (
    "Something you're trying to use has been made inactive. "
    "Check the fields with accounts, customers, items, vendors or employees."
)


def post(sim: Sim, entity: str, body: dict[str, Any], **params: str) -> requests.Response:
    return requests.post(
        f"{sim.api}/{entity}", json=body, params={"minorversion": "75", **params}, headers=sim.headers(), timeout=10
    )


def query(sim: Sim, statement: str) -> requests.Response:
    return requests.post(
        f"{sim.api}/query",
        data=statement,
        headers={**sim.headers(), "Content-Type": "application/text"},
        timeout=10,
    )


def fault_body(code: int, message: str, detail: str, element: str = "") -> dict[str, Any]:
    return {
        "Fault": {
            "Error": [{"Message": message, "Detail": detail, "code": str(code), "element": element}],
            "type": "ValidationFault",
        },
        "time": TIME,
    }


def assert_fault(response: requests.Response, code: int, message: str, detail: str, element: str = "") -> None:
    assert response.status_code == 400, response.text
    assert response.json() == fault_body(code, message, detail, element)


INVENTORY: dict[str, Any] = {
    "Name": "Tracked",
    "Type": "Inventory",
    "TrackQtyOnHand": True,
    "QtyOnHand": 5,
    "InvStartDate": "2025-05-01",
    "IncomeAccountRef": {"value": "79"},
    "ExpenseAccountRef": {"value": "80"},
    "AssetAccountRef": {"value": "81"},
}


def sale(item_id: str = "101", qty: int = 1, price: float = 10, amount: float | None = None, **extra: Any) -> Any:
    return {
        "CustomerRef": {"value": "1001"},
        "TxnDate": "2025-06-01",
        "Line": [
            {
                "Amount": qty * price if amount is None else amount,
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {"ItemRef": {"value": item_id}, "Qty": qty, "UnitPrice": price},
            }
        ],
        **extra,
    }


# -- 6240 across customers, vendors and employees ------------------------------------------------


@pytest.mark.parametrize(("entity", "existing"), [("customer", "2001"), ("vendor", "1001"), ("employee", "1002")])
def test_6240_display_name_is_unique_across_the_names_list(qbo: Sim, entity: str, existing: str) -> None:
    taken = {"2001": "Supplier One", "1001": "Customer 00001", "1002": "customer 00002 "}[existing]
    assert_fault(
        post(qbo, entity, {"DisplayName": taken}),
        6240,
        "Duplicate Name Exists Error",
        f"The name supplied already exists. : Id={existing}",
    )


def test_6240_item_names_and_inactive_names_still_count(qbo: Sim) -> None:
    assert_fault(
        post(qbo, "item", {"Name": "ITEM 00001", "Type": "Service", "IncomeAccountRef": {"value": "79"}}),
        6240,
        "Duplicate Name Exists Error",
        "The name supplied already exists. : Id=101",
    )
    made = post(qbo, "customer", {"DisplayName": "Gone Soon"}).json()["Customer"]
    update = {"Id": made["Id"], "SyncToken": "0", "sparse": True, "Active": False}
    assert post(qbo, "customer", update).status_code == 200
    assert post(qbo, "vendor", {"DisplayName": "Gone Soon"}).json()["Fault"]["Error"][0]["code"] == "6240"


# -- 6140 duplicate DocNumber --------------------------------------------------------------------


def test_6140_duplicate_doc_number(qbo: Sim) -> None:
    assert post(qbo, "invoice", sale(DocNumber="A-1")).status_code == 200
    assert_fault(
        post(qbo, "invoice", sale(DocNumber="A-1")),
        6140,
        "Duplicate Document Number Error",
        "Duplicate Document Number Error : You must specify a different number. This number has already been used.",
        "DocNumber",
    )
    allowed = post(qbo, "invoice", sale(DocNumber="A-1"), include="allowduplicatedocnum")
    assert allowed.status_code == 200


@pytest.mark.parametrize("books", [make_books(allow_duplicate_doc_numbers=True)])
def test_6140_not_raised_when_the_company_allows_duplicates(qbo: Sim, books: Books) -> None:
    assert post(qbo, "invoice", sale(DocNumber="B-1")).status_code == 200
    assert post(qbo, "invoice", sale(DocNumber="B-1")).status_code == 200


# -- 2050 lengths, 2040 characters, 2020 required ------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "body", "element", "maximum", "supplied"),
    [
        ("item", {"Name": "x" * 101, "Type": "Service", "IncomeAccountRef": {"value": "79"}}, "Name", 100, 101),
        ("customer", {"DisplayName": "d" * 501}, "DisplayName", 500, 501),
        ("customer", {"DisplayName": "ok", "Title": "t" * 17}, "Title", 16, 17),
        ("invoice", sale(DocNumber="1" * 22), "DocNumber", 21, 22),
    ],
)
def test_2050_string_too_long(qbo: Sim, entity: str, body: Any, element: str, maximum: int, supplied: int) -> None:
    assert_fault(
        post(qbo, entity, body),
        2050,
        "String length is either shorter or longer than supported by specification",
        "String length specified does not match the supported length. "
        f"Min:0 Max:{maximum} supported. Supplied length:{supplied}",
        element,
    )


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("item", "Name", "Parent:Child"),
        ("item", "Name", "Tab\there"),
        ("item", "Name", "Line\nbreak"),
        ("item", "Name", 'Say "cheese"'),
        ("customer", "DisplayName", "Rob:Barnett:Company"),
        ("vendor", "GivenName", "A:B"),
    ],
)
def test_2040_separators_in_names(qbo: Sim, entity: str, field: str, value: str) -> None:
    body: dict[str, Any] = {field: value}
    if entity == "item":
        body.update(Type="Service", IncomeAccountRef={"value": "79"})
    elif field != "DisplayName":
        body["DisplayName"] = "Fine Name"
    assert_fault(
        post(qbo, entity, body),
        2040,
        "Invalid String. The String may contain unsupported or illegal chars",
        f"Element contains invalid characters. {value}",
        field,
    )


@pytest.mark.parametrize(
    "missing", ["IncomeAccountRef", "ExpenseAccountRef", "AssetAccountRef", "InvStartDate", "QtyOnHand"]
)
def test_2020_inventory_items_need_accounts_quantity_and_start_date(qbo: Sim, missing: str) -> None:
    body = {k: v for k, v in INVENTORY.items() if k != missing}
    assert_fault(
        post(qbo, "item", body),
        2020,
        "Required param missing, need to supply the required value for the API",
        f"Required parameter {missing} is missing in the request",
        missing,
    )


def test_2020_other_required_params(qbo: Sim) -> None:
    message = "Required param missing, need to supply the required value for the API"
    assert_fault(
        post(qbo, "item", {"Name": "No type", "Type": ""}),
        2020,
        message,
        "Required parameter Type is missing in the request",
        "Type",
    )
    assert_fault(
        post(qbo, "invoice", {"CustomerRef": {"value": "1001"}}),
        2020,
        message,
        "Required parameter Line is missing in the request",
        "Line",
    )
    no_customer = sale()
    del no_customer["CustomerRef"]
    assert_fault(
        post(qbo, "invoice", no_customer),
        2020,
        message,
        "Required parameter CustomerRef is missing in the request",
        "CustomerRef",
    )
    assert_fault(
        post(qbo, "customer", {"Id": "1001", "DisplayName": "x"}),
        2020,
        message,
        "Required parameter SyncToken is missing in the request",
        "SyncToken",
    )


# -- 2500 / 610 references ------------------------------------------------------------------------


def test_2500_unknown_reference(qbo: Sim) -> None:
    assert_fault(
        post(qbo, "invoice", sale(item_id="999999")),
        2500,
        "Invalid Reference Id",
        "Invalid Reference Id : Items element id 999999 not found",
        "Line.SalesItemLineDetail.ItemRef.value",
    )


def test_610_inactive_reference_and_unknown_object(qbo: Sim) -> None:
    # Item 00017 (id 117) is inactive in the fixture company; make one inactive here too
    post(qbo, "item", {"Id": "102", "SyncToken": "0", "sparse": True, "Active": False})
    assert_fault(
        post(qbo, "invoice", sale(item_id="102")),
        610,
        "Object Not Found",
        f"Object Not Found : {INACTIVE}",
        "Line.SalesItemLineDetail.ItemRef.value",
    )
    missing = requests.get(f"{qbo.api}/invoice/424242", headers=qbo.headers(), timeout=10)
    assert missing.status_code == 400
    assert missing.json() == fault_body(610, "Object Not Found", f"Object Not Found : {INACTIVE}")


# -- 6070, 6270, 6000 ------------------------------------------------------------------------------


def test_6070_amount_is_not_qty_times_unit_price(qbo: Sim) -> None:
    assert_fault(
        post(qbo, "invoice", sale(qty=2, price=25, amount=58)),
        6070,
        "Amount calculation incorrect in the request",
        "Amount is not equal to UnitPrice * Qty. Supplied value:58",
        "Line.Amount",
    )


def test_zero_qty_and_price_mean_not_supplied(qbo: Sim) -> None:
    """python-quickbooks sends Qty 0 / UnitPrice 0 for unset values with the real Amount (§4.4)."""
    made = post(qbo, "invoice", sale(qty=0, price=0, amount=100))
    assert made.status_code == 200, made.text
    line = made.json()["Invoice"]["Line"][0]
    assert line["Amount"] == 100 and "Qty" not in line["SalesItemLineDetail"]


def test_6270_sale_before_the_item_start_date(qbo: Sim) -> None:
    item = post(qbo, "item", INVENTORY).json()["Item"]
    assert_fault(
        post(qbo, "invoice", {**sale(item_id=item["Id"]), "TxnDate": "2025-04-30"}),
        6270,
        "Transaction date is prior to start date for inventory item",
        "Transaction date is prior to start date for inventory item : Tracked",
        "TxnDate",
    )


@pytest.mark.parametrize("transport", ["inprocess"])
def test_6000_strict_inventory_refuses_overselling(transport: str, clock: Any) -> None:
    endpoint = make_endpoint(make_books(), strict_inventory=True, clock=clock)
    with InProcessSandbox() as sandbox:
        sim = Sim(endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url), transport)
        item = post(sim, "item", INVENTORY).json()["Item"]
        assert post(sim, "salesreceipt", sale(item_id=item["Id"], qty=5)).status_code == 200
        assert_fault(
            post(sim, "salesreceipt", sale(item_id=item["Id"], qty=1)),
            6000,
            "A business validation error has occurred while processing your request",
            "Business Validation Error: Insufficient quantity on hand for item Tracked: 0 available",
            "Line.SalesItemLineDetail.Qty",
        )


def test_negative_stock_is_allowed_by_default(qbo: Sim) -> None:
    item = post(qbo, "item", INVENTORY).json()["Item"]
    assert post(qbo, "invoice", sale(item_id=item["Id"], qty=8)).status_code == 200
    assert (
        requests.get(f"{qbo.api}/item/{item['Id']}", headers=qbo.headers(), timeout=10).json()["Item"]["QtyOnHand"]
        == -3
    )


# -- 5010, 6080, 6100, 4000, 4001, 1040 --------------------------------------------------------


def test_5010_stale_sync_token(qbo: Sim) -> None:
    assert post(qbo, "customer", {"Id": "1001", "SyncToken": "0", "sparse": True, "Notes": "a"}).status_code == 200
    assert_fault(
        post(qbo, "customer", {"Id": "1001", "SyncToken": 0, "sparse": True, "Notes": "b"}),
        5010,
        "Stale Object Error",
        "Stale Object Error : You and API API were working on this at the same time. "
        "API API finished before you did, so your work was not saved.",
        "SyncToken",
    )


def test_6080_no_name_provided(qbo: Sim) -> None:
    assert_fault(
        post(qbo, "customer", {"Notes": "nameless"}),
        6080,
        "No Name Provided",
        "Title, GivenName, MiddleName, FamilyName, DisplayName, Suffix: one of these must be non-empty.",
        "DisplayName",
    )


def test_6100_us_lines_take_tax_or_non(qbo: Sim) -> None:
    body = sale()
    body["Line"][0]["SalesItemLineDetail"]["TaxCodeRef"] = {"value": "2"}
    assert_fault(
        post(qbo, "invoice", body),
        6100,
        "Invalid Line TaxCode",
        "Valid Line TaxCodes for US should be TAX or NON",
        "Line.SalesItemLineDetail.TaxCodeRef",
    )


def test_4000_parse_error_names_the_position(qbo: Sim) -> None:
    assert_fault(
        query(qbo, "SELECT * FROM Invoice WHERE TxnDate TxnDate = '2025-01-01'"),
        4000,
        "Error parsing query",
        'QueryParserError: Encountered " <IDENTIFIER> "TxnDate "" at line 1, column 37.',
    )
    assert_fault(
        query(qbo, "SELECT * FROM Item WHERE"),
        4000,
        "Error parsing query",
        'QueryParserError: Encountered "<EOF>" at line 1, column 25.',
    )


def test_4001_unknown_property(qbo: Sim) -> None:
    assert_fault(
        query(qbo, "SELECT * FROM Customer WHERE NoSuchField = 'x'"),
        4001,
        "Invalid query",
        "QueryValidationError: Property NoSuchField not found for Entity Customer",
    )


def test_1040_batch_over_thirty_items(qbo: Sim) -> None:
    items = [{"bId": str(n), "operation": "create", "Customer": {"DisplayName": f"B{n}"}} for n in range(31)]
    response = requests.post(f"{qbo.api}/batch", json={"BatchItemRequest": items}, headers=qbo.headers(), timeout=10)
    assert_fault(response, 1040, "Batch size exceeds allowed limit", "Max:30 Supplied:31")


# -- gateway faults: 401, 403, 429, 5xx ------------------------------------------------------------


def gateway_body(code: str, message: str, detail: str, fault_type: str) -> dict[str, Any]:
    """The older lower-case gateway body of §9.1, with ``time`` in epoch milliseconds."""
    return {
        "warnings": None,
        "intuitObject": None,
        "fault": {
            "error": [{"message": message, "detail": detail, "code": code, "element": None}],
            "type": fault_type,
        },
        "report": None,
        "queryResponse": None,
        "batchItemResponse": [],
        "attachableResponse": [],
        "syncErrorResponse": None,
        "requestId": None,
        "status": None,
        "cdcresponse": [],
        "time": 1748880900000,  # 2025-06-02T16:15:00Z
    }


def test_401_and_403_in_the_gateway_shape(qbo: Sim) -> None:
    bad = requests.get(f"{qbo.api}/customer/1001", headers={"Authorization": "Bearer nope"}, timeout=10)
    assert bad.status_code == 401
    assert bad.json() == gateway_body(
        "3200", "message=AuthenticationFailed; errorCode=003200; statusCode=401", "Token invalid", "AUTHENTICATION"
    )
    other_realm = qbo.api.replace(qbo.endpoint.company.realm_id, "123")
    forbidden = requests.get(f"{other_realm}/customer/1001", headers=qbo.headers(), timeout=10)
    assert forbidden.status_code == 403
    assert forbidden.json() == gateway_body(
        "3100", "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403", "", "SERVICE"
    )


def test_401_for_an_expired_token(qbo: Sim, clock: Any) -> None:
    clock.advance(3601)
    expired = requests.get(f"{qbo.api}/customer/1001", headers=qbo.headers(), timeout=10)
    assert expired.status_code == 401
    assert expired.json()["fault"]["error"][0]["detail"].startswith("Token expired")


@pytest.mark.parametrize("transport", ["inprocess"])
@pytest.mark.parametrize("xml", [False, True])
def test_3001_throttle_per_realm(transport: str, xml: bool, clock: Any) -> None:
    endpoint = make_endpoint(make_books(), clock=clock, throttle=True, throttle_xml=xml)
    with InProcessSandbox() as sandbox:
        sim = Sim(endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url), transport)
        statuses = [
            requests.get(f"{sim.api}/customer/1001", headers=sim.headers(), timeout=5).status_code for _ in range(11)
        ]
        assert statuses == [200] * 10 + [429]
        throttled = requests.get(f"{sim.api}/customer/1001", headers=sim.headers(), timeout=5)
        assert throttled.status_code == 429
        if xml:
            assert throttled.headers["Content-Type"].startswith("application/xml")
            assert throttled.text == (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<IntuitResponse time="{TIME}"><Fault type="SERVICE"><Error code="3001">'
                "<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>"
                "<Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>"
            )
        else:
            assert throttled.json() == {
                "Fault": {
                    "Error": [
                        {
                            "Message": "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                            "Detail": "The request limit was reached.  Try again later",
                            "code": "3001",
                            "element": "",
                        }
                    ],
                    "type": "SERVICE",
                },
                "time": TIME,
            }
        clock.advance(1.0)
        assert requests.get(f"{sim.api}/customer/1001", headers=sim.headers(), timeout=5).status_code == 200
        endpoint.journal.clear()
        for _ in range(560):  # about 9 a second: under 10/s, but over 500 in a minute
            clock.advance(0.11)
            requests.get(f"{sim.api}/customer/1001", headers=sim.headers(), timeout=5)
        first_refused = next(e.seq for e in endpoint.journal if e.status == 429)
        assert 480 <= first_refused <= 546  # 500 allowed in the minute, counting the earlier calls


def test_injected_server_error_in_qbo_shape(qbo: Sim) -> None:
    qbo.endpoint.faults.add(ServerError(count=1, status=503, routes=("read_entity",)))
    failed = requests.get(f"{qbo.api}/customer/1001", headers=qbo.headers(), timeout=10)
    assert failed.status_code == 503
    assert failed.json() == {
        "Fault": {
            "Error": [
                {
                    "Message": "An application error has occurred while processing your request",
                    "Detail": "System Failure Error: injected server error",
                    "code": "10000",
                    "element": "",
                }
            ],
            "type": "SystemFault",
        },
        "time": TIME,
    }
    assert requests.get(f"{qbo.api}/customer/1001", headers=qbo.headers(), timeout=10).status_code == 200


def test_every_fault_has_a_numeric_code(qbo: Sim) -> None:
    """python-quickbooks int()s the code of the first Error (§9.3): never leave it out."""
    responses = [
        post(qbo, "nosuchentity", {}),
        requests.get(f"{qbo.base_url}/v3/nowhere", headers=qbo.headers(), timeout=10),
        requests.post(f"{qbo.api}/customer", data=b"{not json", headers=qbo.headers(), timeout=10),
        post(qbo, "customer", {"Id": "1001", "SyncToken": "0"}, operation="delete"),
    ]
    for response in responses:
        assert response.status_code >= 400
        assert int(response.json()["Fault"]["Error"][0]["code"]) > 0


@pytest.mark.parametrize(
    ("entity", "body", "params", "code", "message", "detail", "element"),
    [
        (
            "customer",
            {"DisplayName": "Mail", "PrimaryEmailAddr": {"Address": "not-an-address"}},
            {},
            2210,
            "Email Address does not conform to the syntax rules of RFC 822",
            "",
            "PrimaryEmailAddr.Address",
        ),
        (
            "item",
            {"Name": "Odd", "Type": "Gadget"},
            {},
            2170,
            "Invalid Enumeration",
            "Invalid Enumeration : Gadget",
            "Type",
        ),
        (
            "payment",
            {
                "CustomerRef": {"value": "1001"},
                "TotalAmt": 5,
                "Line": [{"Amount": 5, "LinkedTxn": [{"TxnId": "777", "TxnType": "Invoice"}]}],
            },
            {},
            620,
            "Txn ID Cannot Be Linked",
            "TxnID Cannot Be Linked : Cannot validate linked transactions. TxnId 777 was not found.",
            "Line.LinkedTxn.TxnId",
        ),
        (
            "customer",
            {"Id": "1001", "SyncToken": "0"},
            {"operation": "delete"},
            500,
            "Unsupported Operation",
            "Operation Delete is not supported.",
            "",
        ),
        (
            "customer",
            {"Id": "Example Name", "SyncToken": "0"},
            {},
            2030,
            "Invalid ID",
            "Id should be a valid number. Supplied value:Example Name",
            "Id",
        ),
        ("taxcode", {"Name": "Direct"}, {}, 500, "Unsupported Operation", "Operation Create is not supported.", ""),
    ],
)
def test_other_validation_codes(
    qbo: Sim, entity: str, body: Any, params: dict[str, str], code: int, message: str, detail: str, element: str
) -> None:
    assert_fault(post(qbo, entity, body, **params), code, message, detail, element)


def test_2010_body_is_not_json(qbo: Sim) -> None:
    response = requests.post(f"{qbo.api}/customer", data=b"{nope", headers=qbo.headers(), timeout=10)
    assert response.status_code == 400
    error = response.json()["Fault"]["Error"][0]
    assert (error["code"], error["Message"]) == ("2010", "Request has invalid or unsupported property")
    assert error["Detail"].startswith("Request body is not valid JSON")


@pytest.mark.parametrize("books", [make_books(inventory_tracking=False)])
def test_5020_inventory_items_need_quantity_tracking(qbo: Sim, books: Books) -> None:
    assert_fault(
        post(qbo, "item", INVENTORY),
        5020,
        "You do not have permission to access this feature.",
        "Inventory tracking",
    )


def test_account_numbers_follow_the_country(qbo: Sim) -> None:
    assert_fault(
        post(qbo, "account", {"Name": "Long Number", "AccountType": "Bank", "AcctNum": "12345678"}),
        2050,
        "String length is either shorter or longer than supported by specification",
        "String length specified does not match the supported length. Min:0 Max:7 supported. Supplied length:8",
        "AcctNum",
    )


@pytest.mark.parametrize("books", [make_books(country="FR")])
def test_french_account_numbers_follow_the_plan(qbo: Sim, books: Books) -> None:
    assert_fault(
        post(qbo, "account", {"Name": "Banque", "AccountType": "Bank", "AcctNum": "BQ1"}),
        6000,
        "A business validation error has occurred while processing your request",
        "Business Validation Error: Account numbers must follow the plan compatable numbering system.",
        "AcctNum",
    )
    assert post(qbo, "account", {"Name": "Banque", "AccountType": "Bank", "AcctNum": "512000"}).status_code == 200


def test_display_name_is_built_from_the_name_parts(qbo: Sim) -> None:
    made = post(qbo, "employee", {"Title": "Dr", "GivenName": "Ann", "FamilyName": "Lee", "Suffix": "Jr"})
    assert made.json()["Employee"]["DisplayName"] == "Dr Ann Lee Jr"
    assert_fault(
        post(qbo, "customer", {"GivenName": "Customer", "FamilyName": "00001"}),
        6240,
        "Duplicate Name Exists Error",
        "The name supplied already exists. : Id=1001",
    )
