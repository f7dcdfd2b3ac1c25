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

SINGLE_LINE = 1.15
"""Height of a single-spaced line in ems (Word's single spacing for Times New Roman)."""

# The brace "}" beside the Party report recipients (B.1 ô 9b): one geometry for the .docx
# (render.py draws it, the template holds its column) and the live preview (layout.py).
REPORT_BRACE_COLUMN_PT = 10.0
"""Width of the nested-table column that holds the brace, between the list and its note."""
REPORT_BRACE_WIDTH_PT = 5.0
"""Width of the drawn brace, at the left of its column."""
REPORT_BRACE_CURL = 100000
"""The brace's curl (DrawingML rightBrace adj1, in 1/100,000 of its width): rounded ends, a
clear point in the middle, as the brace a clerk draws in Word."""
REPORT_BRACE_RUN_PT = 1.0
"""Font size of the brace's paragraph and run, so its line is no taller than the brace."""
REPORT_BRACE_INSET_PT = 1.0
"""How much shorter than the group's printed lines the brace is, at each end."""


def report_brace_height_pt(printed_lines: int, size_pt: float) -> float:
    """The brace's height beside ``printed_lines`` single-spaced lines of ``size_pt`` text."""
    return max(size_pt, printed_lines * size_pt * SINGLE_LINE - 2 * REPORT_BRACE_INSET_PT)


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


def wrapped_lines(lines: list[str], size_pt: float, *, bold: bool = False, italic: bool = False,
                  wrap_pt: float | None = None) -> list[str]:
    """``lines`` as a word processor prints them: spaces collapsed and, with ``wrap_pt``, words
    wrapped onto new lines where a line would be wider (a word wider than that stands alone)."""
    def width(text: str) -> float:
        return text_width_pt(text, size_pt, bold=bold, italic=italic)

    out: list[str] = []
    for line in lines:
        words = line.split()
        if wrap_pt is None or width(" ".join(words)) <= wrap_pt:
            out.append(" ".join(words))
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if current and width(candidate) > wrap_pt:
                out.append(current)
                current = word
            else:
                current = candidate
        out.append(current)
    return out


def widest_line_pt(lines: list[str], size_pt: float, *, bold: bool = False, italic: bool = False,
                   wrap_pt: float | None = None) -> float:
    """Width of the widest of ``lines`` once words are wrapped at ``wrap_pt`` like a word processor
    (never wider than ``wrap_pt``); without ``wrap_pt`` each line stays whole."""
    printed = wrapped_lines(lines, size_pt, bold=bold, italic=italic, wrap_pt=wrap_pt)
    widths = [text_width_pt(line, size_pt, bold=bold, italic=italic) for line in printed]
    return max((min(w, wrap_pt) if wrap_pt is not None else w for w in widths), default=0.0)
