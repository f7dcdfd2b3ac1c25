"""Text widths in Times New Roman, from the measured table in resources/metrics/times.json.

Used to size drawn rules (spec B.1 ô 1: as long as the tiêu đề; B.2 ô 2 / ô 5a: 1/3–1/2 of
the text) when rendering, and to judge their length when checking: one measure for both.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache

from desktop.resources import resource_path

_FALLBACK_EM = 0.5  # width of a character missing from the table, in em


@cache
def _widths() -> dict[str, dict[str, float]]:
    data = json.loads(resource_path("resources", "metrics", "times.json").read_text(encoding="utf-8"))
    units = float(data["units_per_em"])
    return {style: {ch: w / units for ch, w in table.items()} for style, table in data["widths"].items()}


def _style(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}[
        (bool(bold), bool(italic))
    ]


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Advance width of one line of ``text`` at ``size_pt``, in points."""
    table = _widths()[_style(bold, italic)]
    total = 0.0
    for ch in unicodedata.normalize("NFC", text):
        width = table.get(ch)
        if width is None:
            base = unicodedata.normalize("NFD", ch)[:1]
            width = table.get(base, _FALLBACK_EM)
        total += width
    return total * size_pt


def text_width_cm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    return text_width_pt(text, size_pt, bold=bold, italic=italic) * 2.54 / 72


def widest_line_pt(lines: list[str], size_pt: float, *, bold: bool = False, italic: bool = False,
                   wrap_pt: float | None = None) -> float:
    """Width of the widest of ``lines`` once words are wrapped at ``wrap_pt`` like a word processor
    (never wider than ``wrap_pt``); without ``wrap_pt`` each line stays whole."""
    def width(text: str) -> float:
        return text_width_pt(text, size_pt, bold=bold, italic=italic)

    widest = 0.0
    for line in lines:
        words = line.split()
        if wrap_pt is None or width(" ".join(words)) <= wrap_pt:
            widest = max(widest, width(" ".join(words)))
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if current and width(candidate) > wrap_pt:
                widest = max(widest, width(current))
                current = word
            else:
                current = candidate
        widest = max(widest, min(width(current), wrap_pt))
    return widest
