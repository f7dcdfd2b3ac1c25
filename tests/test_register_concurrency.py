"""Done means: many processes issuing on one series never share or skip a number, and a
process killed in the middle of issuing leaves no half row and uses no number — on one
SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from desktop.core.register import open_register
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import EntryData
from tests.conftest import ROOT

PROCESSES, EACH = 8, 250
KEY = SeriesKey("all", "2026")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _worker(settings, what: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.register_worker", settings.backend, settings.database, what],
                            cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_eight_processes_get_2000_distinct_consecutive_numbers(register_settings):
    open_register(register_settings).close()  # the schema exists before the race starts
    workers = [_worker(register_settings, str(EACH)) for _ in range(PROCESSES)]
    got: list[int] = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        mine = [int(n) for n in out.split()]
        assert len(mine) == EACH and mine == sorted(mine)  # each process sees its numbers rise
        got += mine
    assert sorted(got) == list(range(1, PROCESSES * EACH + 1))
    with open_register(register_settings) as store:
        assert store.count() == PROCESSES * EACH
        assert store.report().clean
        assert store.last_number(KEY) == PROCESSES * EACH


def test_a_process_killed_while_issuing_leaves_no_row_and_loses_no_number(register_settings):
    with open_register(register_settings) as store:
        store.issue(KEY, EntryData(code="QĐ-UBND", issued_on="2026-05-04"))
    worker = _worker(register_settings, "hold")
    line = worker.stdout.readline()
    assert line.startswith("READY 2"), worker.stderr.read() if worker.poll() is not None else line
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=60)
    with open_register(register_settings, timeout_s=30) as store:
        assert store.count() == 1  # no half row
        nxt = store.issue(KEY, EntryData(code="QĐ-UBND", issued_on="2026-05-04"))
        assert nxt.number == 2  # the killed process's number was never used: no gap
        assert store.report().clean
