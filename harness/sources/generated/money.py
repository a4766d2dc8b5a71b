"""Integer-cent arithmetic, converted to Decimal only at the edge.

Cents keep the generator fast (Decimal context switches are the slowest part of a
naive generator) and make "totals add up exactly" a matter of integer sums.
Rates are kept in parts per million of a percent-unit so 9.975 % is exact.
"""

from __future__ import annotations

from decimal import Decimal

_CACHE: dict[int, Decimal] = {}


def money(cents: int) -> Decimal:
    """``1234`` -> ``Decimal("12.34")``, always two places; shared objects keep memory down."""
    value = _CACHE.get(cents)
    if value is None:
        value = Decimal(cents).scaleb(-2)
        if len(_CACHE) < 500_000:
            _CACHE[cents] = value
    return value


def cents(amount: Decimal) -> int:
    """The inverse of :func:`money` for amounts with at most two places."""
    return int(amount.scaleb(2).to_integral_value())


def rate_ppm(rate_percent: Decimal) -> int:
    """9.975 (percent) -> 99_750 parts per million."""
    return int((rate_percent * 10_000).to_integral_value())


def apply_rate(base_cents: int, ppm: int) -> int:
    """Tax on ``base_cents`` at ``ppm``, rounded half up like the stores do."""
    if base_cents >= 0:
        return (base_cents * ppm + 500_000) // 1_000_000
    return -((-base_cents * ppm + 500_000) // 1_000_000)


def ex_tax(gross_cents: int, ppm: int) -> int:
    """The ex-tax amount of a tax-inclusive ``gross_cents`` at a combined ``ppm``, rounded half up."""
    num = gross_cents * 1_000_000
    den = 1_000_000 + ppm
    return (2 * num + den) // (2 * den)


def split(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` cents across ``weights`` proportionally; the last share takes the remainder."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    out = [total * w // whole for w in weights[:-1]]
    out.append(total - sum(out))
    return out
