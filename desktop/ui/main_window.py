"""The main window: the form beside a live page preview, the validation and findings panels.

Every action is on a menu with a shortcut. Every question goes through the injected
asker. Long work (exact preview, PDF export, checking files) runs in worker threads.
The user data folder (settings, profiles, autosave) is injectable for tests.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QWidget,
)

from desktop.core.atomic import with_extension
from desktop.core.autosave import AutosaveStore
from desktop.core.errors import FileLockedError, VanBanError
from desktop.core.i18n import tr
from desktop.core.layout import layout_draft
from desktop.core.model import BODY_STYLES, Draft, load_draft, save_draft
from desktop.core.profile import Profile, apply_profile, list_profiles, load_profile, save_profile, save_profile_in
from desktop.core.rules import load_rule_set
from desktop.ui import register_window, sign_actions, workers
from desktop.ui.askers import CANCEL, ELSEWHERE, RETRY, SAVE, Asker, QtAsker
from desktop.ui.draft_form import STYLE_SHORTCUTS, DraftForm
from desktop.ui.findings_panel import FindingsPanel
from desktop.ui.fix_actions import FixActions
from desktop.ui.guards import os_reason, vet_draft, write_message
from desktop.ui.preview import PreviewPane
from desktop.ui.settings import Settings, default_data_dir
from desktop.ui.validation_panel import ValidationPanel

PREVIEW_DELAY_MS = 30
VALIDATE_DELAY_MS = 250
SNAPSHOT_DELAY_MS = 1000
"""A pause in typing this long ends one undo step (as Word does); so does a new paragraph."""
LOAD_ERRORS = (OSError, TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError, VanBanError)
"""What reading a malformed draft or document may raise before the strict loader lands: each is
said in Vietnamese at the window's edge, never a traceback, never a half-loaded form."""


class SnapshotCommand(QUndoCommand):
    """One step of form history: the draft before and after (JSON)."""

    def __init__(self, window: MainWindow, before: str, after: str) -> None:
        super().__init__(tr("ui.undo.edit"))
        self.window, self.before, self.after = window, before, after
        self.first = True

    def redo(self) -> None:
        if self.first:  # the change is already on screen
            self.first = False
            return
        self.window.apply_snapshot(self.after)

    def undo(self) -> None:
        self.window.apply_snapshot(self.before)


class UndoKeysToWindow(QObject):
    """Ctrl+Z / Ctrl+Y inside a form field undo the whole form, not just that field's text; Enter
    in a field closes the undo step typed so far, so one Ctrl+Z takes back one paragraph."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.window.commit_snapshot()  # the paragraph typed so far is one step; the break starts the next
            return False
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo) or (
            event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier)
        if not (undo or redo):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to this field as a key press: handled just below, once
        else:
            (self.window.undo if undo else self.window.redo)()
        return True


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path | None = None, asker: Asker | None = None) -> None:
        super().__init__()
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.asker: Asker = asker if asker is not None else QtAsker(self)
        self.settings = Settings.load(self.data_dir)
        self.autosave = AutosaveStore(self.data_dir)
        self.autosave.hold()  # the OS frees this lock if the editor dies: then its snapshot is recoverable
        self.profile_dir = self.data_dir / "profiles"
        self.profile: Profile | None = None
        self.profile_path: Path | None = None
        self.path: Path | None = None
        self.modified = False
        self.problems: list[Any] = []
        self.jobs = workers.JobRunner(self)
        self._exact_dir = tempfile.TemporaryDirectory(prefix="vanban-preview-")
        self.last_export: Path | None = None

        self.form = DraftForm()
        self.form.table_button.asker = self.asker  # the size of a new table, deleting one
        self.form.appendix_editor.asker = self.asker  # "Bỏ phụ lục?" asked as every other question
        self.form.approved_panel.asker = self.asker  # Mẫu 1.3: removing the approved text asks first
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setMinimumWidth(460)
        self.preview = PreviewPane()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.form_scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.validation = ValidationPanel()
        self.findings = FindingsPanel()
        self.fix_actions = FixActions(self.findings, self.asker)
        self.validation_dock = self._dock("validation", self.validation)
        self.findings_dock = self._dock("findings", self.findings)
        self.tabifyDockWidget(self.validation_dock, self.findings_dock)
        self.validation_dock.raise_()

        self.undo_stack = QUndoStack(self)
        self._snapshot = ""
        self._undo_keys = UndoKeysToWindow(self)
        for child in self.form.findChildren(QWidget):
            child.installEventFilter(self._undo_keys)

        self.preview_timer = self._timer(PREVIEW_DELAY_MS, self.update_preview)
        self.validate_timer = self._timer(VALIDATE_DELAY_MS, self.run_validation)
        self.snapshot_timer = self._timer(SNAPSHOT_DELAY_MS, self.commit_snapshot)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(max(self.settings.autosave_seconds, 5) * 1000)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setVisible(False)
        self.status_label = QLabel()
        self.profile_label = QLabel(tr("ui.profile.none"))
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.profile_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.jobs.busy_changed.connect(self._busy)

        self.actions: dict[str, QAction] = {}
        self._build_menus()
        self._connect()
        self.load_current_profile()
        self.form.set_draft(self.new_draft())
        self._reset_history()
        self.preview.set_zoom(self.settings.zoom)
        self.resize(1500, 940)
        self._restore_geometry()
        self.update_title()
        self.update_preview()
        self.run_validation()  # an empty form lists what is missing, never "no errors"

    # --- construction helpers -----------------------------------------------------------
    def _dock(self, key: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(tr(f"ui.dock.{key}"), self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _timer(self, msecs: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    def _action(self, menu, key: str, slot, shortcut: Any = None) -> QAction:
        action = QAction(tr(f"ui.action.{key}"), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tr(f"ui.tip.{key}"))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.actions[key] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("ui.menu.file"))
        self._action(file_menu, "new", self.new_document, QKeySequence.StandardKey.New)
        self._action(file_menu, "open", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(tr("ui.menu.recent"))
        self._action(file_menu, "save", self.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, "save_as", self.save_as, "Ctrl+Shift+S")
        file_menu.addSeparator()
        self._action(file_menu, "export_docx", self.export_docx, "Ctrl+E")
        self._action(file_menu, "export_pdf", self.export_pdf, "Ctrl+Shift+E")
        sign_actions.install(self, file_menu)  # Xuất PDF để ký, Ký số (issue #14)
        file_menu.addSeparator()
        self._action(file_menu, "check_file", self.check_dialog, "F5")
        self._action(file_menu, "check_folder", self.check_folder_dialog, "Shift+F5")
        file_menu.addSeparator()
        self._action(file_menu, "quit", self.close, "Ctrl+Q")

        edit = bar.addMenu(tr("ui.menu.edit"))
        self._action(edit, "undo", self.undo, QKeySequence.StandardKey.Undo)
        self._action(edit, "redo", self.redo, "Ctrl+Y")
        self.actions["redo"].setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit.addSeparator()
        self._action(edit, "next_problem", self.next_problem, "F8")
        edit.addSeparator()
        self.profile_menu = edit.addMenu(tr("ui.menu.profiles"))
        self.profile_group = QActionGroup(self)
        self.profile_group.setExclusive(True)
        self._action(edit, "profile", self.edit_profile, "Ctrl+Shift+P")
        self._action(edit, "new_profile", self.new_profile)

        fmt = bar.addMenu(tr("ui.menu.format"))
        self._action(fmt, "bold", lambda: self.form.active_body().toggle_bold(), QKeySequence.StandardKey.Bold)
        self._action(fmt, "italic", lambda: self.form.active_body().toggle_italic(), QKeySequence.StandardKey.Italic)
        fmt.addSeparator()
        for style in BODY_STYLES:
            action = QAction(tr(f"ui.style.{style}"), self)
            action.setShortcut(QKeySequence(STYLE_SHORTCUTS[style]))
            action.triggered.connect(lambda _c=False, s=style: self.form.apply_style(s))
            fmt.addAction(action)
            self.actions[f"style_{style}"] = action

        view = bar.addMenu(tr("ui.menu.view"))
        self._action(view, "zoom_in", lambda: self.preview.zoom_step(+1), QKeySequence.StandardKey.ZoomIn)
        self._action(view, "zoom_out", lambda: self.preview.zoom_step(-1), QKeySequence.StandardKey.ZoomOut)
        self._action(view, "prev_page", lambda: self.preview.go_page(-1), "Ctrl+PgUp")
        self._action(view, "next_page", lambda: self.preview.go_page(+1), "Ctrl+PgDown")
        self._action(view, "exact_preview", self.exact_preview, "F6")
        view.addSeparator()
        view.addAction(self.validation_dock.toggleViewAction())
        view.addAction(self.findings_dock.toggleViewAction())

        register_window.install(self)  # "Sổ đăng ký": issue the draft, open the register
        help_menu = bar.addMenu(tr("ui.menu.help"))
        self._action(help_menu, "about", self.about, QKeySequence.StandardKey.HelpContents)
        self.update_recent_menu()
        self.update_office_actions()

    def _connect(self) -> None:
        self.form.changed.connect(self.on_form_changed)
        self.form.signer_chosen.connect(self.choose_signer)
        self.form.recipient_list_chosen.connect(self.choose_recipient_list)
        self.form.attachment_edit_requested.connect(self.edit_attachment)
        self.form.attachment_remove_requested.connect(self.remove_attachment)
        self.validation.problem_activated.connect(self.focus_field)
        self.preview.field_clicked.connect(self.focus_field)
        self.preview.exact_requested.connect(self.exact_preview)
        self.findings.import_requested.connect(self.import_docx)

    def update_office_actions(self) -> None:
        from desktop.core import pdf_export
        from desktop.core.office import find_soffice

        has_office = find_soffice() is not None
        for key in ("export_pdf", "exact_preview"):
            self.actions[key].setEnabled(has_office)
            if not has_office:
                self.actions[key].setStatusTip(tr("office.missing"))
        if not has_office and pdf_export.word_installed():  # PDF through Word (desktop/core/pdf_export.py)
            self.actions["export_pdf"].setEnabled(True)
            self.actions["export_pdf"].setStatusTip("")
        self.preview.exact_button.setEnabled(has_office)
        if not has_office:
            self.preview.exact_button.setToolTip(tr("office.missing"))

    def _restore_geometry(self) -> None:
        from PySide6.QtCore import QByteArray

        if self.settings.geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.geometry.encode()))
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode()))

    # --- start-up -------------------------------------------------------------------------
    def start(self, path: Path | None = None) -> None:
        """After the window shows: recover a crashed session, ask for a profile once, open a file."""
        self.offer_recovery()
        if self.profile is None and not self.settings.profile_asked:
            self.settings.profile_asked = True
            self.save_settings()
            if self.asker.confirm("first_profile", tr("ui.profile.first_title"), tr("ui.profile.first_text")):
                self.edit_profile()
        if path is not None:
            self.open_path(Path(path))

    def offer_recovery(self) -> bool:
        snapshots = self.autosave.recoverable()
        if not snapshots:
            return False
        newest = snapshots[0]
        details = [tr("ui.recover.item", saved_at=s.saved_time(),
                      source=s.source or tr("ui.untitled")) for s in snapshots]
        recovered = False
        if self.asker.confirm("recover", tr("ui.recover.title"), tr("ui.recover.text", count=len(snapshots)), details):
            try:
                draft = vet_draft(newest.load(), str(newest.path))
            except LOAD_ERRORS:
                self.asker.inform("recover_failed", tr("ui.recover.title"), tr("ui.recover.failed"), error=True)
            else:
                self.path = Path(newest.source) if newest.source else None
                self.set_draft(draft, modified=True)
                self.autosave_now()
                recovered = True
        for snap in snapshots:
            self.autosave.discard(snap.session)
        return recovered

    # --- profile --------------------------------------------------------------------------
    def load_current_profile(self) -> None:
        """The profile chosen last time (settings), else the first one in the profiles folder."""
        files = list_profiles(self.profile_dir)
        chosen = [p for p in files if p.name == self.settings.current_profile]
        for path in chosen + [p for p in files if p not in chosen]:
            try:
                self.set_profile(load_profile(path), path)
                break
            except VanBanError as exc:
                self.status(exc.message)
        self.update_profile_menu()

    def set_profile(self, profile: Profile, path: Path | None) -> None:
        self.profile, self.profile_path = profile, path
        self.form.set_profile_choices(
            [f"{s.name} — {s.position}" if s.position else s.name for s in profile.signers],
            [r.name for r in profile.recipient_lists])
        self.profile_label.setText(tr("ui.profile.in_use", name=profile.name or profile.issuer))

    def update_profile_menu(self) -> None:
        """Every profile in the folder, the one in use ticked; one click switches."""
        self.profile_menu.clear()
        for action in self.profile_group.actions():
            self.profile_group.removeAction(action)
        files = list_profiles(self.profile_dir)
        for path in files:
            action = self.profile_menu.addAction(path.stem)
            try:
                action.setText(load_profile(path).name or path.stem)
            except VanBanError as exc:
                action.setEnabled(False)
                action.setStatusTip(exc.message)
            action.setCheckable(True)
            action.setChecked(path == self.profile_path)
            self.profile_group.addAction(action)
            action.triggered.connect(lambda _c=False, p=path: self.switch_profile(p))
        self.profile_menu.setEnabled(bool(files))

    def switch_profile(self, path: Path) -> None:
        """Use another office's profile: new drafts and the signer and recipient lists come from it;
        an untouched new draft is started again from it, a draft being written keeps its text."""
        try:
            profile = load_profile(path)
        except VanBanError as exc:
            self.asker.inform("profile_failed", tr("ui.profile.title"), exc.message, error=True)
            self.update_profile_menu()
            return
        self.set_profile(profile, path)
        self.settings.current_profile = path.name
        self.save_settings()
        self.update_profile_menu()
        if not self.modified and self.path is None:
            self.set_draft(self.new_draft(self.form.draft().doc_type), modified=False)
        self.status(tr("ui.profile.switched", name=profile.name or profile.issuer))

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog (tests replace this to answer without a modal loop)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def edit_profile(self) -> None:
        """Edit the profile in use (or write the first one)."""
        self._profile_dialog(self.profile, self.profile_path)

    def new_profile(self) -> None:
        """Add another office's profile (a commune clerk drafts for the Đảng ủy and the UBND)."""
        self._profile_dialog(None, None)

    def _profile_dialog(self, profile: Profile | None, path: Path | None) -> None:
        from desktop.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(profile or Profile(rule_set=self.form.draft().rule_set), self.asker, self)
        if not self.run_dialog(dialog):
            return
        edited = dialog.profile()
        try:
            if path is not None:
                save_profile(edited, path)
            else:
                path = save_profile_in(edited, self.profile_dir, keep_others=True)
        except VanBanError as exc:
            self.asker.inform("profile_failed", tr("ui.profile.title"), exc.message, error=True)
            return
        self.switch_profile(path)

    def choose_signer(self, index: int) -> None:
        if self.profile is None:
            return
        filled = apply_profile(self.form.draft(), self.profile, signer_index=index)
        self.set_draft(replace(self.form.draft(), signature=filled.signature), modified=True, keep_history=True)

    def choose_recipient_list(self, index: int) -> None:
        if self.profile is None:
            return
        filled = apply_profile(self.form.draft(), self.profile, recipient_list=index)
        self.set_draft(replace(self.form.draft(), recipients=filled.recipients), modified=True, keep_history=True)

    # --- attached documents ---------------------------------------------------------------
    def edit_attachment(self, index: int) -> None:
        """Write attached document ``index`` (-1: a new one) in its own form; OK puts it back."""
        from desktop.ui.attachment_dialog import AttachmentDialog

        main = self.form.draft()
        attachments = list(main.attachments)
        if index < 0:
            attachment, number = self.new_attachment(main), len(attachments) + 1
        else:
            attachment, number = attachments[index], index + 1
        dialog = AttachmentDialog(attachment, number, self)
        if not self.run_dialog(dialog):
            return
        if index < 0:
            attachments.append(dialog.draft())
        else:
            attachments[index] = dialog.draft()
        self.form.set_attachments(attachments, current=number - 1)

    def new_attachment(self, main: Draft) -> Draft:
        """A new attached document: the main one's system, issuing body, place, date, signer and
        recipients to start from, a Thông báo (the usual attachment of a công văn) when the system
        has one."""
        doc_type = "thong_bao" if "thong_bao" in load_rule_set(main.rule_set).doc_types else main.doc_type
        return Draft(rule_set=main.rule_set, doc_type=doc_type, superior=main.superior, issuer=main.issuer,
                     agency_code=main.agency_code, unit_code=main.unit_code, place=main.place, date=main.date,
                     signature=replace(main.signature), recipients=copy.deepcopy(main.recipients))

    def remove_attachment(self, index: int) -> None:
        attachments = list(self.form.draft().attachments)
        if not 0 <= index < len(attachments):
            return
        summary = attachments[index].summary.strip().split("\n")[0] or tr("ui.attachments.no_summary")
        if not self.asker.confirm("remove_attachment", tr("ui.attachments.remove_title"),
                                  tr("ui.attachments.remove_text", n=index + 1, summary=summary)):
            return
        del attachments[index]
        self.form.set_attachments(attachments)

    # --- draft state ----------------------------------------------------------------------
    def new_draft(self, doc_type: str | None = None) -> Draft:
        draft = Draft()
        if self.profile is not None:
            draft = apply_profile(draft, self.profile)
        if doc_type:
            draft.doc_type = doc_type
        return draft

    def current_draft(self) -> Draft:
        return self.form.draft()

    def set_draft(self, draft: Draft, *, modified: bool, keep_history: bool = False) -> None:
        self.form.set_draft(draft)
        if keep_history:
            self.commit_snapshot()
        else:
            self._reset_history()
        self.modified = modified
        self.update_title()
        self.update_preview()
        self.run_validation()
        register_window.apply_read_only(self)  # an issued draft stays read-only until its number is cancelled

    def _reset_history(self) -> None:
        self.undo_stack.clear()
        self._snapshot = self.form.draft().to_json()

    def on_form_changed(self) -> None:
        if self.preview.exact_mode:  # "as printed" pages are a snapshot: back to the live page
            self.preview.leave_exact()
        self.modified = True
        self.update_title()
        self.preview_timer.start()
        self.validate_timer.start()
        self.snapshot_timer.start()

    def commit_snapshot(self) -> None:
        """Record the form's state as one undo step (typing bursts merge into one step)."""
        self.snapshot_timer.stop()
        now = self.form.draft().to_json()
        if now != self._snapshot:
            self.undo_stack.push(SnapshotCommand(self, self._snapshot, now))
            self._snapshot = now

    def apply_snapshot(self, snapshot: str) -> None:
        focused = self.focusWidget()
        self.form.set_draft(Draft.from_dict(json.loads(snapshot)))
        self._snapshot = snapshot
        self.modified = True
        self.update_title()
        self.update_preview()
        self.validate_timer.start()
        if focused is not None:
            focused.setFocus()

    def undo(self) -> None:
        self.commit_snapshot()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.commit_snapshot()
        self.undo_stack.redo()

    def update_title(self) -> None:
        name = self.path.name if self.path else tr("ui.untitled")
        self.setWindowTitle(tr("ui.title", name=name, mark="*" if self.modified else ""))

    def status(self, text: str) -> None:
        self.status_label.setText(text)

    # --- preview and validation -------------------------------------------------------------
    def update_preview(self) -> None:
        self.preview_timer.stop()
        draft = self.form.draft()
        try:
            model = layout_draft(draft)
        except (KeyError, ValueError):
            return
        self.preview.set_layout(model)

    def run_validation(self) -> list[Any]:
        from desktop.core.schema import validate_draft

        self.validate_timer.stop()
        self.problems = validate_draft(self.form.draft())
        self.validation.set_problems(self.problems)
        return self.problems

    def focus_field(self, field_path: str) -> QWidget | None:
        return self.form.focus_field(field_path)

    def next_problem(self) -> None:
        problems = self.validation.problems or self.run_validation()
        if problems:
            self.validation_dock.raise_()
            self.focus_field(problems[0].field)

    # --- files ----------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when the current draft may be replaced (saved, discarded, or unchanged)."""
        if not self.modified:
            return True
        answer = self.asker.save_discard_cancel("unsaved", tr("ui.unsaved.title"),
                                                tr("ui.unsaved.text", name=self.path.name if self.path else
                                                   tr("ui.untitled")))
        if answer == CANCEL:
            return False
        if answer == SAVE:
            return self.save()
        return True

    def new_document(self) -> None:
        if not self.confirm_discard():
            return
        self.path = None
        self.set_draft(self.new_draft(self.form.draft().doc_type), modified=False)
        self.autosave.discard()

    def open_dialog(self) -> None:
        path = self.asker.open_path("open", tr("ui.action.open"), tr("ui.filter.open"), self._start_dir())
        if path is not None:
            self.open_path(path)

    def _start_dir(self) -> Path:
        return Path(self.settings.last_dir) if self.settings.last_dir else Path.home()

    def open_path(self, path: Path) -> bool:
        """Open a draft (.json), or check a document (.docx/.doc/.odt) and offer to import it."""
        if path.suffix.lower() in workers.CHECKABLE:
            self.check_path(path, offer_import=True)
            return True
        if not self._load_into_form(lambda: load_draft(path), "open_failed", tr("ui.action.open"), path):
            return False
        self.remember(path)
        self.status(tr("ui.status.opened", path=str(path)))
        return True

    def remember(self, path: Path) -> None:
        self.settings.add_recent(path)
        self.save_settings()
        self.update_recent_menu()

    def update_recent_menu(self) -> None:
        self.recent_menu.clear()
        for index, name in enumerate(self.settings.recent_files):
            action = self.recent_menu.addAction(f"&{index + 1}  {name}")
            action.triggered.connect(lambda _c=False, p=name: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    def save(self) -> bool:
        """Ctrl+S: the draft's own file (a read-only one asks first), else Save as."""
        if self.path is None or not self.path.name.lower().endswith(".json"):
            return self.save_as()
        if not self.may_replace(self.path, tr("ui.action.save"), named=False):
            return False
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """Save as: ".json" appended to the name typed (never replacing what follows a dot in it);
        the replace question is about the name really written."""
        suggested = self._start_dir() / ((self.path.stem if self.path else tr("ui.default_file")) + ".json")
        while True:
            path = self.asker.save_path("save_as", tr("ui.action.save_as"), tr("ui.filter.draft"), suggested)
            if path is None:
                return False
            path = with_extension(path, ".json")
            if self.may_replace(path, tr("ui.action.save_as"), named=True):
                return self.save_to(path)
            suggested = path

    def may_replace(self, path: Path, title: str, *, named: bool) -> bool:
        """Whether ``path`` (the final name) may be written: a read-only file asks its own question;
        an existing file ``named`` in a dialog asks before it is replaced."""
        try:
            info = path.stat()
        except OSError:
            return True  # nothing there (or unreadable: the write itself will say why)
        if path.is_dir():
            return True  # the write fails and says so
        folder = str(path.parent)
        if not info.st_mode & 0o222:
            return self.asker.confirm("overwrite_readonly", title,
                                      tr("editor.overwrite.readonly", name=path.name, folder=folder))
        if named:
            return self.asker.confirm("overwrite", title, tr("editor.overwrite.text", name=path.name, folder=folder))
        return True

    def _write(self, write: Callable[[], object], path: Path, action: str, title: str) -> str:
        """Run ``write``. On failure the clerk is told why in Vietnamese and chooses: another place
        (ELSEWHERE), again (RETRY, for a file open in Word) or CANCEL. Returns "ok", ELSEWHERE or
        CANCEL; nothing is closed or lost either way."""
        while True:
            try:
                write()
                return "ok"
            except FileLockedError as exc:
                topic, message, can_retry = f"{action}_locked", exc.message, True
            except VanBanError as exc:
                topic, message, can_retry = f"{action}_failed", write_message(exc), False
            except OSError as exc:  # disk full, a dropped share: said, never a traceback
                topic, can_retry = f"{action}_failed", False
                message = tr("file.write_failed", path=str(path), reason=os_reason(exc))
            self.status(message)
            answer = self.asker.write_failed(topic, title, message, can_retry=can_retry)
            if answer != RETRY:
                return ELSEWHERE if answer == ELSEWHERE else CANCEL

    def save_to(self, path: Path) -> bool:
        """Write the draft to ``path``; a failure offers another place (Save as). True once saved."""
        draft = self.form.draft()
        outcome = self._write(lambda: save_draft(draft, path), path, "save", tr("ui.action.save"))
        if outcome == ELSEWHERE:
            return self.save_as()
        if outcome != "ok":
            return False
        self.path = path
        self.modified = False
        self.update_title()
        self.remember(path)
        self.autosave.discard()
        self.status(tr("ui.status.saved", path=str(path)))
        return True

    # --- export ---------------------------------------------------------------------------
    def export_blockers(self, draft: Draft) -> list[Any]:
        """Errors that forbid an export (warnings do not): the asker lists them with their fixes."""
        from desktop.core.schema import validate_draft

        self.problems = validate_draft(draft)
        self.validation.set_problems(self.problems)
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            details = [tr("ui.export.error_item", label=p.label, message=p.message, fix=p.fix) for p in errors]
            self.asker.inform("export_errors", tr("ui.export.title"), tr("ui.export.has_errors", count=len(errors)),
                              details, error=True)
            self.validation_dock.raise_()
            self.focus_field(errors[0].field)
        return errors

    def _export_target(self, topic: str, suffix: str, target: Path | None) -> Path | None:
        """Where to export: ``target`` when given, else the name typed in the dialog with ".suffix"
        appended (never replacing what follows a dot); the replace questions are about that name."""
        title = tr(f"ui.action.{topic}")
        if target is not None:
            return target if self.may_replace(target, title, named=False) else None
        stem = self.path.stem if self.path else tr("ui.default_file")
        suggested = (self.last_export.parent if self.last_export else self._start_dir()) / f"{stem}.{suffix}"
        while True:
            chosen = self.asker.save_path(topic, title, tr(f"ui.filter.{suffix}"), suggested)
            if chosen is None:
                return None
            chosen = with_extension(chosen, f".{suffix}")
            if self.may_replace(chosen, title, named=True):
                return chosen
            suggested = chosen

    def export_docx(self, target: Path | None = None) -> Path | None:
        """Ctrl+E: the official .docx (atomic); a file open in Word offers a retry, any failed
        write another place."""
        from desktop.core import render

        draft = self.form.draft()
        if self.export_blockers(draft):
            return None
        while True:
            chosen = self._export_target("export_docx", "docx", target)
            if chosen is None:
                return None
            outcome = self._write(lambda c=chosen: render.render_to_file(draft, c), chosen, "export",
                                  tr("ui.export.title"))
            if outcome == "ok":
                break
            if outcome != ELSEWHERE:
                return None
            target = None
        self.last_export = chosen
        self.status(tr("ui.status.exported", path=str(chosen)))
        return chosen

    def export_pdf(self, target: Path | None = None) -> None:
        draft = self.form.draft()
        if self.export_blockers(draft):
            return
        target = self._export_target("export_pdf", "pdf", target)
        if target is None:
            return
        self.status(tr("ui.status.exporting_pdf"))
        self.jobs.start(workers.export_pdf, draft, target,
                        on_done=self._pdf_done, on_failed=self._pdf_failed, on_progress=self._progress)

    def _pdf_done(self, path: Path) -> None:
        self.last_export = Path(path)
        self.status(tr("ui.status.exported", path=str(path)))

    def _pdf_failed(self, message: str) -> None:
        """The PDF was not written: say why and offer another place (the form is untouched)."""
        self.status(message)
        if self.asker.write_failed("export_failed", tr("ui.export.title"), message, can_retry=False) == ELSEWHERE:
            self.export_pdf()

    def exact_preview(self) -> None:
        """'As printed': LibreOffice renders the real .docx; shown when the worker is done."""
        self.preview.exact_button.setChecked(True)
        self.status(tr("ui.status.exact_running"))
        out_dir = Path(tempfile.mkdtemp(dir=self._exact_dir.name))
        self.jobs.start(workers.exact_pages, self.form.draft(), out_dir, self.preview.exact_dpi(),
                        on_done=self._exact_done, on_failed=self._exact_failed, on_progress=self._progress)

    def _exact_done(self, pngs: list[Path]) -> None:
        self.preview.show_exact(pngs)
        self.status(tr("ui.status.exact_done", count=len(pngs)))

    def _exact_failed(self, message: str) -> None:
        self.preview.leave_exact()
        self._job_failed("exact_failed", "ui.action.exact_preview")(message)

    def _job_failed(self, topic: str, title_key: str):
        def show(message: str) -> None:
            self.status("")
            self.asker.inform(topic, tr(title_key), message, error=True)
        return show

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)

    # --- checking .docx files -----------------------------------------------------------------
    def check_dialog(self) -> None:
        path = self.asker.open_path("check_file", tr("ui.action.check_file"), tr("ui.filter.check"),
                                    self._start_dir())
        if path is not None:
            self.check_path(path, offer_import=False)

    def check_path(self, path: Path, *, offer_import: bool) -> None:
        self.status(tr("ui.status.checking", path=str(path)))
        self.jobs.start(workers.check_one, path,
                        on_done=lambda report: self._checked([report], offer_import),
                        on_failed=self._job_failed("check_failed", "ui.action.check_file"),
                        on_progress=self._progress)

    def check_folder_dialog(self) -> None:
        folder = self.asker.folder("check_folder", tr("ui.action.check_folder"), self._start_dir())
        if folder is None:
            return
        self.status(tr("ui.status.checking", path=str(folder)))
        self.jobs.start(workers.check_folder, folder, on_done=lambda reports: self._checked(reports, False),
                        on_failed=self._job_failed("check_failed", "ui.action.check_folder"),
                        on_progress=self._progress)

    def _checked(self, reports: list[Any], offer_import: bool) -> None:
        if not reports:
            self.status(tr("ui.status.nothing_to_check"))
            return
        self.findings.show_reports(reports)
        self.findings_dock.raise_()
        self.status(self.findings.title.text())
        report = reports[0]
        if offer_import and len(reports) == 1 and report.readable and self.asker.confirm(
                "offer_import", tr("ui.findings.import"), tr("ui.findings.offer_import", file=Path(report.file).name)):
            self.import_docx(Path(report.file))

    def _load_into_form(self, load: Callable[[], Draft], failure: str, title: str, path: Path | None,
                        source: Path | None = None) -> bool:
        """Read a draft with ``load`` and vet it whole, then (once the clerk agreed to leave unsaved
        changes) put it in the form. ``path`` is the draft's own file (None for an import: a new,
        unsaved draft); ``source`` names the file in messages. A malformed draft is said in
        Vietnamese and leaves the form, preview, path and title as they were."""
        name = str(path or source or "")
        try:
            draft = vet_draft(load(), name)
        except LOAD_ERRORS as exc:
            self.asker.inform(failure, title, self._load_message(exc, name), error=True)
            return False
        return self._show_loaded(draft, path, failure, title)

    @staticmethod
    def _load_message(exc: BaseException, name: str) -> str:
        """One Vietnamese sentence naming the file and what is wrong with it."""
        if isinstance(exc, VanBanError):
            message = exc.message
            if name and Path(name).name not in message:
                message = tr("editor.open.failed_in", path=name, reason=message)
            return message
        if isinstance(exc, OSError):
            return tr("editor.open.os_failed", path=name, reason=os_reason(exc))
        if isinstance(exc, RecursionError):
            return tr("editor.open.too_deep", path=name)
        return tr("editor.open.bad_draft", path=name, reason=type(exc).__name__)

    def _show_loaded(self, draft: Draft, path: Path | None, failure: str, title: str) -> bool:
        """Put a vetted draft in the form; should the form still refuse it, everything goes back."""
        if not self.confirm_discard():
            return False
        before, before_path, before_modified = self.form.draft(), self.path, self.modified
        try:
            self.path = path
            self.set_draft(draft, modified=path is None)
        except LOAD_ERRORS as exc:
            self.path, self.modified = before_path, before_modified
            self.form.set_draft(before)
            self.snapshot_timer.stop()
            self.update_title()
            self.update_preview()
            self.run_validation()
            self.asker.inform(failure, title, self._load_message(exc, str(path or "")), error=True)
            return False
        return True

    def import_docx(self, path: Path) -> None:
        """'Nhập vào biểu mẫu': read a .docx into the form (a new, unsaved draft) in a worker
        thread, the progress bar busy and the window answering; the form changes when it is done."""
        self.status(tr("editor.status.importing", path=str(path)))
        self.jobs.start(workers.import_one, Path(path), on_done=lambda loaded: self._imported(loaded, Path(path)),
                        on_failed=self._job_failed("import_failed", "ui.findings.import"),
                        on_progress=self._progress)

    def _imported(self, loaded: workers.LoadedDraft, path: Path) -> None:
        """Show an import read, vetted, laid out and validated by the worker: the form now, the
        page and the problem list on the next turns of the event loop (each step short)."""
        if not self.confirm_discard():
            return
        before, before_path, before_modified = self.form.draft(), self.path, self.modified
        try:
            self.form.set_draft(loaded.draft)
        except LOAD_ERRORS as exc:
            self.form.set_draft(before)
            self.path, self.modified = before_path, before_modified
            self.snapshot_timer.stop()
            self.asker.inform("import_failed", tr("ui.findings.import"), self._load_message(exc, str(path)),
                              error=True)
            return
        self.path = None
        self.modified = True
        self.undo_stack.clear()
        self.update_title()
        self.preview_timer.stop()
        self.validate_timer.stop()
        self.snapshot_timer.stop()

        self._snapshot = loaded.snapshot

        def show_page() -> None:
            if self.preview.exact_mode:
                self.preview.leave_exact()
            self.preview.set_layout(loaded.layout)
            QTimer.singleShot(0, show_problems)

        def show_problems() -> None:
            self.problems = loaded.problems
            self.validation.set_problems(self.problems)
            self.status(tr("ui.status.imported", path=str(path)))

        QTimer.singleShot(0, show_page)

    # --- autosave, settings, closing ----------------------------------------------------------
    def autosave_now(self) -> Path | None:
        """Keep a snapshot of unsaved edits; a failure (disk full, a dropped share) is said in the
        status bar and never raised: the edits stay in the form."""
        if not self.modified:
            return None
        try:
            return self.autosave.save(self.form.draft(), self.path)
        except VanBanError as exc:
            self.status(tr("editor.autosave.failed", reason=write_message(exc)))
        except OSError as exc:
            reason = tr("file.write_failed", path=str(self.autosave.path_for(self.autosave.session)),
                        reason=os_reason(exc))
            self.status(tr("editor.autosave.failed", reason=reason))
        return None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.settings.window_state and not getattr(self, "_docks_sized", False):
            self._docks_sized = True
            QTimer.singleShot(0, lambda: self.resizeDocks([self.validation_dock], [130], Qt.Orientation.Vertical))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.autosave_now()
        super().changeEvent(event)

    def save_settings(self) -> None:
        """Keep the settings; a failure (disk full) is said in the status bar, never raised."""
        try:
            self.settings.save(self.data_dir)
        except VanBanError as exc:
            self.status(exc.message)
        except OSError as exc:
            self.status(tr("file.write_failed", path=str(self.data_dir), reason=os_reason(exc)))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self.settings.zoom = self.preview.canvas.zoom
        self.settings.geometry = bytes(self.saveGeometry().toBase64()).decode()
        self.settings.window_state = bytes(self.saveState().toBase64()).decode()
        self.save_settings()
        self.autosave.close()
        self.autosave_timer.stop()
        self.jobs.wait(30000)
        self._exact_dir.cleanup()
        event.accept()

    def about(self) -> None:
        from desktop import __version__

        self.asker.inform("about", tr("ui.action.about"), tr("ui.about.text", version=__version__))
