"""Trading-API XML basics: safe parsing, building, money and dates (store-apis.md 3.1).

Requests and responses are untrusted XML, so parsing goes through defusedxml
(no entity expansion, no DTDs); building uses the stdlib ElementTree.
Namespaces are stripped on parse: every Trading element lives in
``urn:ebay:apis:eBLBaseComponents`` and nothing else is mixed in.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from harness.errors import InputError
from harness.model.common import CENT

NS = "urn:ebay:apis:eBLBaseComponents"

Element = ET.Element


class XmlError(InputError):
    """Unparseable or forbidden XML; the message says where."""


def parse_xml(data: bytes, *, source: str = "request") -> Element:
    """Parse with entity expansion and DTDs refused; the root and every tag lose their namespace."""
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise XmlError(f"{source}: forbidden XML construct ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise XmlError(f"{source}: XML parse error at line {line}, column {column}: {exc.msg}") from None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
    return root


def to_bytes(root: Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def money_text(amount: Decimal) -> str:
    """Trading amounts carry two decimals; anything finer is rounded half-up, as eBay does."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def sub_money(parent: Element, tag: str, amount: Decimal, currency: str) -> Element:
    return sub(parent, tag, money_text(amount), currencyID=currency)


def ebay_time(value: datetime) -> str:
    """``2024-05-01T10:00:00.000Z``: UTC, milliseconds, ``Z``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime:
    """ISO 8601; a date without a zone (ebaysdk renders Python datetimes as ``2026-03-01 00:00:00``) is UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise XmlError(f"not an eBay date: {text!r}") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def truncate_ms(value: datetime) -> datetime:
    """What survives a trip through an eBay date: UTC, millisecond precision."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def text(el: Element | None, path: str) -> str | None:
    """Text of the first match of ``path``; ``""`` for a present but empty element, None when absent."""
    if el is None:
        return None
    found = el.find(path)
    if found is None:
        return None
    return found.text or ""


def decimal(el: Element | None, path: str, default: Decimal | None = None) -> Decimal | None:
    raw = text(el, path)
    if raw is None or raw.strip() == "":
        return default
    try:
        return Decimal(raw.strip())
    except InvalidOperation:
        raise XmlError(f"{path}: not an amount: {raw!r}") from None


def integer(el: Element | None, path: str, default: int = 0) -> int:
    raw = text(el, path)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise XmlError(f"{path}: not an integer: {raw!r}") from None


def boolean(el: Element | None, path: str, default: bool = False) -> bool:
    """``true``/``false``, and ``True``/``False`` because ebaysdk renders Python booleans (store-apis.md 3.4)."""
    raw = text(el, path)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in ("true", "1")
