"""The register on a PostgreSQL server (an office where several clerks issue).

psycopg 3, imported only when this backend is used. A number is taken in one transaction
under a per-series ``pg_advisory_xact_lock`` and the counter row's lock
(``INSERT … ON CONFLICT DO UPDATE``); ``UNIQUE (series, cycle, number)`` is the last guard.
The schema is created and migrated by the app (``schema_migrations``), under a lock so two
clerks starting the program together do not both migrate. The password never comes from
the profile: an environment variable or the OS keyring.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import TEXT_INDEX, RegisterError, RegisterStore

KEYRING_SERVICE = "VanBan"
DEFAULT_PASSWORD_ENV = "VANBAN_PG_PASSWORD"
_MIGRATION_LOCK = 0x56414E42  # "VANB"
_LOG = logging.getLogger("vanban.register")
_SAID_SCAN: set[str] = set()


def _say_scan_once(location: str, reason: str) -> None:
    """Log once per server and process that the text search scans the rows (no pg_trgm index)."""
    if location in _SAID_SCAN:
        return
    _SAID_SCAN.add(location)
    _LOG.warning("register %s: no pg_trgm index, text search scans the rows (%s)", location,
                 reason or "the index is missing")


def lookup_password(conninfo: str, password_env: str = "") -> str | None:
    """The password for ``conninfo``: the named environment variable, VANBAN_PG_PASSWORD,
    then the OS keyring (service "VanBan", user = the connection string); None if none."""
    for name in (password_env, DEFAULT_PASSWORD_ENV):
        if name and os.environ.get(name):
            return os.environ[name]
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, conninfo)
    except Exception:  # no keyring backend on this machine: no password
        return None


def has_password(conninfo: str) -> bool:
    """Whether a connection string carries a password (refused: it belongs in the keyring)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        return bool(conninfo_to_dict(conninfo).get("password"))
    except Exception:  # unparsable strings are reported on connect
        return "password" in conninfo.lower()


class PostgresRegister(RegisterStore):
    """A register in a PostgreSQL database; the schema is created on first use."""

    placeholder = "%s"
    serial = "BIGSERIAL PRIMARY KEY"

    def __init__(self, conninfo: str, *, password_env: str = "", connect_timeout_s: int = 10,
                 lock_timeout_ms: int = 30000) -> None:
        if has_password(conninfo):
            raise RegisterError("register.password_in_profile")
        try:
            import psycopg
        except ImportError as exc:
            raise RegisterError("register.no_psycopg") from exc
        self._psycopg = psycopg
        self._text_indexed = False
        self._text_index_problem = ""
        self.conninfo = conninfo
        self.location = self._describe(conninfo)
        kwargs: dict[str, Any] = {"connect_timeout": connect_timeout_s, "application_name": "vanban-register"}
        password = lookup_password(conninfo, password_env)
        if password:
            kwargs["password"] = password
        try:
            self.conn = psycopg.connect(conninfo, autocommit=False, **kwargs)
            with self.conn.cursor() as cur:
                cur.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
            self.conn.commit()
            with self.transaction() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                self._tried_text_index = False
                if self.migrate_in(cur) >= 2 and not self._tried_text_index and not self._has_text_index(cur):
                    self.create_text_index(cur)  # pg_trgm may have been installed since
            self._text_indexed = self._has_text_index(self.read_cursor())
            if not self._text_indexed:
                _say_scan_once(self.location, self._text_index_problem)
        except psycopg.Error as exc:
            raise RegisterError("register.server_unreachable", where=self.location, reason=_first_line(exc)) from exc

    @staticmethod
    def _describe(conninfo: str) -> str:
        try:
            from psycopg.conninfo import conninfo_to_dict

            info = conninfo_to_dict(conninfo)
            return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"
        except Exception:
            return "PostgreSQL"

    def create_text_index(self, cur: Any) -> bool:
        """``CREATE EXTENSION pg_trgm`` and a GIN trigram index on the folded search columns,
        in a savepoint: where the extension is missing or not allowed the register works on,
        its text search scanning the rows (said once in the log and by ``register check``)."""
        psycopg = self._psycopg
        self._tried_text_index = True
        cur.execute("SAVEPOINT text_index")
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cur.execute(f"CREATE INDEX IF NOT EXISTS {TEXT_INDEX} ON register_entry USING gin (search gin_trgm_ops)")
            cur.execute("CREATE INDEX IF NOT EXISTS register_entry_signer_trgm ON register_entry "
                        "USING gin (signer_search gin_trgm_ops)")
        except psycopg.Error as exc:
            cur.execute("ROLLBACK TO SAVEPOINT text_index")
            self._text_index_problem = _first_line(exc)
            return False
        cur.execute("RELEASE SAVEPOINT text_index")
        return True

    @staticmethod
    def _has_text_index(cur: Any) -> bool:
        cur.execute("SELECT 1 FROM pg_indexes WHERE tablename = 'register_entry' AND indexname = %s",
                    (TEXT_INDEX,))
        return cur.fetchone() is not None

    def text_index_state(self) -> str:
        return "indexed" if self._text_indexed else "scan"

    @property
    def text_index_problem(self) -> str:
        """Why the server refused the trigram index (empty when it did not refuse)."""
        return self._text_index_problem

    def backend_pid(self) -> int:
        return int(self.conn.info.backend_pid)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        psycopg = self._psycopg
        if self.conn.closed:
            raise RegisterError("register.connection_lost", where=self.location, reason="closed")
        cur = self.conn.cursor()
        try:
            yield cur
            self.conn.commit()
        except BaseException as exc:
            with contextlib.suppress(psycopg.Error):
                self.conn.rollback()
            if isinstance(exc, psycopg.errors.UniqueViolation):
                raise RegisterError("register.number_taken", where=self.location, reason=_first_line(exc)) from exc
            if isinstance(exc, psycopg.errors.LockNotAvailable):
                raise RegisterError("register.locked", where=self.location) from exc
            if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
                raise RegisterError("register.connection_lost", where=self.location, reason=_first_line(exc)) from exc
            if isinstance(exc, psycopg.Error):
                raise RegisterError("register.failed", where=self.location, reason=_first_line(exc)) from exc
            raise
        finally:
            with contextlib.suppress(psycopg.Error):
                cur.close()

    def lock_series(self, cur: Any, key: SeriesKey) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"{key.series}\x1f{key.cycle}",))

    def read_cursor(self) -> Any:
        if self.conn.closed:
            raise RegisterError("register.connection_lost", where=self.location, reason="closed")
        with contextlib.suppress(self._psycopg.Error):
            self.conn.rollback()  # each read sees the latest committed rows
        try:
            return _ReadCursor(self)
        except self._psycopg.Error as exc:  # the rollback found the server gone
            raise RegisterError("register.connection_lost", where=self.location, reason=_first_line(exc)) from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()


class _ReadCursor:
    """A cursor that turns a lost server into a Vietnamese message."""

    def __init__(self, store: PostgresRegister) -> None:
        self.store = store
        self.cur = store.conn.cursor()

    def execute(self, sql: str, params: Any = None) -> None:
        try:
            self.cur.execute(sql, params)
        except self.store._psycopg.Error as exc:
            with contextlib.suppress(self.store._psycopg.Error):
                self.store.conn.rollback()
            raise RegisterError("register.connection_lost", where=self.store.location, reason=_first_line(exc)) from exc

    def fetchone(self) -> Any:
        return self.cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self.cur.fetchall()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
