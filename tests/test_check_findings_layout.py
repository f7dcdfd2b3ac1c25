"""Layout findings (sizes, case, bold, alignment, position, lines), page setup, fonts, not-evaluated,
check_file on bad input, and the message catalogue behind every finding."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.check import check_file
from desktop.core.check.report import PARTS
from desktop.core.i18n import has_message, tr
from desktop.core.records import replace
from tests.check_builder import P, a4, change, check, findings, party_notice, state_notice
from tests.conftest import ROOT


def only(report, code: str):
    (finding,) = findings(report, code)
    return finding


def restyle(paras, text: str, **fields):
    (p,) = [p for p in paras if p.text == text]
    return change(paras, text, replace(p, **fields))


# --- part styles --------------------------------------------------------------------------


def test_size_outside_range_beyond_tolerance_is_an_error():
    (report,) = check(restyle(party_notice(), "ĐẢNG CỘNG SẢN VIỆT NAM", size=14))
    finding = only(report, "layout:header_title")
    assert finding.severity == "error" and "14 pt" in finding.message and "15 pt" in finding.message


def test_size_within_tolerance_is_accepted():
    (report,) = check(restyle(party_notice(), "ĐẢNG CỘNG SẢN VIỆT NAM", size=14.5))
    assert report.findings == []


def test_missing_bold_on_verified_part_is_an_error():
    (report,) = check(restyle(party_notice(), "THÔNG BÁO", bold=False))
    assert only(report, "layout:type_name").message == tr("check.layout.bold_on", part=tr("check.style_name.type_name"))


def test_recalled_rule_gives_a_warning_not_an_error():
    (report,) = check(restyle(party_notice(), "CHÁNH VĂN PHÒNG", bold=False))  # B.1 ô 7a/7b is conf R
    assert only(report, "layout:signer_title").severity == "warning"


def test_superior_body_in_bold():
    (report,) = check(restyle(party_notice(), "THÀNH ỦY HÀ NỘI", bold=True))
    assert only(report, "layout:issuer").message == tr("check.layout.bold_off", part=tr("check.style_name.superior"))


def test_issuer_typed_in_lower_case():
    (report,) = check(change(party_notice(), "VĂN PHÒNG", "Văn phòng"))
    assert tr("check.layout.case_upper", part=tr("check.style_name.issuer")) in {
        f.message for f in findings(report, "layout:issuer")}


def test_caps_formatting_counts_as_capitals():
    (report,) = check(change(party_notice(), "VĂN PHÒNG", "Văn phòng", caps=True))
    assert report.findings == []


def test_place_date_not_italic():
    (report,) = check(restyle(state_notice(), "Hà Nội, ngày 05 tháng 02 năm 2021", italic=False))
    assert only(report, "layout:place_date").severity == "error"


def test_type_name_not_centred():
    (report,) = check(restyle(state_notice(), "THÔNG BÁO", align="left"))
    assert "căn trái" in only(report, "layout:type_name").message


def test_header_title_in_left_column():
    (report,) = check(restyle(party_notice(), "ĐẢNG CỘNG SẢN VIỆT NAM", cell=(1, 1, 1)))
    position = tr("check.layout.position_right", part=tr("check.style_name.header_title"))
    assert position in {f.message for f in findings(report, "layout:header_title")}


def test_date_in_left_column_and_number_in_right_column():
    paras = restyle(state_notice(), "Hà Nội, ngày 05 tháng 02 năm 2021", cell=(1, 2, 1))
    (report,) = check(restyle(paras, "Số: 12/TB-VTLTNN", cell=(1, 2, 2)))
    assert only(report, "layout:place_date").message == tr("check.layout.position_right",
                                                            part=tr("check.style_name.place_date"))
    assert only(report, "layout:number").message == tr("check.layout.position_left", part=tr("check.style_name.number"))


def test_nơi_nhận_label_style_state_bold_italic():
    (report,) = check(restyle(state_notice(), "Nơi nhận:", italic=False))
    assert only(report, "layout:recipients").severity == "error"


# --- lines under parts (F.4) --------------------------------------------------------------


def test_party_asterisk_missing():
    (report,) = check(change(party_notice(), "*"))
    assert only(report, "layout:issuer").message == tr("check.layout.asterisk_missing")


def test_party_rule_drawn_under_issuer_instead_of_asterisk():
    paras = change(party_notice(), "*")
    (report,) = check(restyle(paras, "VĂN PHÒNG", border_bottom=True))
    assert tr("check.layout.rule_instead_of_asterisk") in {f.message for f in findings(report, "layout:issuer")}


def test_state_rule_under_issuer_missing():
    (report,) = check(restyle(state_notice(), "CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", drawn_line_cm=None))
    assert only(report, "layout:issuer").message == tr("check.layout.rule_missing")
    assert tr("check.not_evaluated.drawn_lines") in report.not_evaluated  # a shape elsewhere may be unseen


def test_state_rule_typed_with_underscores():
    paras = restyle(state_notice(), "CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", drawn_line_cm=None)
    index = next(i for i, p in enumerate(paras) if p.text == "CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC")
    paras.insert(index + 1, P("__________", size=13, cell=(1, 1, 1)))
    (report,) = check(paras)
    assert only(report, "layout:issuer").message == tr("check.layout.rule_typed")


def test_state_rule_under_issuer_too_long():
    (report,) = check(restyle(state_notice(), "CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", drawn_line_cm=9.0))
    assert "1/3" in only(report, "layout:issuer").message


def test_state_rule_under_motto_as_a_paragraph_border_is_accepted():
    (report,) = check(restyle(state_notice(), "Độc lập - Tự do - Hạnh phúc", drawn_line_cm=None, border_bottom=True))
    assert report.findings == []


def test_party_hyphens_under_summary_missing_is_a_warning():
    (report,) = check(change(party_notice(), "-----"))
    assert only(report, "layout:summary").severity == "warning"


# --- body (F.11) ----------------------------------------------------------------------------


def body_texts(paras):
    return [p.text for p in paras if p.align == "justify"]


def restyle_body(paras, **fields):
    for text in body_texts(paras):
        paras = restyle(paras, text, **fields)
    return paras


def test_f11_body_size_outside_range():
    (report,) = check(restyle_body(state_notice(), size=12))
    finding = only(report, "layout:body")
    assert finding.severity == "warning" and "4/4" in finding.message and "12 pt" in finding.message


def test_f11_body_not_justified():
    (report,) = check(restyle_body(state_notice(), align="left"))
    assert only(report, "layout:body").message.startswith("4/4 đoạn nội dung không căn đều")


def test_f11_first_line_indent_outside_range():
    (report,) = check(restyle_body(party_notice(), indent=0.5))
    assert "0,50 cm" in only(report, "layout:body").message


def test_f11_paragraph_spacing_below_six_points():
    (report,) = check(restyle_body(state_notice(), space_after=0))
    assert "6 pt" in only(report, "layout:body").message


def test_f11_line_spacing_double():
    (report,) = check(restyle_body(state_notice(), line_rule="auto", line_value=2.0))
    assert only(report, "layout:body").message.startswith("4/4 đoạn có khoảng cách dòng")


def test_f11_body_font_not_times():
    (report,) = check(restyle_body(state_notice(), font="Arial"))
    assert "Arial" in only(report, "layout:body").message


# --- page (A.1/A.2, F.23) --------------------------------------------------------------------


def test_page_size_letter_is_an_error():
    (report,) = check(state_notice(), sections=[a4(width_mm=215.9, height_mm=279.4)])
    assert only(report, "page:size").severity == "error"


def test_margins_outside_range_report_measured_values():
    (report,) = check(state_notice(), sections=[a4(left_mm=25)])
    finding = only(report, "page:margins")
    assert finding.severity == "error" and "25 mm" in finding.message and "30–35 mm" in finding.message


def test_margins_within_half_millimetre_are_accepted():
    (report,) = check(state_notice(), sections=[a4(left_mm=29.6, top_mm=25.4)])
    assert report.findings == []


def test_party_margins_are_recalled_so_a_warning():
    (report,) = check(party_notice(), sections=[a4(top_mm=25)])
    assert only(report, "page:margins").severity == "warning"


def test_page_number_on_first_page_and_in_footer():
    setup = a4(title_page=False, page_number_on_first_page=True, page_number_in_header=False,
               page_number_in_footer=True)
    (report,) = check(state_notice(), sections=[setup])
    assert [f.severity for f in findings(report, "page:numbering")] == ["info", "info"]


# --- fonts --------------------------------------------------------------------------------------


def test_text_printed_in_tcvn3_and_vni_fonts_is_reported_as_not_unicode():
    paras = state_notice()
    paras = restyle(paras, paras[-1].text, font=".VnTime")
    paras = restyle(paras, paras[-2].text, font="VNI-Times")
    (report,) = check(paras)
    finding = only(report, "font:non_unicode")
    assert finding.severity == "error" and ".VnTime" in finding.message and "VNI-Times" in finding.message


def test_tcvn3_font_only_declared_by_a_style_or_the_font_table_is_not_reported():
    (report,) = check(state_notice(), fonts_used=("Times New Roman", ".VnTime", ".VnTimeH", "VNI-Times"))
    assert findings(report, "font:non_unicode") == []


# --- not evaluated / bad input -----------------------------------------------------------------


def test_docx_input_lists_only_seal_and_signature_as_not_evaluated():
    (report,) = check(party_notice())
    assert report.not_evaluated == [tr("check.not_evaluated.seal"), tr("check.not_evaluated.signature")]


def test_docx_without_page_setup_says_so():
    (report,) = check(party_notice(), sections=[])
    assert tr("check.not_evaluated.page") in report.not_evaluated


def test_check_file_missing_file_is_unreadable_not_raised(tmp_path):
    report = check_file(tmp_path / "khong-co.txt")
    assert report.readable is False and "Không tìm thấy" in report.error and report.documents == []


def test_check_file_non_utf8_text(tmp_path):
    path = tmp_path / "cu.txt"
    path.write_bytes("THÔNG BÁO".encode("cp1258", errors="replace") + b"\xff\xfe\x80")
    report = check_file(path)
    assert report.readable is False and "UTF-8" in report.error


def test_check_file_directory(tmp_path):
    report = check_file(tmp_path)
    assert report.readable is False and report.error


def test_check_file_garbage_docx_is_unreadable(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"not a zip")
    report = check_file(path)
    assert report.readable is False and report.error


# --- message catalogue ----------------------------------------------------------------------------

DYNAMIC = (
    [f"missing.{p}" for p in PARTS if p != "signature_authority"]
    + [f"layout.{a}_{s}" for a in ("bold", "italic", "underline") for s in ("on", "off")]
    + [f"format.number_{p}" for p in ("syntax", "colon_extra", "colon_missing", "separator_order", "spaces",
                                       "leading_zero", "lower_case")]
    + [f"format.date_{p}" for p in ("syntax", "comma", "slashes", "day_digits", "month_needs_zero", "month_no_zero")]
    + [f"layout.rule_length_{k}" for k in ("third_to_half", "text", "full_width")]
    + [f"layout.body_{k}" for k in ("size", "align", "indent", "spacing", "line_spacing", "font")]
)


def test_every_finding_message_has_a_text_and_a_fix():
    source = (ROOT / "desktop" / "core" / "check" / "findings.py").read_text(encoding="utf-8")
    literal = set(re.findall(r'"((?:missing|layout|format|text|page|font)\.[a-z0-9_]+|mixed_system)"', source))
    literal = {k for k in literal if not k.startswith(("layout.{", "format.{"))}
    names = literal | set(DYNAMIC)
    assert len(names) > 60
    absent = sorted(n for n in names if not (has_message(f"check.{n}") and has_message(f"check.{n}.fix")))
    assert absent == []


def test_style_and_alignment_labels_exist():
    from desktop.core.rules import load_rule_set

    for rule_set in ("party_hd36", "state_nd30"):
        for name in load_rule_set(rule_set).parts:
            if name in {"secrecy", "urgency", "circulation", "draft_marker", "legal_basis", "heading1", "heading2",
                        "heading3", "article", "typist", "contact", "page_number"}:
                continue
            assert has_message(f"check.style_name.{name}"), name
    for align in ("left", "center", "right", "justify"):
        assert has_message(f"check.align.{align}")


# --- robustness --------------------------------------------------------------------------------

PARA = st.builds(
    P,
    text=st.sampled_from([p.text for p in party_notice() + state_notice()]
                         + ["", "TM BAN", "- a;", "Điều 1. X", "a) y", "SAO Y BẢN CHÍNH", "A\tB", "X\nY"]),
    size=st.sampled_from([None, 11, 13, 14, 16]), bold=st.sampled_from([None, True, False]),
    italic=st.sampled_from([None, True, False]), caps=st.sampled_from([None, True]),
    align=st.sampled_from([None, "left", "center", "justify"]),
    cell=st.sampled_from([None, (1, 1, 1), (1, 1, 2), (2, 1, 1), (2, 1, 2)]),
    indent=st.sampled_from([None, 0.0, 1.27]), line_rule=st.sampled_from([None, "auto", "exact"]),
    line_value=st.sampled_from([None, 0.0, 1.5, 18.0]), drawn_line_cm=st.sampled_from([None, 0.0, 3.0]),
    border_bottom=st.booleans(), page_break=st.booleans(), font=st.sampled_from([None, "Times New Roman", ".VnTime"]),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(PARA, max_size=30), st.booleans())
def test_any_block_layout_is_checked_without_crashing(paras, layout):
    reports = check(paras, layout=layout, sections=[a4(left_mm=10)] if layout else [])
    assert reports
    for report in reports:
        assert all(f.severity in ("error", "warning", "info") and f.message and f.fix for f in report.findings)
