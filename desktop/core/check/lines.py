"""Printed lines: the unit the detector classifies.

A block (paragraph) may hold several printed lines (soft breaks "\\n") and, in flattened
header tables, several cells separated by tabs (``THÀNH ỦY HÀ NỘI<tab>ĐẢNG CỘNG SẢN VIỆT
NAM``). Each :class:`Line` keeps its slice of the runs, so formatting can be judged per line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from desktop.core.check.blocks import Block, Location, RunFormat
from desktop.core.check.normalize import clean, is_upper, key

_NUMBERED_TAB = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ]|[-+•])\s*[.)\-]?\s*$")
QUOTE_CHARS = 48
_DATE_BLANKS = re.compile(r"ngày[\s\d.…_]*tháng[\s\d.…_]*năm|^\s*Số\s*:?[\s.…_]*(?=/)", re.I)
"""The blanks of a draft's date or number line, which may be typed as tabs ('ngày⇥tháng 6 năm 2026',
'Số:⇥/QĐ-UBND'): never cells."""
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


@dataclass(frozen=True)
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
    """Every printed line of every block, in reading order; tab cells become separate lines."""
    lines: list[Line] = []
    for block in blocks:
        for line_no, segments in enumerate(_block_lines(block)):
            cells = _cells(segments)
            table_col = block.location.col if block.location.container == "table" else None
            for cell_no, cell in enumerate(cells):
                col = (cell_no + 1) if len(cells) > 1 else table_col
                lines.append(Line(pos=len(lines), block=block, segments=tuple(cell), line_no=line_no, col=col,
                                  first_in_block=line_no == 0 and cell_no == 0, tab_cell=len(cells) > 1))
    return lines


def _tabs_to_spaces(segments: list[tuple[str, RunFormat]], start: int, end: int) -> list[tuple[str, RunFormat]]:
    """The segments with each tab between offsets ``start`` and ``end`` of their text made a space."""
    out, offset = [], 0
    for text, run in segments:
        chars = [" " if ch == "\t" and start <= offset + i < end else ch for i, ch in enumerate(text)]
        out.append(("".join(chars), run))
        offset += len(text)
    return out


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
    return out


def _cells(segments: list[tuple[str, RunFormat]]) -> list[list[tuple[str, RunFormat]]]:
    raw = "".join(text for text, _ in segments)
    if "\t" not in raw or _NUMBERED_TAB.match(raw.split("\t", 1)[0]):
        return [segments]
    for blank in _DATE_BLANKS.finditer(raw):
        if "\t" in blank.group(0):  # tabs standing for a draft's blank number, day or month
            segments = _tabs_to_spaces(segments, blank.start(), blank.end())
    raw = "".join(text for text, _ in segments)
    if "\t" not in raw:
        return [segments]
    cells: list[list[tuple[str, RunFormat]]] = [[]]
    for text, run in segments:
        for index, part in enumerate(text.split("\t")):
            if index:
                cells.append([])
            if part:
                cells[-1].append((part, run))
    non_empty = [cell for cell in cells if "".join(t for t, _ in cell).strip()]
    return non_empty or [segments]
