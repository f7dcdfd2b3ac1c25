"""The draft form: every part of the document the clerk types, in page order.

Only the parts that apply to the chosen system and document type are shown. What the
rules compute (number line, ký hiệu, date line, signature prefixes, recipient list
punctuation, the type name) is shown read-only beside the inputs, from
:mod:`desktop.core.compute`. A problem's field path (``"signature.name"``,
``"recipients.others[1]"``, ``"body[3]"``) leads back to the widget that holds it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import compute
from desktop.core.compute import TWO_LINE_MODES
from desktop.core.i18n import tr
from desktop.core.model import (
    BODY_STYLES,
    SIGNATURE_MODES,
    CopyBlock,
    Draft,
    Extras,
    Recipients,
    Signature,
    nfc,
)
from desktop.core.rules import RuleSet, available_rule_sets, load_rule_set
from desktop.ui.appendix_editor import AppendixEditor
from desktop.ui.approved_panel import ApprovedPanel
from desktop.ui.body_editor import BodyEditor
from desktop.ui.body_tables import TableButton

STYLE_SHORTCUTS = {"body": "Ctrl+0", "heading1": "Ctrl+1", "heading2": "Ctrl+2", "heading3": "Ctrl+3",
                   "article": "Ctrl+4", "dash": "Ctrl+5", "plus": "Ctrl+6"}
LIST_FIELDS = ("addressees", "legal_bases", "recipients.report", "recipients.others")
COPY_TEXT_FIELDS = ("superior", "issuer", "number", "agency_code", "place", "signature.whom", "signature.deputy_whom",
                    "signature.position", "signature.name", "recipients.archive", "recipients.archive_initials")
"""Text fields of the copy block (CopyBlock paths, shown as "copy.<path>")."""
COPY_LIST_FIELDS = ("recipients.report", "recipients.others")
DATE_PRECISIONS = {"day": "dd/MM/yyyy", "month": "MM/yyyy", "year": "yyyy"}
"""What a date field holds → how it is shown: the full date, or a draft's month and year (day left blank)
or year alone (day and month blank), written in at issue ('ngày    tháng 4 năm 2026')."""
FALLBACK_FIELDS = {"copy.signature": "copy.signature.name", "copy.recipients": "copy.recipients.others",
                   "signature": "signature.name", "co_signature": "co_signature.name",
                   "recipients": "recipients.others", "extras": "extras.typist"}
"""A problem on a whole group (no widget of its own) puts the cursor in this field."""


class LinesEdit(QPlainTextEdit):
    """A list typed one item per line (addressees, legal bases, recipients)."""

    def __init__(self, rows: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * rows + 14)

    def items(self) -> list[str]:
        return [nfc(line.strip()) for line in self.toPlainText().splitlines() if line.strip()]

    def set_items(self, items: list[str]) -> None:
        self.setPlainText("\n".join(items))

    def focus_item(self, index: int) -> None:
        """Cursor at the end of the index-th non-empty line (blank lines are not items)."""
        doc = self.document()
        block, seen = doc.begin(), -1
        target = doc.lastBlock()
        while block.isValid():
            if block.text().strip():
                seen += 1
                if seen == index:
                    target = block
                    break
            block = block.next()
        cursor = QTextCursor(target)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)


def computed_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setStyleSheet("color: #1b4f8a; padding: 2px 0px;")
    return label


def mode_label(mode: str, rules: RuleSet) -> str:
    prefix = rules.signature["prefixes"].get(mode, "")
    if mode in TWO_LINE_MODES:
        prefix = f'{rules.signature["prefixes"][TWO_LINE_MODES[mode]]} + {rules.signature["prefixes"]["deputy"]}'
    name = tr(f"ui.sig_mode.{mode}")
    return f"{prefix} — {name}" if prefix else name


class DraftForm(QWidget):
    """The form. ``changed`` fires on every edit; ``draft()`` reads it back as a Draft."""

    changed = Signal()
    rule_set_changed = Signal(str)
    signer_chosen = Signal(int)
    recipient_list_chosen = Signal(int)
    attachment_edit_requested = Signal(int)  # an index, or -1 for a new attached document
    attachment_remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, attached: bool = False) -> None:
        """``attached``: the form of an attached document (its system is the main one's; it has
        no copy block and its own attachments are kept, not shown)."""
        super().__init__(parent)
        self.base = Draft()
        self.rules = load_rule_set(self.base.rule_set)
        self._loading = False
        self.fields: dict[str, QWidget] = {}
        self.date_precisions: dict[str, QComboBox] = {}  # per date field: day, month and year or fewer
        self.groups: dict[str, QGroupBox] = {}
        self.rows: dict[str, tuple[QFormLayout, QWidget]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(8)
        self._build_kind(outer)
        self._build_header(outer)
        self._build_number(outer)
        self._build_title(outer)
        self._build_addressees(outer)
        self._build_legal(outer)
        self._build_body(outer)
        self._build_appendices(outer)
        self._build_approved(outer)
        self._build_signature(outer)
        self._build_co_signature(outer)
        self._build_recipients(outer)
        self._build_copy(outer)
        self._build_attachments(outer)
        self._build_extras(outer)
        outer.addStretch(1)
        self._connect_changes()
        self.set_draft(Draft())
        if attached:
            self.system_box.setEnabled(False)
            self.groups["copy"].setVisible(False)
            self.groups["attachments"].setVisible(False)
            self.groups["appendices"].setVisible(False)  # a phụ lục belongs to the main document

    # --- building ------------------------------------------------------------------------
    def _group(self, outer: QVBoxLayout, key: str) -> QFormLayout:
        box = QGroupBox(tr(f"ui.group.{key}"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(box)
        self.groups[key] = box
        return form

    def _row(self, form: QFormLayout, path: str, widget: QWidget, label_key: str | None = None) -> QWidget:
        label = QLabel(tr(label_key or f"ui.field.{path}"))
        label.setBuddy(widget)
        form.addRow(label, widget)
        self.fields[path] = widget
        self.rows[path] = (form, widget)
        widget.setAccessibleName(label.text())
        return widget

    def _line(self, form: QFormLayout, path: str, placeholder: str = "", label_key: str | None = None) -> QLineEdit:
        edit = QLineEdit()
        if placeholder:
            edit.setPlaceholderText(tr(placeholder))
        return self._row(form, path, edit, label_key)

    def _computed(self, form: QFormLayout, key: str, row_key: str | None = None) -> QLabel:
        label = computed_label()
        form.addRow(QLabel(tr(f"ui.computed.{key}")), label)
        self.rows[f"computed.{row_key or key}"] = (form, label)
        return label

    def _build_kind(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "kind")
        self.system_box = QComboBox()
        for rule_set_id in available_rule_sets():
            rules = load_rule_set(rule_set_id)
            self.system_box.addItem(tr(f"ui.system.{rules.system}", name=rules.name), rule_set_id)
        self._row(form, "rule_set", self.system_box)
        self.type_box = QComboBox()
        self._row(form, "doc_type", self.type_box)
        self.system_box.currentIndexChanged.connect(self._system_changed)
        self.type_box.currentIndexChanged.connect(self._type_changed)

    def _build_header(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "header")
        self._line(form, "superior", "ui.placeholder.superior")
        self._line(form, "issuer", "ui.placeholder.issuer")
        self._line(form, "agency_code", "ui.placeholder.agency_code")
        self._line(form, "unit_code", "ui.placeholder.unit_code")
        self._line(form, "code_override", "ui.placeholder.code_override")
        self.code_label = self._computed(form, "code")

    def _build_number(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "number")
        self._line(form, "number", "ui.placeholder.number")
        self.number_label = self._computed(form, "number_line")
        self._line(form, "place", "ui.placeholder.place")
        self.date_set, self.date_edit = self._date_row(form, "date")
        self.date_label = self._computed(form, "date_line")

    def _date_row(self, form: QFormLayout, path: str) -> tuple[QCheckBox, QDateEdit]:
        """A date that may stay blank until issue time: 'Ghi ngày' and the date beside it."""
        date_row = QWidget()
        row = QHBoxLayout(date_row)
        row.setContentsMargins(0, 0, 0, 0)
        date_set = QCheckBox(tr("ui.field.date_set"))
        date_edit = QDateEdit()
        date_edit.setCalendarPopup(True)
        date_edit.setDisplayFormat("dd/MM/yyyy")
        date_edit.setDate(QDate.currentDate())
        row.addWidget(date_set)
        row.addWidget(date_edit, 1)
        date_set.toggled.connect(date_edit.setEnabled)
        precision = QComboBox()  # a draft may leave its day (and month) blank, to write at issue
        for key in DATE_PRECISIONS:
            precision.addItem(tr(f"misc.date_precision.{key}"), key)
        precision.currentIndexChanged.connect(
            lambda _index: date_edit.setDisplayFormat(DATE_PRECISIONS[precision.currentData()]))
        date_set.toggled.connect(precision.setEnabled)
        row.addWidget(precision)
        self.date_precisions[path] = precision
        self._row(form, path, date_row)
        self.fields[path] = date_edit
        return date_set, date_edit

    def _build_title(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "title")
        self.type_name_label = self._computed(form, "type_name")
        summary = LinesEdit(2)
        summary.setPlaceholderText(tr("ui.placeholder.summary"))
        self._row(form, "summary", summary)
        self.summary_label = self._computed(form, "letter_summary")

    def _build_addressees(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "addressees")
        edit = LinesEdit(2)
        edit.setPlaceholderText(tr("ui.placeholder.lines"))
        self._row(form, "addressees", edit)

    def _build_legal(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "legal_bases")
        self._line(form, "enacting_authority", "ui.placeholder.enacting_authority")
        edit = LinesEdit(3)
        edit.setPlaceholderText(tr("ui.placeholder.legal_bases"))
        self._row(form, "legal_bases", edit)

    def _build_body(self, outer: QVBoxLayout) -> None:
        box = QGroupBox(tr("ui.group.body"))
        self.groups["body"] = box
        layout = QVBoxLayout(box)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("ui.body.style")))
        self.style_box = QComboBox()
        for style in BODY_STYLES:
            shortcut = QKeySequence(STYLE_SHORTCUTS[style]).toString(QKeySequence.SequenceFormat.NativeText)
            self.style_box.addItem(f"{tr(f'ui.style.{style}')}  ({shortcut})", style)
        bar.addWidget(self.style_box, 1)
        layout.addLayout(bar)
        self.body = BodyEditor()
        self.table_button = TableButton(self.body, box)  # insert / edit / delete a table in the body
        bar.addWidget(self.table_button)
        self.body.setPlaceholderText(tr("ui.placeholder.body"))
        layout.addWidget(self.body)
        hint = QLabel(tr("ui.body.hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        closing_form = QFormLayout()
        closing_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        closing = LinesEdit(2)
        closing.setPlaceholderText(tr("ui.placeholder.closing"))
        self._row(closing_form, "closing", closing)  # kept apart from the body, printed as its last paragraph
        layout.addLayout(closing_form)
        outer.addWidget(box)
        self.fields["body"] = self.body
        self.style_box.activated.connect(lambda _i: self.apply_style(self.style_box.currentData()))
        self.body.style_changed.connect(self._show_style)

    def _build_appendices(self, outer: QVBoxLayout) -> None:
        """Phụ lục under the body (NĐ 30 Mẫu 2.1): list, add, remove, title and body of each."""
        self.appendix_editor = AppendixEditor()
        outer.addWidget(self.appendix_editor)
        self.groups["appendices"] = self.appendix_editor
        self.fields["appendices"] = self.appendix_editor
        self.appendix_editor.changed.connect(self._edited)

    def _build_approved(self, outer: QVBoxLayout) -> None:
        """NĐ 30 Mẫu 1.3: the văn bản a quyết định issues, typed in a group of its own."""
        panel = self.approved_panel = ApprovedPanel()
        outer.addWidget(panel)
        self.groups["approved"] = panel
        self.fields.update({"approved": panel.enabled_box, "approved.doc_type": panel.type_box,
                            "approved.summary": panel.summary, "approved.body": panel.body})
        panel.changed.connect(self._edited)
        panel.lead_requested.connect(self._insert_lead)

    def _insert_lead(self, sentence: str) -> None:
        """Điều 1 of the decision names the approved text (unless a paragraph already does)."""
        from desktop.core.model import Paragraph

        paragraphs = self.body.paragraphs()
        if any("kèm theo quyết định này" in p.text.lower() for p in paragraphs):
            return
        self.body.set_paragraphs([Paragraph.plain(sentence, "article"), *paragraphs])
        self._edited()

    def _build_signature(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "signature")
        self.signer_box = self._profile_combo("ui.placeholder.signer")
        form.addRow(QLabel(tr("ui.field.signer_pick")), self.signer_box)
        self.signer_box.activated.connect(self._signer_activated)
        self.mode_box = QComboBox()
        self._row(form, "signature.mode", self.mode_box)
        self._line(form, "signature.whom", "ui.placeholder.whom")
        self._line(form, "signature.deputy_whom", "ui.placeholder.deputy_whom")
        self.authority_label = self._computed(form, "authority")
        self._line(form, "signature.position", "ui.placeholder.position")
        self._line(form, "signature.name", "ui.placeholder.name")

    def _build_co_signature(self, outer: QVBoxLayout) -> None:
        """The second signer of a type that signs side by side (a biên bản's thư ký, NĐ 30 Mẫu 1.9): its
        group shows only for such a type, saying which column it signs in."""
        box = QGroupBox(tr("bienban.group.co_signature"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(box)
        self.groups["co_signature"] = box
        self.co_side_label = computed_label()
        form.addRow(self.co_side_label)
        self.co_mode_box = QComboBox()
        self._row(form, "co_signature.mode", self.co_mode_box, "ui.field.signature.mode")
        self._line(form, "co_signature.whom", "ui.placeholder.whom", "ui.field.signature.whom")
        self._line(form, "co_signature.deputy_whom", "ui.placeholder.deputy_whom", "ui.field.signature.deputy_whom")
        self._line(form, "co_signature.position", "ui.placeholder.position", "ui.field.signature.position")
        self._line(form, "co_signature.name", "ui.placeholder.name", "ui.field.signature.name")

    def _co_signature(self) -> Signature | None:
        """The second signer as typed, for a type with two signers; None for any other type."""
        if self.rules.doc_type(self.doc_type_key()).signatures != 2:
            return None
        t = self.text
        return Signature(self.co_mode_box.currentData() or "own", t("co_signature.whom"),
                         t("co_signature.deputy_whom"), t("co_signature.position"), t("co_signature.name"))

    def _build_recipients(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "recipients")
        self.recipients_box = self._profile_combo("ui.placeholder.recipient_list")
        form.addRow(QLabel(tr("ui.field.recipient_pick")), self.recipients_box)
        self.recipients_box.activated.connect(self._recipients_activated)
        for path in ("recipients.report", "recipients.others"):
            edit = LinesEdit(3)
            edit.setPlaceholderText(tr("ui.placeholder.lines"))
            self._row(form, path, edit)
            if path == "recipients.report":  # state: the group under one brace on request (spec D.1)
                self.report_brace = QCheckBox(tr("misc.report_brace"))
                self.report_brace.setToolTip(tr("misc.report_brace.tip"))
                self.report_brace.setAccessibleName(self.report_brace.text())
                form.addRow(self.report_brace)
                self.rows["recipients.report_brace"] = (form, self.report_brace)
        self._line(form, "recipients.archive", "ui.placeholder.archive")
        self._line(form, "recipients.archive_initials", "ui.placeholder.archive_initials")
        self.recipient_label = self._computed(form, "recipients")

    def _build_copy(self, outer: QVBoxLayout) -> None:
        """The copy block (sao y / sao lục / trích sao) printed under the document: optional."""
        form = self._group(outer, "copy")
        self.copy_set = QCheckBox(tr("ui.field.copy_set"))
        self.copy_set.setAccessibleName(self.copy_set.text())
        form.addRow(self.copy_set)
        self.copy_fields = QWidget()
        sub = QFormLayout(self.copy_fields)
        sub.setContentsMargins(0, 0, 0, 0)
        sub.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        sub.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        sub.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.copy_fields)
        self.copy_kind_box = QComboBox()
        self._row(sub, "copy.kind", self.copy_kind_box)
        self._line(sub, "copy.superior", "ui.placeholder.superior")
        self._line(sub, "copy.issuer", "ui.placeholder.issuer")
        self._line(sub, "copy.number", "ui.placeholder.number")
        self._line(sub, "copy.agency_code", "ui.placeholder.agency_code")
        self.copy_number_label = self._computed(sub, "copy_number_line")
        self._line(sub, "copy.place", "ui.placeholder.place")
        self.copy_date_set, self.copy_date_edit = self._date_row(sub, "copy.date")
        self.copy_date_label = self._computed(sub, "copy_date_line")
        self.copy_mode_box = QComboBox()
        self._row(sub, "copy.signature.mode", self.copy_mode_box, "ui.field.signature.mode")
        self._line(sub, "copy.signature.whom", "ui.placeholder.whom", "ui.field.signature.whom")
        self._line(sub, "copy.signature.deputy_whom", "ui.placeholder.deputy_whom", "ui.field.signature.deputy_whom")
        self.copy_authority_label = self._computed(sub, "authority", "copy_authority")
        self._line(sub, "copy.signature.position", "ui.placeholder.position", "ui.field.signature.position")
        self._line(sub, "copy.signature.name", "ui.placeholder.name", "ui.field.signature.name")
        for path in COPY_LIST_FIELDS:
            edit = LinesEdit(3)
            edit.setPlaceholderText(tr("ui.placeholder.lines"))
            self._row(sub, f"copy.{path}", edit, f"ui.field.{path}")
        self._line(sub, "copy.recipients.archive", "", "ui.field.recipients.archive")
        self._line(sub, "copy.recipients.archive_initials", "ui.placeholder.archive_initials",
                   "ui.field.recipients.archive_initials")
        self.copy_recipient_label = self._computed(sub, "recipients", "copy_recipients")
        self.copy_fields.setVisible(False)
        self.copy_set.toggled.connect(self.copy_fields.setVisible)

    def _build_attachments(self, outer: QVBoxLayout) -> None:
        """Attached documents, one line each (type and trích yếu); each opens in a form of its own
        (the main window's attachment dialog). They print after the main one, each from a new page."""
        form = self._group(outer, "attachments")
        self.attachment_list = QListWidget()
        self.attachment_list.setMaximumHeight(96)
        self.attachment_list.setToolTip(tr("ui.attachments.kept"))
        label = QLabel(tr("ui.field.attachments"))
        label.setBuddy(self.attachment_list)
        form.addRow(label, self.attachment_list)
        self.attachment_list.setAccessibleName(label.text())
        buttons = QHBoxLayout()
        self.attachment_buttons: dict[str, QPushButton] = {}
        for key in ("add", "edit", "remove"):
            button = QPushButton(tr(f"ui.attachments.{key}"))
            buttons.addWidget(button)
            self.attachment_buttons[key] = button
        buttons.addStretch(1)
        form.addRow(buttons)
        self.attachment_buttons["add"].clicked.connect(lambda: self.attachment_edit_requested.emit(-1))
        self.attachment_buttons["edit"].clicked.connect(
            lambda: self._attachment_action(self.attachment_edit_requested))
        self.attachment_buttons["remove"].clicked.connect(
            lambda: self._attachment_action(self.attachment_remove_requested))
        self.attachment_list.itemActivated.connect(
            lambda _item: self._attachment_action(self.attachment_edit_requested))
        self.attachment_list.currentRowChanged.connect(self._attachment_buttons_state)

    def _attachment_action(self, signal: Signal) -> None:
        row = self.attachment_list.currentRow()
        if 0 <= row < len(self.base.attachments):
            signal.emit(row)

    def _attachment_buttons_state(self, *_args: Any) -> None:
        chosen = 0 <= self.attachment_list.currentRow() < len(self.base.attachments)
        self.attachment_buttons["edit"].setEnabled(chosen)
        self.attachment_buttons["remove"].setEnabled(chosen)

    def set_attachments(self, attachments: list[Draft], current: int | None = None) -> None:
        """Replace the attached documents (an edit of the draft: ``changed`` fires)."""
        self.base = replace(self.base, attachments=list(attachments))
        self._show_attachments(self.base)
        if current is not None and 0 <= current < len(attachments):
            self.attachment_list.setCurrentRow(current)
        self.changed.emit()

    def _build_extras(self, outer: QVBoxLayout) -> None:
        form = self._group(outer, "extras")
        for path in ("extras.secrecy", "extras.urgency"):
            combo = QComboBox()
            combo.setEditable(True)
            self._row(form, path, combo)
        self._line(form, "extras.circulation")
        self._line(form, "extras.draft_marker", "ui.placeholder.draft_marker")
        self._line(form, "extras.typist", "ui.placeholder.typist")
        copies = QSpinBox()
        copies.setRange(0, 100000)
        copies.setSpecialValueText(tr("ui.field.copies_none"))
        self._row(form, "extras.copies", copies)
        self._line(form, "extras.contact")

    def _profile_combo(self, placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.lineEdit().setPlaceholderText(tr(placeholder))
        completer = QCompleter(combo.model(), combo)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        return combo

    def _connect_changes(self) -> None:
        for widget in self.fields.values():
            if self.approved_panel.isAncestorOf(widget):
                continue  # the approved text's panel reports its own edits
            for signal in ("textChanged", "currentIndexChanged", "valueChanged", "dateChanged", "editTextChanged"):
                if hasattr(widget, signal) and not (isinstance(widget, QComboBox) and signal == "textChanged"):
                    getattr(widget, signal).connect(self._edited)
        for box in (self.date_set, self.copy_set, self.copy_date_set, self.report_brace):
            box.toggled.connect(self._edited)
        for precision in self.date_precisions.values():
            precision.currentIndexChanged.connect(self._edited)

    # --- reading and writing ---------------------------------------------------------------
    def _edited(self, *_args: Any) -> None:
        if self._loading:
            return
        self.refresh_computed()
        self.changed.emit()

    def text(self, path: str) -> str:
        widget = self.fields[path]
        if isinstance(widget, QLineEdit):
            return nfc(widget.text().strip())
        if isinstance(widget, QComboBox):
            return nfc(widget.currentText().strip())
        if isinstance(widget, LinesEdit):  # the trích yếu: a typed line break is kept (a forced break)
            return "\n".join(widget.items())
        raise TypeError(path)

    def items(self, path: str) -> list[str]:
        widget = self.fields[path]
        assert isinstance(widget, LinesEdit)
        return widget.items()

    def set_text(self, path: str, value: str) -> None:
        widget = self.fields[path]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(value)
        elif isinstance(widget, LinesEdit):
            widget.setPlainText(value)

    def draft(self, *, with_body: bool = True) -> Draft:
        """The form's content as a Draft (fields the form does not show are kept from the base);
        ``with_body=False`` leaves the body out (the computed lines never read it: no need to walk
        thousands of paragraphs at every keystroke)."""
        t = self.text
        copies = self.fields["extras.copies"].value()
        return replace(
            self.base,
            rule_set=self.system_box.currentData(),
            doc_type=self.type_box.currentData() or self.base.doc_type,
            superior=t("superior"), issuer=t("issuer"), agency_code=t("agency_code"), unit_code=t("unit_code"),
            code_override=t("code_override"), number=t("number"), place=t("place"),
            date=self._date_value("date", self.date_set, self.date_edit),
            summary=t("summary"),
            addressees=self.items("addressees"), enacting_authority=t("enacting_authority"),
            legal_bases=self.items("legal_bases"),
            body=self.body.paragraphs() if with_body else [],
            signature=Signature(self.mode_box.currentData() or "own", t("signature.whom"),
                                t("signature.deputy_whom"), t("signature.position"), t("signature.name")),
            co_signature=self._co_signature(),
            recipients=Recipients(self.items("recipients.report"), self.items("recipients.others"),
                                  t("recipients.archive"), t("recipients.archive_initials"),
                                  report_brace=self.report_brace.isChecked()),
            closing=t("closing"),
            extras=Extras(t("extras.secrecy"), t("extras.urgency"), t("extras.circulation"),
                          t("extras.draft_marker"), t("extras.typist"), copies or None, t("extras.contact")),
            copy=self.copy_block(),
            **({"appendices": self.appendix_editor.appendices()} if with_body else {}),
            approved=(self.approved_panel.approved() if with_body else self.base.approved)
            if self.approved_panel.applies(self.type_box.currentData() or self.base.doc_type) else None,
        )

    def copy_block(self) -> CopyBlock | None:
        """The copy block as typed, or None when the clerk has not asked for one."""
        if not self.copy_set.isChecked():
            return None
        t = self.text
        kind = self.copy_kind_box.currentData() or (self.base.copy.kind if self.base.copy else "sao_y")
        return CopyBlock(
            kind=kind, superior=t("copy.superior"), issuer=t("copy.issuer"), number=t("copy.number"),
            agency_code=t("copy.agency_code"), place=t("copy.place"),
            date=self._date_value("copy.date", self.copy_date_set, self.copy_date_edit),
            signature=Signature(self.copy_mode_box.currentData() or "own", t("copy.signature.whom"),
                                t("copy.signature.deputy_whom"), t("copy.signature.position"),
                                t("copy.signature.name")),
            recipients=Recipients(self.items("copy.recipients.report"), self.items("copy.recipients.others"),
                                  t("copy.recipients.archive"), t("copy.recipients.archive_initials"),
                                  report_brace=bool(self.base.copy and self.base.copy.recipients.report_brace)),
        )

    def _date_value(self, path: str, date_set: QCheckBox, date_edit: QDateEdit) -> str | None:
        """The date as the draft stores it: ISO, a partial date whose day (and month) stays blank, or None."""
        if not date_set.isChecked():
            return None
        day = date_edit.date().toPython()
        kind = self.date_precisions[path].currentData()
        if kind == "day":
            return day.isoformat()
        return compute.partial_date(day.year, day.month if kind == "month" else None)

    def set_draft(self, draft: Draft) -> None:
        """Show a draft (no change signal)."""
        self._loading = True
        try:
            self.base = draft
            blockers = [QSignalBlocker(w) for w in (self.system_box, self.type_box)]
            index = self.system_box.findData(draft.rule_set)
            self.system_box.setCurrentIndex(max(index, 0))
            self._apply_rule_set(self.system_box.currentData(), draft.doc_type)
            del blockers
            for path in ("superior", "issuer", "agency_code", "unit_code", "code_override", "number", "place",
                         "summary", "enacting_authority", "signature.whom", "signature.deputy_whom",
                         "signature.position",
                         "signature.name", "recipients.archive", "recipients.archive_initials", "extras.secrecy",
                         "extras.urgency", "extras.circulation", "extras.draft_marker", "extras.typist",
                         "extras.contact"):
                self.set_text(path, _get(draft, path))
            for path in LIST_FIELDS:
                self.fields[path].set_items(list(_get(draft, path)))
            _show_date(self.date_set, self.date_edit, draft.date, self.date_precisions["date"])
            _show_mode(self.mode_box, draft.signature.mode)
            self.report_brace.setChecked(draft.recipients.report_brace)
            co_signature = draft.co_signature or Signature()
            for name in ("whom", "deputy_whom", "position", "name"):
                self.set_text(f"co_signature.{name}", getattr(co_signature, name))
            _show_mode(self.co_mode_box, co_signature.mode)
            self.fields["extras.copies"].setValue(draft.extras.copies or 0)
            self.body.set_paragraphs(draft.body)
            self.set_text("closing", draft.closing)
            self._set_copy(draft.copy)
            self.approved_panel.set_approved(draft.approved)
            self._show_attachments(draft)
            self.appendix_editor.set_appendices(draft.appendices)
        finally:
            self._loading = False
        self.refresh_computed()

    def _set_copy(self, copy: CopyBlock | None) -> None:
        shown = copy or CopyBlock()
        self.copy_set.setChecked(copy is not None)
        self.copy_fields.setVisible(copy is not None)
        self.copy_kind_box.setCurrentIndex(max(self.copy_kind_box.findData(shown.kind), 0))
        for path in COPY_TEXT_FIELDS:
            self.set_text(f"copy.{path}", _get(shown, path))
        for path in COPY_LIST_FIELDS:
            self.fields[f"copy.{path}"].set_items(list(_get(shown, path)))
        _show_date(self.copy_date_set, self.copy_date_edit, shown.date, self.date_precisions["copy.date"])
        _show_mode(self.copy_mode_box, shown.signature.mode)

    def _show_attachments(self, draft: Draft) -> None:
        """One line per attached document: its type and the first line of its trích yếu."""
        self.attachment_list.clear()
        for index, attachment in enumerate(draft.attachments, 1):
            kind = self.rules.doc_types.get(attachment.doc_type)
            summary = attachment.summary.strip().split("\n")[0] or tr("ui.attachments.no_summary")
            self.attachment_list.addItem(tr("ui.attachments.item", n=index,
                                            type=kind.label if kind else attachment.doc_type, summary=summary))
        self._attachment_buttons_state()

    # --- rule set and document type ---------------------------------------------------------
    def _system_changed(self) -> None:
        self._apply_rule_set(self.system_box.currentData(), self.type_box.currentData())
        self.rule_set_changed.emit(self.system_box.currentData())
        self._edited()

    def _type_changed(self) -> None:
        index = self.type_box.currentIndex()
        if index >= 0 and self.type_box.currentData() is None:  # a group heading: its first type instead
            self.type_box.setCurrentIndex(index + 1)
            return
        self._update_visibility()
        self._edited()

    def _apply_rule_set(self, rule_set_id: str, doc_type: str | None) -> None:
        self.rules = load_rule_set(rule_set_id)
        with QSignalBlocker(self.type_box):
            self.type_box.clear()
            for group, kinds in self.rules.types_by_group().items():  # as clerks group them, headings unselectable
                self.type_box.addItem(tr(f"types.group.{group}"))
                self.type_box.model().item(self.type_box.count() - 1).setEnabled(False)
                for kind in kinds:
                    self.type_box.addItem(tr("types.item", label=kind.label), kind.key)
            found = self.type_box.findData(doc_type)
            first = self.type_box.findData(next(iter(self.rules.doc_types)))
            self.type_box.setCurrentIndex(found if found >= 0 else first)
        for box in (self.mode_box, self.copy_mode_box, self.co_mode_box):
            with QSignalBlocker(box):
                current = box.currentData()
                box.clear()
                for mode in SIGNATURE_MODES:
                    if mode == "own" or mode in self.rules.signature["prefixes"] or mode in TWO_LINE_MODES:
                        box.addItem(mode_label(mode, self.rules), mode)
                box.setCurrentIndex(max(box.findData(current), 0))
        with QSignalBlocker(self.copy_kind_box):  # the copy labels and codes of this system (B.1 / B.2)
            current = self.copy_kind_box.currentData()
            self.copy_kind_box.clear()
            for kind, label in self.rules.copy["labels"].items():
                self.copy_kind_box.addItem(tr("ui.copy.kind_item", label=label, code=self.rules.copy["codes"][kind]),
                                           kind)
            self.copy_kind_box.setCurrentIndex(max(self.copy_kind_box.findData(current), 0))
        marks = self.rules.raw.get("marks", {})
        for name in ("secrecy", "urgency"):
            combo = self.fields[f"extras.{name}"]
            with QSignalBlocker(combo):
                text = combo.currentText()
                combo.clear()
                combo.addItems(["", *marks.get(name, [])])
                combo.setCurrentText(text)
        self.body.set_rules(self.rules)
        self.appendix_editor.set_rules(self.rules)
        self.approved_panel.set_rules(self.rules)
        self._update_visibility()

    def doc_type_key(self) -> str:
        return self.type_box.currentData() or next(iter(self.rules.doc_types))

    def _set_row_visible(self, path: str, visible: bool) -> None:
        form, widget = self.rows[path]
        form.setRowVisible(widget, visible)

    def _update_visibility(self) -> None:
        """Show only the parts this system and document type have (spec B.1/B.2, C.1, C.6)."""
        kind = self.rules.doc_type(self.doc_type_key())
        letter_code_uses_unit = "{unit}" in self.rules.number["letter_code"]
        self._set_row_visible("unit_code", kind.letter and letter_code_uses_unit)
        self._set_row_visible("computed.type_name", not kind.letter)
        self._set_row_visible("computed.letter_summary", kind.letter)
        self.groups["addressees"].setVisible(kind.letter or kind.addressee != "none")
        self.groups["legal_bases"].setVisible(kind.legal_bases or kind.enacting)
        self._set_row_visible("enacting_authority", kind.enacting or bool(kind.sender_suffix))  # công điện: sender
        self._set_row_visible("summary", kind.summary or kind.letter)  # Mẫu 1.8, 1.10 have no trích yếu
        self._set_row_visible("extras.draft_marker", "draft_marker" in self.rules.parts)
        self._set_row_visible("extras.contact", "contact" in self.rules.parts)
        self._set_row_visible("recipients.report_brace", self.rules.recipients.get("report_brace") == "on_request")
        self.groups["co_signature"].setVisible(kind.signatures == 2)  # NĐ 30 Mẫu 1.9: signers side by side
        side = tr(f"bienban.side.{kind.co_signature_side}")
        headings = dict(zip(kind.signature_columns(), kind.signature_headings, strict=False))
        if headings.get("co_signature"):
            side += "\n" + tr("bienban.heading", heading=headings["co_signature"])
        self.co_side_label.setText(side)
        self.approved_panel.setVisible(self.approved_panel.applies(kind.key))  # Mẫu 1.3: a quyết định only
        self._show_signature_rows()

    def _show_signature_rows(self) -> None:
        for prefix, box in (("", self.mode_box), ("copy.", self.copy_mode_box), ("co_", self.co_mode_box)):
            mode = box.currentData()
            self._set_row_visible(f"{prefix}signature.deputy_whom", mode in TWO_LINE_MODES)
            self._set_row_visible(f"{prefix}signature.whom", mode not in (None, "own"))

    def refresh_computed(self) -> None:
        """The read-only lines the rules compute from what was typed."""
        draft = self.draft(with_body=False)
        rules = self.rules
        kind = rules.doc_type(draft.doc_type)
        self.code_label.setText(compute.document_code(draft, rules))
        self.number_label.setText(compute.draft_number_line(draft, rules))
        self.date_label.setText(compute.draft_date_line(draft, rules))
        self.type_name_label.setText(kind.name)
        self.summary_label.setText(compute.letter_summary(draft, rules))
        authority = compute.signature_lines(draft.signature, rules)
        self.authority_label.setText("\n".join(authority) if authority else tr("ui.computed.no_authority"))
        letter_first = kind.letter and bool(draft.addressees)
        lines = compute.recipient_lines(draft.recipients, rules, letter_with_addressees=letter_first)
        self.recipient_label.setText("\n".join(line.text for line in lines))
        copy = draft.copy
        if copy is not None:
            self.copy_number_label.setText(compute.copy_number_line(copy, rules))
            self.copy_date_label.setText(compute.copy_date_line(copy, rules))
            authority = compute.signature_lines(copy.signature, rules)
            self.copy_authority_label.setText("\n".join(authority) if authority else tr("ui.computed.no_authority"))
            lines = compute.recipient_lines(copy.recipients, rules)
            self.copy_recipient_label.setText("\n".join(line.text for line in lines))
        else:
            for label in (self.copy_number_label, self.copy_date_label, self.copy_authority_label,
                          self.copy_recipient_label):
                label.clear()
        self.approved_panel.refresh(draft)
        self._show_signature_rows()

    # --- body styles ------------------------------------------------------------------------
    def apply_style(self, style: str) -> None:
        body = self.active_body()
        body.set_style(style)
        body.setFocus()

    def active_body(self) -> BodyEditor:
        """The body editor the styles and Ctrl+B/Ctrl+I apply to: a phụ lục's while it has the cursor."""
        return self.appendix_editor.body if self.appendix_editor.body.hasFocus() else self.body

    def _show_style(self, style: str) -> None:
        with QSignalBlocker(self.style_box):
            self.style_box.setCurrentIndex(max(self.style_box.findData(style), 0))

    # --- profile ----------------------------------------------------------------------------
    def set_profile_choices(self, signers: list[str], recipient_lists: list[str]) -> None:
        for combo, names in ((self.signer_box, signers), (self.recipients_box, recipient_lists)):
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItems(names)
                combo.setCurrentIndex(-1)
                combo.setEditText("")

    def _signer_activated(self, index: int) -> None:
        if index >= 0:
            self.signer_chosen.emit(index)

    def _recipients_activated(self, index: int) -> None:
        if index >= 0:
            self.recipient_list_chosen.emit(index)

    # --- problems → widgets -------------------------------------------------------------------
    def widget_for(self, field_path: str) -> tuple[QWidget | None, int | None]:
        """The widget holding a field path, and the item index inside it ("body[3]" → body, 3)."""
        path = field_path
        while path:
            if path in self.fields:
                index = re.match(r"\[(\d+)\]", field_path[len(path):])
                return self.fields[path], int(index[1]) if index else None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        plain = re.sub(r"\[\d+\]", "", field_path)
        for group in sorted(FALLBACK_FIELDS, key=len, reverse=True):
            if plain == group or plain.startswith(group + "."):
                return self.fields[FALLBACK_FIELDS[group]], None
        if plain == "copy" or plain.startswith("copy."):
            return self.copy_set, None
        return None, None

    def focus_field(self, field_path: str) -> QWidget | None:
        """Show and focus the widget of a field (a list item / paragraph when indexed)."""
        widget, index = self.widget_for(field_path)
        if widget is None:
            return None
        if isinstance(widget, BodyEditor):
            widget.focus_paragraph(index or 0)
        elif isinstance(widget, AppendixEditor):  # "appendices[1].body[2]": that phụ lục, that paragraph
            inner = re.search(r"\.body\[(\d+)\]", field_path)
            widget.focus_item(index or 0, int(inner[1]) if inner else None)
        elif isinstance(widget, LinesEdit):
            widget.focus_item(index or 0)
        else:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
        parent = self.parentWidget()
        while parent is not None and not hasattr(parent, "ensureWidgetVisible"):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(widget)
        return widget

    def tab_chain(self) -> list[QWidget]:
        """Inputs in page order (creation order), for setTabOrder."""
        order = [self.system_box, self.type_box]
        order += [w for w in self.findChildren(QWidget) if w in self.fields.values() and w not in order]
        return order


def _get(draft: Draft, path: str) -> Any:
    value: Any = draft
    for name in path.split("."):
        value = getattr(value, name)
    return "" if value is None else value


def _show_date(date_set: QCheckBox, date_edit: QDateEdit, iso: str | None, precision: QComboBox) -> None:
    """A date field: ticked and set when the draft has a date; unticked (today's date kept
    ready, greyed) when it is blank until issue time. A draft's date with its day (and month) left
    blank ('2026-04', '2026') shows its month and year, the precision box saying what is blank."""
    date = compute.parse_iso_date(iso)
    partial = compute.parse_partial_date(iso)
    kind = "day" if partial is None else "month" if partial[1] else "year"
    if partial is not None:
        date = dt.date(partial[0], partial[1] or 1, 1)
    date_set.setChecked(date is not None)
    date_edit.setEnabled(date is not None)
    precision.setEnabled(date is not None)
    precision.setCurrentIndex(max(precision.findData(kind), 0))
    date_edit.setDisplayFormat(DATE_PRECISIONS[kind])
    date_edit.setDate(QDate(date or dt.date.today()))


def _show_mode(box: QComboBox, mode: str) -> None:
    """The signature mode box on ``mode`` (an unknown mode shows as signing in one's own right)."""
    box.setCurrentIndex(max(box.findData(mode if mode in SIGNATURE_MODES else "own"), 0))
