"""Skipping is not passing: without a PostgreSQL server the register suite FAILS, with the reason."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_the_register_suite_fails_when_postgresql_cannot_start(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VANBAN_PG_BIN": str(tmp_path / "no-postgres"),
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
         "tests/test_register_store.py", "-k", "numbers_start and postgresql"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "PostgreSQL test server could not start" in out and "holds no initdb" in out
    assert "1 error" in out and "skipped" not in out  # a fixture that fails is an error: the run fails
