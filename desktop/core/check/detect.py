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
from desktop.core.check.normalize import key

MAX_TITLE_SCAN = 30  # lines before the tên loại that may still be header
BODY_LIKE_WORDS = 24
MAX_SUMMARY_BLOCK_CHARS = 320
MAX_SIGNATURE_LINES = 9
_PLACE_LEVEL = re.compile(
    r"^(TỈNH|THÀNH PHỐ|TP\.|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ|PHƯỜNG|ĐẶC KHU)\s+(?!(ỦY|UỶ|ĐOÀN|ĐỘI)\b)\S")
"""A line that is only a level of local government and its place: the end of a body's name (not a
body of that level itself: 'HUYỆN ỦY …', 'TỈNH ĐOÀN …')."""
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
    other_titles: list[tuple[Line, str]] = field(default_factory=list)  # a second tiêu đề/Quốc hiệu (system)
    number: Line | None = None
    place_date: Line | None = None
    type_name: Line | None = None
    type_key: str | None = None
    glued: bool = False
    copy_label: Line | None = None
    copy_text: str = ""
    summary: list[Line] = field(default_factory=list)
    summary_hyphens: Line | None = None
    attached_note: Line | None = None  # '(Ban hành kèm theo Quyết định số …)': a document issued with another
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
    else:
        after = _read_letter_summary(doc, lines, after)
        if not doc.summary and after < len(lines) and _centred_summary(lines[after]):
            after = _summary_blocks(lines, after, doc.summary)
            if after < len(lines) and v.HYPHENS.match(lines[after].text):
                doc.summary_hyphens = lines[after]
                after += 1
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
    """Where the header ends when there is no tên loại: at the công văn's trích yếu, Kính gửi or
    the body; failing those, after the last line that is surely a header part."""
    seen_number = False
    last_mark = -1
    for index, line in enumerate(lines[:MAX_TITLE_SCAN]):
        if v.is_letter_summary(line) or v.is_addressee(line) or _body_like(line) or v.is_recipients_label(line):
            return index
        if (seen_number and _left_column_summary(line)) or _centred_summary(line):
            return index
        seen_number = seen_number or bool(v.parse_number(line))
        if v.parse_number(line) or v.parse_date(line) or v.match_header_title(line) or v.is_asterisk(line):
            last_mark = index
    return last_mark + 1


def _centred_summary(line: Line) -> bool:
    """A trích yếu whose tên loại is missing (.docx): a centred full-width line in lower case."""
    block = line.block
    return (block.location.container == "body" and block.para.align == "center" and not line.shown_upper
            and len(block.text) < MAX_SUMMARY_BLOCK_CHARS and not v.parse_date(line) and not v.parse_number(line)
            and not v.match_motto(line) and not v.is_addressee(line) and len(line.words) >= 2)


def _left_column_summary(line: Line) -> bool:
    """A công văn's trích yếu without 'V/v': lower-case text in the left column under the number."""
    return line.col == 1 and not line.shown_upper and not v.parse_date(line) and not v.parse_number(line) \
        and not v.is_asterisk(line) and not _typed_rule(line)


def _read_header(doc: Detected, header: list[Line]) -> None:
    agency: list[Line] = []
    for line in header:
        if line.blank or _header_line(doc, line):
            continue
        if v.HYPHENS.match(line.text) or v.UNDERSCORES.match(line.text):
            doc.header_lines.append(line)
        elif (v.is_caps_line(line, max_words=16) or (line.col == 1 and len(line.words) <= 16)) and not doc.number:
            agency.append(line)  # agency names are capitals; in the left column, any case (then F: case)
    _split_agency(doc, agency)


def _header_line(doc: Detected, line: Line) -> bool:
    """Record a header part that may stand anywhere in the header (any column, any order)."""
    title = v.match_header_title(line)
    if title and doc.header_title is None:
        doc.header_title, doc.header_title_system = line, title[0]
        doc.header_title_exact, doc.header_title_expected = title[1], title[2]
        return True
    if title:
        doc.other_titles.append((line, title[0]))
        return True
    motto = v.match_motto(line)
    if motto and doc.motto is None:
        doc.motto, doc.motto_exact = line, motto[0]
    elif v.parse_number(line) and doc.number is None:
        doc.number = line
    elif v.parse_date(line) and doc.place_date is None:
        doc.place_date = line
    elif v.is_asterisk(line):
        doc.asterisk = doc.asterisk or line
    else:
        return bool(_MINOR_HEADER.match(line.text))
    return True


def _split_agency(doc: Detected, agency: list[Line]) -> None:
    """Superior body = the leading lines that are not bold (or, formatting unknown, the first of several).

    In a text file every printed line is a line; in a .docx the lines of one paragraph (soft
    breaks) are one name wrapped on purpose, so a .docx agency is split between paragraphs.
    """
    if not agency:
        return
    if agency[0].block.location.container != "line":
        _split_agency_paragraphs(doc, agency)
        return
    bolds = [ln.flag("bold") for ln in agency]
    if len(agency) == 2 and _continues_name(agency[:1], agency[1]):
        cut = 0
    elif len(agency) >= 2 and bolds[0] is False and any(b is True for b in bolds):
        cut = next(i for i, b in enumerate(bolds) if b is True)
    elif (len(agency) >= 2 and not _same_block_wrap(agency)) or len(agency) >= 3:
        cut = 1
    else:
        cut = 0
    doc.superior, doc.issuer = agency[:cut], agency[cut:]


def _split_agency_paragraphs(doc: Detected, agency: list[Line]) -> None:
    blocks: list[list[Line]] = []
    for line in agency:
        if blocks and (blocks[-1][-1].block.index == line.block.index or _continues_name(blocks[-1], line)):
            blocks[-1].append(line)  # one paragraph, or the place that ends the name above (one body)
        else:
            blocks.append([line])
    cut = 0
    if len(blocks) >= 2:
        bolds = [b[0].flag("bold") for b in blocks]
        cut = next((i for i, b in enumerate(bolds) if b is True), 1) if bolds[0] is False else 1
    elif len(agency) >= 2 and agency[0].flag("bold") is False and not _continues_name(agency[:1], agency[1]):
        # one paragraph, its lines broken by hand: the non-bold lines above a bold one are the superior body
        at = next((i for i, ln in enumerate(agency) if ln.flag("bold") is True), None)
        if at is not None:
            doc.superior, doc.issuer = agency[:at], agency[at:]
            return
    doc.superior = [ln for b in blocks[:cut] for ln in b]
    doc.issuer = [ln for b in blocks[cut:] for ln in b]


def _continues_name(name: list[Line], line: Line) -> bool:
    """``line`` is the second line of one body's name: it begins with the level of government and
    its place (`TỈNH LÀO CAI` under `ỦY BAN NHÂN DÂN`), which names no body of its own, and is
    formatted as the name above it (B.2 ô 2 allows the name to wrap; a superior body is the
    non-bold line above a bold one)."""
    return bool(_PLACE_LEVEL.match(line.text)) and line.flag("bold") == name[-1].flag("bold") \
        and not _PLACE_LEVEL.match(name[-1].text)


def _same_block_wrap(agency: list[Line]) -> bool:
    """Two lines of one paragraph with no formatting to tell them apart: one name wrapped."""
    return len(agency) == 2 and agency[0].block.index == agency[1].block.index and agency[0].flag("bold") is None


def _read_late_header(doc: Detected, lines: list[Line], after: int) -> int:
    """Header parts read after the title or the công văn's trích yếu: the right column of a
    header table comes after the left one (tiêu đề and date after 'V/v …'), and OCR order may
    put the number or date after the tên loại or copy label (seed 003 copy)."""
    while after < len(lines) and after < MAX_TITLE_SCAN + 8:
        line = lines[after]
        if line.blank:
            after += 1
            continue
        if _typed_rule(line) and _late_header_candidate_after(doc, lines, after):
            doc.header_lines.append(line)  # the typed rule under the tiêu ngữ, above the date
            after += 1
            continue
        if not _late_header_candidate(doc, line) or not _header_line(doc, line):
            return after
        after += 1
    return after


def _typed_rule(line: Line) -> bool:
    return bool(v.HYPHENS.match(line.text) or v.UNDERSCORES.match(line.text))


def _late_header_candidate_after(doc: Detected, lines: list[Line], index: int) -> bool:
    """The next non-blank line after ``index`` is a header part still missing."""
    nxt = next((ln for ln in lines[index + 1:index + 4] if not ln.blank and not _typed_rule(ln)), None)
    return nxt is not None and _late_header_candidate(doc, nxt)


def _late_header_candidate(doc: Detected, line: Line) -> bool:
    """Only parts still missing, so a body line is never taken for a header part."""
    return ((doc.header_title is None and v.match_header_title(line) is not None)
            or (doc.motto is None and v.match_motto(line) is not None)
            or (doc.number is None and v.parse_number(line) is not None)
            or (doc.place_date is None and v.parse_date(line) is not None)
            or (doc.asterisk is None and v.is_asterisk(line)) or bool(_MINOR_HEADER.match(line.text)))


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
    while index < len(lines) and lines[index].block.index == line.block.index and not _attached_note(lines[index]):
        summary.append(lines[index])
        index += 1
    if not summary:
        index = _summary_blocks(lines, index, summary, _issuer_key(doc))
    doc.summary = summary
    if index < len(lines) and _attached_note(lines[index]):
        doc.attached_note = lines[index]  # the note stays in the body: only its meaning is kept
    if index < len(lines) and v.HYPHENS.match(lines[index].text):
        doc.summary_hyphens = lines[index]
        index += 1
    return index


def _issuer_key(doc: Detected) -> str:
    return key(" ".join(ln.text for ln in doc.issuer)) if doc.issuer else ""


def _attached_note(line: Line) -> bool:
    """'(Ban hành kèm theo Quyết định số …)': the note under an attached document's trích yếu."""
    return line.text.startswith("(") and "kèm theo" in line.text.lower()


def _names_issuer(line: Line, issuer: str) -> bool:
    """A title and the issuing body ('GIÁM ĐỐC SỞ CÔNG THƯƠNG …', 'ỦY BAN NHÂN DÂN TỈNH …'): the
    body's name, after at most three words of a title."""
    text = key(line.text)
    at = text.find(issuer)
    return at >= 0 and len(text[:at].split()) <= 3


def _summary_blocks(lines: list[Line], index: int, summary: list[Line], issuer: str = "") -> int:
    """The trích yếu in the paragraph(s) after the tên loại: short, not a heading or Kính gửi, not
    the thẩm quyền ban hành (B.2 ô 5a′: a line in capitals naming the issuing body)."""
    first_block = None
    while index < len(lines):
        line = lines[index]
        block = line.block
        if v.is_addressee(line) or v.HEADING.match(line.text) or len(block.text) > MAX_SUMMARY_BLOCK_CHARS:
            break
        if issuer and line.shown_upper and _names_issuer(line, issuer):
            break
        if v.HYPHENS.match(line.text) or v.UNDERSCORES.match(line.text) or line.text.lower().startswith("căn cứ") \
                or _attached_note(line):
            break
        if first_block is None:
            first_block = block
        elif block.index != first_block.index and not _continues_summary(first_block, block, summary):
            break
        elif block.index != first_block.index and line.shown_upper and not summary[0].shown_upper:
            break  # a line in capitals after a lower-case trích yếu: a quyết định's thẩm quyền ban hành
        summary.append(line)
        index += 1
    return index


def _continues_summary(first, block, summary: list[Line]) -> bool:
    """A further centred paragraph of the trích yếu (docx): same alignment, bold, short."""
    return (first.para.align == "center" and block.para.align == "center" and len(block.text) < 200
            and bool(summary) and not block.text.rstrip().endswith((".", ":", ";")))


def _read_addressee(doc: Detected, lines: list[Line], after: int) -> int:
    index = after
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
    if index < len(lines) and (v.is_letter_summary(lines[index]) or _left_column_summary(lines[index])):
        first = lines[index]
        doc.summary, doc.letter = [first], True
        index += 1
        while index < len(lines) and _continues(first, lines[index]) and not v.is_addressee(lines[index]) \
                and not _MINOR_HEADER.match(lines[index].text) and not v.parse_date(lines[index]) \
                and not _typed_rule(lines[index]):
            doc.summary.append(lines[index])
            index += 1
    return index


def _continues(first: Line, line: Line) -> bool:
    return line.block.index == first.block.index or _same_cell(first, line)


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
        while index < len(lines) and (_same_cell(lines[label_at], lines[index]) or v.TYPIST.match(lines[index].text)):
            index += 1  # the rest of the Nơi nhận column: typist's initials and copies (ô 12)
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
        if v.starts_with_archive_word(body):
            doc.archive = last
    return min(closing_at, sig_from)


def _signature_like(line: Line, loose: bool = False) -> bool:
    """A line of the signature block; ``loose`` after the Nơi nhận list, where any short line is one."""
    if v.match_prefix(line) or v.signed_name(line) is not None or v.name_of(line.text):
        return True
    if any(ch.isdigit() for ch in line.text) or v.match_copy_label(line) or v.match_header_title(line):
        return False
    if v.is_caps_line(line, max_words=12):
        return True
    if loose and len(line.words) <= 10 and not line.text.endswith((".", ";", ",", ":")):
        return True
    return _connector(line)


def _connector(line: Line) -> bool:
    """'kiêm' between two title lines (seed 001)."""
    return len(line.words) <= 2 and line.text.islower() and not line.text.endswith((".", ";", ",", ":"))


def _signature_run_forward(lines: list[Line], start: int) -> list[int]:
    out = []
    index = start
    while index < len(lines) and len(out) < MAX_SIGNATURE_LINES and _signature_like(lines[index], loose=True):
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
        if line.blank:
            continue
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
