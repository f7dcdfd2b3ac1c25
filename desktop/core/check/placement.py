"""Where a drawn line stands on the page, and which text it is drawn under (spec F.4).

Word users draw the rule under the agency, the tiêu ngữ or the trích yếu as a floating
shape, and Word anchors it wherever the cursor was: often in the paragraph *below* (the
"Số:" row, the date cell, an empty paragraph) with a small or negative vertical offset, or
relative to the page. The reader records every paragraph's estimated place in the flow
(:class:`Box`, cm from the top of the text area of the first page) and every line shape's
anchor and offsets (:class:`ShapeLine`); :func:`attach` gives each line to the text just above
its position in the same column. Heights are estimates (line height ≈ 1.15 × font size, words
wrapped by average character widths): good to a few millimetres, which is what telling "the
line under this paragraph" from "the line under the next one" needs.
"""

from __future__ import annotations

import math

from desktop.core.records import record

PT_PER_CM = 72 / 2.54
SINGLE_LINE_FACTOR = 1.15
"""A single-spaced line of Times New Roman is about 1.15 × its font size high."""
UPPER_EM, LOWER_EM, SPACE_EM, BOLD_FACTOR = 0.70, 0.47, 0.25, 1.06
"""Average advance of a capital / another character / a space (in em), and the bold widening: for wrapping."""
DEFAULT_TEXT_WIDTH_CM = 16.0
ABOVE_TOLERANCE_CM = 0.08
"""A line this little above the middle of a text line still counts as under it (estimation slack)."""
MAX_GAP_CM = 1.5
"""A line further below its nearest text than this is under nothing (a separator of its own)."""


@record(frozen=True)
class Box:
    """A paragraph's estimated place: cm from the top of page 1's text area, cm from the left margin."""

    top: float
    height: float
    first_line: float  # height of its first printed line
    left: float
    right: float
    stream: tuple  # ("body",) or ("table", table, col) for an outer table's column; textboxes get none
    has_text: bool
    tabbed: bool  # its text is laid out in tab-separated columns


@record(frozen=True)
class ShapeLine:
    """One drawn horizontal line, as the file places it."""

    anchor: int  # index of the block whose paragraph anchors it
    length_cm: float
    v_rel: str | None = None  # "paragraph" | "line" | "page" | "margin" | "topMargin" …; None: inline
    v_cm: float | None = None
    h_rel: str | None = None  # "column" | "character" | "page" | "margin" | "leftMargin" …
    h_cm: float | None = None
    h_align: str | None = None  # "left" | "center" | "right" when aligned rather than offset


@record(frozen=True)
class PageFrame:
    """What turns page- and margin-relative positions into the flow's coordinates."""

    top_margin_cm: float = 2.0
    left_margin_cm: float = 3.0
    text_height_cm: float = 25.7
    text_width_cm: float = DEFAULT_TEXT_WIDTH_CM


def paragraph_height_cm(lines: list[str], size_pt: float, *, bold: bool, width_cm: float | None,
                        line_rule: str | None, line_value: float | None, before_pt: float | None,
                        after_pt: float | None) -> tuple[float, float]:
    """(height of the paragraph, height of one printed line), in cm, words wrapped at ``width_cm``."""
    line_pt = line_height_pt(size_pt, line_rule, line_value)
    avail_pt = (width_cm if width_cm and width_cm > 0 else DEFAULT_TEXT_WIDTH_CM) * PT_PER_CM
    count = sum(max(1, math.ceil(text_width_pt(text, size_pt, bold) / avail_pt)) for text in lines) or 1
    height = (before_pt or 0.0) + count * line_pt + (after_pt or 0.0)
    return height / PT_PER_CM, line_pt / PT_PER_CM


def line_height_pt(size_pt: float, rule: str | None, value: float | None) -> float:
    single = SINGLE_LINE_FACTOR * size_pt
    if value is None or value <= 0:
        return single
    if rule == "exact":
        return value
    if rule == "atLeast":
        return max(value, single)
    return single * value


def text_width_pt(text: str, size_pt: float, bold: bool) -> float:
    """Rough printed width of ``text`` (average advances, no font metrics: only for wrapping)."""
    text = text.replace("\t", "    ")
    em = sum(SPACE_EM if ch.isspace() else UPPER_EM if ch.isupper() else LOWER_EM for ch in text)
    return em * size_pt * (BOLD_FACTOR if bold else 1.0)


def position_y(line: ShapeLine, anchor: Box, frame: PageFrame) -> float:
    """The line's vertical position in flow coordinates."""
    if line.v_rel is None or line.v_cm is None:
        return anchor.top + anchor.height  # inline, or aligned: on the anchor's own line
    if line.v_rel in ("page", "topMargin", "margin", "insideMargin", "outsideMargin", "bottomMargin"):
        page = max(0, math.floor(anchor.top / frame.text_height_cm)) if frame.text_height_cm > 0 else 0
        offset = line.v_cm - (frame.top_margin_cm if line.v_rel in ("page", "topMargin") else 0.0)
        return page * frame.text_height_cm + offset
    return anchor.top + line.v_cm  # "paragraph", "line", "text"


def position_x(line: ShapeLine, anchor: Box, frame: PageFrame) -> float | None:
    """The horizontal middle of the line, cm from the left margin (None: not known)."""
    if line.h_rel in ("page", "leftMargin"):
        base, width = -frame.left_margin_cm, frame.text_width_cm + 2 * frame.left_margin_cm
    elif line.h_rel in ("margin", "insideMargin", "outsideMargin"):
        base, width = 0.0, frame.text_width_cm
    elif line.h_rel is None and line.h_cm is None:
        return None
    else:  # "column", "character", "text": the anchor's column
        base, width = anchor.left, anchor.right - anchor.left
    if line.h_cm is not None:
        return base + line.h_cm + line.length_cm / 2
    if line.h_align == "left":
        return base + line.length_cm / 2
    if line.h_align == "right":
        return base + width - line.length_cm / 2
    return base + width / 2


def attach(lines: list[ShapeLine], boxes: dict[int, Box], frame: PageFrame) -> list[tuple[int, float, int | None]]:
    """(block index, length, column) for every line: the text just above it in the same column.

    The column is 1 or 2 when the text it goes under is laid out in tab-separated columns and
    the line's horizontal position says which; None otherwise. A line whose anchor has no place
    (a text box) or that stands under no text stays with its anchor.
    """
    out: list[tuple[int, float, int | None]] = []
    texts = sorted((index, box) for index, box in boxes.items() if box.has_text)
    for line in lines:
        anchor = boxes.get(line.anchor)
        if anchor is None:
            out.append((line.anchor, line.length_cm, None))
            continue
        y = position_y(line, anchor, frame)
        x = position_x(line, anchor, frame)
        target = _text_above(texts, anchor, y, x)
        if target is None:
            out.append((line.anchor, line.length_cm, None))
            continue
        index, box = target
        col = None
        if box.tabbed and x is not None:
            col = 1 if x < (box.left + box.right) / 2 else 2
        out.append((index, line.length_cm, col))
    return out


def _text_above(texts: list[tuple[int, Box]], anchor: Box, y: float, x: float | None) -> tuple[int, Box] | None:
    best: tuple[int, Box] | None = None
    for index, box in texts:
        if box.stream != anchor.stream and (x is None or not box.left <= x <= box.right):
            continue  # another column: only when the line's middle stands over it
        if box.top + box.first_line / 2 > y + ABOVE_TOLERANCE_CM or y > box.top + box.height + MAX_GAP_CM:
            continue
        if best is None or box.top >= best[1].top:
            best = (index, box)
    return best
