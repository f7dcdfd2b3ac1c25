"""The form's closing sentence, copy block and attached documents (pytest-qt, offscreen).

Issue #4: the page as it will print (the copy block in the preview and the .docx), and never
losing work (a copy, a closing or an attachment survives opening, editing and saving)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.model import Draft, load_draft
from desktop.ui.askers import ScriptedAsker
from desktop.ui.draft_form import DraftForm
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import click_problem, docx_text, make_window, type_text

CLOSING = "Đề nghị các cơ quan, đơn vị triển khai thực hiện./."


@pytest.fixture
def form(qtbot):
    widget = DraftForm()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize("name", ["state_quyet_dinh", "seed_003_thong_bao_sao_luc", "seed_002_cong_van_kem_thong_bao"])
def test_form_round_trips_a_draft_with_a_copy_a_closing_and_attachments(form, name):
    draft = load_draft(EXAMPLES / f"{name}.json")
    for shown in (draft, replace(draft, closing=CLOSING), replace(draft, closing="Câu một.\nCâu hai./.")):
        form.set_draft(shown)
        assert form.draft() == shown
    assert form.copy_set.isChecked() == (draft.copy is not None)
    assert form.copy_fields.isVisible() == (draft.copy is not None)
    assert form.fields["closing"].isVisible()


def test_copy_fields_show_what_the_rules_compute(form):
    draft = load_draft(EXAMPLES / "state_quyet_dinh.json")
    form.set_draft(draft)
    assert form.text("copy.issuer") == "VĂN PHÒNG" and form.items("copy.recipients.others")[1] == "Sở Nội vụ"
    assert form.copy_number_label.text() == "Số: 35/SY-VPUBND"
    assert form.copy_date_label.text() == "Quảng Ninh, ngày 29 tháng 5 năm 2024"
    assert form.copy_authority_label.text() == "TL. CHỦ TỊCH"
    assert form.copy_recipient_label.text().splitlines()[-1] == "- Lưu: VT, KSTT."
    kinds = [form.copy_kind_box.itemText(i) for i in range(form.copy_kind_box.count())]
    assert kinds == ["SAO Y (ký hiệu SY)", "SAO LỤC (ký hiệu SL)", "TRÍCH SAO (ký hiệu TrS)"]  # B.2 Copy (paper)
    form.copy_kind_box.setCurrentIndex(form.copy_kind_box.findData("trich_sao"))
    assert form.copy_number_label.text() == "Số: 35/TrS-VPUBND"
    assert form.draft().copy.kind == "trich_sao"
    form.set_draft(load_draft(EXAMPLES / "party_thong_bao.json"))  # Party labels (B.1 Party copies)
    kinds = [form.copy_kind_box.itemText(i) for i in range(form.copy_kind_box.count())]
    assert kinds[0] == "SAO Y BẢN CHÍNH (ký hiệu BS)"
    assert not form.copy_set.isChecked() and not form.copy_fields.isVisible() and form.draft().copy is None


def test_attachments_are_listed_one_line_each(form):
    draft = load_draft(EXAMPLES / "seed_002_cong_van_kem_thong_bao.json")
    form.set_draft(draft)
    assert form.groups["attachments"].isVisible()
    lines = [form.attachment_list.item(i).text() for i in range(form.attachment_list.count())]
    assert len(lines) == 1 and lines[0].startswith("1. Thông báo: Kết luận của Ban Thường vụ Thành ủy")
    label = form.groups["attachments"].layout().labelForField(form.attachment_list)
    assert label.text() == "Văn bản kèm theo:"
    assert not form.attachment_buttons["edit"].isEnabled()  # nothing chosen yet
    form.attachment_list.setCurrentRow(0)
    assert form.attachment_buttons["edit"].isEnabled() and form.attachment_buttons["remove"].isEnabled()
    form.set_draft(load_draft(EXAMPLES / "party_thong_bao.json"))
    assert form.attachment_list.count() == 0 and form.attachment_buttons["add"].isEnabled()


def test_problems_on_copy_fields_and_the_closing_lead_to_their_widgets(form):
    form.set_draft(load_draft(EXAMPLES / "state_quyet_dinh.json"))
    assert form.widget_for("copy.number") == (form.fields["copy.number"], None)
    assert form.widget_for("copy.date") == (form.copy_date_edit, None)
    assert form.widget_for("copy.signature") == (form.fields["copy.signature.name"], None)
    assert form.widget_for("copy.recipients.others[1]") == (form.fields["copy.recipients.others"], 1)
    assert form.widget_for("copy") == (form.copy_set, None)
    assert form.widget_for("closing") == (form.fields["closing"], None)
    assert form.widget_for("signature") == (form.fields["signature.name"], None)
    form.focus_field("copy.recipients.others[1]")
    edit = form.fields["copy.recipients.others"]
    assert edit.textCursor().block().text() == "Sở Nội vụ"


def test_clicking_a_copy_number_problem_puts_the_cursor_in_that_field(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    draft = load_draft(EXAMPLES / "state_quyet_dinh.json")
    w.set_draft(replace(draft, copy=replace(draft.copy, number="3a"), closing="Trân trọng"), modified=True)
    problems = w.run_validation()
    assert any(p.field == "copy.number" and p.severity == "error" for p in problems)
    click_problem(qtbot, w, "copy.number")
    number = w.form.fields["copy.number"]
    qtbot.waitUntil(number.hasFocus, timeout=2000)
    assert number.selectedText() == "3a"
    click_problem(qtbot, w, "closing")  # the body end ./. (B.2 ô 6) is checked on the closing sentence
    qtbot.waitUntil(w.form.fields["closing"].hasFocus, timeout=2000)


def test_a_copy_block_added_in_the_form_is_previewed_and_exported(qtbot, tmp_path):
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker)
    w.set_draft(load_draft(EXAMPLES / "state_thong_bao.json"), modified=False)
    form = w.form
    assert not form.copy_fields.isVisible()
    form.ensurePolished()
    w.form_scroll.ensureWidgetVisible(form.copy_set)
    QTest.mouseClick(form.copy_set, Qt.MouseButton.LeftButton)
    assert form.copy_set.isChecked() and form.copy_fields.isVisible()
    form.copy_kind_box.setCurrentIndex(form.copy_kind_box.findData("sao_luc"))
    form.copy_kind_box.activated.emit(form.copy_kind_box.currentIndex())
    for path, text in (("copy.superior", "UBND tỉnh Quảng Ninh"), ("copy.issuer", "Văn phòng"),
                       ("copy.number", "4"), ("copy.agency_code", "VPUBND"), ("copy.place", "Quảng Ninh"),
                       ("copy.signature.position", "Chánh Văn phòng"), ("copy.signature.name", "lương văn sơn"),
                       ("copy.recipients.archive", "KSTT")):
        form.fields[path].setFocus()
        type_text(form.fields[path], text)
    form.copy_mode_box.setCurrentIndex(form.copy_mode_box.findData("by_order"))
    type_text(form.fields["copy.signature.whom"], "Chủ tịch")
    form.fields["copy.recipients.others"].setPlainText("Sở Nội vụ\nSở Tài chính")
    QTest.mouseClick(form.copy_date_set, Qt.MouseButton.LeftButton)
    form.copy_date_edit.setDate(QDate(2025, 2, 6))
    type_text(form.fields["closing"], CLOSING)

    assert form.copy_number_label.text() == "Số: 04/SL-VPUBND"
    assert form.copy_date_label.text() == "Quảng Ninh, ngày 06 tháng 02 năm 2025"
    copy = form.draft().copy
    assert copy.kind == "sao_luc" and copy.signature.mode == "by_order" and copy.date == "2025-02-06"
    assert form.draft().closing == CLOSING
    w.update_preview()
    model = w.preview.canvas.layout_model
    assert model.find("SAO LỤC").region == "copy_header_right"
    assert model.find("Số: 04/SL-VPUBND").field == "copy.number"
    assert model.find(CLOSING).field == "closing"
    errors = [p for p in w.run_validation() if p.severity == "error"]
    assert errors == [], [(p.field, p.message) for p in errors]

    target = w.export_docx(tmp_path / "thong-bao-sao-luc.docx")
    assert target is not None
    text = docx_text(target)
    lines = text.splitlines()
    for expected in ("SAO LỤC", "UBND TỈNH QUẢNG NINH", "VĂN PHÒNG", "Số: 04/SL-VPUBND",
                     "Quảng Ninh, ngày 06 tháng 02 năm 2025", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Lương Văn Sơn",
                     "- Sở Nội vụ;", "- Sở Tài chính;", "- Lưu: VT, KSTT.", CLOSING):
        assert expected in lines, expected
    # every line the preview draws for the copy block is a paragraph of the .docx
    for line in model.lines():
        if line.region.startswith("copy"):
            assert line.text in lines, line.text


def test_opening_seed_002_editing_the_summary_and_saving_keeps_attachment_copy_and_closing(qtbot, tmp_path):
    source = json.loads((EXAMPLES / "seed_002_cong_van_kem_thong_bao.json").read_text(encoding="utf-8"))
    seed_003 = json.loads((EXAMPLES / "seed_003_thong_bao_sao_luc.json").read_text(encoding="utf-8"))
    source["copy"], source["closing"] = seed_003["copy"], "Trân trọng./."
    path = tmp_path / "cong-van.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    before = load_draft(path)
    assert before.attachments and before.copy is not None

    w = make_window(qtbot, tmp_path / "data", ScriptedAsker())
    assert w.open_path(path)
    summary = w.form.fields["summary"]
    summary.setFocus()
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    type_text(QApplication.focusWidget(), " năm 2021")
    assert w.modified and w.save()

    after = load_draft(path)
    assert after.summary == before.summary + " năm 2021"
    assert after.attachments == before.attachments
    assert after.copy == before.copy and after.closing == before.closing
    assert replace(after, summary=before.summary) == before
    model = w.preview.canvas.layout_model
    assert max(page.section for page in model.pages) == 1  # the attachment is on the preview's last pages
    assert model.find("SAO LỤC") is not None


def test_new_draft_has_no_copy_and_toggling_keeps_what_was_typed(form):
    form.set_draft(Draft())
    assert form.draft().copy is None
    form.copy_set.setChecked(True)
    form.set_text("copy.issuer", "Văn phòng")
    assert form.draft().copy.issuer == "Văn phòng"
    form.copy_set.setChecked(False)
    assert form.draft().copy is None
    form.copy_set.setChecked(True)
    assert form.draft().copy.issuer == "Văn phòng"


def test_enacting_authority_is_asked_only_for_a_state_decision(form):
    form.set_draft(load_draft(EXAMPLES / "state_quyet_dinh.json"))
    layout, widget = form.rows["enacting_authority"]
    assert layout.isRowVisible(widget) and form.text("enacting_authority") == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"
    widget.setText("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH")
    assert form.draft().enacting_authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"
    form.set_draft(load_draft(EXAMPLES / "party_quyet_dinh.json"))
    assert not layout.isRowVisible(widget)
    form.set_draft(load_draft(EXAMPLES / "state_thong_bao.json"))
    assert not layout.isRowVisible(widget) and not form.groups["legal_bases"].isVisibleTo(form)
