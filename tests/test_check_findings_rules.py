"""Spec F rules, one behaviour per test: each starts from a compliant notice and breaks one thing."""

from __future__ import annotations

import pytest

from desktop.core.check.report import PARTS
from desktop.core.i18n import tr
from tests.check_builder import P, change, check, codes, findings, party_notice, state_notice


def only(report, code: str):
    (finding,) = findings(report, code)
    return finding


# --- F.1 / F.2 --------------------------------------------------------------------------


def test_f2_each_removed_required_part_is_reported_missing():
    removals = {"Số 03-TB/VPTU": "number", "Hà Nội, ngày 05 tháng 02 năm 2021": "place_date",
                "THÔNG BÁO": "type_name", "CHÁNH VĂN PHÒNG": "signer_title", "ĐẢNG CỘNG SẢN VIỆT NAM": "header_title"}
    for text, part in removals.items():
        (report,) = check(change(party_notice(), text))
        assert f"missing:{part}" in codes(report, "error"), part
        assert not report.parts[part].found


def test_f1_party_header_with_state_number_colon_is_mixed():
    (report,) = check(change(party_notice(), "Số 03-TB/VPTU", "Số: 03/TB-VPTU"))
    mixed = only(report, "mixed_system")
    assert mixed.severity == "error" and "Số: 03/TB-VPTU" in mixed.message and mixed.rule.startswith("F.1")


def test_f1_both_headers_is_mixed():
    paras = party_notice()
    paras.insert(5, P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, cell=(1, 1, 2)))
    (report,) = check(paras)
    assert report.system == "party" and "CỘNG HÒA" in only(report, "mixed_system").message
    assert report.parts["issuer"].text == "THÀNH ỦY HÀ NỘI / VĂN PHÒNG"


def test_f1_state_header_with_party_prefix_is_mixed():
    (report,) = check(change(state_notice(), "KT. CỤC TRƯỞNG", "K/T CỤC TRƯỞNG"))
    assert "K/T" in only(report, "mixed_system").message
    assert "format:signature_authority" not in codes(report)  # one mistake, one finding


# --- F.3 ----------------------------------------------------------------------------------


def test_f3_motto_with_en_dashes_is_misspelt():
    (report,) = check(change(state_notice(), "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"))
    assert only(report, "format:header_title").message == tr("check.format.motto_spelling",
                                                              expected="Độc lập - Tự do - Hạnh phúc")


def test_f3_state_header_without_motto():
    (report,) = check(change(state_notice(), "Độc lập - Tự do - Hạnh phúc"))
    assert tr("check.format.motto_missing", expected="Độc lập - Tự do - Hạnh phúc") in {
        f.message for f in findings(report, "format:header_title")}


def test_f3_quoc_hieu_with_hoa_variant_is_accepted():
    paras = change(state_notice(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    (report,) = check(paras)
    assert codes(report) == {"text:tone_marks"}  # HOÀ is accepted; only the mix with "ủy" in the body is noted


# --- F.5 / F.6 number -----------------------------------------------------------------------


def number_messages(paras, old, new):
    (report,) = check(change(paras, old, new))
    return {f.message for f in findings(report, "format:number")}


def test_f5_state_number_without_leading_zero():
    msgs = number_messages(state_notice(), "Số: 12/TB-VTLTNN", "Số: 5/TB-VTLTNN")
    assert msgs == {tr("check.format.number_leading_zero", expected="Số: 03/TB-VP")}


def test_f5_lower_case_code():
    msgs = number_messages(state_notice(), "Số: 12/TB-VTLTNN", "Số: 12/tb-VTLTNN")
    assert tr("check.format.number_lower_case", expected="Số: 03/TB-VP") in msgs


def test_f5_mixed_case_code_ctr_is_allowed():
    paras = change(state_notice(), "Số: 12/TB-VTLTNN", "Số: 12/CTr-VTLTNN")
    paras = change(paras, "THÔNG BÁO", "CHƯƠNG TRÌNH")
    (report,) = check(paras)
    assert findings(report, "format:number") == []


def test_f5_state_number_without_colon():
    msgs = number_messages(state_notice(), "Số: 12/TB-VTLTNN", "Số 12/TB-VTLTNN")
    assert tr("check.format.number_colon_missing", expected="Số: 03/TB-VP") in msgs


def test_f6_type_code_not_matching_type_name_is_a_warning():
    (report,) = check(change(party_notice(), "Số 03-TB/VPTU", "Số 03-QĐ/VPTU"))
    finding = only(report, "format:number")
    assert finding.severity == "warning" and "QĐ" in finding.message and "TB" in finding.message


def test_f6_state_quy_dinh_must_be_qyd():
    paras = change(state_notice(), "Số: 12/TB-VTLTNN", "Số: 12/QĐ-VTLTNN")
    (report,) = check(change(paras, "THÔNG BÁO", "QUY ĐỊNH"))
    assert "QyĐ" in only(report, "format:number").message


# --- F.7 date ---------------------------------------------------------------------------------


def date_messages(line: str) -> set[str]:
    (report,) = check(change(party_notice(), "Hà Nội, ngày 05 tháng 02 năm 2021", line))
    return {f.message for f in findings(report, "format:place_date")}


def test_f7_month_two_without_zero():
    assert date_messages("Hà Nội, ngày 05 tháng 2 năm 2021") == {tr("check.format.date_month_needs_zero")}


def test_f7_zero_before_month_three_to_twelve():
    assert date_messages("Hà Nội, ngày 21 tháng 09 năm 2021") == {tr("check.format.date_month_no_zero")}


def test_f7_one_digit_day():
    assert date_messages("Hà Nội, ngày 5 tháng 02 năm 2021") == {tr("check.format.date_day_digits")}


def test_f7_slashes_instead_of_words():
    assert tr("check.format.date_slashes") in date_messages("Hà Nội, 05/02/2021")


def test_f8_place_ceased_in_the_2025_reorganisation_is_a_note():
    (report,) = check(change(party_notice(), "Hà Nội, ngày 05 tháng 02 năm 2021", "Hà Giang, ngày 15 tháng 8 năm 2025"))
    (note,) = findings(report, "format:place_date")
    assert (note.severity, note.rule) == ("info", "F.8; C.4")
    assert note.message == ("Địa danh «Hà Giang» không còn là đơn vị hành chính cấp tỉnh từ 01/07/2025"
                            " (nay thuộc Tuyên Quang).")
    assert "«Tuyên Quang»" in note.fix


def test_f8_place_before_the_reorganisation_is_not_flagged():
    (report,) = check(change(party_notice(), "Hà Nội, ngày 05 tháng 02 năm 2021", "Hà Giang, ngày 30 tháng 6 năm 2025"))
    assert findings(report, "format:place_date") == []


def test_f7_no_comma_after_place_and_fix_is_the_official_form():
    (report,) = check(change(party_notice(), "Hà Nội, ngày 05 tháng 02 năm 2021", "Hà Nội ngày 5 tháng 2 năm 2021"))
    fixes = {f.fix for f in findings(report, "format:place_date")}
    assert fixes == {tr("check.format.date_comma.fix", official="Hà Nội, ngày 05 tháng 02 năm 2021")}
    assert len(findings(report, "format:place_date")) == 3


# --- F.9 / F.10 summary -----------------------------------------------------------------------


def state_letter(summary: str = "V/v nâng bậc lương", *, first_recipient: str = "- Như trên;") -> list[P]:
    paras = change(state_notice(), "Số: 12/TB-VTLTNN", "Số: 15/VTLTNN-VP")
    paras = change(paras, "THÔNG BÁO", P(summary, size=12, cell=(1, 3, 1)))
    paras = change(paras, "Về công tác văn thư", P("Kính gửi: Bộ Nội vụ"))
    return change(paras, "- Bộ Nội vụ;", first_recipient)


def test_state_letter_is_compliant():
    (report,) = check(state_letter())
    assert report.doc_type == "cong_van" and report.findings == []


def test_f9_state_letter_summary_without_vv():
    (report,) = check(state_letter("Nâng bậc lương"))
    assert only(report, "format:summary").message == tr("check.format.letter_prefix", expected="V/v")


def test_f9_letter_given_a_cong_van_title_line():
    paras = state_letter()
    paras.insert(6, P("CÔNG VĂN", bold=True))
    (report,) = check(paras)
    assert tr("check.format.letter_type_name") in {f.message for f in findings(report, "format:type_name")}


def test_f10_summary_ending_with_full_stop():
    (report,) = check(change(party_notice(), "về công tác phòng, chống dịch Covid-19",
                             "về công tác phòng, chống dịch Covid-19."))
    assert only(report, "format:summary").severity == "warning"


# --- F.12 / F.13 body -------------------------------------------------------------------------


def test_f12_roman_heading_with_dot_in_party_is_a_warning():
    paras = party_notice()
    paras.insert(9, P("I. TÌNH HÌNH CHUNG", bold=True, align="justify", indent=1.27, space_after=6))
    (report,) = check(paras)
    finding = only(report, "format:body")
    assert finding.severity == "warning" and "«.»" in finding.message and "«-»" in finding.message


def test_f12_numbering_jump():
    (report,) = check(change(party_notice(), party_notice()[10].text, party_notice()[10].text.replace("2.", "4.", 1)))
    assert only(report, "format:body").message == tr("check.format.heading_jump")


def test_f13_state_body_without_end_mark_is_info():
    closing = state_notice()[11].text
    (report,) = check(change(state_notice(), closing, closing.removesuffix("./.") + "."))
    assert only(report, "format:body").severity == "info"


# --- F.14–F.17 signature ----------------------------------------------------------------------


def test_f14_party_prefix_without_slash():
    (report,) = check(change(party_notice(), "T/L BAN THƯỜNG VỤ", "TL BAN THƯỜNG VỤ"))
    finding = only(report, "format:signature_authority")
    assert finding.severity == "warning"  # T/L is shown by example (conf P): only a verified rule gives an error
    assert "«T/L»" in finding.message


def test_f14_state_prefix_with_slash_dot():
    (report,) = check(change(state_notice(), "KT. CỤC TRƯỞNG", "KT CỤC TRƯỞNG"))
    assert only(report, "format:signature_authority").severity == "error"


def test_f15_on_behalf_without_collective():
    (report,) = check(change(party_notice(), "T/L BAN THƯỜNG VỤ", "T/M CHÁNH VĂN PHÒNG"))
    assert tr("check.format.on_behalf_collective", expected="T/M") in {
        f.message for f in findings(report, "format:signature_authority")}


def test_f15_deputy_without_kt():
    paras = change(party_notice(), "T/L BAN THƯỜNG VỤ")
    (report,) = check(change(paras, "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"))
    finding = only(report, "missing:signature_authority")
    assert finding.severity == "error" and "K/T" in finding.message


def test_f15_deputy_under_party_collective_is_fine():
    paras = change(party_notice(), "T/L BAN THƯỜNG VỤ", "T/M BAN THƯỜNG VỤ")
    (report,) = check(change(paras, "CHÁNH VĂN PHÒNG", "PHÓ BÍ THƯ"))
    assert "missing:signature_authority" not in codes(report)


def test_f16_honorific_before_name():
    (report,) = check(change(party_notice(), "Nguyễn Văn An", "TS. Nguyễn Văn An"))
    finding = only(report, "format:signer_name")
    assert finding.severity == "warning" and "TS." in finding.message
    assert report.parts["signer_name"].text == "Nguyễn Văn An"


def test_f16_title_line_not_in_capitals():
    (report,) = check(change(party_notice(), "CHÁNH VĂN PHÒNG", "Chánh Văn phòng"))
    assert only(report, "format:signer_title").severity == "warning"


def test_f17_signer_name_spelt_differently_in_body():
    paras = party_notice()
    paras.insert(9, P("Đồng chí Nguyễn Văn Án chủ trì hội nghị và kết luận các nội dung sau đây.", align="justify",
                      indent=1.27, space_after=6))
    (report,) = check(paras)
    finding = only(report, "format:signer_name")
    assert "Nguyễn Văn Án" in finding.message and finding.rule == "F.17"


# --- F.18–F.20 recipients ---------------------------------------------------------------------


def test_f18_party_list_with_semicolons():
    paras = change(party_notice(), "- Ban Thường vụ Thành ủy,", "- Ban Thường vụ Thành ủy;")
    (report,) = check(change(paras, "- Các ban Đảng Thành ủy,", "- Các ban Đảng Thành ủy;"))
    assert "«;»" in only(report, "mixed_system").message
    assert "format:recipients" not in codes(report)  # reported once, as the mixed system


def test_f18_party_list_lines_without_punctuation():
    paras = change(party_notice(), "- Ban Thường vụ Thành ủy,", "- Ban Thường vụ Thành ủy")
    (report,) = check(paras)
    assert "1/2" in only(report, "format:recipients").message


def test_f18_state_last_line_not_luu_vt():
    (report,) = check(change(state_notice(), "- Lưu: VT, VP.", "- Lưu VP."))
    assert only(report, "format:archive").severity == "error"


def test_f18_state_letter_not_starting_nhu_tren():
    (report,) = check(state_letter(first_recipient="- Bộ Nội vụ;"))
    assert only(report, "format:recipients").message == tr("check.format.letter_first", expected="Như trên")


def test_f19_report_note_after_the_whole_list_is_detached():
    paras = party_notice()
    paras.insert(paras.index(next(p for p in paras if p.text == "- Lưu Văn phòng Thành ủy.")) + 1,
                 P("(để b/c)", size=12, align="left", cell=(2, 1, 1)))
    (report,) = check(paras)
    assert only(report, "format:recipients").message == tr("check.format.report_note_detached")


def test_f19_report_note_right_after_its_group_is_fine():
    paras = party_notice()
    paras.insert(paras.index(next(p for p in paras if p.text == "- Ban Thường vụ Thành ủy,")) + 1,
                 P("(để b/c)", size=12, align="left", cell=(2, 1, 1)))
    (report,) = check(paras)
    assert report.findings == []


@pytest.mark.parametrize("typed", ["} (để b/c)", "}(để b/c)", "}"])
def test_f19_brace_typed_as_a_character_beside_its_group_is_fine(typed):
    paras = party_notice()
    paras.insert(paras.index(next(p for p in paras if p.text == "- Ban Thường vụ Thành ủy,")) + 1,
                 P(typed, size=12, align="left", cell=(2, 1, 1)))
    (report,) = check(paras)
    assert report.findings == []


def test_f20_recipient_in_lower_case():
    (report,) = check(change(party_notice(), "- Các ban Đảng Thành ủy,", "- các ban Đảng Thành ủy,"))
    assert only(report, "format:recipients").message == tr("check.format.recipient_lower")


def test_party_archive_in_state_form_is_a_warning():
    (report,) = check(change(party_notice(), "- Lưu Văn phòng Thành ủy.", "- Lưu VT, VP."))
    assert only(report, "format:archive").severity == "warning"


# --- F.21 copies --------------------------------------------------------------------------------


def state_copy(label: str = "SAO Y", number: str = "Số: 05/SY-VTLTNN") -> list[P]:
    return [P("CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", size=13, bold=True, cell=(3, 1, 1), drawn_line_cm=3.0),
            P(number, size=13, cell=(3, 2, 1)), P(label, bold=True),
            P("Hà Nội, ngày 10 tháng 3 năm 2021", italic=True, cell=(3, 2, 2)),
            P("Nơi nhận:", size=12, bold=True, italic=True, align="left", cell=(4, 1, 1)),
            P("- Lưu: VT, VP.", size=11, align="left", cell=(4, 1, 1)),
            P("TL. CỤC TRƯỞNG", bold=True, cell=(4, 1, 2)), P("CHÁNH VĂN PHÒNG", bold=True, cell=(4, 1, 2)),
            P("Trần Văn Bình", bold=True, cell=(4, 1, 2))]


def test_f21_state_copy_is_compliant():
    _original, copy = check([*state_notice(), *state_copy()])
    assert copy.is_copy and copy.system == "state" and copy.findings == []


def test_f21_state_copy_labelled_sao_y_ban_chinh():
    _, copy = check([*state_notice(), *state_copy("SAO Y BẢN CHÍNH")])
    assert only(copy, "format:copy_block").message == tr("check.format.copy_label", written="SAO Y BẢN CHÍNH",
                                                           expected="SAO Y")


def test_f21_copy_number_with_wrong_code():
    _, copy = check([*state_notice(), *state_copy(number="Số: 05/BS-VTLTNN")])
    assert "SY" in only(copy, "format:number").message


def test_f21_copy_without_signer():
    _, copy = check([*state_notice(), *state_copy()[:-3]])
    assert {"missing:signer_title", "missing:signer_name", "missing:signature_authority"} <= codes(copy, "error")


# --- F.22 text --------------------------------------------------------------------------------


def test_f22_mixed_tone_marks_is_info():
    paras = change(party_notice(), "- Ban Thường vụ Thành ủy,", "- Ban Thường vụ Thành uỷ,")
    (report,) = check(paras)
    assert only(report, "text:tone_marks").severity == "info"


def test_findings_carry_rule_where_message_and_fix():
    (report,) = check(change(party_notice(), "Số 03-TB/VPTU", "Số 3-TB/VPTU"))
    finding = only(report, "format:number")
    assert finding.rule.startswith("F.5") and finding.where.startswith("bảng 1, hàng 2, cột 1")
    assert finding.message and finding.fix and finding.fix != finding.message
    assert set(report.parts) == set(PARTS)


def body_line(text: str, **fields) -> P:
    return P(text, align="justify", indent=1.27, space_after=6, line_rule="exact", line_value=18, **fields)


def test_f12_points_out_of_vietnamese_alphabet_order():
    paras = party_notice()
    paras[10:10] = [body_line("a) Điểm thứ nhất của khoản này;"), body_line("b) Điểm thứ hai;"),
                    body_line("d) Điểm bị nhảy chữ.")]
    (report,) = check(paras)
    assert only(report, "format:body").message == tr("check.format.point_order")


def test_f12_points_in_order_including_đ():
    paras = party_notice()
    paras[10:10] = [body_line(f"{ch}) Nội dung điểm;") for ch in "abcdđe"]
    (report,) = check(paras)
    assert report.findings == []


def test_f12_article_label_not_bold():
    paras = state_notice()
    paras[8:8] = [body_line("Điều 1. Phạm vi điều chỉnh", bold=False)]
    (report,) = check(paras)
    assert only(report, "layout:body").message == tr("check.layout.article_bold")


def test_f14_state_tuq_with_horn():
    paras = change(state_notice(), "KT. CỤC TRƯỞNG", "TƯQ. CỤC TRƯỞNG")
    (report,) = check(change(paras, "PHÓ CỤC TRƯỞNG", "CHÁNH VĂN PHÒNG"))
    assert "«TUQ.»" in only(report, "format:signature_authority").message


def test_f14_party_prefix_with_trailing_dot():
    (report,) = check(change(party_notice(), "T/L BAN THƯỜNG VỤ", "T/L. BAN THƯỜNG VỤ"))
    assert "«T/L.»" in only(report, "format:signature_authority").message


def test_f22_en_dash_in_number_is_info():
    (report,) = check(change(party_notice(), "Số 03-TB/VPTU", "Số 03–TB/VPTU"))
    assert only(report, "text:dash").severity == "info"
    assert findings(report, "format:number") == []  # matched after unifying dashes


def test_f22_space_before_punctuation_is_info():
    (report,) = check(change(party_notice(), "- Ban Thường vụ Thành ủy,", "- Ban Thường vụ Thành ủy ,"))
    assert only(report, "text:space_before_punctuation").severity == "info"
