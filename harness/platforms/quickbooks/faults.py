"""QuickBooks Online's Fault envelope and the error codes the simulator raises.

Every error a handler raises is a :class:`QboFault` (an ``ApiError``, so the
shared ``EndpointApp.dispatch`` catches it); the endpoint renders it as the
envelope of domain notes §9.1. Messages and details are the strings of §9.2,
verbatim where they were observed. ``code`` is always a numeric string: a
missing code crashes python-quickbooks' ``handle_exceptions`` (§9.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.platforms.http.app import ApiError


@dataclass(frozen=True)
class FaultError:
    """One entry of ``Fault.Error``."""

    code: str
    message: str
    detail: str = ""
    element: str = ""

    def as_wire(self) -> dict[str, str]:
        return {"Message": self.message, "Detail": self.detail, "code": self.code, "element": self.element}


class QboFault(ApiError):
    """A QuickBooks Fault: HTTP status, fault type and one or more errors."""

    def __init__(self, errors: list[FaultError], *, status: int = 400, fault_type: str = "ValidationFault") -> None:
        first = errors[0]
        super().__init__(status, first.message, code=first.code)
        self.errors = errors
        self.fault_type = fault_type

    def as_wire(self) -> dict[str, Any]:
        """The ``Fault`` object (without ``time``): also what a batch item carries."""
        return {"Error": [e.as_wire() for e in self.errors], "type": self.fault_type}


def fault(code: int, message: str, detail: str = "", element: str = "", *, status: int = 400) -> QboFault:
    return QboFault([FaultError(str(code), message, detail, element)], status=status)


# -- the codes of §9.2, one constructor each -------------------------------------------------------

INACTIVE_TEXT = (
    "Something you're trying to use has been made inactive. "
    "Check the fields with accounts, customers, items, vendors or employees."
)


def unsupported_operation(operation: str) -> QboFault:
    return fault(500, "Unsupported Operation", f"Operation {operation} is not supported.")


def object_not_found(element: str = "") -> QboFault:
    return fault(610, "Object Not Found", f"Object Not Found : {INACTIVE_TEXT}", element)


def txn_cannot_be_linked(txn_id: str) -> QboFault:
    return fault(
        620,
        "Txn ID Cannot Be Linked",
        f"TxnID Cannot Be Linked : Cannot validate linked transactions. TxnId {txn_id} was not found.",
        "Line.LinkedTxn.TxnId",
    )


def batch_too_large(supplied: int, limit: int = 30) -> QboFault:
    return fault(1040, "Batch size exceeds allowed limit", f"Max:{limit} Supplied:{supplied}")


def invalid_property(detail: str, element: str = "") -> QboFault:
    return fault(2010, "Request has invalid or unsupported property", detail, element)


def required_missing(parameter: str, element: str | None = None) -> QboFault:
    return fault(
        2020,
        "Required param missing, need to supply the required value for the API",
        f"Required parameter {parameter} is missing in the request",
        parameter if element is None else element,
    )


def invalid_id(value: str, element: str = "Id") -> QboFault:
    return fault(2030, "Invalid ID", f"Id should be a valid number. Supplied value:{value}", element)


def invalid_string(value: str, element: str) -> QboFault:
    return fault(
        2040,
        "Invalid String. The String may contain unsupported or illegal chars",
        f"Element contains invalid characters. {value}",
        element,
    )


def string_length(element: str, maximum: int, supplied: int, minimum: int = 0) -> QboFault:
    return fault(
        2050,
        "String length is either shorter or longer than supported by specification",
        "String length specified does not match the supported length. "
        f"Min:{minimum} Max:{maximum} supported. Supplied length:{supplied}",
        element,
    )


def invalid_enumeration(value: str, element: str) -> QboFault:
    return fault(2170, "Invalid Enumeration", f"Invalid Enumeration : {value}", element)


def invalid_email(element: str) -> QboFault:
    return fault(2210, "Email Address does not conform to the syntax rules of RFC 822", "", element)


def invalid_reference(entity: str, ref_id: str, element: str) -> QboFault:
    """2500 for a reference to an id that does not exist (§3); the detail form is the observed one."""
    return fault(
        2500, "Invalid Reference Id", f"Invalid Reference Id : {entity}s element id {ref_id} not found", element
    )


def query_parse_error(detail: str) -> QboFault:
    return fault(4000, "Error parsing query", f"QueryParserError: {detail}")


def query_invalid(detail: str) -> QboFault:
    return fault(4001, "Invalid query", f"QueryValidationError: {detail}")


def stale_object() -> QboFault:
    return fault(
        5010,
        "Stale Object Error",
        "Stale Object Error : You and API API were working on this at the same time. "
        "API API finished before you did, so your work was not saved.",
        "SyncToken",
    )


def business_validation(text: str, element: str = "") -> QboFault:
    return fault(
        6000,
        "A business validation error has occurred while processing your request",
        f"Business Validation Error: {text}",
        element,
    )


def invalid_account_type() -> QboFault:
    return fault(6010, "Invalid Account.AccountType && Account.SubType", "", "AccountType")


def amount_incorrect(supplied: str) -> QboFault:
    return fault(
        6070,
        "Amount calculation incorrect in the request",
        f"Amount is not equal to UnitPrice * Qty. Supplied value:{supplied}",
        "Line.Amount",
    )


def no_name_provided() -> QboFault:
    return fault(
        6080,
        "No Name Provided",
        "Title, GivenName, MiddleName, FamilyName, DisplayName, Suffix: one of these must be non-empty.",
        "DisplayName",
    )


def invalid_line_tax_code_us() -> QboFault:
    return fault(
        6100,
        "Invalid Line TaxCode",
        "Valid Line TaxCodes for US should be TAX or NON",
        "Line.SalesItemLineDetail.TaxCodeRef",
    )


def duplicate_doc_number() -> QboFault:
    return fault(
        6140,
        "Duplicate Document Number Error",
        "Duplicate Document Number Error : You must specify a different number. This number has already been used.",
        "DocNumber",
    )


def duplicate_name(existing_id: str) -> QboFault:
    return fault(6240, "Duplicate Name Exists Error", f"The name supplied already exists. : Id={existing_id}")


def prior_to_start_date(item_name: str) -> QboFault:
    return fault(
        6270,
        "Transaction date is prior to start date for inventory item",
        f"Transaction date is prior to start date for inventory item : {item_name}",
        "TxnDate",
    )


def system_failure(detail: str, *, status: int = 500) -> QboFault:
    error = FaultError(
        "10000", "An application error has occurred while processing your request", f"System Failure Error: {detail}"
    )
    return QboFault([error], status=status, fault_type="SystemFault")


# -- gateway shapes (§9.1): not the Fault envelope ------------------------------------------------


def legacy_gateway_body(status: int, code: str, message: str, detail: str, fault_type: str) -> dict[str, Any]:
    """The older lower-case body QBO's gateway returns for 401 and 403 [obs]."""
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
    }


def throttle_xml(time_text: str) -> bytes:
    """The XML 429 body QBO sends even when JSON was asked for (§9.1)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse time="{time_text}">'
        '<Fault type="SERVICE"><Error code="3001">'
        "<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>"
        "<Detail>The request limit was reached.  Try again later</Detail>"
        "</Error></Fault></IntuitResponse>"
    ).encode()
