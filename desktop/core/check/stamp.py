"""The incoming-document stamp (dấu "ĐẾN") of the receiving office: recognised and skipped.

Spec E: a scanned or forwarded draft may carry the receiving office's stamp: its name, the
word ``ĐẾN``, ``Số:``, ``Ngày:``, ``Chuyển``/``Chuyên`` and ``Lưu hồ sơ``. It belongs to the
receiver, not to the document's layout, so the detector never sees it. OCR may merge text
of the document into a stamp line (seed 002: ``Ngày: 20/9 về tăng cường …``); such a line
goes with the stamp.
"""

from __future__ import annotations

import re

from desktop.core.check.lines import Line

_ANCHOR = re.compile(r"^ĐẾN\b")
_FIELD = re.compile(r"^(SỐ|NGÀY|CHUYỂN|CHUYÊN|LƯU HỒ SƠ)\b[^\n]{0,12}?[:.]", re.I)
_FIELD_ONLY = re.compile(r"^[.…_\s]*$")
WINDOW = 6  # stamp fields sit within a few lines of the ĐẾN anchor


def stamp_positions(lines: list[Line]) -> set[int]:
    """Positions (Line.pos) of every line that belongs to an incoming stamp."""
    skip: set[int] = set()
    for index, line in enumerate(lines):
        if not _ANCHOR.match(line.key) or len(line.words) > 12:
            continue
        start, end = index, index
        while start - 1 >= 0 and index - (start - 1) <= WINDOW and _is_field(lines[start - 1], line):
            start -= 1
        while end + 1 < len(lines) and (end + 1) - index <= WINDOW and _is_field(lines[end + 1], line):
            end += 1
        fields = sum(1 for line in lines[start:end + 1] if _FIELD.match(line.key))
        if fields < 1:
            continue
        if start - 1 >= 0 and _is_stamp_owner(lines[start - 1], lines[start]):
            start -= 1
        skip.update(line.pos for line in lines[start:end + 1])
    return skip


def _is_field(line: Line, anchor: Line) -> bool:
    """A stamp field near the anchor: in the anchor's paragraph, or in a tab-laid-out one."""
    if line.block.index != anchor.block.index and "\t" not in line.block.text:
        return False
    return bool(_FIELD.match(line.key) or _ANCHOR.match(line.key) or _FIELD_ONLY.match(line.text))


def _is_stamp_owner(line: Line, first_field: Line) -> bool:
    """The receiving office's name printed in the stamp, just above its fields (same block)."""
    near = line.block.index == first_field.block.index or "\t" in line.block.text
    return near and line.shown_upper and len(line.words) <= 12
