"""Validation panel: every problem of the draft, live, with a severity icon; a click goes to the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from desktop.core.i18n import tr

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1


def severity_icon(widget: QWidget, severity: str) -> QIcon:
    pixmap = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
              "warning": QStyle.StandardPixmap.SP_MessageBoxWarning}.get(
        severity, QStyle.StandardPixmap.SP_MessageBoxInformation)
    return widget.style().standardIcon(pixmap)


def problem_text(problem: Any) -> str:
    label = getattr(problem, "label", "") or ""
    message = getattr(problem, "message", "") or ""
    return f"{label}: {message}" if label else message


class ValidationPanel(QWidget):
    """List of Problems (errors first); activating one emits its field path ("signature.name")."""

    problem_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._activated)
        self.list.itemActivated.connect(self._activated)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.summary)
        box.addWidget(self.list, 1)
        self.problems: list[Any] = []
        self.set_problems([])

    def set_problems(self, problems: Sequence[Any]) -> None:
        self.problems = sorted(problems, key=lambda p: SEVERITY_ORDER.get(p.severity, 3))
        self.list.clear()
        for problem in self.problems:
            item = QListWidgetItem(severity_icon(self, problem.severity), problem_text(problem))
            tip = [tr(f"ui.severity.{problem.severity}")]
            if getattr(problem, "fix", ""):
                tip.append(tr("ui.validation.fix", fix=problem.fix))
            if getattr(problem, "ref", ""):
                tip.append(tr("ui.validation.ref", ref=problem.ref))
            item.setToolTip("\n".join(tip))
            item.setData(FIELD_ROLE, getattr(problem, "field", "") or "")
            self.list.addItem(item)
        counts = {s: sum(1 for p in self.problems if p.severity == s) for s in SEVERITY_ORDER}
        if not self.problems:
            self.summary.setText(tr("ui.validation.none"))
        else:
            self.summary.setText(tr("ui.validation.summary", errors=counts["error"], warnings=counts["warning"],
                                    infos=counts["info"]))

    def _activated(self, item: QListWidgetItem) -> None:
        field_path = item.data(FIELD_ROLE)
        if field_path:
            self.problem_activated.emit(field_path)

    def errors(self) -> list[Any]:
        return [p for p in self.problems if p.severity == "error"]
