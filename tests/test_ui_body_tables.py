"""The body editor's tables (pytest-qt, offscreen): insert one (rows × columns asked through the asker),
type in its cells, add and remove rows and columns, the header row, delete it (asked first); the form
and the live preview show it, and undo takes it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.core.model import Paragraph, Table, is_table, load_draft
from desktop.core.rules import load_rule_set
from desktop.ui.askers import ScriptedAsker
from desktop.ui.body_editor import BodyEditor
from desktop.ui.body_tables import TableButton, current_table
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import make_window, type_text


@pytest.fixture
def editor(qtbot) -> tuple[BodyEditor, TableButton, ScriptedAsker]:
    widget = BodyEditor()
    widget.set_rules(load_rule_set("state_nd30"))
    button = TableButton(widget)
    asker = ScriptedAsker({"insert_table": [(3, 4)]})
    button.asker = asker
    qtbot.addWidget(widget)
    qtbot.addWidget(button)
    widget.show()
    widget.setFocus()
    return widget, button, asker


def tables(editor: BodyEditor) -> list[Table]:
    return [p.table for p in editor.paragraphs() if is_table(p)]


def go_to_cell(editor: BodyEditor, row: int, column: int) -> None:
    table = current_table(editor) or next(t for t in _all_tables(editor))
    editor.setTextCursor(table.cellAt(row, column).firstCursorPosition())


def _all_tables(editor: BodyEditor):
    block = editor.document().begin()
    while block.isValid():
        from PySide6.QtGui import QTextCursor

        table = QTextCursor(block).currentTable()
        if table is not None:
            yield table
        block = block.next()


def test_insert_asks_the_size_and_puts_a_table_with_a_header_row_after_the_paragraph(editor):
    widget, button, asker = editor
    type_text(widget, "Phân công nhiệm vụ như sau:")
    button.actions_by_name["insert"].trigger()
    assert asker.last("insert_table").kind == "table_size"
    paragraphs = widget.paragraphs()
    assert [p.style for p in paragraphs] == ["body", "table"]
    assert paragraphs[0].text == "Phân công nhiệm vụ như sau:"
    assert paragraphs[1].table == Table(rows=[["", "", "", ""]] * 3, header=True)
    assert current_table(widget) is not None  # the cursor waits in the first cell


def test_cancelling_the_size_inserts_nothing(editor):
    widget, button, asker = editor
    asker.answers["insert_table"] = None
    button.actions_by_name["insert"].trigger()
    assert tables(widget) == []


def test_typing_in_cells_fills_the_table_and_enter_makes_a_second_line(editor):
    widget, button, _asker = editor
    button.insert()
    for column, text in enumerate(["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian"]):
        go_to_cell(widget, 0, column)
        type_text(widget, text)
    go_to_cell(widget, 1, 1)
    type_text(widget, "Rà soát thủ tục")
    QTest.keyClick(widget, Qt.Key.Key_Return)
    type_text(widget, "hành chính")
    (table,) = tables(widget)
    assert table.rows[0] == ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian"]
    assert table.rows[1][1] == "Rà soát thủ tục\nhành chính"


def test_rows_and_columns_are_added_and_removed_where_the_cursor_is(editor):
    widget, button, _asker = editor
    button.insert()
    go_to_cell(widget, 1, 0)
    type_text(widget, "1")
    button.actions_by_name["add_row"].trigger()
    assert len(tables(widget)[0].rows) == 4 and tables(widget)[0].rows[2][0] == ""
    go_to_cell(widget, 1, 0)
    button.actions_by_name["remove_row"].trigger()
    assert [row[0] for row in tables(widget)[0].rows] == ["", "", ""]
    button.actions_by_name["add_column"].trigger()
    assert tables(widget)[0].columns == 5
    button.actions_by_name["remove_column"].trigger()
    button.actions_by_name["remove_column"].trigger()
    assert tables(widget)[0].columns == 3


def test_the_header_row_can_be_turned_off_and_on(editor):
    widget, button, _asker = editor
    button.insert()
    button.update_actions()
    assert button.actions_by_name["header"].isChecked()
    button.actions_by_name["header"].trigger()
    assert tables(widget)[0].header is False
    button.actions_by_name["header"].trigger()
    assert tables(widget)[0].header is True


def test_only_what_applies_where_the_cursor_is_can_be_chosen(editor):
    widget, button, _asker = editor
    button.update_actions()
    assert button.actions_by_name["insert"].isEnabled() and not button.actions_by_name["delete"].isEnabled()
    button.insert()
    button.update_actions()
    assert not button.actions_by_name["insert"].isEnabled() and button.actions_by_name["add_row"].isEnabled()
    assert button.insert() is None  # never a table inside a table
    assert len(tables(widget)) == 1


def test_deleting_a_table_with_text_asks_first(editor):
    widget, button, asker = editor
    type_text(widget, "Trước bảng")
    button.insert()
    type_text(widget, "TT")
    asker.answers["delete_table"] = False
    button.actions_by_name["delete"].trigger()
    assert len(tables(widget)) == 1 and asker.last("delete_table").kind == "confirm"
    asker.answers["delete_table"] = True
    button.actions_by_name["delete"].trigger()
    assert tables(widget) == []
    assert [p.text for p in widget.paragraphs()] == ["Trước bảng"]


def test_an_empty_table_is_deleted_without_a_question(editor):
    widget, button, asker = editor
    button.insert()
    assert button.delete() is True
    assert "delete_table" not in asker.topics() and tables(widget) == []


def test_paragraphs_with_tables_go_through_the_editor_unchanged(editor):
    widget, _button, _asker = editor
    draft = load_draft(EXAMPLES / "state_ke_hoach.json")
    widget.set_paragraphs(draft.body)
    assert widget.paragraphs() == draft.body
    first = [Paragraph(style="table", table=Table(rows=[["A", "B"], ["1", "2"]], header=False, widths=[1, 3]))]
    widget.set_paragraphs(first + draft.body[:2])
    assert widget.paragraphs() == first + draft.body[:2]


def test_the_window_previews_a_table_typed_in_the_form_and_undo_takes_it_back(qtbot, tmp_path: Path):
    asker = ScriptedAsker({"insert_table": [(2, 2)]})
    window = make_window(qtbot, tmp_path / "data", asker)
    draft = load_draft(EXAMPLES / "state_ke_hoach.json")
    draft.body = [p for p in draft.body if not is_table(p)]
    window.set_draft(draft, modified=False)
    body = window.form.body
    body.focus_paragraph(9)
    window.form.table_button.actions_by_name["insert"].trigger()
    type_text(body, "Nội dung công việc")
    go_to_cell(body, 0, 1)
    type_text(body, "Đơn vị chủ trì")
    qtbot.waitUntil(lambda: window.preview.canvas.layout_model.find("Đơn vị chủ trì") is not None, timeout=3000)
    table = next(p.table for p in window.form.draft().body if is_table(p))
    assert table.rows[0] == ["Nội dung công việc", "Đơn vị chủ trì"]
    assert [b.style for b in window.form.draft().body].index("table") == 10
    model = window.preview.canvas.layout_model
    assert any(rule.part == "table" for page in model.pages for rule in page.rules)
    window.commit_snapshot()
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: not any(is_table(p) for p in window.form.draft().body), timeout=3000)
