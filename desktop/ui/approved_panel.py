"""The editor's group for the văn bản a quyết định issues (NĐ 30 Mẫu 1.3): a Quy chế, Quy định …

Shown only for a type that can carry one (rule data: ``approved_text.decision_types``). A tick
adds it; its type, its trích yếu and its body (chapters, sections, articles) are typed here, and
the "(Ban hành kèm theo Quyết định số … ngày … của …)" line it will print is shown computed.
Unticking a text that holds content asks first, through the window's asker.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.approved_text import applies_to_type, approved_labels, approved_types, body_lead, kem_theo_line
from desktop.core.i18n import tr
from desktop.core.model import APPROVED_BODY_STYLES, ApprovedText, Draft, nfc
from desktop.core.rules import RuleSet
from desktop.ui.askers import Asker
from desktop.ui.body_editor import BodyEditor


class ApprovedPanel(QGroupBox):
    """The approved text's fields; ``changed`` fires on every edit."""

    changed = Signal()
    lead_requested = Signal(str)  # the sentence the decision's Điều 1 should hold

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("approved.ui.group"), parent)
        self.asker: Asker | None = None
        self.rules: RuleSet | None = None
        self._kept: ApprovedText | None = None  # what a type without one leaves aside, back when it returns
        layout = QVBoxLayout(self)
        self.enabled_box = QCheckBox(tr("approved.ui.enable"))
        self.enabled_box.setAccessibleName(self.enabled_box.text())
        layout.addWidget(self.enabled_box)
        self.fields_widget = QWidget()
        layout.addWidget(self.fields_widget)
        inner = QVBoxLayout(self.fields_widget)
        inner.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        inner.addLayout(form)
        self.type_box = QComboBox()
        self._row(form, "approved.ui.type", self.type_box)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setUndoRedoEnabled(False)
        self.summary.setPlaceholderText(tr("approved.ui.summary_placeholder"))
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 2 + 14)
        self._row(form, "approved.ui.summary", self.summary)
        self.line_label = QLabel()
        self.line_label.setWordWrap(True)
        self.line_label.setStyleSheet("color: #1b4f8a; padding: 2px 0px;")
        form.addRow(QLabel(tr("approved.ui.line")), self.line_label)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("ui.body.style")))
        self.style_box = QComboBox()
        for style in APPROVED_BODY_STYLES:
            key = f"approved.ui.style.{style}" if style in ("chapter", "section") else f"ui.style.{style}"
            self.style_box.addItem(tr(key), style)
        bar.addWidget(self.style_box, 1)
        inner.addLayout(bar)
        self.body = BodyEditor(styles=APPROVED_BODY_STYLES)
        self.body.labeller = approved_labels
        self.body.setPlaceholderText(tr("approved.ui.body_placeholder"))
        self.body.setAccessibleName(tr("approved.ui.body"))
        inner.addWidget(self.body)
        self.lead_button = QPushButton(tr("approved.ui.lead"))
        inner.addWidget(self.lead_button)
        self.fields_widget.setVisible(False)
        self.enabled_box.toggled.connect(self._toggled)
        self.type_box.currentIndexChanged.connect(self._edited)
        self.summary.textChanged.connect(self._edited)
        self.body.textChanged.connect(self._edited)
        self.style_box.activated.connect(lambda _i: self._apply_style(self.style_box.currentData()))
        self.body.style_changed.connect(self._show_style)
        self.lead_button.clicked.connect(self._lead)
        self._loading = False
        self._draft: Draft | None = None

    def _row(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        label = QLabel(tr(key))
        label.setBuddy(widget)
        widget.setAccessibleName(label.text())
        form.addRow(label, widget)

    # --- the draft's value ----------------------------------------------------------------
    def set_rules(self, rules: RuleSet) -> None:
        """The types an approved text may be, in this rule set."""
        self.rules = rules
        self.body.set_rules(rules)
        with QSignalBlocker(self.type_box):
            current = self.type_box.currentData()
            self.type_box.clear()
            for key in approved_types(rules):
                self.type_box.addItem(rules.doc_type(key).label, key)
            self.type_box.setCurrentIndex(max(self.type_box.findData(current), 0))

    def applies(self, doc_type: str) -> bool:
        return self.rules is not None and applies_to_type(self.rules, doc_type)

    def set_approved(self, approved: ApprovedText | None) -> None:
        """Show a draft's approved text (no change signal)."""
        self._loading = True
        try:
            shown = approved or ApprovedText(doc_type=self.type_box.itemData(0) or "quy_che")
            with QSignalBlocker(self.enabled_box):
                self.enabled_box.setChecked(approved is not None)
            self.fields_widget.setVisible(approved is not None)
            index = self.type_box.findData(shown.doc_type)
            if index < 0 and shown.doc_type:  # a type this rule set does not offer: kept, shown as its key
                self.type_box.addItem(shown.doc_type, shown.doc_type)
                index = self.type_box.count() - 1
            self.type_box.setCurrentIndex(max(index, 0))
            self.summary.setPlainText(shown.summary)
            self.body.set_paragraphs(shown.body)
        finally:
            self._loading = False

    def approved(self) -> ApprovedText | None:
        """The approved text as typed, or None when there is none."""
        if not self.enabled_box.isChecked():
            return None
        lines = [nfc(line.strip()) for line in self.summary.toPlainText().splitlines() if line.strip()]
        return ApprovedText(doc_type=self.type_box.currentData() or "quy_che", summary="\n".join(lines),
                            body=self.body.paragraphs())

    def refresh(self, draft: Draft) -> None:
        """The computed "Ban hành kèm theo …" line, from the decision as typed."""
        self._draft = draft
        if self.rules is not None and self.enabled_box.isChecked() and self.applies(draft.doc_type):
            self.line_label.setText(kem_theo_line(draft, self.rules))

    # --- edits ----------------------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _toggled(self, on: bool) -> None:
        if not on and not self._loading and self._holds_content():
            asker = self.asker
            if asker is not None and not asker.confirm("remove_approved", tr("approved.ui.remove_title"),
                                                       tr("approved.ui.remove_text")):
                with QSignalBlocker(self.enabled_box):
                    self.enabled_box.setChecked(True)
                return
        self.fields_widget.setVisible(on)
        self._edited()

    def _holds_content(self) -> bool:
        return bool(self.summary.toPlainText().strip() or self.body.paragraphs())

    def _apply_style(self, style: str) -> None:
        self.body.set_style(style)
        self.body.setFocus()

    def _show_style(self, style: str) -> None:
        with QSignalBlocker(self.style_box):
            self.style_box.setCurrentIndex(max(self.style_box.findData(style), 0))

    def _lead(self) -> None:
        """Ask the form to open the decision's body with the sentence that names this text."""
        if self._draft is not None and self.rules is not None:
            approved = self.approved()
            if approved is not None:
                from dataclasses import replace

                self.lead_requested.emit(body_lead(replace(self._draft, approved=approved), self.rules))
