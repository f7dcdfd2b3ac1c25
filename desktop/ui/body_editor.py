"""The body editor: paragraphs with a style each (body, headings, article, dash, plus), bold/italic, and
tables (desktop.ui.body_tables).

A QTextEdit (so Vietnamese input methods work as in any Qt text field). Each block keeps
its paragraph style in a block-format property; a gutter shows the number the rules will
print (I-, 1., a), Điều 1., -, +) from :func:`desktop.core.compute.heading_labels`.
Pasting from Word keeps the text and its bold/italic only. Text is stored NFC.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from desktop.core import compute
from desktop.core.model import BODY_STYLES, Paragraph, Run, is_table, nfc
from desktop.core.rules import RuleSet
from desktop.ui.body_tables import insert_table, table_paragraph

STYLE_PROPERTY = QTextFormat.Property.UserProperty + 1
CONTINUING_STYLES = ("body", "dash", "plus")
"""Styles that carry on to the next paragraph on Enter; after a heading or article comes body text."""
GUTTER_WIDTH = 64
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_BOLD_WEIGHT = int(QFont.Weight.DemiBold.value)


def clean_text(text: str) -> str:
    """Pasted text without XML-illegal control characters, line separators as newlines, NFC."""
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\r\n", "\n").replace("\r", "\n")
    return nfc(_CONTROL.sub("", text))


def block_style(fmt: QTextBlockFormat, styles: tuple[str, ...] = BODY_STYLES) -> str:
    value = fmt.property(STYLE_PROPERTY)
    return value if value in styles else "body"


def run_format(bold: bool, italic: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setFontItalic(italic)
    return fmt


class StyleGutter(QWidget):
    """Left margin of the editor showing each paragraph's computed number or marker."""

    def __init__(self, editor: BodyEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(GUTTER_WIDTH, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#f1f3f6"))
        editor = self.editor
        labels = editor.block_labels()
        doc_layout = editor.document().documentLayout()
        offset = editor.verticalScrollBar().value()
        block = editor.document().begin()
        painter.setPen(QColor("#5a6270"))
        while block.isValid():
            rect = doc_layout.blockBoundingRect(block).translated(0, -offset)
            if rect.bottom() >= 0 and rect.top() <= self.height():
                label = labels.get(block.blockNumber(), "")
                if label:
                    painter.drawText(QRect(2, int(rect.top()), GUTTER_WIDTH - 6, editor.fontMetrics().height() + 4),
                                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label.strip())
            block = block.next()


class BodyEditor(QTextEdit):
    """Rich text limited to what a document body may hold: styled paragraphs, bold, italic."""

    style_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, styles: tuple[str, ...] = BODY_STYLES) -> None:
        """``styles``: the paragraph kinds it holds (an approved text's adds chapters and sections)."""
        super().__init__(parent)
        self.rules: RuleSet | None = None
        self.styles = styles
        self.labeller = compute.heading_labels
        """The gutter's numbers: (paragraphs, rules) → one label per paragraph."""
        self.setAcceptRichText(True)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # undo is the window's, across the whole form
        self.gutter = StyleGutter(self)
        self.setViewportMargins(GUTTER_WIDTH, 0, 0, 0)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.gutter.update())
        self.document().contentsChanged.connect(self.gutter.update)
        self.cursorPositionChanged.connect(lambda: self.style_changed.emit(self.current_style()))
        self.setMinimumHeight(220)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), GUTTER_WIDTH, rect.height()))

    # model <-> document ------------------------------------------------------------------
    def set_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        """Replace the content (no undo entry: the window's undo stack owns history).

        The paragraphs are written into a fresh, detached document that then replaces the
        editor's: ten times faster than inserting into the shown one (which lays itself out at
        every insert), so thousands of imported paragraphs keep the window answering."""
        old = self.document()
        doc = QTextDocument(self)
        doc.setDefaultFont(old.defaultFont())
        doc.setDocumentMargin(old.documentMargin())
        doc.setDefaultTextOption(old.defaultTextOption())
        doc.setUndoRedoEnabled(False)
        cursor = QTextCursor(doc)
        fresh = False  # the block after a table: empty, the next paragraph goes there
        for index, para in enumerate(paragraphs or [Paragraph()]):
            if is_table(para):  # a QTextTable, then the (empty) block Qt puts after it
                insert_table(cursor, para.table)
                cursor.movePosition(QTextCursor.MoveOperation.End)
                fresh = True
                continue
            fmt = QTextBlockFormat()
            fmt.setProperty(STYLE_PROPERTY, para.style if para.style in self.styles else "body")
            if index == 0 or fresh:
                cursor.setBlockFormat(fmt)
                fresh = False
            else:
                cursor.insertBlock(fmt, run_format(False, False))
            for run in para.runs:
                cursor.insertText(run.text, run_format(run.bold, run.italic))
        cursor.setCharFormat(run_format(False, False))
        doc.contentsChanged.connect(self.gutter.update)
        ours = old.parent() is self  # Qt deletes the first document itself, those made here are ours
        self.setDocument(doc)
        if ours:
            old.deleteLater()
        self.setCurrentCharFormat(run_format(False, False))
        self.gutter.update()
        doc.contentsChanged.emit()

    def blocks(self) -> list[tuple[int, Paragraph]]:
        """Every non-empty block as (block number, Paragraph), in order."""
        found = []
        tables: set[int] = set()
        block = self.document().begin()
        while block.isValid():
            table = QTextCursor(block).currentTable()
            if table is not None:  # every block of a table's cells: the table, once
                if table.objectIndex() not in tables:
                    tables.add(table.objectIndex())
                    found.append((block.blockNumber(), table_paragraph(table)))
                block = block.next()
                continue
            text = block.text()
            runs: list[Run] = []
            for rng in block.textFormats():
                piece = nfc(text[rng.start:rng.start + rng.length])
                bold = rng.format.fontWeight() >= _BOLD_WEIGHT
                italic = rng.format.fontItalic()
                if runs and (runs[-1].bold, runs[-1].italic) == (bold, italic):
                    runs[-1].text += piece
                elif piece:
                    runs.append(Run(piece, bold, italic))
            if text.strip():
                found.append((block.blockNumber(), Paragraph(block_style(block.blockFormat(), self.styles), runs)))
            block = block.next()
        return found

    def paragraphs(self) -> list[Paragraph]:
        return [para for _, para in self.blocks()]

    def block_labels(self) -> dict[int, str]:
        if self.rules is None:
            return {}
        blocks = self.blocks()
        labels = self.labeller([p for _, p in blocks], self.rules)
        return {number: label for (number, _), label in zip(blocks, labels, strict=True)}

    def set_rules(self, rules: RuleSet) -> None:
        self.rules = rules
        self.gutter.update()

    def focus_paragraph(self, index: int) -> None:
        """Put the cursor at the start of paragraph ``index`` (as counted in the model)."""
        blocks = self.blocks()
        number = blocks[index][0] if 0 <= index < len(blocks) else max(self.document().blockCount() - 1, 0)
        cursor = QTextCursor(self.document().findBlockByNumber(number))
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureCursorVisible()

    # styles and emphasis -----------------------------------------------------------------
    def current_style(self) -> str:
        return block_style(self.textCursor().blockFormat(), self.styles)

    def set_style(self, style: str) -> None:
        """Give the paragraph(s) under the cursor or selection a style."""
        if style not in self.styles:
            return
        fmt = QTextBlockFormat()
        fmt.setProperty(STYLE_PROPERTY, style)
        self.textCursor().mergeBlockFormat(fmt)
        self.gutter.update()
        self.style_changed.emit(style)
        self.document().contentsChanged.emit()

    def toggle_bold(self) -> None:
        bold = self.currentCharFormat().fontWeight() < _BOLD_WEIGHT
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.mergeCurrentCharFormat(fmt)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.currentCharFormat().fontItalic())
        self.mergeCurrentCharFormat(fmt)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            style = self.current_style()
            super().keyPressEvent(event)
            if style not in CONTINUING_STYLES:
                self.set_style("body")
            return
        super().keyPressEvent(event)

    # paste -------------------------------------------------------------------------------
    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste keeping text, paragraph breaks, bold and italic; nothing else from Word."""
        doc = QTextDocument()
        if source.hasHtml():
            doc.setHtml(source.html())
        elif source.hasText():
            doc.setPlainText(source.text())
        else:
            return
        cursor = self.textCursor()
        cursor.beginEditBlock()
        block = doc.begin()
        first = True
        while block.isValid():
            if not first:
                cursor.insertBlock()
            first = False
            text = block.text()
            for rng in block.textFormats():
                piece = clean_text(text[rng.start:rng.start + rng.length])
                if piece:
                    bold = rng.format.fontWeight() >= _BOLD_WEIGHT
                    cursor.insertText(piece.replace("\n", " "), run_format(bold, rng.format.fontItalic()))
            block = block.next()
        cursor.setCharFormat(run_format(False, False))
        cursor.endEditBlock()
        self.setTextCursor(cursor)
