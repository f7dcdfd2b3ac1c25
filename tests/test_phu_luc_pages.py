"""Phụ lục pages (NĐ 30 Phụ lục III Mẫu 2.1; spec B.2 "Phụ lục", A.1 "Each phụ lục is numbered
separately", A.2 Phụ lục): what the .docx holds, what the checker and the importer read from it,
and where LibreOffice prints it."""

from __future__ import annotations

import io
import json
import re
import subprocess
from dataclasses import fields, replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from desktop.core.check import check_file
from desktop.core.check.importer import import_docx, normalize_for_roundtrip
from desktop.core.model import Appendix, Draft, Paragraph, load_draft
from desktop.core.render import render_bytes, render_to_file
from desktop.core.rules import available_rule_sets, load_rule_set
from tests.conftest import EXAMPLES
from tests.render_helpers import open_docx, resolve_run

KE_HOACH = EXAMPLES / "state_ke_hoach.json"
BAO_CAO = EXAMPLES / "party_bao_cao.json"


def styled(document, style: str) -> list:
    return [p for p in document.paragraphs if p.style is not None and p.style.name == style]


def look(document, paragraph) -> tuple[float | None, bool, bool, str | None]:
    """(size, bold, italic, alignment) of a paragraph's first run as Word resolves it."""
    resolved = resolve_run(document, paragraph._p, paragraph.runs[0]._r)
    align = paragraph.alignment if paragraph.alignment is not None else paragraph.style.paragraph_format.alignment
    names = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.JUSTIFY: "justify"}
    return resolved.size, resolved.bold, resolved.italic, names.get(align, str(align))


def page_start(section) -> str | None:
    numbering = section._sectPr.find(qn("w:pgNumType"))
    return numbering.get(qn("w:start")) if numbering is not None else None


# --- the .docx ----------------------------------------------------------------------------------


def test_each_phu_luc_starts_a_section_on_a_new_page_numbered_from_1():
    document = open_docx(render_bytes(load_draft(KE_HOACH)))
    sections = document.sections
    assert len(sections) == 3  # the Kế hoạch, Phụ lục I, Phụ lục II
    assert page_start(sections[0]) is None
    assert [page_start(s) for s in sections[1:]] == ["1", "1"]
    for section in sections[1:]:
        assert section._sectPr.find(qn("w:type")) is None  # next page (the default)
        assert section.different_first_page_header_footer  # A.1: its page 1 shows no number
        assert not section.first_page_header.is_linked_to_previous
        assert "PAGE" not in section.first_page_header._element.xml
        assert "PAGE" in section.header._element.xml  # its page 2 on: the number, centred in the header
    # the sections end where each phụ lục begins: its label is the first paragraph after the break
    body = list(document.element.body)
    breaks = [i for i, el in enumerate(body) if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    labels = [p._p for p in styled(document, "VB Appendix Label")]
    assert [body[i + 1] for i in breaks] == labels


def test_the_heading_lines_are_those_of_mau_2_1():
    document = open_docx(render_bytes(load_draft(KE_HOACH)))
    labels = styled(document, "VB Appendix Label")
    titles = styled(document, "VB Appendix Title")
    references = styled(document, "VB Appendix Reference")
    assert [p.text for p in labels] == ["Phụ lục I", "Phụ lục II"]  # Roman numerals: two or more
    assert [p.text for p in titles] == ["CHƯƠNG TRÌNH HỘI NGHỊ CHUYÊN ĐỀ VỀ DỮ LIỆU SỐ",
                                        "DỰ TOÁN KINH PHÍ TỔ CHỨC NGÀY CHUYỂN ĐỔI SỐ TỈNH NĂM 2026"]
    assert {p.text for p in references} == {
        "(Kèm theo Kế hoạch số 96/KH-UBND ngày 14 tháng 4 năm 2026 của Ủy ban nhân dân tỉnh Quảng Ninh)"}
    assert {look(document, p) for p in labels} == {(14, True, False, "center")}
    assert {look(document, p) for p in titles} == {(14, True, False, "center")}
    assert {look(document, p) for p in references} == {(13, False, True, "center")}
    for reference in references:  # the short rule under it, as Mẫu 2.1 draws one
        rule = reference._p.getnext()
        assert rule.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "VBAppendixReferenceRule"
        indents = rule.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        assert int(indents.get(qn("w:left"))) > 1000  # narrower than the text area: sized to the line
    first_body = references[0]._p.getnext().getnext()
    assert first_body.xpath("string(.)") == "1. Thời gian, địa điểm"  # headings numbered within the phụ lục


def test_a_single_party_phu_luc_is_unnumbered_and_refers_to_the_bao_cao():
    document = open_docx(render_bytes(load_draft(BAO_CAO)))
    assert [p.text for p in styled(document, "VB Appendix Label")] == ["Phụ lục"]
    assert [p.text for p in styled(document, "VB Appendix Reference")] == [
        "(Kèm theo Báo cáo số 132-BC/TU, ngày 15 tháng 12 năm 2023 của Thành ủy Đà Nẵng)"]
    assert len(document.sections) == 2 and page_start(document.sections[1]) == "1"
    label = styled(document, "VB Appendix Label")[0]
    assert look(document, label)[1:] == (True, False, "center")  # A.2: bold, centred


def test_a_draft_not_yet_issued_leaves_the_number_and_date_dotted():
    draft = replace(load_draft(KE_HOACH), number="", date=None)
    document = open_docx(render_bytes(draft))
    assert {p.text for p in styled(document, "VB Appendix Reference")} == {
        "(Kèm theo Kế hoạch số …/KH-UBND ngày … tháng … năm … của Ủy ban nhân dân tỉnh Quảng Ninh)"}


@pytest.mark.parametrize(("typed", "running"), [
    ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH", "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NINH", "Sở Khoa học và Công nghệ tỉnh Quảng Ninh"),
    ("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("BAN THƯỜNG VỤ TỈNH ỦY", "Ban Thường vụ Tỉnh ủy"),
    ("BAN TỔ CHỨC THÀNH ỦY", "Ban Tổ chức Thành ủy"),
    ("SỞ Y TẾ THÀNH PHỐ HÀ NỘI", "Sở Y tế thành phố Hà Nội"),
    ("Ủy ban nhân dân phường Hồng Hải", "Ủy ban nhân dân phường Hồng Hải"),
])
def test_the_kem_theo_line_names_the_issuing_body_as_running_text(typed, running):
    """C.7: the body's type and the first word of its field capitalised, the unit's common noun not."""
    from desktop.core.appendices import running_name

    assert running_name(typed) == running


def _every_form() -> list[tuple[str, str]]:
    """One type of each form of each rule set (the type whose example exists)."""
    out = []
    for rule_set in available_rule_sets():
        rules = load_rule_set(rule_set)
        seen: set[str] = set()
        for key, kind in rules.doc_types.items():
            if kind.form not in seen and (EXAMPLES / kind.example).exists():
                seen.add(kind.form)
                out.append((rule_set, key))
    return out


@pytest.mark.parametrize(("rule_set", "doc_type"), _every_form(), ids=lambda v: v)
def test_every_form_of_both_rule_sets_prints_its_phu_luc_and_checks_clean(rule_set, doc_type, tmp_path):
    rules = load_rule_set(rule_set)
    draft = load_draft(EXAMPLES / rules.doc_type(doc_type).example)
    draft.body.append(Paragraph.plain("Danh sách kèm theo tại Phụ lục I và Phụ lục II./."))
    draft.appendices = [Appendix("Danh sách thứ nhất", [Paragraph.plain("Ông Nguyễn Văn An./.", "dash")]),
                        Appendix("Danh sách thứ hai", [Paragraph.plain("Bà Trần Thị Bình./.", "dash")])]
    target = render_to_file(draft, tmp_path / f"{doc_type}.docx")
    document = docx.Document(str(target))
    assert [p.text for p in styled(document, "VB Appendix Label")] == ["Phụ lục I", "Phụ lục II"]
    assert len(document.sections) == 3
    report = check_file(target)
    codes = [f.code for d in report.documents for f in d.findings]
    assert not [c for c in codes if "appendix" in c or c == "page:numbering"], codes
    signers = report.documents[0].parts["signer_name"].text.split(" | ")  # a biên bản names both signers
    assert " ".join(draft.signature.name.split()) in signers
    back = import_docx(target)
    assert [a.title.upper() for a in back.appendices] == ["DANH SÁCH THỨ NHẤT", "DANH SÁCH THỨ HAI"]


# --- the draft file --------------------------------------------------------------------------


WITHOUT = [p for p in sorted(EXAMPLES.glob("*_*.json")) if not p.name.startswith("seed_")
           and "appendices" not in json.loads(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", WITHOUT[:8], ids=lambda p: p.stem)
def test_a_draft_without_phu_luc_is_written_exactly_as_before(path):
    draft = load_draft(path)
    assert draft.appendices == []
    absent = ("appendices", "issued", "approved", *(("co_signature",) if draft.co_signature is None else ()))
    before = [f.name for f in fields(Draft) if f.name not in absent]
    assert list(json.loads(draft.to_json())) == before  # no "appendices": [] added, the same keys in order
    assert Draft.from_dict(json.loads(draft.to_json())) == draft


def test_a_draft_with_phu_luc_keeps_them_through_its_file(tmp_path):
    draft = load_draft(KE_HOACH)
    again = Draft.from_dict(json.loads(draft.to_json()))
    assert again == draft and [a.title for a in again.appendices][1].startswith("Dự toán kinh phí")
    assert again.schema_version == 1


# --- the checker ------------------------------------------------------------------------------


def test_the_checker_reads_the_document_apart_from_its_phu_luc(tmp_path):
    target = render_to_file(load_draft(KE_HOACH), tmp_path / "ke_hoach.docx")
    report = check_file(target)
    assert len(report.documents) == 1  # a phụ lục titled CHƯƠNG TRÌNH … is no second document
    doc = report.documents[0]
    assert doc.doc_type == "ke_hoach" and doc.parts["signer_name"].text == "Nguyễn Hữu Phước"
    assert doc.findings == []


def hand_made(tmp_path: Path) -> Path:
    """The Kế hoạch without phụ lục, then two typed as clerks often do: 'Phụ lục 1' not bold, no
    (Kèm theo …) line, no section break, and a body that names neither."""
    draft = replace(load_draft(KE_HOACH), appendices=[])
    for para in draft.body:
        for run in para.runs:
            run.text = re.sub(r" \((?:chương trình|dự toán chi tiết) tại Phụ lục [I]+ kèm theo\)", "", run.text)
    document = docx.Document(io.BytesIO(render_bytes(draft)))
    for number, title, line in ((1, "DANH SÁCH ĐẠI BIỂU", "Lãnh đạo các sở, ngành."),
                                (2, "DỰ TOÁN KINH PHÍ", "Kinh phí: 850.000.000 đồng.")):
        document.add_page_break()
        label = document.add_paragraph(f"Phụ lục {number}")
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER
        label.runs[0].font.size = Pt(14)
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(title)
        run.bold, run.font.size = True, Pt(14)
        document.add_paragraph(line).runs[0].font.size = Pt(14)
        signer = document.add_paragraph("Nguyễn Văn Bình")  # a name in a table of the phụ lục: never the signer
        signer.runs[0].font.size = Pt(14)
    target = tmp_path / "ke_hoach_go_tay.docx"
    document.save(str(target))
    return target


def test_the_checker_warns_of_a_phu_luc_typed_against_mau_2_1(tmp_path):
    report = check_file(hand_made(tmp_path))
    assert len(report.documents) == 1
    doc = report.documents[0]
    assert doc.parts["signer_name"].text == "Nguyễn Hữu Phước"  # the document's signer, not the phụ lục's
    found = [(f.code, f.severity, f.message) for f in doc.findings]
    fixes = [f.fix for f in doc.findings if f.code == "format:appendix"]
    ours = [f for f in found if "appendix" in f[0] or f[0] == "page:numbering"]
    assert {severity for _, severity, _ in ours} == {"warning"}
    codes = [code for code, _, _ in ours]
    assert codes.count("format:appendix") == 2  # «1», «2»: Roman numerals when two or more
    assert codes.count("missing:appendix_reference") == 2
    assert codes.count("text:appendix_reference") == 2  # the body names neither
    assert codes.count("page:numbering") == 2  # numbered on from the document
    assert ("layout:appendix", "warning", "Dòng «Phụ lục» và số phụ lục phải in đậm.") in found
    assert fixes == ["Viết «Phụ lục I».", "Viết «Phụ lục II»."]


def test_the_importer_reads_a_phu_luc_typed_by_hand(tmp_path):
    draft = import_docx(hand_made(tmp_path))
    assert [a.title for a in draft.appendices] == ["DANH SÁCH ĐẠI BIỂU", "DỰ TOÁN KINH PHÍ"]
    assert [p.text for p in draft.appendices[1].body] == ["Kinh phí: 850.000.000 đồng.", "Nguyễn Văn Bình"]
    assert draft.signature.name == "Nguyễn Hữu Phước" and draft.attachments == []


@pytest.mark.parametrize("path", [KE_HOACH, BAO_CAO], ids=lambda p: p.stem)
def test_render_then_import_gives_the_phu_luc_back(path, tmp_path):
    draft = load_draft(path)
    back = import_docx(render_to_file(draft, tmp_path / "out.docx"))
    assert normalize_for_roundtrip(back).appendices == normalize_for_roundtrip(draft).appendices
    assert normalize_for_roundtrip(back).body == normalize_for_roundtrip(draft).body


# --- printed by LibreOffice ---------------------------------------------------------------------


def _page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


@pytest.mark.libreoffice
def test_libreoffice_prints_each_phu_luc_on_its_own_pages_numbered_from_1(soffice, tmp_path):
    from desktop.core.office import docx_to_pdf

    draft = load_draft(KE_HOACH)
    long = [Paragraph.plain(f"Nội dung chi tiết thứ {i} của chương trình hội nghị chuyên đề về dữ liệu số, "
                            "phân công đơn vị chủ trì và thời gian thực hiện.", "dash") for i in range(1, 45)]
    draft.appendices[0].body += long
    pdf = docx_to_pdf(render_to_file(draft, tmp_path / "ke_hoach.docx"), tmp_path)
    assert pdf.exists()
    pages = _page_texts(pdf)
    starts = [i for i, text in enumerate(pages) if re.search(r"^\s*Phụ lục I{1,2}\s*$", text, re.M)]
    assert len(starts) == 2 and starts[0] >= 1 and starts[1] - starts[0] >= 2  # Phụ lục I takes two pages
    first_line = [text.strip().split("\n")[0].strip() for text in pages]
    assert first_line[starts[0]] == "Phụ lục I"  # its page 1: no number above the label
    assert first_line[starts[0] + 1] == "2"  # its page 2: numbered 2, not 3
    assert first_line[starts[1]] == "Phụ lục II"


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["state_ke_hoach", "party_bao_cao"])
def test_the_preview_stands_where_libreoffice_prints_the_phu_luc(name, soffice, tmp_path):
    from tests.test_layout_copy_attachments import test_preview_lines_stand_where_libreoffice_prints_them as same

    same(name, soffice, tmp_path)


def quyet_dinh_copy_with_phu_luc() -> Draft:
    draft = load_draft(EXAMPLES / "state_quyet_dinh.json")  # it carries a copy block (SAO Y)
    draft.body.append(Paragraph.plain("Danh sách thành viên tại Phụ lục kèm theo./."))
    draft.appendices = [Appendix("Danh sách thành viên", [Paragraph.plain("Ông Nguyễn Văn An./.", "dash")])]
    return draft


def test_a_copy_is_certified_after_the_phu_luc_on_the_last_page(tmp_path):
    """Mẫu 3.1: the copy block stands at the end of the copied document, its phụ lục included."""
    draft = quyet_dinh_copy_with_phu_luc()
    target = render_to_file(draft, tmp_path / "qd_sao_y.docx")
    document = docx.Document(str(target))
    body = list(document.element.body)
    label = styled(document, "VB Appendix Label")[0]._p
    separator = next(el for el in body if el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
                     and el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "VBCopySeparator")
    assert body.index(separator) > body.index(label)
    report = check_file(target)
    assert [(d.doc_type, d.is_copy) for d in report.documents] == [("quyet_dinh", False), (None, True)]
    assert [f.code for d in report.documents for f in d.findings] == []
    back = import_docx(target)
    assert normalize_for_roundtrip(back).copy == normalize_for_roundtrip(draft).copy
    assert [p.text for p in back.appendices[0].body] == ["Ông Nguyễn Văn An./."]


@pytest.mark.libreoffice
def test_the_preview_of_a_copy_with_phu_luc_stands_where_libreoffice_prints_it(soffice, tmp_path):
    from desktop.core.layout import layout_draft
    from desktop.core.office import docx_to_pdf
    from tests.test_layout_copy_attachments import _pdf_lines

    draft = quyet_dinh_copy_with_phu_luc()
    printed = _pdf_lines(docx_to_pdf(render_to_file(draft, tmp_path / "qd.docx"), tmp_path))
    model = layout_draft(draft)
    assert len(model.pages) == len(printed)
    compared = 0
    for page, lines in zip(model.pages, printed, strict=True):
        for line in page.lines:
            same = [(top, left) for top, left, text in lines if text.split() == line.text.split()]
            match = min(same, key=lambda m: abs(m[0] - line.top), default=None)
            if match is not None:
                assert line.top == pytest.approx(match[0], abs=3.0), (page.number, line.text)
                compared += 1
    assert compared > 0.8 * len(model.lines())
    assert any(ln.region.startswith("copy") for ln in model.pages[-1].lines)  # on the phụ lục's page
