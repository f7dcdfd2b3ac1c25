"""Find every part of one document (spec B.1/B.2 boxes, E.6 matrix).

Works on printed lines in reading order, wherever they stood (table cells, text boxes,
paragraphs, tab-separated cells). The page is read in zones: the header (agency, tiêu đề,
number, date) up to the tên loại (or, for a công văn, the V/v summary); the title block
(tên loại, trích yếu, Kính gửi); the body; and the closing block found backwards from the
end (Nơi nhận with its list, the signature: quyền hạn, chức vụ, họ tên).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.check import vocab as v
from desktop.core.check.lines import Line

MAX_TITLE_SCAN = 30  # lines before the tên loại that may still be header
BODY_LIKE_WORDS = 24
MAX_SUMMARY_BLOCK_CHARS = 320
MAX_SIGNATURE_LINES = 9
_MINOR_HEADER = re.compile(r"^(MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|DỰ THẢO)\b", re.I)


@dataclass
class Detected:
    """The parts of one document, as lines (empty list / None when not found)."""

    lines: list[Line]
    header_title: Line | None = None
    header_title_system: str | None = None
    header_title_exact: bool = True
    header_title_expected: str = ""
    motto: Line | None = None
    motto_exact: bool = True
    superior: list[Line] = field(default_factory=list)
    issuer: list[Line] = field(default_factory=list)
    asterisk: Line | None = None
    header_lines: list[Line] = field(default_factory=list)  # typed ---/___ under header parts
    number: Line | None = None
    place_date: Line | None = None
    type_name: Line | None = None
    type_key: str | None = None
    glued: bool = False
    copy_label: Line | None = None
    copy_text: str = ""
    summary: list[Line] = field(default_factory=list)
    summary_hyphens: Line | None = None
    letter: bool = False
    addressee: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    recipients_label: Line | None = None
    recipients: list[Line] = field(default_factory=list)  # "- …" items (archive included)
    report_notes: list[Line] = field(default_factory=list)
    archive: Line | None = None
    authority: list[Line] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)
    name: Line | None = None
    name_text: str = ""
    honorific: str = ""
    signed_marker: bool = False

    @property
    def is_copy(self) -> bool:
        return self.copy_label is not None


def detect(lines: list[Line]) -> Detected:
    """Classify the lines of one document into its parts."""
    doc = Detected(lines=lines)
    title_at = _find_title(lines)
    header_end = title_at if title_at is not None else _letter_header_end(lines)
    _read_header(doc, lines[:header_end])
    after = header_end
    if title_at is not None:
        after = _read_title(doc, lines, title_at)
    after = _read_late_header(doc, lines, after)
    after = _read_addressee(doc, lines, after)
    closing_at = _read_closing(doc, lines, after)
    doc.body = [ln for ln in lines[after:closing_at] if not (v.HYPHENS.match(ln.text) or v.UNDERSCORES.match(ln.text))]
    return doc


# --- header -----------------------------------------------------------------------------


def _body_like(line: Line) -> bool:
    return len(line.words) > BODY_LIKE_WORDS or bool(v.HEADING.match(line.text))


def _find_title(lines: list[Line]) -> int | None:
    for index, line in enumerate(lines[:MAX_TITLE_SCAN]):
        if v.is_addressee(line) or v.is_letter_summary(line) or v.is_recipients_label(line) or _body_like(line):
            return None
        if v.match_copy_label(line) or (v.match_type_name(line) and len(line.words) <= 16):
            return index
    return None


def _letter_header_end(lines: list[Line]) -> int:
    for index, line in enumerate(lines[:MAX_TITLE_SCAN]):
        if v.is_letter_summary(line) or v.is_addressee(line) or _body_like(line) or v.is_recipients_label(line):
            return index
    return 0


def _read_header(doc: Detected, header: list[Line]) -> None:
    agency: list[Line] = []
    for line in header:
        if line.blank:
            continue
        title = v.match_header_title(line)
        motto = v.match_motto(line)
        if title and doc.header_title is None:
            doc.header_title, doc.header_title_system = line, title[0]
            doc.header_title_exact, doc.header_title_expected = title[1], title[2]
        elif motto and doc.motto is None:
            doc.motto, doc.motto_exact = line, motto[0]
        elif v.parse_number(line) and doc.number is None:
            doc.number = line
        elif v.parse_date(line) and doc.place_date is None:
            doc.place_date = line
        elif v.is_asterisk(line):
            doc.asterisk = doc.asterisk or line
        elif v.HYPHENS.match(line.text) or v.UNDERSCORES.match(line.text):
            doc.header_lines.append(line)
        elif _MINOR_HEADER.match(line.text):
            continue
        elif v.is_caps_line(line, max_words=16) and not doc.number:
            agency.append(line)
    _split_agency(doc, agency)


def _split_agency(doc: Detected, agency: list[Line]) -> None:
    """Superior body = the leading lines that are not bold (or, formatting unknown, the first of several)."""
    if not agency:
        return
    bolds = [ln.flag("bold") for ln in agency]
    if len(agency) >= 2 and bolds[0] is False and any(b is True for b in bolds):
        cut = next(i for i, b in enumerate(bolds) if b is True)
    elif len(agency) >= 2 and not _same_block_wrap(agency):
        cut = 1
    elif len(agency) >= 3:
        cut = 1
    else:
        cut = 0
    doc.superior, doc.issuer = agency[:cut], agency[cut:]


def _same_block_wrap(agency: list[Line]) -> bool:
    """Two lines of one paragraph with no formatting to tell them apart: one name wrapped."""
    return len(agency) == 2 and agency[0].block.index == agency[1].block.index and agency[0].flag("bold") is None


def _read_late_header(doc: Detected, lines: list[Line], after: int) -> int:
    """OCR order may put the number/date just after the tên loại or copy label (seed 003 copy)."""
    while after < len(lines) and after < MAX_TITLE_SCAN + 6:
        line = lines[after]
        if doc.number is None and v.parse_number(line):
            doc.number = line
        elif doc.place_date is None and v.parse_date(line):
            doc.place_date = line
        elif v.is_asterisk(line) and doc.asterisk is None:
            doc.asterisk = line
        else:
            return after
        after += 1
    return after


# --- title block ------------------------------------------------------------------------


def _read_title(doc: Detected, lines: list[Line], title_at: int) -> int:
    line = lines[title_at]
    label = v.match_copy_label(line)
    if label:
        doc.copy_label, doc.copy_text = line, label
        doc.type_name = line
        return title_at + 1
    name, end = v.match_type_name(line) or ("", len(line.raw))
    doc.type_key = name
    rest = line.slice(end)
    doc.type_name = line.slice(0, end) if rest.text else line
    doc.glued = bool(rest.text) and not line.raw[end:end + 1].isspace()
    summary = [rest] if rest.text else []
    index = title_at + 1
    while index < len(lines) and lines[index].block.index == line.block.index:
        summary.append(lines[index])
        index += 1
    if not summary:
        index = _summary_blocks(lines, index, summary)
    doc.summary = summary
    if index < len(lines) and v.HYPHENS.match(lines[index].text):
        doc.summary_hyphens = lines[index]
        index += 1
    return index


def _summary_blocks(lines: list[Line], index: int, summary: list[Line]) -> int:
    """The trích yếu in the paragraph(s) after the tên loại: short, not a heading or Kính gửi."""
    first_block = None
    while index < len(lines):
        line = lines[index]
        block = line.block
        if v.is_addressee(line) or v.HEADING.match(line.text) or len(block.text) > MAX_SUMMARY_BLOCK_CHARS:
            break
        if v.HYPHENS.match(line.text) or line.text.lower().startswith("căn cứ"):
            break
        if first_block is None:
            first_block = block
        elif block.index != first_block.index and not _continues_summary(first_block, block, summary):
            break
        summary.append(line)
        index += 1
    return index


def _continues_summary(first, block, summary: list[Line]) -> bool:
    """A further centred paragraph of the trích yếu (docx): same alignment, bold, short."""
    return (first.para.align == "center" and block.para.align == "center" and len(block.text) < 200
            and bool(summary) and summary[-1].flag("bold") is True)


def _read_addressee(doc: Detected, lines: list[Line], after: int) -> int:
    index = after
    if doc.letter is False and doc.type_name is None and doc.summary == []:
        index = _read_letter_summary(doc, lines, after)
    for probe in range(index, min(index + 3, len(lines))):
        if v.is_addressee(lines[probe]):
            doc.addressee = [lines[probe]]
            probe += 1
            while probe < len(lines) and lines[probe].block.index == doc.addressee[0].block.index:
                doc.addressee.append(lines[probe])
                probe += 1
            while probe < len(lines) and v.is_item(lines[probe]) and lines[probe].text.endswith((";", ".")) \
                    and len(lines[probe].words) <= 20:
                doc.addressee.append(lines[probe])
                probe += 1
            return probe
    return index


def _read_letter_summary(doc: Detected, lines: list[Line], after: int) -> int:
    index = after
    if index < len(lines) and v.is_letter_summary(lines[index]):
        first = lines[index]
        doc.summary, doc.letter = [first], True
        index += 1
        while index < len(lines) and (lines[index].block.index == first.block.index or _same_cell(first, lines[index])) \
                and not v.is_addressee(lines[index]):
            doc.summary.append(lines[index])
            index += 1
    return index


def _same_cell(a: Line, b: Line) -> bool:
    la, lb = a.block.location, b.block.location
    return la.container == "table" and (la.table, la.row, la.col) == (lb.table, lb.row, lb.col)


# --- closing block ----------------------------------------------------------------------


def _read_closing(doc: Detected, lines: list[Line], after: int) -> int:
    """Find Nơi nhận and the signature; return where the body ends."""
    label_at = next((i for i in range(len(lines) - 1, after - 1, -1) if v.is_recipients_label(lines[i])), None)
    closing_at = len(lines)
    sig_from = len(lines)
    if label_at is not None:
        doc.recipients_label = lines[label_at]
        index = label_at + 1
        while index < len(lines) and (v.is_item(lines[index]) or v.is_report_note(lines[index])):
            (doc.report_notes if v.is_report_note(lines[index]) else doc.recipients).append(lines[index])
            index += 1
        closing_at = label_at
        sig_lines = _signature_run_forward(lines, index)
        if not sig_lines:
            sig_lines = _signature_run_backward(lines, label_at - 1, after)
        sig_from = sig_lines[0] if sig_lines else len(lines)
    else:
        sig_lines = _signature_run_backward(lines, len(lines) - 1, after)
        if sig_lines:
            sig_from = sig_lines[0]
    _read_signature(doc, [lines[i] for i in sig_lines])
    if doc.recipients:
        last = doc.recipients[-1]
        body = last.text[1:].strip() if v.is_item(last) else last.text
        if v.strip_diacritics(body.upper()).startswith("LUU"):
            doc.archive = last
    return min(closing_at, sig_from)


def _signature_like(line: Line) -> bool:
    if v.match_prefix(line) or v.signed_name(line) is not None or v.name_of(line.text):
        return True
    if v.is_caps_line(line, max_words=12) and not any(ch.isdigit() for ch in line.text):
        return not v.match_copy_label(line) and not v.match_header_title(line)
    return _connector(line)


def _connector(line: Line) -> bool:
    """'kiêm' between two title lines (seed 001)."""
    return len(line.words) <= 2 and line.text.islower() and not line.text.endswith((".", ";", ",", ":"))


def _signature_run_forward(lines: list[Line], start: int) -> list[int]:
    out = []
    index = start
    while index < len(lines) and len(out) < MAX_SIGNATURE_LINES and _signature_like(lines[index]):
        out.append(index)
        index += 1
    return out if _plausible(lines, out) else []


def _signature_run_backward(lines: list[Line], end: int, floor: int) -> list[int]:
    out: list[int] = []
    index = end
    while index >= floor and len(out) < MAX_SIGNATURE_LINES and _signature_like(lines[index]):
        out.insert(0, index)
        index -= 1
    while out and _connector(lines[out[0]]):
        out.pop(0)
    return out if _plausible(lines, out) else []


def _plausible(lines: list[Line], run: list[int]) -> bool:
    """A signature has a prefix, a name or 'Đã ký' (caps lines alone could be body headings)."""
    return any(v.match_prefix(lines[i]) or v.signed_name(lines[i]) is not None or v.name_of(lines[i].text)
               for i in run)


def _read_signature(doc: Detected, run: list[Line]) -> None:
    for line in run:
        signed = v.signed_name(line)
        named = v.name_of(line.text)
        if v.match_prefix(line) and not doc.title:
            doc.authority.append(line)
        elif signed is not None:
            doc.signed_marker = True
            if signed:
                doc.name, doc.name_text = line, (v.name_of(signed) or ("", signed))[1]
        elif named and doc.name is None:
            doc.name, (doc.honorific, doc.name_text) = line, named
        elif doc.name is None:
            doc.title.append(line)
