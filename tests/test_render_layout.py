"""Rendered documents, rule by rule (spec A–D), read back with python-docx.

Expected sizes, styles, fixed texts and punctuation come from the RuleSet; a few literal spot
checks pin the official forms (C.1 "Số 03-TB/BCĐ", C.4 "Hà Nội, ngày 05 tháng 02 năm 2021").
"""

from __future__ import annotations

import io

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from desktop.core import compute
from desktop.core.errors import VanBanError
from desktop.core.metrics import report_brace_height_pt, text_width_pt, wrapped_lines
from desktop.core.model import Draft, Paragraph, Run, load_draft
from desktop.core.render import build_context, render_bytes, render_document, render_to_file, style_name
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES
from tests.render_helpers import (
    for_rule_set,
    full_text,
    open_docx,
    paragraphs_by_style,
    party_thong_bao,
    party_with_copy,
    resolve_run,
    state_cong_van,
    state_quyet_dinh,
)

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
TWIPS_PER_PT = 20


@pytest.fixture(scope="module")
def party():
    return open_docx(render_bytes(party_thong_bao()))


@pytest.fixture(scope="module")
def state_letter():
    return open_docx(render_bytes(state_cong_van()))


@pytest.fixture(scope="module")
def state_decision():
    return open_docx(render_bytes(state_quyet_dinh()))


def _texts(document, part: str) -> list[str]:
    return [p.text for p in paragraphs_by_style(document, style_name(part))]


def _cell_texts(cell) -> list[str]:
    return [DocxParagraph(p, cell).text for p in cell._tc.iter(qn("w:p")) if DocxParagraph(p, cell).text]


def _indents(paragraph) -> tuple[int, int]:
    ind = paragraph._p.pPr.find(qn("w:ind"))
    return int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))


def _cell_width(paragraph) -> int:
    tc = next(paragraph._p.iterancestors(qn("w:tc")))
    return int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")))


def _rule_length_pt(paragraph) -> float:
    left, right = _indents(paragraph)
    return (_cell_width(paragraph) - left - right) / TWIPS_PER_PT


# --- A: page and fonts ------------------------------------------------------------------


@pytest.mark.parametrize("make", [party_thong_bao, state_cong_van, state_quyet_dinh, party_with_copy])
def test_every_run_resolves_to_times_new_roman(make) -> None:
    """A.1/A.2 Font: every run with text (body, tables, headers, footers) is Times New Roman on all 4 slots."""
    draft = make()
    rules = load_rule_set(draft.rule_set)
    document = open_docx(render_bytes(draft))
    roots = [document.element.body]
    for section in document.sections:
        roots += [hf._element for hf in (section.first_page_header, section.first_page_footer, section.header)]
    checked = 0
    for root in roots:
        for p in root.iter(qn("w:p")):
            for r in p.iter(qn("w:r")):
                if r.find(qn("w:t")) is None:
                    continue
                resolved = resolve_run(document, p, r)
                assert set(resolved.fonts.values()) == {rules.font_name}, (resolved, "".join(r.itertext()))
                checked += 1
    assert checked > 20


def test_a4_page_and_margins_in_rendered_file(party) -> None:
    """A.2 Paper and margins (20/20/30/15 mm)."""
    rules = load_rule_set("party_hd36")
    section = party.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    for side in ("top", "bottom", "left", "right"):
        assert abs(getattr(section, f"{side}_margin").mm - rules.margin(side).default) < rules.tolerance_mm


# --- B: header table -------------------------------------------------------------------


def test_party_header_columns_and_asterisk(party) -> None:
    """B.1 ô 1–4: left = bodies + '*' then number; right = ĐẢNG CỘNG SẢN VIỆT NAM then date, same row."""
    rules = load_rule_set("party_hd36")
    header = party.tables[0]
    left_top, right_top = header.cell(0, 0), header.cell(0, 1)
    left_row2, right_row2 = header.cell(1, 0), header.cell(1, 1)
    assert _cell_texts(left_top) == ["THÀNH ỦY CẦN THƠ", "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19",
                                     rules.part("issuer").line.text]
    assert _cell_texts(left_top)[-1] == "*"
    assert _cell_texts(right_top) == [rules.fixed_text["header_title"]["text"]]
    assert _cell_texts(left_row2) == ["Số 03-TB/BCĐ"]
    assert _cell_texts(right_row2) == ["Hà Nội, ngày 05 tháng 02 năm 2021"]
    assert not paragraphs_by_style(party, style_name("issuer") + " Rule"), "Party: no drawn rule under the agency"


def test_party_header_title_rule_as_long_as_text(party) -> None:
    """B.1 ô 1: a solid rule under ĐẢNG CỘNG SẢN VIỆT NAM as long as the text."""
    rules = load_rule_set("party_hd36")
    part = rules.part("header_title")
    rule = paragraphs_by_style(party, style_name("header_title") + " Rule")[0]
    text_pt = text_width_pt(rules.fixed_text["header_title"]["text"], part.size.default, bold=True)
    assert abs(_rule_length_pt(rule) - text_pt) < 1.0
    assert rule._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is None  # border comes from the style
    style_border = party.styles[style_name("header_title") + " Rule"].element.pPr.find(qn("w:pBdr"))
    assert style_border.find(qn("w:bottom")).get(qn("w:val")) == "single"


def test_header_title_fits_its_column(party, state_letter) -> None:
    """ĐẢNG CỘNG SẢN VIỆT NAM / Quốc hiệu must stay on one line in the right column."""
    for document, rule_set in ((party, "party_hd36"), (state_letter, "state_nd30")):
        rules = load_rule_set(rule_set)
        part = rules.part("header_title")
        title = paragraphs_by_style(document, style_name("header_title"))[0]
        assert title.text == rules.fixed_text["header_title"]["text"]
        width_pt = text_width_pt(title.text, part.size.default, bold=True)
        assert width_pt < _cell_width(title) / TWIPS_PER_PT


@pytest.mark.parametrize("part_name", ["superior", "issuer", "number", "place_date", "header_title", "type_name",
                                       "summary", "signature_authority", "signer_title", "signer_name",
                                       "recipients_label", "recipients", "archive", "typist"])
def test_party_part_formatting_matches_rules(party, part_name: str) -> None:
    """B.1 table: size, bold, italic, underline and alignment of each part as the rule data says."""
    part = load_rule_set("party_hd36").part(part_name)
    paragraphs = [p for p in paragraphs_by_style(party, style_name(part_name)) if p.text]
    assert paragraphs, part_name
    for paragraph in paragraphs:
        for run in paragraph._p.iter(qn("w:r")):
            resolved = resolve_run(party, paragraph._p, run)
            assert resolved.size == part.size.default
            assert resolved.bold == bool(part.bold)
            assert resolved.italic == bool(part.italic)
            assert resolved.underline == bool(part.underline)
        if part.align:
            assert paragraph.style.paragraph_format.alignment == ALIGN[part.align]
        if part.case == "upper":
            assert paragraph.text == paragraph.text.upper()


def test_party_summary_with_five_hyphens(party) -> None:
    """B.1 ô 5a: tên loại, trích yếu, then the typed '-----' centred under it."""
    rules = load_rule_set("party_hd36")
    assert _texts(party, "type_name") == [rules.doc_type("thong_bao").name]
    assert _texts(party, "summary") == [party_thong_bao().summary]
    marks = paragraphs_by_style(party, style_name("summary") + " Mark")
    assert [m.text for m in marks] == [rules.part("summary").line.text] == ["-----"]
    assert marks[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_state_header_rules_lengths(state_letter) -> None:
    """B.2 ô 1: rule as long as the tiêu ngữ; ô 2: rule 1/3–1/2 of the agency name, centred."""
    rules = load_rule_set("state_nd30")
    motto_rule = paragraphs_by_style(state_letter, style_name("motto") + " Rule")[0]
    motto = rules.fixed_text["motto"]["text"]
    assert _texts(state_letter, "motto") == [motto]
    motto_pt = text_width_pt(motto, rules.part("motto").size.default, bold=True)
    assert abs(_rule_length_pt(motto_rule) - motto_pt) < 1.0
    issuer_rule = paragraphs_by_style(state_letter, style_name("issuer") + " Rule")[0]
    issuer = rules.part("issuer")
    issuer_pt = text_width_pt("SỞ NỘI VỤ", issuer.size.default, bold=True)
    assert 1 / 3 <= _rule_length_pt(issuer_rule) / issuer_pt <= 1 / 2
    left, right = _indents(issuer_rule)
    assert abs(left - right) <= 1
    assert not [p for p in paragraphs_by_style(state_letter, style_name("issuer") + " Mark")]


def test_state_summary_rule_third_to_half_of_wrapped_text(state_decision) -> None:
    """B.2 ô 5a: the rule under a (wrapping) trích yếu is 1/3–1/2 of its widest line."""
    rules = load_rule_set("state_nd30")
    rule = paragraphs_by_style(state_decision, style_name("summary") + " Rule")[0]
    left, right = _indents(rule)
    section = state_decision.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700 * TWIPS_PER_PT
    length = (text_width - left - right) / TWIPS_PER_PT
    summary = rules.part("summary")
    widest = min(text_width / TWIPS_PER_PT, text_width_pt(state_quyet_dinh().summary, summary.size.default, bold=True))
    assert 1 / 3 <= length / widest <= 1 / 2


def test_state_letter_number_summary_and_marks(state_letter) -> None:
    """B.2 ô 3, ô 5b, ô 10b, ô 11: 'Số: 15/SNV-VP', 'V/v …' upright 12 pt, boxed KHẨN and circulation."""
    rules = load_rule_set("state_nd30")
    left = state_letter.tables[0].cell(1, 0)
    texts = _cell_texts(left)
    assert texts[:2] == ["Số: 15/SNV-VP", "V/v nâng bậc lương năm 2023"]
    assert texts[2:] == ["KHẨN", "LƯU HÀNH NỘI BỘ"]
    summary = paragraphs_by_style(state_letter, style_name("letter_summary"))[0]
    resolved = resolve_run(state_letter, summary._p, summary._p.find(qn("w:r")))
    assert resolved.size == rules.part("letter_summary").size.default and not resolved.italic
    for mark in ("urgency", "circulation"):
        assert rules.part(mark).box
        border = state_letter.styles[style_name(mark)].element.pPr.find(qn("w:pBdr"))
        assert {child.tag.split("}")[1] for child in border} == {"top", "left", "bottom", "right"}
    assert not _texts(state_letter, "type_name"), "a công văn has no tên loại line (F.9)"


def test_party_letter_summary_italic_12() -> None:
    """B.1 ô 5b / C.6: Party công văn trích yếu 12 pt italic under the number."""
    draft = for_rule_set(state_cong_van(), "party_hd36")
    draft.agency_code = "TU"
    rules = load_rule_set("party_hd36")
    document = open_docx(render_bytes(draft))
    summary = paragraphs_by_style(document, style_name("letter_summary"))[0]
    resolved = resolve_run(document, summary._p, summary._p.find(qn("w:r")))
    assert resolved.italic and resolved.size == rules.part("letter_summary").size.default == 12
    assert summary.text.startswith(rules.letter["default_prefix"])
    assert _cell_texts(document.tables[0].cell(1, 0))[0] == "Số 15-CV/TU"


# --- addressees, legal bases, body ----------------------------------------------------------


def test_state_several_addressees_one_per_line(state_letter) -> None:
    """B.2 ô 9a / Mẫu 1.5: 'Kính gửi:' then each recipient on its own line, '- ' … ';', the last '.',
    the dashes starting under the colon (hanging indent = width of 'Kính gửi')."""
    rules = load_rule_set("state_nd30")
    paragraph = paragraphs_by_style(state_letter, style_name("addressee"))[0]
    lines = paragraph.text.split("\n")
    assert lines == [rules.letter["addressee_label"], "- Các sở, ban, ngành tỉnh;",
                     "- Ủy ban nhân dân các huyện, thành phố."]
    ind = paragraph._p.pPr.find(qn("w:ind"))
    label_pt = text_width_pt(rules.letter["addressee_label"][:-1], rules.part("addressee").size.default)
    assert abs(int(ind.get(qn("w:hanging"))) / TWIPS_PER_PT - label_pt) < 0.5


def test_single_addressee_on_the_label_line() -> None:
    draft = state_cong_van()
    draft.addressees = ["Bộ Nội vụ"]
    document = open_docx(render_bytes(draft))
    assert _texts(document, "addressee") == ["Kính gửi: Bộ Nội vụ"]


def test_legal_bases_italic_and_articles_numbered(state_decision) -> None:
    """B.2 ô 6: căn cứ lines italic; Điều n. bold, numbered by the rules."""
    rules = load_rule_set("state_nd30")
    assert _texts(state_decision, "legal_basis") == state_quyet_dinh().legal_bases
    assert state_decision.styles[style_name("legal_basis")].font.italic
    articles = _texts(state_decision, "article")
    assert [a.split(".")[0] for a in articles[:3]] == ["Điều 1", "Điều 2", "Điều 3"]
    assert state_decision.styles[style_name("article")].font.bold == rules.part("article").bold


def test_state_decision_prints_its_enacting_authority_and_decide_line_around_the_legal_bases(state_decision) -> None:
    """NĐ 30 Phụ lục III Mẫu 1.2–1.3: THẨM QUYỀN BAN HÀNH (bold, capitals, centred), the căn cứ,
    then "QUYẾT ĐỊNH:" (bold, centred), then Điều 1."""
    texts = [p.text for p in state_decision.paragraphs if p.text.strip()]
    authority = texts.index("CỤC TRƯỞNG CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC")
    decide = texts.index("QUYẾT ĐỊNH:")
    first_basis = texts.index(state_quyet_dinh().legal_bases[0])
    assert authority < first_basis < decide and texts[decide + 1].startswith("Điều 1.")
    for part in ("enacting_authority", "decide"):
        style = state_decision.styles[style_name(part)]
        assert style.font.bold and style.font.size == Pt(14)
        assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert style.paragraph_format.keep_with_next
    party = open_docx(render_bytes(for_rule_set(state_quyet_dinh(), "party_hd36")))
    assert "QUYẾT ĐỊNH:" not in [p.text for p in party.paragraphs]  # HD 36 shows no such lines


def test_body_paragraphs_keep_style_labels_and_run_formatting(party) -> None:
    """B.1 ô 6: headings numbered I-, 1., a) in capitals where the rules say; runs keep bold/italic."""
    rules = load_rule_set("party_hd36")
    draft = party_thong_bao()
    labels = compute.heading_labels(draft.body, rules)
    heading1 = _texts(party, "heading1")
    assert heading1 == [f"{labels[1]}{compute.heading_text(draft.body[1], rules)}", "II- NHIỆM VỤ THỜI GIAN TỚI"]
    assert _texts(party, "heading3") == ["a) Các sở, ngành theo chức năng, nhiệm vụ triển khai ngay."]
    assert _texts(party, "dash") == ["- Tiêm chủng đạt 95% kế hoạch."]
    assert _texts(party, "plus") == ["+ Các quận nội thành hoàn thành trước hạn."]
    body = next(p for p in paragraphs_by_style(party, style_name("body")) if "quyết liệt" in p.text)
    runs = {r.text: r for r in body.runs}
    assert runs["quyết liệt"].bold and not runs["quyết liệt"].italic
    assert runs["đồng bộ"].italic and not runs["đồng bộ"].bold
    assert not runs["Công tác phòng, chống dịch được triển khai "].bold


def test_newline_in_body_text_makes_separate_paragraphs() -> None:
    """Body text never carries a soft break: a typed newline is a new paragraph of the same style."""
    draft = party_thong_bao()
    draft.body = [Paragraph("body", [Run("Dòng một\nDòng hai")])]
    document = open_docx(render_bytes(draft))
    assert _texts(document, "body") == ["Dòng một", "Dòng hai"]


# --- closing ---------------------------------------------------------------------------


def test_party_recipients_and_report_note(party) -> None:
    """B.1 ô 9b: 'Nơi nhận:' underlined 14, list 12 pt ending ',' and the last '.', report note beside its group."""
    rules = load_rule_set("party_hd36")
    closing = party.tables[1]
    left = closing.cell(0, 0)
    label = paragraphs_by_style(party, style_name("recipients_label"))[0]
    assert label.text == rules.recipients["label"]
    assert label.style.font.underline and label.style.font.size == Pt(rules.part("recipients_label").size.default)
    report = [p.text for p in paragraphs_by_style(party, style_name("recipients"))]
    assert report == ["- Ban Thường vụ Thành ủy,", "- Thường trực Thành ủy,", "- Các thành viên Ban Chỉ đạo,",
                      "- Các quận ủy, huyện ủy,"]
    assert _texts(party, "archive") == ["- Lưu Văn phòng Thành ủy."]
    nested = left.tables[0]
    assert [p.text for p in nested.cell(0, 0).paragraphs] == report[:2]
    assert nested.cell(0, 2).paragraphs[0].text == rules.recipients["report_note"]
    assert _brace_heights_pt(nested.cell(0, 1)) == [round(report_brace_height_pt(2, 12.0), 2)]  # "}" beside two
    assert party.styles[style_name("recipients")].font.size == Pt(rules.part("recipients").size.default)
    assert _texts(party, "typist") == ["TNT.(30)"]


def _brace_heights_pt(cell) -> list[float]:
    """Heights of the right-brace shapes drawn in a cell, in points."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    heights = []
    for inline in cell._tc.iter(f"{{{wp}}}inline"):
        geometry = next(inline.iter(f"{{{a}}}prstGeom"))
        assert geometry.get("prst") == "rightBrace"
        heights.append(round(int(inline.find(f"{{{wp}}}extent").get("cy")) / 12700, 2))
    return heights


def test_report_brace_spans_the_printed_lines_of_its_group() -> None:
    """B.1 ô 9b: the brace is as tall as the group's lines once they wrap in their cell."""
    document = render_document(load_draft(EXAMPLES / "state_cong_van.json"))
    nested = document.tables[1].cell(0, 0).tables[0]
    texts = [p.text for p in nested.cell(0, 0).paragraphs]
    width_pt = nested.cell(0, 0).width.pt
    printed = wrapped_lines(texts, 11.0, wrap_pt=width_pt)
    assert len(printed) > len(texts)  # the first recipient wraps: the brace covers both of its lines
    assert _brace_heights_pt(nested.cell(0, 1)) == [round(report_brace_height_pt(len(printed), 11.0), 2)]
    assert nested.cell(0, 2).paragraphs[0].text == "(để báo cáo)"
    ids = [el.get("id") for el in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert ids == [str(i) for i in range(1, len(ids) + 1)]


def test_state_recipients_punctuation_and_sizes(state_letter) -> None:
    """B.2 ô 9b: 'Nơi nhận:' 12 bold italic; list 11 pt; '- Như trên;' first for a công văn; last 'Lưu: VT, …'."""
    rules = load_rule_set("state_nd30")
    label = paragraphs_by_style(state_letter, style_name("recipients_label"))[0]
    assert label.style.font.bold and label.style.font.italic and label.style.font.size == Pt(12)
    lines = [p.text for p in paragraphs_by_style(state_letter, style_name("recipients"))]
    assert lines[0] == "- Như trên;"
    assert all(line.endswith(rules.recipients["line_end"]) for line in lines)
    assert _texts(state_letter, "archive") == ["- Lưu: VT, VP."]
    size = state_letter.styles[style_name("recipients")].font.size
    assert size == Pt(rules.part("recipients").size.default) == Pt(11)


def test_signature_block(party, state_letter) -> None:
    """C.5 and B ô 7a/7b: authority prefix, title in capitals bold, blank space, name bold, right column."""
    for document, prefix in ((party, "K/T TRƯỞNG BAN"), (state_letter, "KT. GIÁM ĐỐC")):
        right = document.tables[1].cell(0, 1)
        texts = [p.text for p in right.paragraphs]
        assert texts[0] == prefix
        assert texts[1] == texts[1].upper() and texts[1].startswith("PHÓ")
        assert texts[2:6] == [""] * 4
        assert texts[-1] in ("Phạm Văn Hiểu", "Nguyễn Văn An")
        for name in ("signer_title", "signer_name", "signature_authority"):
            assert document.styles[style_name(name)].font.bold


def test_own_signature_has_no_prefix(state_decision) -> None:
    right = state_decision.tables[1].cell(0, 1)
    assert right.paragraphs[0].text == "CỤC TRƯỞNG"


# --- optional parts ---------------------------------------------------------------------


def test_draft_marker_and_contact_on_page_one_only(party) -> None:
    """B.1 ô 11b (draft marker, top right) and ô 13 (contact, foot of page 1)."""
    section = party.sections[0]
    assert [p.text for p in section.first_page_header.paragraphs if p.text] == ["Dự thảo lần 2"]
    marker = section.first_page_header.paragraphs[0]
    assert marker.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [p.text for p in section.first_page_footer.paragraphs if p.text] == [party_thong_bao().extras.contact]
    assert not [p.text for p in section.footer.paragraphs if p.text]


def test_state_contact_under_full_width_rule(state_letter) -> None:
    """B.2 ô 13: contact line under a solid rule spanning the text width."""
    style = state_letter.styles[style_name("contact")]
    assert style.element.pPr.find(f"{qn('w:pBdr')}/{qn('w:top')}") is not None


def test_empty_optional_parts_leave_no_paragraphs() -> None:
    draft = party_thong_bao()
    draft.superior = ""
    draft.extras.draft_marker = draft.extras.contact = draft.extras.typist = ""
    draft.extras.copies = None
    draft.recipients.report = []
    document = open_docx(render_bytes(draft))
    assert _cell_texts(document.tables[0].cell(0, 0)) == ["BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19", "*"]
    assert not _texts(document, "typist")
    assert not document.tables[1].cell(0, 0).tables
    assert "{" not in full_text(document)


def test_copy_block_after_full_width_rule() -> None:
    """B.1 Party copies: full-width rule, copying body with '*', BS number, label, date, signer, recipients."""
    rules = load_rule_set("party_hd36")
    document = open_docx(render_bytes(party_with_copy()))
    separator = paragraphs_by_style(document, style_name("copy_separator"))
    assert len(separator) == 1 and separator[0].paragraph_format.left_indent in (None, 0)
    header = document.tables[2]
    assert _cell_texts(header.cell(0, 0)) == ["THÀNH ỦY HÀ NỘI", "VĂN PHÒNG", "*"]
    assert _cell_texts(header.cell(0, 1)) == [rules.copy["labels"]["sao_luc"]]
    assert _cell_texts(header.cell(1, 0)) == ["Số 129-BS/VPTU"]
    assert _cell_texts(header.cell(1, 1)) == ["Hà Nội, ngày 30 tháng 8 năm 2021"]
    closing = document.tables[3]
    assert [p.text for p in closing.cell(0, 1).paragraphs][:2] == ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"]
    assert "- Lưu Văn phòng Thành ủy." in _cell_texts(closing.cell(0, 0))


def test_no_copy_block_without_copy(party) -> None:
    assert not paragraphs_by_style(party, style_name("copy_separator"))
    assert len(party.tables) == 2


def test_attachment_in_its_own_section_with_page_numbers_restarting() -> None:
    """A.1 Page numbers: each attachment starts a new page and numbers from 1."""
    document = open_docx(render_bytes(state_quyet_dinh()))
    sections = document.sections
    assert len(sections) == 2
    start = sections[1]._sectPr.find(qn("w:pgNumType"))
    assert start is not None and start.get(qn("w:start")) == "1"
    assert sections[0]._sectPr.find(qn("w:pgNumType")) is None
    assert "Nội dung phụ lục kèm theo./." in full_text(document)
    assert _texts(document, "type_name") == ["QUYẾT ĐỊNH", "THÔNG BÁO"]


def test_attachment_first_page_carries_its_own_marker_and_contact() -> None:
    """The main draft's 'DỰ THẢO' and contact line stay on its first page; an attachment has its own."""
    from dataclasses import replace

    main = party_thong_bao()
    main = replace(main, extras=replace(main.extras, draft_marker="DỰ THẢO", contact="Liên hệ: 024.1234"))
    plain = replace(party_thong_bao(), extras=replace(main.extras, draft_marker="", contact=""))
    with_contact = replace(plain, extras=replace(plain.extras, contact="Liên hệ phụ lục: 0909"))
    document = open_docx(render_bytes(replace(main, attachments=[plain, with_contact])))

    def first_page(section) -> tuple[str, str]:
        return ("".join(p.text for p in section.first_page_header.paragraphs).strip(),
                "".join(p.text for p in section.first_page_footer.paragraphs).strip())

    assert [s.different_first_page_header_footer for s in document.sections] == [True, True, True]
    assert first_page(document.sections[0]) == ("DỰ THẢO", "Liên hệ: 024.1234")
    assert first_page(document.sections[1]) == ("", "")
    assert first_page(document.sections[2]) == ("", "Liên hệ phụ lục: 0909")
    parts = {s.first_page_header.part.partname for s in document.sections}
    assert len(parts) == 3, "each section owns its first-page header"


# --- API and errors --------------------------------------------------------------------


def test_render_to_file_is_atomic_and_returns_path(tmp_path) -> None:
    target = tmp_path / "out" / "tb.docx"
    assert render_to_file(party_thong_bao(), target) == target
    assert open_docx(target.read_bytes()).tables
    assert [p.name for p in target.parent.iterdir()] == ["tb.docx"]


def test_build_context_uses_compute() -> None:
    draft = party_thong_bao()
    rules = load_rule_set(draft.rule_set)
    context = build_context(draft, rules)
    assert context["doc"]["number_line"] == compute.draft_number_line(draft, rules) == "Số 03-TB/BCĐ"
    assert context["doc"]["date_line"] == "Hà Nội, ngày 05 tháng 02 năm 2021"
    assert context["doc"]["authority_lines"] == compute.signature_lines(draft.signature, rules)


@pytest.mark.parametrize(("field", "value", "key"), [("rule_set", "party_hd99", "render.unknown_rule_set"),
                                                    ("doc_type", "cong_dien", "render.unknown_doc_type")])
def test_unknown_rule_set_or_doc_type_is_a_vietnamese_error(field: str, value: str, key: str) -> None:
    draft = Draft(**{field: value})
    with pytest.raises(VanBanError) as info:
        render_bytes(draft)
    assert info.value.key == key
    assert value in info.value.message and info.value.message != key


def test_bad_signature_mode_is_a_vietnamese_error() -> None:
    draft = party_thong_bao()
    draft.signature.mode = "nonsense"
    with pytest.raises(VanBanError) as info:
        render_bytes(draft)
    assert info.value.key == "render.unknown_signature_mode" and "nonsense" in info.value.message


def test_rendered_file_opens_as_zip() -> None:
    import zipfile

    data = render_bytes(state_cong_van())
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_broken_template_is_a_vietnamese_error(monkeypatch) -> None:
    """A template damaged by hand (bad zip, broken Jinja tag) gives a message, not a traceback."""
    from desktop.core import render

    monkeypatch.setattr(render, "template_bytes", lambda *_: b"not a zip")
    with pytest.raises(VanBanError) as info:
        render.render_bytes(party_thong_bao())
    assert info.value.key == "render.template_broken" and "van_ban.docx" in info.value.message


def test_missing_template_is_a_vietnamese_error(monkeypatch, tmp_path) -> None:
    from desktop.core import render

    monkeypatch.setattr(render, "template_path", lambda *_: tmp_path / "khong_co.docx")
    with pytest.raises(VanBanError) as info:
        render.template_bytes.__wrapped__("party_hd36", "thong_bao")
    assert info.value.key == "render.template_missing" and "khong_co.docx" in info.value.message
