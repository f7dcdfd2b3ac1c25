"""Every question the editor asks the clerk goes through an asker, so tests never hang.

:class:`QtAsker` shows Qt dialogs with Vietnamese button texts (Qt ships no Vietnamese
translation). :class:`ScriptedAsker` answers from a script and records what was asked:
tests, benchmarks and headless runs use it. Each prompt names its ``topic`` (``"recover"``,
``"unsaved"``, ``"export_errors"`` …) so a script can answer by topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from desktop.core.i18n import tr

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
RETRY, ELSEWHERE = "retry", "elsewhere"


class Asker(Protocol):
    def confirm(self, topic: str, title: str, text: str, details: Sequence[str] = ()) -> bool:
        """Yes/no question; True for yes."""

    def save_discard_cancel(self, topic: str, title: str, text: str) -> str:
        """Unsaved changes: SAVE, DISCARD or CANCEL."""

    def retry(self, topic: str, title: str, text: str) -> bool:
        """An action failed and may succeed later: True to try again."""

    def inform(self, topic: str, title: str, text: str, details: Sequence[str] = (), *, error: bool = False) -> None:
        """A message with an OK button."""

    def write_failed(self, topic: str, title: str, text: str, *, can_retry: bool) -> str:
        """A file could not be written (``text`` says why): ELSEWHERE (choose another place),
        RETRY (only offered when ``can_retry``: the file was open in Word) or CANCEL."""

    def open_path(self, topic: str, title: str, filters: str, start: Path | None = None) -> Path | None:
        """A file to open, or None."""

    def save_path(self, topic: str, title: str, filters: str, suggested: Path) -> Path | None:
        """A file to write, or None."""

    def folder(self, topic: str, title: str, start: Path | None = None) -> Path | None:
        """A folder, or None."""

    def secret(self, topic: str, title: str, label: str) -> str | None:
        """A password or PIN typed without echo, or None when cancelled."""

    def table_size(self, topic: str, title: str, rows: int, columns: int) -> tuple[int, int] | None:
        """The rows and columns of a new table (``rows`` × ``columns`` offered), or None when cancelled."""

    def choose(self, topic: str, title: str, text: str, options: Sequence[str], default: int = 0) -> int | None:
        """One of ``options`` (its index; ``default`` preselected), or None when cancelled."""

    def text(self, topic: str, title: str, label: str, default: str = "") -> str | None:
        """A line of text, or None when cancelled."""


@dataclass
class Asked:
    topic: str
    kind: str
    title: str
    text: str
    details: tuple[str, ...] = ()


@dataclass
class ScriptedAsker:
    """Answers from ``answers[topic]`` (a value, or a list consumed in order); records every prompt.

    Unscripted defaults never lose work and never block: confirm → False, unsaved →
    DISCARD, retry → False, paths → None.
    """

    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[Asked] = field(default_factory=list)

    def _answer(self, topic: str, default: Any) -> Any:
        value = self.answers.get(topic, default)
        if isinstance(value, list):
            return value.pop(0) if value else default
        return value

    def _record(self, topic: str, kind: str, title: str, text: str, details: Sequence[str] = ()) -> None:
        self.asked.append(Asked(topic, kind, title, text, tuple(details)))

    def topics(self) -> list[str]:
        return [a.topic for a in self.asked]

    def last(self, topic: str) -> Asked:
        return next(a for a in reversed(self.asked) if a.topic == topic)

    def confirm(self, topic: str, title: str, text: str, details: Sequence[str] = ()) -> bool:
        self._record(topic, "confirm", title, text, details)
        return bool(self._answer(topic, False))

    def save_discard_cancel(self, topic: str, title: str, text: str) -> str:
        self._record(topic, "save_discard_cancel", title, text)
        return str(self._answer(topic, DISCARD))

    def retry(self, topic: str, title: str, text: str) -> bool:
        self._record(topic, "retry", title, text)
        return bool(self._answer(topic, False))

    def inform(self, topic: str, title: str, text: str, details: Sequence[str] = (), *, error: bool = False) -> None:
        self._record(topic, "error" if error else "inform", title, text, details)

    def write_failed(self, topic: str, title: str, text: str, *, can_retry: bool) -> str:
        self._record(topic, "write_failed", title, text)
        answer = str(self._answer(topic, CANCEL))
        return CANCEL if answer == RETRY and not can_retry else answer

    def open_path(self, topic: str, title: str, filters: str, start: Path | None = None) -> Path | None:
        self._record(topic, "open_path", title, filters)
        value = self._answer(topic, None)
        return Path(value) if value else None

    def save_path(self, topic: str, title: str, filters: str, suggested: Path) -> Path | None:
        self._record(topic, "save_path", title, str(suggested))
        value = self._answer(topic, None)
        return Path(value) if value else None

    def folder(self, topic: str, title: str, start: Path | None = None) -> Path | None:
        self._record(topic, "folder", title, "")
        value = self._answer(topic, None)
        return Path(value) if value else None

    def secret(self, topic: str, title: str, label: str) -> str | None:
        self._record(topic, "secret", title, label)
        value = self._answer(topic, None)
        return None if value is None else str(value)

    def table_size(self, topic: str, title: str, rows: int, columns: int) -> tuple[int, int] | None:
        self._record(topic, "table_size", title, f"{rows}x{columns}")
        value = self._answer(topic, None)
        return None if value is None else (int(value[0]), int(value[1]))

    def choose(self, topic: str, title: str, text: str, options: Sequence[str], default: int = 0) -> int | None:
        """Scripted: an index, the text (or a part) of an option, or None; unscripted: ``default``."""
        self._record(topic, "choose", title, text, options)
        value = self._answer(topic, default)
        if value is None or isinstance(value, int):
            return value if value is None or 0 <= value < len(options) else None
        return next((i for i, option in enumerate(options) if str(value) in option), None)

    def text(self, topic: str, title: str, label: str, default: str = "") -> str | None:
        self._record(topic, "text", title, label)
        value = self._answer(topic, None)
        return None if value is None else str(value)


class QtAsker:
    """Real dialogs, parented to the main window, with Vietnamese buttons."""

    def __init__(self, parent: Any = None) -> None:
        self.parent = parent

    def _box(self, title: str, text: str, details: Sequence[str], icon: Any) -> Any:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self.parent)
        if details:
            box.setInformativeText("\n".join(f"• {d}" for d in details))
        return box

    @staticmethod
    def _button(box: Any, role: Any, key: str) -> Any:
        return box.addButton(tr(key), role)

    def _choose(self, title: str, text: str, details: Sequence[str], icon: Any,
                buttons: Sequence[tuple[Any, str]]) -> int:
        """Show a box with ``buttons`` ((role, message key) …; the first is the default, the last
        answers Escape) and return the index of the one clicked (closing the box: the last)."""
        box = self._box(title, text, details, icon)
        made = [self._button(box, role, key) for role, key in buttons]
        box.setDefaultButton(made[0])
        box.setEscapeButton(made[-1])
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, button in enumerate(made) if button is clicked), len(made) - 1)

    def confirm(self, topic: str, title: str, text: str, details: Sequence[str] = ()) -> bool:
        from PySide6.QtWidgets import QMessageBox

        role = QMessageBox.ButtonRole
        buttons = [(role.YesRole, "ui.button.yes"), (role.NoRole, "ui.button.no")]
        return self._choose(title, text, details, QMessageBox.Icon.Question, buttons) == 0

    def save_discard_cancel(self, topic: str, title: str, text: str) -> str:
        from PySide6.QtWidgets import QMessageBox

        role = QMessageBox.ButtonRole
        buttons = [(role.AcceptRole, "ui.button.save"), (role.DestructiveRole, "ui.button.discard"),
                   (role.RejectRole, "ui.button.cancel")]
        return (SAVE, DISCARD, CANCEL)[self._choose(title, text, (), QMessageBox.Icon.Warning, buttons)]

    def retry(self, topic: str, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        role = QMessageBox.ButtonRole
        buttons = [(role.AcceptRole, "ui.button.retry"), (role.RejectRole, "ui.button.cancel")]
        return self._choose(title, text, (), QMessageBox.Icon.Warning, buttons) == 0

    def inform(self, topic: str, title: str, text: str, details: Sequence[str] = (), *, error: bool = False) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = self._box(title, text, details, QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information)
        ok = self._button(box, QMessageBox.ButtonRole.AcceptRole, "ui.button.ok")
        box.setDefaultButton(ok)
        box.exec()

    def write_failed(self, topic: str, title: str, text: str, *, can_retry: bool) -> str:
        from PySide6.QtWidgets import QMessageBox

        role = QMessageBox.ButtonRole
        buttons = [(role.AcceptRole, "ui.button.retry")] if can_retry else []
        buttons += [(role.ActionRole, "editor.button.elsewhere"), (role.RejectRole, "ui.button.cancel")]
        answers = ([RETRY] if can_retry else []) + [ELSEWHERE, CANCEL]
        return answers[self._choose(title, text, (), QMessageBox.Icon.Critical, buttons)]

    def _file_dialog(self, title: str, filters: str, start: Path | None, *, save: bool) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(self.parent, title, str(start or ""), filters)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        if save:  # the window asks about the name it really writes (the extension appended)
            dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
        for label, key in ((QFileDialog.DialogLabel.Accept, "ui.button.save" if save else "ui.button.open"),
                           (QFileDialog.DialogLabel.Reject, "ui.button.cancel"),
                           (QFileDialog.DialogLabel.FileName, "ui.file_dialog.name"),
                           (QFileDialog.DialogLabel.FileType, "ui.file_dialog.type"),
                           (QFileDialog.DialogLabel.LookIn, "ui.file_dialog.look_in")):
            dialog.setLabelText(label, tr(key))
        if save and start is not None:
            dialog.selectFile(str(start))
        if not self.run_file_dialog(dialog):
            return None
        chosen = dialog.selectedFiles()
        return Path(chosen[0]) if chosen else None

    @staticmethod
    def run_file_dialog(dialog: Any) -> bool:
        """Show a file dialog modally; True when accepted (a test answers it by a timer)."""
        return bool(dialog.exec())

    def open_path(self, topic: str, title: str, filters: str, start: Path | None = None) -> Path | None:
        return self._file_dialog(title, filters, start, save=False)

    def save_path(self, topic: str, title: str, filters: str, suggested: Path) -> Path | None:
        return self._file_dialog(title, filters, suggested, save=True)

    def folder(self, topic: str, title: str, start: Path | None = None) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(self.parent, title, str(start or ""))
        return Path(chosen) if chosen else None

    def secret(self, topic: str, title: str, label: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(tr("ui.button.ok"))
        dialog.setCancelButtonText(tr("ui.button.cancel"))
        return dialog.textValue() if dialog.exec() else None

    def table_size(self, topic: str, title: str, rows: int, columns: int) -> tuple[int, int] | None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox

        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        form = QFormLayout(dialog)
        boxes = []
        for key, value, most in (("tables.ui.rows", rows, 1000), ("tables.ui.columns", columns, 20)):
            box = QSpinBox(dialog)
            box.setRange(1, most)
            box.setValue(value)
            form.addRow(tr(key), box)
            boxes.append(box)
        buttons = QDialogButtonBox(dialog)
        buttons.addButton(tr("ui.button.ok"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("ui.button.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        return (boxes[0].value(), boxes[1].value()) if dialog.exec() else None

    def _input(self, title: str, label: str) -> Any:
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setOkButtonText(tr("ui.button.ok"))
        dialog.setCancelButtonText(tr("ui.button.cancel"))
        return dialog

    def choose(self, topic: str, title: str, text: str, options: Sequence[str], default: int = 0) -> int | None:
        dialog = self._input(title, text)
        dialog.setComboBoxItems(list(options))
        dialog.setComboBoxEditable(False)
        if 0 <= default < len(options):
            dialog.setTextValue(options[default])
        if not dialog.exec():
            return None
        chosen = dialog.textValue()
        return next((i for i, option in enumerate(options) if option == chosen), None)

    def text(self, topic: str, title: str, label: str, default: str = "") -> str | None:
        dialog = self._input(title, label)
        dialog.setTextValue(default)
        return dialog.textValue() if dialog.exec() else None
