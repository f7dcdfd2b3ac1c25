"""A checked document back into a VănBản draft: ``import_docx(path) -> Draft``.

The importer walks the reader's blocks in reading order and gives each one a place in the
draft. A block knows its place from its paragraph style when the file came from VănBản
(``VB Number``, ``VB Signer Name`` … the renderer's styles), else from its text, read with the
rule set's own syntax (number line C.1, date line C.4, signature prefixes C.5, Nơi nhận B.1/B.2
ô 9b, heading labels B.1/B.2 ô 6). The checker's :class:`DocumentReport` says which system and
document type the document follows and whether it is a copy. What the rules compute (number
padding, the date line, prefixes, punctuation, heading numbers, capitals) is parsed back to
what the clerk typed. A line that fits nowhere stays in the body: nothing is dropped, except
the receiving office's incoming stamp (``ĐẾN``, spec E) and the fixed lines the rules print
themselves (tiêu đề, Quốc hiệu, tiêu ngữ, the asterisk, drawn rules, empty signature space).

Several documents in one file: the first is the draft, the others its attachments; a copy
block (sao y / sao lục / trích sao) goes to ``draft.copy``.

A file VănBản did not render is read with the checker's own detection (``detect.Detected``:
tab-laid columns, two-line agency names, the thẩm quyền line …), so the draft holds the parts
``vanban check`` reports. Nothing is lost (issue #11): after the walk, a line whose words no
field of the draft holds becomes a body paragraph in its place (:func:`keep_every_line`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from desktop.core import compute
from desktop.core.check.blocks import Block, RunFormat, SourceDocument
from desktop.core.check.detect import Detected
from desktop.core.check.lines import Line, split_lines
from desktop.core.check.normalize import fuzzy_equal, is_upper
from desktop.core.check.report import DocumentReport
from desktop.core.check.tables import TableReader, finish_tables, is_data_cell, normalized_table, start_table
from desktop.core.compute import TWO_LINE_MODES
from desktop.core.errors import UnreadableInputError
from desktop.core.model import (
    BODY_STYLES,
    Appendix,
    CopyBlock,
    Draft,
    Extras,
    Paragraph,
    Recipients,
    Run,
    Signature,
    is_table,
    nfc,
)
from desktop.core.records import field, record, replace
from desktop.core.rules import SYSTEMS, RuleSet, load_rule_set, rule_set_in_force

STYLE_PREFIX = "VB "
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Parts whose blocks the renderer prints from the rules alone: nothing to import.
FIXED_PARTS = {"header_title", "motto", "issuer_mark", "summary_mark", "signature_space", "copy_separator", "decide",
               "signature_heading"}
SIGNER_PARTS = {"signature_authority", "signer_title", "signer_name"}
RECIPIENT_PARTS = {"recipients_label", "recipients", "report_note", "archive", "typist"}
"""Nơi nhận under the signers of a type that signs side by side (NĐ 30 Mẫu 1.9)."""

# A draft's blanks may be spaces, dots or underscores ('Số: ....../QĐ-UBND', 'ngày ___ tháng 6 năm 2026').
_NUMBER_LINE = re.compile(r"^Số\s*:?[\s.…_]*(?P<number>\d*)[\s.…_]*(?P<sep>[-/])\s*(?P<code>\S(?:.*\S)?)\s*$")
_DATE_LINE = re.compile(r"^(?P<place>[^,\n]+),\s*ngày[\s.…_]*(?P<day>\d{1,2})?[\s.…_]*tháng[\s.…_]*"
                        r"(?P<month>\d{1,2})?[\s.…_]*năm[\s.…_]*(?P<year>\d{4})?[\s.…_]*$")
_TYPIST = re.compile(r"^(?P<typist>[^\s.()]+)(?:\.\((?P<copies>\d+)\))?$")
_NAME_PREFIX = re.compile(r"^Đã ký\s*:\s*")
_LEGAL_BASIS = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị)\s", re.IGNORECASE)

# Body labels (B.1/B.2 ô 6): stripped from the text, kept as the paragraph's style.
BODY_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(r"^Điều\s+\d+\s*(?:[.:]|[-–](?!\d))\s*")),  # 'Điều 1.', typed 'Điều 1:', 'Điều 1 -'
    ("heading1", re.compile(r"^[IVXLCDM]+\s*[-.]\s+")),
    ("heading2", re.compile(r"^\d+\s*[.-]\s+(?!\d)")),
    ("heading3", re.compile(r"^[a-zđ]{1,2}\)\s+")),
    ("dash", re.compile(r"^-\s+")),
    ("plus", re.compile(r"^\+\s+")),
)


# --- reading blocks ---------------------------------------------------------------------------


def style_part(block: Block) -> str | None:
    """'VB Signer Name' → 'signer_name'; None for a style the renderer does not write."""
    style = block.para.style or ""
    if not style.startswith(STYLE_PREFIX):
        return None
    words = style[len(STYLE_PREFIX):].split()
    key = "_".join(w.lower() for w in words)
    key = re.sub(r"_(\d)", r"\1", key)  # 'heading_1' → 'heading1'
    if key.endswith("_rule"):
        return "rule"
    return key


def block_runs(block: Block) -> list[Run]:
    """The block's runs as draft runs (bold/italic only), adjacent equal ones merged."""
    runs = [Run(r.text, bool(r.bold), bool(r.italic)) for r in block.runs if r.text]
    return merge_runs(runs) if runs else ([Run(block.text)] if block.text else [])


def block_lines(block: Block) -> list[Block]:
    """An unstyled block with line breaks (a text file's group of lines, Shift+Enter in Word) as
    one block per line; a renderer-styled block stays whole (its part spans several lines)."""
    if "\n" not in block.text or style_part(block) is not None:
        return [block]
    lines: list[list[RunFormat]] = [[]]
    for run in block.runs:
        for index, piece in enumerate(run.text.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(replace(run, text=piece))
    texts = block.text.split("\n")
    if len(texts) != len(lines):  # runs and text disagree: keep the text, drop the formatting
        lines = [[RunFormat(text)] for text in texts]
    return [replace(block, text=text, runs=tuple(runs)) for text, runs in zip(texts, lines, strict=True)]


def merge_runs(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.italic)
        else:
            out.append(Run(run.text, run.bold, run.italic))
    return out


def strip_runs(runs: list[Run], count: int) -> list[Run]:
    """Drop the first ``count`` characters (a label) from the runs."""
    out = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        out.append(Run(run.text[count:], run.bold, run.italic))
        count = 0
    return out


def trim_runs(runs: list[Run]) -> list[Run]:
    """Leading and trailing spaces of the paragraph removed (inner spaces kept)."""
    runs = [Run(r.text, r.bold, r.italic) for r in runs]
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return merge_runs(runs)


def style_emphasis(runs: list[Run], style: str, rules: RuleSet) -> list[Run]:
    """Bold in a style that is bold anyway (heading1, article …) cannot be told apart: not stored. An
    article without a title prints its text as body text (B.2 ô 6): there bold is the clerk's own."""
    part = rules.parts.get(style)
    if part is None or not (part.bold or part.italic):
        return merge_runs(runs)
    style_bold = part.bold and not compute.article_without_title(Paragraph(style, runs), rules)
    return merge_runs([Run(r.text, r.bold and not style_bold, r.italic and not part.italic) for r in runs])


def body_paragraph(block: Block, rules: RuleSet, style: str | None = None) -> Paragraph:
    """A body block as a paragraph: a recognised label (I-, 1., a), Điều n., -, +) becomes its style."""
    runs = trim_runs(block_runs(block))
    text = "".join(r.text for r in runs)
    candidates = [(s, p) for s, p in BODY_LABELS if style is None or s == style]
    for name, pattern in candidates:
        m = pattern.match(text)
        if m:
            return Paragraph(style=name, runs=style_emphasis(trim_runs(strip_runs(runs, m.end())), name, rules))
    kind = style if style in BODY_STYLES else "body"
    return Paragraph(style=kind, runs=style_emphasis(runs, kind, rules))


def stamp_lines(blocks: list[Block]) -> set[tuple[int, int]]:
    """(block index, line number) of every line of the receiving office's incoming stamp (spec E),
    to be skipped; the prose sharing a block with a stamp line is kept."""
    from desktop.core.check.lines import split_lines
    from desktop.core.check.stamp import stamp_positions

    lines = split_lines(blocks)
    skip = stamp_positions(lines)
    # the receiving office's name above the fields is the stamp's own (stamp_positions): a line of
    # text that only stands near the stamp is kept (issue #11)
    return {(line.block.index, line.line_no) for line in lines if line.pos in skip}


def unstamped_lines(block: Block, stamps: set[tuple[int, int]]) -> list[Block]:
    """The block's lines (:func:`block_lines`) without its stamp lines; a block kept whole goes
    when any of its lines is a stamp line."""
    pieces = block_lines(block)
    if len(pieces) == 1:
        return [] if any(index == block.index for index, _ in stamps) else pieces
    return [piece for line_no, piece in enumerate(pieces) if (block.index, line_no) not in stamps]


def is_name_like(text: str) -> bool:
    """'Trần Anh Tuấn' or 'Đã ký: Lê Minh Hưng': a signer's name line."""
    if _NAME_PREFIX.match(text):
        return True
    words = text.split()
    return 2 <= len(words) <= 5 and not is_upper(text) and all(w[:1].isupper() for w in words)


def is_short_caps(text: str) -> bool:
    return is_upper(text) and len(text.split()) <= 8 and not re.search(r"\d", text) and not text.endswith(":")


# --- rule-set syntax --------------------------------------------------------------------------


def parse_date_line(text: str) -> tuple[str, str | None] | None:
    """'Hà Nội, ngày 05 tháng 02 năm 2021' → ('Hà Nội', '2021-02-05'); a draft's blank day keeps its month
    and year ('ngày    tháng 4 năm 2026' → '2026-04', 'ngày  tháng  năm 2026' → '2026'); else blanks → None."""
    m = _DATE_LINE.match(text.strip())
    if not m:
        return None
    place = m.group("place").strip()
    day, month, year = (m.group(k) for k in ("day", "month", "year"))
    if year and not day and (not month or 1 <= int(month) <= 12):
        return place, compute.partial_date(int(year), int(month) if month else None)
    if not (day and month and year):
        return place, None
    try:
        return place, dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


@record
class NumberLine:
    number: str
    type_code: str | None
    agency: str
    unit: str
    code: str


def parse_number_line(text: str, rules: RuleSet) -> NumberLine | None:
    """'Số 03-TB/VPTU' / 'Số: 12/TB-UBND' / 'Số: 15/UBND-VP' into its pieces (C.1)."""
    m = _NUMBER_LINE.match(text.strip())
    if not m:
        return None
    code = re.sub(r"\s*([-/])\s*", r"\1", m.group("code"))
    type_codes = {dt_.code for dt_ in rules.doc_types.values() if dt_.code} | set(rules.copy["codes"].values())
    if rules.system == "party":
        left, _, right = code.partition("/")
        return NumberLine(m.group("number"), left or None, right, "", code)
    left, _, right = code.partition("-")
    if left in type_codes:
        return NumberLine(m.group("number"), left, right, "", code)
    return NumberLine(m.group("number"), None, left, right, code)


def doc_type_for(type_name: str | None, type_code: str | None, rules: RuleSet) -> str | None:
    """The doc_types key from the printed tên loại, else from the type code in the ký hiệu."""
    if type_name:
        key = compute.upper(" ".join(type_name.split()))
        for name, doc_type in rules.doc_types.items():
            if doc_type.name == key:
                return name
    if type_code:
        for name, doc_type in rules.doc_types.items():
            if doc_type.code == type_code:
                return name
    return None


def signature_mode(line: str, rules: RuleSet) -> tuple[str, str] | None:
    """'T/M BAN THƯỜNG VỤ' → ('on_behalf', 'BAN THƯỜNG VỤ') with the rule set's prefixes (C.5)."""
    text = line.strip()
    for mode, prefix in sorted(rules.signature["prefixes"].items(), key=lambda kv: -len(kv[1])):
        glued = prefix.endswith(".") and text.startswith(prefix) and text[len(prefix):][:1].isalpha()  # 'KT.CHỦ TỊCH'
        if text == prefix or text.startswith(prefix + " ") or glued:
            return mode, text[len(prefix):].strip()
    return None


def archive_pattern(rules: RuleSet) -> re.Pattern[str]:
    """'Lưu {archive}' / 'Lưu: VT, {archive}' as a regex, with the optional initials after it."""
    fmt = rules.recipients["archive"]
    head, _, tail = fmt.partition("{archive}")
    head_re = r"\s*".join(re.escape(word) for word in head.split())
    return re.compile(rf"^{head_re}\s*(?P<archive>.*?){re.escape(tail)}\s*(?:\((?P<initials>[^()]*)\))?\s*$")


def recipient_item(line: str, rules: RuleSet) -> str:
    prefix = rules.recipients["line_prefix"].strip()
    text = line.strip()
    if prefix and text.startswith(prefix):
        text = text[len(prefix):].strip()
    return text.rstrip(",;.").strip()


def is_report_note(text: str, rules: RuleSet) -> bool:
    """The '(để b/c)' note of a report group, with or without a typed brace '}'; a lone '}' too."""
    variants = {v.lower() for v in rules.recipients.get("report_note_variants", [])} | {
        rules.recipients["report_note"].lower()}
    note = text.replace("}", "").strip().lower()
    return note in variants or (not note and "}" in text)


def fixed_texts(rules: RuleSet) -> set[str]:
    out = set()
    for entry in rules.fixed_text.values():
        out.add(entry["text"])
        out.update(entry.get("variants", []))
    return {compute.upper(t) for t in out}


# --- the walk ---------------------------------------------------------------------------------


@record
class SignerLines:
    """One signer's lines: quyền hạn, chức vụ, họ tên."""

    authority: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    name: str = ""


@record
class Collected:
    """What one document's blocks say, before it becomes a Draft."""

    superior: list[str] = field(default_factory=list)
    issuer: list[str] = field(default_factory=list)
    number: NumberLine | None = None
    place: str = ""
    date: str | None = None
    type_name: str | None = None
    type_name_extra: str = ""  # the words a compound tên loại adds ('HỌP' of 'GIẤY MỜI HỌP'): the type's own
    copy_label: str | None = None
    summary: list[str] = field(default_factory=list)
    letter_summary: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    enacting_authority: list[str] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    name: str = ""
    co_signers: list[SignerLines] = field(default_factory=list)  # the signers beside the first, left to right
    recipients: list[str] = field(default_factory=list)  # raw lines after "Nơi nhận:"
    extras: Extras = field(default_factory=Extras)
    region: str = "header"  # header | title | body | closing
    letter_block: int = -1  # the block of the last V/v line
    taken: list[tuple[int, Block]] = field(default_factory=list)  # (reading position, line) of every line kept
    body_at: dict[int, int] = field(default_factory=dict)  # id(body paragraph) → reading position
    tables: dict[int, TableReader] = field(default_factory=dict)  # the body's tables of data, by number
    appendices: list[Appendix] = field(default_factory=list)  # its phụ lục (appendix_import)

    @property
    def closed(self) -> bool:
        return bool(self.name or self.recipients)

    @property
    def started(self) -> bool:
        return bool(self.superior or self.issuer or self.number or self.type_name or self.body or self.summary)

    @property
    def holds_text(self) -> bool:
        """Some line of the source went into this document (so it is never thrown away)."""
        return bool(self.taken)


HEADER_PARTS = {"superior", "issuer", "number", "place_date", "type_name", "copy_label", "header_title"}


class Walker:
    """Sorts a document's blocks into :class:`Collected` fields, one block at a time."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.fixed = fixed_texts(rules)
        self.type_names = {dt_.name for dt_ in rules.doc_types.values()}
        self.copy_labels = {label: kind for kind, label in rules.copy["labels"].items()}
        self.archive_re = archive_pattern(rules)
        self.addressee_label = rules.letter.get("addressee_label", "Kính gửi:")
        self.recipients_label = rules.recipients["label"].rstrip(":")
        marks = rules.raw.get("marks", {})
        self.marks = {compute.upper(word): kind for kind in ("secrecy", "urgency") for word in marks.get(kind, [])}
        self.data_tables: set[int | None] = set()  # the file's tables of data (desktop.core.check.tables)

    def find_data_tables(self, blocks: list[Block]) -> None:
        """Tables drawn with inside lines that hold no tiêu đề, Nơi nhận or signature line: tables of data,
        each read back as one table block."""
        holding_parts = {block.location.table for block in blocks if is_data_cell(block) and (
            block.stripped.startswith(self.recipients_label) or signature_mode(block.stripped, self.rules)
            or compute.upper(" ".join(block.stripped.split())) in self.fixed)}
        self.data_tables = {block.location.table for block in blocks if is_data_cell(block)} - holding_parts

    # -- classification --
    def part_of(self, block: Block, doc: Collected, next_text: str = "") -> str:
        """The place of one block: a renderer style's part, else read from the text."""
        styled = style_part(block)
        if styled is not None:
            if styled in ("rule", *FIXED_PARTS):
                return "skip"
            return styled
        text = block.stripped
        upper = compute.upper(" ".join(text.split()))
        if not text or upper in self.fixed or text == "*" or re.fullmatch(r"-{3,}|_{3,}", text):
            return "skip"
        if doc.region == "header" and is_upper(text) and any(fuzzy_equal(upper, f) for f in self.fixed):
            return "skip"  # a misspelt tiêu đề (seed 002: 'CÔNG'): the checker reports it
        if block.location.container == "footer":
            return "contact"
        if text.startswith(self.recipients_label):
            return "recipients_label"
        if doc.region == "closing":
            return self._closing_part(text, doc)
        return self._open_part(block, text, upper, doc, next_text)

    def _open_part(self, block: Block, text: str, upper: str, doc: Collected, next_text: str) -> str:
        early = doc.region in ("header", "title")
        if _NUMBER_LINE.match(text) and doc.region == "header":
            return "number"
        if parse_date_line(text) and (early or doc.copy_label):
            return "place_date"
        if upper in self.copy_labels:
            return "copy_label"
        if doc.type_name and self._enacting(doc) and text.endswith(":") and is_decide_line(text, self.rules):
            return "skip"  # "QUYẾT ĐỊNH:" under the căn cứ: the rules print it (NĐ 30 Mẫu 1.2–1.3)
        if early and not (doc.region == "title" and doc.type_name) and self.type_name_in(text):
            return "type_name"  # one tên loại: 'THÔNG BÁO' then 'KẾT LUẬN CỦA …' is its trích yếu (seed 003)
        if text.startswith(self.addressee_label.rstrip(":")):
            return "addressee"
        if doc.type_name and self._is_cable(doc) and not doc.body:  # Mẫu 1.6, typed by hand
            if not doc.addressees and self._cable_sender(text) is not None:
                return "addressee"
            if doc.enacting_authority and text.startswith(self.rules.letter.get("addressee_prefix", "- ").strip()):
                return "cable_addressees"
        if doc.region == "header" and text.startswith(tuple(self.rules.letter["summary_prefixes"])):
            return "letter_summary"
        if doc.region == "header" and doc.letter_summary and not is_upper(text) and _centred_or_unknown(block) \
                and (block.index == doc.letter_block
                     or (block.location.container != "line" and not text.endswith("."))):
            return "letter_summary"  # the V/v wrapped: its paragraph, or a centred one after it (not a sentence)
        if doc.region == "header" and upper in self.marks:
            return self.marks[upper]  # secrecy / urgency marks of the rule set (B.1/B.2 ô 10a/10b)
        if signature_mode(text, self.rules):
            return "signature_authority"
        if doc.region == "header" and is_upper(text):
            return "issuer"
        if doc.region == "title" and doc.summary and self._enacting(doc) and is_upper(text) \
                and not any(is_upper(line) for line in doc.summary):
            return "enacting_authority"  # capitals after a lower-case trích yếu: the thẩm quyền ban hành
        if doc.region == "title" and self._summary_line(block, text, doc):
            return "summary"
        if doc.region == "body" and is_short_caps(text) and (
                block.location.container == "table" or is_name_like(next_text) or is_short_caps(next_text)):
            return "signer_title"
        return "body"

    def body_part(self, block: Block, doc: Collected) -> str:
        """A line the checker found in the body: the thẩm quyền ban hành right under a state
        quyết định's trích yếu, the 'QUYẾT ĐỊNH:' the rules print, else body text."""
        text = block.stripped
        if doc.type_name and self._enacting(doc) and text.endswith(":") and is_decide_line(text, self.rules):
            return "skip"
        if doc.region == "title" and self._enacting(doc) and is_upper(text) and not doc.body:
            return "enacting_authority"
        if not doc.body and _LEGAL_BASIS.match(text) and any(
                d.legal_bases and d.name == doc.type_name for d in self.rules.doc_types.values()):
            return "legal_basis"  # 'Căn cứ …;' above the first article: the draft's căn cứ (NĐ 30 Mẫu 1.2)
        return "body"

    def signers(self, doc: Collected) -> int:
        """How many signers the document's tên loại signs with, side by side (a biên bản: 2)."""
        return next((d.signatures for d in self.rules.doc_types.values() if d.name == doc.type_name), 1)

    def _enacting(self, doc: Collected) -> bool:
        """The document's tên loại is one whose rules print a thẩm quyền ban hành (a state quyết định)."""
        return any(d.enacting and d.name == doc.type_name for d in self.rules.doc_types.values())

    def type_name_in(self, text: str) -> str | None:
        """The tên loại the line starts with ('THÔNG BÁOKẾT LUẬN…' glued by OCR: seed 004)."""
        upper = compute.upper(" ".join(text.split()))
        for name in sorted(self.type_names, key=len, reverse=True):
            if upper == name or (upper.startswith(name) and is_upper(text)):
                return name
        return None

    @staticmethod
    def _summary_line(block: Block, text: str, doc: Collected) -> bool:
        """The trích yếu: the first line under the tên loại, and centred lines after it."""
        if not doc.summary:
            return True
        if block.para.align is not None:
            return block.para.align == "center"
        return len(text) < 90 and not text.endswith(".")

    def _closing_part(self, text: str, doc: Collected) -> str:
        if is_report_note(text, self.rules):
            return "report_note"
        if self.archive_re.match(text.lstrip("- ").strip()) and text.startswith("-"):
            return "archive"
        if text.startswith(self.rules.recipients["line_prefix"].strip()) and not doc.titles:
            return "recipients"
        if signature_mode(text, self.rules):
            return "signature_authority"
        if is_upper(text):
            return "signer_title"
        if doc.recipients and _TYPIST.match(text) and not doc.titles and not doc.authority:
            return "typist"
        if is_name_like(text):
            return "signer_name"
        if (doc.titles or doc.authority) and len(text.split()) <= 2 and text.islower():
            return "signer_title"  # a connector inside the title block, e.g. 'kiêm' (seed 001)
        return "stray"  # fits no part of the closing: kept as a body paragraph, in its place

    # -- storing --
    def add(self, block: Block, part: str, doc: Collected) -> None:
        if doc.region in ("title", "body") and not doc.closed and block.location.table in self.data_tables \
                and start_table(block, doc.tables, doc.body):
            doc.region = "body"  # a cell of a table of data in the body: part of one table block
            return
        text = block.stripped
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if part in ("superior", "issuer"):
            getattr(doc, part).append("\n".join(lines))
        elif part == "number":
            doc.number = parse_number_line(text, self.rules) or doc.number
            if doc.number is None:
                doc.body.append(body_paragraph(block, self.rules))
        elif part == "place_date":
            parsed = parse_date_line(text)
            if parsed:
                doc.place, doc.date = parsed
            else:  # a date line the rules cannot read: kept, never dropped
                doc.body.append(body_paragraph(block, self.rules))
        elif part in ("type_name", "compound_type_name"):
            name = self.type_name_in(text) or compute.upper(text)
            doc.type_name = name
            doc.region = "title"
            rest = " ".join(text.split())[len(name):].strip()
            if rest and part == "compound_type_name":
                doc.type_name_extra = rest  # 'GIẤY MỜI HỌP': the type is Giấy mời, the trích yếu comes next
            elif rest:
                doc.summary.append(rest)
        elif part == "copy_label":
            doc.copy_label = compute.upper(text)
        elif part == "summary":
            doc.summary.extend(lines)
        elif part == "letter_summary":
            doc.letter_summary.extend(lines)
            doc.letter_block = block.index
        elif part in ("addressee", "cable_addressees"):  # cable: the '- A;' lines under '<sender> điện:'
            self._addressees(lines, doc)
            doc.region = "body"
        elif part == "enacting_authority":
            doc.enacting_authority.extend(lines)
            doc.region = "body"
        elif part == "legal_basis":  # the rules print the ';' / '.' ends (compute.legal_basis_lines)
            doc.legal_bases.extend(line.rstrip(";.,").rstrip() for line in lines)
            doc.region = "body"
        elif part in ("secrecy", "urgency", "circulation", "draft_marker", "contact"):
            setattr(doc.extras, part, text)
        elif part == "typist":
            m = _TYPIST.match(text)
            if m:
                doc.extras.typist = m.group("typist")
                doc.extras.copies = int(m.group("copies")) if m.group("copies") else None
            else:
                doc.extras.typist = text
        elif part in ("recipients_label", "recipients", "report_note", "archive"):
            doc.region = "closing"
            if part != "recipients_label":
                doc.recipients.extend(lines if part != "report_note" else [text])
        elif part in SIGNER_PARTS:
            doc.region = "closing"
            if doc.name and not doc.co_signers and self.signers(doc) == 2:
                doc.co_signers.append(SignerLines())  # the first signer is complete: the next column's
            self.add_signer_line(text, lines, part, doc.co_signers[-1] if doc.co_signers else doc)
        elif part == "stray":  # kept as body text without leaving the closing
            doc.body.append(body_paragraph(block, self.rules))
        elif part in BODY_STYLES and part != "body":
            doc.region = "body"
            doc.body.append(body_paragraph(block, self.rules, part))
        elif part == "body":
            doc.region = "body"
            doc.body.append(body_paragraph(block, self.rules, None if style_part(block) is None else "body"))
        else:  # anything else the renderer may print (unknown style): kept in the body
            doc.region = "body"
            doc.body.append(body_paragraph(block, self.rules))

    @staticmethod
    def add_signer_line(text: str, lines: list[str], part: str, signer: Collected | SignerLines) -> None:
        """A line of one signer's block."""
        if part == "signature_authority":
            signer.authority.extend(lines)
        elif part == "signer_title":
            signer.titles.extend(lines)
        else:
            signer.name = _NAME_PREFIX.sub("", text)

    def _cable_sender(self, text: str) -> str | None:
        """The sender of a công điện's '<sender> điện:' line (NĐ 30 Mẫu 1.6), else None."""
        for suffix in {kind.sender_suffix for kind in self.rules.doc_types.values() if kind.sender_suffix}:
            if text.rstrip().endswith(suffix.strip()) and len(text.strip()) > len(suffix.strip()):
                return text.rstrip()[:-len(suffix.strip())].strip()
        return None

    def _is_cable(self, doc: Collected) -> bool:
        return any(d.sender_suffix and d.name == doc.type_name for d in self.rules.doc_types.values())

    def _addressees(self, lines: list[str], doc: Collected) -> None:
        sender = self._cable_sender(lines[0]) if lines else None
        if sender is not None:
            doc.enacting_authority.append(sender)
            lines = lines[1:]
            if not lines:
                return
        label = self.addressee_label.rstrip(":")
        first = re.sub(rf"^{re.escape(label)}\s*:?\s*", "", lines[0])
        items = ([first] if first else []) + lines[1:]
        prefix = self.rules.letter.get("addressee_prefix", "- ").strip()
        for item in items:
            for piece in re.split(r"(?<=;)\s*(?=" + re.escape(prefix) + r")", item) if prefix else [item]:
                name = piece.strip()
                if prefix and name.startswith(prefix):
                    name = name[len(prefix):].strip()
                name = name.rstrip(";.").strip()
                if name:
                    doc.addressees.append(name)


def _centred_or_unknown(block: Block) -> bool:
    return block.para.align in (None, "center")


def starts_new_document(part: str, doc: Collected, signers: int = 1) -> bool:
    """After the signer's name anything, after a Nơi nhận a header part, begins the next document; with
    signers side by side (``signers`` 2, NĐ 30 Mẫu 1.9) the other signer and the Nơi nhận under them
    come first."""
    if signers == 2 and doc.name:
        second = doc.co_signers[-1] if doc.co_signers else None
        if part in RECIPIENT_PARTS or (part in SIGNER_PARTS and (second is None or not second.name)):
            return False
        return second is None or bool(second.name) or part not in SIGNER_PARTS
    return bool(doc.name) or (doc.closed and part in HEADER_PARTS | {"copy_label"})


def split_documents(blocks: list[Block], walker: Walker) -> list[Collected]:
    """Walk the blocks; a new header after a closing (or a section break) starts a new document."""
    stamps = stamp_lines(blocks)
    kept = [line for b in blocks for line in unstamped_lines(b, stamps) if line.stripped]
    docs = [Collected()]
    for position, block in enumerate(kept):
        next_text = kept[position + 1].stripped if position + 1 < len(kept) else ""
        part = walker.part_of(block, docs[-1], next_text)
        if part == "skip":
            continue
        doc = docs[-1]
        if (starts_new_document(part, doc, walker.signers(doc)) or (block.page_break_before and doc.closed)) \
                and doc.started:
            docs.append(Collected())
            part = walker.part_of(block, docs[-1], next_text)
            if part == "skip":
                continue
        doc = docs[-1]
        before = len(doc.body)
        walker.add(block, part, doc)
        doc.taken.append((position, block))
        for para in doc.body[before:]:
            doc.body_at[id(para)] = position
    return [doc for doc in docs if doc.started or doc.closed or doc.holds_text]


# --- reading by the checker's detection ----------------------------------------------------------

DETECTED_PARTS = {"superior", "issuer", "number", "place_date", "type_name", "summary", "letter_summary",
                  "signature_authority", "signer_title", "signer_name", "copy_label"}
"""Parts the checker's detection decides: a line it did not give one of these is never read as one."""

Hints = dict[int, list[tuple[str, "Line"]]]


def detection_hints(found: Detected, lines: list[Line]) -> tuple[Hints, set[int]]:
    """Each line's part as the checker found it (pieces in reading order: a tên loại and the trích
    yếu glued to it, a Nơi nhận label and its first item, a signature line wrapped by spaces), and
    the positions of lines the detection joined to the line above (a wrapped recipient, a date
    under its place): their text is in the joined line."""
    hints: Hints = {}

    def put(part: str, line: Line | None) -> None:
        if line is not None and not line.blank:
            hints.setdefault(line.pos, []).append((part, line))

    put("fixed_text", found.header_title)
    put("fixed_text", found.motto)
    for line in (found.asterisk, found.summary_hyphens, *found.header_lines, *found.signature_notes):
        put("skip", line)
    for line in found.superior:
        put("superior", line)
    for line in found.issuer:
        put("issuer", line)
    put("number", found.number)
    put("place_date", found.place_date)
    put("copy_label" if found.copy_label is not None else "type_name", found.type_name)
    for line in found.summary:
        put("letter_summary" if found.letter else "summary", line)
    for line in found.addressee:
        put("addressee", line)
    for line in found.body:
        put("body_text", line)
    put("recipients_label", found.recipients_label)
    for line in found.recipients:
        put("recipients", line)
    for line in found.report_notes:
        put("report_note", line)
    for line in found.authority:
        put("signature_authority", line)
    for line in found.title:
        put("signer_title", line)
    put("signer_name", found.name)
    for number, signer in enumerate(found.co_signers, start=1):  # 'signer_title#1': the second signer's
        for line in signer.authority:
            put(f"signature_authority#{number}", line)
        for line in signer.title:
            put(f"signer_title#{number}", line)
        put(f"signer_name#{number}", signer.name)
    by_pos = {line.pos: index for index, line in enumerate(lines)}
    joined: set[int] = set()
    for pos, pieces in hints.items():
        base = lines[by_pos[pos]].text if pos in by_pos else ""
        for _, piece in pieces:
            extra = piece.text[len(base):] if len(pieces) == 1 and piece.text.startswith(base) else ""
            wanted, got = len("".join(extra.split())), 0
            index = by_pos.get(pos, len(lines)) + 1
            while got < wanted and index < len(lines):
                joined.add(lines[index].pos)
                got += len("".join(lines[index].text.split()))
                index += 1
    return hints, joined


def line_block(line: Line) -> Block:
    """A printed line (or tab cell) as a block of its own, with its runs."""
    runs = tuple(replace(run, text=text) for text, run in line.segments if text)
    return replace(line.block, text=line.raw, runs=runs)


def detected_documents(blocks: list[Block], walker: Walker) -> list[Collected]:
    """The documents of a file VănBản did not render, read with the checker's detection: the same
    lines, stamp and documents as ``vanban check``; each line goes where the checker found it, a
    line it found no part for is read by the walker (marks, typist, thẩm quyền, body labels)."""
    from desktop.core.check.appendix import split_appendices
    from desktop.core.check.appendix_import import from_found
    from desktop.core.check.detect import detect
    from desktop.core.check.segment import segment
    from desktop.core.check.stamp import stamp_positions

    lines = split_lines(blocks)
    stamp = stamp_positions(lines)
    kept = [line for line in lines if line.pos not in stamp and not line.blank]
    kept, appendices = split_appendices(kept)  # phụ lục: never a body end, Nơi nhận or signer
    docs: list[Collected] = []
    position = 0
    for part_lines in segment(kept):
        found = detect(part_lines)
        hints, joined = detection_hints(found, part_lines)
        doc = Collected()
        for index, line in enumerate(part_lines):
            if line.pos in joined:
                continue
            next_text = part_lines[index + 1].text if index + 1 < len(part_lines) else ""
            for hinted, piece in hints.get(line.pos) or [(None, line)]:
                block = line_block(piece)
                if hinted is None:
                    part = walker.part_of(block, doc, next_text)
                    part = "stray" if part in DETECTED_PARTS else part
                elif hinted == "body_text":
                    part = walker.body_part(block, doc)
                elif hinted == "type_name" and len(hints[line.pos]) == 1:
                    part = "compound_type_name"  # all of the line is the checker's tên loại ('GIẤY MỜI HỌP')
                elif hinted == "fixed_text":  # the rule set prints it; another system's tiêu đề is kept as text
                    upper = compute.upper(" ".join(block.stripped.split()))
                    part = "skip" if any(fuzzy_equal(upper, text) for text in walker.fixed) else "stray"
                else:
                    part = hinted
                position += 1
                if part == "skip" or not block.stripped:
                    continue
                before = len(doc.body)
                if part == "signer_name" and found.name_text and not found.honorific:
                    block = replace(block, text=found.name_text)
                if found.co_signers and part.split("#")[0] in SIGNER_PARTS:  # signers side by side (Mẫu 1.9)
                    part, _, number = part.partition("#")
                    target: Collected | SignerLines = doc
                    if number:
                        signer = found.co_signers[int(number) - 1]
                        if part == "signer_name" and signer.name_text and not signer.honorific:
                            block = replace(block, text=signer.name_text)
                        while len(doc.co_signers) < int(number):
                            doc.co_signers.append(SignerLines())
                        target = doc.co_signers[int(number) - 1]
                    doc.region = "closing"
                    walker.add_signer_line(block.stripped, [ln.strip() for ln in block.stripped.split("\n")
                                                            if ln.strip()], part, target)
                    doc.taken.append((position, block))
                    continue
                walker.add(block, part, doc)
                doc.taken.append((position, block))
                for para in doc.body[before:]:
                    doc.body_at[id(para)] = position
        if doc.started or doc.closed or doc.holds_text:
            docs.append(doc)
    for appendix in appendices:
        if docs:
            docs[0].appendices.append(from_found(appendix, walker.rules, walker.data_tables))  # main document only
    return docs


# --- Collected → Draft ------------------------------------------------------------------------


def _signature(doc: Collected | SignerLines, rules: RuleSet, heading: str = "") -> Signature:
    """One signer's lines as a Signature; ``heading``, the line the rules print over its column
    ("ĐẠI DIỆN BÊN A"), is not part of its title."""
    sig = Signature(name=doc.name)
    modes = [signature_mode(line, rules) for line in doc.authority]
    modes = [m for m in modes if m]
    two_line = {first: mode for mode, first in TWO_LINE_MODES.items()}
    if len(modes) >= 2 and modes[0][0] in two_line and modes[1][0] == "deputy":  # TL. / TM. + KT.
        sig.mode, sig.whom, sig.deputy_whom = two_line[modes[0][0]], modes[0][1], modes[1][1]
    elif modes:
        sig.mode, sig.whom = modes[0]
    titles = list(doc.titles)
    if heading and titles and compute.upper(" ".join(titles[0].split())) == heading:
        titles.pop(0)
    sig.position = "\n".join(titles)
    return sig


def _signatures(doc: Collected, draft: Draft, rules: RuleSet) -> None:
    """The signers side by side of a type that has two (NĐ 30 Mẫu 1.9), each to its field by its column;
    one signer found is the draft's signer."""
    doc_type = rules.doc_type(draft.doc_type)
    if doc_type.signatures != 2 or not doc.co_signers:
        return
    headings = doc_type.signature_headings or ("", "")
    for column, (name, signer) in enumerate(zip(doc_type.signature_columns(), (doc, doc.co_signers[0]),
                                                strict=True)):
        setattr(draft, name, _signature(signer, rules, headings[column]))


def _recipients(lines: list[str], rules: RuleSet, *, letter: bool) -> Recipients:
    """Nơi nhận lines → report group (before the '(để b/c)' note), others, archive and initials."""
    out = Recipients()
    items: list[str] = []
    report_end: int | None = None
    archive_seen = False
    archive_re = archive_pattern(rules)
    for index, line in enumerate(lines):
        if is_report_note(line, rules):
            if not archive_seen:
                report_end = len(items)
            continue
        m = archive_re.match(line.lstrip("- ").strip().rstrip("."))
        if m is None and index == len(lines) - 1 and not archive_seen:
            m = _loose_archive(line, rules)  # 'Lưu VT.' without the colon (the checker reports its format)
        if m and (line.startswith("-") or index == len(lines) - 1):
            archive_seen = True
            out.archive = m.group("archive").strip().lstrip(":").strip().rstrip(",.")
            out.archive_initials = (m.group("initials") or "").strip()
            continue
        items.append(recipient_item(line, rules))
    first = rules.recipients.get("letter_first")
    if letter and first and items and items[0] == first:
        items = items[1:]
        report_end = None if report_end is None else max(0, report_end - 1)
    named = [named_for_report(item, rules) for item in items]
    leading = next((index for index, name in enumerate(named) if name is None), len(named))
    if report_end is None and leading and all(name is None for name in named[leading:]):
        # '- Bộ Nội vụ (để báo cáo);' first, the note after each name (D.1): the report group as the rules
        # print it; a noted name typed among the others stays where the clerk put it
        out.report, out.others = [name for name in named[:leading] if name], items[leading:]
    elif report_end is not None:
        out.report, out.others = items[:report_end], items[report_end:]
        out.report_brace = rules.recipients.get("report_brace", "always") == "on_request"  # a state group, asked
    else:
        out.others = items
    return out


def named_for_report(item: str, rules: RuleSet) -> str | None:
    """'Bộ Nội vụ (để báo cáo)' → 'Bộ Nội vụ': a report recipient with its own note (NĐ 30 Phụ lục III);
    None for any other recipient."""
    variants = {v.lower() for v in rules.recipients.get("report_note_variants", [])} | {
        rules.recipients["report_note"].lower()}
    lowered = item.lower()
    for note in variants:
        if lowered.endswith(note) and item[:-len(note)].strip():
            return item[:-len(note)].strip().rstrip(",;.").strip()
    return None


def _loose_archive(line: str, rules: RuleSet) -> re.Match[str] | None:
    """The last line 'Lưu VT.' / 'Lưu VT, P.TH' typed without the rule set's punctuation: its archive
    (what follows the fixed words of the rule set's Lưu line) and initials."""
    head = rules.recipients["archive"].partition("{archive}")[0]
    words = [re.escape(word.strip(":,")) for word in head.split()]
    pattern = r"^-?\s*" + r"\s*[:,]?\s*".join(words) + \
        r"\s*[:,]?\s*(?P<archive>[^()]*?)\s*(?:\((?P<initials>[^()]*)\))?\s*$"
    return re.match(pattern, line.strip().rstrip("."))


def _number_fields(number: NumberLine | None, draft: Draft, rules: RuleSet) -> None:
    if number is None:
        return
    draft.number = number.number
    draft.agency_code = number.agency
    draft.unit_code = number.unit
    if compute.document_code(draft, rules) != number.code:
        draft.code_override = number.code


def _summary(doc: Collected, rules: RuleSet, letter: bool) -> str:
    if letter:
        text = "\n".join(doc.letter_summary) or "\n".join(doc.summary)
        for prefix in rules.letter["summary_prefixes"]:
            if text.startswith(prefix):
                return text[len(prefix):]
        return text
    return "\n".join(doc.summary)


def _split_superior(doc: Collected) -> tuple[str, str]:
    """Without renderer styles the agency lines are all 'issuer': the last is the issuer."""
    if doc.superior or len(doc.issuer) <= 1:
        return "\n".join(doc.superior), "\n".join(doc.issuer)
    return "\n".join(doc.issuer[:-1]), doc.issuer[-1]


def build_draft(doc: Collected, rules: RuleSet, doc_type: str | None = None) -> Draft:
    """The draft of one document; ``doc_type`` (the checker's) is used when the text names none."""
    finish_tables(doc.tables)
    type_code = doc.number.type_code if doc.number else None
    key = doc_type_for(doc.type_name, type_code, rules) or doc_type
    if key is None:
        key = next((k for k, d in rules.doc_types.items() if d.letter), None) if doc.letter_summary else None
    key = key or next(iter(rules.doc_types))
    letter = rules.doc_type(key).letter
    superior, issuer = _split_superior(doc)
    draft = Draft(rule_set=rules.id, doc_type=key, superior=superior, issuer=issuer, place=doc.place, date=doc.date,
                  summary=_summary(doc, rules, letter), addressees=list(doc.addressees),
                  legal_bases=list(doc.legal_bases), body=list(doc.body), signature=_signature(doc, rules),
                  recipients=_recipients(doc.recipients, rules, letter=letter and bool(doc.addressees)),
                  extras=replace(doc.extras))
    if not letter and doc.letter_summary:  # a V/v line in a document with a tên loại: keep it
        draft.body.insert(0, Paragraph.plain("\n".join(doc.letter_summary)))
    if rules.doc_type(key).enacting:
        _enacting_lines(doc, draft, rules)
    elif rules.doc_type(key).sender_suffix:  # a công điện's sender (Mẫu 1.6)
        draft.enacting_authority = " ".join(doc.enacting_authority)
    _number_fields(doc.number, draft, rules)
    draft.appendices = list(doc.appendices)
    _signatures(doc, draft, rules)
    return draft


def _enacting_lines(doc: Collected, draft: Draft, rules: RuleSet) -> None:
    """A state quyết định: the thẩm quyền ban hành (its own style, else a first body line in
    capitals) and the 'QUYẾT ĐỊNH:' line, which the rules print (NĐ 30 Mẫu 1.2–1.3)."""
    if doc.enacting_authority:
        draft.enacting_authority = " ".join(doc.enacting_authority)
    elif draft.body and draft.body[0].style == "body" and is_upper(draft.body[0].text) \
            and not is_decide_line(draft.body[0].text, rules):
        draft.enacting_authority = draft.body.pop(0).text.strip()
    for index, para in enumerate(draft.body[:3]):
        if is_decide_line(para.text, rules):
            del draft.body[index]
            break


def is_decide_line(text: str, rules: RuleSet) -> bool:
    """'QUYẾT ĐỊNH:' / 'QUYẾT NGHỊ:' (the colon optional) as a state quyết định / nghị quyết prints it
    under its căn cứ."""
    return compute.upper(" ".join(text.split())).rstrip(":").strip() in \
        {compute.upper(line).rstrip(":").strip() for line in rules.decide_lines()}


def build_copy(doc: Collected, rules: RuleSet) -> CopyBlock:
    kind = {label: k for k, label in rules.copy["labels"].items()}.get(doc.copy_label or "", "sao_y")
    superior, issuer = _split_superior(doc)
    block = CopyBlock(kind=kind, superior=superior, issuer=issuer, place=doc.place, date=doc.date,
                      signature=_signature(doc, rules), recipients=_recipients(doc.recipients, rules, letter=False))
    if doc.number:
        block.number, block.agency_code = doc.number.number, doc.number.agency
    return block


# --- nothing lost -----------------------------------------------------------------------------

_DIGITS = re.compile(r"^\d+$")


def words_of(text: str) -> set[str]:
    """The words of a text as the accounting compares them: NFC, case-folded, numbers without
    leading zeros ('03' and '3' are one number), punctuation ignored."""
    out = set()
    for word in re.findall(r"\w+", nfc(text).casefold()):
        out.add(str(int(word)) if _DIGITS.match(word) and len(word) < 12 else word)
    return out


def rule_words(rules: RuleSet) -> set[str]:
    """Words the rules print themselves (tiêu đề, tên loại, labels, prefixes, the date and number
    words): a line is held by the rule set for these, by the draft's fields for the rest."""
    texts = [*fixed_texts(rules), *(d.name for d in rules.doc_types.values()), *rules.copy["labels"].values(),
             *rules.signature["prefixes"].values(), rules.recipients["label"], rules.recipients["report_note"],
             *rules.recipients.get("report_note_variants", []), rules.recipients["archive"],
             str(rules.recipients.get("letter_first") or ""), rules.letter.get("addressee_label", ""),
             *rules.letter["summary_prefixes"], rules.enacting["decide_line"], "Số ngày tháng năm Đã ký V/v",
             *(d.code or "" for d in rules.doc_types.values()), *rules.copy["codes"].values()]
    return set().union(*(words_of(text) for text in texts))


def draft_words(value: object) -> set[str]:
    """Every word of every text a draft (its JSON form) holds."""
    if isinstance(value, str):
        return words_of(value)
    if isinstance(value, dict):
        return set().union(set(), *(draft_words(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(set(), *(draft_words(v) for v in value))
    return words_of(str(value)) if isinstance(value, int) and not isinstance(value, bool) else set()


def line_held(text: str, held: set[str], vocabulary: set[str]) -> bool:
    """Every word of the line is in the draft (a body label the rules number is not needed)."""
    for _, pattern in BODY_LABELS:
        m = pattern.match(text)
        if m:
            text = text[m.end():]
            break
    known = held | vocabulary
    return all(_glued_words(word, known) for word in words_of(text) - known)


def _glued_words(word: str, known: set[str]) -> bool:
    """'báokết': known words typed without a space between them (seed 004 'THÔNG BÁOKẾT LUẬN')."""
    ends = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        ends[end] = any(ends[start] and word[start:end] in known for start in range(end))
    return ends[-1]


def keep_every_line(doc: Collected, draft: Draft, rules: RuleSet, vocabulary: set[str]) -> None:
    """Issue #11, nothing lost: a line the walk took but whose text no field of the draft holds
    (a field written twice, a part the draft cannot hold) becomes a body paragraph in its place."""
    held = draft_words(draft.to_dict()) | words_of(doc.type_name_extra)
    at = {id(para): position for para in draft.body if (position := doc.body_at.get(id(para))) is not None}
    for position, block in doc.taken:
        if line_held(block.stripped, held, vocabulary):
            continue
        para = body_paragraph(block, rules)
        if not para.text.strip():
            continue
        index = 0
        for i, existing in enumerate(draft.body):
            if at.get(id(existing), -1) < position and id(existing) in at:
                index = i + 1
        draft.body.insert(index, para)
        at[id(para)] = position
        held |= words_of(block.stripped)


# --- entry points -----------------------------------------------------------------------------


def rules_for(report: DocumentReport | None, blocks: list[Block]) -> RuleSet:
    """The system whose tiêu đề / Quốc hiệu the file prints (F.1: the header decides first),
    else the checker's verdict, else Party (every seed is a Party document, spec E); within the
    system, the rule set the checker found in force on the document's date."""
    texts = {compute.upper(" ".join(b.stripped.split())) for b in blocks if is_upper(b.stripped)}
    system = next((s for s in SYSTEMS if any(fuzzy_equal(text, title) for text in texts  # 'CÔNG' for 'CỘNG'
                                             for title in fixed_texts(rule_set_in_force(s)))), None)
    if report is not None and report.rule_set:
        try:
            checked = load_rule_set(report.rule_set)
        except KeyError:
            checked = None
        if checked is not None and system in (None, checked.system):
            return checked
    if system is None and report is not None and report.system in SYSTEMS:
        system = report.system
    return rule_set_in_force(system or "party")


def import_blocks(blocks: list[Block], reports: list[DocumentReport]) -> Draft:
    """Blocks of one file → the draft (first document), its attachments and its copy block.

    A file VănBản rendered is read by its paragraph styles; any other file by the checker's own
    detection (:func:`detected_documents`), so the draft holds what the check report shows."""
    main_report = next((r for r in reports if not r.is_copy), reports[0] if reports else None)
    rules = rules_for(main_report, blocks)
    walker = Walker(rules)
    walker.find_data_tables(blocks)
    if any(style_part(block) is not None for block in blocks):
        from desktop.core.check.appendix_import import take_styled

        blocks, styled = take_styled(blocks, rules, walker.data_tables)
        documents = split_documents(blocks, walker)
        if documents:  # only the main document has phụ lục (schemas/draft.schema.json)
            documents[0].appendices.extend(appendix for _, appendix in styled)
    else:
        documents = detected_documents(blocks, walker)
    if not documents:
        return Draft(rule_set=rules.id, doc_type=(main_report.doc_type if main_report else None) or "thong_bao")
    plain_reports = [r for r in reports if not r.is_copy]
    drafts: list[Draft] = []
    vocabulary = rule_words(rules)
    for doc in documents:
        if doc.copy_label and drafts and drafts[-1].copy is None:  # a second copy block: an attachment
            drafts[-1].copy = build_copy(doc, rules)
            keep_every_line(doc, drafts[-1], rules, vocabulary)
            continue
        report = plain_reports[len(drafts)] if len(drafts) < len(plain_reports) else None
        wanted = report.doc_type if report is not None and report.doc_type in rules.doc_types else None
        drafts.append(build_draft(doc, rules, wanted))
        keep_every_line(doc, drafts[-1], rules, vocabulary)
    main, *attachments = drafts
    main.attachments = attachments
    from desktop.core.approved_text import absorb_approved_text

    return absorb_approved_text(main, rules)  # Mẫu 1.3: the văn bản the quyết định issues


def import_source(src: SourceDocument, doc_report: DocumentReport | list[DocumentReport] | None = None) -> Draft:
    """A read document (and the checker's report of it) → a Draft, attachments and copy included."""
    reports = doc_report if isinstance(doc_report, list) else ([doc_report] if doc_report is not None else [])
    return import_blocks(list(src.blocks), reports)


PAGE_FURNITURE = ("contact", "draft_marker")
"""Extras the renderer prints in page headers/footers (B.1/B.2 ô 13, B.1 ô 11b)."""


def furniture_style_id(key: str) -> str:
    """'draft_marker' → 'VBDraftMarker': the style id the renderer gives that part."""
    return STYLE_PREFIX.strip() + "".join(word.capitalize() for word in key.split("_"))


def page_furniture(path: Path | str) -> dict[str, str]:
    """Contact line and draft marker from a .docx's page headers and footers.

    The reader reads those parts only for page numbers, so they are read here, through the
    same hardened package reader; a file that is not a zip package gives nothing.
    """
    from desktop.core.check.package import Package, sniff

    wanted = {furniture_style_id(key): key for key in PAGE_FURNITURE}
    found: dict[str, str] = {}
    try:
        if sniff(Path(path)) != "zip":
            return {}
        with Package(path) as package:
            main = package.main_document()
            rels = package.relationships(main) if main else {}
            for rel_type, target, external in rels.values():
                if external or not rel_type.endswith(("/header", "/footer")) or not package.has(target):
                    continue
                for p in package.xml(target).iter(f"{{{W_NS}}}p"):
                    style = p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}pStyle")
                    key = wanted.get(style.get(f"{{{W_NS}}}val", "") if style is not None else "")
                    text = nfc("".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t"))).strip()
                    if key and text:
                        found.setdefault(key, text)
    except (UnreadableInputError, OSError):
        return {}
    return found


def import_docx(path: Path | str) -> Draft:
    """Read and check ``path``, then import it (page-header/footer extras included).

    Unreadable input raises :class:`UnreadableInputError` (exit code 2).
    """
    from desktop.core.check import check_source
    from desktop.core.check.reader import open_source

    src = open_source(path)
    reports = check_source(src)
    if not src.blocks:
        raise UnreadableInputError("checkcli.import_no_document", path=str(path))
    draft = import_source(src, reports)
    for key, text in page_furniture(path).items():
        setattr(draft.extras, key, text)
    return draft


# --- round trip -------------------------------------------------------------------------------


def normalize_for_roundtrip(draft: Draft) -> Draft:
    """The draft as a render-then-import would give it back, for comparing (issue #3).

    NFC everywhere; the closing sentence becomes body paragraphs (the renderer prints it as
    body text); a paragraph holding '\\n' becomes several; paragraph text trimmed, adjacent
    runs with the same formatting merged; cases the rules impose applied (heading1 and the
    agency, authority and title lines in capitals, the signer's name in title case); number
    padded; the công văn prefix 'V/v' removed; recipient punctuation removed; the letter's
    'Như trên' line not stored. Attachments and the copy block are normalised the same way.
    """
    rules = load_rule_set(draft.rule_set)
    d = Draft.from_dict(draft.to_dict())
    body: list[Paragraph] = []
    for para in [*d.body, *(Paragraph.plain(line) for line in d.closing.split("\n") if line.strip())]:
        if is_table(para):
            table = normalized_table(para.table)
            if table.rows:
                body.append(Paragraph(style=para.style, table=table))
            continue
        pieces: list[list[Run]] = [[]]
        for run in para.runs:
            for index, chunk in enumerate(nfc(run.text).split("\n")):
                if index:
                    pieces.append([])
                pieces[-1].append(Run(chunk, bool(run.bold), bool(run.italic)))
        for runs in pieces:
            runs = trim_runs(runs)
            if not runs:
                continue
            part = rules.parts.get(para.style)
            if part is not None and part.case == "upper":
                runs = [Run(compute.upper(r.text), r.bold, r.italic) for r in runs]
            kind = para.style if para.style in BODY_STYLES else "body"
            body.append(Paragraph(style=kind, runs=style_emphasis(runs, kind, rules)))
    d.body, d.closing = body, ""
    d.superior, d.issuer = _upper_lines(d.superior), _upper_lines(d.issuer)
    d.number = compute.pad_number(d.number, rules) if d.number.strip() else ""
    d.summary = _summary(Collected(letter_summary=[d.summary.strip()]), rules, True) if rules.doc_type(
        d.doc_type).letter else d.summary.strip()
    d.signature = _normal_signature(d.signature)
    two_signers = rules.doc_type(d.doc_type).signatures == 2  # a second signer prints only beside a first
    d.co_signature = _normal_signature(d.co_signature) if d.co_signature is not None and two_signers else None
    d.recipients = _normal_recipients(d.recipients, rules)
    d.addressees = [a.strip().rstrip(";.") for a in d.addressees if a.strip()]
    d.enacting_authority = " ".join(compute.upper(d.enacting_authority).split()) \
        if rules.doc_type(d.doc_type).enacting or rules.doc_type(d.doc_type).sender_suffix else ""
    d.legal_bases = [line.strip().rstrip(";.,").rstrip() for value in d.legal_bases for line in value.split("\n")
                     if line.strip()]
    d.extras.secrecy = compute.upper(d.extras.secrecy.strip())
    d.extras.urgency = compute.upper(d.extras.urgency.strip())
    if "circulation" in rules.parts and rules.part("circulation").case == "upper":
        d.extras.circulation = compute.upper(d.extras.circulation.strip())
    if d.copy is not None:
        d.copy.superior, d.copy.issuer = _upper_lines(d.copy.superior), _upper_lines(d.copy.issuer)
        d.copy.number = compute.pad_number(d.copy.number, rules) if d.copy.number.strip() else ""
        d.copy.signature = _normal_signature(d.copy.signature)
        d.copy.recipients = _normal_recipients(d.copy.recipients, rules)
    d.attachments = [normalize_for_roundtrip(replace(a, rule_set=d.rule_set)) for a in d.attachments]
    for appendix in d.appendices:  # the title in the capitals the rules print, the body as the main body
        appendix.title = compute.upper(" ".join(appendix.title.split()))
        appendix.body = normalize_for_roundtrip(replace(d, body=appendix.body, closing="", attachments=[],
                                                        appendices=[], copy=None)).body
    if d.approved is not None:
        from desktop.core.approved_text import normalize_approved

        d.approved = normalize_approved(d.approved, rules)
    return d


def _upper_lines(text: str) -> str:
    return "\n".join(compute.upper(line.strip()) for line in text.split("\n") if line.strip())


def _normal_signature(sig: Signature) -> Signature:
    mode = sig.mode
    return Signature(mode=mode, whom=compute.upper(sig.whom.strip()) if mode != "own" else "",
                     deputy_whom=compute.upper(sig.deputy_whom.strip()) if mode in TWO_LINE_MODES else "",
                     position=_upper_lines(sig.position), name=compute.title_name(sig.name.strip()))


def _normal_recipients(rec: Recipients, rules: RuleSet) -> Recipients:
    first = rules.recipients.get("letter_first")
    clean_items = [recipient_item(x, rules) for x in rec.others if x.strip()]
    if first and clean_items and clean_items[0] == first:
        clean_items = clean_items[1:]
    return Recipients(report=[recipient_item(x, rules) for x in rec.report if x.strip()], others=clean_items,
                      archive=rec.archive.strip().rstrip(",."),
                      archive_initials=rec.archive_initials.strip() if rules.recipients.get("archive_initials") else "")
