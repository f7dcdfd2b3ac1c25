"""A third rule set (the 2026 Party guide, say) is added as data plus templates: no code changes.

Issue #2 item 1. The test copies the data folders, adds ``party_hd2026.json`` (the 2018 rules
with a 13 pt body), lists it in the two schemas (data edits), builds its templates with
tools/build_templates.py, and then validates, renders and checks a draft that uses it, in a
fresh interpreter that finds the data the way the frozen program does (``sys._MEIPASS``). The
checker judges a document by the rule set in force on its date (the rule set's "version").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from desktop.resources import DATA_FOLDERS, data_root
from tests.conftest import ROOT

NEW_ID = "party_hd2026"

# Runs in a fresh interpreter with the copied data folders as its data root.
CHILD = """
import sys
sys._MEIPASS = sys.argv[1]
from desktop.core.rules import available_rule_sets
from tools.build_templates import main as build
from desktop.cli import main as vanban
assert "party_hd2026" in available_rule_sets(), available_rule_sets()
assert build(["party_hd2026"]) == 0
print("validate", vanban(["validate", sys.argv[2]]))
print("render", vanban(["render", sys.argv[2], "-o", sys.argv[3]]))
from desktop.core.check import check_file
for document in check_file(sys.argv[3]).documents:
    sizes = [f.code for f in document.findings if f.code == "layout:body"]
    print("checked", document.rule_set, len(sizes))
"""


def add_rule_set(data: Path) -> None:
    rules = json.loads((data / "resources" / "rules" / "party_hd36.json").read_text(encoding="utf-8"))
    rules.update(id=NEW_ID, name="Hướng dẫn 2026 (thử)", version="2026-01-01")
    rules["parts"]["body"]["size"] = {"default": 13, "min": 13, "max": 14}
    (data / "resources" / "rules" / f"{NEW_ID}.json").write_text(json.dumps(rules, ensure_ascii=False), "utf-8")
    for name in ("draft.schema.json", "profile.schema.json"):
        path = data / "schemas" / name
        # Every "party_hd36" enum gains the new id; every if/then on party_hd36 gets a twin.
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema["properties"]["rule_set"]["enum"].append(NEW_ID)
        twins = [json.loads(json.dumps(block).replace('"party_hd36"', f'"{NEW_ID}"'))
                 for block in schema.get("allOf", []) if '"party_hd36"' in json.dumps(block)]
        schema.setdefault("allOf", []).extend(twins)
        path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


@pytest.mark.slow
def test_a_third_rule_set_needs_only_data_and_templates(tmp_path: Path):
    data = tmp_path / "data"
    for folder in DATA_FOLDERS:
        shutil.copytree(data_root() / folder, data / folder)
    add_rule_set(data)
    draft = json.loads((ROOT / "examples" / "party_thong_bao.json").read_text(encoding="utf-8"))
    draft["rule_set"] = NEW_ID
    draft["date"] = "2026-06-01"  # after the new guide's "version" date: the checker judges by it
    draft_path, out = tmp_path / "new.json", tmp_path / "new.docx"
    draft_path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", CHILD, str(data), str(draft_path), str(out)],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = [line for line in result.stdout.splitlines() if line.startswith(("validate ", "render ", "checked "))]
    assert outcome == ["validate 0", "render 0", f"checked {NEW_ID} 0"], result.stdout + result.stderr
    assert (data / "templates_docx" / NEW_ID / "van_ban.docx").is_file()
    assert not (ROOT / "templates_docx" / NEW_ID).exists()

    body_style = docx.Document(str(out)).styles["VB Body"]
    assert body_style.font.size.pt == 13  # the new rule set's own body size (was 14 in party_hd36)
