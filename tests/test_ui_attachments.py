"""Attached documents written in the editor: listed one line each, opened in a form of their own,
added, removed (after a question, with undo), printed after the main document and checked apart."""

from __future__ import annotations

from desktop.core.check import check_file
from desktop.core.model import Paragraph, load_draft
from desktop.ui.askers import ScriptedAsker
from desktop.ui.attachment_dialog import AttachmentDialog
from desktop.ui.main_window import MainWindow
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import make_window

SEED_002 = EXAMPLES / "seed_002_cong_van_kem_thong_bao.json"


def answer_dialog(monkeypatch, fill=None, accept: bool = True) -> list[AttachmentDialog]:
    """Replace the modal loop: ``fill(dialog)`` types into the attachment's form, then OK (or Cancel)."""
    seen: list[AttachmentDialog] = []

    def run(self, dialog):
        seen.append(dialog)
        if fill is not None:
            fill(dialog)
        return accept

    monkeypatch.setattr(MainWindow, "run_dialog", run)
    return seen


def test_editing_an_attachment_changes_the_draft_the_preview_and_can_be_undone(qtbot, tmp_path, monkeypatch):
    w = make_window(qtbot, tmp_path / "data")
    w.open_path(SEED_002)
    before = w.form.draft().attachments[0].summary
    seen = answer_dialog(monkeypatch, lambda d: d.form.fields["summary"].setPlainText("về lịch tiếp dân tháng 12"))
    w.form.attachment_list.setCurrentRow(0)
    w.form.attachment_buttons["edit"].click()
    assert seen[0].windowTitle() == "Văn bản kèm theo số 1"
    assert not seen[0].form.system_box.isEnabled() and not seen[0].form.groups["copy"].isVisibleTo(seen[0].form)
    assert w.form.draft().attachments[0].summary == "về lịch tiếp dân tháng 12"
    assert w.modified and "về lịch tiếp dân tháng 12" in w.form.attachment_list.item(0).text()
    w.update_preview()
    assert w.preview.canvas.layout_model.find("về lịch tiếp dân tháng 12") is not None
    w.commit_snapshot()
    w.undo()
    assert w.form.draft().attachments[0].summary == before


def test_cancel_leaves_the_attachment_as_it_was(qtbot, tmp_path, monkeypatch):
    w = make_window(qtbot, tmp_path / "data")
    w.open_path(SEED_002)
    answer_dialog(monkeypatch, lambda d: d.form.fields["summary"].setPlainText("bỏ đi"), accept=False)
    w.edit_attachment(0)
    assert w.form.draft().attachments == load_draft(SEED_002).attachments and not w.modified


def test_a_new_attachment_is_printed_after_the_letter_and_checked_as_its_own_document(qtbot, tmp_path, monkeypatch):
    w = make_window(qtbot, tmp_path / "data")
    w.open_path(EXAMPLES / "party_cong_van.json")

    def fill(dialog):
        form = dialog.form
        assert form.draft().issuer == w.form.draft().issuer and form.draft().doc_type == "thong_bao"
        form.fields["summary"].setPlainText("kết luận của Thường trực Thành ủy về công tác lưu trữ")
        form.body.set_paragraphs([Paragraph.plain("Thường trực Thành ủy kết luận như sau.")])

    answer_dialog(monkeypatch, fill)
    w.form.attachment_buttons["add"].click()
    assert len(w.form.draft().attachments) == 1 and w.form.attachment_list.currentRow() == 0
    target = w.export_docx(tmp_path / "cong_van_kem_thong_bao.docx")
    report = check_file(target)
    assert [d.doc_type for d in report.documents] == ["cong_van", "thong_bao"]
    assert "công tác lưu trữ" in report.documents[1].parts["summary"].text


def test_removing_asks_first_and_can_be_undone(qtbot, tmp_path):
    asker = ScriptedAsker({"remove_attachment": False})
    w = make_window(qtbot, tmp_path / "data", asker)
    w.open_path(SEED_002)
    w.form.attachment_list.setCurrentRow(0)
    w.form.attachment_buttons["remove"].click()
    assert len(w.form.draft().attachments) == 1 and "Bỏ văn bản kèm theo số 1" in asker.last("remove_attachment").text
    asker.answers["remove_attachment"] = True
    w.form.attachment_buttons["remove"].click()
    assert w.form.draft().attachments == [] and w.modified
    w.commit_snapshot()
    w.undo()
    assert len(w.form.draft().attachments) == 1
