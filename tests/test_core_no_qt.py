"""The core never imports Qt (Anki-style layering): it must run where PySide6 cannot load."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_modules_import_with_pyside6_blocked():
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("Qt is blocked in this test")
        sys.meta_path.insert(0, BlockQt())
        import desktop.core
        names = [m.name for m in pkgutil.walk_packages(desktop.core.__path__, "desktop.core.")]
        for name in names:
            importlib.import_module(name)
        import desktop.cli
        desktop.cli.build_parser()
        print(len(names))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 8


def test_no_pyside6_import_statement_in_core_sources():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "desktop" / "core").rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
