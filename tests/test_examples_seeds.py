"""The seed drafts hold only what each seed says; validate flags exactly what spec E.6 finds missing.

Parts the rules compute (tiêu đề, `*`, punctuation, spaces in the number) cannot be missing
from a draft, so the E.6 rows for them have no counterpart here; every other ✗ / ~ does.
"""

from __future__ import annotations

import json

import pytest

from desktop.core.model import load_draft
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES

E, W, N = "error", "warning", "info"  # N: a note (info)

EXPECTED: dict[str, set[tuple[str, str, str]]] = {
    # E.1: no header (tên cơ quan, số ký hiệu, địa danh/ngày ✗); Lưu in the state "VT" form (~); ủy/uỷ mixed.
    "seed_000_thong_bao_ket_luan": {
        (E, "schema.minLength", "issuer"), (E, "schema.minLength", "agency_code"), (E, "schema.minLength", "place"),
        (W, "rule.number_blank", "number"), (W, "rule.date_blank", "date"),
        (W, "rule.archive_other_system", "recipients.archive"), (N, "rule.tone_marks_mixed", ""),
    },
    # E.2: tên cơ quan and địa danh/ngày ✗, a deputy without K/T (quyền hạn ✗), name differs from the body.
    "seed_001_thong_bao_bcd": {
        (E, "schema.minLength", "issuer"), (E, "schema.minLength", "place"), (W, "rule.date_blank", "date"),
        (E, "rule.deputy_without_prefix", "signature.position"), (W, "rule.signer_name_mismatch", "signature.name"),
    },
    # E.3 (a) state-style nơi nhận: a lower-case line, "Lưu: VT, …"; (b) the attachment has no header and no chức vụ.
    "seed_002_cong_van_kem_thong_bao": {
        (W, "rule.recipient_lowercase", "recipients.others[7]"), (W, "rule.archive_other_system", "recipients.archive"),
        (W, "rule.recipient_other_system", "recipients.others[0]"),  # "Như trên" (state style, E.3)
        (E, "schema.minLength", "attachments[0].issuer"), (E, "schema.minLength", "attachments[0].agency_code"),
        (E, "schema.minLength", "attachments[0].place"), (E, "schema.minLength", "attachments[0].signature.position"),
        (W, "rule.number_blank", "attachments[0].number"), (W, "rule.date_blank", "attachments[0].date"),
    },
    # E.4 (a) no nơi nhận / Lưu; capitals in the trích yếu are info; (b) the copy has no signer and a bare "Lưu.".
    "seed_003_thong_bao_sao_luc": {
        (E, "rule.recipients_empty", "recipients"), (E, "schema.minLength", "recipients.archive"),
        (N, "rule.summary_caps", "summary"), (N, "rule.tone_marks_mixed", ""),
        (E, "schema.minLength", "copy.signature.name"), (E, "schema.minLength", "copy.signature.position"),
        (E, "schema.minLength", "copy.recipients.archive"),
    },
    # E.5: no header; "I." (state style) instead of "I-" is a warning only.
    "seed_004_thong_bao_ket_luan_btv": {
        (E, "schema.minLength", "issuer"), (E, "schema.minLength", "agency_code"), (E, "schema.minLength", "place"),
        (W, "rule.number_blank", "number"), (W, "rule.date_blank", "date"),
        (W, "rule.heading_marker_system", "body[2]"), (W, "rule.heading_marker_system", "body[3]"),
        (N, "rule.summary_caps", "summary"),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_problems_are_exactly_the_spec_findings(name):
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    found = {(p.severity, p.code, p.field) for p in validate_draft(data)}
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_problems_are_the_same_from_the_model(name):
    draft = load_draft(EXAMPLES / f"{name}.json")
    from_model = {(p.severity, p.code, p.field) for p in validate_draft(draft)}
    assert from_model == EXPECTED[name]


def test_seed_texts_are_kept():
    d001 = load_draft(EXAMPLES / "seed_001_thong_bao_bcd.json")
    assert d001.number == "03" and d001.agency_code == "BCĐ"
    assert [p.style for p in d001.body].count("heading1") == 4  # I- … IV-
    assert any(p.text.startswith("(1) Giai đoạn 1") for p in d001.body)  # irregular numbering stays typed
    d002 = load_draft(EXAMPLES / "seed_002_cong_van_kem_thong_bao.json")
    assert d002.doc_type == "cong_van" and len(d002.attachments) == 1
    item = d002.body[1]  # "**1. Phân công …:** quán triệt …": bold lead kept as a run, number as typed
    assert item.style == "body" and item.runs[0].text.startswith("1. Phân công") and item.runs[0].bold
    assert not item.runs[1].bold
    assert [p.style for p in d002.body].count("plus") == 3
    d003 = load_draft(EXAMPLES / "seed_003_thong_bao_sao_luc.json")
    assert d003.copy is not None and d003.copy.kind == "sao_luc" and d003.copy.number == "129"
    assert any(p.text.startswith("2.1. ") and p.style == "body" for p in d003.body)
    d004 = load_draft(EXAMPLES / "seed_004_thong_bao_ket_luan_btv.json")
    italic = [run.text for p in d004.body for run in p.runs if run.italic]
    assert "Khẩu trang - Khử khuẩn - Khoảng cách - Không tụ tập - Khai báo y tế" in italic
    assert d004.recipients.archive_initials == "TNThanh"
