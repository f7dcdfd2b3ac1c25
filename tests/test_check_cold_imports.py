"""A cold ``vanban check FILE`` loads only what a check needs: no jsonschema (about 80 ms), no process
pool for one file, no docxtpl, babel, python-docx or Qt (issue #16, "speed for the person waiting")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.core.model import load_draft
from desktop.core.render import render_to_file
from tests.conftest import EXAMPLES, ROOT

NOT_ON_THE_CHECK_PATH = ("jsonschema", "concurrent.futures.process", "docxtpl", "babel", "docx", "PySide6",
                         "desktop.core.render", "desktop.core.model", "hashlib",
                         # one file is checked in a plain fork on Linux; dataclasses compile each
                         # class's methods at start-up (desktop/core/records.py); LibreOffice only for .doc
                         *(("multiprocessing",) if sys.platform == "linux" else ()), "dataclasses",
                         "desktop.core.office", "subprocess", "tempfile")


def test_a_cold_check_of_one_file_imports_nothing_it_does_not_use(tmp_path: Path):
    target = render_to_file(load_draft(EXAMPLES / "party_thong_bao.json"), tmp_path / "thong_bao.docx")
    code = ("import contextlib, io, json, sys\n"
            "from desktop.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    status = main(['check', sys.argv[1]])\n"
            "print(json.dumps({'status': status, 'report': out.getvalue()[:200], 'modules': sorted(sys.modules)}))\n")
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, check=True)
    result = json.loads(done.stdout)
    assert result["status"] == 0 and result["report"].startswith(f"Tệp: {target}")
    loaded = [name for name in NOT_ON_THE_CHECK_PATH if name in result["modules"]]
    assert loaded == []


def test_validation_still_loads_jsonschema_when_it_runs():
    from desktop.core.schema import schema_validator, validate_draft

    assert validate_draft(load_draft(EXAMPLES / "party_thong_bao.json")) == []
    assert type(schema_validator("draft")).__module__.startswith("jsonschema")


def test_a_check_called_from_code_leaves_garbage_collection_as_it_was(tmp_path: Path, capsys):
    """Only the program's own run freezes its start-up objects; a caller's collector is untouched."""
    import gc

    from desktop.cli import main

    target = render_to_file(load_draft(EXAMPLES / "party_thong_bao.json"), tmp_path / "thong_bao.docx")
    frozen = gc.get_freeze_count()
    assert main(["check", str(target)]) == 0
    assert capsys.readouterr().out.startswith(f"Tệp: {target}")
    assert gc.isenabled() and gc.get_freeze_count() == frozen
