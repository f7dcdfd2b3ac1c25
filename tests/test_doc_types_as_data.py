"""A document type is data (issue #17): its name, code, form, required parts and example live in
the rule set; the template is chosen by form, so a new type of an existing form needs no code.

Every type renders from its example as a Word-valid document whose tên loại and ký hiệu are the
type's own (the checker and the import round trip are in tests/test_check_roundtrip.py).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from desktop.core import compute
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from desktop.core.rules import FORM_GROUPS, available_rule_sets, load_rule_set
from desktop.core.word_validation import validate_docx_bytes
from desktop.resources import DATA_FOLDERS, data_root
from tests.conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_schema

TYPES = [(rid, key) for rid in available_rule_sets() for key in load_rule_set(rid).doc_types]


def spec_codes(section: str) -> dict[str, str]:
    """Type → code from a table of spec C.2 (three pairs a row) or C.3 (type | code | evidence)."""
    text = (ROOT / "tests" / "data" / "shared" / "spec" / "layout-rules.md").read_text(encoding="utf-8")
    start = text.index(f"### {section}")
    block = text[start:text.index("\n### ", start + 1)]
    out: dict[str, str] = {}
    for line in block.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or set(cells[0]) <= {"-", " "} or cells[0] == "Type":
            continue
        pairs = zip(cells[0::2], cells[1::2], strict=False) if section == "C.2" else [(cells[0], cells[1])]
        for name, code in pairs:
            out[name.split(" (")[0]] = code.split(" ")[0].strip("*")
    return out


def test_every_state_type_has_the_code_of_spec_c2():
    rules = load_rule_set("state_nd30")
    table = spec_codes("C.2")
    for doc_type in rules.doc_types.values():
        if doc_type.letter:
            assert doc_type.code is None  # C.2: a công văn has no type code
            continue
        assert table[doc_type.label] == doc_type.code, doc_type.key


def test_every_party_type_has_the_code_of_spec_c3():
    rules = load_rule_set("party_hd36")
    table = spec_codes("C.3")
    for doc_type in rules.doc_types.values():
        assert doc_type.code == rules.type_codes[doc_type.label], doc_type.key
        if doc_type.label in table:
            assert table[doc_type.label] == doc_type.code, doc_type.key


def test_the_issue_lists_types_are_offered():
    state = {t.label for t in load_rule_set("state_nd30").doc_types.values()}
    party = {t.label for t in load_rule_set("party_hd36").doc_types.values()}
    assert {"Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Hướng dẫn", "Chương trình", "Phương án", "Đề án",
            "Dự án", "Bản ghi nhớ", "Bản thỏa thuận", "Giấy ủy quyền"} <= state
    assert {"Nghị quyết", "Chỉ thị", "Kết luận", "Quy chế", "Quy định", "Thông tri", "Hướng dẫn",
            "Chương trình", "Đề án", "Phương án"} <= party


@pytest.mark.parametrize(("example", "decide"), [("state_nghi_quyet.json", "QUYẾT NGHỊ:"),
                                                 ("state_quyet_dinh.json", "QUYẾT ĐỊNH:")])
def test_an_enacting_type_prints_its_own_decide_line(example: str, decide: str):
    """Mẫu 1.1 Nghị quyết (cá biệt) and Mẫu 1.2 Quyết định share a form; each prints its own line
    under the căn cứ, centred and bold like B.2 ô 6."""
    draft = load_draft(EXAMPLES / example)
    document = docx.Document(io.BytesIO(render_bytes(draft)))
    texts = [p.text for p in document.paragraphs]
    [line] = [p for p in document.paragraphs if p.text in ("QUYẾT NGHỊ:", "QUYẾT ĐỊNH:")]
    assert line.text == decide and line.style.name == "VB Decide"
    assert line.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER and line.style.font.bold
    assert texts.index(decide) > max(i for i, t in enumerate(texts) if t.startswith(("Căn cứ", "Xét", "Theo")))


def test_types_are_grouped_as_clerks_think_of_them():
    for rid in available_rule_sets():
        rules = load_rule_set(rid)
        groups = rules.types_by_group()
        assert list(groups) == [g for g in FORM_GROUPS if g in groups]
        assert [t.key for t in groups["letter"]] == ["cong_van"]
        assert "giay_moi" in [t.key for t in groups["paper"]]
        assert sum(map(len, groups.values())) == len(rules.doc_types)


@pytest.mark.parametrize(("rule_set", "key"), TYPES, ids=[f"{r}-{k}" for r, k in TYPES])
def test_every_type_renders_its_example_as_a_valid_word_document(rule_set: str, key: str):
    rules = load_rule_set(rule_set)
    doc_type = rules.doc_type(key)
    draft = load_draft(EXAMPLES / doc_type.example)
    assert (draft.rule_set, draft.doc_type) == (rule_set, key)
    data = render_bytes(draft)
    assert validate_docx_bytes(data) == []
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    number_line = compute.draft_number_line(draft, rules)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(number_line in c for c in cells)
    if doc_type.code:
        assert f"{doc_type.code}{rules.number['code'][len('{type_code}')]}" in number_line
    if doc_type.letter:
        assert doc_type.name not in texts
    else:
        title = next(p for p in document.paragraphs if p.text == doc_type.name)
        part = rules.part("type_name")
        assert title.style.name == "VB Type Name"
        assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert title.style.font.bold is bool(part.bold) and title.style.font.size.pt == part.size.default


CHILD = """
import sys
sys._MEIPASS = sys.argv[1]
from desktop.core.rules import load_rule_set
assert "hop_dong" in load_rule_set("state_nd30").doc_types
import build_schema
print("schema", build_schema.main([]))
from desktop.cli import main as vanban
print("validate", vanban(["validate", sys.argv[2]]))
print("render", vanban(["render", sys.argv[2], "-o", sys.argv[3]]))
from desktop.core.check import check_file
for document in check_file(sys.argv[3]).documents:
    print("checked", document.doc_type, len([f for f in document.findings if f.severity in ("error", "warning")]))
"""


@pytest.mark.slow
def test_a_new_type_of_an_existing_form_needs_no_code(tmp_path: Path):
    """Hợp đồng (C.2: HĐ) added as one line of rule data in a copy of the data folders: the schema
    is regenerated from the data (tools/build_schema.py), no template is built, and the draft
    validates, renders with the văn bản có tên loại form and checks clean."""
    data = tmp_path / "data"
    for folder in DATA_FOLDERS:
        shutil.copytree(data_root() / folder, data / folder)
    path = data / "resources" / "rules" / "state_nd30.json"
    rules = json.loads(path.read_text(encoding="utf-8"))
    rules["doc_types"]["hop_dong"] = {"name": "HỢP ĐỒNG", "label": "Hợp đồng", "code": "HĐ", "form": "van_ban",
                                       "addressee": "none", "legal_bases": False, "example": "state_hop_dong.json"}
    path.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    templates_before = sorted(p.name for p in (data / "templates_docx" / "state_nd30").iterdir())
    draft = json.loads((EXAMPLES / "state_thong_bao.json").read_text(encoding="utf-8"))
    draft.update(doc_type="hop_dong", summary="Cung cấp dịch vụ số hóa tài liệu lưu trữ năm 2026")
    draft_path, out = tmp_path / "hop_dong.json", tmp_path / "hop_dong.docx"
    draft_path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tools")])}
    result = subprocess.run([sys.executable, "-c", CHILD, str(data), str(draft_path), str(out)],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = [line for line in result.stdout.splitlines() if line.startswith(("schema ", "validate ", "render ",
                                                                               "checked "))]
    assert outcome == ["schema 0", "validate 0", "render 0", "checked hop_dong 0"], result.stdout + result.stderr
    assert sorted(p.name for p in (data / "templates_docx" / "state_nd30").iterdir()) == templates_before
    assert "HỢP ĐỒNG" in [p.text for p in docx.Document(str(out)).paragraphs]
    schema = json.loads((data / "schemas" / "draft.schema.json").read_text(encoding="utf-8"))
    assert "hop_dong" in schema["properties"]["doc_type"]["enum"]


def test_the_committed_schema_is_generated_from_the_rule_data():
    assert build_schema.main(["--check"]) == 0
