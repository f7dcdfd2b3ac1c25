"""The register in one SQLite file (one desk): WAL, ``BEGIN IMMEDIATE``, a busy timeout.

Two windows (or processes) on one desk issue through the same file: ``BEGIN IMMEDIATE``
takes the write lock before the number is read, so they never get the same number. A
process killed mid-issue leaves its transaction uncommitted: no row, no number used.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.core.register.store import MIGRATIONS, RegisterError, RegisterStore

DEFAULT_TIMEOUT_S = 10.0
FILE_NAME = "register.sqlite3"


def _is_locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class SqliteRegister(RegisterStore):
    """A register file; created (and migrated) on first use."""

    placeholder = "?"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, path: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(self.path), timeout=timeout_s, isolation_level=None,
                                        check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise RegisterError("register.open_failed", where=self.location, reason=str(exc)) from exc
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")  # a committed number survives a power cut
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self._applied_version() < MIGRATIONS[-1][0]:
                with self.transaction() as cur:
                    self.migrate_in(cur)
        except RegisterError:
            self.conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise RegisterError("register.open_failed", where=self.location, reason=str(exc)) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        cur = self.conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_locked(exc):
                raise RegisterError("register.locked", where=self.location) from exc
            raise RegisterError("register.failed", where=self.location, reason=str(exc)) from exc
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                cur.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError):
                raise RegisterError("register.number_taken", where=self.location, reason=str(exc)) from exc
            if isinstance(exc, sqlite3.OperationalError) and _is_locked(exc):
                raise RegisterError("register.locked", where=self.location) from exc
            if isinstance(exc, sqlite3.Error):
                raise RegisterError("register.failed", where=self.location, reason=str(exc)) from exc
            raise
        finally:
            cur.close()

    def _applied_version(self) -> int:
        """The schema version already applied (0 for a new file), read without the write lock."""
        try:
            row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0] or 0)

    def read_cursor(self) -> Any:
        return self.conn.cursor()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
