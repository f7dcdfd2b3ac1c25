"""Phụ lục written in the editor: added under the body, titled and filled, shown in the preview on a
page of its own, exported into the .docx after the document, removed after a question, undone."""

from __future__ import annotations

import docx

from desktop.core.model import Paragraph, load_draft
from desktop.ui.askers import ScriptedAsker
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import make_window


def test_an_added_phu_luc_is_previewed_on_its_own_page_and_exported_after_the_document(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    w.open_path(EXAMPLES / "state_thong_bao.json")
    editor = w.form.appendix_editor
    assert editor.list.count() == 0 and not editor.editor.isVisibleTo(editor)
    editor.add_button.click()
    assert editor.list.count() == 1 and editor.editor.isVisibleTo(editor)
    editor.title.setText("Danh sách cán bộ dự họp")
    editor.body.set_paragraphs([Paragraph.plain("Ông Nguyễn Văn An, Phó Giám đốc Sở./.", "dash")])
    draft = w.form.draft()
    assert [(a.title, a.body[0].text) for a in draft.appendices] == [
        ("Danh sách cán bộ dự họp", "Ông Nguyễn Văn An, Phó Giám đốc Sở./.")]
    assert w.modified and editor.list.item(0).text() == "Phụ lục: Danh sách cán bộ dự họp"

    w.update_preview()
    model = w.preview.canvas.layout_model
    title = model.find("DANH SÁCH CÁN BỘ DỰ HỌP")
    assert title is not None
    page = next(p for p in model.pages if any(line.text == "DANH SÁCH CÁN BỘ DỰ HỌP" for line in p.lines))
    assert page.number > 1 and page.printed == 1  # a new page, numbered from 1 again

    target = w.export_docx(tmp_path / "thong_bao_co_phu_luc.docx")
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert texts.index("DANH SÁCH CÁN BỘ DỰ HỌP") > texts.index("Phụ lục")
    assert len(document.sections) == 2
    assert any(t.startswith("(Kèm theo Thông báo số ") for t in texts)


def test_removing_a_phu_luc_asks_first_and_can_be_undone(qtbot, tmp_path):
    asker = ScriptedAsker({"remove_appendix": [False, True]})
    w = make_window(qtbot, tmp_path / "data", asker)
    w.open_path(EXAMPLES / "state_ke_hoach.json")
    editor = w.form.appendix_editor
    assert [editor.list.item(i).text().split(":")[0] for i in range(editor.list.count())] == [
        "Phụ lục I", "Phụ lục II"]
    editor.list.setCurrentRow(1)
    editor.remove_button.click()
    assert asker.last("remove_appendix").text.startswith("Bỏ Phụ lục II (")
    assert len(w.form.draft().appendices) == 2  # answered no: kept
    w.commit_snapshot()
    editor.remove_button.click()
    assert [a.title for a in w.form.draft().appendices] == [load_draft(EXAMPLES / "state_ke_hoach.json")
                                                            .appendices[0].title]
    assert editor.list.item(0).text().startswith("Phụ lục: ")  # one left: no number (B.2 Phụ lục)
    w.commit_snapshot()
    w.undo()
    assert len(w.form.draft().appendices) == 2


def test_a_problem_in_a_phu_luc_puts_the_cursor_in_it(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    w.open_path(EXAMPLES / "state_ke_hoach.json")
    editor = w.form.appendix_editor
    editor.list.setCurrentRow(0)
    w.form.focus_field("appendices[1].title")
    assert editor.list.currentRow() == 1 and editor.title.text().startswith("Dự toán kinh phí")


def test_bold_and_paragraph_styles_apply_to_the_phu_luc_body_being_typed(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    w.open_path(EXAMPLES / "state_ke_hoach.json")
    editor = w.form.appendix_editor
    editor.list.setCurrentRow(1)
    editor.body.setFocus()
    qtbot.waitUntil(editor.body.hasFocus)
    editor.body.focus_paragraph(0)
    w.form.apply_style("heading1")  # Ctrl+1: on the phụ lục's paragraph, not the document's
    cursor = editor.body.textCursor()
    cursor.select(cursor.SelectionType.BlockUnderCursor)
    editor.body.setTextCursor(cursor)
    w.actions["bold"].trigger()
    first = w.form.draft().appendices[1].body[0]
    assert first.style == "heading1" and all(run.bold for run in first.runs if run.text.strip())
    assert w.form.draft().body == load_draft(EXAMPLES / "state_ke_hoach.json").body
