"""Printed lines: the unit the detector classifies.

A block (paragraph) may hold several printed lines (soft breaks "\\n") and, in flattened
header tables, several cells separated by tabs (``THÀNH ỦY HÀ NỘI<tab>ĐẢNG CỘNG SẢN VIỆT
NAM``). Each :class:`Line` keeps its slice of the runs, so formatting can be judged per line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Generic, TypeVar

from desktop.core.check.blocks import Block, Location, RunFormat
from desktop.core.check.normalize import clean, is_upper, key
from desktop.core.check.placement import DEFAULT_TEXT_WIDTH_CM as DEFAULT_WIDTH_CM
from desktop.core.check.placement import PT_PER_CM, text_width_pt
from desktop.core.records import record, replace

_NUMBERED_TAB = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ]|[-+•])\s*[.)\-]?\s*$")
QUOTE_CHARS = 48
_DATE_BLANKS = re.compile(r"ngày[\s\d.…_]*tháng[\s\d.…_]*năm|^\s*Số\s*:?[\s.…_]*(?=/)", re.I)
"""The blanks of a draft's date or number line, which may be typed as tabs ('ngày⇥tháng 6 năm 2026',
'Số:⇥/QĐ-UBND'): never cells."""
DEFAULT_TAB_CM = 1.27
WRAP_SLACK = 1.1
"""A word is taken to wrap only when the estimate puts it this much past the line's end."""
_SPACE_RUN = re.compile(r"[ \u00a0]{5,}")
T = TypeVar("T")


class cached_attribute(Generic[T]):
    """``functools.cached_property`` without its per-class lock (Python 3.11 takes it on every first
    access; 3.12 dropped it). A Line is immutable, so a value computed twice is the same value."""

    def __init__(self, func: Callable[..., T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.func(instance)
        return value


@record(frozen=True)
class Line:
    """One printed line (or tab cell) of a block, with its runs."""

    pos: int  # position in the source's flat line list
    block: Block
    segments: tuple[tuple[str, RunFormat], ...]
    line_no: int = 0  # 0-based line inside the block
    col: int | None = None  # 1 left, 2 right (table column or tab cell); None: full width
    first_in_block: bool = True
    tab_cell: bool = False  # one of several tab-separated cells: placed by tab stops, not alignment

    @cached_attribute
    def raw(self) -> str:
        return "".join(text for text, _ in self.segments)

    @cached_attribute
    def text(self) -> str:
        return clean(self.raw)

    @cached_attribute
    def key(self) -> str:
        return key(self.raw)

    @property
    def blank(self) -> bool:
        return not self.text

    @cached_attribute
    def words(self) -> list[str]:
        return self.text.split()

    # -- formatting ----------------------------------------------------------------------
    @cached_attribute
    def _chars(self) -> list[tuple[int, RunFormat]]:
        return [(_visible(text), run) for text, run in self.segments]

    def flag(self, name: str) -> bool | str | None:
        """True/False when every visible character agrees, None if unknown, 'mixed' otherwise."""
        values = {getattr(run, name) for count, run in self._chars if count}
        if not values:
            return None
        if None in values:
            return None
        return values.pop() if len(values) == 1 else "mixed"

    @cached_attribute
    def size(self) -> float | None:
        return self._dominant("size")

    @cached_attribute
    def font(self) -> str | None:
        return self._dominant("font")

    def _dominant(self, name: str) -> object:
        """The value carried by most visible characters (the first seen wins a tie)."""
        counts: dict[object, int] = {}
        for count, run in self._chars:
            if count:
                value = getattr(run, name)
                if value is not None:
                    counts[value] = counts.get(value, 0) + count
        return max(counts, key=counts.__getitem__) if counts else None

    @cached_attribute
    def shown_upper(self) -> bool:
        """All capitals as printed: typed in capitals, or formatted with caps."""
        return is_upper(self.text) or self.flag("caps") is True

    # -- position ------------------------------------------------------------------------
    @cached_attribute
    def location(self) -> Location:
        loc = self.block.location
        if loc.container == "line" and loc.line is not None:
            return replace(loc, line=loc.line + self.line_no)
        return loc

    def where(self) -> str:
        quote = self.text if len(self.text) <= QUOTE_CHARS else self.text[: QUOTE_CHARS - 1] + "…"
        return f"{self.location.describe()}: «{quote}»"

    def slice(self, start: int, end: int | None = None) -> Line:
        """The sub-line between two offsets of ``raw`` (to split glued parts)."""
        end = len(self.raw) if end is None else end
        out: list[tuple[str, RunFormat]] = []
        offset = 0
        for text, run in self.segments:
            a, b = max(start, offset), min(end, offset + len(text))
            if a < b:
                out.append((text[a - offset:b - offset], run))
            offset += len(text)
        return replace(self, segments=tuple(out))

    def run_boundaries(self) -> set[int]:
        """Offsets in ``raw`` where the formatting changes."""
        out: set[int] = set()
        offset = 0
        previous: RunFormat | None = None
        for text, run in self.segments:
            if previous is not None and _looks(previous) != _looks(run):
                out.add(offset)
            offset += len(text)
            previous = run
        return out


def _visible(text: str) -> int:
    """How many characters are not spaces (a weight for dominant size/font)."""
    return len(text) - text.count(" ") - text.count("\t") - text.count("\n") - text.count("\u00a0")


def _looks(run: RunFormat) -> tuple:
    return run.bold, run.italic, run.size


def split_lines(blocks: list[Block]) -> list[Line]:
    """Every printed line of every block, in reading order; tab cells become separate lines.

    In a Word file, a paragraph laid out in columns with tabs (a converted .doc's header
    ``Số:⇥/BC-UBND⇥⇥Hà Nội, ngày …``, or closing ``Nơi nhận:⇥TM. ỦY BAN NHÂN DÂN``) is cut by
    where its tab stops put each piece: pieces in the left half of the line are column 1, in
    the right half column 2 (a tab inside one column, as in a blank number, stays inside it).
    A run of such paragraphs is then read column by column, as a table would be: the left
    column's lines first, then the right one's.
    """
    lines: list[Line] = []
    run_start: int | None = None  # first line of the current run of tab-laid paragraphs
    run_end = 0  # end of the run's last tab-laid paragraph: lines after it are not reordered
    for block in blocks:
        laid = False
        table_col = block.location.col if block.location.container == "table" else None
        for line_no, segments in enumerate(_block_lines(block)):
            if block.location.container == "line":
                cells = [(cell, None) for cell in _cells(segments)]
            else:
                cells = _laid_cells(segments, block, line_no == 0)
            for cell_no, (cell, at) in enumerate(cells):
                col = at or ((cell_no + 1) if len(cells) > 1 else table_col)
                laid = laid or at is not None
                lines.append(Line(pos=len(lines), block=block, segments=tuple(cell), line_no=line_no, col=col,
                                  first_in_block=line_no == 0 and cell_no == 0,
                                  tab_cell=len(cells) > 1 or at is not None))
        if laid and block.location.container in ("body", "sdt"):
            run_start = run_start if run_start is not None else _line_start(lines, block)
            run_end = len(lines)
        elif run_start is not None and block.location.container in ("body", "sdt") and block.text.strip():
            side = _half_of(block)  # a line of one column only, with no tab: placed by its indent
            if side is None:
                _by_column(lines, run_start, run_end)
                run_start = None
            elif side == 2:
                start = _line_start(lines, block)
                lines[start:] = [replace(ln, col=2) for ln in lines[start:]]
        elif block.location.container not in ("body", "sdt"):
            _by_column(lines, run_start, run_end)
            run_start = None
    _by_column(lines, run_start, run_end)
    return lines


def _blank_tabs_kept(segments: list[tuple[str, RunFormat]]) -> list[tuple[str, RunFormat]]:
    """Tabs standing for a draft's blank number, day or month ('Số:⇥/QĐ-UBND', 'ngày⇥tháng 6')
    made spaces: they are blanks inside one cell, never a column break."""
    raw = "".join(text for text, _ in segments)
    for blank in _DATE_BLANKS.finditer(raw):
        if "\t" in blank.group(0):
            segments = _tabs_to_spaces(segments, blank.start(), blank.end())
    return segments


def _tabs_to_spaces(segments: list[tuple[str, RunFormat]], start: int, end: int) -> list[tuple[str, RunFormat]]:
    """The segments with each tab between offsets ``start`` and ``end`` of their text made a space."""
    out, offset = [], 0
    for text, run in segments:
        chars = [" " if ch == "\t" and start <= offset + i < end else ch for i, ch in enumerate(text)]
        out.append(("".join(chars), run))
        offset += len(text)
    return out


def _half_of(block: Block) -> int | None:
    """1 or 2: the half of the line a paragraph without tabs stands in, when each of its printed
    lines fits in that half; None when it spans the line (then it is not part of two columns)."""
    width = block.container_width_cm or DEFAULT_WIDTH_CM
    middle = width / 2
    start = (block.para.left_indent_cm or 0.0) + (block.para.first_line_indent_cm or 0.0)
    size = next((run.size for run in block.runs if run.size), None) or 13.0
    bold = any(run.bold for run in block.runs if run.text.strip())
    widest = max(text_width_pt(part, size, bold) for part in block.text.split("\n")) / PT_PER_CM
    if start >= middle - 0.5 and start + widest <= width + 0.5:
        return 2
    if block.para.align in (None, "left", "justify") and start + widest <= middle + 0.5:
        return 1
    return None


def _line_start(lines: list[Line], block: Block) -> int:
    """Index of the first line of ``block`` (the last block split)."""
    index = len(lines)
    while index > 0 and lines[index - 1].block is block:
        index -= 1
    return index


def _by_column(lines: list[Line], start: int | None, end: int) -> None:
    """Put the right column's lines of lines[start:end] after the left column's (pos renumbered),
    when the right column has lines from two paragraphs or more."""
    if start is None or len({ln.block.index for ln in lines[start:end] if ln.col == 2 and not ln.blank}) < 2:
        return  # two columns: several lines in each
    part = lines[start:end]
    ordered = [ln for ln in part if ln.col != 2] + [ln for ln in part if ln.col == 2]
    for offset, line in enumerate(ordered):
        lines[start + offset] = line if line.pos == start + offset else replace(line, pos=start + offset)


def _laid_cells(segments: list[tuple[str, RunFormat]], block: Block,
                first_line: bool) -> list[tuple[list[tuple[str, RunFormat]], int | None]]:
    """A Word paragraph's printed line cut into its tab-laid columns: [(segments, 1|2)], or
    [(segments, None)] when it is not laid out in columns."""
    raw = "".join(text for text, _ in segments)
    if "\t" not in raw or _NUMBERED_TAB.match(raw.split("\t", 1)[0]):
        return [(segments, None)]
    segments = _blank_tabs_kept(segments)
    if not any("\t" in text for text, _ in segments):
        return [(segments, None)]
    pieces = _at_tabs(segments)
    width = block.container_width_cm or DEFAULT_WIDTH_CM
    middle = width / 2
    para = block.para
    x = (para.left_indent_cm or 0.0) + ((para.first_line_indent_cm or 0.0) if first_line else 0.0)
    columns: list[int] = []
    for index, piece in enumerate(pieces):
        size = next((run.size for _, run in piece if run.size), None) or 13.0
        bold = any(run.bold for _, run in piece)
        length = text_width_pt("".join(t for t, _ in piece), size, bold) / PT_PER_CM
        if index:
            x = _tab_to(x, length, para.tab_stops)
        columns.append(2 if x + length / 2 >= middle and x >= middle / 2 else 1)  # a piece from the left quarter: 1
        x += length
    cells: list[tuple[list[tuple[str, RunFormat]], int | None]] = []
    for piece, col in zip(pieces, columns, strict=True):
        text = "".join(t for t, _ in piece).strip()
        if not text:
            continue
        before = "".join(t for t, _ in cells[-1][0]).rstrip() if cells else ""
        if cells and cells[-1][1] == col and (before.endswith(":") or text.startswith(("/", "-"))):
            cells[-1][0].append((" ", piece[0][1]))  # a label and its value, or a blank number: one piece
            cells[-1][0].extend(piece)
        else:
            cells.append((list(piece), col))
    if not cells:
        return [(segments, None)]
    if len(cells) == 1 and cells[0][1] == 1 and all(piece for piece in pieces) and len(pieces) > 1:
        return [(segments, None)]  # text on both sides of the tab, all on the left: an ordinary line
    return cells


def _tab_to(x: float, length: float, stops: tuple[tuple[str, float], ...]) -> float:
    """Where the text after a tab starts: at the next tab stop past ``x`` (a centre stop centres
    it, a right stop ends it there), else at Word's default stops every 1.27 cm."""
    for kind, pos in stops:
        if pos > x + 0.01:
            if kind == "center":
                return max(x, pos - length / 2)
            if kind == "right":
                return max(x, pos - length)
            return pos
    return (int(x / DEFAULT_TAB_CM) + 1) * DEFAULT_TAB_CM


def _block_lines(block: Block) -> list[list[tuple[str, RunFormat]]]:
    runs = block.runs or (RunFormat(text=block.text),)
    out: list[list[tuple[str, RunFormat]]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                out.append([])
            if part:
                out[-1].append((part, run))
    if block.location.container != "line" and _SPACE_RUN.search(block.text):
        out = [piece for segments in out for piece in _wrapped_at_spaces(segments, block)]
    return out


def _wrapped_at_spaces(segments: list[tuple[str, RunFormat]], block: Block) -> list[list[tuple[str, RunFormat]]]:
    """A printed line cut where a run of typed spaces pushes the next word onto a new line, as Word
    wraps it (spaces hang past the margin, the word after them does not fit): a clerk types
    'TM. ỦY BAN NHÂN DÂN' and 'KT. CHỦ TỊCH', or a body's name and its place, in one paragraph."""
    raw = "".join(text for text, _ in segments)
    width_cm = (block.container_width_cm or 0.0) - (block.para.left_indent_cm or 0.0) \
        - (block.para.right_indent_cm or 0.0)
    if width_cm <= 0 or "\t" in raw:
        return [segments]
    line = Line(pos=0, block=block, segments=tuple(segments))
    size = line.size or 13.0
    bold = line.flag("bold") is True
    cuts: list[int] = []
    start = 0
    for match in _SPACE_RUN.finditer(raw):
        if not raw[:match.start()].strip() or not raw[match.end():].strip():
            continue  # leading or trailing spaces: no line after them
        word = raw[match.end():].split()[0]
        reach = text_width_pt(raw[start:match.end()] + word, size, bold) / PT_PER_CM
        if reach > width_cm * WRAP_SLACK:
            cuts.append(match.end())
            start = match.end()
    if not cuts:
        return [segments]
    bounds = [0, *cuts, len(raw)]
    return [list(line.slice(a, b).segments) for a, b in pairwise(bounds)]


def _at_tabs(segments: list[tuple[str, RunFormat]]) -> list[list[tuple[str, RunFormat]]]:
    """The segments cut at every tab: one list of (text, run) per piece, empty pieces kept."""
    pieces: list[list[tuple[str, RunFormat]]] = [[]]
    for text, run in segments:
        for index, part in enumerate(text.split("\t")):
            if index:
                pieces.append([])
            if part:
                pieces[-1].append((part, run))
    return pieces


def _cells(segments: list[tuple[str, RunFormat]]) -> list[list[tuple[str, RunFormat]]]:
    raw = "".join(text for text, _ in segments)
    if "\t" not in raw or _NUMBERED_TAB.match(raw.split("\t", 1)[0]):
        return [segments]
    segments = _blank_tabs_kept(segments)
    if not any("\t" in text for text, _ in segments):
        return [segments]
    non_empty = [cell for cell in _at_tabs(segments) if "".join(t for t, _ in cell).strip()]
    return non_empty or [segments]
