"""Biên bản (NĐ 30 Mẫu 1.9, both systems) and state Hợp đồng: two signers side by side.

What a clerk checks on the printed page: the two signature blocks stand in one row, the second
signer (the biên bản's thư ký) on the left, the chair on the right, each title bold capitals over
its signature space and its bold name; a hợp đồng prints ĐẠI DIỆN BÊN A / ĐẠI DIỆN BÊN B over the
columns; Nơi nhận under the left column. Then: the checker reads both signers (of our file and of a
Word file made by hand), the importer gives both back, the editor shows the second signer only for
such a type, and a draft with one signer keeps its JSON as before.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from desktop.core.check import check_file
from desktop.core.check.importer import import_docx, normalize_for_roundtrip
from desktop.core.layout import layout_draft
from desktop.core.model import Draft, Signature, load_draft
from desktop.core.render import render_to_file
from desktop.core.rules import load_rule_set, parse_rule_set
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES


def _signers_table(path: Path):
    """The rendered table holding the signer names, as python-docx reads it."""
    document = Document(str(path))
    return next(t for t in document.tables
                if len(t.rows) == 2 and len(t.columns) == 2 and "Nơi nhận" in t.cell(1, 0).text)


def _lines(cell) -> list:
    return [p for p in cell.paragraphs if p.text.strip()]


def _bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    style_bold = paragraph.style.font.bold
    return all(r.bold if r.bold is not None else bool(style_bold) for r in runs)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("two_signers")
    return {stem: render_to_file(load_draft(EXAMPLES / f"{stem}.json"), folder / f"{stem}.docx")
            for stem in ("state_bien_ban", "party_bien_ban", "state_hop_dong")}


def test_bien_ban_prints_secretary_left_and_chair_right_in_one_row(rendered):
    table = _signers_table(rendered["state_bien_ban"])
    left, right = table.rows[0].cells
    assert [p.text for p in _lines(left)] == ["THƯ KÝ", "Lê Thu Hà"]
    assert [p.text for p in _lines(right)] == ["CHỦ TỌA", "Vũ Đức Thắng"]
    for cell in (left, right):
        title, name = _lines(cell)
        assert title.text == title.text.upper() and _bold(title)
        assert _bold(name) and name.text.istitle()
        assert title.alignment in (None, WD_ALIGN_PARAGRAPH.CENTER) and title.style.paragraph_format.alignment \
            == WD_ALIGN_PARAGRAPH.CENTER
        blank = [p for p in cell.paragraphs if not p.text.strip()]
        assert len(blank) >= 4  # the signature space between title and name (ô 7c)
    # Mẫu 1.9: the chair's column is the wider one; Nơi nhận stands under the secretary's column
    assert left.width < right.width
    below = table.cell(1, 0)
    assert below.paragraphs[0].text == "Nơi nhận:"
    assert "- Lưu: VT, Hồ sơ." in below.text
    assert not table.cell(1, 1).text.strip()


def test_party_bien_ban_uses_the_same_columns(rendered):
    table = _signers_table(rendered["party_bien_ban"])
    assert [p.text for p in _lines(table.cell(0, 0))] == ["THƯ KÝ HỘI NGHỊ", "Phan Thị Lan"]
    assert [p.text for p in _lines(table.cell(0, 1))] == ["CHỦ TRÌ HỘI NGHỊ", "Nguyễn Minh Tâm"]
    assert "Số 15-BB/VPTU" in Document(str(rendered["party_bien_ban"])).tables[0].cell(1, 0).text


def test_hop_dong_prints_each_party_under_its_heading(rendered):
    table = _signers_table(rendered["state_hop_dong"])
    left, right = (_lines(c) for c in table.rows[0].cells)
    assert [p.text for p in left] == ["ĐẠI DIỆN BÊN A", "GIÁM ĐỐC", "Vũ Đức Thắng"]  # the issuing body: bên A
    assert [p.text for p in right] == ["ĐẠI DIỆN BÊN B", "GIÁM ĐỐC", "Đặng Thị Hương"]
    assert all(_bold(p) for p in (*left, *right))
    assert left[0].style.name == "VB Signature Heading"  # printed by the rules, never typed


@pytest.mark.parametrize("stem", ["state_bien_ban", "party_bien_ban", "state_hop_dong"])
def test_checker_reads_both_signers_and_import_gives_them_back(rendered, stem):
    report = check_file(rendered[stem])
    assert [(f.severity, f.code) for d in report.documents for f in d.findings
            if f.severity in ("error", "warning")] == []
    draft = load_draft(EXAMPLES / f"{stem}.json")
    back = normalize_for_roundtrip(import_docx(rendered[stem]))
    assert back.signature == normalize_for_roundtrip(draft).signature
    assert back.co_signature == normalize_for_roundtrip(draft).co_signature is not None


def test_check_report_names_both_signers_left_to_right(rendered):
    parts = check_file(rendered["state_bien_ban"]).documents[0].parts
    assert parts["signer_title"].text == "THƯ KÝ | CHỦ TỌA"
    assert parts["signer_name"].text == "Lê Thu Hà | Vũ Đức Thắng"


def test_a_bien_ban_signed_by_one_person_only_is_reported(tmp_path):
    document = Document(str(_word_bien_ban(tmp_path / "one signer.docx")))
    signers = next(t for t in document.tables if "THƯ KÝ" in t.cell(0, 0).text)
    for row in signers.rows:  # the secretary's column left empty
        for paragraph in row.cells[0].paragraphs:
            for run in paragraph.runs:
                run.text = ""
    document.save(str(tmp_path / "one signer.docx"))
    findings = [f for d in check_file(tmp_path / "one signer.docx").documents for f in d.findings
                if f.code == "missing:co_signature"]
    assert [f.severity for f in findings] == ["warning"] and "hai người ký" in findings[0].message


def test_a_second_signer_with_a_plain_name_is_reported_at_its_own_column(tmp_path):
    path = render_to_file(load_draft(EXAMPLES / "state_bien_ban.json"), tmp_path / "bb.docx")
    document = Document(str(path))
    table = next(t for t in document.tables if "Vũ Đức Thắng" in t.cell(0, 1).text)
    for run in _lines(table.cell(0, 1))[-1].runs:  # the chair's name made plain, as a clerk might in Word
        run.bold = False
    document.save(str(path))
    findings = [f for d in check_file(path).documents for f in d.findings if f.code == "layout:signer_name"]
    assert findings and all("cột 2" in f.where for f in findings)


def _word_bien_ban(path: Path) -> Path:
    """A biên bản typed in Word by a clerk, as NĐ 30 Mẫu 1.9 prints it: no VănBản styles, direct
    formatting, the signers in a three-column table (title row, '(Chữ ký)' row, name row)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(2), Cm(2), Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)

    def para(container, text, *, bold=False, italic=False, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True):
        p = container.add_paragraph()
        p.alignment = align
        if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
            p.paragraph_format.first_line_indent = Cm(1)
        p.paragraph_format.space_after = Pt(6)
        run = p.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), "Times New Roman"
        return p

    center = WD_ALIGN_PARAGRAPH.CENTER
    header = document.add_table(rows=2, cols=2)
    for cell in header.columns[0].cells:
        cell.width = Cm(6.5)
    for cell in header.columns[1].cells:
        cell.width = Cm(10)
    header.cell(0, 0).paragraphs[0].text = ""
    para(header.cell(0, 0), "UBND TỈNH QUẢNG NINH", size=13, align=center)
    para(header.cell(0, 0), "SỞ NỘI VỤ", bold=True, size=13, align=center)
    para(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, align=center)
    para(header.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=center)
    para(header.cell(1, 0), "Số: 07/BB-SNV", size=13, align=center)
    para(header.cell(1, 1), "Quảng Ninh, ngày 12 tháng 9 năm 2024", italic=True, align=center)
    para(document, "BIÊN BẢN", bold=True, align=center)
    para(document, "Cuộc họp giao ban công tác tháng 9 năm 2024", bold=True, align=center)
    for text in ("Thời gian bắt đầu: 08 giờ 00, ngày 12 tháng 9 năm 2024.",
                 "Địa điểm: Phòng họp tầng 3, trụ sở Sở Nội vụ.",
                 "Chủ trì (chủ tọa): đồng chí Vũ Đức Thắng, Giám đốc Sở.",
                 "Thư ký (người ghi biên bản): đồng chí Lê Thu Hà, chuyên viên Văn phòng Sở.",
                 "Nội dung: Văn phòng Sở báo cáo kết quả công tác tháng 9 năm 2024.",
                 "Cuộc họp kết thúc vào 11 giờ 00 cùng ngày./."):
        para(document, text)
    signers = document.add_table(rows=3, cols=3)
    for column, width in zip(signers.columns, (Cm(6), Cm(0.75), Cm(9.75)), strict=True):
        for cell in column.cells:
            cell.width = width
    rows = [("THƯ KÝ", "CHỦ TỌA", True, False), ("(Chữ ký)", "(Chữ ký, dấu của cơ quan)", False, True),
            ("Lê Thu Hà", "Vũ Đức Thắng", True, False)]
    for row, (left, right, bold, italic) in enumerate(rows):
        for column, text in ((0, left), (2, right)):
            cell = signers.cell(row, column)
            cell.paragraphs[0].alignment = center
            run = cell.paragraphs[0].add_run(text)
            run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(14), "Times New Roman"
    para(document, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(document, "- Ban Giám đốc Sở;", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(document, "- Lưu: VT, Hồ sơ.", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    document.save(str(path))
    return path


def test_a_word_bien_ban_with_a_signers_table_is_read_column_by_column(tmp_path):
    path = _word_bien_ban(tmp_path / "bien ban word.docx")
    report = check_file(path)
    assert report.readable and len(report.documents) == 1
    document = report.documents[0]
    assert document.doc_type == "bien_ban"
    signature_findings = [(f.severity, f.code, f.message) for f in document.findings
                          if "sign" in f.code and f.severity in ("error", "warning")]
    assert signature_findings == []
    draft = import_docx(path)
    assert draft.doc_type == "bien_ban"
    assert (draft.signature.position, draft.signature.name) == ("CHỦ TỌA", "Vũ Đức Thắng")  # right: the chair
    assert draft.co_signature is not None
    assert (draft.co_signature.position, draft.co_signature.name) == ("THƯ KÝ", "Lê Thu Hà")
    texts = [p.text for p in draft.body]
    assert not any("Chữ ký" in text for text in texts)  # the signature space's label is not body text
    assert texts[-1] == "Cuộc họp kết thúc vào 11 giờ 00 cùng ngày./."
    assert draft.recipients.archive == "Hồ sơ"


def test_draft_json_without_a_second_signer_loads_and_saves_as_before():
    path = EXAMPLES / "state_thong_bao.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "co_signature" not in data
    draft = load_draft(path)
    assert draft.co_signature is None
    assert "co_signature" not in draft.to_dict()
    written = json.loads(draft.to_json())
    assert {key: written[key] for key in data} == data  # every field as the file has it, nothing added
    assert set(written) - set(data) <= {"enacting_authority"}  # (a field older than this one)
    bien_ban = load_draft(EXAMPLES / "state_bien_ban.json")
    assert bien_ban.to_dict()["co_signature"] == {"mode": "own", "whom": "", "deputy_whom": "",
                                                  "position": "THƯ KÝ", "name": "Lê Thu Hà"}
    assert Draft.from_dict(bien_ban.to_dict()) == bien_ban


def test_a_bien_ban_without_its_second_signer_does_not_validate():
    draft = replace(load_draft(EXAMPLES / "state_bien_ban.json"), co_signature=None)
    problems = validate_draft(draft)
    assert any(p.field.startswith("co_signature") and p.severity == "error" for p in problems)
    blank_name = replace(load_draft(EXAMPLES / "party_bien_ban.json"),
                         co_signature=Signature(position="THƯ KÝ HỘI NGHỊ", name=""))
    found = [p for p in validate_draft(blank_name) if p.field == "co_signature.name"]
    assert found and "Người ký thứ hai" in found[0].label


def test_rule_data_ties_two_signers_to_the_form():
    rules = load_rule_set("state_nd30")
    assert rules.doc_type("bien_ban").signatures == 2 and rules.doc_type("hop_dong").signatures == 2
    assert rules.doc_type("bien_ban").signature_columns() == ("co_signature", "signature")
    assert rules.doc_type("hop_dong").signature_columns() == ("signature", "co_signature")
    assert rules.doc_type("thong_bao").signatures == 1
    raw = json.loads(json.dumps(rules.raw))
    raw["doc_types"]["bien_ban"]["signatures"] = 1
    with pytest.raises(ValueError, match="signature"):
        parse_rule_set(raw)


def test_preview_puts_the_two_names_on_one_line(rendered):
    layout = layout_draft(load_draft(EXAMPLES / "state_bien_ban.json"))
    page = layout.pages[-1]
    secretary = next(line for line in page.lines if line.text == "Lê Thu Hà")
    chair = next(line for line in page.lines if line.text == "Vũ Đức Thắng")
    assert secretary.field == "co_signature.name" and chair.field == "signature.name"
    assert abs(secretary.y - chair.y) < 0.5 and secretary.right < chair.left
    label = next(line for line in page.lines if line.text == "Nơi nhận:")
    assert label.y > chair.y and label.left < chair.left


def test_editor_shows_the_second_signer_only_for_a_type_with_two(qtbot):
    from desktop.ui.draft_form import DraftForm

    form = DraftForm()
    qtbot.addWidget(form)
    form.show()
    form.set_draft(load_draft(EXAMPLES / "state_thong_bao.json"))
    assert not form.groups["co_signature"].isVisible()
    assert form.draft().co_signature is None
    form.set_draft(load_draft(EXAMPLES / "state_bien_ban.json"))
    assert form.groups["co_signature"].isVisible()
    assert form.fields["co_signature.name"].text() == "Lê Thu Hà"
    assert "cột trái" in form.co_side_label.text()
    assert form.draft().co_signature == load_draft(EXAMPLES / "state_bien_ban.json").co_signature
    form.fields["co_signature.name"].setText("Trần Thị Mai")
    assert form.draft().co_signature.name == "Trần Thị Mai"
    form.type_box.setCurrentIndex(form.type_box.findData("thong_bao"))  # the form part disappears with the type
    assert not form.groups["co_signature"].isVisible() and form.draft().co_signature is None
    form.type_box.setCurrentIndex(form.type_box.findData("hop_dong"))
    assert form.groups["co_signature"].isVisible()
    assert "ĐẠI DIỆN BÊN B" in form.co_side_label.text() and "cột phải" in form.co_side_label.text()
    assert form.draft().co_signature.name == "Trần Thị Mai"  # what was typed is kept while hidden
    widget, _ = form.widget_for("co_signature")
    assert widget is form.fields["co_signature.name"]


def test_a_party_draft_naming_a_state_only_type_gets_a_message_not_a_traceback():
    data = json.loads((EXAMPLES / "party_thong_bao.json").read_text(encoding="utf-8"))
    data["doc_type"] = "hop_dong"  # the schema knows every system's types; the Party has no hợp đồng
    problems = validate_draft(data)
    assert [(p.code, p.field, p.label) for p in problems] == [("schema.enum", "doc_type", "Loại văn bản")]
    assert "hop_dong" in problems[0].message
