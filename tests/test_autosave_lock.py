"""Autosave recovery is decided by a lock the editor holds, not by its PID (issue #11).

An editor session holds an OS file lock (flock / msvcrt.locking) on autosave/<session>.lock
for its life. A killed editor's lock is freed by the OS, so its snapshot is offered even when
its PID now belongs to another, live process (a zombie, or a PID reused — Windows reuses them
quickly); a running editor's snapshot is never offered, whatever its recorded PID says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.autosave import AutosaveStore, pid_alive
from desktop.ui.askers import ScriptedAsker
from tests.conftest import ROOT
from tests.test_ui_workflow import make_window

EDITOR_SESSION = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from desktop.core.autosave import AutosaveStore
    from desktop.core.model import Draft, Paragraph
    store = AutosaveStore(Path(sys.argv[1]))
    assert store.hold()
    store.save(Draft(summary="về việc chưa kịp lưu", body=[Paragraph.plain("Nội dung đang gõ dở.")]))
    print(store.session, flush=True)
    time.sleep(600)
""")


def start_session(data: Path) -> tuple[subprocess.Popen, str]:
    """A real process that holds its session's lock and has written a snapshot."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", EDITOR_SESSION, str(data)], stdout=subprocess.PIPE, text=True,
                            env=env, cwd=str(ROOT))
    session = proc.stdout.readline().strip()
    assert session, "the session process did not start"
    return proc, session


def record_pid(data: Path, session: str, pid: int) -> None:
    path = data / "autosave" / f"{session}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["pid"] = pid
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def unrelated_process():
    """A live process that has nothing to do with the editor (it 'reused' the dead editor's PID)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    yield proc
    proc.kill()
    proc.wait(timeout=30)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL: the POSIX way to kill without clean-up")
def test_a_killed_editor_whose_pid_was_reused_is_recovered(qtbot, tmp_path, unrelated_process):
    data = tmp_path / "data"
    proc, session = start_session(data)
    proc.kill()  # SIGKILL: no clean-up; the OS frees the lock
    proc.wait(timeout=30)
    record_pid(data, session, unrelated_process.pid)
    assert pid_alive(unrelated_process.pid)  # by its PID the dead editor looks alive
    assert (data / "autosave" / f"{session}.lock").exists()
    assert [s.session for s in AutosaveStore(data).recoverable()] == [session]
    asker = ScriptedAsker({"recover": True})
    w = make_window(qtbot, data, asker)
    w.start()
    assert "recover" in asker.topics() and w.form.text("summary") == "về việc chưa kịp lưu"
    assert not (data / "autosave" / f"{session}.json").exists()
    assert not (data / "autosave" / f"{session}.lock").exists()


def test_a_running_editor_is_never_offered_whatever_its_pid(qtbot, tmp_path):
    data = tmp_path / "data"
    proc, session = start_session(data)
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        record_pid(data, session, dead.pid)  # a PID that says "gone"; the lock says "running"
        assert AutosaveStore(data).recoverable() == []
        asker = ScriptedAsker({"recover": True})
        w = make_window(qtbot, data, asker)
        w.start()
        assert "recover" not in asker.topics()
        assert (data / "autosave" / f"{session}.json").exists()
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert [s.session for s in AutosaveStore(data).recoverable()] == [session]  # now it is gone


def test_this_editor_holds_its_lock_and_a_clean_close_removes_it(qtbot, tmp_path):
    data = tmp_path / "data"
    w = make_window(qtbot, data, ScriptedAsker())
    lock = data / "autosave" / f"{w.autosave.session}.lock"
    assert w.autosave.lock.held and lock.exists()
    w.modified = False
    assert w.close()
    assert not lock.exists() and not w.autosave.lock.held
