"""Find every part of one document (spec B.1/B.2 boxes, E.6 matrix).

Works on printed lines in reading order, wherever they stood (table cells, text boxes,
paragraphs, tab-separated cells). The page is read in zones: the header (agency, tiêu đề,
number, date) up to the tên loại (or, for a công văn, the V/v summary); the title block
(tên loại, trích yếu, Kính gửi); the body; and the closing block found backwards from the
end (Nơi nhận with its list, the signature: quyền hạn, chức vụ, họ tên).
"""

from __future__ import annotations

import re

from desktop.core.check import vocab as v
from desktop.core.check.lines import Line
from desktop.core.check.normalize import key
from desktop.core.records import field, record, replace

MAX_TITLE_SCAN = 30  # lines before the tên loại that may still be header
BODY_LIKE_WORDS = 24
MAX_SUMMARY_BLOCK_CHARS = 320
MAX_SIGNATURE_LINES = 9
MAX_STRAY_LINES = 2
WRAPPING_SPACES = re.compile(r"\S[ \u00a0]{12,}\S")
_PLACE_LEVEL = re.compile(
    r"^(TỈNH|THÀNH PHỐ|TP\.|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ|PHƯỜNG|ĐẶC KHU)\s+(?!(ỦY|UỶ|ĐOÀN|ĐỘI)\b)\S")
"""A line that is only a level of local government and its place: the end of a body's name (not a
body of that level itself: 'HUYỆN ỦY …', 'TỈNH ĐOÀN …')."""
_MINOR_HEADER = re.compile(r"^(MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|DỰ THẢO)\b", re.I)


@record
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
    attached_note: list[Line] = field(default_factory=list)  # '(Ban hành kèm theo Quyết định số …)'
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
    co_signers: list[Signer] = field(default_factory=list)  # signers beside the first (NĐ 30 Mẫu 1.9), left to right
    signature_notes: list[Line] = field(default_factory=list)  # '(Chữ ký)' in a signature cell: the space's label

    @property
    def is_copy(self) -> bool:
        return self.copy_label is not None


@record
class Signer:
    """One signature block beside the first one (authority, title, name), as :class:`Detected` holds the first."""

    authority: list[Line] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)
    name: Line | None = None
    name_text: str = ""
    honorific: str = ""
    signed_marker: bool = False


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
    _place_above(doc, lines)
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
        if v.DIVISION.match(line.text) or line.text.lower().startswith("căn cứ"):
            return None  # the body has begun: 'Chương I' / 'QUY ĐỊNH CHUNG' is a chapter, never a tên loại
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


def _place_above(doc: Detected, lines: list[Line]) -> None:
    """'Lào Cai,' / 'ngày 05 tháng 3 năm 2026' wrapped in a narrow cell: the place is the line above, in the
    same paragraph or cell, ending with its comma — one date line, not a date without a place."""
    date = doc.place_date
    m = v.parse_date(date) if date is not None else None
    if m is None or (m.groupdict().get("place") or "").strip():
        return
    index = next((i for i, ln in enumerate(lines) if ln.pos == date.pos), 0) - 1
    while index >= 0 and lines[index].blank:
        index -= 1
    above = lines[index] if index >= 0 else None
    if above is None or not (above.block.index == date.block.index or _same_cell(above, date)):
        return
    if above.text.endswith(",") and len(above.text) <= 60 and not any(ch.isdigit() for ch in above.text):
        doc.place_date = _joined(above, date)
        doc.issuer = [ln for ln in doc.issuer if ln.pos != above.pos]
        doc.superior = [ln for ln in doc.superior if ln.pos != above.pos]


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
    if _compound_title(line, rest, lines, title_at):
        rest, end = line.slice(len(line.raw)), len(line.raw)  # 'GIẤY MỜI HỌP': all of it is the tên loại
    doc.type_name = line.slice(0, end) if rest.text else line
    doc.glued = bool(rest.text) and not line.raw[end:end + 1].isspace()
    summary = [rest] if rest.text else []
    index = title_at + 1
    while index < len(lines) and lines[index].block.index == line.block.index \
            and not v.ATTACHED_NOTE.match(lines[index].text):
        summary.append(lines[index])
        index += 1
    if not summary and (name not in v.vocab().no_summary_types or _typed_summary(lines, index)):
        index = _summary_blocks(lines, index, summary, _issuer_key(doc))
    doc.summary = summary
    index = _attached_note(doc, lines, index)
    if index < len(lines) and v.HYPHENS.match(lines[index].text):
        doc.summary_hyphens = lines[index]
        index += 1
    return index


def _typed_summary(lines: list[Line], index: int) -> bool:
    """A trích yếu typed under a tên loại that has none (Mẫu 1.8, 1.10): centred, not the centred
    '… trân trọng giới thiệu:' that opens the text."""
    return index < len(lines) and _centred_summary(lines[index]) and not lines[index].text.rstrip().endswith(":")


def _attached_note(doc: Detected, lines: list[Line], index: int) -> int:
    """'(Ban hành kèm theo Quyết định số … / ngày … của …)' under the trích yếu, up to its ')'."""
    if index >= len(lines) or not v.ATTACHED_NOTE.match(lines[index].text):
        return index
    for end in range(index, min(index + 4, len(lines))):
        if ")" in lines[end].text:
            doc.attached_note = lines[index:end + 1]
            return end + 1
    doc.attached_note = [lines[index]]
    return index + 1


def _compound_title(line: Line, rest: Line, lines: list[Line], title_at: int) -> bool:
    """A tên loại with a word or two more in the same capitals ('GIẤY MỜI HỌP', 'BÁO CÁO TÓM TẮT'), alone
    in its paragraph, with the trích yếu in lower case on the next line: one title, not a glued summary."""
    if not rest.text or len(rest.words) > 2 or not rest.raw[:1].isspace():
        return False
    if not line.shown_upper or line.flag("bold") == "mixed":
        return False
    nxt = next((ln for ln in lines[title_at + 1:title_at + 3] if not ln.blank), None)
    return nxt is not None and nxt.block.index != line.block.index and not nxt.shown_upper


def _issuer_key(doc: Detected) -> str:
    return key(" ".join(ln.text for ln in doc.issuer)) if doc.issuer else ""


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
        if v.is_addressee(line) or v.is_cable_sender(line) or v.HEADING.match(line.text) \
                or len(block.text) > MAX_SUMMARY_BLOCK_CHARS:
            break
        if issuer and line.shown_upper and _names_issuer(line, issuer):
            break
        if v.HYPHENS.match(line.text) or v.UNDERSCORES.match(line.text) or line.text.lower().startswith("căn cứ") \
                or v.ATTACHED_NOTE.match(line.text):
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
        if v.is_addressee(lines[probe]) or v.is_cable_sender(lines[probe]):
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
        glued = v.glued_item_at(lines[label_at])
        if glued is not None:  # the first item typed on the label's line
            doc.recipients_label = lines[label_at].slice(0, glued)
            doc.recipients.append(lines[label_at].slice(glued))
        index = label_at + 1
        while index < len(lines):
            line = lines[index]
            if v.is_item(line) or v.is_report_note(line):
                (doc.report_notes if v.is_report_note(line) else doc.recipients).append(line)
            elif doc.recipients and _continues_item(doc.recipients[-1], line):
                doc.recipients[-1] = _joined(doc.recipients[-1], line)  # one item wrapped by hand
            else:
                break
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
    _read_signature(doc, [piece for i in sig_lines for piece in _space_wrapped(lines[i])])
    if doc.recipients:
        last = doc.recipients[-1]
        body = last.text[1:].strip() if v.is_item(last) else last.text
        if v.starts_with_archive_word(body):
            doc.archive = last
    return min(closing_at, sig_from)


def _continues_item(item: Line, line: Line) -> bool:
    """A recipient item wrapped onto a line of its own without a dash ('- Các bộ, cơ quan ngang bộ,' /
    'cơ quan thuộc Chính phủ;'): the item above is not finished, the line is in the same column and is
    not the signature."""
    if item.text.endswith((";", ".")) or v.is_recipients_label(line) or len(line.words) > 20:
        return False
    if item.block.location.container == "table" and not _same_cell(item, line):
        return False
    if item.col != line.col:
        return False
    return not (v.match_prefix(line) or v.signed_name(line) is not None or v.name_of(line.text)
                or line.shown_upper or v.TYPIST.match(line.text))


def _joined(item: Line, more: Line) -> Line:
    """The item with its wrapped rest: one line of text (formatting kept per run), placed at the item."""
    return replace(item, segments=(*item.segments, (" ", item.segments[-1][1]), *more.segments))


def _signature_note(line: Line) -> bool:
    """'(Chữ ký)', '(Ký, ghi rõ họ tên)': a note in brackets where the signature goes, in a table cell
    (NĐ 30 Mẫu 1.9 prints one under each signer's title)."""
    text = line.text
    return (line.block.location.container == "table" and text.startswith("(") and text.endswith(")")
            and len(line.words) <= 14 and not any(ch.isdigit() for ch in text))


def _signature_like(line: Line, loose: bool = False) -> bool:
    """A line of the signature block; ``loose`` after the Nơi nhận list, where any short line is one."""
    if v.match_prefix(line) or v.signed_name(line) is not None or v.name_of(line.text) or _signature_note(line):
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
    """The signature after the Nơi nhận list; a stray line or two first (a file path, a drafter's note)
    does not hide it."""
    for skip in range(MAX_STRAY_LINES + 1):
        if start + skip < len(lines) and _stray(lines[start + skip]) and skip < MAX_STRAY_LINES:
            continue
        run = _signature_run_from(lines, start + skip)
        if run:
            return run
    return []


def _stray(line: Line) -> bool:
    """Not a line of a signature: a file path, a note in brackets, a 'label: text' remark, lower case."""
    return not (v.match_prefix(line) or v.signed_name(line) is not None) and (
        any(ch in line.text for ch in ":\\/()@") or line.text[:1].islower())


def _signature_run_from(lines: list[Line], start: int) -> list[int]:
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


def _space_wrapped(line: Line) -> list[Line]:
    """'TM. ỦY BAN NHÂN DÂN' + a long run of spaces + 'KT. CHỦ TỊCH' in one paragraph: the spaces wrap
    the rest onto its own printed line in the narrow signature column, so they are two lines."""
    out, start = [], 0
    for gap in WRAPPING_SPACES.finditer(line.raw):
        out.append(line.slice(start, gap.start() + 1))
        start = gap.end() - 1
    return [*out, line.slice(start)] if out else [line]


def _signer_groups(run: list[Line]) -> list[list[Line]]:
    """The signature lines of each signer, left to right: signers side by side (a biên bản's thư ký and
    chủ tọa, NĐ 30 Mẫu 1.9) are the columns of one table each holding a name; signers one under the
    other, each block ended by its name. One group when there is one signer."""
    columns: dict[tuple[int | None, int | None], list[Line]] = {}
    for line in run:
        location = line.block.location
        place = (location.table, line.col) if location.container == "table" else (None, None)
        columns.setdefault(place, []).append(line)
    named = [lines for lines in columns.values() if any(_names_someone(ln) for ln in lines)]
    if len(columns) >= 2 and len(named) == len(columns) and (None, None) not in columns:
        return [columns[place] for place in sorted(columns, key=lambda p: (p[0] or 0, p[1] or 0))]
    groups: list[list[Line]] = [[]]
    for line in run:
        groups[-1].append(line)
        if _names_someone(line) and not v.match_prefix(line):
            groups.append([])
    groups = [group for group in groups if any(not ln.blank for ln in group)]
    if len(groups) >= 2 and all(any(_names_someone(ln) for ln in g) and any(v.is_caps_line(ln) for ln in g)
                                for g in groups):  # each block its own title: not a 'Đã ký' above a name
        return groups
    return [run]


def _names_someone(line: Line) -> bool:
    return v.signed_name(line) is not None or bool(v.name_of(line.text))


def _read_signature(doc: Detected, run: list[Line]) -> None:
    doc.signature_notes = [line for line in run if _signature_note(line)]
    run = [line for line in run if not _signature_note(line)]
    if not run:
        return
    first, *others = _signer_groups(run)
    _read_signer(doc, first)
    for group in others:
        signer = Signer()
        _read_signer(signer, group)
        doc.co_signers.append(signer)


def _read_signer(doc: Detected | Signer, run: list[Line]) -> None:
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
