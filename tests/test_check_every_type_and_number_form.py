"""Every type of NĐ 30 (C.2) and of QĐ 399 (C.3) is a tên loại, with its own number form.

The types and codes are rule data (resources/rules/*.json ``type_codes`` and ``types``), so each
test renders an example and only retypes its tên loại and number the way an office would.
"""

from __future__ import annotations

import pytest

from desktop.core.rules import load_rule_set
from tests.word_edits import insert_after, problems, retext, variant

STATE = load_rule_set("state_nd30")
PARTY = load_rule_set("party_hd36")
COPY_TYPES = {"Bản sao y", "Bản trích sao", "Bản sao lục"}  # written as a copy block, not a tên loại
ENACTING = {dt.label for dt in STATE.doc_types.values() if dt.enacting}  # with căn cứ and QUYẾT ĐỊNH: of their own
TWO_SIGNERS = {dt.name for dt in STATE.doc_types.values() if dt.signatures == 2}  # biên bản, hợp đồng (Mẫu 1.9)


@pytest.mark.parametrize("name, code", [(n, c) for n, c in STATE.type_name_codes().items()
                                        if n not in COPY_TYPES | ENACTING])
def test_every_state_type_is_read_with_its_code_and_no_finding(tmp_path, name, code):
    doc = variant("state_thong_bao", tmp_path, retext("THÔNG BÁO", name.upper()), retext("/TB-SNV", f"/{code}-SNV"))[0]
    assert doc.parts["type_name"].text == name.upper()
    assert doc.parts["summary"].text.startswith("Kết quả xét tuyển")
    # one signer under a tên loại that has two side by side: that warning only (tests/test_bien_ban_two_signers.py)
    second = [("warning", "missing:co_signature")] if name.upper() in TWO_SIGNERS else []
    assert [(severity, code) for severity, code, _ in problems(doc)] == second


@pytest.mark.parametrize("name", ["Thông tri", "Kết luận", "Chiến lược", "Lời kêu gọi", "Giấy chứng nhận"])
def test_party_types_of_qd_399_are_read(tmp_path, name):
    doc = variant("party_thong_bao", tmp_path, retext("THÔNG BÁO", name.upper()))[0]
    assert doc.parts["type_name"].text == name.upper()


def test_a_legal_documents_number_carries_its_year(tmp_path):
    """'Số: 30/2020/NĐ-CP', as the Nghị định that defines the rules is numbered itself."""
    doc = variant("state_thong_bao", tmp_path, retext("THÔNG BÁO", "NGHỊ ĐỊNH"),
                  retext("45/TB-SNV", "30/2020/NĐ-CP"))[0]
    assert doc.parts["number"].text == "Số: 30/2020/NĐ-CP"
    assert problems(doc) == []


def test_a_legal_number_with_the_wrong_type_code_is_named(tmp_path):
    doc = variant("state_thong_bao", tmp_path, retext("THÔNG BÁO", "NGHỊ ĐỊNH"),
                  retext("45/TB-SNV", "30/2020/QĐ-CP"))[0]
    assert [(s, c) for s, c, _ in problems(doc)] == [("warning", "format:number")]
    assert "NĐ" in problems(doc)[0][2]


@pytest.mark.parametrize("number", ["Số: 93/2007/QĐ-TTg", "Số: 07/CT-TTg", "Số: 12/TTr-UBND", "Số: 05/QyĐ-UBND",
                                    "Số: 03/CTr-UBND", "Số: 04/TrS-UBND"])
def test_mixed_case_codes_are_well_formed(tmp_path, number):
    doc = variant("state_thong_bao", tmp_path, retext("Số: 45/TB-SNV", number))[0]
    assert [c for _, c, _ in problems(doc, "error")] == []


def test_other_lower_case_codes_are_still_errors(tmp_path):
    doc = variant("state_thong_bao", tmp_path, retext("Số: 45/TB-SNV", "Số: 45/TB-Snv"))[0]
    assert [c for _, c, _ in problems(doc, "error")] == ["format:number"]


def test_a_compound_title_is_one_tên_loại(tmp_path):
    """'GIẤY MỜI HỌP': the tên loại Giấy mời with one word more; the trích yếu is the next line."""
    doc = variant("state_giay_moi", tmp_path, retext("GIẤY MỜI", "GIẤY MỜI HỌP"))[0]
    assert doc.parts["type_name"].text == "GIẤY MỜI HỌP"
    assert doc.parts["summary"].text == "Dự Hội nghị triển khai công tác thi đua, khen thưởng năm 2026"
    assert doc.doc_type == "giay_moi"
    assert problems(doc) == []


def test_a_chapter_title_is_never_a_tên_loại(tmp_path):
    """'Chương I' / 'QUY ĐỊNH CHUNG' in the body: the document stays one Quyết định."""
    docs = variant("state_quyet_dinh", tmp_path, insert_after("QUYẾT ĐỊNH:", "Chương I"),
                   insert_after("Chương I", "QUY ĐỊNH CHUNG"))
    assert docs[0].parts["type_name"].text == "QUYẾT ĐỊNH"
    assert [d.parts["type_name"].text for d in docs] == ["QUYẾT ĐỊNH", "SAO Y"]


def test_a_chapter_before_any_tên_loại_does_not_become_one(tmp_path):
    """A Nghị định whose tên loại is missing: 'Chương I / QUY ĐỊNH CHUNG' is not taken for it."""
    docs = variant("state_quyet_dinh", tmp_path, retext("QUYẾT ĐỊNH", "", nth=0),
                   insert_after("QUYẾT ĐỊNH:", "Chương I"), insert_after("Chương I", "QUY ĐỊNH CHUNG"))
    assert not any(d.parts["type_name"].found for d in docs[:-1])
    assert [d.parts["type_name"].text for d in docs][-1] == "SAO Y"
