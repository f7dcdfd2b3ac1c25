"""The generated templates (tools/build_templates.py): reproducible, complete, editable, rule-driven.

Spec A.1/A.2 (page, font, paragraph rules) and the B tables (part styles) are read from the
RuleSet, never typed here.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from desktop.core.render import BODY_PART_OF_STYLE, style_name, template_bytes
from desktop.core.rules import available_rule_sets, load_rule_set, parse_rule_set
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_templates

PAIRS = [(rs, dt) for rs in available_rule_sets() for dt in load_rule_set(rs).doc_types]
FORMS = [(rs, form) for rs in available_rule_sets() for form in load_rule_set(rs).forms]
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _template(rule_set: str, doc_type: str):
    return Document(io.BytesIO(template_bytes(rule_set, doc_type)))


def test_every_rule_set_and_form_has_a_template_and_every_type_a_form() -> None:
    assert {"party_hd36", "state_nd30"} <= set(available_rule_sets())
    for rule_set, form in FORMS:
        path = ROOT / "templates_docx" / rule_set / f"{form}.docx"
        assert path.is_file(), path
    for rule_set, doc_type in PAIRS:
        assert load_rule_set(rule_set).doc_type(doc_type).form in load_rule_set(rule_set).forms
    # one template per form, never per type: nothing else lies in the folders
    for rule_set in available_rule_sets():
        files = {p.stem for p in (ROOT / "templates_docx" / rule_set).glob("*.docx")}
        assert files == set(load_rule_set(rule_set).forms)


def test_committed_templates_match_the_rule_data() -> None:
    """A rule change = JSON edit + rerun: the committed files must be what the script builds now."""
    stale = [path for path, data in build_templates.build_all().items() if path.read_bytes() != data]
    assert stale == []


def test_build_is_byte_for_byte_reproducible() -> None:
    rules = load_rule_set("party_hd36")
    assert build_templates.build_template(rules, "van_ban") == build_templates.build_template(rules, "van_ban")
    names = zipfile.ZipFile(io.BytesIO(template_bytes("party_hd36", "van_ban"))).infolist()
    assert {info.date_time for info in names} == {(2020, 1, 1, 0, 0, 0)}


def test_a_future_rule_set_builds_without_code_changes() -> None:
    """A new rule set file (here: HD 36 data under another id, body 15 pt) needs no code."""
    raw = copy.deepcopy(load_rule_set("party_hd36").raw)
    raw["id"] = "party_hd05"
    raw["parts"]["body"]["size"] = {"default": 15, "min": 14, "max": 15}
    rules = parse_rule_set(raw)
    document = Document(io.BytesIO(build_templates.build_template(rules, "van_ban")))
    assert document.styles[style_name("body")].font.size == Pt(15)


@pytest.mark.parametrize(("rule_set", "doc_type"), FORMS)
def test_a4_and_margins_from_rules(rule_set: str, doc_type: str) -> None:
    """A.1 Paper/Margins, A.2 Paper/Margins: A4 portrait, default margins of the rule set."""
    rules = load_rule_set(rule_set)
    section = _template(rule_set, doc_type).sections[0]
    assert abs(section.page_width.mm - rules.page["paper"]["width_mm"]) < 0.1
    assert abs(section.page_height.mm - rules.page["paper"]["height_mm"]) < 0.1
    for side in ("top", "bottom", "left", "right"):
        assert abs(getattr(section, f"{side}_margin").mm - rules.margin(side).default) < rules.tolerance_mm


@pytest.mark.parametrize(("rule_set", "doc_type"), FORMS)
def test_times_new_roman_on_all_four_slots_no_theme_fonts(rule_set: str, doc_type: str) -> None:
    """A.1/A.2 Font: docDefaults and every style name Times New Roman for ascii, hAnsi, eastAsia, cs."""
    rules = load_rule_set(rule_set)
    styles = _template(rule_set, doc_type).styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert defaults.get(qn(slot)) == rules.font_name
    for rfonts in styles.iter(qn("w:rFonts")):
        assert not any(key.endswith(("Theme", "theme")) for key in rfonts.attrib), rfonts.attrib
    for style in styles.iter(qn("w:style")):
        rfonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:styleId")).startswith("VB"):
            assert rfonts is not None and all(rfonts.get(qn(s)) == rules.font_name
                                              for s in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"))


@pytest.mark.parametrize("rule_set", available_rule_sets())
def test_named_styles_follow_part_rules(rule_set: str) -> None:
    """B.1/B.2: each part's style has the rule set's size, bold, italic, underline and alignment."""
    rules = load_rule_set(rule_set)
    document = _template(rule_set, "van_ban")
    for name, part in rules.parts.items():
        style = document.styles[style_name(name)]
        assert style.font.size == Pt(part.size.default), name
        assert bool(style.font.bold) == bool(part.bold), name
        assert bool(style.font.italic) == bool(part.italic), name
        assert bool(style.font.underline) == bool(part.underline), name
        if part.align:
            assert style.paragraph_format.alignment == ALIGN[part.align], name


@pytest.mark.parametrize("rule_set", available_rule_sets())
def test_body_styles_paragraph_rules(rule_set: str) -> None:
    """A.1/A.2 Body text, first-line indent, paragraph spacing, line spacing."""
    rules = load_rule_set(rule_set)
    document = _template(rule_set, "van_ban")
    spacing = rules.paragraph["line_spacing"]
    for kind in ("body", "heading1", "heading2", "heading3", "article", "dash", "plus"):
        fmt = document.styles[style_name(kind)].paragraph_format
        part = rules.part(BODY_PART_OF_STYLE.get(kind, kind))
        assert fmt.alignment == ALIGN[part.align]
        assert abs(fmt.first_line_indent - Cm(rules.first_line_indent_cm.default)) < Cm(0.01)
        assert fmt.space_after == Pt(rules.space_after_pt.default)
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and spacing["rule"] == "exact"
        assert fmt.line_spacing == Pt(spacing["default_pt"])
    assert document.styles[style_name("body")].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


@pytest.mark.parametrize(("rule_set", "doc_type"), FORMS)
def test_header_and_closing_tables_are_borderless_with_grid(rule_set: str, doc_type: str) -> None:
    """B: header and closing are two-column tables without borders; gridCol widths from the rules."""
    rules = load_rule_set(rule_set)
    tables = _template(rule_set, doc_type).tables
    expected = [rules.page["header_columns_cm"], rules.page["closing_columns_cm"]]
    for table, widths in zip(tables[:2], expected, strict=True):
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert [round(w / 1440 * 2.54, 2) for w in grid] == [round(w, 2) for w in widths]
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"nil"}
        assert len(borders) == 6


@pytest.mark.parametrize(("rule_set", "doc_type"), FORMS)
def test_page_number_field_in_header_not_on_page_one(rule_set: str, doc_type: str) -> None:
    """A.1/A.2 Page numbers: PAGE field centred in the header, titlePg so page 1 has none."""
    rules = load_rule_set(rule_set)
    section = _template(rule_set, doc_type).sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element
    assert any("PAGE" in (t.text or "") for t in header.iter(qn("w:instrText")))
    first = section.first_page_header._element
    assert not any("PAGE" in (t.text or "") for t in first.iter(qn("w:instrText")))
    paragraph = section.header.paragraphs[0]
    assert paragraph.style.name == style_name("page_number")
    assert paragraph.style.font.size == Pt(rules.part("page_number").size.default)
    assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize(("rule_set", "doc_type"), PAIRS)
def test_every_template_renders_empty_and_full_drafts(rule_set: str, doc_type: str) -> None:
    """StrictUndefined: every placeholder of every template is supplied, for an empty draft and a
    full one (copy block, report group, extras); no Jinja tag survives into the output."""
    from desktop.core.model import Draft
    from desktop.core.render import render_bytes
    from tests.render_helpers import for_rule_set, full_text, party_with_copy

    full = for_rule_set(party_with_copy(), rule_set, doc_type)
    full.addressees = ["Bộ Nội vụ", "Văn phòng Chính phủ"]
    full.legal_bases = ["Căn cứ Điều lệ;"]
    for draft in (Draft(rule_set=rule_set, doc_type=doc_type), full):
        text = full_text(Document(io.BytesIO(render_bytes(draft))))
        assert "{%" not in text and "{{" not in text and "%}" not in text


@pytest.mark.parametrize(("rule_set", "doc_type"), FORMS[:2])
def test_template_tags_sit_in_their_own_paragraphs(rule_set: str, doc_type: str) -> None:
    """Editable in Word: each {%p …%} tag is a paragraph of its own, and the only variables are
    the context roots doc/body/copy."""
    from docxtpl import DocxTemplate

    document = _template(rule_set, doc_type)
    for paragraph in document.paragraphs:
        if "{%p" in paragraph.text:
            assert paragraph.text.startswith("{%p") and paragraph.text.endswith("%}")
    template = DocxTemplate(io.BytesIO(template_bytes(rule_set, doc_type)))
    assert template.get_undeclared_template_variables() <= {"doc", "body", "copy"}


def test_property_elements_in_schema_order() -> None:
    """Word rejects out-of-order children that LibreOffice tolerates (toolchain notes §3)."""
    from desktop.core import ooxml
    from desktop.core.render import render_bytes
    from tests.render_helpers import party_thong_bao, state_cong_van, state_quyet_dinh

    checked = 0
    for draft in (party_thong_bao(), state_cong_van(), state_quyet_dinh()):
        document = Document(io.BytesIO(render_bytes(draft)))
        for root in (document.element, document.styles.element):
            for tag, order in ooxml.SCHEMA_ORDER.items():
                rank = {qn(name): index for index, name in enumerate(order)}
                for element in root.iter(qn(tag)):
                    positions = [rank[child.tag] for child in element if child.tag in rank]
                    unknown = [child.tag for child in element if child.tag not in rank]
                    assert positions == sorted(positions), (tag, [c.tag for c in element])
                    assert not unknown, (tag, unknown)
                    checked += 1
    assert checked > 100


def test_ooxml_helpers_read_lines_and_repack_deterministically() -> None:
    from desktop.core import ooxml

    p = ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"><w:r><w:t>Kính gửi:</w:t><w:br/><w:t>- A;</w:t>'
                    '<w:tab/><w:t>x</w:t></w:r></w:p>')
    assert ooxml.paragraph_lines(p) == ["Kính gửi:", "- A; x"]
    data = template_bytes("state_nd30", "cong_van")
    assert ooxml.deterministic_zip(data) == data
    assert ooxml.mm_to_twips(20) == 1134 and ooxml.cm_to_twips(2.54) == 1440 and ooxml.pt_to_twips(14) == 280
