"""The window where one attached document is written: the same form as the main draft, its
system fixed to the main one's (it prints in the same file), OK to keep, Cancel to drop."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea, QVBoxLayout, QWidget

from desktop.core.i18n import tr
from desktop.core.model import Draft
from desktop.ui.draft_form import DraftForm


class AttachmentDialog(QDialog):
    def __init__(self, attachment: Draft, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ui.attachments.dialog_title", n=number))
        self.form = DraftForm(attached=True)
        self.form.set_draft(attachment)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("ui.button.ok"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("ui.button.cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(640, 760)

    def draft(self) -> Draft:
        """The attached document as written (its own attachments, if any, kept)."""
        return self.form.draft()
