"""Personal data out of recorded responses: the sensitive kinds always, names/emails/phones/addresses
on request (``--pseudonymise``).

Sensitive data (payment details, IP addresses, user agents, passwords, dates of birth, notes) is
recognised by field name (``fields.py``) and, in any other text, by its shape: card numbers (13-19
digits passing the Luhn check) and IPv4 addresses not part of a URL. Emails are also recognised by
shape when pseudonymising, so an email in an unexpected field is replaced too.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from harness.sources.recorded.cassette import Interaction
from harness.sources.recorded.fields import Kind
from harness.sources.recorded.pseudonym import Pseudonymiser
from harness.sources.recorded.walkers import rewrite_json, rewrite_xml

SCRUBBED = "[scrubbed]"
#: the documentation range (RFC 5737): still an IP address, nobody's
SCRUBBED_IP = "192.0.2.1"
_CARD = re.compile(r"(?<![\w/.#-])\d(?:[ -]?\d){14,18}(?![\w])")
_IPV4 = re.compile(r"(?<![\w/.:@-])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.:-])")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
#: fields whose long digit strings are codes, not card numbers
_CODE_FIELDS = frozenset(
    {"barcode", "upc", "ean", "gtin", "isbn", "sku", "model", "mpn", "number", "ordernumber", "id"}
)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class Scrubber:
    """One per recording (store and books share it, so pseudonyms agree across both)."""

    def __init__(self, pseudonymiser: Pseudonymiser | None = None) -> None:
        self.pseudonymiser = pseudonymiser
        #: kind of value -> how many were replaced, for recording.json
        self.counts: Counter[str] = Counter()

    def interactions(self, interactions: list[Interaction]) -> list[Interaction]:
        for interaction in interactions:
            interaction.content = self.body(interaction.content, _content_type(interaction.headers))
        return interactions

    def body(self, content: bytes, content_type: str) -> bytes:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return content  # images and other binaries carry no fields
        head = text.lstrip()[:1]
        if "json" in content_type or head in ("{", "["):
            new = rewrite_json(text, self.value)
        elif "xml" in content_type or head == "<":
            new = rewrite_xml(text, self.value)
        else:
            new = self._free_text(text)
        return content if new == text else new.encode("utf-8")

    def value(self, kind: Kind | None, field: str, value: Any) -> Any:
        """The value a field of this kind keeps on disk (the walkers' ``Rewrite``)."""
        if kind == "sensitive":
            if isinstance(value, str) and value:
                return self._count("sensitive", SCRUBBED)
            if isinstance(value, int | float) and not isinstance(value, bool) and value:
                return self._count("sensitive", 0)
            return value
        if kind == "date":
            return self._count("date of birth", None) if value not in (None, "") else value
        if kind == "ip":
            return self._count("ip address", SCRUBBED_IP) if isinstance(value, str) and value else value
        if not isinstance(value, str) or not value:
            return value
        p = self.pseudonymiser
        if p is not None and kind is not None:
            if kind == "email":
                return self._count("email", p.email(value))
            if kind == "phone":
                return self._count("phone", p.phone(value))
            return self._count(kind, p.name(value))
        if p is not None and _EMAIL.match(value):
            return self._count("email", p.email(value))
        if field.casefold() in _CODE_FIELDS:
            return value
        if value[:1] in ("{", "[") and value[-1:] in ("}", "]"):
            # JSON kept inside a string (WordPress meta, plugin settings): its fields are judged like any other
            return rewrite_json(value, self.value)
        return self._free_text(value)

    def _free_text(self, text: str) -> str:
        new = _CARD.sub(self._card, text)
        new = _IPV4.sub(lambda m: self._count("ip address", SCRUBBED_IP), new)
        return new

    def _card(self, match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if not luhn_valid(digits):
            return match.group(0)
        return str(self._count("card number", SCRUBBED))

    def _count(self, what: str, result: Any) -> Any:
        self.counts[what] += 1
        return result


def _content_type(headers: dict[str, list[str]]) -> str:
    for name, values in headers.items():
        if name.lower() == "content-type" and values:
            return values[0].lower()
    return ""
