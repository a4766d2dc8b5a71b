"""Money as the JSON store APIs write it: strings with two places, parsed back into Decimals.

Shared by the platforms whose wire money is a decimal string (Shopify, WooCommerce). Parsing is
cached: a store repeats the same few thousand amounts across hundreds of thousands of lines, and a
text is cheap to hash. Formatting is not: the amounts a server writes include every order's own
totals, and a cache of Decimals missed often enough that serving orders was 8 % faster without it.
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from harness.model.common import ZERO

TWO_PLACES = Decimal("0.01")


def money_text(amount: Decimal) -> str:
    """``Decimal("12.5")`` -> ``"12.50"``."""
    try:
        return str(amount.quantize(TWO_PLACES))
    except InvalidOperation:
        return str(amount)


def parse_money(value: Any) -> Decimal | None:
    """A wire amount (string, number, "" or null) as a Decimal, or None when absent."""
    if value.__class__ is str:  # the usual case, first
        return decimal_of(value) if value else None
    if value is None:
        return None
    return decimal_of(str(value))


@functools.lru_cache(maxsize=1 << 16)
def decimal_of(text: str) -> Decimal:
    return Decimal(text)


def money_or_zero(value: Any) -> Decimal:
    if value.__class__ is str and value:  # the usual case, first
        return decimal_of(value)
    parsed = parse_money(value)
    return ZERO if parsed is None else parsed
