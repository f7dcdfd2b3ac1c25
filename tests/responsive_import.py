"""Run in a subprocess by tests/test_ui_import_responsive.py: open a large .docx in the editor
(checked, then imported, each in a process of its own started from a worker thread) while a
10 ms timer notes every gap of the event loop, in wall-clock time and in the GUI thread's own CPU
time (what the window itself worked between two answers: not lengthened by other programs on a
busy machine); print one JSON line: the longest gaps, the peak memory, what landed in the form."""

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

GAPS: list[tuple[float, float]] = []
"""(when, gap) of every tick, for a closer look when the longest gap is too long."""


def own_peak_rss_mb() -> int:
    """This process's own peak (VmHWM: reset at exec). ru_maxrss is not: Linux keeps the forking
    parent's peak across exec, so a pytest process of 800 MB would be counted as the window's."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(docx: Path, data_dir: Path) -> int:
    app = create_app()
    asker = ScriptedAsker({"offer_import": True})
    window = MainWindow(data_dir=data_dir, asker=asker)
    window.show()
    app.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]
    last_cpu = [time.thread_time()]
    cpu_gaps: list[float] = []
    busy_seen: list[bool] = []

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        GAPS.append((now, now - last[0]))
        last[0] = now
        cpu = time.thread_time()  # what this (GUI) thread itself worked since the last tick
        cpu_gaps.append(cpu - last_cpu[0])
        last_cpu[0] = cpu
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
        done = window.form.text("issuer") != "" and not window.jobs.running
        if done or "import_failed" in asker.topics() or "check_failed" in asker.topics():
            break
    for _ in range(20):  # the last queued steps (page, problem list)
        app.processEvents()
        time.sleep(0.01)
    timer.stop()
    print(json.dumps({
        "max_gap_ms": round(max(gaps) * 1000, 1), "max_gui_cpu_ms": round(max(cpu_gaps) * 1000, 1),
        "ticks": len(gaps), "seconds": round(time.perf_counter() - start, 2),
        "peak_rss_mb": own_peak_rss_mb(),
        "child_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "paragraphs": len(window.form.body.paragraphs()), "issuer": window.form.text("issuer"),
        "busy_seen": any(busy_seen), "topics": asker.topics(), "problems": len(window.problems),
        "modified": window.modified, "path": str(window.path) if window.path else None,
    }, ensure_ascii=False), flush=True)
    window.modified = False
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
