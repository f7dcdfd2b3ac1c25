"""The editor's "Văn bản ban hành kèm theo" group (NĐ 30 Mẫu 1.3): shown for a quyết định only, its
type, trích yếu and body typed there, the Kèm theo line shown computed, and removing it asks first."""

from __future__ import annotations

from desktop.core.model import Paragraph, load_draft
from desktop.core.render import render_to_file
from desktop.ui.askers import ScriptedAsker
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import choose, docx_text, make_window

EXAMPLE = EXAMPLES / "state_quyet_dinh_ban_hanh_quy_che.json"


def test_the_fields_appear_for_a_quyet_dinh_and_disappear_for_other_types(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    form = w.form
    choose(form.system_box, "Nhà nước")
    choose(form.type_box, "Quyết định")
    assert form.approved_panel.isVisibleTo(form)
    choose(form.type_box, "Thông báo")
    assert not form.approved_panel.isVisibleTo(form)
    assert form.draft().approved is None
    choose(form.system_box, "Đảng")
    choose(form.type_box, "Quyết định")
    assert not form.approved_panel.isVisibleTo(form)  # the Party rules have no Mẫu 1.3


def test_the_example_opens_with_its_quy_che_and_reads_back_unchanged(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    assert w.open_path(EXAMPLE)
    panel = w.form.approved_panel
    assert panel.enabled_box.isChecked() and panel.fields_widget.isVisibleTo(panel)
    assert panel.type_box.currentText() == "Quy chế"
    assert panel.summary.toPlainText().startswith("Làm việc của Ủy ban nhân dân xã Tân Phú")
    assert panel.line_label.text() == ("(Ban hành kèm theo Quyết định số 25/QĐ-UBND ngày 12 tháng 3 năm 2026 "
                                       "của Ủy ban nhân dân xã Tân Phú)")
    assert w.form.draft().to_dict() == load_draft(EXAMPLE).to_dict()
    assert not w.modified


def test_a_quy_che_typed_in_the_editor_is_printed_after_the_decision(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    form = w.form
    choose(form.system_box, "Nhà nước")
    choose(form.type_box, "Quyết định")
    panel = form.approved_panel
    panel.enabled_box.click()
    assert panel.fields_widget.isVisibleTo(panel)
    choose(panel.type_box, "Quy định")
    panel.summary.setPlainText("Quản lý tài sản công tại Ủy ban nhân dân xã")
    panel.body.set_paragraphs([Paragraph.plain("Quy định chung", "chapter"),
                               Paragraph.plain("Phạm vi điều chỉnh", "article"),
                               Paragraph.plain("Quy định này áp dụng đối với tài sản công của xã./.")])
    assert panel.body.block_labels() == {0: "Chương I", 1: "Điều 1. ", 2: ""}
    assert w.modified
    approved = form.draft().approved
    assert approved is not None and approved.doc_type == "quy_dinh"
    assert [p.style for p in approved.body] == ["chapter", "article", "body"]
    panel.lead_button.click()  # Điều 1 of the decision names the Quy định
    first = form.draft().body[0]
    assert (first.style, first.text) == ("article", "Ban hành kèm theo Quyết định này Quy định quản lý tài sản công "
                                                    "tại Ủy ban nhân dân xã.")
    panel.lead_button.click()  # only once
    assert sum("kèm theo Quyết định này" in p.text for p in form.draft().body) == 1
    text = docx_text(render_to_file(form.draft(), tmp_path / "qd.docx"))
    assert "QUY ĐỊNH" in text and "Chương I" in text and "QUY ĐỊNH CHUNG" in text
    assert "(Ban hành kèm theo Quyết định số …/QĐ-" in text  # not issued yet: dots


def test_removing_the_approved_text_asks_first(qtbot, tmp_path):
    asker = ScriptedAsker(answers={"remove_approved": [False, True]})
    w = make_window(qtbot, tmp_path / "data", asker=asker)
    assert w.open_path(EXAMPLE)
    panel = w.form.approved_panel
    panel.enabled_box.click()  # "No": kept
    assert asker.topics().count("remove_approved") == 1
    assert panel.enabled_box.isChecked() and w.form.draft().approved is not None
    panel.enabled_box.click()  # "Yes": gone, and undo brings it back
    assert not panel.enabled_box.isChecked() and w.form.draft().approved is None
    w.commit_snapshot()
    w.undo()
    assert w.form.draft().approved == load_draft(EXAMPLE).approved


def test_a_problem_in_the_quy_che_puts_the_cursor_in_its_paragraph(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    assert w.open_path(EXAMPLE)
    panel = w.form.approved_panel
    assert w.form.focus_field("approved.body[7]") is panel.body
    assert panel.body.textCursor().block().text() == "Trách nhiệm, phạm vi giải quyết công việc"
    assert w.form.focus_field("approved.summary") is panel.summary
