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


@pytest.fixture
def soffice() -> str:
    """The LibreOffice binary; a missing one fails on CI and skips elsewhere."""
    path = soffice_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required on CI (tasks.py installs libreoffice-writer-nogui)")
        pytest.skip("LibreOffice not installed")
    return path
