"""Text normalisation for matching (spec C.7, F.3, F.22).

Matching never looks at the raw text: NFC first, then the old/new tone-mark placements
(``ủy``/``uỷ``, ``hòa``/``hoà``) folded to one form, dashes unified, spaces collapsed.
Fuzzy matching of fixed strings compares diacritics-stripped text and edit distance.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from desktop.core.marks import strip_marks

_DASHES = re.compile("[\u2013\u2014\u2011\u2012\u2212]")
_SPACES = re.compile(r"[ \u00a0\u2007\u202f\t]{2,}|[\u00a0\u2007\u202f\t]")
_TONED_OU = re.compile("[òóỏõọùúủũụÒÓỎÕỌÙÚỦŨỤ]")  # a tone on o/u: the only case fold_tones changes

# Open syllables where the tone may sit on either vowel: oa, oe, uy (not after q).
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([\u0300\u0301\u0309\u0303\u0323])([aAeEyY])(?![^\W\d_])")
_PAIRS = {"o": "ae", "u": "y"}
_TONED_O, _TONED_U = "òóỏõọÒÓỎÕỌ", "ùúủũụÙÚỦŨỤ"
# One open syllable in either tone placement, not after q: old "ủy", "hòa" (tone on o/u, plain
# a/e/y) or new "uỷ", "hoà" (plain o/u, toned a/e/y). It starts with a character class, so the
# regex engine skips ahead to candidate vowels instead of trying every position.
_EITHER_NFC = re.compile(
    rf"[oOuU{_TONED_O}{_TONED_U}](?<![qQ].)"
    rf"(?:(?<=[{_TONED_O}])[aAeE]|(?<=[{_TONED_U}])[yY]"
    r"|(?<=[oO])[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|(?<=[uU])[ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")
_SPECIAL_SPACE = re.compile("[\u00a0\u2007\u202f\t]")  # what _SPACES replaces even alone


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _valid_pair(first: str, second: str) -> bool:
    return second.lower() in _PAIRS.get(first.lower(), "")


@lru_cache(maxsize=8192)
def fold_tones(text: str) -> str:
    """Old-style tone placement to new style: 'Thành ủy' → 'Thành uỷ', 'hòa' → 'hoà'."""
    if not _TONED_OU.search(text):
        return text
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match[str]) -> str:
        first, tone, second = m.groups()
        return first + second + tone if _valid_pair(first, second) else m.group(0)

    return nfc(_OLD_STYLE.sub(move, decomposed))


def tone_styles(text: str) -> tuple[int, int]:
    """How many syllables use the old (ủy, hòa) and the new (uỷ, hoà) tone placement (NFC text).

    One scan for both: an old-style match (toned o/u, plain a/e/y) and a new-style one (plain
    o/u, toned a/e/y) can never overlap, so the counts equal two separate scans.
    """
    matches = _EITHER_NFC.findall(text)
    old = sum(1 for pair in matches if pair[0] not in "oOuU")
    return old, len(matches) - old


def clean(text: str) -> str:
    """NFC, dashes unified to '-', runs of spaces/tabs collapsed, ends stripped."""
    text = nfc(text)
    if _DASHES.search(text) or "\u00ad" in text:
        text = _DASHES.sub("-", text).replace("\u00ad", "")
    if "  " in text or _SPECIAL_SPACE.search(text):  # else _SPACES cannot match
        text = _SPACES.sub(" ", text)
    return text.strip()


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Matching key: cleaned, tone placement folded, upper case."""
    return fold_tones(clean(text)).upper()


@lru_cache(maxsize=4096)
def strip_diacritics(text: str) -> str:
    """'ĐẢNG CỘNG' → 'DANG CONG' (for near-miss matching of names and fixed strings)."""
    plain = strip_marks(text)  # a table lookup per letter: most text ends here
    if plain.isascii():
        return plain
    decomposed = unicodedata.normalize("NFD", plain)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit`` (returns limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def fuzzy_equal(text: str, target: str, max_distance: int = 2) -> bool:
    """Same after stripping diacritics, or within ``max_distance`` edits (both via :func:`key`)."""
    a, b = key(text), key(target)
    if a == b:
        return True
    plain_a, plain_b = strip_diacritics(a), strip_diacritics(b)
    if plain_a.replace(" ", "") == plain_b.replace(" ", ""):
        return True
    if len(set(plain_a.split()) & set(plain_b.split())) < 2:
        return False
    return edit_distance(a, b, max_distance) <= max_distance


def is_upper(text: str) -> bool:
    """Every cased letter is a capital (digits and punctuation ignored)."""
    letters = list(filter(str.isalpha, text))
    return bool(letters) and not any(map(str.islower, letters))


def has_combining_marks(text: str) -> bool:
    """Text typed in NFD (decomposed): a combining tone or vowel mark is present."""
    return any(unicodedata.combining(ch) for ch in text)


__all__ = [
    "clean", "edit_distance", "fold_tones", "fuzzy_equal", "has_combining_marks", "is_upper", "key", "nfc",
    "strip_diacritics", "tone_styles",
]
