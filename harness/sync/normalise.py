"""Keys for comparing codes, names, emails and phones the way people mean them.

Exact keys are what the connector uses; these normalised keys are what we use
to find the near-misses the connector will NOT match (rule #9: "test an exact
match against a normalised one").
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z ]+")
_NON_DIGIT = re.compile(r"\D+")


def code_key(code: str) -> str:
    """A product code with case and surrounding/inner whitespace differences removed."""
    return _SPACES.sub("", code).casefold()


@lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """Accents, case, punctuation and spacing removed: 'Hélène  Côté' == 'helene cote'."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", unidecode(name).casefold())).strip()


def display_key(name: str) -> str:
    """How QuickBooks compares DisplayNames for uniqueness: case-insensitive, trimmed."""
    return _SPACES.sub(" ", name).strip().casefold()


def email_key(email: str | None) -> str | None:
    if not email or not email.strip():
        return None
    return email.strip().casefold()


def phone_key(phone: str | None) -> str | None:
    """Digits only, without a North American leading 1, so '+1 (514) 555-0100' == '514.555.0100'."""
    if not phone:
        return None
    digits = _NON_DIGIT.sub("", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits or None
