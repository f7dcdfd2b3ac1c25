"""Page layout model for the live preview: a Draft + RuleSet → positioned lines on A4 pages.

Qt-free. Every size, style, case, alignment and separator comes from the rule set (spec
sections A, B, C) and every computed string from :mod:`desktop.core.compute`, the same
sources the .docx renderer reads, so the preview and the exported file cannot disagree.
Widths use :mod:`desktop.core.metrics` (Times New Roman metrics), so line breaks match
a printer's; the preview paints with Times New Roman or its metric twin Liberation Serif.

Units are points (1/72 inch); y is the baseline of a text line, measured from the top
of its page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.core import compute
from desktop.core.metrics import text_width_pt
from desktop.core.model import Draft, Paragraph, Run
from desktop.core.rules import PartStyle, RuleSet, load_rule_set

PT_PER_MM = 72 / 25.4
PT_PER_CM = 72 / 2.54
SINGLE_LINE = 1.15
"""Height of a single-spaced line in ems (Word's single spacing for Times New Roman)."""
ASCENT = 0.891
"""Times New Roman ascent in ems: the baseline sits this far below the top of a line."""
DESCENT = 0.216
"""Times New Roman descent in ems."""
BOX_PADDING_PT = 3.0
"""Space between a boxed part's text and its frame (as render.py)."""
SIGNATURE_SPACE_LINES = 4
"""Blank lines left between the signer's title and name for the hand signature (ô 7c)."""
BLOCK_GAP_LINES = 1.0
"""Space between the header, title, body and closing blocks, in single lines of body text."""

REPORT_LIST_SHARE = 0.7
"""The report group sits in a nested cell: 70 % list, 30 % note after a vertical line (as the template)."""

REGIONS = ("top", "header_left", "header_right", "title", "body", "closing_left", "closing_right",
           "footer", "page_header")


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
    ``y2``, vertical (the bracket beside the report recipients)."""

    region: str
    part: str
    x1: float
    x2: float
    y: float
    y2: float | None = None


@dataclass
class Page:
    number: int
    lines: list[TextLine] = field(default_factory=list)
    rules: list[RuleLine] = field(default_factory=list)


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


def _frags_of_runs(runs: list[Run], part: PartStyle, label: str = "") -> list[_Frag]:
    """A paragraph's runs in its style: the style's bold/italic add to the runs' own."""
    frags = [_Frag(label, bool(part.bold), bool(part.italic), bool(part.underline))] if label else []
    for run in runs:
        frags.append(_Frag(_case(run.text, part), bool(part.bold) or run.bold, bool(part.italic) or run.italic,
                           bool(part.underline)))
    return frags


class _Column:
    """Lines stacked in one column (x0, width), before they are put on pages."""

    def __init__(self, region: str, x0: float, width: float) -> None:
        self.region, self.x0, self.width = region, x0, width
        self.items: list[tuple[float, TextLine | RuleLine]] = []  # (offset of the line top, item)
        self.height = 0.0

    def text(self, frags: list[_Frag], part: PartStyle, field_name: str, *, line_height: float | None = None,
             first_indent: float = 0.0, align: str | None = None, space_after: float = 0.0) -> list[TextLine]:
        size = part.size.default
        height = line_height or size * SINGLE_LINE
        align = align or part.align or "left"
        made = []
        for spans in _set_paragraph(tuple(frags), size, self.x0, self.width, first_indent, align):
            baseline = self.height + (height - size * SINGLE_LINE) / 2 + ASCENT * size
            line = TextLine(self.region, part.name, field_name, baseline, size, align, spans)
            self.items.append((self.height, line))
            made.append(line)
            self.height += height
        self.height += space_after
        return made

    def rule(self, part: str, length: float, *, center: float | None = None, gap: float = 2.0) -> None:
        center = self.x0 + self.width / 2 if center is None else center
        length = min(length, self.width)
        self.items.append((self.height, RuleLine(self.region, part, center - length / 2, center + length / 2, gap)))
        self.height += gap * 2

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

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.y = self.margins["top"]

    def flow(self, column: _Column) -> None:
        """Lines of one column, one after the other, breaking pages between lines."""
        base = self.y
        shift = 0.0
        for offset, item in column.items:
            if isinstance(item, TextLine) and base + offset - shift + (item.y - offset) + item.size * 0.3 > self.bottom:
                self.new_page()
                shift = offset
                base = self.y
            self._put(item, base - shift, offset)
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
            page.rules.append(RuleLine(item.region, item.part, item.x1, item.x2, base + offset + item.y, y2))


def _moved(line: TextLine, dy: float) -> TextLine:
    return TextLine(line.region, line.part, line.field, line.y + dy, line.size, line.align, line.spans)


class _Builder:
    def __init__(self, draft: Draft, rules: RuleSet) -> None:
        self.draft, self.rules = draft, rules
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
        self.out = _Pages(self.page_w, self.page_h, self.margins)

    def part(self, name: str) -> PartStyle | None:
        return self.rules.parts.get(name)

    def columns(self, key: str, left_region: str, right_region: str) -> tuple[_Column, _Column]:
        left_w, right_w = (w * PT_PER_CM for w in self.rules.page[key])
        scale = self.text_w / (left_w + right_w)
        return (_Column(left_region, self.x0, left_w * scale),
                _Column(right_region, self.x0 + left_w * scale, right_w * scale))

    def full(self, region: str) -> _Column:
        return _Column(region, self.x0, self.text_w)

    def gap(self) -> float:
        return self.rules.part("body").size.default * SINGLE_LINE * BLOCK_GAP_LINES

    # --- parts -------------------------------------------------------------------------
    def add(self, column: _Column, part_name: str, text: str, field_name: str, **kw) -> list[TextLine]:
        part = self.part(part_name)
        if part is None or not text.strip():
            return []
        made: list[TextLine] = []
        for piece in text.strip().split("\n"):  # a typed line break is a forced break (render: <w:br/>)
            made += column.text(_frags_of(piece.strip(), part), part, field_name, **kw)
        if part.box and made:
            _box(column, part_name, made)
        return made

    def separator(self, column: _Column, part_name: str, above: list[TextLine]) -> None:
        """The part's own separator under its lines: asterisk, typed hyphens or drawn rule."""
        part = self.part(part_name)
        if part is None or part.line is None or not above:
            return
        line = part.line
        if line.kind in ("asterisk", "hyphens"):
            column.text(_frags_of(line.text, _plain(part)), _plain(part), part_name)
            return
        fraction = line.fraction.default if line.fraction is not None else 1.0  # rules.line_lengths, as render.py
        widest = max(ln.right - ln.left for ln in above)
        column.rule(part_name, column.width if line.length == "full_width" else widest * fraction,
                    center=(above[-1].left + above[-1].right) / 2 if line.length == "text" else None)

    def header(self) -> None:
        d, rules = self.draft, self.rules
        marker = self.part("draft_marker")
        if marker is not None and d.extras.draft_marker.strip():
            top = self.full("top")
            self.add(top, "draft_marker", d.extras.draft_marker, "extras.draft_marker")
            self.out.flow(top)
        left, right = self.columns("header_columns_cm", "header_left", "header_right")
        self.add(left, "superior", d.superior, "superior")
        issuer = self.add(left, "issuer", d.issuer, "issuer")
        self.separator(left, "issuer", issuer)
        title = self.add(right, "header_title", rules.fixed_text["header_title"]["text"], "rule_set")
        last_part = "header_title"
        if "motto" in rules.fixed_text and self.part("motto") is not None:
            title = self.add(right, "motto", rules.fixed_text["motto"]["text"], "rule_set")
            last_part = "motto"
        self.separator(right, last_part, title)
        row = max(left.height, right.height)
        left.skip(row - left.height)
        right.skip(row - right.height)
        number = self.add(left, "number", compute.draft_number_line(d, rules), "number")
        date = self.add(right, "place_date", compute.draft_date_line(d, rules), "date")
        if number and date:  # one row: number and date share a baseline (B.1 ô 3 / ô 4)
            baseline = max(number[0].y, date[0].y)
            left.shift(number[0], baseline - number[0].y)
            right.shift(date[0], baseline - date[0].y)
        if self.doc_type.letter:
            self.add(left, "letter_summary", compute.letter_summary(d, rules), "summary")
        for name in ("secrecy", "urgency", "circulation"):
            self.add(left, name, getattr(d.extras, name), f"extras.{name}")
        self.out.side_by_side(left, right)
        self.out.y += self.gap()

    def title(self) -> None:
        if self.doc_type.letter:
            return
        col = self.full("title")
        self.add(col, "type_name", self.doc_type.name, "doc_type")
        summary = self.add(col, "summary", self.draft.summary, "summary")
        self.separator(col, "summary", summary)
        self.out.flow(col)
        self.out.y += self.gap()

    def addressees(self) -> None:
        """'Kính gửi: A', or 'Kính gửi: - A;' with the next '- B;' lines under the first dash (B.2 ô 9a)."""
        names = [a.strip() for a in self.draft.addressees if a.strip()]
        part = self.part("addressee")
        if not names or self.doc_type.addressee == "none" or part is None:
            return
        letter = self.rules.letter
        label = letter["addressee_label"] + " "
        col = self.full("body")
        if len(names) == 1:
            col.text(_frags_of(label + names[0], part), part, "addressees[0]")
        else:
            lines = [f"{letter['addressee_prefix']}{name.rstrip(',;.')}"
                     f"{letter['addressee_last_end'] if i == len(names) - 1 else letter['addressee_line_end']}"
                     for i, name in enumerate(names)]
            size = part.size.default
            style = {"bold": bool(part.bold), "italic": bool(part.italic)}
            hang = text_width_pt(label, size, **style)
            rest = max(text_width_pt(line, size, **style) for line in lines)
            left = self.x0 + max(0.0, (self.text_w - hang - rest) / 2)
            for i, line in enumerate(lines):
                sub = _Column("body", left + hang, self.text_w - (left - self.x0) - hang)
                made = sub.text(_frags_of(line, part), part, f"addressees[{i}]", align="left")
                for ln in made:
                    spans = ln.spans
                    if i == 0:
                        label_span = Span(left, label.strip(), text_width_pt(label.strip(), size, **style),
                                          bold=bool(part.bold), italic=bool(part.italic))
                        spans = (label_span, *spans)
                    col.items.append((col.height, _moved(TextLine(ln.region, ln.part, ln.field, ln.y, ln.size, "left",
                                                                  spans), col.height)))
                    col.height += size * SINGLE_LINE
        col.skip(self.space_after)
        self.out.flow(col)

    def paragraph(self, col: _Column, frags: list[_Frag], part: PartStyle, field_name: str) -> None:
        col.text(frags, part, field_name, line_height=self.body_line, first_indent=self.indent,
                 space_after=self.space_after)

    def body(self) -> None:
        d, rules = self.draft, self.rules
        col = self.full("body")
        if self.doc_type.legal_bases and self.part("legal_basis") is not None:
            for i, basis in enumerate(compute.legal_basis_lines(d.legal_bases, self.rules)):
                if basis.strip():
                    part = self.rules.part("legal_basis")
                    self.paragraph(col, _frags_of(basis.strip(), part), part, f"legal_bases[{i}]")
        paragraphs = [p for p in d.body]
        if d.closing.strip():
            paragraphs.append(Paragraph.plain(d.closing.strip()))
        labels = compute.heading_labels(paragraphs, rules)
        for i, (para, label) in enumerate(zip(paragraphs, labels, strict=True)):
            if not para.text.strip():
                continue
            part = self.part(para.style) or rules.part("body")
            field_name = f"body[{i}]" if i < len(d.body) else "closing"
            self.paragraph(col, _frags_of_runs(para.runs, part, label), part, field_name)
        self.out.flow(col)
        self.out.y += self.gap() - self.space_after

    def closing(self) -> None:
        d, rules = self.draft, self.rules
        left, right = self.columns("closing_columns_cm", "closing_left", "closing_right")
        letter_first = self.doc_type.letter and any(a.strip() for a in d.addressees)
        counters = {"report": 0, "recipient": 0}
        for line in compute.recipient_lines(d.recipients, rules, letter_with_addressees=letter_first):
            if line.kind == "report":  # the whole group at the first report line (order of the template)
                if not counters["report"]:
                    counters["report"] = 1
                    self.report_group(left)
                continue
            part_name = {"label": "recipients_label", "archive": "archive"}.get(line.kind, "recipients")
            self.add(left, part_name, line.text, _recipient_field(line.kind, counters, letter_first))
        typist = self.typist_line()
        if typist:
            self.add(left, "typist", typist, "extras.typist")
        sig = d.signature
        for text in compute.signature_lines(sig, rules):
            self.add(right, "signature_authority", text, "signature.whom")
        title = self.add(right, "signer_title", sig.position, "signature.position")
        name_part = rules.part("signer_name")
        right.skip(name_part.size.default * SINGLE_LINE * SIGNATURE_SPACE_LINES if title or sig.name.strip() else 0)
        self.add(right, "signer_name", sig.name, "signature.name")
        self.out.side_by_side(left, right)

    def report_group(self, col: _Column) -> None:
        """Report recipients with the '(để b/c)' note beside them, after a vertical line (B.1 ô 9b)."""
        lines = [ln for ln in compute.recipient_lines(self.draft.recipients, self.rules) if ln.kind == "report"]
        if not lines:
            return
        list_w = col.width * REPORT_LIST_SHARE
        sub = _Column(col.region, col.x0, list_w)
        part = self.rules.part("recipients")
        for i, line in enumerate(lines):
            sub.text(_frags_of(line.text, part), part, f"recipients.report[{i}]")
        note = _Column(col.region, col.x0 + list_w + 3.0, col.width - list_w - 3.0)
        note.text(_frags_of(compute.report_note(self.rules), part), part, "recipients.report[0]")
        top = col.height
        for offset, item in sub.items:
            col.items.append((top + offset, _moved(item, top)))
        shift = top + (sub.height - note.height) / 2
        for offset, item in note.items:
            col.items.append((shift + offset, _moved(item, shift)))
        col.items.append((top, RuleLine(col.region, "recipients", col.x0 + list_w, col.x0 + list_w, 0.0, sub.height)))
        col.height += max(sub.height, note.height)

    def typist_line(self) -> str:
        extras = self.draft.extras
        fmt = self.rules.raw.get("typist_line")
        if not extras.typist.strip() or not fmt:
            return ""
        key = "with_copies" if extras.copies is not None else "initials_only"
        return fmt[key].format(typist=extras.typist.strip(), copies=extras.copies)

    def footer(self) -> None:
        """Contact line at the foot of page 1 (ô 13); page numbers from page 2 (A.1/A.2)."""
        contact = self.part("contact")
        first = self.out.pages[0]
        if contact is not None and self.draft.extras.contact.strip():
            col = _Column("footer", self.x0, self.text_w)
            col.text(_frags_of(self.draft.extras.contact.strip(), contact), contact, "extras.contact")
            base = self.page_h - self.margins["bottom"] - col.height
            first.lines += [_moved(ln, base) for _, ln in col.items if isinstance(ln, TextLine)]
            if contact.line is not None and contact.line.kind == "rule":
                first.rules.append(RuleLine("footer", "contact", self.x0, self.x0 + self.text_w, base - 2.0))
        number = self.part("page_number")
        page_rule = self.rules.page.get("page_number", {})
        if number is None:
            return
        for page in self.out.pages:
            if page.number == 1 and not page_rule.get("first_page", False):
                continue
            col = _Column("page_header", self.x0, self.text_w)
            col.text(_frags_of(str(page.number), number), number, "page")
            page.lines += [_moved(ln, self.margins["top"] / 2) for _, ln in col.items if isinstance(ln, TextLine)]

    def build(self) -> PageLayout:
        self.header()
        self.title()
        self.addressees()
        self.body()
        self.closing()
        self.footer()
        return PageLayout(self.page_w, self.page_h, self.margins, self.rules.font_name, self.out.pages)


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


def _plain(part: PartStyle) -> PartStyle:
    """The part's style without bold/italic/underline/case: for its asterisk or hyphens."""
    from dataclasses import replace

    return replace(part, bold=False, italic=False, underline=False, case=None)


def _recipient_field(kind: str, counters: dict[str, int], letter_first: bool) -> str:
    if kind == "label":
        return "recipients"
    if kind == "archive":
        return "recipients.archive"
    if kind == "recipient" and letter_first and counters.get("letter_first_done") is None:
        counters["letter_first_done"] = 1
        return "addressees[0]"
    group = "report" if kind == "report" else "others"
    index = counters["report" if kind == "report" else "recipient"]
    counters["report" if kind == "report" else "recipient"] = index + 1
    return f"recipients.{group}[{index}]"


def layout_draft(draft: Draft, rules: RuleSet | None = None) -> PageLayout:
    """Lay out a draft on A4 pages, by its rule set."""
    return _Builder(draft, rules or load_rule_set(draft.rule_set)).build()
