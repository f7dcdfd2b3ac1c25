"""The outgoing register window (sổ đăng ký văn bản đi) and the editor's "Cấp số và ngày ban hành".

:class:`RegisterWindow` shows the register with the columns of NĐ 30 Phụ lục IV, filtered by
year or term, type, signer and text (marks optional); duplicated numbers and the number after
a gap are highlighted and summed up under the table. It exports (XLSX, .docx), imports an old
register, and cancels a number with a reason. :func:`install` adds the "Sổ đăng ký" menu to
the editor; :func:`issue_current` gives the draft in the editor its number and date, and
:func:`apply_read_only` keeps an issued draft read-only until its number is cancelled.
Every question goes through the window's asker.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import tr
from desktop.core.profile import RegisterSettings
from desktop.core.register.files import PHU_LUC_IV, export_register, export_row, import_file
from desktop.core.register.store import (
    CANCELLED,
    Entry,
    Query,
    RegisterError,
    RegisterStore,
    Report,
    number_ranges,
)
from desktop.core.rules import RuleSet, load_rule_set
from desktop.ui.askers import Asker

DUPLICATE_COLOUR = QColor("#f4c7c3")
GAP_COLOUR = QColor("#fce8b2")
CANCELLED_COLOUR = QColor("#80868b")
MAX_ROWS = 5000
TYPING_DELAY_MS = 200
TODAY_ENV = "VANBAN_TODAY"


def today() -> dt.date:
    """The issue date: today, or VANBAN_TODAY (a fixed clock for tests)."""
    text = os.environ.get(TODAY_ENV)
    return dt.date.fromisoformat(text) if text else dt.date.today()


def cycle_label(cycle: str) -> str:
    if cycle.startswith("term:"):
        return tr("register.ui.term", start=dt.date.fromisoformat(cycle[5:]))
    return tr("register.ui.year", year=cycle)


_ranges = number_ranges


class RegisterModel(QAbstractTableModel):
    """The register's rows for the table view: cells are made only when they are painted, so a
    page of 5,000 rows shows as fast as it is read."""

    HEADERS = (*(key for _name, key in PHU_LUC_IV), "register.ui.status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.duplicated: set[int] = set()
        self.after_gap: dict[tuple[str, str, int], list[int]] = {}
        self._values: dict[int, list[str]] = {}

    def set_entries(self, entries: list[Entry], report: Report) -> None:
        self.beginResetModel()
        self.entries = entries
        self.duplicated = {i for d in report.duplicates for i in d.entry_ids}
        self.after_gap = {(g.series, g.cycle, max(g.numbers) + 1): g.numbers for g in report.gaps}
        self._values = {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def _row_values(self, row: int) -> list[str]:
        if row not in self._values:
            entry = self.entries[row]
            self._values[row] = [str(v) for v in export_row(entry)] + [tr(f"register.status.{entry.status}")]
        return self._values[row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_values(index.row())[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        missing = self.after_gap.get((entry.series, entry.cycle, entry.number))
        if role == Qt.ItemDataRole.BackgroundRole:
            if entry.id in self.duplicated:
                return QBrush(DUPLICATE_COLOUR)
            return QBrush(GAP_COLOUR) if missing else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if entry.id in self.duplicated:
                return tr("register.ui.duplicate_tip", symbol=entry.symbol)
            return tr("register.ui.gap_tip", numbers=_ranges(missing)) if missing else None
        if role == Qt.ItemDataRole.ForegroundRole and entry.status == CANCELLED:
            return QBrush(CANCELLED_COLOUR)
        return None


class RegisterWindow(QWidget):
    """The register, one row per number, with filters and the clerk's register actions."""

    def __init__(self, store: RegisterStore, asker: Asker, rules: RuleSet, settings: RegisterSettings | None = None,
                 issuer: str = "", parent: QWidget | None = None,
                 on_new_term: Callable[[RegisterSettings], str | None] | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.asker, self.rules = store, asker, rules
        self.settings, self.issuer = settings, issuer
        self.on_new_term = on_new_term  # saves the profile's new term; returns an error message or None
        self.entries: list[Entry] = []
        self.closed = False
        self._report: tuple[str | None, Report] | None = None  # (cycle, its gaps and duplicates)
        self.setWindowTitle(tr("register.ui.title", where=store.location))

        self.cycle_box = QComboBox()
        self.type_box = QComboBox()
        self.type_box.addItem(tr("register.ui.all_types"), None)
        for key, doc_type in rules.doc_types.items():
            self.type_box.addItem(doc_type.label, key)
        self.signer_edit = QLineEdit()
        self.signer_edit.setPlaceholderText(tr("register.ui.signer"))
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(tr("register.ui.search"))
        filters = QHBoxLayout()
        for widget in (self.cycle_box, self.type_box, self.signer_edit, self.text_edit):
            filters.addWidget(widget)

        self.model = RegisterModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(tr("register.ui.reason"))
        self.cancel_button = QPushButton(tr("register.ui.cancel"))
        self.export_button = QPushButton(tr("register.ui.export"))
        self.import_button = QPushButton(tr("register.ui.import"))
        self.refresh_button = QPushButton(tr("register.ui.refresh"))
        actions = QHBoxLayout()
        for widget in (self.reason_edit, self.cancel_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        self.term_date = QDateEdit(QDate.currentDate())
        self.term_date.setCalendarPopup(True)
        self.term_date.setDisplayFormat("dd/MM/yyyy")
        self.term_date.setToolTip(tr("register.ui.term_start"))
        self.new_term_button = QPushButton(tr("register.ui.new_term"))
        if rules.raw["register"]["cycle"] == "term":  # Party: numbers run per cấp ủy term
            actions.addWidget(QLabel(tr("register.ui.term_start")))
            actions.addWidget(self.term_date)
            actions.addWidget(self.new_term_button)
        for widget in (self.import_button, self.export_button, self.refresh_button):
            actions.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(actions)

        self.cycle_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.type_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.typing_timer = QTimer(self)  # typing in a search box: one query once the clerk pauses
        self.typing_timer.setSingleShot(True)
        self.typing_timer.setInterval(TYPING_DELAY_MS)
        self.typing_timer.timeout.connect(self.refresh)
        self.signer_edit.textChanged.connect(lambda _t: self.typing_timer.start())
        self.text_edit.textChanged.connect(lambda _t: self.typing_timer.start())
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.export_button.clicked.connect(lambda: self.export())
        self.import_button.clicked.connect(lambda: self.import_old())
        self.refresh_button.clicked.connect(self.reload)
        self.new_term_button.clicked.connect(lambda: self.new_term())
        self.resize(1300, 700)
        self.reload()

    def closeEvent(self, event: Any) -> None:
        self.typing_timer.stop()
        self.closed = True
        self.store.close()  # a PostgreSQL connection is not kept for a closed window
        super().closeEvent(event)

    # --- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Fill the year/term list again (a new cycle may have appeared), then the rows."""
        current = self.cycle_box.currentData()
        self._report = None
        self.cycle_box.blockSignals(True)
        self.cycle_box.clear()
        self.cycle_box.addItem(tr("register.ui.all_cycles"), None)
        try:
            cycles = self.store.cycles()
        except RegisterError as exc:
            self.asker.inform("register_failed", tr("register.ui.title_short"), exc.message, error=True)
            cycles = []
        for cycle in reversed(cycles):
            self.cycle_box.addItem(cycle_label(cycle), cycle)
        index = self.cycle_box.findData(current) if current else (1 if cycles else 0)
        self.cycle_box.setCurrentIndex(max(index, 0))
        self.cycle_box.blockSignals(False)
        self.refresh()

    def query(self) -> Query:
        return Query(cycle=self.cycle_box.currentData(), doc_type=self.type_box.currentData(),
                     signer=self.signer_edit.text().strip() or None, text=self.text_edit.text().strip() or None,
                     limit=MAX_ROWS)

    def refresh(self) -> None:
        self.typing_timer.stop()
        if self.closed:
            return
        try:
            self.entries = self.store.entries(self.query())
            cycle = self.cycle_box.currentData()
            if self._report is None or self._report[0] != cycle:  # typing in a filter does not recount
                self._report = (cycle, self.store.report(cycle))
            report = self._report[1]
        except RegisterError as exc:
            self.asker.inform("register_failed", tr("register.ui.title_short"), exc.message, error=True)
            return
        self.model.set_entries(self.entries, report)
        parts = [tr("register.ui.count", count=len(self.entries))]
        parts += [tr("register.cli.gap", series=g.series, cycle=cycle_label(g.cycle), numbers=_ranges(g.numbers))
                  for g in report.gaps]
        parts += [tr("register.ui.duplicate", symbol=d.symbol, count=len(d.entry_ids)) for d in report.duplicates]
        self.summary.setText(" ".join(parts))

    def row_count(self) -> int:
        return self.model.rowCount()

    def cell(self, row: int, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        """What the table shows in one cell (tests and accessibility read it the same way)."""
        return self.model.data(self.model.index(row, column), role)

    def row_colour(self, row: int) -> QColor:
        brush = self.cell(row, 0, Qt.ItemDataRole.BackgroundRole)
        return brush.color() if brush is not None else QColor()

    def selected_entry(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    # --- actions ----------------------------------------------------------------------------
    def cancel_selected(self) -> bool:
        """Cancel the selected number with the reason typed beside the button (asked first)."""
        from desktop.core.register.issuing import cancel_number

        title = tr("register.ui.cancel")
        entry = self.selected_entry()
        if entry is None:
            self.asker.inform("register_cancel", title, tr("register.ui.pick_row"))
            return False
        reason = self.reason_edit.text().strip()
        if not reason:
            self.asker.inform("register_cancel", title, tr("register.cancel_needs_reason"), error=True)
            return False
        if not self.asker.confirm("register_cancel", title, tr("register.ui.cancel_confirm", symbol=entry.symbol,
                                                               reason=reason)):
            return False
        try:
            cancel_number(self.store, entry.id, reason)
        except RegisterError as exc:
            self.asker.inform("register_cancel", title, exc.message, error=True)
            return False
        self.reason_edit.clear()
        self._report = None
        self.refresh()
        return True

    def new_term(self, first_day: dt.date | None = None) -> bool:
        """Start a new cấp ủy term (Party): asked first, saved in the office profile."""
        from desktop.core.errors import VanBanError
        from desktop.core.register.numbering import start_new_term

        title = tr("register.ui.new_term")
        first_day = first_day or self.term_date.date().toPython()
        if self.on_new_term is None:
            self.asker.inform("register_new_term", title, tr("register.ui.no_profile"), error=True)
            return False
        try:
            settings = start_new_term(self.settings, first_day)
        except VanBanError as exc:
            self.asker.inform("register_new_term", title, exc.message, error=True)
            return False
        current = self.settings.term_start if self.settings and self.settings.term_start else "—"
        if not self.asker.confirm("register_new_term", title,
                                  tr("register.ui.new_term_confirm", start=first_day, current=current)):
            return False
        problem = self.on_new_term(settings)
        if problem:
            self.asker.inform("register_new_term", title, problem, error=True)
            return False
        self.settings = settings
        return True

    def export(self, target: Path | None = None) -> Path | None:
        title = tr("register.ui.export")
        cycle = self.cycle_box.currentData() or ""
        suggested = Path.home() / f"so-van-ban-di-{cycle.replace(':', '-') or 'tat-ca'}.xlsx"
        target = target or self.asker.save_path("register_export", title, tr("register.ui.export_filter"), suggested)
        if target is None:
            return None
        date_from = date_to = None
        if cycle.isdigit():
            date_from, date_to = f"{cycle}-01-01", f"{cycle}-12-31"
        try:
            path, count = export_register(self.store, target, date_from=date_from, date_to=date_to,
                                          issuer=self.issuer)
        except Exception as exc:  # locked file, full disk, lost server: said, never raised
            self.asker.inform("register_export", title, getattr(exc, "message", str(exc)), error=True)
            return None
        self.asker.inform("register_export", title, tr("register.cli.exported", count=count, path=path))
        return path

    def import_old(self, source: Path | None = None) -> bool:
        title = tr("register.ui.import")
        source = source or self.asker.open_path("register_import", title, tr("register.ui.import_filter"))
        if source is None:
            return False
        try:
            result = import_file(source, self.rules, self.settings, self.store)
        except Exception as exc:
            self.asker.inform("register_import", title, getattr(exc, "message", str(exc)), error=True)
            return False
        gaps = [tr("register.cli.gap", series=g.series, cycle=cycle_label(g.cycle), numbers=_ranges(g.numbers))
                for g in result.gaps]
        if not result.ok:
            details = [tr("register.ui.import_row", row=p.row, message=p.message) for p in result.errors] + gaps
            self.asker.inform("register_import", title, tr("register.cli.import_refused", count=len(result.errors)),
                              details, error=True)
            return False
        if not self.asker.confirm("register_import", title,
                                  tr("register.ui.import_confirm", count=len(result.entries)), gaps):
            return False
        try:
            self.store.import_entries(result.entries)
        except RegisterError as exc:
            self.asker.inform("register_import", title, exc.message, error=True)
            return False
        self.reload()
        return True


# --- the editor's side --------------------------------------------------------------------------


def _settings(window: Any) -> RegisterSettings | None:
    profile = getattr(window, "profile", None)
    return profile.register if profile is not None else None


def _open_store(window: Any) -> RegisterStore | None:
    from desktop.core.register import open_register

    try:
        return open_register(_settings(window), window.data_dir)
    except RegisterError as exc:
        window.asker.inform("register_failed", tr("register.ui.title_short"), exc.message, error=True)
        return None


def install(window: Any) -> None:
    """Add the "Sổ đăng ký" menu (issue the draft, open the register) to the editor."""
    menu = window.menuBar().addMenu(tr("register.ui.menu"))
    for key, slot, shortcut in (("register_issue", lambda: issue_current(window), "Ctrl+Shift+I"),
                                ("register_open", lambda: open_window(window), "Ctrl+Shift+R")):
        action = QAction(tr(f"register.ui.action.{key}"), window)
        action.setShortcut(shortcut)
        action.setStatusTip(tr(f"register.ui.tip.{key}"))
        action.triggered.connect(lambda _checked=False, s=slot: s())
        menu.addAction(action)
        window.actions[key] = action


def open_window(window: Any) -> RegisterWindow | None:
    previous = getattr(window, "register_window", None)
    if previous is not None and previous.isVisible():
        previous.close()
    store = _open_store(window)
    if store is None:
        return None
    profile = getattr(window, "profile", None)
    rules = load_rule_set(profile.rule_set if profile is not None else window.current_draft().rule_set)
    view = RegisterWindow(store, window.asker, rules, _settings(window), profile.issuer if profile else "", window,
                          on_new_term=(lambda s: _save_term(window, s)) if profile is not None else None)
    window.register_window = view
    view.show()
    return view


def _save_term(window: Any, settings: RegisterSettings) -> str | None:
    """Keep the new term in the office profile in use; an error message, or None."""
    from dataclasses import replace

    from desktop.core.errors import VanBanError
    from desktop.core.profile import save_profile

    profile = replace(window.profile, register=settings)
    try:
        if window.profile_path is not None:
            save_profile(profile, window.profile_path)
    except VanBanError as exc:
        return exc.message
    window.profile = profile
    return None


def issue_current(window: Any) -> bool:
    """"Cấp số và ngày ban hành": number and date from the register, the .docx, the row; the
    draft is saved and becomes read-only. The draft is saved first when it has changes."""
    from desktop.core.atomic import with_extension
    from desktop.core.register.issuing import issue_draft

    title = tr("register.ui.action.register_issue").replace("&", "")
    if (window.modified or window.path is None or not window.path.name.lower().endswith(".json")) \
            and not window.save():
        return False
    store = _open_store(window)
    if store is None:
        return False
    try:
        draft = window.current_draft()
        day = today()
        if not window.asker.confirm("register_issue", title, tr("register.ui.issue_confirm", date=day)):
            return False
        stem = window.path.with_name(window.path.name[:-5])
        target = window.asker.save_path("register_docx", title, tr("ui.filter.docx"), with_extension(stem, ".docx"))
        if target is None:
            return False
        target = with_extension(target, ".docx")
        result = issue_draft(store, draft, _settings(window), today=day, draft_path=window.path, docx_path=target)
    except RegisterError as exc:
        window.asker.inform("register_issue", title, exc.message, error=True)
        return False
    finally:
        store.close()
    window.set_draft(result.draft, modified=False)
    window.last_export = target
    window.status(tr("register.ui.issued", symbol=result.entry.symbol, date=day, path=target))
    return True


def apply_read_only(window: Any) -> None:
    """An issued draft (its number not cancelled) is shown read-only; others are editable."""
    draft = window.current_draft()
    read_only = False
    if draft.issued is not None:
        from desktop.core.register import open_register
        from desktop.core.register.issuing import is_read_only

        try:
            with open_register(_settings(window), window.data_dir) as store:
                read_only = is_read_only(store, draft)
        except RegisterError:
            read_only = True  # the register cannot be asked: an issued draft stays untouched
    window.form.setEnabled(not read_only)
    if "register_issue" in window.actions:
        window.actions["register_issue"].setEnabled(not read_only)
    if read_only:
        window.status(tr("register.ui.read_only", symbol=draft.issued.symbol))
