"""Autosave and crash recovery, Qt-free: snapshots of open drafts in the user data folder.

Each running editor window has a session id and writes its draft to
``<data dir>/autosave/<session>.json`` (atomically) every 30 s and when the window loses
focus. A clean close discards the snapshot. A snapshot still there at the next start,
whose process is gone, is what a crash (or a killed process) left behind: it is offered
for recovery. Snapshots of other windows that are still running are never offered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.core.atomic import atomic_write_text
from desktop.core.model import Draft, upgrade

FOLDER = "autosave"


@dataclass(frozen=True)
class Snapshot:
    """One recoverable snapshot: where it is, when it was saved, which file it belongs to."""

    path: Path
    session: str
    saved_at: str  # ISO timestamp, local time
    source: str | None  # the draft file the clerk was editing, if it had been saved once
    pid: int
    host: str

    def saved_time(self) -> dt.datetime | str:
        """When it was saved, as a datetime for :func:`tr` to write the local way; the raw
        text if a damaged snapshot holds something else."""
        try:
            return dt.datetime.fromisoformat(self.saved_at)
        except ValueError:
            return self.saved_at

    def load(self) -> Draft:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return Draft.from_dict(upgrade(data["draft"]))


def new_session_id() -> str:
    return uuid.uuid4().hex


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (never signals or ends it)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class AutosaveStore:
    """Snapshots in ``<data_dir>/autosave``, one file per editor session."""

    def __init__(self, data_dir: Path, session: str | None = None) -> None:
        self.folder = Path(data_dir) / FOLDER
        self.session = session or new_session_id()

    def path_for(self, session: str) -> Path:
        return self.folder / f"{session}.json"

    def save(self, draft: Draft, source: Path | None = None) -> Path:
        """Write this session's snapshot (atomic: a crash mid-write keeps the previous one)."""
        record = {
            "session": self.session,
            "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
            "source": str(source) if source else None,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "draft": draft.to_dict(),
        }
        path = self.path_for(self.session)
        atomic_write_text(path, json.dumps(record, ensure_ascii=False))
        return path

    def discard(self, session: str | None = None) -> None:
        """Remove a snapshot (this session's by default); a missing one is fine."""
        self.path_for(session or self.session).unlink(missing_ok=True)

    def recoverable(self) -> list[Snapshot]:
        """Snapshots left by sessions that are no longer running, newest first."""
        found: list[Snapshot] = []
        if not self.folder.is_dir():
            return found
        here = socket.gethostname()
        for path in self.folder.glob("*.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                snap = Snapshot(path, str(data["session"]), str(data["saved_at"]), data.get("source"),
                                int(data["pid"]), str(data.get("host", "")))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a torn or foreign file: not a snapshot
            if snap.session == self.session or (snap.host == here and pid_alive(snap.pid)):
                continue
            found.append(snap)
        return sorted(found, key=lambda s: s.saved_at, reverse=True)
