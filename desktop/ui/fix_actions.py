""""Sửa tự động" in the findings panel (issue #12): fix the checked .docx (whole document, or one
finding's code), write ``<name> (đã sửa).docx`` beside the original, show the fixed file's own
check in the panel, list the changes; "Về bản gốc" shows the original's check again.
Every question goes through the injectable asker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QTreeWidgetItem

from desktop.core.atomic import atomic_write_bytes
from desktop.core.check import check_file
from desktop.core.errors import VanBanError
from desktop.core.fix import fix_file, fixed_name
from desktop.core.i18n import tr
from desktop.ui.askers import Asker
from desktop.ui.findings_panel import FINDING_CODE_ROLE, FindingsPanel


class FixActions(QObject):
    """The panel's fix buttons and what they do."""

    def __init__(self, panel: FindingsPanel, asker: Asker) -> None:
        super().__init__(panel)
        self.panel = panel
        self.asker = asker
        self.original: Path | None = None
        self.fixed: Path | None = None
        self.fix_all_button = QPushButton(tr("fixui.fix_all"))
        self.fix_one_button = QPushButton(tr("fixui.fix_one"))
        self.back_button = QPushButton(tr("fixui.back"))
        self.fix_all_button.clicked.connect(lambda: self.fix(None))
        self.fix_one_button.clicked.connect(self.fix_selected)
        self.back_button.clicked.connect(self.back_to_original)
        for button in (self.fix_all_button, self.fix_one_button, self.back_button):
            panel.button_row.insertWidget(0, button)
        self.back_button.setVisible(False)
        panel.tree.currentItemChanged.connect(lambda *_: self.refresh())
        panel.tree.model().rowsInserted.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        docx = self.panel.path is not None and self.panel.path.suffix.lower() in (".docx", ".docm")
        self.fix_all_button.setEnabled(docx)
        self.fix_one_button.setEnabled(docx and self.selected_code() is not None)

    def selected_code(self) -> str | None:
        item: QTreeWidgetItem | None = self.panel.tree.currentItem()
        code = item.data(0, FINDING_CODE_ROLE) if item is not None else None
        return code if isinstance(code, str) else None

    def fix_selected(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.fix([code])

    def fix(self, only: list[str] | None) -> Path | None:
        """Fix the panel's file; the fixed copy's check shown in the panel. Returns the copy's path."""
        source = self.panel.path
        if source is None:
            return None
        result = fix_file(source, only)
        if result.needs_consent:
            if not self.asker.confirm("fix_tracked", tr("fixui.title"), tr("fixui.tracked")):
                return None
            result = fix_file(source, only, accept_tracked=True)
        if not result.readable or result.data is None:
            self.asker.inform("fix_failed", tr("fixui.title"), result.error or "", error=True)
            return None
        if not result.changes:
            self.asker.inform("fix_nothing", tr("fixui.title"), tr("fixui.nothing"))
            return None
        target = fixed_name(source)
        if target.exists() and not self.asker.confirm("fix_overwrite", tr("fixui.title"),
                                                      tr("fixui.overwrite", path=str(target))):
            return None
        try:
            atomic_write_bytes(target, result.data)
        except VanBanError as exc:
            self.asker.inform("fix_failed", tr("fixui.title"), exc.message, error=True)
            return None
        self.original, self.fixed = source, target
        report = check_file(target)
        self.panel.show_reports([report])
        self.back_button.setVisible(True)
        self.refresh()
        details = [f"{c.part}, {c.where}: «{c.before}» → «{c.after}» ({c.rule})" for c in result.changes]
        self.asker.inform("fix_done", tr("fixui.title"),
                          tr("fixui.done", count=len(result.changes), path=str(target)), details)
        return target

    def back_to_original(self) -> None:
        """Show the original's check again (the original file was never changed)."""
        if self.original is None:
            return
        self.panel.show_reports([check_file(self.original)])
        self.back_button.setVisible(False)
        self.refresh()
