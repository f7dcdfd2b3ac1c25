"""Split one source into its documents (spec E.3, E.4).

A file may hold a letter and its attachment (seed 002), or an original followed by its
copy block (seed 003). A new document starts, once the current one has reached its closing
block (Nơi nhận or signature), at: a Quốc hiệu/tiêu đề line, a copy label (SAO Y BẢN
CHÍNH, SAO LỤC, TRÍCH SAO…), a tên loại line, or an agency-like line in capitals that is
followed within a few lines by header marks (``*``, a number line, a date line, a tiêu đề,
a tên loại or a copy label). After a page break, the same marks start a document even if
no closing was seen.
"""

from __future__ import annotations

from itertools import pairwise

from desktop.core.check import vocab as v
from desktop.core.check.lines import Line

LOOKAHEAD = 6
MIN_LINES_BEFORE_PAGE_SPLIT = 3


def segment(lines: list[Line]) -> list[list[Line]]:
    """The lines of each document, in order (at least one list, possibly empty)."""
    starts = [0]
    closing = False
    for index, line in enumerate(lines):
        if index == starts[-1]:
            continue
        page_split = line.block.page_break_before and line.first_in_block and \
            index - starts[-1] >= MIN_LINES_BEFORE_PAGE_SPLIT
        if (closing or page_split) and _starts_document(lines, index):
            starts.append(index)
            closing = False
            continue
        if _is_closing_mark(line, lines[index - 1]):
            closing = True
    bounds = [*starts, len(lines)]
    return [lines[a:b] for a, b in pairwise(bounds)]


def _is_closing_mark(line: Line, previous: Line) -> bool:
    if v.is_recipients_label(line) or v.match_prefix(line) or v.signed_name(line) is not None:
        return True
    return v.name_of(line.text) is not None and v.is_caps_line(previous)


def _is_header_mark(line: Line) -> bool:
    return bool(v.is_asterisk(line) or v.parse_number(line) or v.parse_date(line) or v.match_header_title(line)
                or v.match_copy_label(line) or v.match_type_name(line))


def _starts_document(lines: list[Line], index: int) -> bool:
    line = lines[index]
    if v.match_header_title(line) or v.match_copy_label(line):
        return True
    if v.match_type_name(line) and len(line.words) <= 16:
        return not (index and v.DIVISION.match(lines[index - 1].text))  # a chapter's title, not a tên loại
    if not v.is_caps_line(line, max_words=12) or v.match_prefix(line):
        return False
    ahead = lines[index + 1:index + 1 + LOOKAHEAD]
    for nxt in ahead:
        if v.name_of(nxt.text) or v.signed_name(nxt) is not None:
            return False
        if _is_header_mark(nxt):
            return True
    return False
