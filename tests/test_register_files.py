"""Import an existing register (CSV/XLSX, Phụ lục IV columns) and export it (XLSX, .docx)."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from desktop.core.errors import UnreadableInputError
from desktop.core.profile import RegisterSettings
from desktop.core.register.files import export_register, import_file
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import EntryData
from desktop.core.rules import load_rule_set

PARTY, STATE = load_rule_set("party_hd36"), load_rule_set("state_nd30")
TERM = RegisterSettings(term_start="2025-10-20")
HEADER = ("\"Số, ký hiệu văn bản\",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,Người ký,"
          "Nơi nhận văn bản,\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú")


def write_csv(path, rows):
    path.write_text("\n".join([HEADER, "(1),(2),(3),(4),(5),(6),(7),(8),(9),(10)", *rows]) + "\n",
                    encoding="utf-8-sig")
    return path


def test_a_clean_party_register_imports_with_its_gaps_reported(tmp_path, register_store):
    source = write_csv(tmp_path / "so-di.csv", [
        "01-TB/ĐU,05/11/2025,Thông báo kết luận hội nghị,Nguyễn Văn A,Các chi bộ,VP,5,,,",
        "02-TB/ĐU,12/11/2025,Thông báo lịch sinh hoạt,Nguyễn Văn A,Các chi bộ,VP,5,,,",
        "05-TB/ĐU,02/01/2026,Thông báo nghỉ Tết,Nguyễn Văn A,Các chi bộ,VP,3,,,",
        "01-BC/ĐU,20/12/2025,Báo cáo tổng kết năm,Trần Văn B,Huyện ủy,VP,2,,,",
    ])
    result = import_file(source, PARTY, TERM, register_store)
    assert result.ok and len(result.entries) == 4
    assert [(g.series, g.numbers) for g in result.gaps] == [("type:thong_bao", [3, 4])]
    assert register_store.import_entries(result.entries) == 4
    # Party numbers run across 1 January within the term: the next Thông báo is 06
    assert register_store.issue(SeriesKey("type:thong_bao", "term:2025-10-20"), EntryData()).number == 6


def test_a_duplicate_row_and_a_malformed_number_are_reported_and_nothing_written(tmp_path, register_store):
    source = write_csv(tmp_path / "so-di.csv", [
        "71-TB/ĐU,05/11/2025,Thông báo A,,,,,,,",
        "72-TB/ĐU,06/11/2025,Thông báo B,,,,,,,",
        "72-TB/ĐU,07/11/2025,Thông báo C (số trùng),,,,,,,",
        "TB/ĐU,08/11/2025,Không có số,,,,,,,",
        "73-TB/ĐU,31/02/2025,Ngày sai,,,,,,,",
    ])
    result = import_file(source, PARTY, TERM, register_store)
    assert not result.ok
    messages = {p.row: p.message for p in result.errors}
    assert set(messages) == {5, 6, 7}
    assert "trùng với dòng 4" in messages[5]
    assert "không đúng dạng" in messages[6] and "«TB/ĐU»" in messages[6]
    assert "không đọc được" in messages[7]
    assert register_store.count() == 0


def test_a_row_already_in_the_register_is_refused(tmp_path, register_store):
    register_store.issue(SeriesKey("all", "2026"), EntryData(code="QĐ-UBND", issued_on="2026-01-03"))
    source = write_csv(tmp_path / "so.csv", ["01/QĐ-UBND,03/01/2026,Quyết định A,,,,,,,"])
    result = import_file(source, STATE, RegisterSettings(), register_store)
    assert [p.message for p in result.errors] == ["số 01/QĐ-UBND đã có trong sổ đăng ký."]


def test_xlsx_import_with_title_rows_and_real_dates(tmp_path, register_store):
    book = Workbook()
    sheet = book.active
    sheet.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐI"])
    sheet.append(["Năm 2026"])
    sheet.append(["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
                  "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển",
                  "Ký nhận", "Ghi chú"])
    sheet.append([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    sheet.append(["01/QĐ-UBND", dt.datetime(2026, 1, 5), "Quyết định thành lập", "Lê C", "Sở Nội vụ", "VT", 4,
                  dt.datetime(2026, 1, 6), "", ""])
    sheet.append(["02/UBND-VP", "06/01/2026", "Công văn V/v họp", "Lê C", "Các phòng", "VT, VP", 3, None, "", ""])
    book.save(tmp_path / "so.xlsx")
    result = import_file(tmp_path / "so.xlsx", STATE, RegisterSettings(), register_store)
    assert result.ok and not result.gaps
    first, second = result.entries
    assert (first.symbol, first.issued_on, first.copies, first.transfer_date) == ("01/QĐ-UBND", "2026-01-05", 4,
                                                                                  "2026-01-06")
    assert (second.series, second.doc_type, second.cycle) == ("all", "cong_van", "2026")


def test_unreadable_import_files_are_messages(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(UnreadableInputError) as caught:
        import_file(tmp_path / "a.pdf", STATE, None)
    assert "không phải CSV hoặc XLSX" in caught.value.message
    (tmp_path / "b.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(UnreadableInputError) as caught:
        import_file(tmp_path / "b.csv", STATE, None)
    assert "Không thấy hàng tiêu đề cột" in caught.value.message
    (tmp_path / "c.xlsx").write_bytes(b"not a zip")
    with pytest.raises(UnreadableInputError):
        import_file(tmp_path / "c.xlsx", STATE, None)


def _fill(store):
    key = SeriesKey("all", "2026")
    for day, summary in (("2026-01-05", "Quyết định thành lập Tổ công tác"), ("2026-02-10", "Quyết định khen thưởng"),
                         ("2026-03-15", "Quyết định điều động")):
        store.issue(key, EntryData(code="QĐ-UBND", issued_on=day, type_summary=summary, signer="Lê Văn C",
                                   recipients="Sở Nội vụ; Lưu", archive="VT, TCCB", copies=4))
    reserved = store.reserve(key)
    store.cancel(reserved.id, "Không ban hành")


def test_export_xlsx_for_a_date_range(tmp_path, register_store):
    _fill(register_store)
    path, count = export_register(register_store, tmp_path / "so di.xlsx", date_from="2026-02-01",
                                  date_to="2026-03-31", issuer="SỞ NỘI VỤ")
    assert count == 2
    sheet = load_workbook(path).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "SỞ NỘI VỤ" and rows[1][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert rows[2][0] == "Từ ngày 01/02/2026 đến ngày 31/03/2026"
    header = rows[4]
    assert header[:3] == ("Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản")
    assert header[-1] == "Ghi chú" and len([h for h in header if h]) == 10
    assert rows[6][:4] == ("02/QĐ-UBND", "10/02/2026", "Quyết định khen thưởng", "Lê Văn C")
    assert rows[7][0] == "03/QĐ-UBND" and len(rows) == 8
    assert sheet.page_setup.orientation == "landscape"


def test_export_docx_is_landscape_with_the_phu_luc_iv_columns(tmp_path, register_store):
    _fill(register_store)
    path, count = export_register(register_store, tmp_path / "so-di.docx")
    assert count == 4
    document = Document(str(path))
    section = document.sections[0]
    assert section.page_width > section.page_height
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][5] == "Đơn vị, người nhận bản lưu"
    assert [c.text for c in table.rows[1].cells][:3] == ["(1)", "(2)", "(3)"]
    body = [[c.text for c in row.cells] for row in table.rows[2:]]
    assert body[0][0] == "01/QĐ-UBND" and body[0][1] == "05/01/2026"
    assert body[-1][0] == "04" and body[-1][-1] == "Đã hủy: Không ban hành."
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in [p.text for p in document.paragraphs]
