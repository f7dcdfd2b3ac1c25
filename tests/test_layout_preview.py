"""Page layout model of the preview (desktop/core/layout.py): sizes, styles and strings from the rules."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import pytest

from desktop.core import compute
from desktop.core.layout import PT_PER_CM, PT_PER_MM, layout_draft
from desktop.core.metrics import text_width_pt
from desktop.core.model import Draft, Extras, Paragraph, Run, load_draft
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def example(name: str) -> Draft:
    return load_draft(EXAMPLES / name)


def test_party_header_sizes_styles_and_separators_come_from_the_rules():
    """B.1 ô 1, ô 2: ĐẢNG CỘNG SẢN VIỆT NAM bold 15 pt with a rule as long; issuer bold caps with '*'."""
    draft = example("party_thong_bao.json")
    rules = load_rule_set("party_hd36")
    model = layout_draft(draft, rules)
    title = model.find(rules.fixed_text["header_title"]["text"])
    assert title is not None and title.region == "header_right"
    assert title.size == rules.part("header_title").size.default == 15
    assert all(span.bold for span in title.spans)
    rule = next(r for r in model.pages[0].rules if r.part == "header_title")
    assert rule.x1 == pytest.approx(title.left, abs=0.5) and rule.x2 == pytest.approx(title.right, abs=0.5)
    assert rule.y > title.y
    issuer = next(ln for ln in model.lines("header_left") if ln.part == "issuer" and ln.text != "*")
    assert issuer.text == compute.upper(draft.issuer) and all(s.bold for s in issuer.spans)
    star = next(ln for ln in model.lines("header_left") if ln.text == "*")
    assert star.y > issuer.y and not star.spans[0].bold
    assert star.left + star.right == pytest.approx(issuer.left + issuer.right, abs=1.0)  # centred under it


def test_number_and_date_share_a_line_and_use_the_computed_strings():
    """B.1 ô 3 / ô 4 on the same row; strings from compute (C.1, C.4)."""
    for name, rule_set in (("party_thong_bao.json", "party_hd36"), ("state_thong_bao.json", "state_nd30")):
        draft = example(name)
        rules = load_rule_set(rule_set)
        model = layout_draft(draft, rules)
        number = model.find(compute.draft_number_line(draft, rules))
        date = model.find(compute.draft_date_line(draft, rules))
        assert number is not None and date is not None
        assert number.y == pytest.approx(date.y)
        assert number.region == "header_left" and date.region == "header_right"
        assert number.size == rules.part("number").size.default
        assert all(s.italic for s in date.spans) and date.size == rules.part("place_date").size.default


def test_state_issuer_rule_is_a_third_to_half_and_there_is_no_asterisk():
    """B.2 ô 2 / D.1: a drawn rule 1/3–1/2 of the issuer's length, no '*'."""
    draft = example("state_thong_bao.json")
    rules = load_rule_set("state_nd30")
    model = layout_draft(draft, rules)
    assert model.find("*") is None or model.find("*").part != "issuer"
    issuer_lines = [ln for ln in model.lines("header_left") if ln.part == "issuer"]
    rule = next(r for r in model.pages[0].rules if r.part == "issuer")
    widest = max(ln.right - ln.left for ln in issuer_lines)
    assert (rule.x2 - rule.x1) == pytest.approx(widest * rules.part("issuer").line.fraction.default, abs=0.5)
    assert 1 / 3 <= (rule.x2 - rule.x1) / widest <= 1 / 2


def test_party_summary_has_five_hyphens_and_state_summary_a_rule():
    party = layout_draft(example("party_thong_bao.json"))
    hyphens = [ln for ln in party.lines("title") if ln.text == "-----"]
    assert len(hyphens) == 1
    state = layout_draft(example("state_thong_bao.json"))
    assert any(r.part == "summary" for r in state.pages[0].rules)
    assert not [ln for ln in state.lines("title") if ln.text == "-----"]


def test_summary_line_break_is_kept():
    draft = example("party_thong_bao.json")
    first, second = draft.summary.split("\n")
    model = layout_draft(draft)
    summary = [ln.text for ln in model.lines("title") if ln.part == "summary" and ln.text != "-----"]
    assert summary[0] == first.strip() and summary[-1] == second.strip()


def test_body_is_justified_with_first_line_indent_and_exact_line_spacing():
    """A.2: 1.27 cm first-line indent, justified, exactly 18 pt between lines."""
    rules = load_rule_set("party_hd36")
    text = "Thường trực Thành ủy đã họp nghe báo cáo tình hình triển khai nhiệm vụ. " * 6
    draft = replace(example("party_thong_bao.json"), body=[Paragraph.plain(text.strip())])
    model = layout_draft(draft, rules)
    body = [ln for ln in model.lines("body") if ln.field == "body[0]"]
    assert len(body) > 3
    left = model.margins["left"]
    right = model.width - model.margins["right"]
    assert body[0].left == pytest.approx(left + rules.first_line_indent_cm.default * PT_PER_CM, abs=0.01)
    for line in body[1:-1]:
        assert line.left == pytest.approx(left, abs=0.01) and line.right == pytest.approx(right, abs=0.05)
    assert body[-1].right < right - 1
    gaps = {round(b.y - a.y, 3) for a, b in itertools.pairwise(body)}
    assert gaps == {rules.paragraph["line_spacing"]["default_pt"]}


def test_headings_numbered_and_capitalised_by_the_rules_runs_keep_emphasis():
    rules = load_rule_set("party_hd36")
    body = [Paragraph.plain("tình hình chung", "heading1"), Paragraph.plain("kết quả", "heading2"),
            Paragraph(style="dash", runs=[Run("đậm", bold=True), Run(" và "), Run("nghiêng", italic=True)])]
    model = layout_draft(replace(example("party_thong_bao.json"), body=body), rules)
    lines = [ln for ln in model.lines("body")]
    assert lines[0].text == "I- TÌNH HÌNH CHUNG" and all(s.bold for s in lines[0].spans)
    assert lines[1].text == "1. kết quả"
    dash = lines[2]
    assert dash.text == "- đậm và nghiêng"
    styles = {s.text: (s.bold, s.italic) for s in dash.spans}
    assert styles["đậm"] == (True, False) and styles["nghiêng"] == (False, True)


def test_recipients_and_signature_block():
    """B.1 ô 7a/7b, ô 9b: prefixes, underlined 'Nơi nhận:', 12 pt list ending ',' and '.'."""
    draft = example("party_thong_bao.json")
    rules = load_rule_set("party_hd36")
    model = layout_draft(draft, rules)
    left = model.lines("closing_left")
    label = left[0]
    assert label.text == rules.recipients["label"] and all(s.underline for s in label.spans)
    by_field: dict[str, list[str]] = {}
    for ln in left[1:]:
        if ln.part in ("recipients", "archive") and ln.text != rules.recipients["report_note"]:
            by_field.setdefault(ln.field, []).append(ln.text)
    items = [" ".join(texts) for texts in by_field.values()]  # a long name wraps inside its cell
    assert all(t.startswith("- ") for t in items)
    assert items[-1].endswith(".") and all(t.endswith(",") for t in items[:-1])
    assert {ln.size for ln in left[1:]} == {rules.part("recipients").size.default}
    note = next(ln for ln in left if ln.text == rules.recipients["report_note"])
    bracket = next(r for r in model.pages[0].rules if r.part == "recipients")
    assert bracket.shape == "brace" and bracket.x1 < bracket.x2 < note.left and bracket.y < note.y < bracket.y2
    right = [ln.text for ln in model.lines("closing_right")]
    authority = compute.signature_lines(draft.signature, rules)
    assert right[:len(authority)] == authority
    assert right[-1] == compute.title_name(draft.signature.name)
    assert label.y == pytest.approx(model.lines("closing_right")[0].y, abs=1.0)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_stays_inside_the_margins(path):
    draft = load_draft(path)
    model = layout_draft(draft)
    page_w, page_h = model.width, model.height
    assert page_w == pytest.approx(210 * PT_PER_MM) and page_h == pytest.approx(297 * PT_PER_MM)
    for page in model.pages:
        for line in page.lines:
            assert line.left >= model.margins["left"] - 0.01, line.text
            assert line.right <= page_w - model.margins["right"] + 1.0, line.text
            if line.region not in ("footer", "page_header"):
                assert line.y <= page_h - model.margins["bottom"] + 0.01, line.text


def test_long_documents_break_pages_and_number_them_from_page_two():
    rules = load_rule_set("state_nd30")
    body = [Paragraph.plain(f"Đoạn {i}: nội dung báo cáo kết quả thực hiện nhiệm vụ trong năm.") for i in range(60)]
    model = layout_draft(replace(example("state_thong_bao.json"), body=body), rules)
    assert len(model.pages) >= 2
    assert not [ln for ln in model.pages[0].lines if ln.region == "page_header"]
    assert [ln.text for ln in model.pages[1].lines if ln.region == "page_header"] == ["2"]
    last = [ln for ln in model.lines("body") if ln.field == "body[59]"]
    assert last, "the last paragraph is laid out"


def test_state_contact_line_sits_at_the_foot_of_page_one_under_a_full_width_rule():
    rules = load_rule_set("state_nd30")
    draft = replace(example("state_thong_bao.json"), extras=Extras(contact="Số 1 Tràng Tiền, Hà Nội. ĐT: 024.1234"))
    model = layout_draft(draft, rules)
    contact = [ln for ln in model.pages[0].lines if ln.region == "footer"]
    assert contact and contact[0].size == rules.part("contact").size.default
    rule = next(r for r in model.pages[0].rules if r.part == "contact")
    assert rule.x2 - rule.x1 == pytest.approx(model.width - model.margins["left"] - model.margins["right"])
    assert rule.y < contact[0].y


def test_letter_addressees_hang_under_the_colon():
    """B.2 ô 9a, as the .docx prints it: 'Kính gửi:' alone, then '- A;' and '- B.' starting under its colon."""
    draft = replace(example("state_cong_van.json"), addressees=["Sở Tài chính", "Sở Nội vụ"])
    rules = load_rule_set("state_nd30")
    model = layout_draft(draft, rules)
    lines = [ln for ln in model.lines("body") if ln.part == "addressee"]
    assert [ln.text for ln in lines] == ["Kính gửi:", "- Sở Tài chính;", "- Sở Nội vụ."]
    part = rules.part("addressee")
    colon = lines[0].left + text_width_pt("Kính gửi", part.size.default, bold=bool(part.bold), italic=bool(part.italic))
    assert lines[1].left == pytest.approx(colon, abs=0.01) and lines[2].left == pytest.approx(colon, abs=0.01)
    assert lines[0].y < lines[1].y < lines[2].y


def test_line_breaks_match_times_new_roman_widths():
    """A line never holds more than fits in Times New Roman metrics (what Word and LibreOffice use)."""
    model = layout_draft(example("state_bao_cao.json"))
    for line in model.lines("body"):
        if line.align == "justify" and len(line.spans) > 1:
            natural = sum(text_width_pt(s.text, line.size, bold=s.bold, italic=s.italic) for s in line.spans)
            assert natural <= line.right - line.left + 0.01


def test_preview_sizes_match_the_rendered_docx():
    """The .docx styles carry the same sizes as the preview lines (one rule set, two outputs)."""
    docx = pytest.importorskip("docx")
    from desktop.core.render import render_bytes

    draft = example("party_thong_bao.json")
    model = layout_draft(draft)
    document = docx.Document(io.BytesIO(render_bytes(draft)))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    checked = 0
    for line in model.lines():
        if line.region == "body" or not line.text.strip() or line.text == "*":
            continue
        para = next((p for p in paragraphs if p.text.strip() == line.text.strip()), None)
        if para is None:
            continue
        size = next((r.font.size for r in para.runs if r.font.size), None) or para.style.font.size
        style = para.style
        while size is None and style.base_style is not None:
            style = style.base_style
            size = style.font.size
        assert size is not None and size.pt == pytest.approx(line.size), line.text
        checked += 1
    assert checked >= 5


def test_state_urgency_mark_is_boxed():
    """B.2 ô 10b: the dấu khẩn in a frame (rule data: box)."""
    model = layout_draft(example("state_cong_van.json"))
    mark = next(ln for ln in model.lines("header_left") if ln.part == "urgency")
    frame = [r for r in model.pages[0].rules if r.part == "urgency"]
    assert len(frame) == 4
    xs = sorted({r.x1 for r in frame} | {r.x2 for r in frame})
    assert xs[0] < mark.left and xs[-1] > mark.right
    assert min(r.y for r in frame) < mark.top and max((r.y2 or r.y) for r in frame) > mark.y
