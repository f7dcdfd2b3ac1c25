"""The outgoing register window (sổ đăng ký văn bản đi) and the editor's "Cấp số và ngày ban hành".

:class:`RegisterWindow` shows the register with the columns of NĐ 30 Phụ lục IV, filtered by
year or term, type, signer and text (marks optional); duplicated numbers and the number after
a gap are highlighted and summed up under the table. The rows are read lazily, a page at a
time as the table scrolls (:class:`RegisterModel`), so a register of 100,000 rows opens as fast
as one of 100. It exports (XLSX, .docx), imports an old register, filters by status and cancels a
number — a reserved one too — with a reason. :func:`install` adds the "Sổ đăng ký" menu to
the editor; :func:`issue_current` gives the draft in the editor its number and date (from the
series the clerk chooses where the draft may take more than one, or a number reserved earlier),
and :func:`apply_read_only` keeps an issued draft read-only until its number is cancelled.
Every question goes through the window's asker.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

from desktop.core.errors import VanBanError
from desktop.core.i18n import tr
from desktop.core.profile import RegisterSettings
from desktop.core.register.choices import series_label
from desktop.core.register.files import PHU_LUC_IV, export_register, export_row, import_file
from desktop.core.register.store import (
    CANCELLED,
    ISSUED,
    RESERVED,
    Entry,
    Query,
    RegisterError,
    RegisterStore,
    Report,
    number_ranges,
)
from desktop.core.rules import RuleSet, load_rule_set
from desktop.ui.askers import Asker

if TYPE_CHECKING:
    from desktop.core.register.issuing import IssueOptions

DUPLICATE_COLOUR = QColor("#f4c7c3")
GAP_COLOUR = QColor("#fce8b2")
CANCELLED_COLOUR = QColor("#80868b")
DUPLICATE_BRUSH, GAP_BRUSH, CANCELLED_BRUSH = QBrush(DUPLICATE_COLOUR), QBrush(GAP_COLOUR), QBrush(CANCELLED_COLOUR)
PAGE_ROWS = 200  # rows read from the store at a time, as the view scrolls
KEPT_PAGES = 25  # pages kept in memory (5,000 rows); older ones are read again when needed
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
    """The register's rows for the table view, read lazily: the model knows how many rows the
    filter matches (one COUNT) and reads them from the store a page at a time, when the view
    paints them (a scroll to row 60,000 reads that page only). Cells are made when painted;
    a few pages are kept, the others read again if the clerk scrolls back."""

    HEADERS = (*(key for _name, key in PHU_LUC_IV), "register.ui.status")

    def __init__(self, parent: QWidget | None = None, on_error: Callable[[RegisterError], None] | None = None) -> None:
        super().__init__(parent)
        self.store: RegisterStore | None = None
        self.query = Query(limit=None)
        self.total = 0
        self.duplicated: set[int] = set()
        self.after_gap: dict[tuple[str, str, int], list[int]] = {}
        self.on_error = on_error  # a page could not be read (lost server): told once, after the paint
        self._pages: dict[int, list[Entry]] = {}
        self._values: dict[int, tuple[list[str], Any, Any, str | None, int]] = {}  # rows as painted
        self._failed = False
        self.pages_read = 0  # how many pages came from the store since the last reset

    def set_query(self, store: RegisterStore, query: Query, report: Report | None) -> bool:
        """Show the rows of ``query``: its first page now, the others when painted. True when
        that page holds every row; otherwise the model shows that page until :meth:`count_rest`
        counts the rest (after the first paint). ``report`` None: highlights come with
        :meth:`set_report`. Raises RegisterError."""
        first = store.entries(replace(query, limit=PAGE_ROWS, offset=0))
        self.beginResetModel()
        self.store, self.query, self.total = store, replace(query, limit=None, offset=0), len(first)
        self._set_highlights(report)
        self._pages = {0: first} if first else {}
        self._values = {}
        self._failed = False
        self.pages_read = 1
        self.endResetModel()
        return len(first) < PAGE_ROWS

    def count_rest(self) -> None:
        """Count the rows of the query and show them all (the table's scroll bar grows)."""
        if self.store is None:
            return
        total = self.store.count(self.query)
        if total > self.total:
            self.beginInsertRows(QModelIndex(), self.total, total - 1)
            self.total = total
            self.endInsertRows()

    def recount(self) -> None:
        """Count and read the rows again (a row changed in the store); the pages are read when painted."""
        if self.store is None:
            return
        total = self.store.count(self.query)
        self.beginResetModel()
        self.total, self._pages, self._values, self._failed = total, {}, {}, False
        self.endResetModel()

    def _set_highlights(self, report: Report | None) -> None:
        report = report or Report()
        self.duplicated = {i for d in report.duplicates for i in d.entry_ids}
        self.after_gap = {(g.series, g.cycle, max(g.numbers) + 1): g.numbers for g in report.gaps}

    def set_report(self, report: Report) -> None:
        """Highlight the duplicates and the numbers after a gap (the rows already shown repaint)."""
        self._set_highlights(report)
        self._values = {}
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def entry(self, row: int) -> Entry | None:
        """The row's register entry (its page read from the store when not kept); None if unreadable."""
        if not 0 <= row < self.total or self.store is None:
            return None
        number, at = divmod(row, PAGE_ROWS)
        page = self._pages.get(number)
        if page is None:
            if self._failed:
                return None
            try:
                page = self._read_page(number)
            except RegisterError as exc:
                self._failed = True  # one message, not one per painted cell
                if self.on_error is not None:
                    QTimer.singleShot(0, lambda told=exc: self.on_error(told))
                return None
            self.pages_read += 1
            if len(self._pages) >= KEPT_PAGES:
                dropped = next(iter(self._pages))
                del self._pages[dropped]
                for kept in range(dropped * PAGE_ROWS, (dropped + 1) * PAGE_ROWS):
                    self._values.pop(kept, None)
            self._pages[number] = page
        return page[at] if at < len(page) else None

    def _read_page(self, number: int) -> list[Entry]:
        """Page ``number`` from the store; past the middle it is read from the end (an OFFSET
        counts the rows it skips: the last page of 100,000 costs what the first does)."""
        assert self.store is not None
        start = number * PAGE_ROWS
        end = min(start + PAGE_ROWS, self.total)
        if start <= self.total - end:
            return self.store.entries(replace(self.query, limit=PAGE_ROWS, offset=start))
        rows = self.store.entries(replace(self.query, limit=end - start, offset=self.total - end, backwards=True))
        return rows[::-1]

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def _row(self, row: int) -> tuple[list[str], Any, Any, str | None, int] | None:
        """What the table shows of one row: its texts, background, foreground, tool tip and id
        (made once, when first painted)."""
        made = self._values.get(row)
        if made is not None:
            return made
        entry = self.entry(row)
        if entry is None:
            return None
        texts = [str(v) for v in export_row(entry)] + [tr(f"register.status.{entry.status}")]
        missing = self.after_gap.get((entry.series, entry.cycle, entry.number))
        background = tip = None
        if entry.id in self.duplicated:
            background, tip = DUPLICATE_BRUSH, tr("register.ui.duplicate_tip", symbol=entry.symbol)
        elif missing:
            background, tip = GAP_BRUSH, tr("register.ui.gap_tip", numbers=_ranges(missing))
        foreground = CANCELLED_BRUSH if entry.status == CANCELLED else None
        made = (texts, background, foreground, tip, entry.id)
        self._values[row] = made
        return made

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        slot = _ROLE_SLOTS.get(role)  # the roles the table asks and this model has nothing for end here
        if slot is None or not index.isValid():
            return None
        made = self._row(index.row())
        if made is None:
            return None
        return made[0][index.column()] if slot == 0 else made[slot]


_ROLE_SLOTS = {Qt.ItemDataRole.DisplayRole: 0, Qt.ItemDataRole.BackgroundRole: 1,
               Qt.ItemDataRole.ForegroundRole: 2, Qt.ItemDataRole.ToolTipRole: 3, Qt.ItemDataRole.UserRole: 4}


class RegisterWindow(QWidget):
    """The register, one row per number, with filters and the clerk's register actions."""

    def __init__(self, store: RegisterStore, asker: Asker, rules: RuleSet, settings: RegisterSettings | None = None,
                 issuer: str = "", parent: QWidget | None = None,
                 on_new_term: Callable[[RegisterSettings], str | None] | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.asker, self.rules = store, asker, rules
        self.settings, self.issuer = settings, issuer
        self.on_new_term = on_new_term  # saves the profile's new term; returns an error message or None
        self.closed = False
        self._reports: dict[str | None, Report] = {}  # each year/term's gaps and duplicates, once read
        self._pending_count = False
        self.complete = False  # the rows are counted and highlighted (after the first paint)
        self.painted_at = 0.0  # perf_counter() when refresh last painted the first rows itself (benchmarks)
        self.completer = QTimer(self)  # counts and highlights once the first page is painted
        self.completer.setSingleShot(True)
        self.completer.setInterval(0)
        self.setWindowTitle(tr("register.ui.title", where=store.location))

        self.cycle_box = QComboBox()
        self.type_box = QComboBox()
        self.type_box.addItem(tr("register.ui.all_types"), None)
        for key, doc_type in rules.doc_types.items():
            self.type_box.addItem(doc_type.label, key)
        self.status_box = QComboBox()  # 'giữ trước': the numbers reserved and still waiting for a document
        self.status_box.setToolTip(tr("register2.status_filter"))
        self.status_box.addItem(tr("register2.status_all"), None)
        for status in (ISSUED, RESERVED, CANCELLED):
            self.status_box.addItem(tr(f"register.status.{status}"), status)
        self.signer_edit = QLineEdit()
        self.signer_edit.setPlaceholderText(tr("register.ui.signer"))
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(tr("register.ui.search"))
        filters = QHBoxLayout()
        for widget in (self.cycle_box, self.type_box, self.status_box, self.signer_edit, self.text_edit):
            filters.addWidget(widget)

        self.model = RegisterModel(self, on_error=self._page_failed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # rows are one line high: a long summary ends in '…' (widen the column)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(tr("register.ui.reason"))
        self.cancel_button = QPushButton(tr("register.ui.cancel"))
        self.reserve_button = QPushButton(tr("register2.reserve"))
        self.reserve_button.setToolTip(tr("register2.reserve_tip"))
        self.export_button = QPushButton(tr("register.ui.export"))
        self.import_button = QPushButton(tr("register.ui.import"))
        self.refresh_button = QPushButton(tr("register.ui.refresh"))
        actions = QHBoxLayout()
        for widget in (self.reason_edit, self.cancel_button, self.reserve_button):
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
        self.status_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.typing_timer = QTimer(self)  # typing in a search box: one query once the clerk pauses
        self.typing_timer.setSingleShot(True)
        self.typing_timer.setInterval(TYPING_DELAY_MS)
        self.typing_timer.timeout.connect(self.refresh)
        self.completer.timeout.connect(self.complete_rows)
        self.signer_edit.textChanged.connect(lambda _t: self.typing_timer.start())
        self.text_edit.textChanged.connect(lambda _t: self.typing_timer.start())
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.reserve_button.clicked.connect(lambda: self.reserve_number())
        self.export_button.clicked.connect(lambda: self.export())
        self.import_button.clicked.connect(lambda: self.import_old())
        self.refresh_button.clicked.connect(self.reload)
        self.new_term_button.clicked.connect(lambda: self.new_term())
        self.resize(1300, 700)
        self.reload()

    def closeEvent(self, event: Any) -> None:
        self.typing_timer.stop()
        self.completer.stop()
        self.closed = True
        self.store.close()  # a PostgreSQL connection is not kept for a closed window
        super().closeEvent(event)

    # --- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Fill the year/term list again (a new cycle may have appeared), then the rows."""
        current = self.cycle_box.currentData()
        self._reports = {}
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
                     status=self.status_box.currentData(), signer=self.signer_edit.text().strip() or None,
                     text=self.text_edit.text().strip() or None,
                     limit=None)

    def refresh(self) -> None:
        """Show the first page of the filter's rows now; count them and find the year's gaps
        and duplicates (when not known yet) just after that page is painted."""
        self.typing_timer.stop()
        self.completer.stop()
        if self.closed:
            return
        cycle = self.cycle_box.currentData()
        try:
            whole = self.model.set_query(self.store, self.query(), self._reports.get(cycle))
        except RegisterError as exc:
            self.asker.inform("register_failed", tr("register.ui.title_short"), exc.message, error=True)
            return
        self._pending_count = not whole
        self.complete = whole and cycle in self._reports
        self._say_summary()
        if not self.complete:
            if self.isVisible():  # the clerk sees the first rows before the count and the report run
                self.table.viewport().repaint()
                self.painted_at = time.perf_counter()
            self.completer.start()

    def complete_rows(self) -> None:
        """The second half of :meth:`refresh`: the count, then the highlights."""
        if self.closed:
            return
        cycle = self.cycle_box.currentData()
        try:
            if self._pending_count:
                self.model.count_rest()
                self._pending_count = False
            if cycle not in self._reports:  # typing in a filter does not recount
                self._reports[cycle] = self.store.report(cycle)
                self.model.set_report(self._reports[cycle])
        except RegisterError as exc:
            self.asker.inform("register_failed", tr("register.ui.title_short"), exc.message, error=True)
            return
        self.complete = True
        self._say_summary()

    def _say_summary(self) -> None:
        count = tr("register.ui.count", count=self.model.total)
        if self._pending_count:
            count = tr("register2.counting", count=self.model.total)
        report = self._reports.get(self.cycle_box.currentData())
        parts = [count]
        if report is not None:
            parts += [tr("register.cli.gap", series=g.series, cycle=cycle_label(g.cycle),
                         numbers=_ranges(g.numbers)) for g in report.gaps]
            parts += [tr("register.ui.duplicate", symbol=d.symbol, count=len(d.entry_ids))
                      for d in report.duplicates]
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
        return self.model.entry(rows[0].row()) if rows else None

    def _page_failed(self, exc: RegisterError) -> None:
        if not self.closed:
            self.asker.inform("register_failed", tr("register.ui.title_short"), exc.message, error=True)

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
        self._reports = {}
        scrolled = self.table.verticalScrollBar().value()
        try:
            self.model.recount()  # the clerk stays where they were; the row shows its new status
        except RegisterError as exc:
            self.asker.inform("register_failed", tr("register.ui.title_short"), exc.message, error=True)
        self.table.verticalScrollBar().setValue(scrolled)
        self._pending_count = False
        self.complete = False
        self._say_summary()
        self.completer.start()
        return True

    def reserve_number(self) -> Entry | None:
        """"Giữ số": keep the next number of a series for a document issued later (the type, the
        series where there is a choice and a note asked first); the number appears as 'giữ trước'."""
        from desktop.core.errors import VanBanError
        from desktop.core.register.choices import choice_label, kinds_for
        from desktop.core.register.issuing import pad_width
        from desktop.core.register.numbering import SeriesKey, cycle_for, series_for, settings_for
        from desktop.core.register.store import EntryData

        title = tr("register2.reserve")
        asker, rules = self.asker, self.rules
        settings = settings_for(rules, self.settings)
        types = list(rules.doc_types.items())
        which = asker.choose("register_reserve_type", title, tr("register2.reserve_type"),
                             [doc_type.label for _key, doc_type in types], 0)
        if which is None:
            return None
        doc_type = types[which][0]
        day = today()
        try:
            cycle = cycle_for(rules, settings, day)
            kinds = kinds_for(rules, doc_type)
            keys = [None if kind == "advisory" else SeriesKey(series_for(rules, settings, doc_type, kind=kind),
                                                              cycle) for kind in kinds]
            pad = pad_width(rules, settings)
            labels = [tr("register2.series.advisory_ask") if key is None else choice_label(self.store, key, rules, pad)
                      for key in keys]
            picked = 0
            if len(kinds) > 1:
                picked = asker.choose("register_reserve_series", title, tr("register2.choose_series"), labels, 0)
                if picked is None:
                    return None
            key = keys[picked]
            if key is None:
                body = asker.text("register_advisory_body", title, tr("register2.advisory_body")) or ""
                body = " ".join(body.split())
                if not body:
                    return None
                key = SeriesKey(series_for(rules, settings, doc_type, kind="advisory", advisory_body=body), cycle)
            note = asker.text("register_reserve_note", title, tr("register2.reserve_note"))
            if note is None:
                return None
            number = str(self.store.last_number(key) + 1).zfill(pad)
            if not asker.confirm("register_reserve", title, tr("register2.reserve_confirm", number=number,
                                                                series=series_label(key.series, rules))):
                return None
            entry = self.store.reserve(key, EntryData(doc_type=doc_type, note=" ".join(note.split())), pad=pad)
        except VanBanError as exc:
            asker.inform("register_reserve", title, exc.message, error=True)
            return None
        asker.inform("register_reserve", title, tr("register2.reserved", number=entry.number_text,
                                                     series=series_label(entry.series, rules)))
        self.reload()
        return entry

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
    draft is saved and becomes read-only. The draft is saved first when it has changes. Where
    the draft may be numbered in more than one series (legal, secret, advisory body, copy) the
    clerk chooses (the rules' own pick first), then a new number or one reserved earlier."""
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
        options = _ask_series_and_number(window, store, draft, day, title)
        if options is None:
            return False
        stem = window.path.with_name(window.path.name[:-5])
        target = window.asker.save_path("register_docx", title, tr("ui.filter.docx"), with_extension(stem, ".docx"))
        if target is None:
            return False
        target = with_extension(target, ".docx")
        result = issue_draft(store, draft, _settings(window), today=day, draft_path=window.path, docx_path=target,
                             options=options)
    except VanBanError as exc:
        window.asker.inform("register_issue", title, exc.message, error=True)
        return False
    finally:
        store.close()
    window.set_draft(result.draft, modified=False)
    window.last_export = target
    window.status(tr("register.ui.issued", symbol=result.entry.symbol, date=day, path=target))
    return True


def _ask_series_and_number(window: Any, store: RegisterStore, draft: Any, day: dt.date,
                           title: str) -> IssueOptions | None:
    """The series (asked where there is a choice), then a new or a reserved number, then the
    clerk's yes; the issue options, or None when the clerk stopped."""
    from desktop.core.register.choices import reserved_label, reserved_numbers, series_choices
    from desktop.core.register.issuing import IssueOptions, pad_width, series_key
    from desktop.core.register.numbering import settings_for

    asker = window.asker
    rules = load_rule_set(draft.rule_set)
    settings = settings_for(rules, _settings(window))
    pad = pad_width(rules, settings)
    choices = series_choices(store, draft, settings, day)
    picked = 0
    if len(choices) > 1:
        picked = asker.choose("register_series", title, tr("register2.choose_series"), [c.label for c in choices], 0)
        if picked is None:
            return None
    choice = choices[picked]
    options = IssueOptions(kind=choice.kind)
    key = choice.key
    if key is None:  # an advisory body: its name makes the series
        body = asker.text("register_advisory_body", title, tr("register2.advisory_body"))
        if body is None:
            return None
        if not " ".join(body.split()):
            asker.inform("register_issue", title, tr("register2.advisory_body_missing"), error=True)
            return None
        options.advisory_body = " ".join(body.split())
        key = series_key(draft, settings, day, options)
    series = series_label(key.series, rules)
    number = str(store.last_number(key) + 1).zfill(pad)
    held = reserved_numbers(store, key)
    if held:
        labels = [tr("register2.new_number", number=number), *(reserved_label(e) for e in held)]
        which = asker.choose("register_reserved", title, tr("register2.choose_number", series=series), labels, 0)
        if which is None:
            return None
        if which > 0:
            options.reserved_id = held[which - 1].id
            number = held[which - 1].number_text
    text = tr("register2.issue_confirm_reserved" if options.reserved_id is not None else "register2.issue_confirm",
              number=number, series=series, date=day)
    return options if asker.confirm("register_issue", title, text) else None


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
