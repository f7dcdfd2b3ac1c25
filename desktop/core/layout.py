"""Page layout model for the live preview: a Draft + RuleSet → positioned lines on A4 pages.

Qt-free. Every size, style, case, alignment and separator comes from the rule set (spec
sections A, B, C) and every computed string from :mod:`desktop.core.compute`, the same
sources the .docx renderer reads, so the preview and the exported file cannot disagree.
Widths use :mod:`desktop.core.metrics` (Times New Roman metrics), so line breaks match
a printer's; the preview paints with Times New Roman or its metric twin Liberation Serif.

Besides the document itself the model holds what the .docx prints after it: the copy block
(sao y / sao lục / trích sao, under a full-width rule, spec B.1 "Party copies", B.2 "Copy
(paper)") and every attached document, each starting on a new page with its page numbers
restarting at 1 (render.py appends them as sections of their own).

Units are points (1/72 inch); y is the baseline of a text line, measured from the top
of its page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.core import appendices, compute
from desktop.core.metrics import (
    REPORT_BRACE_COLUMN_PT,
    REPORT_BRACE_WIDTH_PT,
    SINGLE_LINE,
    report_brace_height_pt,
    text_width_pt,
    widest_line_pt,
)
from desktop.core.model import BODY_STYLES, CopyBlock, Draft, Paragraph, Recipients, Run, Signature, Table, is_table
from desktop.core.records import replace  # records (a rule set's parts) and dataclasses alike
from desktop.core.rules import PartStyle, Range, RuleSet, load_rule_set

PT_PER_MM = 72 / 25.4
PT_PER_CM = 72 / 2.54
ASCENT = 0.891
"""Times New Roman ascent in ems: the baseline sits this far below the top of a line."""
DESCENT = 0.216
"""Times New Roman descent in ems."""
BOX_PADDING_PT = 3.0
"""Space between a boxed part's text and its frame (as render.py)."""
STAMP_EDGE_PT = 1.0 + 0.75
"""A stamp's border gap plus its border (render.py's BOX_BORDER_SPACE_PT + BOX_BORDER_PT)."""
SIGNATURE_SPACE_LINES = 4
"""Blank lines left between the signer's title and name for the hand signature (ô 7c)."""
BLOCK_GAP_LINES = 1.0
"""Space between the header, title, body and closing blocks, in single lines of body text."""

CLOSING_SPACE_PT = 6.0
"""Space after the empty line that follows a header or body block (the template's spacer paragraph)."""
LETTER_SUMMARY_SPACE_PT = 6.0
"""B.2 ô 5b: the công văn trích yếu sits 6 pt below số/ký hiệu (as the template)."""
BOX_SPACE_BEFORE_PT = 6.0
"""Space above a boxed mark (B.2 ô 10b, ô 11) so its frame clears the line above (as the template)."""
REPORT_PADDING_PT = 4.0
"""Room right of the widest report line before the brace column (render.py's BOX_PADDING_PT)."""
AFTER_TITLE_PT = 12.0
"""Space under the trích yếu's separator and under the Kính gửi block (as the template)."""
CABLE_ADDRESSEES_INDENT_PT = 5.0 * PT_PER_CM
"""Mẫu 1.6: where a công điện's addressee lines start (tools/build_templates.py CABLE_ADDRESSEES_INDENT_CM)."""
COPY_RULE_SPACE_PT = 15.0
"""Space above and below the full-width rule that opens a copy block (the template's copy separator)."""
RULE_LINE_PT = 2.0
"""Font size of the tiny paragraph that carries a drawn rule as its bottom border (as the template)."""
RULE_GAP_PT = 3.0
"""Space above and below that tiny paragraph (as the template), so a rule never touches the text."""
RULE_BEFORE_PT = RULE_GAP_PT + RULE_LINE_PT * SINGLE_LINE
"""From the text above a separator rule down to the rule: the space, then the tiny paragraph's line."""


REGIONS = ("top", "header_left", "header_right", "title", "body", "closing_left", "closing_right",
           "copy", "copy_header_left", "copy_header_right", "copy_closing_left", "copy_closing_right",
           "footer", "page_header")
"""Where a line stands. The copy_* regions are the copy block's; an attached document's lines use the
main document's regions, on its own pages (``Page.section``), their fields prefixed "attachments[i].".
"""


@dataclass(frozen=True)
class Span:
    """A piece of one line in one style, at an absolute x."""

    x: float
    text: str
    width: float
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class TextLine:
    region: str
    part: str  # the rule-set part it comes from: "issuer", "body", "signer_name" …
    field: str  # the draft field that produced it: "issuer", "body[2]", "signature.name"
    y: float  # baseline
    size: float
    align: str
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text if i == 0 else _gap(self.spans[i - 1], s) + s.text for i, s in enumerate(self.spans))

    @property
    def left(self) -> float:
        return self.spans[0].x if self.spans else 0.0

    @property
    def right(self) -> float:
        return self.spans[-1].x + self.spans[-1].width if self.spans else 0.0

    @property
    def top(self) -> float:
        return self.y - ASCENT * self.size


def _gap(prev: Span, nxt: Span) -> str:
    return " " if nxt.x > prev.x + prev.width + 0.01 else ""


@dataclass(frozen=True)
class RuleLine:
    """A drawn separator: horizontal (under the tiêu đề, the issuer, the trích yếu) or, with
    ``y2`` and ``shape="brace"``, the brace "}" beside the report recipients in the box
    (x1, y)–(x2, y2)."""

    region: str
    part: str
    x1: float
    x2: float
    y: float
    y2: float | None = None
    shape: str = "line"  # "line" | "brace"


@dataclass
class Page:
    number: int  # position in the whole print-out, from 1
    lines: list[TextLine] = field(default_factory=list)
    rules: list[RuleLine] = field(default_factory=list)
    section: int = 0  # 0: the document itself; 1, 2 …: its attached documents, in print order
    printed: int = 1  # the page number printed on it: restarts at 1 in each attached document (A.1)


@dataclass
class PageLayout:
    width: float
    height: float
    margins: dict[str, float]  # top/bottom/left/right in pt
    font_name: str
    pages: list[Page]

    def lines(self, region: str | None = None) -> list[TextLine]:
        """Every text line (of one region), page after page."""
        return [ln for page in self.pages for ln in page.lines if region is None or ln.region == region]

    def find(self, text: str) -> TextLine | None:
        """The first line whose text contains ``text``."""
        return next((ln for ln in self.lines() if text in ln.text), None)


# --- wrapping ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Frag:
    text: str
    bold: bool
    italic: bool
    underline: bool

    def width(self, size: float) -> float:
        return _em_width(self.text, self.bold, self.italic) * size

    @property
    def style(self) -> tuple[bool, bool, bool]:
        return self.bold, self.italic, self.underline


_SPACES = re.compile(r"([ \t\r\n]+)")
_RUN_OF_SPACES = re.compile(r" {2,}")


@lru_cache(maxsize=65536)
def _em_width(text: str, bold: bool, italic: bool) -> float:
    """Width of a word at 1 pt (cached: a keystroke re-measures only the word it changed)."""
    return text_width_pt(text.replace("\u00a0", " "), 1.0, bold=bold, italic=italic)


def _words(frags: list[_Frag]) -> list[list[_Frag]]:
    """Split styled text into words; a word may change style inside (no space between)."""
    words: list[list[_Frag]] = []
    current: list[_Frag] = []
    for frag in frags:
        for piece in _SPACES.split(frag.text):
            if not piece:
                continue
            if piece.isspace():
                if current:
                    words.append(current)
                    current = []
            else:
                current.append(_Frag(piece, frag.bold, frag.italic, frag.underline))
    if current:
        words.append(current)
    return words


def _word_width(word: list[_Frag], size: float) -> float:
    return sum(f.width(size) for f in word)


def wrap(frags: list[_Frag], size: float, width: float, first_indent: float = 0.0) -> list[list[list[_Frag]]]:
    """Greedy line breaking with Times New Roman widths; a too-long word stands alone."""
    space = _em_width(" ", False, False) * size
    lines: list[list[list[_Frag]]] = []
    line: list[list[_Frag]] = []
    used = 0.0
    for word in _words(frags):
        w = _word_width(word, size)
        avail = width - (first_indent if not lines else 0.0)
        needed = w if not line else used + space + w
        if line and needed > avail + 0.01:
            lines.append(line)
            line, used = [word], w
        else:
            line.append(word)
            used = needed
    if line or not lines:
        lines.append(line)
    return lines


def _place(words: list[list[_Frag]], size: float, x0: float, width: float, align: str,
           justify: bool) -> tuple[Span, ...]:
    """Absolute spans for one line: words spread for justify, else runs merged per style."""
    space = _em_width(" ", False, False) * size
    widths = [_word_width(w, size) for w in words]
    natural = sum(widths) + space * max(len(words) - 1, 0)
    if justify and len(words) > 1:
        gap = (width - sum(widths)) / (len(words) - 1)
        x = x0
    else:
        gap = space
        x = x0 + {"center": (width - natural) / 2, "right": width - natural}.get(align, 0.0)
    spans: list[Span] = []
    for index, (word, w_width) in enumerate(zip(words, widths, strict=True)):
        fx = x
        for frag_index, frag in enumerate(word):
            fw = frag.width(size)
            prev = spans[-1] if spans else None
            joins = not justify and prev is not None and (prev.bold, prev.italic, prev.underline) == frag.style
            if joins and prev is not None:
                sep = " " if frag_index == 0 else ""
                spans[-1] = Span(prev.x, prev.text + sep + frag.text, fx + fw - prev.x, *frag.style)
            else:
                spans.append(Span(fx, frag.text, fw, *frag.style))
            fx += fw
        x += w_width + (gap if index < len(words) - 1 else 0.0)
    return tuple(spans)


@lru_cache(maxsize=4096)
def _set_paragraph(frags: tuple[_Frag, ...], size: float, x0: float, width: float, first_indent: float,
                   align: str) -> tuple[tuple[Span, ...], ...]:
    """A paragraph broken into placed lines (cached: unchanged paragraphs cost nothing per keystroke)."""
    wrapped = wrap(list(frags), size, width, first_indent)
    lines = []
    for index, words in enumerate(wrapped):
        indent = first_indent if index == 0 else 0.0
        justify = align == "justify" and index < len(wrapped) - 1
        lines.append(_place(words, size, x0 + indent, width - indent, align, justify))
    return tuple(lines)


# --- the layout engine -------------------------------------------------------------------


def _case(text: str, part: PartStyle) -> str:
    if part.case == "upper":
        return compute.upper(text)
    if part.case == "title":
        return compute.title_name(text)
    return text


def _keep_spaces(text: str) -> str:
    """Runs of spaces stay as typed (the blank room for a number or date written in by hand)."""
    return _RUN_OF_SPACES.sub(lambda m: " " + "\u00a0" * (len(m[0]) - 1), text)


def _frags_of(text: str, part: PartStyle) -> list[_Frag]:
    return [_Frag(_keep_spaces(_case(text, part)), bool(part.bold), bool(part.italic), bool(part.underline))]


def _frags_of_runs(runs: list[Run], part: PartStyle, label: str = "", plain_text: bool = False) -> list[_Frag]:
    """A paragraph's runs in its style: the style's bold/italic add to the runs' own; ``plain_text``: only
    the label takes the style's bold (an article without a title, B.2 ô 6)."""
    frags = [_Frag(label, bool(part.bold), bool(part.italic), bool(part.underline))] if label else []
    style_bold = bool(part.bold) and not plain_text
    for run in runs:
        frags.append(_Frag(_case(run.text, part), style_bold or run.bold, bool(part.italic) or run.italic,
                           bool(part.underline)))
    return frags


class _Column:
    """Lines stacked in one column (x0, width), before they are put on pages."""

    def __init__(self, region: str, x0: float, width: float, prefix: str = "") -> None:
        self.region, self.x0, self.width = region, x0, width
        self.prefix = prefix  # before every field name: "attachments[0]." in an attached document
        self.paragraphs: list[range] = []  # item indices of each paragraph under widow/orphan control
        self.items: list[tuple[float, TextLine | RuleLine]] = []  # (offset of the line top, item)
        self.height = 0.0

    def text(self, frags: list[_Frag], part: PartStyle, field_name: str, *, line_height: float | None = None,
             first_indent: float = 0.0, align: str | None = None, space_after: float = 0.0,
             widows: bool = False) -> list[TextLine]:
        """One paragraph's lines; ``widows``: never one line of it alone at a page foot or head (the
        template's body styles turn Word's widow control on)."""
        size = part.size.default
        first = len(self.items)
        height = line_height or size * SINGLE_LINE
        align = align or part.align or "left"
        made = []
        for spans in _set_paragraph(tuple(frags), size, self.x0, self.width, first_indent, align):
            baseline = self.height + (height - size * SINGLE_LINE) / 2 + ASCENT * size
            line = TextLine(self.region, part.name, self.prefix + field_name, baseline, size, align, spans)
            self.items.append((self.height, line))
            made.append(line)
            self.height += height
        self.height += space_after
        if widows and len(made) > 1:
            self.paragraphs.append(range(first, len(self.items)))
        return made

    def break_before(self, index: int) -> int:
        """Where a page break wanted before item ``index`` goes under widow/orphan control: before the
        whole paragraph when only its first line would stay, one line earlier when only its last
        line would go (before the whole paragraph when that would leave one line behind)."""
        para = next((r for r in self.paragraphs if index in r), None)
        if para is None:
            return index
        stay, go = index - para.start, para.stop - index
        if stay == 1 or (go == 1 and stay <= 2):
            return para.start
        return index - 1 if go == 1 else index

    def rule(self, part: str, length: float, *, center: float | None = None, before: float = RULE_BEFORE_PT,
             after: float = RULE_GAP_PT) -> None:
        """A drawn rule ``before`` below the last line; the column grows by ``before + after``."""
        center = self.x0 + self.width / 2 if center is None else center
        length = min(length, self.width)
        self.items.append((self.height, RuleLine(self.region, part, center - length / 2, center + length / 2, before)))
        self.height += before + after

    def shift(self, line: TextLine, dy: float) -> None:
        """Move one line down by ``dy`` (to share a baseline with the other column)."""
        self.items = [(offset, _moved(item, dy) if item is line else item) for offset, item in self.items]

    def skip(self, height: float) -> None:
        self.height += height


class _Pages:
    """Puts columns on A4 pages, breaking between lines (a closing block moves whole)."""

    def __init__(self, width: float, height: float, margins: dict[str, float]) -> None:
        self.width, self.height, self.margins = width, height, margins
        self.pages = [Page(1)]
        self.y = margins["top"]

    @property
    def bottom(self) -> float:
        return self.height - self.margins["bottom"]

    def new_page(self, *, new_section: bool = False) -> None:
        """The next page; ``new_section``: an attached document starts, numbered from 1 again."""
        last = self.pages[-1]
        self.pages.append(Page(len(self.pages) + 1, section=last.section + new_section,
                               printed=1 if new_section else last.printed + 1))
        self.y = self.margins["top"]

    def flow(self, column: _Column) -> None:
        """Lines of one column, one after the other, breaking pages between lines (widow/orphan
        control moves lines already set on the page over to the next one)."""
        base = self.y
        shift = 0.0
        start = 0  # the column's first item on the current page
        index = 0
        while index < len(column.items):
            offset, item = column.items[index]
            if isinstance(item, TextLine) and base + item.y - shift + item.size * 0.3 > self.bottom:
                target = column.break_before(index)
                if target < index and (target > start or (target == start and base > self.margins["top"])):
                    taken = sum(isinstance(it, TextLine) for _, it in column.items[target:index])
                    del self.pages[-1].lines[len(self.pages[-1].lines) - taken:]
                else:
                    target = index
                self.new_page()
                shift = column.items[target][0]
                base = self.y
                start = index = target
                offset, item = column.items[index]
            self._put(item, base - shift, offset)
            index += 1
        self.y = base + column.height - shift

    def side_by_side(self, *columns: _Column) -> None:
        """Columns that start on the same line and stay together (header row, closing block)."""
        height = max(c.height for c in columns)
        if self.y + height > self.bottom and self.y > self.margins["top"]:
            self.new_page()
        for column in columns:
            for offset, item in column.items:
                self._put(item, self.y, offset)
        self.y += height

    def _put(self, item: TextLine | RuleLine, base: float, offset: float) -> None:
        page = self.pages[-1]
        if isinstance(item, TextLine):
            page.lines.append(_moved(item, base))
        else:
            y2 = None if item.y2 is None else base + offset + item.y2
            page.rules.append(RuleLine(item.region, item.part, item.x1, item.x2, base + offset + item.y, y2,
                                       item.shape))


def _moved(line: TextLine, dy: float) -> TextLine:
    return TextLine(line.region, line.part, line.field, line.y + dy, line.size, line.align, line.spans)


class _Builder:
    """Lays out one document on the pages; an attached document gets a builder of its own."""

    def __init__(self, draft: Draft, rules: RuleSet, out: _Pages | None = None, prefix: str = "") -> None:
        self.draft, self.rules = draft, rules
        self.prefix = prefix
        self.doc_type = rules.doc_type(draft.doc_type)
        paper = rules.page["paper"]
        self.page_w = paper["width_mm"] * PT_PER_MM
        self.page_h = paper["height_mm"] * PT_PER_MM
        self.margins = {side: rules.margin(side).default * PT_PER_MM for side in ("top", "bottom", "left", "right")}
        self.x0 = self.margins["left"]
        self.text_w = self.page_w - self.margins["left"] - self.margins["right"]
        spacing = rules.paragraph["line_spacing"]
        self.body_line = float(spacing["default_pt"]) if spacing.get("rule") == "exact" else None
        self.space_after = rules.space_after_pt.default
        self.indent = rules.first_line_indent_cm.default * PT_PER_CM
        self.out = out if out is not None else _Pages(self.page_w, self.page_h, self.margins)

    def part(self, name: str) -> PartStyle | None:
        return self.rules.parts.get(name)

    def columns(self, key: str, left_region: str, right_region: str) -> tuple[_Column, _Column]:
        left_w, right_w = (w * PT_PER_CM for w in self.rules.page[key])
        scale = self.text_w / (left_w + right_w)
        return (_Column(left_region, self.x0, left_w * scale, self.prefix),
                _Column(right_region, self.x0 + left_w * scale, right_w * scale, self.prefix))

    def full(self, region: str) -> _Column:
        return _Column(region, self.x0, self.text_w, self.prefix)

    def gap(self) -> float:
        return self.rules.part("body").size.default * SINGLE_LINE * BLOCK_GAP_LINES

    # --- parts -------------------------------------------------------------------------
    def add(self, column: _Column, part_name: str, text: str, field_name: str, **kw) -> list[TextLine]:
        part = self.part(part_name)
        if part is None or not text.strip():
            return []
        made: list[TextLine] = []
        if part.box:
            column.skip(kw.pop("space_before", BOX_SPACE_BEFORE_PT))
            frame = part.frame_mm(text)
            if frame is not None:
                return _stamp(column, part, text, field_name, frame)
        for piece in text.strip().split("\n"):  # a typed line break is a forced break (render: <w:br/>)
            made += column.text(_frags_of(piece.strip(), part), part, field_name, **kw)
        if part.box and made:
            _box(column, part_name, made)
        return made

    def separator(self, column: _Column, part_name: str, above: list[TextLine], field_name: str = "",
                  after: float | None = None, always: bool = False) -> None:
        """The part's own separator under its lines: asterisk, typed hyphens or drawn rule; ``after``:
        the space below it (default: a rule's own gap, none under a mark); ``always``: a mark even
        under no text."""
        part = self.part(part_name)
        if part is None or part.line is None:
            return
        line = part.line
        if line.kind in ("asterisk", "hyphens") and (above or always):
            column.text(_frags_of(line.text, _plain(part)), _plain(part), field_name or part_name,
                        space_after=after or 0.0)
            return
        if not above:
            return
        fraction = line.fraction.default if line.fraction is not None else 1.0  # rules.line_lengths, as render.py
        widest = max(ln.right - ln.left for ln in above)
        column.rule(part_name, column.width if line.length == "full_width" else widest * fraction,
                    center=(above[-1].left + above[-1].right) / 2 if line.length == "text" else None,
                    after=RULE_GAP_PT if after is None else after)

    def agency(self, column: _Column, superior: str, issuer: str, field: str = "") -> None:
        """Superior body, issuing body and its separator (B.1/B.2 ô 2); ``field``: "copy." for the copy's.

        As in the template, the issuer's line and an asterisk under it are printed even while the
        issuer is still blank (a drawn rule, sized on the text, then has no length)."""
        self.add(column, "superior", superior, f"{field}superior")
        lines = self.add(column, "issuer", issuer, f"{field}issuer")
        if not lines:
            column.skip(self.rules.part("issuer").size.default * SINGLE_LINE)
        self.separator(column, "issuer", lines, f"{field}issuer", always=True)

    def number_date_row(self, left: _Column, right: _Column, number: str, date: str, field: str = "") -> None:
        """The header table's second row: number and date on one baseline (B.1 ô 3 / ô 4)."""
        row = max(left.height, right.height)
        left.skip(row - left.height)
        right.skip(row - right.height)
        number_lines = self.add(left, "number", number, f"{field}number")
        date_lines = self.add(right, "place_date", date, f"{field}date")
        if number_lines and date_lines:
            baseline = max(number_lines[0].y, date_lines[0].y)
            left.shift(number_lines[0], baseline - number_lines[0].y)
            right.shift(date_lines[0], baseline - date_lines[0].y)

    def draft_marker(self) -> None:
        marker = self.part("draft_marker")
        text = self.draft.extras.draft_marker
        if marker is not None and text.strip():
            top = _Column("top", self.x0, self.text_w)  # the main document's field (see __init__)
            self.add(top, "draft_marker", text, "extras.draft_marker")
            self.out.flow(top)

    def header(self) -> None:
        d, rules = self.draft, self.rules
        self.draft_marker()
        left, right = self.columns("header_columns_cm", "header_left", "header_right")
        self.agency(left, d.superior, d.issuer)
        title = self.add(right, "header_title", rules.fixed_text["header_title"]["text"], "rule_set")
        last_part = "header_title"
        if "motto" in rules.fixed_text and self.part("motto") is not None:
            title = self.add(right, "motto", rules.fixed_text["motto"]["text"], "rule_set")
            last_part = "motto"
        self.separator(right, last_part, title)
        self.number_date_row(left, right, compute.draft_number_line(d, rules), compute.draft_date_line(d, rules))
        if self.doc_type.letter:
            summary = compute.letter_summary(d, rules)
            if summary.strip():
                left.skip(LETTER_SUMMARY_SPACE_PT)
            self.add(left, "letter_summary", summary, "summary")
        for name in ("secrecy", "urgency", "circulation"):
            self.add(left, name, getattr(d.extras, name), f"extras.{name}")
        self.out.side_by_side(left, right)
        self.out.y += self.gap()

    def title(self) -> None:
        if self.doc_type.letter:
            return
        col = self.full("title")
        title = self.add(col, "type_name", self.doc_type.name, "doc_type")
        summary = self.add(col, "summary", self.draft.summary, "summary") if self.doc_type.summary else []
        # Mẫu 1.8, 1.10 (no trích yếu): the rule sits under the tên loại, as render.py draws it
        self.separator(col, "summary", summary or ([] if self.doc_type.summary else title), after=AFTER_TITLE_PT,
                       always=not self.doc_type.summary)
        self.out.flow(col)

    def addressees(self) -> None:
        """'Kính gửi: A', or 'Kính gửi:' alone with the '- A;' '- B.' lines under its colon (B.2 ô 9a)."""
        names = [a.strip() for a in self.draft.addressees if a.strip()]
        part = self.part("addressee")
        if not names or self.doc_type.addressee == "none" or part is None:
            return
        letter = self.rules.letter
        if self.doc_type.sender_suffix:  # Mẫu 1.6: '<sender> điện:' centred, the '- A;' lines from 5 cm (as render)
            col = self.full("body")
            sender = " ".join(self.draft.enacting_authority.split())
            if sender:
                col.text(_frags_of(sender + self.doc_type.sender_suffix, part), part, "enacting_authority")
            items = _Column("body", self.x0 + CABLE_ADDRESSEES_INDENT_PT, self.text_w - CABLE_ADDRESSEES_INDENT_PT,
                            self.prefix)
            for i, name in enumerate(names):
                end = letter["addressee_last_end"] if i == len(names) - 1 else letter["addressee_line_end"]
                items.text(_frags_of(f"{letter['addressee_prefix']}{name.rstrip(',;.')}{end}", part), part,
                           f"addressees[{i}]", align="left")
            top = col.height
            col.items += [(top + offset, _moved(item, top)) for offset, item in items.items]
            col.height += items.height
            col.skip(AFTER_TITLE_PT)
            self.out.flow(col)
            return
        label = letter["addressee_label"] + " "
        col = self.full("body")
        if len(names) == 1:
            col.text(_frags_of(label + names[0], part), part, "addressees[0]")
        else:  # 'Kính gửi:' alone, then the '- A;' lines hanging under its colon (render.py _hang_addressees)
            lines = [f"{letter['addressee_prefix']}{name.rstrip(',;.')}"
                     f"{letter['addressee_last_end'] if i == len(names) - 1 else letter['addressee_line_end']}"
                     for i, name in enumerate(names)]
            style = {"bold": bool(part.bold), "italic": bool(part.italic)}
            hang = widest_line_pt([label.strip().rstrip(":")], part.size.default, **style)
            rest = widest_line_pt(lines, part.size.default, wrap_pt=self.text_w - hang, **style)
            left = self.x0 + max(0.0, (self.text_w - hang - rest) / 2)
            head = _Column("body", left, self.text_w - (left - self.x0), self.prefix)
            head.text(_frags_of(label.strip(), part), part, "addressees", align="left")
            items = _Column("body", left + hang, self.text_w - (left - self.x0) - hang, self.prefix)
            for i, line in enumerate(lines):
                items.text(_frags_of(line, part), part, f"addressees[{i}]", align="left")
            for sub in (head, items):
                top = col.height
                col.items += [(top + offset, _moved(item, top)) for offset, item in sub.items]
                col.height += sub.height
        col.skip(AFTER_TITLE_PT)
        self.out.flow(col)

    def paragraph(self, col: _Column, frags: list[_Frag], part: PartStyle, field_name: str) -> None:
        col.text(frags, part, field_name, line_height=self.body_line, first_indent=self.indent,
                 space_after=self.space_after, widows=True)

    def body(self) -> None:
        d, rules = self.draft, self.rules
        col = self.full("body")
        enacting = dict(line_height=self.body_line, space_after=self.space_after)
        if self.doc_type.enacting:  # NĐ 30 Mẫu 1.2–1.3: thẩm quyền ban hành, căn cứ, "QUYẾT ĐỊNH:" (as the template)
            self.add(col, "enacting_authority", d.enacting_authority, "enacting_authority", **enacting)
        if self.doc_type.legal_bases and self.part("legal_basis") is not None:
            for i, basis in enumerate(compute.legal_basis_lines(d.legal_bases, self.rules)):
                if basis.strip():
                    part = self.rules.part("legal_basis")
                    self.paragraph(col, _frags_of(basis.strip(), part), part, f"legal_bases[{i}]")
        if self.doc_type.enacting:
            self.add(col, "decide", self.doc_type.decide_line, "enacting_authority", **enacting)
        paragraphs = [p for p in d.body]
        # The closing sentence: one plain body paragraph per typed line, after the body (as render.py).
        paragraphs += [Paragraph.plain(line.strip()) for line in d.closing.strip().split("\n") if line.strip()]
        labels = compute.heading_labels(paragraphs, rules)
        for i, (para, label) in enumerate(zip(paragraphs, labels, strict=True)):
            if is_table(para):
                self.table(col, para.table, f"body[{i}]")
                continue
            if not para.text.strip():
                continue
            part = self.part(para.style) or rules.part("body")
            field_name = f"body[{i}]" if i < len(d.body) else "closing"
            plain_text = compute.article_without_title(para, rules)
            self.paragraph(col, _frags_of_runs(para.runs, part, label, plain_text), part, field_name)
        self.out.flow(col)
        self.out.y += self.gap() + CLOSING_SPACE_PT  # the template's spacer: an empty line, then 6 pt

    def table(self, col: _Column, table: Table, field_name: str) -> None:
        """A body table as render.py prints it: the text width, single borders, a bold centred header row,
        13 pt cells (desktop.core.body_tables)."""
        from desktop.core import body_tables as bt

        rows = bt.normalised_rows(table)
        if not rows or not table.columns:
            return
        widths = [w / 20 for w in bt.column_widths(table, round(col.width * 20))]
        aligns = bt.column_alignments(rows, table.header)
        body = self.rules.part("body")
        pad, space = bt.CELL_MARGIN_TWIPS / 20, bt.CELL_SPACE_PT
        col.items.append((col.height, RuleLine(col.region, "table", col.x0, col.x0 + col.width, 0.0)))
        border = bt.BORDER_EIGHTHS / 8  # each row stands under its top border (LibreOffice and Word count it)
        for r, row in enumerate(rows):
            head = table.header and r == 0
            part = replace(body, name="table", size=Range(bt.CELL_SIZE_PT, bt.CELL_SIZE_PT, bt.CELL_SIZE_PT),
                           bold=head, italic=False, underline=False, case=None)
            top, x, cells = col.height + border, col.x0, []
            for c, (text, width) in enumerate(zip(row, widths, strict=True)):
                cell = _Column(col.region, x + pad, max(1.0, width - 2 * pad), col.prefix)
                cell.skip(space)
                align = "center" if head else aligns[c]
                for line in text.split("\n"):
                    cell.text([_Frag(line, head, False, False)], part, field_name, align=align)
                cell.skip(space)
                cells.append((x, cell))
                x += width
            height = max(cell.height for _x, cell in cells)
            for _x, cell in cells:
                down = top + (height - cell.height) / 2  # every cell's text is centred vertically (w:vAlign)
                col.items += [(down + offset, _moved(item, down)) for offset, item in cell.items
                              if isinstance(item, TextLine)]
            edges = [col.x0] + [x for x, _cell in cells[1:]] + [col.x0 + col.width]
            col.items += [(top, RuleLine(col.region, "table", edge, edge, 0.0, height)) for edge in edges]
            col.items.append((top + height, RuleLine(col.region, "table", col.x0, col.x0 + col.width, 0.0)))
            col.height = top + height
        col.skip(border + bt.SPACE_AFTER_PT)  # the table's bottom border, then the spacer paragraph

    def closing(self) -> None:
        d = self.draft
        letter_first = self.doc_type.letter and any(a.strip() for a in d.addressees)
        if self.doc_type.signatures == 2:
            self.signers_side_by_side()
            return
        self.closing_block(d.recipients, d.signature, self.typist_line(), letter_first=letter_first)

    def signers_side_by_side(self) -> None:
        """NĐ 30 Mẫu 1.9: two signers side by side (each column's fixed heading first, when the type has
        one), then Nơi nhận under the left one (the template's second row)."""
        kind = self.doc_type
        left, right = self.columns("closing_columns_cm", "closing_left", "closing_right")
        headings = kind.signature_headings or ("", "")
        for column, name, heading in zip((left, right), kind.signature_columns(), headings, strict=True):
            if heading:
                self.add(column, "signer_title", heading, f"{name}.position")
            self.signer(column, getattr(self.draft, name) or Signature(), name)
        self.out.side_by_side(left, right)
        below, beside = self.columns("closing_columns_cm", "closing_left", "closing_right")
        self.recipients_column(below, self.draft.recipients, self.typist_line())
        self.out.side_by_side(below, beside)

    def closing_block(self, recipients: Recipients, sig: Signature, typist: str, *, letter_first: bool = False,
                      region: str = "closing", field: str = "") -> None:
        """Nơi nhận beside the signature (B.1/B.2 ô 7, ô 9b), kept together on one page."""
        self.out.side_by_side(*self.closing_columns(recipients, sig, typist, letter_first=letter_first,
                                                    region=region, field=field))

    def closing_columns(self, recipients: Recipients, sig: Signature, typist: str, *, letter_first: bool = False,
                        region: str = "closing", field: str = "") -> tuple[_Column, _Column]:
        """The closing block's two columns, not yet on a page."""
        left, right = self.columns("closing_columns_cm", f"{region}_left", f"{region}_right")
        self.recipients_column(left, recipients, typist, letter_first=letter_first, field=field)
        self.signer(right, sig, f"{field}signature")
        return left, right

    def recipients_column(self, left: _Column, recipients: Recipients, typist: str, *, letter_first: bool = False,
                          field: str = "") -> None:
        """Nơi nhận (B.1/B.2 ô 9b) and the typist line, in one column."""
        rules = self.rules
        counters = {"report": 0, "recipient": 0}
        for line in compute.recipient_lines(recipients, rules, letter_with_addressees=letter_first):
            if line.kind == "report":  # the whole group at the first report line (order of the template)
                if not counters["report"]:
                    counters["report"] = 1
                    self.report_group(left, recipients, field)
                continue
            part_name = {"label": "recipients_label", "archive": "archive"}.get(line.kind, "recipients")
            self.add(left, part_name, line.text, field + _recipient_field(line.kind, counters, letter_first))
        if typist:
            self.add(left, "typist", typist, "extras.typist")

    def signer(self, right: _Column, sig: Signature, field: str) -> None:
        """One signer (ô 7a–7c, ô 8): quyền hạn, chức vụ, the signature space, họ tên; ``field``: the
        draft field it comes from ("signature", "copy.signature", "co_signature")."""
        rules = self.rules
        for text in compute.signature_lines(sig, rules):
            self.add(right, "signature_authority", text, f"{field}.whom")
        # The template's title line, the signature space and the name line stand even while blank.
        if not self.add(right, "signer_title", sig.position, f"{field}.position"):
            right.skip(rules.part("signer_title").size.default * SINGLE_LINE)
        name_line = rules.part("signer_name").size.default * SINGLE_LINE
        right.skip(name_line * SIGNATURE_SPACE_LINES)
        if not self.add(right, "signer_name", sig.name, f"{field}.name"):
            right.skip(name_line)

    def report_group(self, col: _Column, recipients: Recipients, field: str = "") -> None:
        """Report recipients with the '(để b/c)' note beside them, after a brace "}" as tall as
        their printed lines (B.1 ô 9b), in the template's three columns (render.py draws the same)."""
        lines = [ln for ln in compute.recipient_lines(recipients, self.rules) if ln.kind == "report"]
        if not lines:
            return
        part = self.rules.part("recipients")
        room = col.width - REPORT_BRACE_COLUMN_PT
        list_w = _report_list_width([ln.text for ln in lines], compute.report_note(self.rules), part, room)
        sub = _Column(col.region, col.x0, list_w, col.prefix)
        for i, line in enumerate(lines):
            sub.text(_frags_of(line.text, part), part, f"{field}recipients.report[{i}]")
        note = _Column(col.region, col.x0 + list_w + REPORT_BRACE_COLUMN_PT, room - list_w, col.prefix)
        note.text(_frags_of(compute.report_note(self.rules), part), part, f"{field}recipients.report[0]")
        top = col.height
        for offset, item in sub.items:
            col.items.append((top + offset, _moved(item, top)))
        shift = top + (sub.height - note.height) / 2
        for offset, item in note.items:
            col.items.append((shift + offset, _moved(item, shift)))
        brace = report_brace_height_pt(len(sub.items), part.size.default)  # the lines the list printed
        x = col.x0 + list_w
        col.items.append((top + (sub.height - brace) / 2,
                          RuleLine(col.region, "recipients", x, x + REPORT_BRACE_WIDTH_PT, 0.0, brace, shape="brace")))
        col.height += max(sub.height, note.height)

    def copy_block(self) -> None:
        """The copy under the copied document (B.1 "Party copies", B.2 "Copy (paper)"), as the template
        prints it: a full-width rule, the copying body's header with the copy label where the tiêu đề
        stands, its number and date line, then its own Nơi nhận and signature (no typist line).

        The block moves to the next page whole when it does not fit (the template keeps its
        paragraphs with the next and its rows unsplit); at the top of a page the rule's space
        above is dropped, as Word and LibreOffice drop it."""
        block: CopyBlock | None = self.draft.copy
        labels = self.rules.copy["labels"]
        if block is None or block.kind not in labels:
            return
        left, right = self.columns("header_columns_cm", "copy_header_left", "copy_header_right")
        self.agency(left, block.superior, block.issuer, "copy.")
        self.add(right, "copy_label", labels[block.kind], "copy.kind")
        self.number_date_row(left, right, compute.copy_number_line(block, self.rules),
                             compute.copy_date_line(block, self.rules), "copy.")
        closing = self.closing_columns(block.recipients, block.signature, "", region="copy_closing", field="copy.")
        rule_line = RULE_LINE_PT * SINGLE_LINE
        spacer = self.gap() + CLOSING_SPACE_PT
        height = (COPY_RULE_SPACE_PT + rule_line + COPY_RULE_SPACE_PT + max(left.height, right.height) + spacer
                  + max(c.height for c in closing))
        top = self.margins["top"]
        if self.out.y + height > self.out.bottom and self.out.y > top:
            self.out.new_page()
        rule = self.full("copy")
        rule.rule("copy_separator", rule.width, before=rule_line + (COPY_RULE_SPACE_PT if self.out.y > top else 0.0),
                  after=COPY_RULE_SPACE_PT)
        self.out.side_by_side(rule)
        self.out.side_by_side(left, right)
        self.out.y += spacer
        self.out.side_by_side(*closing)

    def typist_line(self) -> str:
        extras = self.draft.extras
        fmt = self.rules.raw.get("typist_line")
        if not extras.typist.strip() or not fmt:
            return ""
        key = "with_copies" if extras.copies is not None else "initials_only"
        return fmt[key].format(typist=extras.typist.strip(), copies=extras.copies)

    def footer(self) -> None:
        """Contact line at the foot of each section's first page (ô 13); page numbers from each section's
        page 2 (A.1/A.2), restarting at 1 in every attached document (render.py: one section each)."""
        contact = self.part("contact")
        text = self.draft.extras.contact.strip()
        for first in (page for page in self.out.pages if page.printed == 1):
            if contact is None or not text:
                break
            col = _Column("footer", self.x0, self.text_w)
            col.text(_frags_of(text, contact), contact, "extras.contact")
            base = self.page_h - self.margins["bottom"] - col.height
            first.lines += [_moved(ln, base) for _, ln in col.items if isinstance(ln, TextLine)]
            if contact.line is not None and contact.line.kind == "rule":
                first.rules.append(RuleLine("footer", "contact", self.x0, self.x0 + self.text_w, base - 2.0))
        number = self.part("page_number")
        page_rule = self.rules.page.get("page_number", {})
        if number is None:
            return
        for page in self.out.pages:
            if page.printed == 1 and not page_rule.get("first_page", False):
                continue
            col = _Column("page_header", self.x0, self.text_w)
            col.text(_frags_of(str(page.printed), number), number, "page")
            page.lines += [_moved(ln, self.margins["top"] / 2) for _, ln in col.items if isinstance(ln, TextLine)]

    def document(self) -> None:
        """The document itself and its copy block, from the current page on."""
        self.header()
        self.title()
        self.addressees()
        self.body()
        self.closing()
        self.copy_block()

    def appendix(self, index: int, heading: appendices.Heading, body: list[Paragraph]) -> None:
        """One phụ lục on pages of its own (render.py through appendices.py: a new section numbered
        from 1): "Phụ lục I", its title, the (Kèm theo …) line and its rule, then its body."""
        col = self.full("body")
        field_name = f"appendices[{index}]"
        self.add(col, appendices.LABEL_PART, heading.label, f"{field_name}.title")
        self.add(col, appendices.TITLE_PART, heading.title, f"{field_name}.title")
        line = self.rules.part(appendices.REFERENCE_PART).line
        drawn = line is not None and line.kind == "rule"  # else a gap under the (Kèm theo …) line itself
        reference = self.add(col, appendices.REFERENCE_PART, heading.reference, f"{field_name}.title",
                             **({} if drawn else {"space_after": appendices.GAP_PT}))
        if drawn:
            self.separator(col, appendices.REFERENCE_PART, reference, f"{field_name}.title", after=appendices.GAP_PT)
        paragraphs = [p if is_table(p) else replace(p, style=p.style if p.style in BODY_STYLES else "body")
                      for p in body]
        for i, (para, label) in enumerate(zip(paragraphs, compute.heading_labels(paragraphs, self.rules),
                                              strict=True)):
            if is_table(para):
                self.table(col, para.table, f"{field_name}.body[{i}]")
            elif para.text.strip():
                part = self.part(para.style) or self.rules.part("body")
                plain_text = compute.article_without_title(para, self.rules)
                self.paragraph(col, _frags_of_runs(para.runs, part, label, plain_text), part,
                               f"{field_name}.body[{i}]")
        self.out.flow(col)

    def build(self) -> PageLayout:
        if not self.draft.appendices:
            self.document()
        else:  # the copy block after the phụ lục: on the last page (Mẫu 3.1), as render.py puts it
            self.header()
            self.title()
            self.addressees()
            self.body()
            self.closing()
        if self.draft.approved is not None:  # NĐ 30 Mẫu 1.3: the văn bản the quyết định issues, as render.py
            from desktop.core.approved_text import layout_approved

            layout_approved(self)
        for index, (heading, appendix) in enumerate(zip(appendices.headings(self.draft, self.rules),
                                                        self.draft.appendices, strict=True)):
            self.out.new_page(new_section=True)  # render.py: a phụ lục's own section, numbered from 1
            self.appendix(index, heading, appendix.body)
        if self.draft.appendices:
            # after body text rather than a closing table, LibreOffice prints the copy's rule as if the last
            # paragraph's space after were not there (measured: tests/test_phu_luc_pages.py)
            self.out.y -= self.space_after
            self.copy_block()
        for prefix, attachment in _attachments(self.draft):
            # render.py: a section break (new page), the attachment laid out by the main rule set
            self.out.new_page(new_section=True)
            _Builder(replace(attachment, rule_set=self.rules.id), self.rules, self.out, prefix).document()
        self.footer()
        return PageLayout(self.page_w, self.page_h, self.margins, self.rules.font_name, self.out.pages)


def _stamp(column: _Column, part: PartStyle, text: str, field_name: str, frame: tuple[float, float]) -> list[TextLine]:
    """A dấu khẩn of its fixed size (Phụ lục I III.2.b: HỎA TỐC 30 × 8, THƯỢNG KHẨN 40 × 8, KHẨN 20 × 8 mm),
    flush with the column's left edge, its text centred in it: the frame render.py prints."""
    width, height = frame[0] * PT_PER_MM, frame[1] * PT_PER_MM
    top, x0, column_width = column.height, column.x0, column.width
    column.x0, column.width = x0 + STAMP_EDGE_PT, width - 2 * STAMP_EDGE_PT
    column.skip(STAMP_EDGE_PT)
    try:
        made = column.text(_frags_of(text.strip(), part), part, field_name, line_height=height - 2 * STAMP_EDGE_PT,
                           align="center")
    finally:
        column.x0, column.width = x0, column_width
    column.height = top + height
    left, right, bottom, region = x0, x0 + width, top + height, column.region
    for rule in (RuleLine(region, part.name, left, right, top), RuleLine(region, part.name, left, right, bottom),
                 RuleLine(region, part.name, left, left, top, bottom),
                 RuleLine(region, part.name, right, right, top, bottom)):
        column.items.append((0.0, rule))
    return made


def _box(column: _Column, part_name: str, lines: list[TextLine]) -> None:
    """A frame around a part's lines (B.2 ô 10b/11: dấu khẩn, phạm vi lưu hành), padded as in render.py."""
    left = min(ln.left for ln in lines) - BOX_PADDING_PT
    right = max(ln.right for ln in lines) + BOX_PADDING_PT
    top = lines[0].top - BOX_PADDING_PT / 2
    bottom = lines[-1].y + DESCENT * lines[-1].size + BOX_PADDING_PT / 2
    region = column.region
    for rule in (RuleLine(region, part_name, left, right, top), RuleLine(region, part_name, left, right, bottom),
                 RuleLine(region, part_name, left, left, top, bottom),
                 RuleLine(region, part_name, right, right, top, bottom)):
        column.items.append((0.0, rule))


def _report_list_width(lines: list[str], note: str, part: PartStyle, total: float) -> float:
    """Width of the report group's list cell: just wider than its widest line, the note beside it
    (render.py's _fit_report_tables, B.1/B.2 ô 9b, F.19)."""
    style = {"bold": bool(part.bold), "italic": bool(part.italic)}
    note_w = widest_line_pt([note], part.size.default, **style) + 2 * REPORT_PADDING_PT
    text_w = widest_line_pt(lines, part.size.default, wrap_pt=total - note_w, **style) + REPORT_PADDING_PT
    return max(total / 4, min(total - note_w, text_w))


def _plain(part: PartStyle) -> PartStyle:
    """The part's style without bold/italic/underline/case: for its asterisk or hyphens."""
    return replace(part, bold=False, italic=False, underline=False, case=None)


def _recipient_field(kind: str, counters: dict[str, int], letter_first: bool) -> str:
    if kind == "label":
        return "recipients"
    if kind == "archive":
        return "recipients.archive"
    if kind == "recipient" and letter_first and counters.get("letter_first_done") is None:
        counters["letter_first_done"] = 1
        return "addressees[0]"
    group = "report" if kind in ("report", "report_each") else "others"
    index = counters["report" if kind in ("report", "report_each") else "recipient"]
    counters["report" if kind in ("report", "report_each") else "recipient"] = index + 1
    return f"recipients.{group}[{index}]"


def _attachments(draft: Draft, prefix: str = "") -> list[tuple[str, Draft]]:
    """Attached documents in print order (an attachment's own attachments follow it, as render.py),
    each with the field prefix that leads back to it: "attachments[0].", "attachments[0].attachments[1]."."""
    out: list[tuple[str, Draft]] = []
    for index, attachment in enumerate(draft.attachments):
        path = f"{prefix}attachments[{index}]."
        out.append((path, attachment))
        out.extend(_attachments(attachment, path))
    return out


def layout_draft(draft: Draft, rules: RuleSet | None = None) -> PageLayout:
    """Lay out a draft on A4 pages, by its rule set."""
    return _Builder(draft, rules or load_rule_set(draft.rule_set)).build()
