"""Autosave and crash recovery, Qt-free: snapshots of open drafts in the user data folder.

Each running editor window has a session id and writes its draft to
``<data dir>/autosave/<session>.json`` (atomically) every 30 s and when the window loses
focus. A clean close discards the snapshot. Each session holds an OS file lock on
``<session>.lock`` for its whole life (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
Windows); the OS releases it when the process ends, however it ends. A snapshot whose lock
can be taken was left by a dead editor (a crash, a kill): it is offered for recovery. A
snapshot whose lock is held belongs to a window still running and is never offered. The
PID in a snapshot is informative only: a zombie or a reused PID decides nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from desktop.core.atomic import atomic_write_text
from desktop.core.model import Draft, upgrade

FOLDER = "autosave"
LOCK_SUFFIX = ".lock"


class SessionLock:
    """An exclusive, non-blocking OS lock on one file, released by the OS when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock now; False when another process holds it (or the file cannot be opened)."""
        if self._fd is not None:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        try:
            _lock_fd(fd)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self, *, remove: bool = False) -> None:
        """Let go of the lock (and remove its file, which only the holder may do safely)."""
        if self._fd is None:
            return
        if remove:
            with suppress(OSError):
                self.path.unlink()
        with suppress(OSError):
            _unlock_fd(self._fd)
        with suppress(OSError):
            os.close(self._fd)
        self._fd = None


def _lock_fd(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_fd(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Snapshot:
    """One recoverable snapshot: where it is, when it was saved, which file it belongs to."""

    path: Path
    session: str
    saved_at: str  # ISO timestamp, local time
    source: str | None  # the draft file the clerk was editing, if it had been saved once
    pid: int  # informative only: recovery is decided by the session's lock
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
        self.lock = SessionLock(self.lock_path_for(self.session))

    def path_for(self, session: str) -> Path:
        return self.folder / f"{session}.json"

    def lock_path_for(self, session: str) -> Path:
        return self.folder / f"{session}{LOCK_SUFFIX}"

    def hold(self) -> bool:
        """Take this session's lock for the life of the process (an editor calls it at start)."""
        return self.lock.acquire()

    def close(self) -> None:
        """A clean end: the snapshot and the lock file go, the lock is released."""
        self.discard()
        self.lock.release(remove=True)

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
        self.hold()
        path = self.path_for(self.session)
        atomic_write_text(path, json.dumps(record, ensure_ascii=False))
        return path

    def discard(self, session: str | None = None) -> None:
        """Remove a snapshot (this session's by default); a missing one is fine. Another
        session's lock file goes with it when its lock can be taken (its editor is gone)."""
        session = session or self.session
        with suppress(OSError):
            self.path_for(session).unlink(missing_ok=True)
        if session != self.session:
            other = SessionLock(self.lock_path_for(session))
            if other.acquire():
                other.release(remove=True)

    def session_running(self, session: str) -> bool | None:
        """Whether an editor holds ``session``'s lock: True (running), False (its lock is free:
        the process is gone), None (no lock file: a snapshot from before locks were kept)."""
        if session == self.session:
            return True
        lock_path = self.lock_path_for(session)
        if not lock_path.exists():
            return None
        probe = SessionLock(lock_path)
        if probe.acquire():
            probe.release()
            return False
        return True

    def recoverable(self) -> list[Snapshot]:
        """Snapshots left by sessions that are no longer running (their lock is free), newest first."""
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
            running = self.session_running(snap.session)
            if running is None:  # no lock file (an older version wrote it): the PID is all there is
                running = snap.host == here and pid_alive(snap.pid)
            if running:
                continue
            found.append(snap)
        return sorted(found, key=lambda s: s.saved_at, reverse=True)
