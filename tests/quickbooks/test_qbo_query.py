"""The query language (domain notes §6): grammar, operators, paging, the active filter, envelopes."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from qbo_helpers import Sim, make_books

from harness.platforms.quickbooks import QuickBooksEndpoint, make_endpoint
from harness.platforms.quickbooks.faults import QboFault
from harness.platforms.quickbooks.query import parse_query, tokenize


@pytest.fixture(scope="module")
def endpoint() -> QuickBooksEndpoint:
    return make_endpoint(make_books(n_items=40, n_customers=25, n_documents=6))


def names(endpoint: QuickBooksEndpoint, statement: str, entity: str = "Item", key: str = "Name") -> list[str]:
    return [row[key] for row in endpoint.run_query(statement).get(entity, [])]


def code_of(endpoint: QuickBooksEndpoint, statement: str) -> tuple[str, str]:
    with pytest.raises(QboFault) as raised:
        endpoint.run_query(statement)
    error = raised.value.errors[0]
    return error.code, error.detail


def test_tokenizer_reads_strings_with_escapes_numbers_and_operators() -> None:
    tokens = tokenize("select * from Customer where DisplayName = 'Amy\\'s' and Balance >= -1.5")
    assert [(t.kind, t.text) for t in tokens] == [
        ("KEYWORD", "SELECT"),
        ("SYMBOL", "*"),
        ("KEYWORD", "FROM"),
        ("IDENTIFIER", "Customer"),
        ("KEYWORD", "WHERE"),
        ("IDENTIFIER", "DisplayName"),
        ("SYMBOL", "="),
        ("STRING", "Amy's"),
        ("KEYWORD", "AND"),
        ("IDENTIFIER", "Balance"),
        ("SYMBOL", ">="),
        ("NUMBER", "-1.5"),
        ("EOF", ""),
    ]


def test_the_statements_python_quickbooks_generates_parse() -> None:
    for statement in (
        "SELECT * FROM Item WHERE Name = 'b' AND Active = True ORDERBY Name STARTPOSITION 1 MAXRESULTS 10",
        "SELECT *, Sku FROM Item ORDER BY Name STARTPOSITION 3 MAXRESULTS 100",
        "SELECT COUNT(*) FROM Customer WHERE Active = False",
        "SELECT * FROM Item WHERE Id in ('1', '2')",
        "SELECT * FROM Item  MAXRESULTS 1",
        "select * from item where metadata.lastupdatedtime > '2025-01-01T00:00:00-08:00'",
    ):
        parse_query(statement)
    parsed = parse_query("SELECT Id, Name FROM Item ORDER BY Name DESC, Id MAXRESULTS 5000 STARTPOSITION 2")
    assert parsed.fields == ("Id", "Name") and not parsed.star
    assert parsed.order == (("Name", True), ("Id", False))
    assert (parsed.start_position, parsed.max_results) == (2, 1000)  # clamped (§6)


def test_comparison_operators(endpoint: QuickBooksEndpoint) -> None:
    assert names(endpoint, "SELECT * FROM Item WHERE Name = 'item 00003'") == ["Item 00003"]  # case-insensitive
    assert len(names(endpoint, "SELECT * FROM Item WHERE Name != 'Item 00003' MAXRESULTS 1000")) == 37
    assert names(endpoint, "SELECT * FROM Item WHERE Name < 'Item 00003'") == ["Item 00001", "Item 00002"]
    assert names(endpoint, "SELECT * FROM Item WHERE Name <= 'Item 00002'") == ["Item 00001", "Item 00002"]
    assert names(endpoint, "SELECT * FROM Item WHERE Name > 'Item 00038'") == ["Item 00039", "Item 00040"]
    assert names(endpoint, "SELECT * FROM Item WHERE Name >= 'Item 00040'") == ["Item 00040"]
    assert names(endpoint, "SELECT * FROM Item WHERE UnitPrice > '38' AND UnitPrice < 40.5") == [
        "Item 00038",
        "Item 00039",
    ]
    assert names(endpoint, "SELECT * FROM Item WHERE Sku IN ('sku-00001', 'SKU-00005', 'nope')") == [
        "Item 00001",
        "Item 00005",
    ]
    expected = ["Item 00001"] + [f"Item 0001{n}" for n in range(10) if n != 7]  # 00017 is inactive
    assert names(endpoint, "SELECT * FROM Item WHERE Name LIKE '%0001%'") == expected
    assert names(endpoint, "SELECT * FROM Item WHERE Name LIKE 'item 0000%' AND Type = 'Inventory'") == [
        "Item 00003",
        "Item 00006",
        "Item 00009",
    ]
    assert names(endpoint, "SELECT * FROM Item WHERE Id = '105'") == ["Item 00005"]
    assert names(endpoint, "SELECT * FROM Item WHERE Taxable = true AND Id IN ('101', '102')") == ["Item 00002"]


def test_name_lists_return_active_records_unless_active_is_filtered(endpoint: QuickBooksEndpoint) -> None:
    assert "Item 00017" not in names(endpoint, "SELECT * FROM Item MAXRESULTS 1000")
    assert names(endpoint, "SELECT * FROM Item WHERE Active = false") == ["Item 00017", "Item 00034"]
    assert len(names(endpoint, "SELECT * FROM Item WHERE Active IN (true, false) MAXRESULTS 1000")) == 40
    assert endpoint.run_query("SELECT COUNT(*) FROM Customer") == {"totalCount": 24}
    assert endpoint.run_query("SELECT COUNT(*) FROM Customer WHERE Active IN (true,false)") == {"totalCount": 25}
    # transactions have no Active: every document comes back
    assert endpoint.run_query("SELECT COUNT(*) FROM Invoice") == {"totalCount": 3}


def test_paging_envelope_and_order(endpoint: QuickBooksEndpoint) -> None:
    first = endpoint.run_query("SELECT * FROM Item WHERE Active IN (true, false)")
    assert (first["startPosition"], first["maxResults"]) == (1, 40)  # maxResults is the count returned
    page = endpoint.run_query("SELECT * FROM Item ORDERBY Name DESC STARTPOSITION 3 MAXRESULTS 2")
    assert [r["Name"] for r in page["Item"]] == ["Item 00038", "Item 00037"]
    assert (page["startPosition"], page["maxResults"]) == (3, 2)
    assert endpoint.run_query("SELECT * FROM Item STARTPOSITION 500") == {}
    by_type = names(endpoint, "SELECT * FROM Item WHERE Name < 'Item 00007' ORDER BY Type ASC, Name DESC")
    assert by_type == ["Item 00006", "Item 00003", "Item 00005", "Item 00004", "Item 00002", "Item 00001"]
    default = names(endpoint, "SELECT * FROM Customer MAXRESULTS 3", "Customer", "Id")
    assert default == ["1001", "1002", "1003"]  # by Id ascending (§6)


def test_default_page_is_100_and_cap_is_1000() -> None:
    big = make_endpoint(make_books(n_items=1200, n_customers=0))
    assert big.run_query("SELECT * FROM Item")["maxResults"] == 100
    assert big.run_query("SELECT * FROM Item MAXRESULTS 5000")["maxResults"] == 1000


def test_projection_and_sku(endpoint: QuickBooksEndpoint) -> None:
    rows = endpoint.run_query("SELECT Id, Name FROM Item MAXRESULTS 1")["Item"]
    assert rows == [{"Id": "101", "Name": "Item 00001"}]
    assert endpoint.run_query("SELECT *, Sku FROM Item MAXRESULTS 1")["Item"][0]["Sku"] == "SKU-00001"
    assert code_of(endpoint, "SELECT BillAddr FROM Customer") == (
        "4001",
        "QueryValidationError: Property BillAddr not found for Entity Customer",
    )


def test_metadata_and_reference_filters(endpoint: QuickBooksEndpoint) -> None:
    assert endpoint.run_query("SELECT COUNT(*) FROM Invoice WHERE CustomerRef = '1001'") == {"totalCount": 1}
    assert endpoint.run_query(
        "SELECT COUNT(*) FROM Customer WHERE MetaData.LastUpdatedTime >= '2000-01-01T00:00:00Z'"
    ) == {"totalCount": 24}
    assert endpoint.run_query("SELECT COUNT(*) FROM Customer WHERE MetaData.LastUpdatedTime > '2999-01-01'") == {
        "totalCount": 0
    }
    assert endpoint.run_query("SELECT COUNT(*) FROM Invoice WHERE TxnDate <= CURRENT_DATE") == {"totalCount": 3}


@pytest.mark.parametrize(
    ("statement", "code", "detail"),
    [
        (
            "SELECT * FROM Item WHERE Name = 'a' OR Name = 'b'",
            "4000",
            'QueryParserError: Encountered " "or" "OR "" at line 1, column 37.',
        ),
        ("SELECT * Item", "4000", 'QueryParserError: Encountered " <IDENTIFIER> "Item "" at line 1, column 10.'),
        ("SELECT * FROM Item\nWHERE Name = ", "4000", 'QueryParserError: Encountered "<EOF>" at line 2, column 14.'),
        (
            "SELECT * FROM Item WHERE Name = 'open",
            "4000",
            'QueryParserError: Lexical error at line 1, column 33.  Encountered: <EOF> after : "\'open"',
        ),
        (
            "SELECT * FROM Item MAXRESULTS 10 MAXRESULTS 5",
            "4000",
            'QueryParserError: Encountered " "maxresults" "MAXRESULTS "" at line 1, column 34.',
        ),
        ("SELECT * FROM Gizmo", "4001", "QueryValidationError: Entity Gizmo is not supported"),
        (
            "SELECT * FROM Item WHERE Id > '5'",
            "4001",
            "QueryValidationError: operator '>' is not supported for property 'Id'",
        ),
    ],
)
def test_errors(endpoint: QuickBooksEndpoint, statement: str, code: str, detail: str) -> None:
    assert code_of(endpoint, statement) == (code, detail)


def test_get_and_post_and_the_envelope_over_http(qbo: Sim) -> None:
    statement = "SELECT * FROM Customer WHERE DisplayName LIKE 'Customer%' MAXRESULTS 2"
    got = requests.get(
        f"{qbo.api}/query", params={"query": statement, "minorversion": "75"}, headers=qbo.headers(), timeout=10
    )
    posted = requests.post(
        f"{qbo.api}/query?minorversion=75",
        data=statement,
        headers={**qbo.headers(), "Content-Type": "application/text"},
        timeout=10,
    )
    for response in (got, posted):
        body: dict[str, Any] = response.json()
        assert response.status_code == 200
        assert set(body) == {"QueryResponse", "time"}
        assert [c["DisplayName"] for c in body["QueryResponse"]["Customer"]] == ["Customer 00001", "Customer 00002"]
        assert response.headers["intuit_tid"]
    empty = requests.get(
        f"{qbo.api}/query",
        params={"query": "SELECT * FROM Vendor WHERE DisplayName = 'x'"},
        headers=qbo.headers(),
        timeout=10,
    )
    assert empty.json()["QueryResponse"] == {}


def test_default_order_stays_by_id_when_new_ids_follow_text_ids() -> None:
    import msgspec

    books = make_books(n_items=0, n_customers=2)
    books = msgspec.structs.replace(
        books, customers=[msgspec.structs.replace(c, id=f"c{n}") for n, c in enumerate(books.customers, start=1)]
    )
    endpoint = make_endpoint(books)
    endpoint.company.save("Customer", {"DisplayName": "Newer"})
    # the names list shares one Id sequence: after vendor 2001 and employee 3001 comes 3002
    assert names(endpoint, "SELECT * FROM Customer", "Customer", "Id") == ["3002", "c1", "c2"]
