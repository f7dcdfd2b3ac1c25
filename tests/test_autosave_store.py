"""Autosave and crash recovery store (desktop/core/autosave.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop.core.autosave import AutosaveStore, pid_alive
from desktop.core.errors import VanBanError
from desktop.core.model import Draft, Paragraph


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def draft_with(text: str) -> Draft:
    return Draft(summary=text, body=[Paragraph.plain(text)])


def test_a_crashed_sessions_snapshot_is_offered_and_loads_back(tmp_path):
    crashed = AutosaveStore(tmp_path)
    path = crashed.save(draft_with("về công tác phòng, chống bão lũ"), tmp_path / "a.json")
    crashed.lock.release()  # what the OS does when the process dies; its PID (ours) is still alive
    assert json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    found = AutosaveStore(tmp_path).recoverable()
    assert [s.session for s in found] == [crashed.session]
    assert found[0].source == str(tmp_path / "a.json")
    assert found[0].load().summary == "về công tác phòng, chống bão lũ"


def test_running_sessions_and_this_session_are_not_offered(tmp_path):
    mine = AutosaveStore(tmp_path)
    mine.save(draft_with("đang soạn"))
    assert mine.recoverable() == []
    assert AutosaveStore(tmp_path).recoverable() == []  # its lock is held: still running


def test_discard_and_damaged_files(tmp_path):
    store = AutosaveStore(tmp_path)
    store.save(draft_with("x"))
    store.discard()
    assert not list((tmp_path / "autosave").glob("*.json"))
    store.discard()  # twice is fine
    (tmp_path / "autosave" / "torn.json").write_text("{\"session\": ", encoding="utf-8")
    assert AutosaveStore(tmp_path).recoverable() == []


def test_a_snapshot_from_a_newer_version_is_refused_in_words(tmp_path):
    store = AutosaveStore(tmp_path)
    path = store.save(draft_with("x"))
    record = json.loads(path.read_text(encoding="utf-8"))
    record["draft"]["schema_version"] = 99
    path.write_text(json.dumps(record), encoding="utf-8")
    store.lock.release()
    snap = AutosaveStore(tmp_path).recoverable()[0]
    with pytest.raises(VanBanError) as err:
        snap.load()
    assert "99" in err.value.message


def test_pid_alive():
    assert pid_alive(os.getpid())
    assert not pid_alive(dead_pid())
    assert not pid_alive(0)
