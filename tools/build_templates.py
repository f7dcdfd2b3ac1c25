#!/usr/bin/env python3
"""Build the docxtpl templates templates_docx/<rule_set>/<form>.docx from the rule data.

    .venv/bin/python tools/build_templates.py            # every rule set, every form
    .venv/bin/python tools/build_templates.py --check    # exit 1 if a committed template is stale

Everything that is a rule (sizes, bold/italic/underline, alignment, margins, indents,
spacing, column widths, fixed texts, separators) is read from resources/rules/*.json through
desktop.core.rules; a rule change is a JSON edit plus a rerun. A new rule set file needs no
code. Output is byte-for-byte reproducible (fixed zip timestamps and core properties).
One template per form (NĐ 30 Phụ lục III Mẫu 1.4, 1.5 …), never per type: the tên loại is a
field, and the Kính gửi and căn cứ print when the draft has them, so a new type that uses an
existing form is a line of rule data.

Layout (spec B, "In both systems the header is built as a two-column table"):
header table (row 1: agency block | tiêu đề or Quốc hiệu + Tiêu ngữ; row 2: number,
công văn trích yếu, marks | place and date), tên loại + trích yếu + separator, Kính gửi,
căn cứ, the body loop, the closing table (Nơi nhận | signature), the copy block (kept on one
page: keep-with-next paragraphs, rows that never split).
Named paragraph styles ("VB Body", "VB Heading 1" …) keep the templates editable in Word.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402

from desktop.core import ooxml  # noqa: E402
from desktop.core.render import (  # noqa: E402
    BODY_PART_OF_STYLE,
    BOX_BORDER_SPACE_PT,
    REPORT_BRACE_COLUMN_PT,
    REPORT_BRACE_RUN_PT,
    fit_lines,
    rule_style_name,
    stamp_line_pt,
    style_name,
)
from desktop.core.rules import Form, PartStyle, RuleSet, available_rule_sets, load_rule_set  # noqa: E402
from desktop.resources import resource_path  # noqa: E402

HEADER_DISTANCE_MM = 10
"""Distance of the page-number header and the contact footer from the page edge."""
TITLE_SPACE_BEFORE_PT = 15
"""Gap between the header table and the tên loại (or the Kính gửi of a công văn)."""
AFTER_TITLE_PT = 12
"""Gap between the trích yếu separator and what follows."""
LETTER_SUMMARY_SPACE_BEFORE_PT = 6
"""B.2 ô 5b: the công văn trích yếu sits 6 pt below số/ký hiệu."""
CLOSING_SPACE_BEFORE_PT = 6
"""Gap between the last body paragraph and the closing table."""
CABLE_ADDRESSEES_INDENT_CM = 5.0
"""Mẫu 1.6: the '- A;' lines of a công điện start about a third into the text width."""
SIGNATURE_SPACE_LINES = 4
"""Empty lines left between the signer's title and name for the signature and seal (ô 7c, ô 8)."""
RULE_LINE_PT = 2
"""Height of the tiny paragraph that carries a drawn rule as its bottom border."""
RULE_GAP_PT = 3
"""Space above and below a drawn rule, so it never touches the text."""
BOX_SPACE_BEFORE_PT = 6
"""Space above a boxed mark (B.2 ô 10b, ô 11) so its border clears the line above."""
LANG = "vi-VN"
FIXED_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
BODY_KINDS = ("body", "heading1", "heading2", "heading3", "article", "dash", "plus")
OUTLINE_LEVEL = {"heading1": 0, "heading2": 1, "article": 1, "heading3": 2}
BODY_LIKE = (*BODY_KINDS, "legal_basis")
"""Styles that take the paragraph rules of A.1/A.2 (indent, spacing, line spacing)."""


# --- package and styles --------------------------------------------------------------


def _new_document(rules: RuleSet):
    """An empty python-docx document stripped to what a template needs, fonts explicit."""
    document = Document()
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            document.part.rels.pop(rid)
    styles = document.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        if style.get(qn("w:default")) != "1":
            styles.remove(style)
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_fonts(rpr_default, rules.font_name)
    ooxml.set_lang(rpr_default, LANG)
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr_default.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    ooxml.strip_theme_fonts(styles)
    props = document.core_properties
    props.author = props.last_modified_by = "VănBản"
    props.title = props.subject = props.keywords = props.category = props.comments = ""
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return document


def _style(document, name: str, rules: RuleSet, *, size: float, bold: bool | None = None,
           italic: bool | None = None, underline: bool | None = None, align: str | None = None):
    """A paragraph style based on Normal with explicit fonts on all four slots."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    font = style.font
    font.size = Pt(size)
    font.bold = bool(bold)
    font.italic = bool(italic)
    font.underline = bool(underline)
    ooxml.set_fonts(style.element.get_or_add_rPr(), rules.font_name)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    if align:
        fmt.alignment = ALIGN[align]
    return style


def _part_style(document, rules: RuleSet, part_name: str, name: str | None = None, *, look: str | None = None):
    part: PartStyle = rules.part(look or part_name)
    return _style(document, name or style_name(part_name), rules, size=part.size.default, bold=part.bold,
                  italic=part.italic, underline=part.underline, align=part.align)


def _body_rules(style, rules: RuleSet, *, indent: bool = True) -> None:
    """A.1/A.2: first-line indent, space after, line spacing."""
    fmt = style.paragraph_format
    if indent:
        fmt.first_line_indent = Cm(rules.first_line_indent_cm.default)
    fmt.space_after = Pt(rules.space_after_pt.default)
    spacing = rules.paragraph["line_spacing"]
    if spacing["rule"] in ("exact", "at_least"):
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if spacing["rule"] == "exact" else WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Pt(spacing["default_pt"])
    else:
        fmt.line_spacing = float(spacing.get("default_lines", 1.0))
    fmt.widow_control = True


def define_styles(document, rules: RuleSet) -> None:
    """Every paragraph style the templates use, from the part styles of the rule set."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(rules.part("body").size.default)
    ooxml.set_fonts(normal.element.get_or_add_rPr(), rules.font_name)
    skip = {"page_number"}
    for name in rules.parts:
        if name in skip or name in BODY_KINDS:
            continue
        style = _part_style(document, rules, name)
        if name == "legal_basis":
            _body_rules(style, rules)
        elif name in ("enacting_authority", "decide"):  # centred lines of the body: its spacing, no indent
            _body_rules(style, rules, indent=False)
            style.paragraph_format.keep_with_next = True
    for kind in BODY_KINDS:
        style = _part_style(document, rules, kind, look=BODY_PART_OF_STYLE.get(kind, kind))
        _body_rules(style, rules)
        if kind in OUTLINE_LEVEL:
            style.paragraph_format.keep_with_next = True
            outline = style.element.get_or_add_pPr()
            level = outline.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(OUTLINE_LEVEL[kind])})
            jc = outline.find(qn("w:jc"))
            (jc.addnext if jc is not None else outline.append)(level)
    for name in ("chapter", "chapter_title", "section", "section_title", "approved_line"):
        if name in rules.parts:  # NĐ 30 Mẫu 1.3: an approved text's chương/mục lines, its "Kèm theo" line
            style = document.styles[style_name(name)]
            _body_rules(style, rules, indent=False)
            style.paragraph_format.keep_with_next = True
    page = _part_style(document, rules, "page_number")
    page.paragraph_format.alignment = ALIGN[rules.page["page_number"].get("align", "center")]
    # Separators: a drawn rule is the bottom border of a tiny paragraph (its indents are sized at
    # render time); an asterisk or typed hyphens are a centred line of text.
    for name, part in rules.parts.items():
        if part.line is None:
            continue
        if part.line.kind == "rule" and part.line.length != "full_width":
            style = _style(document, rule_style_name(name), rules, size=RULE_LINE_PT, align="center")
            style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            style.paragraph_format.line_spacing = Pt(RULE_LINE_PT)
            style.paragraph_format.space_before = Pt(RULE_GAP_PT)
            style.paragraph_format.space_after = Pt(RULE_GAP_PT)
            ooxml.paragraph_border(style.element.get_or_add_pPr(), ["bottom"], space_pt=0)
        elif part.line.kind == "rule":
            ooxml.paragraph_border(document.styles[style_name(name)].element.get_or_add_pPr(), ["top"], space_pt=1)
        else:
            _style(document, style_name(name) + " Mark", rules, size=part.size.default, align="center")
    separator = _style(document, style_name("copy_separator"), rules, size=RULE_LINE_PT)
    separator.paragraph_format.space_before = Pt(TITLE_SPACE_BEFORE_PT)
    separator.paragraph_format.space_after = Pt(TITLE_SPACE_BEFORE_PT)
    ooxml.paragraph_border(separator.element.get_or_add_pPr(), ["bottom"], space_pt=0)
    signer = rules.part("signer_name")
    _style(document, style_name("signature_space"), rules, size=signer.size.default)
    note = rules.part("recipients")
    _style(document, style_name("report_note"), rules, size=note.size.default, align="left")
    _style(document, style_name("report_brace"), rules, size=REPORT_BRACE_RUN_PT, align="left")
    for name, part in rules.parts.items():
        if part.color and name in rules.parts and name not in BODY_KINDS:
            document.styles[style_name(name)].font.color.rgb = RGBColor.from_string(part.color)
        if part.box:
            boxed = document.styles[style_name(name)]
            boxed.paragraph_format.space_before = Pt(BOX_SPACE_BEFORE_PT)
            ooxml.paragraph_border(boxed.element.get_or_add_pPr(), ["top", "left", "bottom", "right"],
                                   space_pt=BOX_BORDER_SPACE_PT, color=part.color or "000000")
            heights = {h for _, _, h in part.frames_mm}
            if len(heights) == 1:  # a stamp of fixed height (Phụ lục I III.2.b: 8 mm): the line fills it
                boxed.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                boxed.paragraph_format.line_spacing = Pt(stamp_line_pt(heights.pop()))
    document.styles[style_name("type_name")].paragraph_format.space_before = Pt(TITLE_SPACE_BEFORE_PT)
    document.styles[style_name("type_name")].paragraph_format.keep_with_next = True
    document.styles[style_name("summary")].paragraph_format.keep_with_next = True
    document.styles[style_name("letter_summary")].paragraph_format.space_before = Pt(LETTER_SUMMARY_SPACE_BEFORE_PT)
    cable = _style(document, style_name("cable_addressees"), rules, size=rules.part("addressee").size.default,
                   align="left")
    cable.paragraph_format.left_indent = Cm(CABLE_ADDRESSEES_INDENT_CM)
    cable.paragraph_format.space_after = Pt(AFTER_TITLE_PT)
    addressee = document.styles[style_name("addressee")].paragraph_format
    addressee.space_before = Pt(TITLE_SPACE_BEFORE_PT)
    addressee.space_after = Pt(AFTER_TITLE_PT)
    summary = rules.part("summary")
    after_title = (rule_style_name("summary") if summary.line and summary.line.kind == "rule"
                   else style_name("summary") + " Mark" if summary.line else style_name("summary"))
    document.styles[after_title].paragraph_format.space_after = Pt(AFTER_TITLE_PT)
    document.styles[style_name("recipients_label")].paragraph_format.keep_with_next = True


# --- building blocks -----------------------------------------------------------------


class Block:
    """Appends paragraphs to a body or a table cell (the cell's first empty paragraph is reused)."""

    def __init__(self, container) -> None:
        self.container = container
        self.spare = container.paragraphs[0] if _is_cell(container) else None

    def add(self, style: str, text: str = ""):
        if self.spare is not None:
            paragraph, self.spare = self.spare, None
            paragraph.style = style
            if text:
                paragraph.add_run(text)
            return paragraph
        return self.container.add_paragraph(text, style=style)

    def tag(self, statement: str):
        """A paragraph holding only a docxtpl paragraph tag: ``{%p if x %}``."""
        return self.add("Normal", "{%p " + statement + " %}")

    def field(self, style: str, expression: str, before: str = ""):
        return self.add(style, before + "{{ " + expression + " }}")

    def optional(self, style: str, expression: str) -> None:
        self.tag(f"if {expression}")
        self.field(style, expression)
        self.tag("endif")

    def loop(self, style: str, items: str) -> None:
        self.tag(f"for line in {items}")
        self.field(style, "line")
        self.tag("endfor")


def _is_cell(container) -> bool:
    return container.__class__.__name__ == "_Cell"


def _layout_table(block_container, widths_cm: list[float], rows: int = 1):
    table = block_container.add_table(rows=rows, cols=len(widths_cm))
    table.autofit = False
    tbl = table._tbl
    ooxml.table_no_borders(tbl)
    ooxml.table_layout(tbl, [ooxml.cm_to_twips(w) for w in widths_cm])
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    return table


def _separator(block: Block, rules: RuleSet, part_name: str) -> None:
    """The asterisk, typed hyphens or drawn rule under a part (spec B.1 ô 2, ô 5a; B.2 ô 1, ô 2, ô 5a)."""
    line = rules.part(part_name).line
    if line is None:
        return
    if line.kind == "rule":
        block.add(rule_style_name(part_name))
    else:
        block.add(style_name(part_name) + " Mark", line.text)


def _agency_cell(cell, rules: RuleSet, ns: str) -> None:
    """Superior body, issuing body and its separator (B.1/B.2 ô 2)."""
    block = Block(cell)
    block.optional(style_name("superior"), f"{ns}.superior")
    block.field(style_name("issuer"), f"{ns}.issuer")
    _separator(block, rules, "issuer")


def _header_table(document, rules: RuleSet, ns: str, *, letter: bool, is_copy: bool) -> None:
    table = _layout_table(document, rules.page["header_columns_cm"], rows=2)
    _agency_cell(table.cell(0, 0), rules, ns)
    right = Block(table.cell(0, 1))
    if is_copy:
        right.field(style_name("copy_label"), f"{ns}.label")
    else:
        right.add(style_name("header_title"), rules.fixed_text["header_title"]["text"])
        _separator(right, rules, "header_title")
        if "motto" in rules.parts:
            right.add(style_name("motto"), rules.fixed_text["motto"]["text"])
            _separator(right, rules, "motto")
    left = Block(table.cell(1, 0))
    left.field(style_name("number"), f"{ns}.number_line")
    if not is_copy:
        if letter:
            left.optional(style_name("letter_summary"), f"{ns}.letter_summary")
        for mark in ("secrecy", "urgency", "circulation"):
            if mark in rules.parts:
                left.optional(style_name(mark), f"{ns}.{mark}")
    Block(table.cell(1, 1)).field(style_name("place_date"), f"{ns}.date_line")


def _recipients_cell(cell, rules: RuleSet, ns: str, *, with_typist: bool) -> None:
    """Nơi nhận (B.1/B.2 ô 9b): label, report group with its note beside it, others, Lưu."""
    block = Block(cell)
    block.add(style_name("recipients_label"), rules.recipients["label"])
    block.loop(style_name("recipients"), f"{ns}.lead_lines")
    block.tag(f"if {ns}.report_lines")
    widths = rules.page["closing_columns_cm"][0]
    note_cm = round(widths * 0.3, 2)
    brace = ooxml.pt_to_twips(REPORT_BRACE_COLUMN_PT)
    nested = cell.add_table(rows=1, cols=3)
    # python-docx adds an empty paragraph after a nested table; the template supplies its own.
    trailing = nested._tbl.getnext()
    if trailing is not None and trailing.tag == qn("w:p") and not len(trailing):
        trailing.getparent().remove(trailing)
    ooxml.table_no_borders(nested._tbl)
    ooxml.table_layout(nested._tbl, [ooxml.cm_to_twips(widths - note_cm) - brace, brace, ooxml.cm_to_twips(note_cm)])
    Block(nested.cell(0, 0)).loop(style_name("recipients"), f"{ns}.report_lines")
    # The brace "}" beside the group (B.1 ô 9b): render.py draws it to the group's printed height.
    brace_cell, note_cell = nested.cell(0, 1), nested.cell(0, 2)
    ooxml.cell_valign(brace_cell._tc, "center")
    Block(brace_cell).add(style_name("report_brace"))
    ooxml.cell_valign(note_cell._tc, "center")
    Block(note_cell).field(style_name("report_note"), f"{ns}.report_note")
    block.tag("endif")
    block.loop(style_name("recipients"), f"{ns}.recipient_lines")
    block.field(style_name("archive"), f"{ns}.archive_line")
    if with_typist:
        block.optional(style_name("typist"), f"{ns}.typist_line")


def _signature_cell(cell, ns: str, *, heading: bool = False) -> None:
    """Quyền hạn, chức vụ, space for signature and seal, họ tên (ô 7a–7c, ô 8); ``heading``: the
    type's fixed line over them first, when it has one ("ĐẠI DIỆN BÊN A")."""
    block = Block(cell)
    if heading:
        block.optional(style_name("signature_heading"), f"{ns}.heading")
    block.loop(style_name("signature_authority"), f"{ns}.authority_lines")
    block.field(style_name("signer_title"), f"{ns}.signer_title")
    for _ in range(SIGNATURE_SPACE_LINES):
        block.add(style_name("signature_space"))
    block.field(style_name("signer_name"), f"{ns}.signer_name")


def _signers_table(document, rules: RuleSet, ns: str) -> None:
    """NĐ 30 Mẫu 1.9: two signers side by side (row 1: the left and the right column's heading,
    quyền hạn, chức vụ, signature space, họ tên), Nơi nhận under the left one (row 2)."""
    heading = _part_style(document, rules, "signature_heading", look="signer_title")  # "ĐẠI DIỆN BÊN A"
    heading.paragraph_format.keep_with_next = True
    table = _layout_table(document, rules.page["closing_columns_cm"], rows=2)
    ooxml.row_cant_split(table.rows[0]._tr)
    for column in range(2):
        _signature_cell(table.cell(0, column), f"{ns}.signers[{column}]", heading=True)
    _recipients_cell(table.cell(1, 0), rules, ns, with_typist=True)


def _closing_table(document, rules: RuleSet, ns: str, *, with_typist: bool) -> None:
    table = _layout_table(document, rules.page["closing_columns_cm"])
    ooxml.row_cant_split(table.rows[0]._tr)
    _recipients_cell(table.cell(0, 0), rules, ns, with_typist=with_typist)
    _signature_cell(table.cell(0, 1), ns)


def _keep_together(elements) -> None:
    """The copy block (separator, header table, spacer, closing table) moves to the next page whole
    when it does not fit: every row cantSplit, every paragraph keepNext except the last one of each
    cell of the closing row (the block keeps with nothing after it). Word chains keepNext through
    the tables; LibreOffice reads a table whose paragraphs all keep with the next as a table that
    keeps with the next paragraph."""
    last = elements[-1]
    ends = {cell[-1] for tr in last.iterchildren(qn("w:tr")) for cell in tr.iterchildren(qn("w:tc"))}
    for element in elements:
        for tr in element.iter(qn("w:tr")):
            ooxml.row_cant_split(tr)
        for p in element.iter(qn("w:p")):
            if p not in ends:
                ooxml.keep_with_next(p)


def _body(document, rules: RuleSet, form: Form) -> None:
    block = Block(document)
    if not form.letter:
        block.field(style_name("type_name"), "doc.type_name")
        block.tag("if doc.summary")
        block.field(style_name("summary"), "doc.summary")
        _separator(block, rules, "summary")
        block.tag("else")  # Mẫu 1.8, 1.10: no trích yếu, the rule under the tên loại
        _separator(block, rules, "summary")
        block.tag("endif")
    if form.sender_suffix:  # Mẫu 1.6: '<sender> điện:' centred, its addressees listed under it
        block.optional(style_name("addressee"), "doc.cable_sender")
        block.optional(style_name("cable_addressees"), "doc.cable_addressees")
    block.tag("if doc.addressee_text")
    block.field(style_name("addressee"), "doc.addressee_text", before=rules.letter["addressee_label"])
    block.tag("endif")
    if form.enacting:  # NĐ 30 Mẫu 1.2–1.3: thẩm quyền ban hành, the căn cứ, then "QUYẾT ĐỊNH:"
        block.optional(style_name("enacting_authority"), "doc.enacting_authority")
    if not form.letter:
        block.loop(style_name("legal_basis"), "doc.legal_bases")
    if form.enacting:
        block.field(style_name("decide"), "doc.decide_line")  # "QUYẾT ĐỊNH:" (Mẫu 1.2), "QUYẾT NGHỊ:" (Mẫu 1.1)
    block.tag("for para in body")
    for index, kind in enumerate(BODY_KINDS[1:]):
        block.tag(("if" if index == 0 else "elif") + f" para.style == '{kind}'")
        block.add(style_name(kind), "{{r para.rich }}")
    block.tag("else")
    block.add(style_name("body"), "{{r para.rich }}")
    block.tag("endif")
    block.tag("endfor")
    spacer = block.add("Normal")
    spacer.paragraph_format.space_after = Pt(CLOSING_SPACE_BEFORE_PT)


def _headers_footers(document, rules: RuleSet) -> None:
    """Page number centred in the header from page 2 (titlePg); draft marker and contact on page 1."""
    section = document.sections[0]
    ooxml.set_title_page(section._sectPr)
    number = section.header.paragraphs[0]
    number.style = style_name("page_number")
    ooxml.add_field(number._p, "PAGE")
    first = Block(section.first_page_header)
    first.spare = section.first_page_header.paragraphs[0]
    if "draft_marker" in rules.parts:
        first.optional(style_name("draft_marker"), "doc.draft_marker")
    first.add("Normal")
    footer = Block(section.first_page_footer)
    footer.spare = section.first_page_footer.paragraphs[0]
    footer.optional(style_name("contact"), "doc.contact")
    footer.add("Normal")
    section.footer.paragraphs[0].style = "Normal"


TABLE_LOOK_2010_ATTRIBUTES = ("firstRow", "lastRow", "firstColumn", "lastColumn", "noHBand", "noVBand")
"""tblLook flags written as attributes since Office 2010; Office 2007's schema knows only ``w:val``."""


def _office2007_table_look(body) -> None:
    """Keep every tblLook as its hexadecimal ``w:val`` alone (python-docx writes ``04A0`` plus the six
    Office 2010 attributes saying the same thing): the file is then valid under the Office 2007
    rules too, and Word 2010 and later read the same flags from ``w:val``."""
    for look in body.iter(qn("w:tblLook")):
        if look.get(qn("w:val")) is None:
            continue
        for name in TABLE_LOOK_2010_ATTRIBUTES:
            look.attrib.pop(qn(f"w:{name}"), None)


def build_template(rules: RuleSet, form_key: str) -> bytes:
    """One form's template as reproducible .docx bytes."""
    form = rules.forms[form_key]
    document = _new_document(rules)
    define_styles(document, rules)
    margins = {side: rules.margin(side).default for side in ("top", "right", "bottom", "left")}
    paper = rules.page["paper"]
    ooxml.page_setup(document.sections[0]._sectPr, width_mm=paper["width_mm"], height_mm=paper["height_mm"],
                     margins_mm=margins, header_mm=HEADER_DISTANCE_MM, footer_mm=HEADER_DISTANCE_MM)
    _headers_footers(document, rules)
    _header_table(document, rules, "doc", letter=form.letter, is_copy=False)
    _body(document, rules, form)
    if form.signatures == 2:
        _signers_table(document, rules, "doc")
    else:
        _closing_table(document, rules, "doc", with_typist=True)
    block = Block(document)
    block.tag("if copy")
    start = len(document.element.body) - 1  # the sectPr stays last
    block.add(style_name("copy_separator"))
    _header_table(document, rules, "copy", letter=False, is_copy=True)
    Block(document).add("Normal").paragraph_format.space_after = Pt(CLOSING_SPACE_BEFORE_PT)
    _closing_table(document, rules, "copy", with_typist=False)
    _keep_together(list(document.element.body)[start:-1])
    block = Block(document)
    block.tag("endif")
    body = document.element.body
    fit_lines(body, rules, ooxml.text_width_twips(body.sectPr))
    _office2007_table_look(body)
    out = io.BytesIO()
    document.save(out)
    return ooxml.deterministic_zip(out.getvalue())


def build_all(rule_set_ids: list[str] | None = None) -> dict[Path, bytes]:
    """Every template, keyed by its path under templates_docx/."""
    out: dict[Path, bytes] = {}
    for rule_set_id in rule_set_ids or available_rule_sets():
        rules = load_rule_set(rule_set_id)
        for key in rules.forms:
            out[resource_path("templates_docx", rule_set_id, f"{key}.docx")] = build_template(rules, key)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report templates that differ from the rules")
    parser.add_argument("rule_sets", nargs="*", help="rule set ids (default: all)")
    args = parser.parse_args(argv)
    stale = []
    for path, data in build_all(args.rule_sets).items():
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(("stale: " if args.check else "wrote: ") + str(shown))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
