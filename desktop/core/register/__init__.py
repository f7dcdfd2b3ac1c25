"""The outgoing register (sổ đăng ký văn bản đi, NĐ 30 Điều 16 and Phụ lục IV; HD 36 point 1.3.1).

:func:`open_register` opens the store the profile names: a SQLite file in the user data
folder by default, or a PostgreSQL database for an office. Never imports Qt; psycopg is
imported only for the PostgreSQL backend.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.profile import APP_NAME, RegisterSettings
from desktop.core.register.sqlite_store import FILE_NAME
from desktop.core.register.store import RegisterError, RegisterStore


def default_data_dir() -> Path:
    import os

    from platformdirs import user_data_dir

    if os.environ.get("VANBAN_DATA_DIR"):
        return Path(os.environ["VANBAN_DATA_DIR"])
    return Path(user_data_dir(APP_NAME, appauthor=False))


def open_register(settings: RegisterSettings | None = None, data_dir: Path | None = None, *,
                  timeout_s: float | None = None) -> RegisterStore:
    """The register of ``settings`` (default: SQLite in ``data_dir`` or the user data folder)."""
    settings = settings or RegisterSettings()
    if settings.backend == "postgresql":
        from desktop.core.register.pg_store import PostgresRegister

        if not settings.database.strip():
            raise RegisterError("register.no_connection_string")
        return PostgresRegister(settings.database.strip(), password_env=settings.password_env)
    from desktop.core.register.sqlite_store import DEFAULT_TIMEOUT_S, SqliteRegister

    path = Path(settings.database) if settings.database.strip() else (data_dir or default_data_dir()) / FILE_NAME
    return SqliteRegister(path, timeout_s=DEFAULT_TIMEOUT_S if timeout_s is None else timeout_s)
