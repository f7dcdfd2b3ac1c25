"""The editor driven as a clerk would (pytest-qt, offscreen): profile → form → fix → export → check.

Every prompt goes through a ScriptedAsker, so no test can hang on a dialog. The user data
folder is a tmp_path; the real home is never touched.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.model import Draft, load_draft
from desktop.ui.askers import ScriptedAsker
from desktop.ui.main_window import MainWindow
from tests.conftest import EXAMPLES, ROOT

PARTY_PROFILE = EXAMPLES / "profiles" / "party_van_phong_thanh_uy.json"
STATE_PROFILE = EXAMPLES / "profiles" / "state_so_noi_vu.json"


def type_text(widget, text: str) -> None:
    """Vietnamese typed one character at a time (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def make_window(qtbot, data_dir: Path, asker: ScriptedAsker | None = None, profile: Path | None = None) -> MainWindow:
    if profile is not None:
        (data_dir / "profiles").mkdir(parents=True, exist_ok=True)
        shutil.copy(profile, data_dir / "profiles" / profile.name)
    window = MainWindow(data_dir=data_dir, asker=asker or ScriptedAsker())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def choose(combo, text: str) -> None:
    """Pick an entry of a combo box as a clerk does (activated signal, like a mouse pick)."""
    index = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert index >= 0, (text, [combo.itemText(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def set_date(form, year: int, month: int, day: int) -> None:
    QTest.mouseClick(form.date_set, Qt.MouseButton.LeftButton)
    assert form.date_set.isChecked()
    form.date_edit.setDate(QDate(year, month, day))


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return "\n".join(texts)


def assert_checker_finds_no_error(path: Path) -> None:
    """Once the checker exists: the exported file has no error finding."""
    try:
        from desktop.core.check import check_file
    except ImportError:
        return
    report = check_file(path)
    assert report.readable, report.error
    errors = [(f.code, f.message) for doc in report.documents for f in doc.errors]
    assert errors == [], errors


def click_problem(qtbot, window: MainWindow, field: str) -> None:
    panel = window.validation
    rows = [i for i in range(panel.list.count()) if panel.problems[i].field == field]
    assert rows, [p.field for p in panel.problems]
    rect = panel.list.visualItemRect(panel.list.item(rows[0]))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_party_notice_from_profile_fixed_from_panel_exported_and_checked(qtbot, tmp_path):
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker, PARTY_PROFILE)
    w.new_document()
    form = w.form
    assert form.system_box.currentData() == "party_hd36"
    assert form.text("issuer") == "VĂN PHÒNG" and form.text("agency_code") == "VPTU"
    choose(form.type_box, "Thông báo")
    choose(form.signer_box, "Phạm Quốc Bảo — CHÁNH VĂN PHÒNG")
    choose(form.recipients_box, "Thông báo kết luận")
    assert form.text("signature.name") == "Phạm Quốc Bảo"
    assert form.authority_label.text() == "T/L BAN THƯỜNG VỤ"
    assert form.items("recipients.others")[0] == "Các đồng chí Thành ủy viên"

    form.body.setFocus()
    type_text(form.body, "Ngày 20/9/2021, Thường trực Thành ủy họp nghe báo cáo tình hình phòng, chống dịch.")
    QTest.keyClick(form.body, Qt.Key.Key_Return)
    form.apply_style("heading1")
    type_text(form.body, "Đánh giá chung")
    type_text(form.fields["number"], "7")
    set_date(form, 2021, 9, 21)

    # the trích yếu is still empty: an error in the panel; clicking it focuses the field
    qtbot.waitUntil(lambda: any(p.field == "summary" for p in w.validation.problems), timeout=3000)
    click_problem(qtbot, w, "summary")
    summary = form.fields["summary"]
    qtbot.waitUntil(summary.hasFocus, timeout=2000)
    type_text(QApplication.focusWidget(), "kết luận của Thường trực Thành ủy về công tác phòng, chống dịch Covid-19")
    problems = w.run_validation()
    assert [p for p in problems if p.severity == "error"] == []

    # the preview follows the typing
    qtbot.waitUntil(lambda: w.preview.canvas.layout_model.find("ĐÁNH GIÁ CHUNG") is not None, timeout=2000)
    assert w.preview.canvas.layout_model.find("Số 07-TB/VPTU") is not None

    target = tmp_path / "out" / "thong-bao.docx"
    asker.answers["export_docx"] = str(target)
    w.actions["export_docx"].trigger()
    assert target.exists()
    text = docx_text(target)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 07-TB/VPTU", "THÔNG BÁO", "I- ĐÁNH GIÁ CHUNG",
                     "kết luận của Thường trực Thành ủy về công tác phòng, chống dịch Covid-19",
                     "T/L BAN THƯỜNG VỤ", "Phạm Quốc Bảo", "- Lưu Văn phòng Thành ủy."):
        assert expected in text
    assert_checker_finds_no_error(target)


def test_state_letter_with_addressees_exported(qtbot, tmp_path):
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker, STATE_PROFILE)
    w.new_document()
    form = w.form
    choose(form.system_box, "nhà nước")
    choose(form.type_box, "Công văn")
    assert form.groups["addressees"].isVisibleTo(w) and not form.groups["legal_bases"].isVisibleTo(w)
    assert form.type_name_label.isHidden() or not form.type_name_label.isVisibleTo(w)
    choose(form.signer_box, form.signer_box.itemText(0))
    choose(form.recipients_box, form.recipients_box.itemText(0))
    type_text(form.fields["unit_code"], "VP")
    type_text(form.fields["number"], "15")
    set_date(form, 2025, 2, 5)
    type_text(form.fields["summary"], "báo cáo số liệu cán bộ năm 2025")
    type_text(form.fields["addressees"], "Ủy ban nhân dân các xã, phường")
    form.body.setFocus()
    type_text(form.body, "Để tổng hợp số liệu cán bộ, công chức năm 2025, Sở Nội vụ đề nghị các cơ quan gửi báo cáo./.")
    assert form.summary_label.text() == "V/v báo cáo số liệu cán bộ năm 2025"
    assert "- Như trên;" in form.recipient_label.text()
    errors = [p for p in w.run_validation() if p.severity == "error"]
    assert errors == [], [(p.field, p.message) for p in errors]
    target = w.export_docx(tmp_path / "cong-van.docx")
    assert target is not None
    text = docx_text(target)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "V/v báo cáo số liệu cán bộ năm 2025" in text
    assert "Kính gửi: Ủy ban nhân dân các xã, phường" in text and "Số: 15/SNV-VP" in text
    assert "ngày 05 tháng 02 năm 2025" in text
    assert_checker_finds_no_error(target)


def test_export_with_errors_lists_them_and_writes_nothing(qtbot, tmp_path):
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker)
    target = tmp_path / "x.docx"
    assert w.export_docx(target) is None
    assert not target.exists()
    asked = asker.last("export_errors")
    assert asked.kind == "error" and "lỗi" in asked.text
    assert any("Cách sửa" in line for line in asked.details)
    assert any("Trích yếu" in line for line in asked.details)


def filled_window(qtbot, tmp_path, asker) -> MainWindow:
    w = make_window(qtbot, tmp_path / "data", asker)
    w.set_draft(load_draft(EXAMPLES / "party_thong_bao.json"), modified=True)
    return w


def test_locked_export_target_offers_retry_and_never_raises(qtbot, tmp_path, monkeypatch):
    asker = ScriptedAsker({"export_locked": ["retry", "cancel"]})
    w = filled_window(qtbot, tmp_path, asker)

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    assert w.export_docx(tmp_path / "locked.docx") is None
    prompts = [a for a in asker.asked if a.topic == "export_locked"]
    assert len(prompts) == 2 and "đang mở trong Word" in prompts[0].text
    assert prompts[0].kind == "write_failed"
    assert not list(tmp_path.glob(".locked.docx*.tmp"))


def test_export_onto_a_folder_says_why(qtbot, tmp_path):
    asker = ScriptedAsker()
    w = filled_window(qtbot, tmp_path, asker)
    folder = tmp_path / "la-thu-muc.docx"
    folder.mkdir()
    assert w.export_docx(folder) is None
    failed = asker.last("export_failed")
    assert failed.kind == "write_failed" and "la-thu-muc.docx" in failed.text


CRASHING_EDITOR = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from desktop.ui.app import create_app
    from desktop.ui.askers import ScriptedAsker
    from desktop.ui.main_window import MainWindow
    from desktop.core.model import load_draft
    app = create_app()
    w = MainWindow(data_dir=Path(sys.argv[1]), asker=ScriptedAsker())
    w.show()
    w.set_draft(load_draft(Path(sys.argv[2])), modified=True)
    w.form.set_text("summary", "về dự thảo chưa kịp lưu khi máy treo")
    w.autosave_now()
    print("AUTOSAVED", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.05)
""")


def test_killed_editor_is_recovered_on_next_start(qtbot, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_EDITOR, str(data), str(EXAMPLES / "party_thong_bao.json")],
                            stdout=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    try:
        assert proc.stdout.readline().strip() == "AUTOSAVED"
    finally:
        proc.kill()  # SIGKILL on POSIX: no clean-up runs
        proc.wait(timeout=30)
    assert list((data / "autosave").glob("*.json"))
    asker = ScriptedAsker({"recover": True})
    w = make_window(qtbot, data, asker)
    w.start()
    assert "recover" in asker.topics()
    assert w.form.text("summary") == "về dự thảo chưa kịp lưu khi máy treo"
    assert w.modified
    # the crashed session's snapshot is gone; this session's own one replaces it
    assert [p.stem for p in (data / "autosave").glob("*.json")] == [w.autosave.session]


def test_recovery_declined_discards_the_snapshot(qtbot, tmp_path):
    from desktop.core.autosave import AutosaveStore

    data = tmp_path / "data"
    store = AutosaveStore(data, session="crashed")
    store.save(Draft(summary="bản cũ"))
    record = (data / "autosave" / "crashed.json")
    import json

    raw = json.loads(record.read_text(encoding="utf-8"))
    raw["pid"] = 0
    record.write_text(json.dumps(raw), encoding="utf-8")
    store.lock.release()  # the crashed editor's lock, freed by the OS
    asker = ScriptedAsker({"recover": False})
    w = make_window(qtbot, data, asker)
    w.start()
    assert "recover" in asker.topics() and w.form.text("summary") != "bản cũ"
    assert not record.exists()


def test_close_with_unsaved_changes_asks_and_can_cancel(qtbot, tmp_path):
    asker = ScriptedAsker({"unsaved": ["cancel", "save"], "save_as": str(tmp_path / "nhap.json")})
    w = filled_window(qtbot, tmp_path, asker)
    assert not w.close()
    assert w.isVisible()
    assert w.close()
    saved = load_draft(tmp_path / "nhap.json")
    assert saved.summary == load_draft(EXAMPLES / "party_thong_bao.json").summary
    assert not list((tmp_path / "data" / "autosave").glob("*.json"))


def test_newer_draft_version_is_refused_in_vietnamese(qtbot, tmp_path):
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker)
    newer = tmp_path / "moi.json"
    newer.write_text('{"schema_version": 99, "rule_set": "party_hd36"}', encoding="utf-8")
    assert not w.open_path(newer)
    assert "phiên bản" in asker.last("open_failed").text


def test_open_save_and_recent_files(qtbot, tmp_path):
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker)
    source = tmp_path / "tb.json"
    shutil.copy(EXAMPLES / "party_thong_bao.json", source)
    assert w.open_path(source)
    assert w.form.draft() == load_draft(source)
    assert not w.modified and "tb.json" in w.windowTitle()
    type_text(w.form.fields["place"], " ")
    w.form.set_text("place", "Hội An")
    assert w.modified and w.windowTitle().endswith("*")
    assert w.save()
    assert load_draft(source).place == "Hội An"
    assert w.settings.recent_files[0] == str(source)
    again = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    assert again.settings.recent_files[0] == str(source)
    assert again.recent_menu.actions()[0].text().endswith(str(source))


def test_undo_redo_across_the_form(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    issuer = w.form.fields["issuer"]
    issuer.setFocus()
    type_text(issuer, "Ban Tuyên giáo")
    w.commit_snapshot()
    w.form.body.setFocus()
    type_text(w.form.body, "Nội dung")
    w.commit_snapshot()
    issuer.setFocus()
    QTest.keyClick(issuer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # reaches the window, not the field
    assert w.form.body.paragraphs() == [] and w.form.text("issuer") == "Ban Tuyên giáo"
    w.undo()
    assert w.form.text("issuer") == ""
    w.redo()
    w.redo()
    assert w.form.text("issuer") == "Ban Tuyên giáo" and w.form.body.paragraphs()[0].text == "Nội dung"


def test_docx_given_on_start_is_checked_then_imported(qtbot, tmp_path):
    from desktop.core.render import render_to_file

    source = render_to_file(load_draft(EXAMPLES / "party_thong_bao.json"), tmp_path / "den.docx")
    asker = ScriptedAsker({"offer_import": True})
    w = make_window(qtbot, tmp_path / "data", asker)
    w.start(source)
    qtbot.waitUntil(lambda: "offer_import" in asker.topics() or "check_failed" in asker.topics(), timeout=30000)
    assert "check_failed" not in asker.topics(), asker.last("check_failed").text
    assert w.findings.texts()
    qtbot.waitUntil(lambda: w.form.text("issuer") != "", timeout=5000)
    assert w.form.draft().rule_set == "party_hd36"
    qtbot.waitUntil(lambda: w.preview.canvas.layout_model.find("Số 215") is not None, timeout=10000)  # laid out last
    assert "Số 215-TB/TU" in w.preview.canvas.layout_model.find("Số 215").text


def test_first_run_asks_for_a_profile_once(qtbot, tmp_path, monkeypatch):
    asker = ScriptedAsker({"first_profile": True})
    opened = []
    monkeypatch.setattr(MainWindow, "run_dialog", lambda self, dialog: opened.append(dialog) or False)
    w = make_window(qtbot, tmp_path / "data", asker)
    w.start()
    assert asker.topics().count("first_profile") == 1 and len(opened) == 1
    w2 = make_window(qtbot, tmp_path / "data", asker)
    w2.start()
    assert asker.topics().count("first_profile") == 1


def test_docx_export_is_valid_zip_bytes(qtbot, tmp_path):
    w = filled_window(qtbot, tmp_path, ScriptedAsker())
    target = w.export_docx(tmp_path / "a.docx")
    import zipfile

    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as z:
        assert "word/document.xml" in z.namelist()


def test_autosave_on_focus_loss_and_timer(qtbot, tmp_path):
    from PySide6.QtCore import QEvent

    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    assert w.autosave_timer.interval() == 30000 and w.autosave_timer.isActive()
    snapshot = tmp_path / "data" / "autosave" / f"{w.autosave.session}.json"
    QApplication.sendEvent(w, QEvent(QEvent.Type.ActivationChange))
    assert not snapshot.exists()  # nothing changed yet: nothing to keep
    type_text(w.form.fields["issuer"], "Ban Dân vận")
    w.clearFocus()
    w.activateWindow()
    other = make_window(qtbot, tmp_path / "other", ScriptedAsker())  # the clerk switches windows
    qtbot.waitUntil(lambda: not w.isActiveWindow(), timeout=3000)
    qtbot.waitUntil(snapshot.exists, timeout=3000)
    assert "Ban Dân vận" in snapshot.read_text(encoding="utf-8")
    other.modified = False
