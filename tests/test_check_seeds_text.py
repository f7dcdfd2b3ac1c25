"""The five seeds, read as text, checked against the spec's own analysis (E.1–E.5, matrix E.6).

Per document: the parts found, the parts reported missing (``missing:<part>``), the Party
asterisk (E.6 row "Dấu sao"), and the key findings the spec names for each seed.
"""

from __future__ import annotations

import json

import pytest

from desktop.core.check import check_file
from desktop.core.check.report import PARTS, DocumentReport, FileReport
from desktop.core.i18n import tr
from tests.conftest import SEEDS

ALL_HEADER = {"header_title", "issuer", "number", "place_date"}


def seed(prefix: str) -> FileReport:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return check_file(path)


def found(doc: DocumentReport) -> set[str]:
    return {part for part in PARTS if doc.parts[part].found}


def missing(doc: DocumentReport) -> set[str]:
    return {f.code.split(":", 1)[1] for f in doc.findings if f.code.startswith("missing:")}


def asterisk_present(doc: DocumentReport) -> bool:
    return not any(f.message == tr("check.layout.asterisk_missing") for f in doc.findings)


def messages(doc: DocumentReport, code: str) -> list[str]:
    return [f.message for f in doc.findings if f.code == code]


# E.6 matrix, written out per document. "found" = ✓ or ~ (malformed parts are found and get a
# format finding); "missing" = ✗ where the part is required; n/a parts are neither.
EXPECTED = {
    # E.1: the whole header is missing; T/L, title, name, Nơi nhận and Lưu present.
    ("000", 0): dict(found={"type_name", "summary", "body", "signature_authority", "signer_title", "signer_name",
                            "recipients", "archive"},
                     missing=ALL_HEADER, asterisk=False),
    # E.2: a lone *, Số 03-TB/BCĐ; no tiêu đề, agency or date; no K/T above PHÓ … (quyền hạn ✗).
    ("001", 0): dict(found={"number", "type_name", "summary", "body", "signer_title", "signer_name", "recipients",
                            "archive"},
                     missing={"header_title", "issuer", "place_date", "signature_authority"}, asterisk=True),
    # E.3 (a): the công văn: everything but the asterisk (tiêu đề and number malformed, found).
    ("002", 0): dict(found={"header_title", "issuer", "number", "place_date", "summary", "addressee", "body",
                            "signature_authority", "signer_title", "signer_name", "recipients", "archive"},
                     missing=set(), asterisk=False),
    # E.3 (b): the attached Thông báo: no header, only the name survives of the signature.
    ("002", 1): dict(found={"type_name", "summary", "body", "signer_name", "recipients", "archive"},
                     missing=ALL_HEADER | {"signature_authority", "signer_title"}, asterisk=False),
    # E.4 (a): the original: no asterisk, no Nơi nhận (so no Lưu); CHÁNH VĂN PHÒNG needs no prefix.
    # (E.6 marks Nơi nhận ✗ and Lưu ✗: with no list at all, one missing:recipients covers both.)
    ("003", 0): dict(found={"header_title", "issuer", "number", "place_date", "type_name", "summary", "body",
                            "signer_title", "signer_name"},
                     missing={"recipients"}, asterisk=False),
    # E.4 (b): the SAO LỤC copy block: no signer at all.
    ("003", 1): dict(found={"issuer", "number", "place_date", "type_name", "copy_block", "recipients", "archive"},
                     missing={"signature_authority", "signer_title", "signer_name"}, asterisk=True),
    # E.5: no header; tên loại glued to the trích yếu; T/M present.
    ("004", 0): dict(found={"type_name", "summary", "body", "signature_authority", "signer_title", "signer_name",
                            "recipients", "archive"},
                     missing=ALL_HEADER, asterisk=False),
}
DOCUMENT_COUNTS = {"000": 1, "001": 1, "002": 2, "003": 2, "004": 1}


@pytest.mark.parametrize("prefix", sorted(DOCUMENT_COUNTS))
def test_seed_is_read_and_split_into_its_documents(prefix):
    report = seed(prefix)
    assert report.readable and report.error is None
    assert len(report.documents) == DOCUMENT_COUNTS[prefix]
    assert all(doc.system == "party" and doc.rule_set == "party_hd36" for doc in report.documents)


@pytest.mark.parametrize(("prefix", "index"), sorted(EXPECTED))
def test_parts_found_and_missing_match_matrix_e6(prefix, index):
    doc = seed(prefix).documents[index]
    want = EXPECTED[(prefix, index)]
    assert found(doc) == want["found"]
    assert missing(doc) == want["missing"]
    assert asterisk_present(doc) is want["asterisk"]


def test_seed_000_lưu_line_in_state_form_and_detached_report_note():
    doc = seed("000").documents[0]
    archive = [f for f in doc.findings if f.code == "format:archive"]
    assert [f.message for f in archive] == [tr("check.format.archive_state_form")]
    assert archive[0].severity == "warning" and "dòng 54" in archive[0].where
    notes = [f for f in doc.findings if f.message == tr("check.format.report_note_detached_misspelt")]
    assert len(notes) == 1 and "(Đề b/c)" in notes[0].where
    assert "text:tone_marks" in {f.code for f in doc.findings}


def test_seed_001_deputy_without_kt_and_name_differs_from_body():
    doc = seed("001").documents[0]
    deputy = [f for f in doc.findings if f.code == "missing:signature_authority"]
    assert len(deputy) == 1 and deputy[0].severity == "error" and "K/T" in deputy[0].message
    (near,) = messages(doc, "format:signer_name")
    assert "Phạm Văn Hiểu" in near and "Phạm Văn Hiếu" in near and "dòng 14" in near
    assert doc.parts["signer_name"].text == "Phạm Văn Hiểu"
    assert doc.parts["number"].text == "Số 03-TB/BCĐ"
    assert not [f for f in doc.findings if f.code == "format:number"]


def test_seed_002a_misspelt_title_spaced_number_and_mixed_system():
    doc = seed("002").documents[0]
    assert doc.doc_type == "cong_van" and not doc.parts["type_name"].found
    assert doc.parts["header_title"].text == "ĐẢNG CÔNG SẢN VIỆT NAM"
    assert tr("check.format.header_title_spelling", expected="ĐẢNG CỘNG SẢN VIỆT NAM") in messages(
        doc, "format:header_title")
    assert any("dấu cách thừa" in m for m in messages(doc, "format:number"))
    (mixed,) = [f for f in doc.findings if f.code == "mixed_system"]
    assert mixed.severity == "error" and "«;»" in mixed.message and "Lưu: VT, VPBCSD." in mixed.message
    assert doc.parts["summary"].text.startswith("V/v phân công")
    assert doc.parts["addressee"].text.startswith("Kính gửi:")
    recipient_rules = {f.rule.split(";")[0] for f in doc.findings if f.code == "format:recipients"}
    assert recipient_rules == {"F.20"}  # ";" endings are the mixed_system finding; "(để b/c)" sits after its group
    assert messages(doc, "format:archive") == []  # 'Lưu: VT,' is one of the mixed-system marks


def test_seed_002b_stamp_skipped_and_attachment_starts_at_its_title():
    doc = seed("002").documents[1]
    assert doc.parts["type_name"].text == "THÔNG BÁO" and "dòng 92" in doc.parts["type_name"].where
    assert doc.parts["summary"].text.startswith("Kết luận của Ban Thường vụ Thành ủy")
    assert doc.parts["signer_name"].text == "Nguyễn Thị Tuyền"
    assert not any("ĐẾN" in part.text or "Chuyên" in part.text for part in doc.parts.values())


def test_seed_003_original_and_copy_block():
    original, copy = seed("003").documents
    assert not original.is_copy and copy.is_copy
    assert original.parts["signer_name"].text == "Lê Minh Hưng"
    assert original.parts["number"].text == "Số 10-TB/VPTW"
    assert copy.parts["copy_block"].text == "SAO LỤC"
    assert any("dấu cách thừa" in m for m in messages(copy, "format:number"))
    assert tr("check.format.archive_bare") in messages(copy, "format:archive")
    assert "info" in {f.severity for f in original.findings if f.code == "format:summary"}


def test_seed_004_glued_title_split_and_roman_dot_warning():
    doc = seed("004").documents[0]
    assert doc.parts["type_name"].text == "THÔNG BÁO"
    assert doc.parts["summary"].text.startswith("KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY / tại Hội nghị")
    glued = [f for f in doc.findings if f.code == "format:type_name"]
    assert [f.message for f in glued] == [tr("check.format.glued")]
    heading = [f for f in doc.findings if f.message.startswith("Số La Mã")]
    assert len(heading) == 1 and heading[0].severity == "warning" and "«.»" in heading[0].message


@pytest.mark.parametrize("prefix", sorted(DOCUMENT_COUNTS))
def test_text_input_lists_what_it_cannot_judge(prefix):
    for doc in seed(prefix).documents:
        assert tr("check.not_evaluated.seal") in doc.not_evaluated
        assert tr("check.not_evaluated.signature") in doc.not_evaluated
        assert tr("check.not_evaluated.sizes_fonts") in doc.not_evaluated
        assert tr("check.not_evaluated.lines") in doc.not_evaluated
        assert not any(f.code.startswith("page:") for f in doc.findings)


def test_seed_without_markup_does_not_judge_bold():
    doc = seed("001").documents[0]
    assert tr("check.not_evaluated.bold_italic") in doc.not_evaluated
    assert not any("in đậm" in f.message for f in doc.findings)


def test_report_json_line_carries_parts_and_findings():
    data = json.loads(seed("003").to_json())
    assert data["readable"] is True and len(data["documents"]) == 2
    assert data["documents"][1]["is_copy"] is True
    assert data["documents"][1]["parts"]["copy_block"]["found"] is True
    assert all(set(f) == {"code", "severity", "rule", "where", "message", "fix"}
               for doc in data["documents"] for f in doc["findings"])
