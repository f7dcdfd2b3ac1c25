"""Computed, not typed: number line, date line, prefixes, recipients, heading numbers (spec C)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import compute
from desktop.core.model import Draft, Paragraph, Recipients, Signature
from desktop.core.rules import load_rule_set

PARTY = load_rule_set("party_hd36")
STATE = load_rule_set("state_nd30")


def test_party_number_line_c1():
    draft = Draft(rule_set="party_hd36", doc_type="thong_bao", number="3", agency_code="BCĐ")
    assert compute.draft_number_line(draft) == "Số 03-TB/BCĐ"


def test_party_letter_code_is_cv_c3():
    draft = Draft(rule_set="party_hd36", doc_type="cong_van", number="788", agency_code="BCSĐ")
    assert compute.draft_number_line(draft) == "Số 788-CV/BCSĐ"


def test_state_number_line_c1():
    draft = Draft(rule_set="state_nd30", doc_type="thong_bao", number="12", agency_code="UBND")
    assert compute.draft_number_line(draft) == "Số: 12/TB-UBND"


def test_state_letter_number_line_c2():
    draft = Draft(rule_set="state_nd30", doc_type="cong_van", number="15", agency_code="UBND", unit_code="VP")
    assert compute.draft_number_line(draft) == "Số: 15/UBND-VP"


def test_blank_number_leaves_room_until_issue_time():
    draft = Draft(rule_set="state_nd30", doc_type="thong_bao", number="", agency_code="UBND")
    line = compute.draft_number_line(draft)
    assert line.startswith("Số: ") and line.endswith("/TB-UBND") and line[4:-8].strip() == ""


def test_number_lines_match_the_rule_regex():
    for rules, draft in (
        (PARTY, Draft(rule_set="party_hd36", doc_type="ke_hoach", number="7", agency_code="TU")),
        (STATE, Draft(rule_set="state_nd30", doc_type="to_trinh", number="7", agency_code="SNV")),
    ):
        import re

        assert re.match(rules.number["regex"], compute.draft_number_line(draft))


@pytest.mark.parametrize(
    ("day", "month", "expected"),
    [
        (5, 2, "Hà Nội, ngày 05 tháng 02 năm 2021"),  # C.4: month 2 takes a zero
        (21, 9, "Hà Nội, ngày 21 tháng 9 năm 2021"),  # months 3-12 never do
        (15, 1, "Hà Nội, ngày 15 tháng 01 năm 2021"),
        (3, 12, "Hà Nội, ngày 03 tháng 12 năm 2021"),
    ],
)
def test_official_date_line_c4(day, month, expected):
    assert compute.date_line("Hà Nội", dt.date(2021, month, day), PARTY) == expected
    assert compute.date_line("Hà Nội", dt.date(2021, month, day), STATE) == expected


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_line_matches_the_c4_regex(date):
    import re

    line = compute.date_line("Thành phố Hồ Chí Minh", date, STATE)
    assert re.match(STATE.date["regex"], line), line


def test_party_prefixes_c5():
    assert compute.signature_lines(Signature(mode="on_behalf", whom="Ban Thường vụ"), PARTY) == ["T/M BAN THƯỜNG VỤ"]
    assert compute.signature_lines(Signature(mode="deputy", whom="trưởng ban"), PARTY) == ["K/T TRƯỞNG BAN"]
    assert compute.signature_lines(Signature(mode="by_order", whom="BAN THƯỜNG VỤ"), PARTY) == ["T/L BAN THƯỜNG VỤ"]
    assert compute.signature_lines(Signature(mode="own"), PARTY) == []


def test_state_prefixes_and_two_levels_c5():
    on_behalf = Signature(mode="on_behalf", whom="ỦY BAN NHÂN DÂN")
    assert compute.signature_lines(on_behalf, STATE) == ["TM. ỦY BAN NHÂN DÂN"]
    delegated = Signature(mode="delegated", whom="GIÁM ĐỐC")
    assert compute.signature_lines(delegated, STATE) == ["TUQ. GIÁM ĐỐC"]
    two = Signature(mode="by_order_deputy", whom="BỘ TRƯỞNG", deputy_whom="VỤ TRƯỞNG VỤ PHÁP CHẾ")
    assert compute.signature_lines(two, STATE) == ["TL. BỘ TRƯỞNG", "KT. VỤ TRƯỞNG VỤ PHÁP CHẾ"]


def test_party_recipients_end_with_commas_and_lưu_line_b1():
    lines = compute.recipient_lines(
        Recipients(report=["Ban Thường vụ Tỉnh ủy"], others=["Các huyện ủy,"], archive="Văn phòng Tỉnh ủy",
                   archive_initials="TNThanh"), PARTY)
    assert [line.text for line in lines] == [
        "Nơi nhận:", "- Ban Thường vụ Tỉnh ủy,", "- Các huyện ủy,", "- Lưu Văn phòng Tỉnh ủy (TNThanh).",
    ]
    assert [line.kind for line in lines] == ["label", "report", "recipient", "archive"]


def test_state_letter_recipients_start_như_trên_b2():
    recipients = Recipients(others=["Sở Tài chính"], archive="VP")
    lines = compute.recipient_lines(recipients, STATE, letter_with_addressees=True)
    assert [line.text for line in lines] == ["Nơi nhận:", "- Như trên;", "- Sở Tài chính;", "- Lưu: VT, VP."]


def test_heading_numbers_party_and_state():
    styles = ("heading1", "heading2", "heading3", "heading3", "dash", "heading1", "heading2")
    body = [Paragraph(style=s) for s in styles]
    assert compute.heading_labels(body, PARTY) == ["I- ", "1. ", "a) ", "b) ", "- ", "II- ", "1. "]
    assert compute.heading_labels(body, STATE)[0] == "I. "


def test_điểm_letters_follow_the_vietnamese_alphabet_f12():
    assert [compute.alpha_vi(n) for n in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]


def test_heading1_is_capitalised_by_the_rule():
    assert compute.heading_text(Paragraph.plain("đối với công tác phòng, chống dịch", "heading1"), STATE) == (
        "ĐỐI VỚI CÔNG TÁC PHÒNG, CHỐNG DỊCH"
    )


def test_letter_summary_gets_v_v_once():
    draft = Draft(rule_set="state_nd30", doc_type="cong_van", summary="nâng bậc lương năm 2019")
    assert compute.letter_summary(draft, STATE) == "V/v nâng bậc lương năm 2019"
    draft.summary = "V/v nâng bậc lương"
    assert compute.letter_summary(draft, STATE) == "V/v nâng bậc lương"


def test_legal_bases_end_with_semicolons_and_a_full_stop_b2():
    """B.2 ô 6: Căn cứ lines, one per line, each ends ';', the last '.' (computed, not typed)."""
    lines = compute.legal_basis_lines(["Căn cứ Luật Tổ chức chính quyền địa phương", "Căn cứ Nghị định 30;",
                                       "Theo đề nghị của Giám đốc Sở Nội vụ."], STATE)
    assert lines == ["Căn cứ Luật Tổ chức chính quyền địa phương;", "Căn cứ Nghị định 30;",
                     "Theo đề nghị của Giám đốc Sở Nội vụ."]
