#!/usr/bin/env python3
"""Editor benchmarks (issue #4) and the README screenshot.

    python bench/bench_ui.py                 # start-up and per-keystroke preview figures (medians)
    python bench/bench_ui.py --runs 21       # more start-up runs
    python bench/bench_ui.py screenshot docs/screenshot-main-window.png   # needs Xvfb and ImageMagick

Start-up: a fresh interpreter per run, launch → first Paint event of the main window (an event
filter in the child prints the wall clock; the parent took the clock before spawning).
Preview: one character typed into the body editor (a real key event) → the layout model
rebuilt and the page repainted, measured in-process, offscreen. Targets: start-up < 1.5 s,
preview < 50 ms per keystroke.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "party_thong_bao.json"
PROFILE = ROOT / "examples" / "profiles" / "party_van_phong_thanh_uy.json"

CHILD_FIRST_PAINT = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from desktop.ui.app import create_app
from desktop.ui.askers import ScriptedAsker
app = create_app()
from desktop.ui.main_window import MainWindow
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time_ns(), flush=True)
            os._exit(0)
        return False
window = MainWindow(data_dir=__import__("pathlib").Path(sys.argv[1]), asker=ScriptedAsker())
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
"""


def startup_ms(runs: int) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": str(ROOT)}
    times = []
    with tempfile.TemporaryDirectory() as data:
        for _ in range(runs):
            start = time.time_ns()
            out = subprocess.run([sys.executable, "-c", CHILD_FIRST_PAINT, data], capture_output=True, text=True,
                                 env=env, cwd=ROOT, check=True)
            painted = int(out.stdout.strip().splitlines()[-1])
            times.append((painted - start) / 1e6)
    return times


def preview_ms(keys: int) -> tuple[list[float], list[float], int]:
    """Per keystroke: (key event → layout + paint), and the layout model alone; page count."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop.core.layout import layout_draft
    from desktop.core.model import Paragraph, load_draft
    from desktop.ui.app import create_app
    from desktop.ui.askers import ScriptedAsker
    from desktop.ui.main_window import MainWindow

    app = create_app()
    with tempfile.TemporaryDirectory() as data:
        window = MainWindow(data_dir=Path(data), asker=ScriptedAsker())
        draft = load_draft(EXAMPLE)
        draft.body = draft.body + [Paragraph.plain(p.text, p.style) for p in draft.body] * 2  # ~3 pages
        window.set_draft(draft, modified=False)
        window.show()
        app.processEvents()
        editor = window.form.body
        editor.setFocus()
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        full, model_only = [], []
        for i in range(keys):
            ch = "aăâđêôơư "[i % 9]
            t0 = time.perf_counter()
            QTest.sendKeyEvent(QTest.KeyAction.Click, editor, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
            window.update_preview()  # what the 30 ms debounce timer runs
            window.preview.canvas.repaint()
            full.append((time.perf_counter() - t0) * 1000)
            d = window.form.draft()
            t1 = time.perf_counter()
            layout_draft(d)
            model_only.append((time.perf_counter() - t1) * 1000)
        pages = window.preview.page_count
        window.modified = False
        window.close()
    del app
    return full, model_only, pages


def screenshot(out: Path) -> None:
    """A real xcb window under Xvfb with a Party notice, captured with ImageMagick's import."""
    display = ":99"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
    try:
        time.sleep(1.5)
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen([sys.executable, __file__, "show-window", str(out)], env=env, cwd=ROOT)
        child.wait(timeout=120)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


def show_window(out: Path) -> None:
    from PySide6.QtCore import QTimer

    from desktop.core.model import load_draft
    from desktop.ui.app import create_app
    from desktop.ui.askers import ScriptedAsker
    from desktop.ui.main_window import MainWindow

    app = create_app()
    with tempfile.TemporaryDirectory() as data:
        (Path(data) / "profiles").mkdir()
        shutil.copy(PROFILE, Path(data) / "profiles" / PROFILE.name)
        window = MainWindow(data_dir=Path(data), asker=ScriptedAsker())
        window.path = EXAMPLE
        draft = load_draft(EXAMPLE)
        draft.number = ""  # still a draft: the number is filled in at issue time (a warning in the panel)
        window.set_draft(draft, modified=False)
        window.setGeometry(0, 0, 1600, 1000)
        window.show()
        window.preview.set_zoom(0.75)
        window.run_validation()

        def capture() -> None:
            subprocess.run(["import", "-window", "root", str(out)], check=True)
            window.close()
            app.quit()

        QTimer.singleShot(2500, capture)
        app.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="bench", choices=("bench", "screenshot", "show-window"))
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshot-main-window.png")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--keys", type=int, default=60)
    args = parser.parse_args()
    if args.mode == "screenshot":
        screenshot(args.out.resolve())
        print(args.out)
        return 0
    if args.mode == "show-window":
        show_window(args.out)
        return 0
    starts = startup_ms(args.runs)
    full, model_only, pages = preview_ms(args.keys)
    print(f"start-up to first paint: median {statistics.median(starts):.0f} ms "
          f"(min {min(starts):.0f}, max {max(starts):.0f}, {len(starts)} runs)  target < 1500 ms")
    print(f"keystroke → preview repainted ({pages} pages): median {statistics.median(full):.1f} ms "
          f"(p90 {sorted(full)[int(len(full) * 0.9)]:.1f}, {len(full)} keys)  target < 50 ms")
    print(f"layout model alone: median {statistics.median(model_only):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
