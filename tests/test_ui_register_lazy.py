"""The register window on a big register reads its rows lazily, a page at a time as the table
scrolls (pytest-qt, offscreen, both stores): every row counted and reachable, duplicates and gaps
still highlighted on a page read late, a number on a far page cancelled, a server lost while
scrolling said once."""

from __future__ import annotations

import psycopg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.register.store import Entry, EntryData
from desktop.core.rules import load_rule_set
from desktop.ui.askers import ScriptedAsker
from desktop.ui.register_window import DUPLICATE_COLOUR, GAP_COLOUR, PAGE_ROWS, RegisterWindow

ROWS = 2000


def _big_register(store) -> None:
    """2,000 numbers of 2026 (1,703 missing: a gap; 1,800 given twice) and one of 2025."""
    rows = []
    for n in [*range(1, 1703), *range(1704, ROWS + 2)]:
        summary = "Quyết định khen thưởng" if n % 100 == 0 else "Thông báo lịch công tác"
        rows.append(Entry(**EntryData(code="QĐ-UBND", issued_on="2026-06-01", doc_type="quyet_dinh",
                                      type_summary=f"{summary} số {n}", signer="Lê Văn C").__dict__,
                          series="all", cycle="2026", number=n, number_text=f"{n:02d}", symbol=f"{n:02d}/QĐ-UBND"))
    rows.append(Entry(**EntryData(code="QĐ-UBND", issued_on="2026-06-02", doc_type="quyet_dinh",
                                  type_summary="Quyết định trùng số", signer="Lê Văn C").__dict__,
                      series="legal:quyet_dinh", cycle="2026", number=1, number_text="01", symbol="1800/QĐ-UBND"))
    rows.append(Entry(**EntryData(code="TB-UBND", issued_on="2025-12-30", doc_type="thong_bao",
                                  type_summary="Thông báo cuối năm").__dict__,
                      series="all", cycle="2025", number=1, number_text="01", symbol="01/TB-UBND"))
    store.import_entries(rows)


def _paint(view: RegisterWindow) -> None:
    QApplication.processEvents()
    view.table.viewport().repaint()


def test_a_big_register_is_read_a_page_at_a_time(qtbot, register_store):
    _big_register(register_store)
    asker = ScriptedAsker({"register_cancel": True})
    view = RegisterWindow(register_store, asker, load_rule_set("state_nd30"))
    qtbot.addWidget(view)
    view.show()
    assert view.row_count() == PAGE_ROWS and not view.complete  # the first page, painted before the count
    assert f"Từ {PAGE_ROWS} dòng trở lên" in view.summary.text()
    assert view.cell(0, 0) == "01/QĐ-UBND" and view.row_colour(0) != DUPLICATE_COLOUR
    qtbot.waitUntil(lambda: view.complete)
    _paint(view)
    assert view.cycle_box.currentText() == "Năm 2026"
    assert view.row_count() == ROWS + 1 and f"{ROWS + 1} dòng" in view.summary.text()
    assert view.model.pages_read == 1  # only what the table shows was read

    view.table.scrollToBottom()
    _paint(view)
    last = view.row_count() - 1
    assert view.cell(last - 1, 0) == f"{ROWS + 1}/QĐ-UBND"  # register order: series 'all' first
    assert view.cell(last, 2) == "Quyết định trùng số" and view.row_colour(last) == DUPLICATE_COLOUR
    assert view.model.pages_read <= 3  # the first page and the last one or two, not the 9 between

    gap_row = 1702  # rows 0..1701 hold 1..1702; 1,704 follows and is marked
    assert view.cell(gap_row, 0) == "1704/QĐ-UBND" and view.row_colour(gap_row) == GAP_COLOUR
    assert "1703" in view.cell(gap_row, 0, Qt.ItemDataRole.ToolTipRole)
    twin = next(r for r in range(1790, 1800) if view.cell(r, 0) == "1800/QĐ-UBND")
    assert view.row_colour(twin) == DUPLICATE_COLOUR
    assert "1703" in view.summary.text() and "1800/QĐ-UBND" in view.summary.text()

    view.table.selectRow(1500)  # a row on a page read only now
    view.reason_edit.setText("Trùng số với văn bản khác")
    assert view.cancel_selected()
    assert "1501/QĐ-UBND" in asker.last("register_cancel").text
    assert view.cell(1500, 10) == "đã hủy"
    cancelled = register_store.find_symbol("1501/QĐ-UBND")
    assert [e.cancel_reason for e in cancelled] == ["Trùng số với văn bản khác"]

    view.text_edit.setText("khen thuong")
    qtbot.waitUntil(lambda: view.row_count() == ROWS // 100)
    assert view.complete  # a page holds them all: no count, and this year's report is known
    assert all("khen thưởng" in view.cell(r, 2) for r in range(view.row_count()))
    assert f"{ROWS // 100} dòng" in view.summary.text()
    view.text_edit.clear()
    view.cycle_box.setCurrentIndex(view.cycle_box.findData(None))
    qtbot.waitUntil(lambda: view.complete)
    assert view.row_count() == ROWS + 2 and view.cell(0, 0) == "01/TB-UBND"
    assert view.row_colour(view.row_count() - 1) == DUPLICATE_COLOUR  # the every-year report too


def test_a_server_lost_while_scrolling_is_said_once(qtbot, pg_server):
    from desktop.core.profile import RegisterSettings
    from desktop.core.register import open_register

    store = open_register(RegisterSettings(backend="postgresql", database=pg_server.new_database()))
    _big_register(store)
    asker = ScriptedAsker()
    view = RegisterWindow(store, asker, load_rule_set("state_nd30"))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.complete)
    _paint(view)
    with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (store.backend_pid(),))
    view.table.scrollToBottom()
    _paint(view)
    for row in range(PAGE_ROWS * 3, PAGE_ROWS * 4):  # more unread pages: still one message
        view.cell(row, 0)
    qtbot.waitUntil(lambda: "register_failed" in asker.topics())
    QApplication.processEvents()
    told = [a for a in asker.asked if a.topic == "register_failed"]
    assert len(told) == 1 and told[0].kind == "error" and "Traceback" not in told[0].text
    assert view.cell(view.row_count() - 1, 0) is None  # nothing made up
    view.close()
