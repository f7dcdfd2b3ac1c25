"""Part detection on hand-built SourceDocuments: every header layout, tokenizer cases, splitting."""

from __future__ import annotations

import unicodedata

from desktop.core.check import check_source
from desktop.core.check.report import PARTS
from desktop.core.check.text_reader import parse_text
from desktop.core.i18n import tr
from tests.check_builder import P, build, change, check, codes, party_notice, state_notice


def found(report) -> set[str]:
    return {part for part in PARTS if report.parts[part].found}


EVERY_PART_BUT_LETTER_AND_COPY = set(PARTS) - {"addressee", "copy_block"}


def test_compliant_party_notice_has_every_part_and_no_finding():
    (report,) = check(party_notice())
    assert report.system == "party" and report.rule_set == "party_hd36" and report.doc_type == "thong_bao"
    assert found(report) == EVERY_PART_BUT_LETTER_AND_COPY
    assert report.findings == []
    assert report.parts["issuer"].text == "THÀNH ỦY HÀ NỘI / VĂN PHÒNG"
    assert report.parts["signature_authority"].text == "T/L BAN THƯỜNG VỤ"
    assert report.parts["number"].where.startswith("bảng 1, hàng 2, cột 1")


def test_compliant_state_notice_has_every_part_and_no_finding():
    (report,) = check(state_notice())
    assert report.system == "state" and report.rule_set == "state_nd30"
    assert found(report) == EVERY_PART_BUT_LETTER_AND_COPY
    assert report.findings == []
    assert report.parts["header_title"].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"


def test_header_in_plain_paragraphs_with_tab_aligned_columns():
    paras = [P("THÀNH ỦY HÀ NỘI\tĐẢNG CỘNG SẢN VIỆT NAM", align="left"), P("VĂN PHÒNG", align="left"),
             P("*", align="left"), P("Số 03-TB/VPTU\tHà Nội, ngày 05 tháng 02 năm 2021", align="left"),
             *party_notice()[6:]]
    (report,) = check(paras)
    assert {"header_title", "issuer", "number", "place_date"} <= found(report)
    assert report.parts["header_title"].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert report.parts["place_date"].text == "Hà Nội, ngày 05 tháng 02 năm 2021"
    title_messages = {f.message for f in report.findings if f.code == "layout:header_title"}
    position = tr("check.layout.position_right", part=tr("check.style_name.header_title"))
    assert position not in title_messages  # the right tab cell is the right column
    assert not any("căn" in m for m in title_messages)  # tab stops place it, not paragraph alignment


def test_header_in_text_boxes_and_content_controls():
    paras = [P(p.text, size=p.size, bold=p.bold, italic=p.italic, container="textbox" if i % 2 else "sdt")
             for i, p in enumerate(party_notice()[:6])] + party_notice()[6:]
    (report,) = check(paras)
    assert {"header_title", "issuer", "number", "place_date"} <= found(report)
    assert report.parts["number"].where.startswith("hộp văn bản") or report.parts["number"].where.startswith("ô nội")


def test_document_without_header_still_finds_title_body_and_closing():
    (report,) = check(party_notice()[6:])
    assert found(report) == EVERY_PART_BUT_LETTER_AND_COPY - {"header_title", "issuer", "number", "place_date"}


def test_letter_has_summary_under_number_and_kinh_gui_but_no_type_name():
    paras = change(party_notice(), "Số 03-TB/VPTU", "Số 15-CV/VPTU")
    paras = change(paras, "THÔNG BÁO", P("V/v phân công nhiệm vụ", size=12, italic=True, cell=(1, 3, 1)))
    paras = change(paras, "về công tác phòng, chống dịch Covid-19", P("Kính gửi: Ban Thường vụ các quận ủy",
                                                                        align="left"))
    paras = change(paras, "-----")
    (report,) = check(paras)
    assert report.doc_type == "cong_van"
    assert not report.parts["type_name"].found
    assert report.parts["summary"].text == "V/v phân công nhiệm vụ"
    assert report.parts["addressee"].text.startswith("Kính gửi:")
    assert "missing:type_name" not in codes(report)


def test_glued_type_name_and_summary_are_split_in_text():
    src = parse_text("\n\nTHÔNG BÁO**KẾT LUẬN CỦA BAN THƯỜNG VỤ\nvề phòng, chống dịch**\n\nNội dung.\n")
    (report,) = check_source(src)
    assert report.parts["type_name"].text == "THÔNG BÁO"
    assert report.parts["summary"].text == "KẾT LUẬN CỦA BAN THƯỜNG VỤ / về phòng, chống dịch"
    assert "format:type_name" in codes(report)


def test_nfd_text_and_old_tone_marks_are_matched():
    paras = change(party_notice(), "ĐẢNG CỘNG SẢN VIỆT NAM", unicodedata.normalize("NFD", "ĐẢNG CỘNG SẢN VIỆT NAM"))
    paras = change(paras, "THÀNH ỦY HÀ NỘI", "THÀNH UỶ HÀ NỘI")
    (report,) = check(paras)
    assert report.parts["header_title"].found and "format:header_title" not in codes(report)


def test_misspelt_fixed_heading_is_found_with_a_format_error():
    (report,) = check(change(party_notice(), "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG CÔNG SẢN VIỆT NAM"))
    assert report.system == "party" and report.parts["header_title"].found
    assert "format:header_title" in codes(report, "error")


def test_stray_spaces_in_number_are_found_with_a_format_error():
    (report,) = check(change(party_notice(), "Số 03-TB/VPTU", "Số 788 - TB/VPTU"))
    assert report.parts["number"].text == "Số 788 - TB/VPTU"
    assert "format:number" in codes(report, "error")


def test_signed_copy_convention_da_ky_gives_the_name():
    paras = change(party_notice(), "Nguyễn Văn An", P("Đã ký: Nguyễn Văn An", bold=True, cell=(2, 1, 2)))
    (report,) = check(paras)
    assert report.parts["signer_name"].text == "Nguyễn Văn An"
    paras = change(party_notice(), "Nguyễn Văn An", P("(Đã ký)", cell=(2, 1, 2)))
    (report,) = check([*paras, P("Nguyễn Văn An", bold=True, cell=(2, 1, 2))])
    assert report.parts["signer_name"].text == "Nguyễn Văn An"


def test_incoming_stamp_is_skipped():
    stamp = P("VĂN PHÒNG UBND TP. HÀ NỘI\t\nĐẾN\tSố: 495\nNgày: 20/9\nChuyển:\t.....\nLưu hồ sơ số:\t.....",
              align="left")
    paras = party_notice()
    (report,) = check([*paras[:6], stamp, *paras[6:]])
    assert report.findings == []
    assert report.parts["type_name"].text == "THÔNG BÁO"


def test_letter_and_attachment_are_two_documents():
    attachment = [P("THÔNG BÁO", size=16, bold=True, page_break=True), *party_notice()[7:]]
    reports = check([*party_notice(), *attachment])
    assert len(reports) == 2
    assert [r.parts["type_name"].text for r in reports] == ["THÔNG BÁO", "THÔNG BÁO"]
    assert reports[1].parts["signer_name"].found and not reports[1].parts["number"].found


def test_original_and_copy_block_are_two_documents():
    copy = [P("THÀNH ỦY HÀ NỘI", cell=(3, 1, 1)), P("VĂN PHÒNG", bold=True, cell=(3, 1, 1)),
            P("*", cell=(3, 1, 1)), P("Số 24-BS/VPTU", cell=(3, 2, 1)), P("SAO LỤC", bold=True),
            P("Hà Nội, ngày 30 tháng 8 năm 2021", italic=True, cell=(3, 2, 2)),
            P("Nơi nhận:", underline=True, align="left", cell=(4, 1, 1)),
            P("- Lưu Văn phòng Thành ủy.", size=12, align="left", cell=(4, 1, 1)),
            P("T/L BAN THƯỜNG VỤ", bold=True, cell=(4, 1, 2)), P("CHÁNH VĂN PHÒNG", bold=True, cell=(4, 1, 2)),
            P("Trần Văn Bình", bold=True, cell=(4, 1, 2))]
    original, copied = check([*party_notice(), *copy])
    assert not original.is_copy and copied.is_copy
    assert copied.parts["copy_block"].text == "SAO LỤC"
    assert copied.findings == []


def test_tables_and_page_breaks_inside_a_long_body_stay_in_one_document():
    text = "Nội dung báo cáo chi tiết về tình hình thực hiện nhiệm vụ trong kỳ, có số liệu kèm theo bảng dưới đây."
    long_body = []
    for i in range(400):
        long_body.append(P(f"{text} ({i})", align="justify", indent=1.27, space_after=6, line_rule="exact",
                           line_value=18, page_break=i % 50 == 0))
        if i % 100 == 0:
            long_body += [P("STT", cell=(9, 1, 1)), P("Đơn vị", cell=(9, 1, 2)), P("12", cell=(9, 2, 1))]
    paras = party_notice()
    reports = check([*paras[:9], *long_body, *paras[9:]])
    assert len(reports) == 1
    assert found(reports[0]) == EVERY_PART_BUT_LETTER_AND_COPY


def test_unknown_system_is_explained():
    src = parse_text("THÔNG BÁO\n\nvề việc nghỉ lễ\n\nCơ quan thông báo lịch nghỉ lễ như sau.\n")
    (report,) = check_source(src)
    assert report.system == "unknown" and report.rule_set is None
    assert "Không xác định được" in report.system_reason
    assert report.parts["type_name"].found


def test_system_from_marks_without_header():
    (party,) = check(party_notice()[6:])
    assert party.system == "party" and "T/L" in party.system_reason
    (state,) = check(state_notice()[6:])
    assert state.system == "state" and "KT." in state.system_reason


def test_empty_source_gives_one_report_with_everything_missing():
    (report,) = check_source(build([]))
    assert report.system == "unknown"
    assert "missing:body" in codes(report)


def test_short_draft_with_header_but_no_body_keeps_its_header():
    paras = [*party_notice()[:6], P("Nguyễn Văn An", bold=True)]
    (report,) = check(paras)
    assert {"header_title", "issuer", "number", "place_date"} <= found(report)
    assert {"missing:body", "missing:type_name"} <= codes(report)
