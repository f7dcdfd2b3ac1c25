"""The closing block as offices type it (B.2 ô 7, ô 9b; D.1): wrapped recipient lines, 'Lưu VT.' without
its colon, a stray line before the signature, both forms of the report note, an attached quy chế."""

from __future__ import annotations

import pytest

from desktop.core.check import check_source
from tests.check_builder import P, build, state_notice
from tests.word_edits import insert_after, problems, retext, variant


def test_a_wrapped_recipient_line_without_a_dash_continues_the_item_above(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, retext("- CT, các PCT UBND tỉnh;", "- CT, các PCT Ủy ban nhân dân,"),
                  insert_after("- CT, các PCT Ủy ban nhân dân,", "tỉnh Quảng Ninh;"))[0]
    assert problems(doc) == []
    assert doc.parts["archive"].text == "- Lưu: VT, KSTT."


def test_a_wrapped_line_indented_with_spaces_continues_the_item_too(tmp_path):
    doc = variant("state_thong_bao", tmp_path, retext("- Các phòng, đơn vị thuộc Sở;", "- Các phòng, đơn vị"),
                  insert_after("- Các phòng, đơn vị", "\u00a0\u00a0 thuộc Sở;"))[0]
    assert problems(doc) == []
    assert doc.parts["archive"].found


def test_lưu_vt_without_a_colon_is_a_format_finding_on_a_found_archive_line(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, retext("- Lưu: VT, KSTT.", "- Lưu VT."))[0]
    assert doc.parts["archive"].text == "- Lưu VT."
    assert problems(doc) == [("error", "format:archive", "Dòng lưu thiếu dấu hai chấm sau «Lưu» (mẫu «Lưu: VT, …»).")]


def test_văn_thư_spelled_out_is_only_a_note(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, retext("- Lưu: VT, KSTT.", "- Lưu: Văn thư, KSTT."))[0]
    assert problems(doc) == []
    assert [f.code for f in doc.findings if f.severity == "info" and "Văn thư" in f.message] == ["format:archive"]


def test_a_stray_note_after_the_list_does_not_hide_the_signer(tmp_path):
    note = r"D:\VanBan\2024\QD-chu-ky-so.docx"
    doc = variant("state_quyet_dinh", tmp_path, insert_after("- Lưu: VT, KSTT.", note))[0]
    assert doc.parts["signer_name"].text == "Nguyễn Hữu Phước"
    assert doc.parts["archive"].text == "- Lưu: VT, KSTT."


def test_a_stray_line_between_list_and_signature_in_running_text_does_not_hide_the_signer():
    """No closing table (a .doc converted, a web page): the note stands between the list and the signer."""
    paras = [P(p.text, size=p.size, bold=p.bold, italic=p.italic, align=p.align, drawn_line_cm=p.drawn_line_cm)
             if p.cell and p.cell[0] == 2 else p for p in state_notice()]
    at = next(i for i, p in enumerate(paras) if p.text == "KT. CỤC TRƯỞNG")
    paras.insert(at, P("(Chuyên viên: Lê Văn Bình, kiểm tra lại số liệu)", size=11, align="left"))
    doc = check_source(build(paras))[0]
    assert doc.parts["signature_authority"].text == "KT. CỤC TRƯỞNG"
    assert doc.parts["signer_title"].text == "PHÓ CỤC TRƯỞNG"
    assert doc.parts["signer_name"].text == "Nguyễn Văn An"


def test_report_note_after_each_name_and_under_one_brace_are_both_accepted(tmp_path):
    """D.1: '(để báo cáo)' after each name as Phụ lục III prints it, or one note for a group (a brace)."""
    each = variant("state_thong_bao", tmp_path, retext("- Các phòng, đơn vị thuộc Sở;",
                                                       "- Bộ Nội vụ (để báo cáo);"), name="each.docx")[0]
    assert problems(each) == []
    grouped = variant("state_thong_bao", tmp_path, retext("- UBND tỉnh (để báo cáo);", "- UBND tỉnh;"),
                      insert_after("- UBND tỉnh;", "- Bộ Nội vụ;"), insert_after("- Bộ Nội vụ;", "} (để báo cáo)"),
                      name="grouped.docx")[0]
    assert problems(grouped) == []
    assert grouped.parts["archive"].found


def test_an_attached_quy_che_needs_no_number_date_or_recipients_of_its_own():
    """NĐ 30 Mẫu 1.x: a quy chế 'ban hành kèm theo' a quyết định carries the quyết định's number and date."""
    main = state_notice()
    attached = [
        P("BỘ NỘI VỤ", size=13, cell=(3, 1, 1)),
        P("CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", size=13, bold=True, cell=(3, 1, 1)),
        P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, cell=(3, 1, 2)),
        P("Độc lập - Tự do - Hạnh phúc", size=14, bold=True, cell=(3, 1, 2)),
        P("QUY CHẾ", size=14, bold=True),
        P("Về công tác văn thư của Cục", size=14, bold=True),
        P("(Ban hành kèm theo Thông báo số 12/TB-VTLTNN", size=14, italic=True),
        P("ngày 05 tháng 02 năm 2021 của Cục Văn thư và Lưu trữ nhà nước)", size=14, italic=True),
        P("Chương I", size=14, bold=True),
        P("QUY ĐỊNH CHUNG", size=14, bold=True),
        P("Điều 1. Phạm vi điều chỉnh", size=14, bold=True, align="justify", indent=1.27),
        P("Quy chế này quy định về công tác văn thư của Cục Văn thư và Lưu trữ nhà nước và các đơn vị thuộc Cục.",
          align="justify", indent=1.27),
        P("KT. CỤC TRƯỞNG", bold=True, cell=(4, 1, 2)),
        P("PHÓ CỤC TRƯỞNG", bold=True, cell=(4, 1, 2)),
        P("Nguyễn Văn An", bold=True, cell=(4, 1, 2)),
    ]
    docs = check_source(build([*main, *attached]))
    assert [d.parts["type_name"].text for d in docs] == ["THÔNG BÁO", "QUY CHẾ"]
    quy_che = docs[1]
    assert quy_che.parts["summary"].text == "Về công tác văn thư của Cục"
    missing = {f.code for f in quy_che.findings if f.code.startswith("missing:")}
    assert missing == set()


@pytest.mark.parametrize("label", ["Nơi nhận :", "NƠI NHẬN:", "Nơi nhận"])
def test_spellings_of_nơi_nhận_are_all_the_label(tmp_path, label):
    doc = variant("state_quyet_dinh", tmp_path, retext("Nơi nhận:", label))[0]
    assert doc.parts["recipients"].text.startswith(label.strip())
    assert doc.parts["archive"].text == "- Lưu: VT, KSTT."
    assert not [c for _, c, _ in problems(doc) if c.startswith("missing:")]


@pytest.mark.parametrize("joint", [" ", "", "\t"])
def test_the_first_item_typed_on_the_label_line_is_an_item(tmp_path, joint):
    """'Nơi nhận: - Như Điều 3;' in one paragraph: the label, then the list's first item."""
    doc = variant("state_quyet_dinh", tmp_path, retext("Nơi nhận:", f"Nơi nhận:{joint}- Như Điều 3;"),
                  retext("- Như Điều 3;", "", nth=1))[0]
    assert doc.parts["recipients"].text == "Nơi nhận: / - Như Điều 3;"
    assert doc.parts["archive"].text == "- Lưu: VT, KSTT."
    assert not [c for _, c, _ in problems(doc) if c.startswith(("missing:", "format:"))]


@pytest.mark.parametrize("mark", ["(Đã ký)", "[ (Đã ký)", "(Đã ký và đóng dấu)", "(Đã ký, đóng dấu)", "(Đã ký tên)"])
def test_a_signed_mark_in_a_published_copy_is_neither_title_nor_name(tmp_path, mark):
    doc = variant("state_thong_bao", tmp_path, insert_after("GIÁM ĐỐC", mark))[0]
    assert doc.parts["signer_title"].text == "GIÁM ĐỐC"
    assert doc.parts["signer_name"].text == "Vũ Đức Thắng"
