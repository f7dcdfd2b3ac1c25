"""Tables in the body editor: insert one (rows × columns), type in its cells, add or remove rows and
columns, say whether the first row is a header row, delete it.

The table is a QTextTable inside the body's QTextEdit, so cells are edited like any text (Vietnamese
input methods included). :func:`read_table` and :func:`insert_table` convert between it and the
model's :class:`desktop.core.model.Table` (the header row flag and column weights are kept on the
table's format). Every question (the size of a new table, deleting one) goes through the asker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableFormat,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QToolButton, QWidget

from desktop.core.i18n import tr
from desktop.core.model import TABLE_STYLE, Paragraph, Table
from desktop.ui.askers import Asker, QtAsker

WIDTHS_PROPERTY = QTextFormat.Property.UserProperty + 2
"""The column weights of a table, as text ("1,6,4,3"; empty: computed when printed)."""
MARKER_PROPERTY = QTextFormat.Property.UserProperty + 3
"""Set on every body table's format (tables pasted from elsewhere are read the same way)."""
MAX_ROWS = 1000
MAX_COLUMNS = 20
DEFAULT_SIZE = (3, 4)
"""A new table: a header row and two rows of content, in four columns (TT | … | … | …)."""


def _clean(text: str) -> str:
    from desktop.ui.body_editor import clean_text

    return clean_text(text.replace("\ufffc", "")).strip()


def cell_text(table: QTextTable, row: int, column: int) -> str:
    """The text of one cell, its paragraphs joined with '\\n'."""
    cell = table.cellAt(row, column)
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return _clean(cursor.selectedText().replace("\u2029", "\n"))


def read_table(table: QTextTable) -> Table:
    """The model's table of a QTextTable."""
    fmt = table.format()
    rows = [[cell_text(table, r, c) for c in range(table.columns())] for r in range(table.rows())]
    widths = _weights(fmt.property(WIDTHS_PROPERTY))
    return Table(rows=rows, header=fmt.headerRowCount() > 0,
                 widths=widths if len(widths) == table.columns() else [])


def _weights(value: object) -> list[float | int]:
    if not isinstance(value, str) or not value:
        return []
    try:
        numbers = [float(part) for part in value.split(",")]
    except ValueError:
        return []
    return [int(n) if n.is_integer() else n for n in numbers if n > 0]


def table_format(table: Table) -> QTextTableFormat:
    """How a body table shows in the editor: full width, single borders, its header row, its weights."""
    fmt = QTextTableFormat()
    fmt.setBorder(1)
    fmt.setBorderBrush(QBrush(QColor("#000000")))
    fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    fmt.setBorderCollapse(True)
    fmt.setCellSpacing(0)
    fmt.setCellPadding(3)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    fmt.setHeaderRowCount(1 if table.header else 0)
    fmt.setProperty(MARKER_PROPERTY, True)
    set_weights(fmt, table.widths if len(table.widths) == table.columns else [])
    return fmt


def set_weights(fmt: QTextTableFormat, widths: list[float]) -> None:
    """Column weights on a table's format, shown as percentages of the width (none: as Qt sizes them)."""
    fmt.setProperty(WIDTHS_PROPERTY, ",".join(f"{w:g}" for w in widths))
    total = sum(widths)
    fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, w / total * 100)
                                   for w in widths] if widths and total > 0 else [])


def _cell_char_format(header: bool) -> QTextCharFormat:
    from desktop.ui.body_editor import run_format

    return run_format(header, False)


def insert_table(cursor: QTextCursor, table: Table) -> QTextTable:
    """Put ``table`` at ``cursor`` (its cells filled in); returns the QTextTable."""
    rows, columns = max(1, len(table.rows)), max(1, table.columns)
    made = cursor.insertTable(rows, columns, table_format(table))
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            if text:
                made.cellAt(r, c).firstCursorPosition().insertText(text, _cell_char_format(table.header and r == 0))
    return made


def table_paragraph(table: QTextTable) -> Paragraph:
    return Paragraph(style=TABLE_STYLE, table=read_table(table))


def current_table(editor: QTextEdit) -> QTextTable | None:
    return editor.textCursor().currentTable()


class TableButton(QToolButton):
    """The "Bảng" button of the body's tool bar, with a menu of everything done to a table."""

    def __init__(self, editor: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.asker: Asker = QtAsker(self)
        self.setText(tr("tables.ui.button"))
        self.setToolTip(tr("tables.ui.tooltip"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.actions_by_name: dict[str, QAction] = {}
        for name, slot in (("insert", self.insert), ("add_row", self.add_row), ("remove_row", self.remove_row),
                           ("add_column", self.add_column), ("remove_column", self.remove_column),
                           ("header", self.toggle_header), ("delete", self.delete)):
            action = menu.addAction(tr(f"tables.ui.{name}"))
            action.triggered.connect(slot)
            self.actions_by_name[name] = action
        self.actions_by_name["header"].setCheckable(True)
        menu.aboutToShow.connect(self.update_actions)
        editor.cursorPositionChanged.connect(self.update_actions)
        self.setMenu(menu)
        self.update_actions()

    def update_actions(self) -> None:
        """Only what applies where the cursor is: inserting outside a table, the rest inside one."""
        table = current_table(self.editor)
        self.actions_by_name["insert"].setEnabled(table is None)
        for name in ("add_row", "remove_row", "add_column", "remove_column", "header", "delete"):
            self.actions_by_name[name].setEnabled(table is not None)
        self.actions_by_name["header"].setChecked(table is not None and table.format().headerRowCount() > 0)

    def _changed(self) -> None:
        self.editor.document().contentsChanged.emit()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def insert(self) -> Table | None:
        """Ask for rows × columns, then insert a table with a header row at the cursor (its own paragraph)."""
        if current_table(self.editor) is not None:
            return None
        size = self.asker.table_size("insert_table", tr("tables.ui.insert_title"), *DEFAULT_SIZE)
        if size is None:
            return None
        rows, columns = min(max(1, size[0]), MAX_ROWS), min(max(1, size[1]), MAX_COLUMNS)
        table = Table(rows=[[""] * columns for _ in range(rows)], header=rows > 1)
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        if cursor.block().text().strip():  # a table is a block of its own, never inside a paragraph
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertBlock()
        made = insert_table(cursor, table)
        cursor.endEditBlock()
        self.editor.setTextCursor(made.cellAt(0, 0).firstCursorPosition())
        self._changed()
        return table

    def add_row(self) -> None:
        """A row under the one with the cursor."""
        table = current_table(self.editor)
        if table is None or table.rows() >= MAX_ROWS:
            return
        table.insertRows(table.cellAt(self.editor.textCursor()).row() + 1, 1)
        self._changed()

    def remove_row(self) -> None:
        """The row with the cursor (the last one left removes the whole table, after asking)."""
        table = current_table(self.editor)
        if table is None:
            return
        if table.rows() <= 1:
            self.delete()
            return
        table.removeRows(table.cellAt(self.editor.textCursor()).row(), 1)
        self._changed()

    def add_column(self) -> None:
        """A column right of the one with the cursor (column weights start again from the text)."""
        table = current_table(self.editor)
        if table is None or table.columns() >= MAX_COLUMNS:
            return
        table.insertColumns(table.cellAt(self.editor.textCursor()).column() + 1, 1)
        self._forget_weights(table)
        self._changed()

    def remove_column(self) -> None:
        table = current_table(self.editor)
        if table is None:
            return
        if table.columns() <= 1:
            self.delete()
            return
        table.removeColumns(table.cellAt(self.editor.textCursor()).column(), 1)
        self._forget_weights(table)
        self._changed()

    @staticmethod
    def _forget_weights(table: QTextTable) -> None:
        fmt = table.format()
        set_weights(fmt, [])
        table.setFormat(fmt)

    def toggle_header(self) -> None:
        """The first row is (or is no longer) the header row: bold, centred, repeated on every page."""
        table = current_table(self.editor)
        if table is None:
            return
        fmt = table.format()
        header = fmt.headerRowCount() == 0
        fmt.setHeaderRowCount(1 if header else 0)
        table.setFormat(fmt)
        for c in range(table.columns()):
            cell = table.cellAt(0, c)
            cursor = cell.firstCursorPosition()
            cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(_cell_char_format(header))
        self._changed()

    def delete(self) -> bool:
        """Remove the table with the cursor, after asking when it holds text."""
        table = current_table(self.editor)
        if table is None:
            return False
        if any(cell for row in read_table(table).rows for cell in row) and not self.asker.confirm(
                "delete_table", tr("tables.ui.delete_title"), tr("tables.ui.delete_text")):
            return False
        cursor = self.editor.textCursor()
        cursor.setPosition(table.firstPosition() - 1)
        cursor.setPosition(table.lastPosition() + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.editor.setTextCursor(cursor)
        self._changed()
        return True
