"""Code rules (what JSON Schema cannot express), each read from the rule data."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.model import Draft, Paragraph, load_draft
from desktop.core.rules import load_rule_set
from desktop.core.schema import Problem, validate_draft
from tests.conftest import EXAMPLES


def example(name: str) -> Draft:
    return load_draft(EXAMPLES / f"{name}.json")


def codes(draft: Draft) -> dict[str, Problem]:
    return {p.code: p for p in validate_draft(draft)}


def test_blank_number_and_date_are_warnings_to_fill_before_issue():
    draft = example("party_thong_bao")
    draft.number, draft.date = "", None
    found = codes(draft)
    assert found["rule.number_blank"].severity == "warning"
    assert found["rule.date_blank"].severity == "warning"
    assert "trước khi ban hành" in found["rule.number_blank"].message
    assert not any(p.severity == "error" for p in found.values())


@pytest.mark.parametrize(("name", "override", "code"), [
    ("party_thong_bao", "TB-TU", "rule.number_syntax"),  # state order in a Party number
    ("party_thong_bao", "TB/TU:", "rule.number_syntax"),  # a colon in the ký hiệu
    ("state_thong_bao", "TB/SNV", "rule.number_syntax"),  # Party slash in a state number
    ("state_thong_bao", "TB-SNV VP", "rule.number_syntax"),  # a space
    ("party_thong_bao", "TB/tu", "rule.agency_code_case"),
])
def test_typed_code_must_fit_the_system_regex(name, override, code):
    draft = example(name)
    draft.code_override = override
    problem = codes(draft)[code]
    assert problem.severity == "error" and problem.field == "code_override" and problem.ref.startswith("C.1")


def test_type_code_of_the_other_system_and_mismatches_are_warnings():
    party = example("party_thong_bao")
    party.code_override = "QyĐ/TU"
    assert codes(party)["rule.type_code_foreign"].severity == "warning"  # F.6: Party Quy định is QĐ
    party.code_override = "QĐ/TU"
    mismatch = codes(party)["rule.type_code_mismatch"]
    assert mismatch.severity == "warning" and "TB" in mismatch.message
    letter = example("state_cong_van")
    letter.code_override = "CV-UBND"
    assert codes(letter)["rule.letter_type_code"].severity == "warning"


def test_agency_code_in_lower_case_is_an_error():
    draft = example("state_ke_hoach")
    draft.agency_code = "Ubnd"
    problem = codes(draft)["rule.agency_code_case"]
    assert problem.field == "agency_code" and "UBND" in problem.fix


def test_state_letter_needs_a_unit_code():
    draft = example("state_cong_van")
    draft.unit_code = ""
    assert codes(draft)["rule.unit_code_missing"].severity == "error"


def test_dates_far_away_are_flagged():
    draft = example("state_thong_bao")
    draft.date = (dt.date.today() + dt.timedelta(days=800)).isoformat()
    assert codes(draft)["rule.date_future"].severity == "warning"
    draft.date = "1930-01-01"
    assert codes(draft)["rule.date_past"].severity == "warning"


def test_a_state_decision_needs_its_enacting_authority():
    draft = example("state_quyet_dinh")
    assert "minLength" not in codes(draft)
    draft.enacting_authority = "  "
    problems = [p for p in validate_draft(draft) if p.field == "enacting_authority"]
    assert [(p.severity, p.label) for p in problems] == [("error", "Thẩm quyền ban hành")]
    assert [p for p in validate_draft(example("party_quyet_dinh")) if p.field == "enacting_authority"] == []


def test_place_that_ceased_to_exist_on_the_date_is_a_note():
    draft = example("state_thong_bao")
    draft.place, draft.date = "Bà Rịa-Vũng Tàu", "2025-09-10"
    problem = codes(draft)["rule.place_ceased"]
    assert (problem.severity, problem.field) == ("info", "place")
    assert "Thành phố Hồ Chí Minh" in problem.message
    draft.date = "2025-06-30"
    assert "rule.place_ceased" not in codes(draft)


@pytest.mark.parametrize(("name", "prefix"), [("party_cong_van", "K/T"), ("state_to_trinh", "KT.")])
def test_deputy_signing_in_own_right_needs_the_deputy_prefix(name, prefix):
    draft = example(name)
    draft.signature.mode, draft.signature.whom = "own", ""
    problem = codes(draft)["rule.deputy_without_prefix"]
    rules = load_rule_set(draft.rule_set)
    expected = "warning" if rules.signature["prefix_conf"]["deputy"] == "R" else "error"
    assert problem.severity == expected and prefix in problem.message and problem.field == "signature.position"


def test_on_behalf_needs_a_collective():
    draft = example("party_bao_cao")
    draft.signature.whom = "BÍ THƯ"
    assert codes(draft)["rule.on_behalf_not_collective"].severity == "warning"
    draft.signature.whom = "TỈNH UỶ"  # old-style tone mark still a collective
    assert "rule.on_behalf_not_collective" not in codes(draft)


@pytest.mark.parametrize("name", ["TS. Vũ Đức Thắng", "ThS. Vũ Đức Thắng", "GS.TS. Vũ Đức Thắng",
                                  "Đồng chí Vũ Đức Thắng"])
def test_titles_before_the_signer_name_are_warned(name):
    draft = example("state_thong_bao")
    draft.signature.name = name
    problem = codes(draft)["rule.signer_title_in_name"]
    assert problem.severity == "warning" and problem.ref == "F.16"


def test_recipients_lines():
    draft = example("party_ke_hoach")
    draft.recipients.others = ["các ban đảng"]
    assert codes(draft)["rule.recipient_lowercase"].field == "recipients.others[0]"
    draft.recipients.others = []
    assert codes(draft)["rule.recipients_empty"].severity == "error"
    draft = example("state_to_trinh")
    draft.recipients.archive = "VT, TCBC"
    assert codes(draft)["rule.archive_duplicate"].severity == "warning"
    draft.recipients.archive = "Lưu: TCBC"
    assert "rule.archive_prefix" in codes(draft)
    letter = example("state_cong_van")
    letter.recipients.others.insert(0, "Như trên")
    assert codes(letter)["rule.letter_first_duplicate"].field == "recipients.others[0]"
    party = example("party_cong_van")
    party.recipients.others.insert(0, "Như trên")
    assert codes(party)["rule.recipient_other_system"].severity == "warning"


def test_summary_rules():
    state = example("state_thong_bao")
    state.summary = "KẾT QUẢ XÉT TUYỂN VIÊN CHỨC NĂM 2024"
    assert codes(state)["rule.summary_caps"].severity == "warning"
    party = example("party_ke_hoach")
    party.summary = "KẾ HOẠCH TỔ CHỨC KỶ NIỆM"
    assert codes(party)["rule.summary_caps"].severity == "info"
    party.summary = "tổ chức kỷ niệm."
    assert codes(party)["rule.summary_full_stop"].severity == "warning"


def test_state_body_should_end_with_the_end_mark():
    draft = example("state_to_trinh")
    draft.body[-1] = Paragraph.plain("Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, quyết định.")
    problem = codes(draft)["rule.body_end"]
    assert problem.severity == "info" and "./." in problem.message
    party = example("party_ke_hoach")  # Party: ./. not required
    assert "rule.body_end" not in codes(party)


def test_heading_numbers_typed_or_mixed():
    draft = example("party_bao_cao")
    draft.body.append(Paragraph.plain("III. Kiến nghị"))
    assert codes(draft)["rule.heading_mixed"].severity == "warning"
    draft = example("party_ke_hoach")
    draft.body[0] = Paragraph.plain("1. Mục đích", style="heading1")
    assert codes(draft)["rule.heading_number_typed"].field == "body[0]"
    state = example("state_giay_moi")
    state.body.insert(0, Paragraph.plain("I- Thành phần"))
    assert codes(state)["rule.heading_marker_system"].severity == "warning"


def test_state_has_no_draft_marker_and_tone_marks_are_a_note():
    state = example("state_thong_bao")
    state.extras.draft_marker = "Dự thảo lần 2"
    assert codes(state)["rule.draft_marker_not_in_system"].severity == "warning"
    party = example("party_giay_moi")
    party.body.append(Paragraph.plain("Trân trọng cảm ơn Thành uỷ và các đồng chí Ủy viên."))
    note = codes(party)["rule.tone_marks_mixed"]
    assert note.severity == "info" and "uỷ" in note.message and "ủy" in note.message


def test_copy_rules():
    draft = example("state_quyet_dinh")
    draft.copy.date = "2024-05-01"
    draft.copy.signature.name = "ThS. Lương Văn Sơn"
    found = codes(draft)
    assert found["rule.copy_date_before"].field == "copy.date"
    assert found["rule.signer_title_in_name"].field == "copy.signature.name"


def test_recalled_rules_are_never_errors(monkeypatch):
    """A rule whose data says conf "R" is a warning, never an error (spec section 0)."""
    rules = load_rule_set("party_hd36")
    monkeypatch.setitem(rules.signature["prefix_conf"], "deputy", "R")
    draft = example("party_cong_van")
    draft.signature.mode = "own"
    assert codes(draft)["rule.deputy_without_prefix"].severity == "warning"


def test_nfd_input_is_checked_and_stored_as_nfc(tmp_path):
    import json
    import unicodedata

    data = json.loads((EXAMPLES / "party_giay_moi.json").read_text(encoding="utf-8"))
    nfd = json.loads(unicodedata.normalize("NFD", json.dumps(data, ensure_ascii=False)))
    assert nfd["issuer"] != data["issuer"]
    assert validate_draft(nfd) == []
    path = tmp_path / "nfd.json"
    path.write_text(json.dumps(nfd, ensure_ascii=False), encoding="utf-8")
    draft = load_draft(path)
    assert draft.issuer == data["issuer"] and unicodedata.is_normalized("NFC", draft.to_json())
