"""Faker draws made once per process and then combined with a seeded RNG.

Calling Faker per field costs tens of microseconds; at 100k customers that is
most of the time budget. Instead each locale's names, streets and companies are
drawn once into pools (Faker seeded with a fixed value, so pools are identical
in every process) and the per-store RNG picks from them.

The pools are also *cleaned* so that the clean part of a store never carries a
pathology by accident: spellings are made canonical across locales (no pool has
both "Hélène" and "Helene", so names that differ only by accent only appear when
``customer_name_accent`` puts them there), and names with characters a
connector rejects (colons, quotes) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker
from unidecode import unidecode

POOL_SEED = 20260101
_NAME_OK = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+)*$")
_COMPANY_OK = re.compile(r"^[A-Za-z][A-Za-z ,.&-]*$")


@dataclass(frozen=True)
class LocalePool:
    """One locale's draws, cleaned; index-aligned ASCII forms save an unidecode call per customer."""

    locale: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    #: ascii, lower-case forms of the names above, index for index (for emails)
    first_ascii: tuple[str, ...]
    last_ascii: tuple[str, ...]
    streets: tuple[str, ...]


@dataclass(frozen=True)
class Pools:
    """Every locale's pool plus company names (customers' companies, books vendors)."""

    by_locale: dict[str, LocalePool]
    companies: tuple[str, ...]


def fold(text: str) -> str:
    """The accent- and case-blind key two names are compared on."""
    return unidecode(text).casefold()


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only: the local part of a generated email."""
    return re.sub(r"[^a-z0-9]", "", unidecode(text).lower())


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


@lru_cache(maxsize=8)
def get_pools(locales: tuple[str, ...]) -> Pools:
    """Pools for ``locales``; cached because they do not depend on the store seed."""
    first_canon: dict[str, str] = {}
    last_canon: dict[str, str] = {}
    raw: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for locale in sorted(set(locales)):
        fake = Faker(locale)
        fake.seed_instance(POOL_SEED)
        firsts = _unique([fake.first_name() for _ in range(2500)])
        lasts = _unique([fake.last_name() for _ in range(2500)])
        streets = _unique([fake.street_name() for _ in range(1200)])
        raw[locale] = (firsts, lasts, streets)
        for name in firsts:
            if _NAME_OK.match(name):
                first_canon.setdefault(fold(name), name)
        for name in lasts:
            if _NAME_OK.match(name):
                last_canon.setdefault(fold(name), name)
    by_locale: dict[str, LocalePool] = {}
    for locale, (firsts, lasts, streets) in raw.items():
        f = _unique([first_canon[fold(n)] for n in firsts if _NAME_OK.match(n)])
        la = _unique([last_canon[fold(n)] for n in lasts if _NAME_OK.match(n)])
        by_locale[locale] = LocalePool(
            locale=locale,
            first_names=tuple(f),
            last_names=tuple(la),
            first_ascii=tuple(ascii_slug(n) for n in f),
            last_ascii=tuple(ascii_slug(n) for n in la),
            streets=tuple(s for s in streets if ":" not in s and '"' not in s),
        )
    fake = Faker("en_US")
    fake.seed_instance(POOL_SEED)
    companies = _unique([c for c in (fake.company() for _ in range(1500)) if _COMPANY_OK.match(c)])
    return Pools(by_locale=by_locale, companies=tuple(companies))
