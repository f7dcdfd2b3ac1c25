"""Letters without diacritics (``strip_marks``), kept apart from the draft model so the checker's cold
start does not load the model's dataclasses (issue #16)."""

from __future__ import annotations

import unicodedata
from functools import cache


@cache
def _unmarked_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D", 0x37E: ";"}  # U+037E: the Greek question mark is a ';'
    # Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional: every Vietnamese letter
    # (between them only U+037E decomposes to an ASCII character).
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    # Letters and punctuation that stay map to themselves: str.translate is twice as fast when a lookup
    # hits than when it misses.
    for code in (*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)):
        table.setdefault(code, chr(code))
    return table


def strip_marks(text: str) -> str:
    """Letters without diacritics, one character per character: 'Hiểu' → 'Hieu'."""
    return text.translate(_unmarked_table())
