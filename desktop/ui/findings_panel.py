"""Findings panel: what the checker found in a .docx, grouped by part and severity, with quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.i18n import has_message, tr
from desktop.ui.validation_panel import SEVERITY_ORDER, severity_icon

OTHER = "other"
FINDING_CODE_ROLE = Qt.ItemDataRole.UserRole + 7


def finding_part(code: str) -> str:
    """'missing:number' → 'number'; page/font/system findings go under 'other'."""
    kind, _, part = code.partition(":")
    return part if kind in ("missing", "format", "layout") and part else OTHER


def part_label(part: str) -> str:
    key = f"ui.part.{part}"
    return tr(key) if has_message(key) else part


class FindingsPanel(QWidget):
    """A checked file: per document, parts (found text quoted) with their findings below them."""

    import_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.title = QLabel(tr("ui.findings.empty"))
        self.title.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([tr("ui.findings.col_part"), tr("ui.findings.col_detail")])
        self.tree.setWordWrap(True)
        self.import_button = QPushButton(tr("ui.findings.import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(lambda: self.path and self.import_requested.emit(self.path))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.import_button)
        self.button_row = row  # desktop/ui/fix_actions.py puts "Sửa tự động" here
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.title)
        box.addWidget(self.tree, 1)
        box.addLayout(row)

    def show_reports(self, reports: list[Any]) -> None:
        """One or more FileReports (a batch check shows one top-level item per file)."""
        self.tree.clear()
        self.path = Path(reports[0].file) if len(reports) == 1 else None
        for report in reports:
            parent = self.tree.invisibleRootItem() if len(reports) == 1 else self._file_item(report)
            self._fill(parent, report)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        single = reports[0] if len(reports) == 1 else None
        if single is not None:
            errors = sum(len(d.errors) for d in single.documents)
            warnings = sum(len(d.warnings) for d in single.documents)
            self.title.setText(tr("ui.findings.file_summary", file=Path(single.file).name, errors=errors,
                                  warnings=warnings) if single.readable else single.error or "")
        else:
            self.title.setText(tr("ui.findings.batch_summary", count=len(reports),
                                  failed=sum(1 for r in reports if not r.readable or r.has_errors)))
        self.import_button.setEnabled(single is not None and single.readable)

    def _file_item(self, report: Any) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [Path(report.file).name, report.error or ""])
        severity = "error" if not report.readable or report.has_errors else "info"
        item.setIcon(0, severity_icon(self, severity))
        return item

    def _fill(self, parent: QTreeWidgetItem, report: Any) -> None:
        if not report.readable:
            QTreeWidgetItem(parent, [tr("ui.findings.unreadable"), report.error or ""])
            return
        many = len(report.documents) > 1
        for index, doc in enumerate(report.documents):
            holder = parent
            if many:
                holder = QTreeWidgetItem(parent, [tr("ui.findings.document", n=index + 1), doc.doc_type or ""])
            by_part: dict[str, list[Any]] = {}
            for finding in sorted(doc.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3)):
                by_part.setdefault(finding_part(finding.code), []).append(finding)
            names = [p for p in doc.parts if doc.parts[p].found or p in by_part]
            names += [p for p in by_part if p not in names]
            for name in names:
                found = doc.parts.get(name)
                quote = f"«{found.text}»" if found is not None and found.found and found.text else ""
                part_item = QTreeWidgetItem(holder, [part_label(name), quote])
                findings = by_part.get(name, [])
                worst = findings[0].severity if findings else "ok"
                if findings:
                    part_item.setIcon(0, severity_icon(self, worst))
                for finding in findings:
                    child = QTreeWidgetItem(part_item, [tr(f"ui.severity.{finding.severity}"), finding.message])
                    child.setIcon(0, severity_icon(self, finding.severity))
                    child.setData(0, FINDING_CODE_ROLE, finding.code)
                    child.setToolTip(1, "\n".join(x for x in (finding.where, tr("ui.validation.fix", fix=finding.fix),
                                                              tr("ui.validation.ref", ref=finding.rule)) if x))
            for note in doc.not_evaluated:
                QTreeWidgetItem(holder, [tr("ui.findings.not_evaluated"), note])

    def texts(self) -> list[str]:
        """Every line of the tree, for tests and copying."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            for i in range(item.childCount()):
                child = item.child(i)
                out.append(" | ".join(child.text(c) for c in range(2)))
                walk(child)

        walk(self.tree.invisibleRootItem())
        return out
