"""Issue #11, the editor's half: every write is safe, nothing a clerk typed is ever lost.

Names with dots keep their dots; a full disk (ENOSPC injected at the OS call the atomic writer
makes) on save, save-on-quit, export and autosave keeps the window open, the edits in the form,
the earlier file untouched, and says why through the asker; a malformed draft is refused whole.
Every prompt goes through a ScriptedAsker (or, for the file dialog, the real QFileDialog answered
by the test), never a real modal loop.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QTreeView

from desktop.core.i18n import tr
from desktop.core.model import load_draft
from desktop.ui.askers import QtAsker, ScriptedAsker
from desktop.ui.main_window import MainWindow
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import make_window, type_text

NOTICE = EXAMPLES / "party_thong_bao.json"
TYPED = "về việc chưa kịp lưu khi ổ đĩa đầy"


def filled(qtbot, tmp_path: Path, asker: ScriptedAsker) -> MainWindow:
    w = make_window(qtbot, tmp_path / "data", asker)
    w.set_draft(load_draft(NOTICE), modified=True)
    return w


def disk_full(monkeypatch, times: int = 10**6) -> list[int]:
    """Every fsync (the OS call that makes a written file real) fails with ENOSPC, ``times`` times."""
    calls: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        if len(calls) < times:
            calls.append(fd)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


# --- names with dots -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["KH 2025.v2", "Dự thảo 15.3.2025"])
def test_save_as_a_dotted_name_appends_json_and_leaves_the_sibling_alone(qtbot, tmp_path, typed):
    sibling = tmp_path / (typed.rsplit(".", 1)[0] + ".json")
    sibling.write_text("bản khác, không được thay", encoding="utf-8")
    asker = ScriptedAsker({"save_as": str(tmp_path / typed)})
    w = filled(qtbot, tmp_path, asker)
    assert w.save_as()
    written = tmp_path / f"{typed}.json"
    assert load_draft(written).summary == load_draft(NOTICE).summary
    assert sibling.read_text(encoding="utf-8") == "bản khác, không được thay"
    assert w.path == written and written.name in w.windowTitle()
    assert "overwrite" not in asker.topics()


def test_export_docx_with_a_dotted_name_appends_docx(qtbot, tmp_path):
    sibling = tmp_path / "KH 2025.docx"
    sibling.write_bytes(b"Word file of another plan")
    asker = ScriptedAsker({"export_docx": str(tmp_path / "KH 2025.v2")})
    w = filled(qtbot, tmp_path, asker)
    target = w.export_docx()
    assert target == tmp_path / "KH 2025.v2.docx" and target.read_bytes()[:2] == b"PK"
    assert sibling.read_bytes() == b"Word file of another plan"


def test_export_pdf_target_with_a_dotted_name_appends_pdf(qtbot, tmp_path, monkeypatch):
    sibling = tmp_path / "Dự thảo 15.3.pdf"
    sibling.write_bytes(b"%PDF another")
    asker = ScriptedAsker({"export_pdf": str(tmp_path / "Dự thảo 15.3.2025")})
    w = filled(qtbot, tmp_path, asker)
    started: list[tuple] = []
    monkeypatch.setattr(w.jobs, "start", lambda fn, *args, **kw: started.append(args))
    w.export_pdf()
    assert started and started[0][1] == tmp_path / "Dự thảo 15.3.2025.pdf"
    assert sibling.read_bytes() == b"%PDF another"


def test_the_replace_question_names_the_file_really_written(qtbot, tmp_path):
    existing = tmp_path / "KH 2025.v2.json"
    existing.write_text("{}", encoding="utf-8")
    asker = ScriptedAsker({"save_as": [str(tmp_path / "KH 2025.v2"), None], "overwrite": False})
    w = filled(qtbot, tmp_path, asker)
    assert not w.save_as()
    question = asker.last("overwrite")
    assert "KH 2025.v2.json" in question.text and existing.read_text(encoding="utf-8") == "{}"
    assert asker.topics().count("save_as") == 2  # "no" asks for another name, as Word does
    asker.answers.update({"save_as": str(tmp_path / "KH 2025.v2"), "overwrite": True})
    assert w.save_as() and load_draft(existing).summary == load_draft(NOTICE).summary


def test_a_read_only_target_gets_its_own_question(qtbot, tmp_path):
    target = tmp_path / "KH 2025.v2.docx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    asker = ScriptedAsker({"export_docx": [str(tmp_path / "KH 2025.v2"), None], "overwrite_readonly": False})
    w = filled(qtbot, tmp_path, asker)
    assert w.export_docx() is None
    assert "chỉ đọc" in asker.last("overwrite_readonly").text and "overwrite" not in asker.topics()
    assert target.read_bytes() == b"old"
    saved = tmp_path / "own.json"
    w.save_to(saved)
    saved.chmod(0o444)
    w.form.set_text("summary", "sửa lại")
    assert not w.save() and "overwrite_readonly" in asker.topics()[-1]
    assert load_draft(saved).summary != "sửa lại"


def test_dotted_name_through_the_real_file_dialog(qtbot, tmp_path, monkeypatch):
    """QtAsker's own QFileDialog, the name typed in its name box: the window appends .json."""
    sibling = tmp_path / "KH 2025.json"
    sibling.write_text("kế hoạch khác", encoding="utf-8")
    typed_names: list[str] = []

    def type_and_accept(dialog: QFileDialog) -> bool:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.show()
        qtbot.waitExposed(dialog)
        name_box = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name_box.text() == f"{tr('ui.default_file')}.json"  # the suggested name, selected
        name_box.selectAll()
        QTest.keyClicks(name_box, "KH 2025.v2")  # typed over it, as a clerk does
        typed_names.append(name_box.text())
        dialog.accept()
        return dialog.result() == QFileDialog.DialogCode.Accepted

    monkeypatch.setattr(QtAsker, "run_file_dialog", staticmethod(type_and_accept))
    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    w.set_draft(load_draft(NOTICE), modified=True)
    w.settings.last_dir = str(tmp_path)  # the folder the dialog opens in
    w.asker = QtAsker(w)
    try:
        saved = w.save_as()
    finally:
        w.asker = ScriptedAsker()  # nothing else may open a real dialog (closing at the end asks)
    assert typed_names == ["KH 2025.v2"]
    assert saved and w.path == tmp_path / "KH 2025.v2.json" and w.path.exists()
    assert sibling.read_text(encoding="utf-8") == "kế hoạch khác"


# --- a failed write never closes or loses anything -------------------------------------------------


def test_disk_full_on_save_keeps_everything_and_offers_another_place(qtbot, tmp_path, monkeypatch):
    first = tmp_path / "tb.json"
    asker = ScriptedAsker({"save_failed": "elsewhere", "save_as": str(tmp_path / "o-khac")})
    w = filled(qtbot, tmp_path, asker)
    assert w.save_to(first)
    before = first.read_bytes()
    w.form.set_text("summary", TYPED)
    disk_full(monkeypatch, times=1)
    assert w.save()  # failed once, said why, then written to the other place chosen
    failed = asker.last("save_failed")
    assert failed.kind == "write_failed" and "tb.json" in failed.text and "Không ghi được" in failed.text
    assert "ổ đĩa đã đầy" in failed.text and "No space" not in failed.text
    assert first.read_bytes() == before
    assert load_draft(tmp_path / "o-khac.json").summary == TYPED
    assert w.path == tmp_path / "o-khac.json" and not w.modified


def test_disk_full_on_save_cancelled_keeps_the_edits(qtbot, tmp_path, monkeypatch):
    first = tmp_path / "tb.json"
    asker = ScriptedAsker()
    w = filled(qtbot, tmp_path, asker)
    w.save_to(first)
    before = first.read_bytes()
    w.form.set_text("summary", TYPED)
    disk_full(monkeypatch)
    assert not w.save()
    assert asker.last("save_failed").kind == "write_failed"
    assert w.form.text("summary") == TYPED and w.modified and w.windowTitle().endswith("*")
    assert first.read_bytes() == before
    assert not list(tmp_path.glob(".tb.json*.tmp"))


def test_save_on_quit_that_fails_cancels_the_close(qtbot, tmp_path, monkeypatch):
    first = tmp_path / "tb.json"
    asker = ScriptedAsker({"unsaved": "save"})
    w = filled(qtbot, tmp_path, asker)
    w.save_to(first)
    before = first.read_bytes()
    w.form.set_text("summary", TYPED)
    disk_full(monkeypatch)
    assert not w.close()
    assert w.isVisible() and w.form.text("summary") == TYPED and w.modified
    assert asker.topics()[-2:] == ["unsaved", "save_failed"]
    assert "Không ghi được" in asker.last("save_failed").text
    assert first.read_bytes() == before
    monkeypatch.undo()
    asker.answers["unsaved"] = "save"
    assert w.close() and load_draft(first).summary == TYPED  # the disk has room again


def test_export_on_a_full_disk_keeps_the_earlier_file_and_offers_another_place(qtbot, tmp_path, monkeypatch):
    asker = ScriptedAsker({"export_failed": ["cancel", "elsewhere"], "export_docx": str(tmp_path / "noi-khac")})
    w = filled(qtbot, tmp_path, asker)
    target = w.export_docx(tmp_path / "tb.docx")
    before = target.read_bytes()
    w.form.set_text("summary", TYPED)
    disk_full(monkeypatch, times=2)
    assert w.export_docx(target) is None
    assert w.isVisible() and w.form.text("summary") == TYPED
    assert target.read_bytes() == before and asker.last("export_failed").kind == "write_failed"
    assert "tb.docx" in asker.last("export_failed").text
    elsewhere = w.export_docx(target)
    assert elsewhere == tmp_path / "noi-khac.docx" and elsewhere.read_bytes()[:2] == b"PK"
    assert target.read_bytes() == before


def test_pdf_export_on_a_full_disk_keeps_the_earlier_file(qtbot, tmp_path, monkeypatch, soffice):
    asker = ScriptedAsker({"export_failed": "cancel"})
    w = filled(qtbot, tmp_path, asker)
    target = tmp_path / "KH 2025.v2.pdf"
    target.write_bytes(b"%PDF-1.4 the earlier export")
    w.form.set_text("summary", TYPED)
    disk_full(monkeypatch)
    w.export_pdf(target)
    qtbot.waitUntil(lambda: "export_failed" in asker.topics(), timeout=180000)
    failed = asker.last("export_failed")
    assert failed.kind == "write_failed" and "ổ đĩa đã đầy" in failed.text, failed.text
    assert target.read_bytes() == b"%PDF-1.4 the earlier export"
    assert w.isVisible() and w.form.text("summary") == TYPED


def test_autosave_on_a_full_disk_says_so_in_the_status_bar_and_never_raises(qtbot, tmp_path, monkeypatch):
    asker = ScriptedAsker()
    w = filled(qtbot, tmp_path, asker)
    snapshot = w.autosave_now()
    before = snapshot.read_bytes()
    w.form.set_text("summary", TYPED)
    disk_full(monkeypatch)
    assert w.autosave_now() is None
    w.autosave_timer.timeout.emit()  # the 30 s timer: a slot that must not raise either
    assert "Chưa lưu tự động được" in w.status_label.text()
    assert snapshot.read_bytes() == before and w.form.text("summary") == TYPED and w.isVisible()
    assert not [a for a in asker.asked if a.kind in ("error", "write_failed")]  # no dialog for autosave


# --- malformed drafts -----------------------------------------------------------------------------


def hostile_drafts(folder: Path) -> dict[str, Path]:
    good = json.loads(NOTICE.read_text(encoding="utf-8"))
    cases: dict[str, bytes] = {
        "body_string": json.dumps({**good, "body": "một đoạn văn"}).encode(),
        "signature_null": json.dumps({**good, "signature": None}).encode(),
        "date_number": json.dumps({**good, "date": 20250312}).encode(),
        "summary_list": json.dumps({**good, "summary": ["về", "việc"]}).encode(),
        "runs_string": json.dumps({**good, "body": [{"style": "body", "runs": "chữ"}]}).encode(),
        "attachments_string": json.dumps({**good, "attachments": "x"}).encode(),
        "copies_text": json.dumps({**good, "extras": {**good.get("extras", {}), "copies": "năm"}}).encode(),
        "unknown_system": json.dumps({**good, "rule_set": "khong_co"}).encode(),
        "unknown_type": json.dumps({**good, "doc_type": "khong_co"}).encode(),
        "mode_number": json.dumps({**good, "signature": {**good["signature"], "mode": 5}}).encode(),
        "paragraph_number": json.dumps({**good, "body": [7]}).encode(),
        "array": b"[1, 2, 3]",
        "not_json": "Đây không phải JSON {".encode(),
        "not_utf8": "{\"summary\": \"về việc\"}".encode("utf-16"),
        "deep": b"[" * 100000 + b"]" * 100000,
        "huge": b'{"schema_version": 1, "summary": "' + b"a" * (21 * 1024 * 1024) + b'"}',
    }
    folder.mkdir()
    paths = {}
    for name, data in cases.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_bytes(data)
    return paths


def test_malformed_drafts_are_refused_whole_with_a_vietnamese_message(qtbot, tmp_path):
    own = tmp_path / "dang-soan.json"
    shutil.copy(NOTICE, own)
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker)
    assert w.open_path(own)
    w.form.set_text("summary", TYPED)
    state = (w.form.draft().to_json(), w.path, w.windowTitle(), w.preview.canvas.layout_model, w.modified)
    for name, path in hostile_drafts(tmp_path / "hostile").items():
        assert not w.open_path(path), name
        said = asker.last("open_failed")
        assert said.kind == "error" and path.name in said.text, (name, said.text)
        assert not any(word in said.text for word in ("Traceback", "Error:", "object has no")), (name, said.text)
        now = (w.form.draft().to_json(), w.path, w.windowTitle(), w.preview.canvas.layout_model, w.modified)
        assert now == state, name
    assert "unsaved" not in asker.topics()  # a refused file never asked to drop the edits


def test_a_draft_the_form_still_refuses_rolls_everything_back(qtbot, tmp_path, monkeypatch):
    asker = ScriptedAsker()
    w = filled(qtbot, tmp_path, asker)
    w.form.set_text("summary", TYPED)
    before = (w.form.draft().to_json(), w.path, w.windowTitle())
    other = tmp_path / "khac.json"
    shutil.copy(NOTICE, other)
    real = w.form.body.set_paragraphs
    calls = []

    def fail_once(paragraphs):
        calls.append(1)
        if len(calls) == 1:
            raise TypeError("unexpected paragraph")
        real(paragraphs)

    monkeypatch.setattr(w.form.body, "set_paragraphs", fail_once)
    asker.answers["unsaved"] = "discard"
    assert not w.open_path(other)
    assert (w.form.draft().to_json(), w.path, w.windowTitle()) == before
    assert "khac.json" in asker.last("open_failed").text


# --- validation on start and on load -------------------------------------------------------------------


def test_a_new_empty_form_lists_what_is_missing(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    assert w.validation.summary.text() != tr("ui.validation.none")
    assert any(p.severity == "error" for p in w.validation.problems)


def test_a_loaded_draft_is_validated_at_once(qtbot, tmp_path):
    incomplete = tmp_path / "thieu.json"
    draft = load_draft(NOTICE)
    draft.summary = ""
    incomplete.write_text(draft.to_json(), encoding="utf-8")
    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    w.set_draft(load_draft(NOTICE), modified=False)
    assert not w.validation.errors()
    assert w.open_path(incomplete)
    assert any(p.field == "summary" for p in w.validation.errors())  # no wait for the timer


# --- undo by paragraph and by pause ----------------------------------------------------------------


def test_one_undo_takes_back_one_typed_paragraph(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    body = w.form.body
    body.setFocus()
    paragraphs = ["Thực hiện chỉ đạo của Ban Thường vụ,", "Văn phòng đề nghị các đơn vị", "báo cáo trước ngày 15."]
    for index, text in enumerate(paragraphs):
        if index:
            QTest.keyClick(body, Qt.Key.Key_Return)
        type_text(body, text)  # one key event per character

    def texts() -> list[str]:
        return [p.text for p in body.paragraphs()]

    assert texts() == paragraphs
    for keep in (2, 1, 0):
        QTest.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert texts() == paragraphs[:keep]
    QTest.keyClick(body, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert texts() == paragraphs[:1]


def test_a_pause_in_typing_ends_an_undo_step(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    summary = w.form.fields["summary"]
    summary.setFocus()
    type_text(summary, "về công tác")
    qtbot.waitUntil(lambda: w.undo_stack.count() == 1, timeout=5000)  # the pause closed the step
    type_text(summary, " phòng, chống bão")
    QTest.keyClick(summary, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.form.text("summary") == "về công tác"


# --- Qt's own texts in Vietnamese ---------------------------------------------------------------------


def test_qt_standard_buttons_and_file_dialog_are_vietnamese(qtbot):
    from desktop.ui.app import create_app

    create_app()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Retry | QDialogButtonBox.StandardButton.Ignore)
    qtbot.addWidget(box)
    sb = QDialogButtonBox.StandardButton
    assert box.button(sb.Cancel).text() == "Hủy" and box.button(sb.Ok).text() == "Đồng ý"
    assert box.button(sb.Retry).text() == "Thử lại" and box.button(sb.Ignore).text() == "Bỏ qua"
    message = QMessageBox(QMessageBox.Icon.Question, "x", "y", QMessageBox.StandardButton.Yes
                          | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert {b.text().replace("&", "") for b in message.buttons()} == {"Có", "Không"}
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert tr("ui.file_dialog.look_in") in labels and "&Look in:" not in labels
    header = dialog.findChild(QTreeView).model()
    assert header.headerData(0, Qt.Orientation.Horizontal) == "Tên"
