"""Consistent stand-ins for names, emails, phones and addresses that keep what the checks compare.

Every value is cut into words (runs of letters) and digit runs, and each is mapped on its own:
a word by its case-folded, accent-free spelling to a Faker word of the same length, then the
original's capitals and accents are put back at the same positions; a digit run to digits of the
same length. So, within one recording:

- the same input always gives the same output, and two different inputs never give one output;
- ``Ann@X.com`` and ``ann@x.com`` still differ only in case, ``Hélène`` and ``Helene`` only by accents;
- a word one or two typos away from a word already seen is mapped by applying the same edits to
  that word's stand-in, so near-duplicate names stay exactly as near (same lengths, same edit
  distance, hence the same rapidfuzz ratio the typo check uses);
- phones are mapped on their digits without a North American leading 1, so ``+1 (514) 555-0100``
  and ``514.555.0100`` stay one phone.

The salt decides the stand-ins: a recording made with ``--seed N`` maps the same way every time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from faker.providers.address.en_US import Provider as AddressProvider
from faker.providers.person.en_US import Provider as PersonProvider
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

_WORD = re.compile(r"[^\W\d_]+")
_PIECE = re.compile(r"[^\W\d_]+|\d+")
_VOWELS = "aeiou"
_CONSONANTS = "bcdfghklmnprstvz"
#: words this close (Levenshtein) to a word already mapped are mapped as that word's typo: one edit
#: for short words, two from this length on
_NEAR = 2
_NEAR_TWO_FROM = 6
_MIN_NEAR_LENGTH = 3


@lru_cache(maxsize=1)
def _pool() -> dict[int, list[str]]:
    """Faker's first names, last names and street words by length: the stand-ins for words."""
    words: set[str] = set()
    for source in (PersonProvider.first_names, PersonProvider.last_names, AddressProvider.street_suffixes):
        for word in source:
            w = word.casefold()
            if w.isascii() and w.isalpha():
                words.add(w)
    pool: dict[int, list[str]] = {}
    for w in sorted(words):
        pool.setdefault(len(w), []).append(w)
    return pool


class Pseudonymiser:
    """One per recording: its maps are what keeps store and books consistent with each other."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self._words: dict[str, str] = {}
        self._used_words: set[str] = set()
        self._digits: dict[str, str] = {}
        self._used_digits: set[str] = set()
        self._by_length: dict[int, list[str]] = {}

    # -- public: one method per kind of value ---------------------------------------------------------

    def name(self, value: str) -> str:
        """A person's or company's name, or any text made of words (cities, street lines)."""
        return _PIECE.sub(lambda m: self._piece(m.group(0)), value)

    address = name

    def email(self, value: str) -> str:
        local, at, domain = value.rpartition("@")
        if not at:
            return self.name(value)
        labels = domain.split(".")
        mapped = [self.name(label) for label in labels[:-1]] + labels[-1:]
        return f"{self.name(local)}@{'.'.join(mapped)}"

    def phone(self, value: str) -> str:
        digits = [c for c in value if c.isdigit()]
        keep_country = len(digits) == 11 and digits[0] == "1"
        key = "".join(digits[1:] if keep_country else digits)
        if not key:
            return value
        fake = iter(("1" if keep_country else "") + self._digit_run(key, phone=True))
        return "".join(next(fake) if c.isdigit() else c for c in value)

    # -- words ------------------------------------------------------------------------------------------

    def _piece(self, piece: str) -> str:
        return self._digit_run(piece) if piece[0].isdigit() else self._word(piece)

    def _word(self, word: str) -> str:
        key = unidecode(word).casefold()
        if not key.isascii() or not key.isalpha():
            key = "".join(c for c in key if c.isalpha()) or "x"
        fake = self._words.get(key)
        if fake is None:
            fake = self._new_word(key)
            self._words[key] = fake
            self._used_words.add(fake)
            self._by_length.setdefault(len(key), []).append(key)
        return _dress(fake, word) if len(word) == len(key) else _capitalised(fake, word)

    def _new_word(self, key: str) -> str:
        near = self._near_word(key)
        if near is not None:
            derived = _apply_edits(near, key, self._words[near], self._letter)
            if derived not in self._used_words:
                return derived
        candidates = _pool().get(len(key), [])
        start = self._hash(key)
        for probe in range(len(candidates)):
            candidate = candidates[(start + probe) % len(candidates)]
            if candidate not in self._used_words:
                return candidate
        for probe in range(1_000_000):
            candidate = _made_up(len(key), self._hash(f"{key}#{probe}"))
            if candidate not in self._used_words:
                return candidate
        raise RuntimeError("no unused stand-in word")  # pragma: no cover - 10^6 probes never all collide

    def _near_word(self, key: str) -> str | None:
        """An already mapped word a typo or two away (same length give or take the typos)."""
        if len(key) < _MIN_NEAR_LENGTH:
            return None
        best: tuple[int, str] | None = None
        near = _NEAR if len(key) >= _NEAR_TWO_FROM else 1
        for length in range(len(key) - near, len(key) + near + 1):
            for other in self._by_length.get(length, ()):
                distance = Levenshtein.distance(key, other, score_cutoff=near)
                if distance <= near and (best is None or distance < best[0]):
                    best = (distance, other)
        return best[1] if best is not None else None

    def _letter(self, original: str, avoid: str) -> str:
        """The stand-in letter for a typed letter; never ``avoid`` (the letter it replaces)."""
        start = self._hash(f"letter:{original}")
        for probe in range(26):
            letter = chr(ord("a") + (start + probe) % 26)
            if letter != avoid:
                return letter
        return "x"  # pragma: no cover

    # -- digits -----------------------------------------------------------------------------------------

    def _digit_run(self, run: str, *, phone: bool = False) -> str:
        known = self._digits.get(run)
        if known is not None:
            return known
        fake = run
        for probe in range(1_000_000):
            digest = hashlib.sha256(f"{self.salt}:digits:{run}:{probe}".encode()).digest()
            fake = "".join(str(b % 10) for b in digest[: len(run)])
            while len(fake) < len(run):
                fake += str(self._hash(f"{run}:{len(fake)}:{probe}") % 10)
            if phone and len(fake) >= 10:
                fake = str(2 + digest[0] % 8) + fake[1:]  # a North American area code never starts with 0 or 1
            if fake not in self._used_digits and (fake != run or len(run) < 3):
                break
        self._digits[run] = fake
        self._used_digits.add(fake)
        return fake

    def _hash(self, text: str) -> int:
        return int.from_bytes(hashlib.sha256(f"{self.salt}:{text}".encode()).digest()[:8], "big")


def _dress(fake: str, original: str) -> str:
    """``fake`` with the capitals and accents of ``original`` at the same positions."""
    out = []
    for plain, model in zip(fake, original, strict=True):
        letter = plain.upper() if model.isupper() else plain
        marks = unicodedata.normalize("NFD", model)[1:]
        out.append(unicodedata.normalize("NFC", letter + marks) if marks else letter)
    return "".join(out)


def _capitalised(fake: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return fake.upper()
    return fake[:1].upper() + fake[1:] if original[:1].isupper() else fake


def _apply_edits(source: str, target: str, stand_in: str, pick: Callable[[str, str], str]) -> str:
    """``stand_in`` changed the way ``source`` changes into ``target`` (same positions, same kinds of edit);
    ``pick(typed letter, letter it replaces)`` gives each new letter."""
    chars = list(stand_in)
    shift = 0
    for edit in Levenshtein.editops(source, target):
        at, j = edit.src_pos + shift, edit.dest_pos
        if edit.tag == "replace":
            chars[at] = pick(target[j], chars[at])
        elif edit.tag == "insert":
            chars.insert(at, pick(target[j], chars[at] if at < len(chars) else ""))
            shift += 1
        else:
            del chars[at]
            shift -= 1
    return "".join(chars)


def _made_up(length: int, number: int) -> str:
    """A pronounceable word of ``length`` letters when Faker has none that long."""
    out = []
    for position in range(length):
        letters = _CONSONANTS if position % 2 == 0 else _VOWELS
        out.append(letters[number % len(letters)])
        number //= len(letters)
        if number == 0:
            number = length * 7919 + position
    return "".join(out)


__all__ = ["Pseudonymiser"]
