"""Report recipients of a state document (spec D.1): "(để báo cáo)" after each name as NĐ 30 Phụ lục III
prints it; grouped under one brace "}" only when the draft asks (``recipients.report_brace``); the
checker accepts both and the importer gives back what was printed. Party documents always group."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from desktop.core import compute
from desktop.core.check import check_file
from desktop.core.check.importer import import_docx, normalize_for_roundtrip
from desktop.core.layout import layout_draft
from desktop.core.model import Draft, load_draft
from desktop.core.render import render_bytes, render_to_file
from desktop.core.rules import load_rule_set
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES

REPORT = ["Bộ Khoa học và Công nghệ", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh"]


def _state(brace: bool) -> Draft:
    draft = load_draft(EXAMPLES / "state_ke_hoach.json")
    draft.recipients = replace(draft.recipients, report=list(REPORT), report_brace=brace)
    return draft


def _closing_cell(data: bytes):
    document = docx.Document(io.BytesIO(data))
    return next(c for t in document.tables for row in t.rows for c in row.cells if c.text.startswith("Nơi nhận:"))


def test_a_state_draft_prints_the_note_after_each_report_name_by_default(tmp_path: Path):
    draft = _state(brace=False)
    cell = _closing_cell(render_bytes(draft))
    lines = cell.text.split("\n")
    assert lines[1:4] == [f"- {name} (để báo cáo);" for name in REPORT]
    assert not cell.tables and "rightBrace" not in cell._tc.xml
    path = render_to_file(draft, tmp_path / "ke_hoach.docx")
    findings = check_file(path).documents[0].findings
    assert [f.code for f in findings if "recipients" in f.code] == []
    back = import_docx(path)
    assert (back.recipients.report, back.recipients.report_brace) == (REPORT, False)
    assert normalize_for_roundtrip(back).to_dict() == normalize_for_roundtrip(draft).to_dict()


def test_a_state_draft_asking_for_the_brace_groups_its_report_names(tmp_path: Path):
    draft = _state(brace=True)
    cell = _closing_cell(render_bytes(draft))
    [group] = cell.tables
    names, brace, note = group.rows[0].cells
    assert names.text.split("\n") == [f"- {name};" for name in REPORT]
    assert "rightBrace" in brace._tc.xml and note.text == "(để báo cáo)"
    path = render_to_file(draft, tmp_path / "ke_hoach_ngoac.docx")
    findings = check_file(path).documents[0].findings
    assert [f.code for f in findings if "recipients" in f.code] == []
    back = import_docx(path)
    assert (back.recipients.report, back.recipients.report_brace) == (REPORT, True)
    assert normalize_for_roundtrip(back).to_dict() == normalize_for_roundtrip(draft).to_dict()


@pytest.mark.parametrize("brace", [False, True])
def test_party_documents_always_group_their_report_names(brace: bool):
    draft = load_draft(EXAMPLES / "party_bao_cao.json")
    draft.recipients.report_brace = brace
    cell = _closing_cell(render_bytes(draft))
    [group] = cell.tables
    assert "rightBrace" in group.rows[0].cells[1]._tc.xml and group.rows[0].cells[2].text == "(để b/c)"


@pytest.mark.parametrize("brace", [False, True])
def test_the_preview_draws_the_brace_only_when_the_state_draft_asks(brace: bool):
    model = layout_draft(_state(brace))
    braces = [r for page in model.pages for r in page.rules if r.shape == "brace"]
    notes = [ln.text for page in model.pages for ln in page.lines if "(để báo cáo)" in ln.text]
    assert len(braces) == (1 if brace else 0)
    assert notes == (["(để báo cáo)"] if brace else [f"- {name} (để báo cáo);" for name in REPORT])


def test_the_option_is_typed_and_a_draft_without_it_keeps_its_json():
    data = json.loads((EXAMPLES / "state_ke_hoach.json").read_text(encoding="utf-8"))
    assert "report_brace" not in data["recipients"]
    assert load_draft(EXAMPLES / "state_ke_hoach.json").to_dict()["recipients"] == data["recipients"]
    assert _state(brace=True).to_dict()["recipients"]["report_brace"] is True
    data["recipients"]["report_brace"] = "có"
    [problem] = [p for p in validate_draft(data) if p.field == "recipients.report_brace"]
    assert problem.code == "schema.type" and "Gộp nơi nhận báo cáo" in problem.message
    rules = load_rule_set("state_nd30")
    assert compute.report_grouped(_state(brace=False).recipients, rules) is False
    assert rules.recipients["report_brace"] == "on_request"
    assert load_rule_set("party_hd36").recipients["report_brace"] == "always"


def test_the_editor_offers_the_brace_for_state_drafts_only(qtbot):
    from desktop.ui.draft_form import DraftForm

    form = DraftForm()
    qtbot.addWidget(form)
    form.show()
    form.set_draft(_state(brace=False))
    assert form.report_brace.isVisible() and not form.report_brace.isChecked()
    assert "- Bộ Khoa học và Công nghệ (để báo cáo);" in form.recipient_label.text()
    form.report_brace.setChecked(True)
    assert form.draft().recipients.report_brace is True
    assert "- Bộ Khoa học và Công nghệ;" in form.recipient_label.text()
    form.set_draft(load_draft(EXAMPLES / "state_cong_van.json"))
    assert form.report_brace.isChecked()
    form.set_draft(load_draft(EXAMPLES / "party_bao_cao.json"))
    assert not form.report_brace.isVisible()
