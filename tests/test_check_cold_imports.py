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
                         "desktop.core.render")


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
