"""Run in a subprocess by tests/test_ui_import_responsive.py: open a large .docx in the editor
(checked, then imported, both in worker threads) while a 10 ms timer notes every gap of the
event loop; print one JSON line: the longest gap, the peak memory and what landed in the form."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from desktop.ui.app import create_app
from desktop.ui.askers import ScriptedAsker
from desktop.ui.main_window import MainWindow


def main(docx: Path, data_dir: Path) -> int:
    app = create_app()
    asker = ScriptedAsker({"offer_import": True})
    window = MainWindow(data_dir=data_dir, asker=asker)
    window.show()
    app.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]
    busy_seen: list[bool] = []

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        busy_seen.append(window.progress.isVisible())

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()
    window.open_path(docx)  # a .docx: checked in a worker, offered, imported in a worker
    deadline = start + 600
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.002)
        done = window.form.text("issuer") != "" and not window.jobs.running and window.problems
        if done or "import_failed" in asker.topics() or "check_failed" in asker.topics():
            break
    for _ in range(20):  # the last queued steps (page, problem list)
        app.processEvents()
        time.sleep(0.01)
    timer.stop()
    print(json.dumps({
        "max_gap_ms": round(max(gaps) * 1000, 1), "ticks": len(gaps), "seconds": round(time.perf_counter() - start, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "paragraphs": len(window.form.body.paragraphs()), "issuer": window.form.text("issuer"),
        "busy_seen": any(busy_seen), "topics": asker.topics(), "problems": len(window.problems),
        "modified": window.modified, "path": str(window.path) if window.path else None,
    }, ensure_ascii=False), flush=True)
    window.modified = False
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
