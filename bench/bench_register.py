#!/usr/bin/env python3
"""Benchmark of the outgoing register (issue #13). Run:
``PYTHONPATH=. .venv/bin/python bench/bench_register.py [--issue 10000] [--rows 100000]``.

1. Issue ``--issue`` numbers one after the other on one series (each: BEGIN IMMEDIATE or an
   advisory lock, counter upsert, row insert, commit — synchronous=FULL on SQLite), on a SQLite
   file and on a throw-away PostgreSQL server (tests/pg_server.py, fsync off as in the tests):
   per-number latency, median and p99.
2. A register of ``--rows`` rows (four years, varied summaries and signers), then the
   clerk's reads, interleaved, each timed 20 times (median, p99): the first page of a year, a
   text search without marks (a common and a rare word; PostgreSQL: through the pg_trgm
   index), a signer filter, the counts, the gap/duplicate report of one year.
3. The register window (offscreen) on that register, ``--window-runs`` times: opening it,
   another year, scrolling to the end, a search, every year — the time to the first painted
   rows and to the window complete (rows counted, gaps and duplicates highlighted).

Prints Markdown tables (paste them into bench/README.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.profile import RegisterSettings
from desktop.core.register import open_register
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import Entry, EntryData, Query

WORDS = ("Quyết định khen thưởng", "Quyết định điều động cán bộ", "Thông báo kết luận giao ban", "Báo cáo tình hình",
         "Kế hoạch tổ chức hội nghị", "Công văn V/v góp ý dự thảo", "Tờ trình đề nghị phê duyệt",
         "Giấy mời dự họp", "Thông báo lịch công tác tuần", "Quyết định thành lập tổ công tác")
SIGNERS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Hoa")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_issue(settings: RegisterSettings, count: int) -> tuple[float, float, float]:
    with open_register(settings) as store:
        key = SeriesKey("all", "2026")
        data = EntryData(code="QĐ-UBND", issued_on="2026-05-04", doc_type="quyet_dinh", type_summary="Quyết định",
                         signer="Nguyễn Văn An", recipients="Sở Nội vụ", archive="VT")
        times = []
        start = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter()
            store.issue(key, data)
            times.append((time.perf_counter() - t0) * 1000)
        total = time.perf_counter() - start
        assert store.last_number(key) == count
    return statistics.median(times), pct(times, 99), total


def fill(settings: RegisterSettings, rows: int) -> float:
    rng = random.Random(13)
    entries = []
    per_year = rows // 4
    for year in (2023, 2024, 2025, 2026):
        for n in range(1, per_year + 1):
            day = f"{year}-{1 + (n * 12) // (per_year + 1):02d}-{1 + n % 28:02d}"
            symbol = f"{n:02d}/QĐ-UBND"
            entries.append(Entry(**EntryData(code="QĐ-UBND", issued_on=day, doc_type="quyet_dinh",
                                             type_summary=f"{rng.choice(WORDS)} số {n} năm {year}",
                                             signer=rng.choice(SIGNERS), recipients="Các phòng, ban; Lưu VT",
                                             archive="VT, TCCB", copies=5).__dict__,
                                 series="all", cycle=str(year), number=n, number_text=f"{n:02d}", symbol=symbol))
    with open_register(settings) as store:
        t0 = time.perf_counter()
        store.import_entries(entries)
        return time.perf_counter() - t0


def bench_reads(settings: RegisterSettings, repeat: int = 20) -> dict[str, tuple[float, float, int]]:
    cases = {
        "first page of a year (1,000 rows)": lambda s: len(s.entries(Query(year=2025, limit=1000))),
        "one year, UI page (5,000 rows)": lambda s: len(s.entries(Query(cycle="2025", limit=5000))),
        "text search, no marks ('khen thuong', all years)": lambda s: len(s.entries(Query(text="khen thuong"))),
        "text search, a rare word ('so 2417 nam', all years)": lambda s: len(s.entries(Query(text="số 2417 năm"))),
        "count of a text search ('khen thuong', all years)": lambda s: s.count(Query(text="khen thuong")),
        "signer filter + year": lambda s: len(s.entries(Query(signer="tran thi binh", year=2026))),
        "count of the whole register": lambda s: s.count(),
        "gaps and duplicates of one year": lambda s: len(s.report("2026").gaps),
    }
    if settings.backend == "postgresql":  # the same searches with the trigram index out of the planner's reach
        for name in [n for n in cases if n.startswith(("text search", "count of a text", "signer"))]:
            cases[f"{name} — without the index (the plan before migration 2)"] = _without_index(cases[name])
    times: dict[str, list[float]] = {name: [] for name in cases}
    found: dict[str, int] = {}
    with open_register(settings) as store:
        for _ in range(repeat):  # interleaved: a burst of load on the machine hits every case alike
            for name, case in cases.items():
                t0 = time.perf_counter()
                found[name] = case(store)
                times[name].append((time.perf_counter() - t0) * 1000)
    return {name: (statistics.median(t), pct(t, 99), found[name]) for name, t in times.items()}


def _without_index(case: Callable[[Any], int]) -> Callable[[Any], int]:
    """``case`` run with bitmap scans off: a GIN trigram index is then unusable, the plan is the
    sequential (or register-order) scan the search had before the index."""

    def run(store: Any) -> int:
        store.conn.execute("SET enable_bitmapscan = off")
        store.conn.commit()
        try:
            return case(store)
        finally:
            store.conn.execute("RESET enable_bitmapscan")
            store.conn.commit()

    return run


def _painted(view: Any, action: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds from ``action`` (what the clerk does) to the table painted with its first
    rows, and to the window complete (rows counted, gaps and duplicates highlighted)."""
    from PySide6.QtWidgets import QApplication

    t0 = time.perf_counter()
    action()
    if getattr(view, "painted_at", 0.0) > t0:  # the window painted its first rows before counting
        painted = (view.painted_at - t0) * 1000
    else:
        view.table.viewport().repaint()
        painted = (time.perf_counter() - t0) * 1000
    while not getattr(view, "complete", True):  # (a window without lazy reading is complete at once)
        QApplication.processEvents()
    QApplication.processEvents()
    view.table.viewport().repaint()
    return painted, (time.perf_counter() - t0) * 1000


def _window_cases(view: Any, year: str) -> dict[str, Callable[[], object]]:
    """What the clerk does in the window, in order (each case starts where the last left off)."""
    return {
        "another year (25,000 rows; its gaps and duplicates too)":
            lambda: view.cycle_box.setCurrentIndex(view.cycle_box.findData(year)),
        "scroll to the end of the year": lambda: view.table.scrollToBottom(),
        "text search, a rare word ('so 2417 nam', that year)":
            lambda: (view.text_edit.setText("số 2417 năm"), view.refresh()),
        "text search 'khen thuong' (that year)": lambda: (view.text_edit.setText("khen thuong"), view.refresh()),
        "text search + every year": lambda: view.cycle_box.setCurrentIndex(view.cycle_box.findData(None)),
        "clear the search (every year, 100,000 rows)": lambda: (view.text_edit.setText(""), view.refresh()),
    }


def bench_window(settings: RegisterSettings, repeat: int = 10) -> dict[str, tuple[float, float, float, float, int]]:
    """The register window on the big register (offscreen): per action, the first paint and the
    window complete (median, p99 of each)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.core.rules import load_rule_set
    from desktop.ui.askers import ScriptedAsker
    from desktop.ui.register_window import RegisterWindow

    QApplication.instance() or QApplication([])
    rules = load_rule_set("state_nd30")
    first: dict[str, list[float]] = {}
    done: dict[str, list[float]] = {}
    rows: dict[str, int] = {}
    holder: dict[str, Any] = {}

    def opened() -> None:
        holder["view"] = RegisterWindow(open_register(settings), ScriptedAsker(), rules)
        holder["view"].show()

    for run in range(repeat):
        name = "open the window (this year)"
        holder["view"] = None
        painted, complete = _painted(_Late(holder), opened)
        view = holder["view"]
        first.setdefault(name, []).append(painted)
        done.setdefault(name, []).append(complete)
        rows[name] = view.row_count()
        for name, action in _window_cases(view, "2025" if run % 2 == 0 else "2024").items():
            painted, complete = _painted(view, action)
            first.setdefault(name, []).append(painted)
            done.setdefault(name, []).append(complete)
            rows[name] = view.row_count()
        view.close()
        view.deleteLater()
        QApplication.processEvents()
    return {name: (statistics.median(first[name]), pct(first[name], 99), statistics.median(done[name]),
                   pct(done[name], 99), rows[name]) for name in first}


class _Late:
    """The window made by the action being timed (its table and state read after it exists)."""

    def __init__(self, holder: dict[str, Any]) -> None:
        self.holder = holder

    def __getattr__(self, name: str) -> Any:
        return getattr(self.holder["view"], name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issue", type=int, default=10000)
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--reads-only", action="store_true", help="skip issuing (reads and the window only)")
    parser.add_argument("--window-runs", type=int, default=10, help="register window runs (0: none)")
    args = parser.parse_args()
    from tests.pg_server import start_server

    server = None if args.no_postgres else start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
            backends = {"SQLite (WAL, synchronous=FULL)": RegisterSettings(database=str(Path(tmp) / "issue.db"))}
            reads = {"SQLite": RegisterSettings(database=str(Path(tmp) / "big.db"))}
            if server is not None:
                backends["PostgreSQL 15 (loopback)"] = RegisterSettings(backend="postgresql",
                                                                        database=server.new_database())
                reads["PostgreSQL"] = RegisterSettings(backend="postgresql", database=server.new_database())
            print("| backend | numbers issued | median / number | p99 / number | total |\n|---|---|---|---|---|")
            for name, settings in backends.items() if not args.reads_only else ():
                median, p99, total = bench_issue(settings, args.issue)
                print(f"| {name} | {args.issue:,} | {median:.2f} ms | {p99:.2f} ms | {total:.1f} s |")
            print()
            for name, settings in reads.items():
                load = fill(settings, args.rows)
                print(f"\n{name}: {args.rows:,} rows imported in {load:.1f} s (one transaction)\n")
                print("| read | median (20 runs) | p99 | rows |\n|---|---|---|---|")
                for case, (median, p99, found) in bench_reads(settings).items():
                    print(f"| {case} | {median:.1f} ms | {p99:.1f} ms | {found:,} |")
                if args.window_runs:
                    print(f"\n{name}: the register window (offscreen; filter + query + model reset + first paint)\n")
                    print(f"| window ({args.window_runs} runs) | first paint: median | p99 | counted and "
                          "highlighted: median | p99 | rows |\n|---|---|---|---|---|---|")
                    for case, (median, p99, c_median, c_p99, found) in bench_window(settings,
                                                                                    args.window_runs).items():
                        print(f"| {case} | {median:.1f} ms | {p99:.1f} ms | {c_median:.1f} ms | {c_p99:.1f} ms "
                              f"| {found:,} |")
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
