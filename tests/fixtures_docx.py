"""Fixture builders: the five seeds (spec E) as .docx files in three styles, and damaged renders.

The seeds are OCR markdown (``**`` bold, ``*`` italic, ``<u>`` underline, a lone ``*`` line is the
agency asterisk). :func:`parse_seed` reads one into lines with their formatting and gives each
line a role (header left/right, incoming stamp, title, body, recipients, signature), splitting
the file into its documents (seed 002: a công văn plus an attached notice; seed 003: a notice
plus its copy block). The builders then write a .docx with python-docx:

- ``word``  (style a): header and closing in borderless two-column tables, Times New Roman, sizes
  and alignment from the Party rule set (desktop.core.rules), bold/italic/underline exactly where
  the seed marks them, the rule under the tiêu đề as a paragraph border as long as its text, A4
  page with the rule set's margins, page numbers in the header from page 2.
- ``plain`` (style b): every line a paragraph; header lines centred, closing lines as paragraphs;
  Word's default sizes (Normal: Times New Roman 14), same A4 page, no page numbers.
- ``noheader`` (style c): like ``plain`` without the first document's header lines.

The incoming-stamp lines (``ĐẾN``, ``Số:``, ``Ngày:`` … with tabs) stay in every style, as the
real drafts carry them: the checker must skip them (spec E, general facts).

:func:`damage` edits a rendered .docx's XML (zipfile + lxml) to break one thing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from desktop.core.metrics import text_width_cm
from desktop.core.rules import RuleSet, load_rule_set

SEEDS_DIR = Path(__file__).resolve().parent / "data" / "shared" / "seeds"
SEED_IDS = ("000", "001", "002", "003", "004")
STYLES = ("word", "plain", "noheader")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}

ROLES = ("header_left", "header_right", "stamp", "title", "body", "recipients", "signature")


# --- parsing the seed markdown ----------------------------------------------------------------


@dataclass
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass
class SeedLine:
    number: int  # 1-based line of the seed file
    spans: list[Span]
    role: str = "body"
    part: str = "body"  # rule-set part that gives its size: issuer, number, header_title, …

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class SeedDocument:
    lines: list[SeedLine] = field(default_factory=list)

    def with_role(self, *roles: str) -> list[SeedLine]:
        return [line for line in self.lines if line.role in roles]


_TOKEN = re.compile(r"\*\*|\*|<u>|</u>")


def _spans(raw: str, state: dict[str, bool]) -> list[Span]:
    """Split one markdown line into formatted spans; ``state`` carries bold/italic over lines."""
    if raw.strip() == "*":  # the agency asterisk, not an italic marker
        return [Span("*", **state)]
    spans: list[Span] = []
    pos = 0
    for m in _TOKEN.finditer(raw):
        if m.start() > pos:
            spans.append(Span(raw[pos:m.start()], **state))
        token = m.group()
        if token == "**":
            state["bold"] = not state["bold"]
        elif token == "*":
            state["italic"] = not state["italic"]
        else:
            state["underline"] = token == "<u>"
        pos = m.end()
    if pos < len(raw):
        spans.append(Span(raw[pos:], **state))
    return [s for s in spans if s.text]


def read_seed_lines(text: str) -> list[list[SeedLine]]:
    """Groups of consecutive non-blank lines, each line with its spans (trailing spaces dropped)."""
    groups: list[list[SeedLine]] = []
    current: list[SeedLine] = []
    state = {"bold": False, "italic": False, "underline": False}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip(" \r")
        if not line.strip():
            if current:
                groups.append(current)
            current = []
            state = {"bold": False, "italic": False, "underline": False}
            continue
        current.append(SeedLine(number, _spans(line, state)))
    if current:
        groups.append(current)
    return groups


# --- roles ------------------------------------------------------------------------------------

_DATE_LINE = re.compile(r"^[^,]+, ngày \S+ tháng \S+ năm \d{4}$")
_TITLE_HEAD = re.compile(r"^(ĐẢNG C.NG SẢN VIỆT NAM|CỘNG H.A XÃ HỘI CHỦ NGHĨA VIỆT NAM)$")  # 'CÔNG' in seed 002
_NUMBER = re.compile(r"^Số:?\s*\d")
_SIGNATURE_PREFIX = re.compile("^(" + "|".join(
    re.escape(prefix) for rule_set in ("party_hd36", "state_nd30")
    for prefix in load_rule_set(rule_set).signature["prefixes"].values()) + r")\s")


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_name(text: str) -> bool:
    """'Trần Anh Tuấn', 'Đã ký: Lê Minh Hưng': a signer's name line."""
    if text.startswith("Đã ký"):
        return True
    words = text.split()
    return 2 <= len(words) <= 5 and not _is_upper(text) and all(w[:1].isupper() for w in words)


def _is_signature_group(group: list[SeedLine]) -> bool:
    texts = [line.text.strip() for line in group]
    if _SIGNATURE_PREFIX.match(texts[0]):
        return True
    return all((_is_upper(t) and len(t.split()) <= 8 and not re.search(r"\d", t)) or t == "kiêm" for t in texts)


def _type_names(rules: RuleSet) -> list[str]:
    names = [dt.name for dt in rules.doc_types.values()] + list(rules.copy["labels"].values())
    return sorted(names, key=len, reverse=True)


def assign_roles(groups: list[list[SeedLine]], rules: RuleSet) -> list[SeedDocument]:
    """Give every line a role and split the seed into documents (a signer's name ends one)."""
    type_names = _type_names(rules)
    copy_labels = set(rules.copy["labels"].values())
    docs = [SeedDocument()]
    state = "top"
    for group in groups:
        texts = [line.text.strip() for line in group]
        if state == "done":
            docs.append(SeedDocument())
            state = "top"
        doc = docs[-1]
        has_body = any(line.role == "body" for line in doc.lines)

        def put(role: str, part: str, lines: list[SeedLine] = group, target: SeedDocument = doc) -> None:
            for line in lines:
                line.role, line.part = role, part
                target.lines.append(line)

        if any("\t" in t for t in texts):
            put("stamp", "recipients")
        elif len(texts) == 1 and _DATE_LINE.match(texts[0]) and not has_body:
            put("header_right", "place_date")
        elif state == "top" and len(texts) == 1 and _TITLE_HEAD.match(texts[0]):
            put("header_right", "header_title")
        elif state in ("top", "title_next") and any(texts[0].startswith(n) for n in type_names):
            label = next(n for n in type_names if texts[0].startswith(n))
            put("title", "copy_label" if label in copy_labels else "type_name", group[:1])
            put("title", "summary", group[1:])
            state = "title_next" if len(group) == 1 and label not in copy_labels else "body"
        elif state == "title_next":
            put("title", "summary")
            state = "body"
        elif state == "top" and (texts[0] == "*" or _NUMBER.match(texts[0])):
            put("header_left", "issuer" if texts[0] == "*" else "number")
        elif state == "top" and texts[0].startswith(tuple(rules.letter["summary_prefixes"])):
            put("header_left", "letter_summary")
        elif state == "top" and all(_is_upper(t) for t in texts):
            put("header_left", "issuer")
        elif state in ("top", "body", "title_next") and texts[0].startswith("Nơi nhận"):
            put("recipients", "recipients_label", group[:1])
            put("recipients", "recipients", group[1:])
            state = "recipients"
        elif state == "recipients" and all(t.startswith(("-", "(")) for t in texts):
            put("recipients", "recipients")
        elif state in ("body", "recipients", "signature") and len(texts) == 1 and _is_name(texts[0]):
            put("signature", "signer_name")
            state = "done"
        elif state in ("body", "recipients", "signature") and _is_signature_group(group):
            put("signature", "signer_title")
            state = "signature"
        else:
            put("body", "body")
            state = "body"
    return docs


@dataclass
class Seed:
    seed_id: str
    path: Path
    documents: list[SeedDocument]

    @property
    def lines(self) -> list[SeedLine]:
        return [line for doc in self.documents for line in doc.lines]


def seed_path(seed_id: str) -> Path:
    return next(SEEDS_DIR.glob(f"{seed_id}_*.txt"))


def parse_seed(seed_id: str, rules: RuleSet | None = None) -> Seed:
    rules = rules or load_rule_set("party_hd36")
    path = seed_path(seed_id)
    groups = read_seed_lines(path.read_text(encoding="utf-8"))
    return Seed(seed_id, path, assign_roles(groups, rules))


# --- writing .docx ----------------------------------------------------------------------------

_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _set_fonts(rpr_owner, name: str) -> None:
    """Every font slot (ascii, hAnsi, eastAsia, cs): Word picks the slot by character."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _new_document(rules: RuleSet, *, page_numbers: bool) -> Document:
    """Times New Roman 14 pt, A4 with the rule set's margins (python-docx's default is US Letter)."""
    doc = Document()
    normal = doc.styles["Normal"]
    _set_fonts(normal.element, rules.font_name)
    normal.font.size = Pt(rules.part("body").size.default)
    normal.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(rules.page["paper"]["width_mm"])
    section.page_height = Mm(rules.page["paper"]["height_mm"])
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Mm(rules.margin(side).default))
    if page_numbers:
        _page_number_header(doc, rules)
    return doc


def _page_number_header(doc: Document, rules: RuleSet) -> None:
    """A centred PAGE field in the header, none on page 1 (spec A.2 Page numbers)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = _ALIGN[rules.part("page_number").align]
    field_el = OxmlElement("w:fldSimple")
    field_el.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(rules.part("page_number").size.default * 2)))
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field_el.append(run)
    para._p.append(field_el)


def _bottom_border(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _write_line(paragraph, line: SeedLine, rules: RuleSet, *, styled: bool) -> None:
    """Runs with the seed's own bold/italic/underline; size and alignment from the rule set."""
    part = rules.parts.get(line.part) or rules.part("body")
    for span in line.spans:
        run = paragraph.add_run(span.text)
        run.bold, run.italic, run.underline = span.bold, span.italic, span.underline
        if styled:
            run.font.size = Pt(part.size.default)
    if line.role == "body":
        fmt = paragraph.paragraph_format
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(rules.first_line_indent_cm.default)
        if styled:
            fmt.space_after = Pt(rules.space_after_pt.default)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(rules.paragraph["line_spacing"]["default_pt"])
    elif line.role in ("recipients", "stamp"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    else:
        paragraph.alignment = _ALIGN.get(part.align or "center", WD_ALIGN_PARAGRAPH.CENTER)


def _cell_lines(cell, lines: list[SeedLine], rules: RuleSet, *, blank_before_name: int = 0) -> None:
    first = True
    for line in lines:
        if line.part == "signer_name":
            for _ in range(blank_before_name):
                cell.add_paragraph()
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _write_line(paragraph, line, rules, styled=True)
        if line.part == "header_title":
            _rule_as_long_as_text(paragraph, line, rules, cell_width_cm=rules.page["header_columns_cm"][1])


def _rule_as_long_as_text(paragraph, line: SeedLine, rules: RuleSet, *, cell_width_cm: float) -> None:
    """The solid rule under the tiêu đề, as long as its text (B.1 ô 1): a bottom border, indented."""
    size = rules.part("header_title").size.default
    width = text_width_cm(line.text, size, bold=any(s.bold for s in line.spans))
    indent = max(0.0, (cell_width_cm - width) / 2 - 0.2)
    _bottom_border(paragraph)
    paragraph.paragraph_format.left_indent = Cm(indent)
    paragraph.paragraph_format.right_indent = Cm(indent)


def _two_columns(doc: Document, widths_cm: list[float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _flow(doc: Document, lines: list[SeedLine], rules: RuleSet, *, styled: bool) -> None:
    for line in lines:
        _write_line(doc.add_paragraph(), line, rules, styled=styled)


def build_word(seed: Seed, rules: RuleSet) -> Document:
    """Style (a): tables for header and closing, sizes from the rules, the seed's emphasis."""
    doc = _new_document(rules, page_numbers=True)
    for part in seed.documents:
        left, right = part.with_role("header_left"), part.with_role("header_right")
        if left or right:
            table = _two_columns(doc, rules.page["header_columns_cm"])
            _cell_lines(table.cell(0, 0), left, rules)
            _cell_lines(table.cell(0, 1), right, rules)
        _flow(doc, [ln for ln in part.lines if ln.role in ("stamp", "title", "body")], rules, styled=True)
        recipients, signature = part.with_role("recipients"), part.with_role("signature")
        if recipients or signature:
            table = _two_columns(doc, rules.page["closing_columns_cm"])
            _cell_lines(table.cell(0, 0), recipients, rules)
            _cell_lines(table.cell(0, 1), signature, rules, blank_before_name=3)
    return doc


def build_plain(seed: Seed, rules: RuleSet, *, drop_first_header: bool = False) -> Document:
    """Styles (b) and (c): one paragraph per line in seed order; header lines centred."""
    doc = _new_document(rules, page_numbers=False)
    for index, part in enumerate(seed.documents):
        lines = part.lines
        if drop_first_header and index == 0:
            lines = [ln for ln in lines if ln.role not in ("header_left", "header_right")]
        _flow(doc, lines, rules, styled=False)
    return doc


def build_seed_docx(seed_id: str, style: str, target: Path) -> Path:
    """Write seed ``seed_id`` as a .docx in ``style`` ('word' | 'plain' | 'noheader')."""
    rules = load_rule_set("party_hd36")
    seed = parse_seed(seed_id, rules)
    if style == "word":
        doc = build_word(seed, rules)
    elif style in ("plain", "noheader"):
        doc = build_plain(seed, rules, drop_first_header=style == "noheader")
    else:
        raise ValueError(f"unknown fixture style {style!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


# --- damaging a rendered .docx --------------------------------------------------------------------

XmlEdit = Callable[[etree._Element], None]


def edit_docx_xml(data: bytes, edits: dict[str, XmlEdit]) -> bytes:
    """Return a copy of a .docx with ``edits[part_name](root)`` applied to those XML parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename in edits:
                root = etree.fromstring(payload)
                edits[info.filename](root)
                payload = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, payload)
    return out.getvalue()


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t"))


def set_paragraph_text(p: etree._Element, text: str) -> None:
    """Put ``text`` in the paragraph's first w:t and empty the others (formatting of run 1 kept)."""
    texts = list(p.iter(f"{{{W_NS}}}t"))
    texts[0].text = text
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for t in texts[1:]:
        t.text = ""


def run_properties(p: etree._Element) -> list[etree._Element]:
    """The w:rPr of every run of the paragraph (created when missing)."""
    out = []
    for run in p.iter(f"{{{W_NS}}}r"):
        rpr = run.find("w:rPr", NS)
        if rpr is None:
            rpr = etree.Element(f"{{{W_NS}}}rPr")
            run.insert(0, rpr)
        out.append(rpr)
    return out


RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect")
"""Schema order of w:rPr children (Word refuses a run property out of order)."""


def set_run_property(p: etree._Element, tag: str, attrs: dict[str, str] | None) -> None:
    """Set (attrs) or remove (None) one run property, e.g. 'b', 'sz', 'u', on every run of ``p``."""
    rank = RPR_ORDER.index(tag)
    for rpr in run_properties(p):
        for old in rpr.findall(f"w:{tag}", NS):
            rpr.remove(old)
        if attrs is None:
            continue
        el = etree.Element(f"{{{W_NS}}}{tag}")
        for key, value in attrs.items():
            el.set(f"{{{W_NS}}}{key}", value)
        later = [child for child in rpr if etree.QName(child).localname in RPR_ORDER
                 and RPR_ORDER.index(etree.QName(child).localname) > rank]
        if later:
            later[0].addprevious(el)
        else:
            rpr.append(el)
