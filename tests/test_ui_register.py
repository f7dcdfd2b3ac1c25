"""The register in the editor (pytest-qt, offscreen, every prompt scripted): "Cấp số và ngày
ban hành" on a draft, the register window's columns, filters, highlights, cancel, export, import."""

from __future__ import annotations

import datetime as dt
import shutil

from PySide6.QtCore import Qt

from desktop.core.model import load_draft
from desktop.core.register import open_register
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import Entry, EntryData
from desktop.core.rules import load_rule_set
from desktop.ui.askers import ScriptedAsker
from desktop.ui.register_window import DUPLICATE_COLOUR, GAP_COLOUR, RegisterWindow
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import make_window


def test_issue_from_the_editor_makes_the_draft_read_only_until_cancelled(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_TODAY", "2026-02-05")
    draft_path = tmp_path / "qd.json"
    shutil.copy(EXAMPLES / "state_quyet_dinh.json", draft_path)
    asker = ScriptedAsker({"register_issue": True, "register_docx": str(tmp_path / "QĐ ban hành"),
                           "register_cancel": True})
    window = make_window(qtbot, tmp_path / "data", asker)
    assert window.open_path(draft_path)
    assert window.form.isEnabled() and window.actions["register_issue"].isEnabled()

    window.actions["register_issue"].trigger()
    assert "05/02/2026" in asker.last("register_issue").text
    assert (tmp_path / "QĐ ban hành.docx").is_file()
    saved = load_draft(draft_path)
    assert (saved.number, saved.date, saved.issued.symbol) == ("01", "2026-02-05", "01/QĐ-UBND")
    assert not window.form.isEnabled() and not window.actions["register_issue"].isEnabled()
    assert window.form.draft().number == "01" and not window.modified
    assert "01/QĐ-UBND" in window.status_label.text()

    window.actions["register_open"].trigger()
    view = window.register_window
    qtbot.addWidget(view)
    assert view.row_count() == 1 and view.cell(0, 0) == "01/QĐ-UBND"
    assert view.cell(0, 1) == "05/02/2026"
    assert view.cycle_box.currentText() == "Năm 2026"
    view.table.selectRow(0)
    view.reason_edit.setText("Ký sai thẩm quyền")
    view.cancel_button.click()
    assert "Ký sai thẩm quyền" in asker.last("register_cancel").text
    assert view.cell(0, 10) == "đã hủy" and view.cell(0, 9).startswith("Đã hủy")

    assert window.open_path(draft_path)  # the cancelled number gave the draft back
    assert window.form.isEnabled() and window.form.draft().number == ""


def test_an_issued_draft_opens_read_only(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_TODAY", "2026-03-01")
    draft_path = tmp_path / "tb.json"
    shutil.copy(EXAMPLES / "state_thong_bao.json", draft_path)
    from desktop.core.register.issuing import issue_draft

    with open_register(None, tmp_path / "data") as store:
        issue_draft(store, load_draft(draft_path), None, today=dt.date(2026, 3, 1), draft_path=draft_path)
    window = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    assert window.open_path(draft_path)
    assert not window.form.isEnabled() and not window.actions["register_issue"].isEnabled()
    window.new_document()
    assert window.form.isEnabled()


def _rows(store):
    def row(number, summary, signer, series="all", symbol=None):
        text = f"{number:02d}"
        return Entry(**EntryData(code="QĐ-UBND", issued_on=f"2026-01-{number:02d}", doc_type="quyet_dinh",
                                 type_summary=summary, signer=signer).__dict__, series=series, cycle="2026",
                     number=number, number_text=text, symbol=symbol or f"{text}/QĐ-UBND")
    store.import_entries([row(1, "Quyết định thành lập", "Lê Văn C"), row(2, "Quyết định khen thưởng", "Trần Thị D"),
                          row(5, "Quyết định điều động", "Lê Văn C"),
                          row(1, "Quyết định trùng số", "Lê Văn C", series="legal:quyet_dinh", symbol="02/QĐ-UBND")])
    store.issue(SeriesKey("all", "2025"), EntryData(code="TB-UBND", issued_on="2025-12-30", doc_type="thong_bao",
                                                    type_summary="Thông báo cuối năm"))


def test_register_window_columns_filters_and_highlights(qtbot, tmp_path, register_store):
    _rows(register_store)
    asker = ScriptedAsker({"register_export": [str(tmp_path / "so.docx")]})
    view = RegisterWindow(register_store, asker, load_rule_set("state_nd30"), issuer="SỞ NỘI VỤ")
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.complete)  # the year's gaps and duplicates come just after the first paint
    headers = [view.model.headerData(i, Qt.Orientation.Horizontal) for i in range(view.model.columnCount())]
    assert headers[:3] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản"]
    assert headers[9:] == ["Ghi chú", "Trạng thái"]
    assert [view.cycle_box.itemText(i) for i in range(view.cycle_box.count())] == \
        ["Mọi năm, nhiệm kỳ", "Năm 2026", "Năm 2025"]
    assert view.cycle_box.currentText() == "Năm 2026" and view.row_count() == 4
    colours = {view.cell(r, 0) + "|" + view.cell(r, 2): view.row_colour(r)
               for r in range(view.row_count())}
    assert colours["02/QĐ-UBND|Quyết định khen thưởng"] == DUPLICATE_COLOUR
    assert colours["02/QĐ-UBND|Quyết định trùng số"] == DUPLICATE_COLOUR
    assert colours["05/QĐ-UBND|Quyết định điều động"] == GAP_COLOUR
    fifth = next(r for r in range(4) if view.cell(r, 0) == "05/QĐ-UBND")
    assert "03–04" in view.cell(fifth, 0, Qt.ItemDataRole.ToolTipRole)
    assert "03–04" in view.summary.text() and "Số 02/QĐ-UBND có 2 lần" in view.summary.text()

    view.text_edit.setText("khen thuong")  # no marks needed; the query runs once typing pauses
    qtbot.waitUntil(lambda: view.row_count() == 1)
    assert view.cell(0, 2) == "Quyết định khen thưởng"
    view.text_edit.clear()
    view.signer_edit.setText("le van")
    qtbot.waitUntil(lambda: view.row_count() == 3)
    view.signer_edit.clear()
    view.refresh()
    view.cycle_box.setCurrentIndex(0)
    view.type_box.setCurrentIndex(view.type_box.findData("thong_bao"))
    assert view.row_count() == 1 and view.cell(0, 0) == "01/TB-UBND"

    view.export_button.click()
    assert (tmp_path / "so.docx").is_file()
    assert "Đã xuất 5 dòng" in asker.last("register_export").text


def test_register_window_refuses_an_import_with_a_duplicate(qtbot, tmp_path, register_store):
    source = tmp_path / "so.csv"
    source.write_text("\"Số, ký hiệu văn bản\",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản\n"
                      "01/QĐ-UBND,05/01/2026,A\n01/QĐ-UBND,06/01/2026,B\n", encoding="utf-8")
    asker = ScriptedAsker({"register_import": [str(source)]})
    view = RegisterWindow(register_store, asker, load_rule_set("state_nd30"))
    qtbot.addWidget(view)
    assert not view.import_old()
    told = asker.last("register_import")
    assert told.kind == "error" and "chưa nhập dòng nào" in told.text
    assert any("Dòng 3" in d and "trùng" in d for d in told.details)
    assert register_store.count() == 0
    source.write_text(source.read_text(encoding="utf-8").replace("01/QĐ-UBND,06", "02/QĐ-UBND,06"), encoding="utf-8")
    asker.answers.update({"register_import": True})
    assert view.import_old(source)
    assert view.row_count() == 2 and register_store.count() == 2
    assert [view.cell(r, 0) for r in range(2)] == ["01/QĐ-UBND", "02/QĐ-UBND"]
    assert view.cell(0, 0, Qt.ItemDataRole.UserRole) > 0


def test_a_party_office_starts_a_new_term_from_the_register_window(qtbot, tmp_path):
    import json

    from desktop.core.profile import load_profile
    from tests.test_ui_workflow import PARTY_PROFILE

    data = json.loads(PARTY_PROFILE.read_text(encoding="utf-8"))
    data["register"] = {"term_start": "2025-10-20"}
    source = tmp_path / "party.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    asker = ScriptedAsker({"register_new_term": True})
    window = make_window(qtbot, tmp_path / "data", asker, profile=source)
    window.actions["register_open"].trigger()
    view = window.register_window
    qtbot.addWidget(view)
    assert view.new_term_button.isVisibleTo(view)
    assert not view.new_term(dt.date(2024, 1, 1))
    assert "phải bắt đầu sau" in asker.last("register_new_term").text
    assert view.new_term(dt.date(2030, 10, 16))
    assert "2030" in asker.last("register_new_term").text
    assert load_profile(window.profile_path).register.term_start == "2030-10-16"
    assert window.profile.register.term_start == "2030-10-16"


def test_a_state_register_window_has_no_term(qtbot, register_store):
    view = RegisterWindow(register_store, ScriptedAsker(), load_rule_set("state_nd30"))
    qtbot.addWidget(view)
    assert not view.new_term_button.isVisibleTo(view)


def test_the_profile_dialog_keeps_and_edits_the_register_settings(qtbot):
    from PySide6.QtCore import QDate

    from desktop.core.profile import RegisterSettings, load_profile
    from desktop.ui.profile_dialog import ProfileDialog
    from tests.test_ui_workflow import PARTY_PROFILE, STATE_PROFILE

    plain = ProfileDialog(load_profile(STATE_PROFILE), ScriptedAsker())
    qtbot.addWidget(plain)
    assert plain.profile().register is None  # nothing set, nothing written
    assert plain.register_box.form.isRowVisible(plain.register_box.series_mode)
    assert not plain.register_box.form.isRowVisible(plain.register_box.term_start)

    party = load_profile(PARTY_PROFILE)
    party.register = RegisterSettings(series_mode="per_type", term_start="2025-10-20", leading_zero=False)
    dialog = ProfileDialog(party, ScriptedAsker())
    qtbot.addWidget(dialog)
    box = dialog.register_box
    assert box.form.isRowVisible(box.term_start) and not box.form.isRowVisible(box.series_mode)
    assert dialog.profile().register == party.register  # kept through the dialog
    box.term_start.setDate(QDate(2030, 10, 16))
    box.backend.setCurrentIndex(box.backend.findData("postgresql"))
    assert box.form.isRowVisible(box.password_env)
    box.database.setText("postgresql://vanthu@10.0.0.5/vanban")
    box.password_env.setText("VANBAN_OFFICE_PW")
    edited = dialog.profile().register
    assert (edited.term_start, edited.backend, edited.database, edited.password_env, edited.leading_zero) == \
        ("2030-10-16", "postgresql", "postgresql://vanthu@10.0.0.5/vanban", "VANBAN_OFFICE_PW", False)
