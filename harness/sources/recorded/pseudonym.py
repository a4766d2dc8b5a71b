"""Consistent stand-ins for names, emails, phones and addresses that keep what the checks compare.

Every value is cut into words (runs of letters) and digit runs, and each is mapped on its own:
a word by its case-folded, accent-free spelling to a Faker word of the same length, then the
original's capitals and accents are put back at the same positions; a digit run to digits of the
same length. So, within one recording:

- the same input always gives the same output, and two different inputs never give one output;
- ``Ann@X.com`` and ``ann@x.com`` still differ only in case, ``Hélène`` and ``Helene`` only by accents;
- a word a typo or two away from a word already seen is mapped by keeping, of that word's stand-in,
  the letters the two words share (their longest common subsequence) and spelling the rest with
  letters the stand-in lacks, or with the stand-in's own letters where the typo moved a letter; so
  near-duplicate names stay exactly as near (same lengths, same insert/delete distance, hence the
  same rapidfuzz ratio the typo check uses);
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
from rapidfuzz.distance import Indel
from unidecode import unidecode

_WORD = re.compile(r"[^\W\d_]+")
_PIECE = re.compile(r"[^\W\d_]+|\d+")
_VOWELS = "aeiou"
_CONSONANTS = "bcdfghklmnprstvz"
#: words this close (inserts + deletes) to a word already mapped are mapped as that word's typo: two
#: mistyped letters ("Horn" / "Hron" is 2, "Smith" / "Smyth" is 2)
_NEAR = 4
#: ... and only when that leaves most of the word alike ("Jim" / "Jen" are two names, not a typo)
_NEAR_SIMILARITY = 0.7
_MIN_NEAR_LENGTH = 3
#: words up to this long may need any spelling at all to stay distinct (there are only 26 one-letter words)
_SPELL_OUT_UP_TO = 3


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
            derived = _typo_of(near, key, self._words[near], self._letter)
            if derived not in self._used_words:
                return derived
        candidates = _pool().get(len(key), [])
        start = self._hash(key)
        for probe in range(len(candidates)):
            candidate = candidates[(start + probe) % len(candidates)]
            if candidate not in self._used_words:
                return candidate
        if len(key) <= _SPELL_OUT_UP_TO:
            # few words this short exist: walk all of them from a salted start, so one is always found
            total = 26 ** len(key)
            for probe in range(total):
                candidate = _spelled(len(key), (start + probe) % total)
                if candidate not in self._used_words:
                    return candidate
        for probe in range(10_000):
            candidate = _made_up(len(key), self._hash(f"{key}#{probe}"))
            if candidate not in self._used_words:
                return candidate
        raise RuntimeError(f"no unused stand-in word of {len(key)} letters")  # pragma: no cover

    def _near_word(self, key: str) -> str | None:
        """An already mapped word a typo or two away (same length give or take the typos)."""
        if len(key) < _MIN_NEAR_LENGTH:
            return None
        best: tuple[int, int, str] | None = None
        for length in range(len(key) - _NEAR, len(key) + _NEAR + 1):
            for other in self._by_length.get(length, ()):
                distance = Indel.distance(key, other, score_cutoff=_NEAR)
                if distance <= _NEAR and 1 - distance / (len(key) + len(other)) >= _NEAR_SIMILARITY:
                    rank = (distance, abs(len(other) - len(key)), other)
                    if best is None or rank < best:
                        best = rank
        return best[2] if best is not None else None

    def _letter(self, typed: str, avoid: str) -> str:
        """The stand-in for a mistyped letter: one not in ``avoid`` (so it matches nothing it should not)."""
        start = self._hash(f"letter:{typed}")
        for probe in range(26):
            letter = chr(ord("a") + (start + probe) % 26)
            if letter not in avoid:
                return letter
        return chr(ord("a") + start % 26)  # a stand-in using all 26 letters: nothing to avoid

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


def _typo_of(source: str, target: str, stand_in: str, pick: Callable[[str, str], str]) -> str:
    """The stand-in of ``target``, a typo of ``source`` whose stand-in is ``stand_in``.

    Letters of ``target`` aligned with ``source`` (their longest common subsequence) take the stand-in's
    letter at the aligned position. A letter the typo moved (it is also among ``source``'s unaligned
    letters) takes the stand-in's letter from there; any other letter gets one the stand-in does not
    hold. The result has ``target``'s length and the same insert/delete distance to ``stand_in`` as
    ``target`` has to ``source``.
    """
    aligned = dict(_common_subsequence(target, source))
    loose: dict[str, int] = {}  # letter of source not aligned -> its position, for letters a typo moved
    for i, letter in enumerate(source):
        if i not in aligned.values():
            loose.setdefault(letter, i)
    moved, fresh = [], []
    for j, letter in enumerate(target):
        if j in aligned:
            moved.append(stand_in[aligned[j]])
            fresh.append(stand_in[aligned[j]])
        else:
            fresh.append(pick(letter, stand_in))
            moved.append(stand_in[loose.pop(letter)] if letter in loose else fresh[-1])
    wanted = Indel.distance(target, source)
    # moving the stand-in's letters reads like a typo, but where the stand-in repeats a letter the source
    # did not ("ou" -> "rr") it can undo the typo; fresh letters always keep the distance
    looks_typed = "".join(moved)
    return looks_typed if Indel.distance(looks_typed, stand_in) == wanted else "".join(fresh)


def _common_subsequence(a: str, b: str) -> list[tuple[int, int]]:
    """Index pairs (in ``a``, in ``b``) of one longest common subsequence, the same one every time."""
    rows, cols = len(a), len(b)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs = []
    i = j = 0
    while i < rows and j < cols:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _spelled(length: int, number: int) -> str:
    """The ``number``-th word of ``length`` letters, a to z in every position."""
    letters = []
    for _ in range(length):
        number, letter = divmod(number, 26)
        letters.append(chr(ord("a") + letter))
    return "".join(letters)


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
