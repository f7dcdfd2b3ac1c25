"""What clerks type in Word, imported without losing it (issue #16): a draft's date whose day is left
blank keeps its month and year; 'Điều 1:' / 'Điều 1 .' / 'Điều 1 -' are articles; 'GIẤY MỜI HỌP'
is the tên loại Giấy mời and the trích yếu is the line under it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from desktop.core import compute
from desktop.core.check import check_file
from desktop.core.check.importer import import_docx
from desktop.core.model import Draft, load_draft
from desktop.core.render import render_bytes, render_to_file
from desktop.core.rules import load_rule_set
from desktop.core.schema import validate_draft
from tests.clerk_docx import clerk_giay_moi, clerk_quyet_dinh
from tests.conftest import EXAMPLES

BLANK_DAY = "ngày      tháng 4 năm 2026"  # the rules' blank day: the width a pen needs


def _date_cell(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return next(text.split("\n")[-1] for text in cells if ", ngày" in text)


@pytest.mark.parametrize("typed", ["An Phú, ngày    tháng 4 năm 2026", "An Phú, ngày tháng 4 năm 2026",
                                   "An Phú, ngày ..... tháng 4 năm 2026"])
def test_a_draft_date_with_a_blank_day_keeps_its_month_and_year(tmp_path: Path, typed: str):
    draft = import_docx(clerk_quyet_dinh(tmp_path / "du_thao.docx", date_line=typed))
    assert (draft.place, draft.date) == ("An Phú", "2026-04")
    assert compute.draft_date_line(draft) == f"An Phú, {BLANK_DAY}"
    assert all("tháng 4 năm 2026" not in p.text for p in draft.body)  # the date line is not body text


def test_a_draft_date_with_day_and_month_blank_keeps_its_year(tmp_path: Path):
    draft = import_docx(clerk_quyet_dinh(tmp_path / "du_thao.docx", date_line="An Phú, ngày   tháng   năm 2026"))
    assert draft.date == "2026"
    assert compute.draft_date_line(draft) == "An Phú, ngày      tháng      năm 2026"


def test_a_blank_day_is_rendered_blank_and_checked_as_a_draft_not_yet_issued(tmp_path: Path):
    """The rendered line leaves the day to be written at issue; the checker says 'not issued' (info), no
    error on the date line; validation warns the date is still to be completed; import gives it back."""
    draft = import_docx(clerk_quyet_dinh(tmp_path / "du_thao.docx", date_line="An Phú, ngày    tháng 4 năm 2026"))
    out = render_to_file(draft, tmp_path / "rendered.docx")
    assert _date_cell(out.read_bytes()) == f"An Phú, {BLANK_DAY}"
    findings = check_file(out).documents[0].findings
    assert [(f.code, f.severity) for f in findings if f.code == "draft:not_issued"] == [("draft:not_issued", "info")]
    assert not [f for f in findings if f.code.endswith("place_date") and f.severity != "info"]
    problems = [(p.code, p.severity) for p in validate_draft(draft.to_dict()) if p.field == "date"]
    assert problems == [("rule.date_blank", "warning")]
    assert import_docx(out).date == "2026-04"


def test_a_partial_date_is_a_draft_value_of_the_schema_and_nothing_else_is():
    data = json.loads((EXAMPLES / "state_quyet_dinh.json").read_text(encoding="utf-8"))
    for good in ("2026-04", "2026", "2026-12"):
        data["date"] = good
        assert not [p for p in validate_draft(data) if p.code.startswith("schema")], good
    for bad in ("2026-13", "2026-4", "2026-00", "26-04", "2026-02-30"):
        data["date"] = bad
        assert [p.field for p in validate_draft(data) if p.code.startswith("schema")] == ["date"], bad


def test_drafts_with_a_full_date_or_none_keep_their_json():
    for path in sorted(EXAMPLES.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert load_draft(path).to_dict()["date"] == raw["date"]
    assert Draft.from_dict(Draft(date="2026-04").to_dict()).date == "2026-04"


def test_the_editor_shows_and_keeps_a_blank_day(qtbot):
    """The date field holds month and year with 'để trống ngày'; the computed line shows the blank day."""
    from desktop.ui.draft_form import DraftForm

    form = DraftForm()
    qtbot.addWidget(form)
    draft = load_draft(EXAMPLES / "state_quyet_dinh.json")
    draft.date = "2026-04"
    form.set_draft(draft)
    precision = form.date_precisions["date"]
    assert precision.currentData() == "month" and precision.isEnabled()
    assert form.date_edit.displayFormat() == "MM/yyyy" and form.date_edit.date().month() == 4
    assert form.draft().date == "2026-04"
    assert BLANK_DAY in form.date_label.text()
    precision.setCurrentIndex(precision.findData("day"))
    assert form.draft().date == "2026-04-01" and "ngày 01 tháng 4 năm 2026" in form.date_label.text()
    precision.setCurrentIndex(precision.findData("year"))
    assert form.draft().date == "2026"
    form.date_set.setChecked(False)
    assert form.draft().date is None and not precision.isEnabled()


@pytest.mark.parametrize("label", ["Điều {n}:", "Điều {n} .", "Điều {n} -", "Điều {n}.", "Điều {n} –"])
def test_an_article_label_typed_with_a_colon_dot_or_dash_is_an_article(tmp_path: Path, label: str):
    texts = ["Thành lập Tổ công tác chuyển đổi số của xã gồm 05 thành viên.",
             "Tổ công tác có nhiệm vụ tham mưu triển khai chuyển đổi số trên địa bàn xã.",
             "Văn phòng HĐND và UBND xã chịu trách nhiệm thi hành Quyết định này./."]
    body = [f"{label.format(n=n)} {text}" for n, text in enumerate(texts, 1)]
    draft = import_docx(clerk_quyet_dinh(tmp_path / "qd.docx", body=body))
    assert [(p.style, p.text) for p in draft.body] == [("article", text) for text in texts]
    rendered = docx.Document(io.BytesIO(render_bytes(draft)))
    assert [p.text for p in rendered.paragraphs if p.text.startswith("Điều ")] == \
        [f"Điều {n}. {text}" for n, text in enumerate(texts, 1)]


def test_a_sentence_naming_articles_stays_body_text(tmp_path: Path):
    """'Điều 1-3 …' names articles; it is no article label."""
    body = ["Điều 1. Thành lập Tổ công tác.", "Điều 1-3 của Quyết định số 12/QĐ-UBND hết hiệu lực."]
    draft = import_docx(clerk_quyet_dinh(tmp_path / "qd.docx", body=body))
    assert [p.style for p in draft.body] == ["article", "body"]


def test_a_compound_title_is_the_type_name_and_the_summary_is_what_follows(tmp_path: Path):
    draft = import_docx(clerk_giay_moi(tmp_path / "giay_moi.docx"))
    assert draft.doc_type == "giay_moi"
    assert draft.summary == "Triển khai công tác chuyển đổi số năm 2026"
    assert not any("HỌP" in p.text for p in draft.body)
    assert draft.body[0].text == "Ủy ban nhân dân xã An Phú trân trọng kính mời:"
    rules = load_rule_set(draft.rule_set)
    assert rules.doc_type(draft.doc_type).name == "GIẤY MỜI"


def test_a_plain_title_keeps_a_glued_summary(tmp_path: Path):
    """The compound reading is the checker's: a title with many words more is still tên loại + trích yếu."""
    path = clerk_quyet_dinh(tmp_path / "tb.docx", title="THÔNG BÁO KẾT LUẬN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ",
                            summary="tại buổi làm việc ngày 10/4/2026", enacting=False, code="TB-UBND",
                            body=["Ngày 10/4/2026, Chủ tịch Ủy ban nhân dân xã làm việc với các thôn./."])
    draft = import_docx(path)
    assert draft.doc_type == "thong_bao"
    assert draft.summary.startswith("KẾT LUẬN CỦA CHỦ TỊCH")


def test_the_exchange_record_of_a_draft_with_a_blank_day_has_no_date():
    """Phụ lục VI: the record's date is a full date or none; '2026-04' is a draft's, not an issued date."""
    from desktop.core.exchange import build_record

    draft = load_draft(EXAMPLES / "state_quyet_dinh.json")
    assert build_record(draft, "000.00.00.H26", 2)["ngay_van_ban"] == draft.date
    draft.date = "2026-04"
    assert build_record(draft, "000.00.00.H26", 2)["ngay_van_ban"] is None
