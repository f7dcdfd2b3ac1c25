"""A quyết định that issues a Quy chế (NĐ 30 Phụ lục III Mẫu 1.3): the Quy chế prints after the
decision's signature and Nơi nhận, from a new page numbered 1, with the issuer's header, its tên loại
and trích yếu, the italic "(Ban hành kèm theo Quyết định số … ngày … của …)" line, chapters,
sections and articles; the checker reads the decision's parts from the decision and the Quy chế's
own lines apart; the importer gives the draft back."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from desktop.core.approved_text import issuer_phrase, kem_theo_line
from desktop.core.check import check_file
from desktop.core.check.importer import import_docx, normalize_for_roundtrip
from desktop.core.model import Draft, load_draft
from desktop.core.office import docx_to_pdf
from desktop.core.render import render_to_file
from desktop.core.rules import load_rule_set
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "state_quyet_dinh_ban_hanh_quy_che.json"
RULES = load_rule_set("state_nd30")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    return render_to_file(load_draft(EXAMPLE), tmp_path_factory.mktemp("mau13") / "qd.docx")


def _body_items(path: Path) -> list:
    """Top-level paragraphs and tables of the document body, in order."""
    return [el for el in docx.Document(str(path)).element.body if el.tag in (qn("w:p"), qn("w:tbl"))]


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _approved_part(path: Path) -> list:
    """What follows the section break that ends the decision."""
    items = _body_items(path)
    cut = next(i for i, el in enumerate(items) if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None)
    return items[cut + 1:]


def _paragraph(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def _bold(document, paragraph) -> bool:
    return all((run.bold if run.bold is not None else paragraph.style.font.bold) for run in paragraph.runs
               if run.text.strip())


def test_the_quy_che_starts_a_new_section_numbered_from_one_without_a_number_on_its_first_page(rendered):
    document = docx.Document(str(rendered))
    assert len(document.sections) == 2
    decision, quy_che = document.sections
    assert quy_che.start_type == decision.start_type  # a new page (the default section start)
    assert quy_che.different_first_page_header_footer
    assert quy_che._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert "".join(p.text for p in quy_che.first_page_header.paragraphs) == ""
    assert any(instr.text.strip() == "PAGE" for instr in quy_che.header._element.iter(qn("w:instrText")))


def test_the_decisions_signature_and_noi_nhan_come_before_the_quy_che_which_has_none(rendered):
    items = _body_items(rendered)
    texts = [_text(el) for el in items]
    quy_che = texts.index("QUY CHẾ")
    assert any("Nơi nhận:" in t for t in texts[:quy_che]) and any("Trần Văn Minh" in t for t in texts[:quy_che])
    assert not any("Nơi nhận:" in t or "Trần Văn Minh" in t or "TM." in t for t in texts[quy_che:])


def test_the_quy_che_has_the_issuers_header_but_no_number_or_date_line(rendered):
    part = _approved_part(rendered)
    header = part[0]
    assert header.tag == qn("w:tbl") and len(header.findall(qn("w:tr"))) == 1
    text = _text(header)
    assert "ỦY BAN NHÂN DÂNXÃ TÂN PHÚ" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số:" not in text and "ngày" not in text


def test_tên_loại_trích_yếu_and_the_italic_kem_theo_line_as_mau_1_3_prints_them(rendered):
    document = docx.Document(str(rendered))
    type_name = [p for p in document.paragraphs if p.text == "QUY CHẾ"]
    assert len(type_name) == 1 and _bold(document, type_name[0])
    assert type_name[0].style.paragraph_format.alignment == 1  # centred
    summary = _paragraph(document, "Làm việc của Ủy ban nhân dân xã Tân Phú\nnhiệm kỳ 2021 - 2026")
    assert _bold(document, summary)
    line = _paragraph(document, "(Ban hành kèm theo Quyết định số 25/QĐ-UBND ngày 12 tháng 3 năm 2026 "
                                "của Ủy ban nhân dân xã Tân Phú)")
    assert line.style.font.italic and not line.style.font.bold and line.style.paragraph_format.alignment == 1
    rule = line._p.getnext()  # the trích yếu's drawn rule, under the Kèm theo line
    assert rule.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "VBSummaryRule"


def test_chapters_sections_and_articles_are_numbered_bold_and_centred(rendered):
    document = docx.Document(str(rendered))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("QUY CHẾ")
    own = texts[start:]
    assert [t for t in own if re.match(r"^(Chương|Mục) ", t)] == [
        "Chương I", "Chương II", "Mục 1", "Mục 2", "Chương III"]  # Mục counts within its chapter
    assert own[own.index("Chương I") + 1] == "QUY ĐỊNH CHUNG"  # the chapter's title in capitals under it
    articles = [re.match(r"^Điều (\d+)\.", t).group(1) for t in own if t.startswith("Điều ")]
    assert articles == [str(n) for n in range(1, 7)]  # through the whole text, across chapters
    for text in ("Chương II", "TRÁCH NHIỆM, PHẠM VI GIẢI QUYẾT CÔNG VIỆC", "Mục 1",
                 "TRÁCH NHIỆM CỦA ỦY BAN NHÂN DÂN XÃ"):
        paragraph = _paragraph(document, text)
        assert _bold(document, paragraph) and paragraph.style.paragraph_format.alignment == 1, text
    article = _paragraph(document, "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng")
    assert _bold(document, article)
    clause = next(p for p in document.paragraphs[start:] if p.text.startswith("1. Quy chế này quy định"))
    assert not any(run.bold for run in clause.runs)  # a khoản that is a sentence is upright (B.2 ô 6)


def test_the_decision_itself_names_the_quy_che_in_dieu_1(rendered):
    texts = [p.text for p in docx.Document(str(rendered)).paragraphs]
    assert "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân xã Tân Phú nhiệm kỳ 2021 " \
           "- 2026." in texts


def test_before_issue_the_kem_theo_line_leaves_number_and_date_to_fill_in(tmp_path):
    draft = replace(load_draft(EXAMPLE), number="", date=None)
    assert kem_theo_line(draft, RULES) == ("(Ban hành kèm theo Quyết định số …/QĐ-UBND ngày … tháng … năm … "
                                           "của Ủy ban nhân dân xã Tân Phú)")
    texts = [p.text for p in docx.Document(str(render_to_file(draft, tmp_path / "qd.docx"))).paragraphs]
    assert kem_theo_line(draft, RULES) in texts


@pytest.mark.parametrize(("written", "named"), [
    ("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "Ủy ban nhân dân xã Tân Phú"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("GIÁM ĐỐC SỞ NỘI VỤ", "Giám đốc Sở nội vụ"),
])
def test_the_kem_theo_line_names_the_authority_as_a_sentence_does(written, named):
    assert issuer_phrase(written, RULES) == named


def test_the_check_reads_the_decision_and_the_quy_che_apart_with_no_error_and_no_warning(rendered):
    report = check_file(rendered)
    decision, quy_che = report.documents
    assert (decision.doc_type, quy_che.doc_type) == ("quyet_dinh", "quy_che")
    assert decision.parts["signer_name"].text == "Trần Văn Minh" and decision.parts["archive"].found
    assert decision.parts["number"].text == "Số: 25/QĐ-UBND"
    assert quy_che.parts["summary"].found and not quy_che.parts["signer_name"].found
    assert [(f.severity, f.code, f.message) for d in report.documents for f in d.findings
            if f.severity != "info"] == []


def _edited(src: Path, dst: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            zout.writestr(info, data)
    return dst


def test_a_kem_theo_line_naming_another_decision_number_is_a_warning(rendered, tmp_path):
    bad = _edited(rendered, tmp_path / "other_number.docx", "Quyết định số 25/QĐ-UBND", "Quyết định số 52/QĐ-UBND")
    findings = [f for f in check_file(bad).documents[1].findings if f.code == "text:approved_reference"]
    assert [(f.severity, f.message) for f in findings] == [
        ("warning", "Dòng «Kèm theo» ghi «số 52/QĐ-UBND», khác số của quyết định ban hành «Số: 25/QĐ-UBND».")]


def test_chapters_out_of_order_are_a_warning(rendered, tmp_path):
    bad = _edited(rendered, tmp_path / "chapters.docx", ">Chương III<", ">Chương V<")
    findings = [f for f in check_file(bad).documents[1].findings if f.code == "format:body"]
    assert [(f.severity, f.message) for f in findings] == [
        ("warning", "Số thứ tự không liền mạch: cần «Chương III», văn bản ghi «Chương V».")]


def test_import_gives_the_draft_back_with_its_quy_che(rendered):
    got = normalize_for_roundtrip(import_docx(rendered))
    want = normalize_for_roundtrip(load_draft(EXAMPLE))
    assert got.approved is not None and got.attachments == []
    assert got.approved == want.approved
    assert [p.style for p in got.approved.body][:4] == ["chapter", "article", "heading2", "heading2"]
    assert got.body == want.body


def test_a_draft_without_an_approved_text_keeps_its_json_as_before():
    draft = load_draft(EXAMPLES / "state_quyet_dinh.json")
    assert draft.approved is None and "approved" not in draft.to_dict()
    assert json.loads(draft.to_json()) == json.loads((EXAMPLES / "state_quyet_dinh.json").read_text(encoding="utf-8"))


def test_the_validator_names_what_an_approved_text_lacks():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["approved"]["summary"] = ""
    data["approved"]["doc_type"] = "giay_moi"
    problems = {(p.severity, p.field) for p in validate_draft(data)}
    assert {("error", "approved.summary"), ("error", "approved.doc_type")} <= problems
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["doc_type"], data["legal_bases"], data["enacting_authority"] = "thong_bao", [], ""
    assert ("error", "approved") in {(p.severity, p.field) for p in validate_draft(data)}
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["approved"]["body"][0]["style"] = "chuong"
    assert any(p.field.startswith("approved.body[0]") and p.severity == "error" for p in validate_draft(data))


def test_a_decision_without_reference_to_its_quy_che_gets_a_warning():
    draft = load_draft(EXAMPLE)
    draft.body = draft.body[1:]
    warnings = [p for p in validate_draft(draft) if p.code == "rule.approved_not_referred"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân xã Tân Phú" in warnings[0].fix


def test_a_new_draft_is_still_a_draft_with_no_approved_text():
    assert Draft().approved is None


@pytest.mark.libreoffice
def test_libreoffice_prints_the_quy_che_from_a_new_page_numbered_from_one(soffice, rendered, tmp_path):
    pdf = docx_to_pdf(rendered, tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    first_of_quy_che = next(i for i, page in enumerate(pages) if "QUY CHẾ" in page and "Chương I" in page)
    assert first_of_quy_che >= 1 and "Nơi nhận:" in pages[first_of_quy_che - 1]
    assert pages[first_of_quy_che].lstrip().startswith("ỦY BAN NHÂN DÂN")  # no page number on its first page
    assert len(pages) > first_of_quy_che + 1
    assert pages[first_of_quy_che + 1].strip().splitlines()[0].strip() == "2"  # its second page is page 2


def test_the_live_preview_shows_the_quy_che_on_its_own_pages_as_printed():
    from desktop.core.layout import layout_draft

    pages = layout_draft(load_draft(EXAMPLE)).pages
    assert len(pages) == 3  # as LibreOffice prints the example: the decision, then the Quy chế on two pages
    first = [line.text for line in pages[1].lines]
    assert first[:5] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "QUY CHẾ"]
    assert pages[1].section != pages[0].section
    chapter = next(line for line in pages[1].lines if line.text == "Chương II")
    assert (chapter.part, chapter.field, chapter.align) == ("chapter", "approved.body[7]", "center")


def test_a_word_file_without_vanbans_styles_imports_its_quy_che_too(rendered, tmp_path):
    """The checker's own detection (no 'VB …' paragraph styles to go by) finds the Quy chế as well."""
    foreign = tmp_path / "foreign.docx"
    with zipfile.ZipFile(rendered) as zin, zipfile.ZipFile(foreign, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith(".xml"):
                data = data.replace(b'w:val="VB', b'w:val="Kieu').replace(b'w:styleId="VB', b'w:styleId="Kieu')
            zout.writestr(info, data)
    got = normalize_for_roundtrip(import_docx(foreign))
    want = normalize_for_roundtrip(load_draft(EXAMPLE))
    assert got.approved is not None and got.attachments == []
    assert (got.approved.doc_type, got.approved.summary) == (want.approved.doc_type, want.approved.summary)
    assert [(p.style, p.text) for p in got.approved.body] == [(p.style, p.text) for p in want.approved.body]


def test_a_chapter_number_typed_by_hand_gets_a_warning_to_use_the_chapter_kind():
    draft = load_draft(EXAMPLE)
    draft.approved.body[0] = replace(draft.approved.body[0], style="body")
    draft.approved.body[0].runs[0].text = "Chương I"
    warnings = [p for p in validate_draft(draft) if p.code == "rule.approved_division_typed"]
    assert [(p.severity, p.field) for p in warnings] == [("warning", "approved.body[0]")]
    assert "«Chương I» được gõ tay" in warnings[0].message
