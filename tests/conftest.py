"""Shared fixtures. Qt runs offscreen; LibreOffice tests are required on CI, skipped elsewhere."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# A snapshot of ../shared (seeds, the NĐ 30 reference files, the spec) kept in the repository,
# so a clean clone tests alone; tests/test_shared_snapshot.py compares it with ../shared when present.
SHARED = ROOT / "tests" / "data" / "shared"
SEEDS = SHARED / "seeds"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _require_soffice() -> str:
    """The LibreOffice binary; a missing one fails on CI (tasks.py installs it) and skips elsewhere."""
    path = soffice_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required on CI (tasks.py installs libreoffice-writer-nogui)")
        pytest.skip("LibreOffice not installed")
    return path


@pytest.fixture
def soffice() -> str:
    return _require_soffice()


@pytest.fixture(scope="module")
def soffice_module() -> str:
    """:func:`soffice` for module-scoped fixtures (a PDF made once for a whole test file)."""
    return _require_soffice()


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the session (tests/pg_server.py); FAILS, never skips, when absent."""
    from tests.pg_server import PostgresUnavailable, start_server

    try:
        server = start_server()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL test server could not start: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def register_settings(request, tmp_path):
    """Register settings for a fresh, empty register on each backend (the same suite runs on both)."""
    from desktop.core.profile import RegisterSettings

    if request.param == "sqlite":
        return RegisterSettings(backend="sqlite", database=str(tmp_path / "register.sqlite3"))
    server = request.getfixturevalue("pg_server")
    return RegisterSettings(backend="postgresql", database=server.new_database())


@pytest.fixture
def register_store(register_settings):
    """An open, empty register on each backend."""
    from desktop.core.register import open_register

    store = open_register(register_settings)
    yield store
    store.close()
