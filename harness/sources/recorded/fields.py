"""Which wire fields hold what kind of personal data, by field name, across every platform's wire format.

One list for JSON keys and XML element names alike, compared without case and without the
``billing_``/``shipping_``/``payment_``/``customer_`` prefixes platforms put in front (OpenCart's
``payment_firstname``, WooCommerce's ``customer_ip_address``, Magento's ``customer_email``). The lists
are what docs/recording.md documents; a field a check needs is never on the SENSITIVE list.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["sensitive", "date", "ip", "name", "email", "phone", "address", "company"]

_PREFIXES = ("billing_", "shipping_", "payment_", "customer_", "default_", "user_", "buyer_", "contact_")

#: scrubbed in every recording: no check needs them, and they must not leave the customer
SENSITIVE: frozenset[str] = frozenset(
    {
        # payment details
        "credit_card_number", "credit_card_bin", "credit_card_name", "credit_card_expiration_month",
        "credit_card_expiration_year", "card_number", "cardnumber", "cc_number", "cc_number_enc", "cc_last4",
        "cc_last_4", "last4", "last_4", "last_four", "bin", "cc_exp_month", "cc_exp_year", "cc_owner", "cc_cid",
        "cvv", "cvv_result_code", "avs_result_code", "payment_token", "token", "card_token", "fingerprint",
        "creditcard", "creditcardnumber", "paymentdetails", "payment_details", "payment_method_token",
        # machines and sessions
        "user_agent", "useragent", "browser", "accept_language", "session_hash", "cart_token",
        "checkout_token",
        # secrets of the shopper
        "password", "password_hash", "passwordhash", "password_confirmation", "salt", "pass",
        # free text written by or about a person
        "note", "notes", "customer_note", "staff_notes", "privatenote", "buyercheckoutmessage",
        "customer_message", "customermemo",
    }
)

#: dates of birth: scrubbed to null (a scrubbed string would not parse as a date)
BIRTH_DATES: frozenset[str] = frozenset({"dob", "date_of_birth", "birthday", "birth_date", "birthdate"})

#: IP addresses: scrubbed to an address of the documentation range (RFC 5737), still a valid IP
IPS: frozenset[str] = frozenset(
    {"ip", "browser_ip", "ip_address", "ipaddress", "registration_ip_address", "remote_ip", "client_ip", "api_ip"}
)

#: replaced by --pseudonymise: people's names (letters mapped word by word, so duplicates stay duplicates)
NAMES: frozenset[str] = frozenset(
    {
        "first_name", "last_name", "firstname", "lastname", "middlename", "middle_name", "givenname",
        "familyname", "displayname", "fullyqualifiedname", "printoncheckname", "full_name", "fullname",
        "userfirstname", "userlastname", "userid", "buyeruserid", "username", "alias", "staticalias", "nickname",
        "suffix",
    }
)
COMPANIES: frozenset[str] = frozenset({"company", "companyname", "company_name", "legalname"})
EMAILS: frozenset[str] = frozenset({"email", "emailaddress", "email_address", "contact_email"})
PHONES: frozenset[str] = frozenset(
    {"phone", "telephone", "mobile", "fax", "freeformnumber", "phone_number", "phonenumber", "cell", "phone2"}
)
ADDRESS_LINES: frozenset[str] = frozenset(
    {
        "address1", "address2", "address_1", "address_2", "street", "street1", "street2", "street_1", "street_2",
        "line1", "line2", "line3", "line4", "line5", "city", "cityname", "zip", "postcode", "postal_code",
        "postalcode", "zipcode", "zip_code",
    }
)
#: street lines: what makes an object a postal address
STREET_LINES: frozenset[str] = frozenset(
    {"address1", "address2", "address_1", "address_2", "street", "street1", "street2", "street_1", "street_2", "line1"}
)
#: a ``name`` field is a person's name only beside street lines (an address's ``name``), never a product's
#: or a tax rate's
_PERSON_NAME_BESIDE = STREET_LINES
#: a city or postcode is personal only in an object about a person (a tax rate's city is not)
_PERSONAL_CONTEXT = STREET_LINES | NAMES | EMAILS | PHONES | COMPANIES
#: name/value pairs (Shopify note_attributes, Magento custom_attributes, QuickBooks NameValue): the name says
_PAIR_NAMES = ("name", "key", "attribute_code", "label")
_PAIR_VALUES = ("value", "stringvalue")
#: references to a person whose ``name`` repeats the person's DisplayName (QuickBooks CustomerRef, ...)
_PERSON_REFS = frozenset({"customerref", "vendorref", "employeeref", "entityref", "payeeref"})


def bare(field: str) -> str:
    """The field name compared: lower case, platform prefixes removed."""
    name = field.casefold()
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            stripped = name[len(prefix) :]
            if _kind_of(stripped) is not None:
                return stripped
    return name


def _kind_of(name: str) -> Kind | None:
    if name in SENSITIVE:
        return "sensitive"
    if name in BIRTH_DATES:
        return "date"
    if name in IPS:
        return "ip"
    if name in NAMES:
        return "name"
    if name in COMPANIES:
        return "company"
    if name in EMAILS:
        return "email"
    if name in PHONES:
        return "phone"
    if name in ADDRESS_LINES:
        return "address"
    return None


def field_kind(field: str, parent: str | None, siblings: frozenset[str]) -> Kind | None:
    """What the field ``field`` of an object holds; ``parent`` is the object's own field name, ``siblings``
    the (bare) names of the object's other fields."""
    name = bare(field)
    kind = _kind_of(name)
    if kind == "address" and name not in STREET_LINES and not siblings & _PERSONAL_CONTEXT:
        return None
    if kind is not None:
        return kind
    if name == "name":
        if parent is not None and parent.casefold() in _PERSON_REFS:
            return "name"
        if siblings & _PERSON_NAME_BESIDE:
            return "name"
    return None


def pair_field(pair: dict[str, object]) -> tuple[str, str, Kind | None] | None:
    """For a name/value pair object: the key holding the value, the name the pair gives it, and what the
    value is (``{"key": "note", "value": ...}`` is a note)."""
    lowered = {k.casefold(): k for k in pair}
    label = next((pair[lowered[n]] for n in _PAIR_NAMES if n in lowered), None)
    value_key = next((lowered[v] for v in _PAIR_VALUES if v in lowered), None)
    if not isinstance(label, str) or value_key is None:
        return None
    return value_key, label, _kind_of(bare(label.replace(" ", "_")))
