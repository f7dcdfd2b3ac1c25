"""Old Vietnamese 8-bit font encodings (TCVN3/ABC and VNI) to Unicode NFC, character by character.

The tables are data (``resources/encodings/tcvn3.json``, ``vni.json``):

- TCVN3 (ABC): one code per letter; fonts named ``.Vn…H`` (.VnTimeH, .VnArialH) show every code
  as a capital, and only they have capitals with a tone, so text in such a font is decoded with
  the lower-case table and then put in capitals.
- VNI: a letter is its base letter followed by a mark character (VNI-Times, VNI-Helve…); a few
  letters (ơ ư đ, i with a tone, ỵ) are one character.

Only text whose *effective* font is one of these is converted (the caller decides that with
:func:`legacy_encoding`).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache

from desktop.resources import resource_path


@dataclass(frozen=True)
class Table:
    """One encoding's table: legacy sequence -> Unicode letter, longest sequences first."""

    name: str
    prefixes: tuple[str, ...]
    mapping: dict[str, str]
    longest: int
    upper_suffix: str = ""


@cache
def table(encoding: str) -> Table:
    """The table of "tcvn3" or "vni", read once from resources/encodings/."""
    raw = json.loads(resource_path("resources", "encodings", f"{encoding}.json").read_text(encoding="utf-8"))
    mapping = dict(raw.get("chars") or raw.get("sequences"))
    return Table(name=raw["name"], prefixes=tuple(raw["font_prefixes"]), mapping=mapping,
                 longest=max(len(k) for k in mapping), upper_suffix=raw.get("upper_font_suffix", ""))


def legacy_encoding(font: str | None) -> str | None:
    """"tcvn3", "tcvn3_upper" (a .Vn…H font) or "vni" for a legacy font name; None otherwise."""
    if not font:
        return None
    name = font.strip().lower()
    tcvn3 = table("tcvn3")
    if name.startswith(tcvn3.prefixes):
        return "tcvn3_upper" if name.endswith(tcvn3.upper_suffix) else "tcvn3"
    if name.startswith(table("vni").prefixes):
        return "vni"
    return None


def _upper(char: str) -> str:
    up = char.upper()
    return up if len(up) == 1 else char


def decode(text: str, encoding: str) -> str:
    """``text`` as typed in a legacy font of ``encoding`` ("tcvn3", "tcvn3_upper", "vni") -> Unicode NFC."""
    tab = table("tcvn3" if encoding.startswith("tcvn3") else encoding)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(tab.longest, n - i), 0, -1):
            piece = text[i:i + size]
            letter = tab.mapping.get(piece)
            if letter is not None:
                out.append(letter)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    result = "".join(out)
    if encoding == "tcvn3_upper":
        result = "".join(_upper(c) for c in result)
    return unicodedata.normalize("NFC", result)


@cache
def _reverse(encoding: str) -> dict[str, str]:
    return {uni: code for code, uni in table(encoding).mapping.items()}


def encode(text: str, encoding: str) -> list[tuple[str, bool]]:
    """Unicode -> legacy pieces ``(text, needs_upper_font)``; the inverse of :func:`decode`.

    For TCVN3 a capital with a tone (or any capital whose table code is lower case) is given as
    its lower-case code with ``needs_upper_font`` True (to be set in a .Vn…H font)."""
    base = "tcvn3" if encoding.startswith("tcvn3") else encoding
    reverse = _reverse(base)
    pieces: list[tuple[str, bool]] = []
    for char in unicodedata.normalize("NFC", text):
        code = reverse.get(char)
        if code is not None:
            pieces.append((code, False))
        elif base == "tcvn3" and char.lower() != char and char.lower() in reverse:
            pieces.append((reverse[char.lower()], True))
        else:
            pieces.append((char, False))
    return pieces
