"""Customers across locales, with addresses whose region, postal code and phone agree.

Emails are unique and lower-case in a clean store: a repeated or case-shifted
email is exactly what ``customer_new_account_per_order`` and
``customer_email_case`` inject, so it must not happen by chance.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from harness.model.store import Address, Customer
from harness.sources.generated.context import ANCHOR
from harness.sources.generated.geo import EMAIL_DOMAINS, LOCALE_COUNTRY, LOCALE_REGIONS, Region
from harness.sources.generated.pools import Pools

CUSTOMER_ID_BASE = 200_000
_POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"


def postal_code(rng: random.Random, region: Region) -> str:
    """A ZIP or a Canadian postal code whose first characters belong to ``region``."""
    prefix = rng.choice(region.postal_prefixes)
    if region.country == "US":
        return f"{prefix}{rng.randint(0, 999):03d}"
    letters = _POSTAL_LETTERS
    first = f"{prefix}{rng.randint(0, 9)}{rng.choice(letters)}"
    return f"{first} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"


def phone_number(rng: random.Random, region: Region) -> str:
    """E.164, the form Shopify stores and the phone matcher normalises to."""
    return f"+1{rng.choice(region.area_codes)}{rng.randint(2, 9)}{rng.randint(0, 99):02d}{rng.randint(0, 9999):04d}"


def make_address(
    rng: random.Random, pools: Pools, locale: str, region: Region, first: str | None, last: str | None,
    company: str | None, phone: str | None,
) -> Address:
    """An address in ``region``, street from the locale's pool (French street names for fr_CA)."""
    pool = pools.by_locale[locale]
    line2 = None
    if rng.random() < 0.18:
        line2 = f"app. {rng.randint(1, 40)}" if locale == "fr_CA" else f"Apt {rng.randint(1, 40)}"
    return Address(
        first_name=first,
        last_name=last,
        company=company,
        line1=f"{rng.randint(1, 9999)} {rng.choice(pool.streets)}",
        line2=line2,
        city=rng.choice(region.cities),
        region=region.code,
        postal_code=postal_code(rng, region),
        country=region.country,
        phone=phone,
    )


class EmailBook:
    """Hands out emails that are unique across the whole store."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, rng: random.Random, first: str, last: str, country: str) -> str:
        style = rng.randint(0, 4)
        local = (f"{first}.{last}", f"{first}{last}", f"{first}_{last}", f"{first[:1]}{last}",
                 f"{first}.{last}{rng.randint(1, 99)}")[style]
        domain = rng.choice(EMAIL_DOMAINS[country])
        email = f"{local}@{domain}"
        n = 1
        while email in self.used:
            n += 1
            email = f"{local}{n}@{domain}"
        self.used.add(email)
        return email


def make_customers(
    rng: random.Random,
    pools: Pools,
    locales: tuple[str, ...],
    count: int,
    emails: EmailBook,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Customer], list[Region]]:
    """Customers and, index for index, the region of their default address."""
    customers: list[Customer] = []
    regions: list[Region] = []
    region_choices = {
        loc: ([r for r, _ in LOCALE_REGIONS[loc]], [w for _, w in LOCALE_REGIONS[loc]]) for loc in locales
    }
    for i in range(count):
        if progress is not None and i % 5000 == 0:
            progress(i)
        locale = locales[i % len(locales)] if rng.random() < 0.5 else rng.choice(locales)
        pool = pools.by_locale[locale]
        fi = rng.randrange(len(pool.first_names))
        li = rng.randrange(len(pool.last_names))
        first, last = pool.first_names[fi], pool.last_names[li]
        choices, weights = region_choices[locale]
        region = rng.choices(choices, weights=weights)[0]
        phone = phone_number(rng, region) if rng.random() < 0.65 else None
        company = rng.choice(pools.companies) if rng.random() < 0.12 else None
        country = LOCALE_COUNTRY[locale]
        addresses = [make_address(rng, pools, locale, region, first, last, company, phone)]
        if rng.random() < 0.15:
            addresses.append(make_address(rng, pools, locale, region, first, last, None, phone))
        customers.append(Customer(
            id=str(CUSTOMER_ID_BASE + i + 1),
            first_name=first,
            last_name=last,
            company=company,
            email=emails.make(rng, pool.first_ascii[fi] or "client", pool.last_ascii[li] or "shop", country),
            phone=phone,
            addresses=addresses,
            created_at=ANCHOR - timedelta(days=rng.randint(20, 900), seconds=rng.randint(0, 86_399)),
        ))
        regions.append(region)
    return customers, regions
