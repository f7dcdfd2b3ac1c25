"""Referee-like checks of the dấu khẩn stamp (Phụ lục I III.2.b; spec B.2 ô 10b) and of the giấy
form (NĐ 30 Phụ lục III Mẫu 1.8 Giấy giới thiệu, Mẫu 1.10 Giấy nghỉ phép), read from rendered files.
"""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from desktop.core import ooxml
from desktop.core.model import load_draft
from desktop.core.render import BOX_BORDER_PT, BOX_BORDER_SPACE_PT, render_bytes, rule_style_name, style_name
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES
from tests.render_helpers import open_docx, paragraphs_by_style, resolve_run, state_cong_van

TWIPS_PER_MM = 1440 / 25.4
STAMPS = {"HỎA TỐC": (30, 8), "THƯỢNG KHẨN": (40, 8), "KHẨN": (20, 8)}


def test_state_urgency_levels_are_the_three_of_nd30_and_party_adds_hen_gio():
    assert set(load_rule_set("state_nd30").raw["marks"]["urgency"]) == set(STAMPS)
    assert "HỎA TỐC HẸN GIỜ" in load_rule_set("party_hd36").raw["marks"]["urgency"]
    part = load_rule_set("state_nd30").part("urgency")
    assert {text: part.frame_mm(text) for text in STAMPS} == {t: (float(w), float(h)) for t, (w, h) in STAMPS.items()}


def _stamp(level: str):
    draft = state_cong_van()
    draft.extras.urgency = level
    document = open_docx(render_bytes(draft))
    [mark] = paragraphs_by_style(document, style_name("urgency"))
    return document, mark


@pytest.mark.parametrize("level", list(STAMPS))
def test_state_urgency_stamp_has_its_size_red_frame_and_red_bold_capitals(level: str):
    document, mark = _stamp(level)
    width_mm, height_mm = STAMPS[level]
    assert mark.text == level
    cell = next(a for a in mark._p.iterancestors(qn("w:tc")))
    column = ooxml.cell_width_twips(cell)
    ppr = mark._p.find(qn("w:pPr"))
    ind = ppr.find(qn("w:ind"))
    left, right = int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))
    edge = (BOX_BORDER_SPACE_PT + BOX_BORDER_PT) * 20
    outer = column - left - right + 2 * edge
    assert outer / TWIPS_PER_MM == pytest.approx(width_mm, abs=0.3)
    assert (left - edge) / TWIPS_PER_MM == pytest.approx(0, abs=0.3)  # flush with the column's left edge
    style = document.styles[style_name("urgency")]
    spacing = style.paragraph_format.line_spacing.pt
    assert (spacing + 2 * (BOX_BORDER_SPACE_PT + BOX_BORDER_PT)) * 25.4 / 72 == pytest.approx(height_mm, abs=0.3)
    border = style.element.pPr.find(qn("w:pBdr"))
    assert {child.tag.split("}")[1]: child.get(qn("w:color")) for child in border} == dict.fromkeys(
        ("top", "left", "bottom", "right"), "FF0000")
    assert style.font.color.rgb is not None and str(style.font.color.rgb) == "FF0000"
    run = resolve_run(document, mark._p, mark._p.find(qn("w:r")))
    assert run.bold and not run.italic and run.size == load_rule_set("state_nd30").part("urgency").size.default
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER  # the text centred in its frame


@pytest.mark.parametrize("example", ["state_giay_gioi_thieu.json", "state_giay_nghi_phep.json",
                                     "party_giay_gioi_thieu.json"])
def test_giay_has_its_title_and_rule_but_no_trich_yeu(example: str):
    """Mẫu 1.8 / 1.10: the tên loại, a short rule right under it, then the text; no trích yếu."""
    draft = load_draft(EXAMPLES / example)
    rules = load_rule_set(draft.rule_set)
    doc_type = rules.doc_type(draft.doc_type)
    assert not doc_type.summary and rules.form_of(draft.doc_type).group == "paper"
    document = open_docx(render_bytes(draft))
    body = [p for p in document.paragraphs if p.text.strip() or p.style.name.startswith("VB")]
    title_at = next(i for i, p in enumerate(body) if p.text == doc_type.name)
    title = body[title_at]
    part = rules.part("type_name")
    run = resolve_run(document, title._p, title._p.find(qn("w:r")))
    assert run.bold and run.size == part.size.default and title.text == title.text.upper()
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not paragraphs_by_style(document, style_name("summary"))
    rule = body[title_at + 1]
    line = rules.part("summary").line
    if line.kind != "rule":  # HD 36: the typed hyphens under the title
        assert rule.style.name == style_name("summary") + " Mark" and rule.text == line.text
        assert body[title_at + 2].text == draft.body[0].runs[0].text
        return
    assert rule.style.name == rule_style_name("summary") and not rule.text
    ind = rule._p.find(qn("w:pPr")).find(qn("w:ind"))
    width = ooxml.text_width_twips(document.element.body.sectPr)
    length = width - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right")))
    assert 400 < length < width / 3  # a short rule under a short title, never the page's width
    first_text = body[title_at + 2]
    assert first_text.style.name == style_name("body") and first_text.text == draft.body[0].runs[0].text


@pytest.mark.parametrize("example", ["state_giay_gioi_thieu.json", "party_giay_gioi_thieu.json"])
def test_the_preview_draws_the_giay_as_rendered(example: str):
    """The live preview (desktop/core/layout.py) shows the separator under the tên loại, no trích yếu."""
    from desktop.core.layout import layout_draft

    draft = load_draft(EXAMPLES / example)
    draft.summary = "Một trích yếu gõ nhầm"  # kept in the draft, printed by neither the file nor the preview
    model = layout_draft(draft)
    title = [ln for ln in model.lines("title") if ln.part == "type_name"]
    assert [ln.text for ln in title] == [load_rule_set(draft.rule_set).doc_type(draft.doc_type).name]
    assert not [ln for ln in model.lines("title") if ln.part == "summary" and "trích yếu" in ln.text]
    line = load_rule_set(draft.rule_set).part("summary").line
    if line.kind == "rule":
        [rule] = [r for r in model.pages[0].rules if r.part == "summary"]
        assert rule.y > title[-1].y and rule.x2 - rule.x1 < (title[-1].right - title[-1].left)
    else:
        assert [ln.text for ln in model.lines("title") if ln.part == "summary"] == [line.text]
    assert "Một trích yếu gõ nhầm" not in [p.text for p in open_docx(render_bytes(draft)).paragraphs]


def test_cong_dien_prints_its_sender_line_and_addressees_as_mau_1_6():
    """Mẫu 1.6: the tên loại and trích yếu, '<sender> điện:' centred in body type, then the '- A;' …
    '- C.' lines starting about a third into the text width; no 'Kính gửi'; the preview agrees."""
    from desktop.core.layout import layout_draft

    draft = load_draft(EXAMPLES / "state_cong_dien.json")
    rules = load_rule_set(draft.rule_set)
    document = open_docx(render_bytes(draft))
    texts = [p.text for p in document.paragraphs]
    assert "CÔNG ĐIỆN" in texts and not any(t.startswith("Kính gửi") for t in texts)
    sender = next(p for p in document.paragraphs if p.text == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH điện:")
    assert texts.index(sender.text) == texts.index(draft.summary) + 2  # after the trích yếu and its rule
    assert sender.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = resolve_run(document, sender._p, sender._p.find(qn("w:r")))
    part = rules.part("addressee")
    assert run.size == part.size.default and not run.bold and not run.italic
    items = document.paragraphs[texts.index(sender.text) + 1]
    assert items.text.split("\n") == ["- Giám đốc các sở, Thủ trưởng các ban, ngành thuộc tỉnh;",
                                      "- Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu;",
                                      "- Bộ Chỉ huy quân sự tỉnh, Công an tỉnh."]
    assert items.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert items.style.paragraph_format.left_indent.cm == pytest.approx(5.0, abs=0.01)
    assert texts.index(items.text) + 1 == texts.index(draft.body[0].runs[0].text)
    model = layout_draft(draft)
    shown = [ln.text for ln in model.lines("body")]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH điện:" in shown
    assert "- Bộ Chỉ huy quân sự tỉnh, Công an tỉnh." in shown


def test_a_cong_dien_without_our_styles_imports_its_sender_and_addressees(tmp_path):
    """A công điện typed in Word (no VănBản styles on the sender and addressee lines) is read back:
    the sender into the thẩm quyền field, the '- A;' lines into the addressees, the text into the body."""
    import docx

    from desktop.core.check.importer import import_source
    from desktop.core.check.reader import open_source

    draft = load_draft(EXAMPLES / "state_cong_dien.json")
    document = open_docx(render_bytes(draft))
    for p in document.element.body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        if style is not None and style.get(qn("w:val")) in ("VBAddressee", "VBCableAddressees"):
            ppr.remove(style)
    path = tmp_path / "cong_dien.docx"
    document.save(path)
    assert docx.Document(str(path)).paragraphs  # a real file
    got = import_source(open_source(path), None)
    assert got.doc_type == "cong_dien" and got.enacting_authority == draft.enacting_authority
    assert got.addressees == draft.addressees
    assert got.body[0].text == draft.body[0].runs[0].text
