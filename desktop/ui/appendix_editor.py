"""The **Phụ lục** group of the form: the draft's appendices (NĐ 30 Mẫu 2.1, spec B.2 "Phụ lục").

One line per phụ lục ("Phụ lục I: BẢNG …"), **Thêm phụ lục** and **Bỏ** (asked first, through the
window's asker), and under the list the chosen phụ lục's title and body, in the body's own editor
(the same paragraph kinds and shortcuts). "Phụ lục I", the "(Kèm theo …)" line and the page
numbering are computed by the rules (desktop/core/appendices.py), never typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import appendices as core
from desktop.core.i18n import tr
from desktop.core.model import BODY_STYLES, Appendix, Paragraph, Run, nfc
from desktop.core.rules import RuleSet, load_rule_set
from desktop.ui.body_editor import BodyEditor


class AppendixEditor(QGroupBox):
    """Add, remove and edit the phụ lục; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("phuluc.ui.group"), parent)
        self.asker: Any = None  # the window's asker (desktop/ui/askers.py); a Qt one when unset
        self.rules: RuleSet = load_rule_set("state_nd30")
        self._items: list[Appendix] = []
        self._current = -1
        self._loading = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMaximumHeight(84)
        self.list.setAccessibleName(tr("phuluc.ui.list"))
        top.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(tr("phuluc.ui.add"))
        self.remove_button = QPushButton(tr("phuluc.ui.remove"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        layout.addLayout(top)
        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("phuluc.ui.title_placeholder"))
        title_label = QLabel(tr("phuluc.ui.title"))
        title_label.setBuddy(self.title)
        form.addRow(title_label, self.title)
        self.style_box = QComboBox()
        for style in BODY_STYLES:
            self.style_box.addItem(tr(f"ui.style.{style}"), style)
        form.addRow(QLabel(tr("ui.body.style")), self.style_box)
        self.body = BodyEditor()
        self.body.setMinimumHeight(160)
        self.body.setPlaceholderText(tr("phuluc.ui.body_placeholder"))
        self.body.setAccessibleName(tr("phuluc.ui.body"))
        form.addRow(self.body)
        self.computed = QLabel()
        self.computed.setWordWrap(True)
        self.computed.setStyleSheet("color: #666;")
        form.addRow(self.computed)
        layout.addWidget(self.editor)
        hint = QLabel(tr("phuluc.ui.hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        self.add_button.clicked.connect(self.add_appendix)
        self.remove_button.clicked.connect(lambda: self.remove_appendix(self.list.currentRow()))
        self.list.currentRowChanged.connect(self._choose)
        self.title.textChanged.connect(self._edited)
        self.body.textChanged.connect(self._edited)
        self.style_box.activated.connect(lambda _i: self.body.set_style(self.style_box.currentData()))
        self.body.style_changed.connect(self._show_style)
        self._refresh()

    # --- model ---------------------------------------------------------------------------
    def appendices(self) -> list[Appendix]:
        """The phụ lục as edited (the chosen one read from its editor)."""
        self._store()
        return [Appendix(a.title, [Paragraph(p.style, [Run(r.text, r.bold, r.italic) for r in p.runs])
                                   for p in a.body]) for a in self._items]

    def set_appendices(self, items: list[Appendix], current: int | None = None) -> None:
        """Show these phụ lục (no change signal)."""
        self._items = [Appendix(a.title, list(a.body)) for a in items]
        self._current = -1
        self._show_list(current if current is not None else (0 if self._items else -1))

    def set_rules(self, rules: RuleSet) -> None:
        self.rules = rules
        self.body.set_rules(rules)
        self._refresh_labels()

    # --- actions -------------------------------------------------------------------------
    def add_appendix(self) -> None:
        """A new, empty phụ lục at the end, chosen, its title focused."""
        self._store()
        self._items.append(Appendix())
        self._show_list(len(self._items) - 1)
        self.title.setFocus()
        self.changed.emit()

    def remove_appendix(self, index: int) -> bool:
        """Remove phụ lục ``index`` once the clerk agrees (asked through the asker); True when removed."""
        if not 0 <= index < len(self._items):
            return False
        self._store()
        labels = core.labels(len(self._items), self.rules)
        title = self._items[index].title.strip() or tr("phuluc.ui.no_title")
        if not self._asker().confirm("remove_appendix", tr("phuluc.ui.remove_title"),
                                     tr("phuluc.ui.remove_text", label=labels[index], title=title)):
            return False
        del self._items[index]
        self._current = -1
        self._show_list(min(index, len(self._items) - 1))
        self.changed.emit()
        return True

    def focus_item(self, index: int, paragraph: int | None = None) -> None:
        """Choose phụ lục ``index``; its title, or paragraph ``paragraph`` of its body, takes the cursor."""
        if 0 <= index < len(self._items):
            self.list.setCurrentRow(index)
            if paragraph is None:
                self.title.setFocus()
            else:
                self.body.focus_paragraph(paragraph)

    # --- inside ----------------------------------------------------------------------------
    def _asker(self) -> Any:
        if self.asker is None:
            from desktop.ui.askers import QtAsker

            self.asker = QtAsker(self.window())
        return self.asker

    def _store(self) -> None:
        """The chosen phụ lục's editor back into the list."""
        if 0 <= self._current < len(self._items) and not self._loading:
            self._items[self._current] = Appendix(nfc(self.title.text().strip()), self.body.paragraphs())

    def _show_list(self, current: int) -> None:
        self._loading = True
        try:
            with QSignalBlocker(self.list):
                self.list.clear()
                self.list.addItems([""] * len(self._items))
                self.list.setCurrentRow(current)
            self._load(current)
        finally:
            self._loading = False
        self._refresh_labels()
        self._refresh()

    def _load(self, index: int) -> None:
        self._current = index
        item = self._items[index] if 0 <= index < len(self._items) else Appendix()
        with QSignalBlocker(self.title), QSignalBlocker(self.body):
            self.title.setText(item.title)
            self.body.set_paragraphs(item.body)

    def _choose(self, row: int) -> None:
        if self._loading or row == self._current:
            return
        self._store()
        self._loading = True
        try:
            self._load(row)
        finally:
            self._loading = False
        self._refresh()

    def _edited(self, *_args: Any) -> None:
        if self._loading or not 0 <= self._current < len(self._items):
            return
        self._store()
        self._refresh_labels()
        self.changed.emit()

    def _refresh_labels(self) -> None:
        labels = core.labels(len(self._items), self.rules) if "appendix" in self.rules.raw else []
        for row, (label, item) in enumerate(zip(labels, self._items, strict=True)):
            self.list.item(row).setText(tr("phuluc.ui.item", label=label,
                                           title=item.title.strip() or tr("phuluc.ui.no_title")))
        self.computed.setText(tr("phuluc.ui.computed", label=labels[self._current])
                              if 0 <= self._current < len(labels) else "")

    def _refresh(self) -> None:
        chosen = 0 <= self._current < len(self._items)
        self.editor.setVisible(chosen)
        self.remove_button.setEnabled(chosen)

    def _show_style(self, style: str) -> None:
        with QSignalBlocker(self.style_box):
            self.style_box.setCurrentIndex(max(self.style_box.findData(style), 0))
