"""A draft before registration: its number and day are blank until the văn thư issues it.

Real offices' drafts read `Số:      /QĐ-UBND` and `Quảng Ninh, ngày    tháng 5 năm 2024` (spaces,
dots, underscores or tabs in the blanks). That is one info ("chưa cấp số / chưa ghi ngày"), never a
missing date line nor a malformed number; the rest of both lines is still checked (C.1, C.4, F.7).
"""

from __future__ import annotations

import pytest

from tests.check_builder import P, change, check, state_notice
from tests.word_edits import problems, retext, variant

NUMBER, DATE = "Số: 1852/QĐ-UBND", "Quảng Ninh, ngày 27 tháng 5 năm 2024"


def not_issued(doc) -> list[str]:
    return [f.message for f in doc.findings if f.code == "draft:not_issued"]


@pytest.mark.parametrize("number", ["Số:      /QĐ-UBND", "Số: ....../QĐ-UBND", "Số: ____/QĐ-UBND", "Số: /QĐ-UBND",
                                    "Số:\t\t/QĐ-UBND"])
@pytest.mark.parametrize("date", ["Quảng Ninh, ngày    tháng 5 năm 2024", "Quảng Ninh, ngày tháng 5 năm 2024",
                                  "Quảng Ninh, ngày …… tháng 5 năm 2024", "Quảng Ninh, ngày ___ tháng 5 năm 2024",
                                  "Quảng Ninh, ngày\t\ttháng 5 năm 2024", "Quảng Ninh, ngày    tháng      năm 2024"])
def test_blank_number_and_day_are_one_info_and_no_error(tmp_path, number, date):
    doc = variant("state_quyet_dinh", tmp_path, retext(NUMBER, number), retext(DATE, date))[0]
    assert problems(doc) == []
    assert doc.parts["number"].found and doc.parts["place_date"].found
    assert not_issued(doc) == ["Dự thảo chưa ban hành: chưa cấp số / chưa ghi ngày."]


def test_only_a_blank_number_says_only_that(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, retext(NUMBER, "Số:        /QĐ-UBND"))[0]
    assert problems(doc) == []
    assert not_issued(doc) == ["Dự thảo chưa ban hành: chưa cấp số."]


def test_an_issued_document_has_no_such_note(tmp_path):
    assert not_issued(variant("state_quyet_dinh", tmp_path)[0]) == []


def test_the_rest_of_a_blank_date_line_is_still_checked(tmp_path):
    """A zero before month 5 and a missing comma are errors in a draft too (C.4)."""
    doc = variant("state_quyet_dinh", tmp_path, retext(DATE, "Quảng Ninh ngày    tháng 05 năm 2024"))[0]
    messages = [m for _, code, m in problems(doc) if code == "format:place_date"]
    assert messages == ["Thiếu dấu phẩy sau địa danh.", "Tháng 3 đến tháng 12 không viết số 0 phía trước."]


def test_the_rest_of_a_blank_number_is_still_checked(tmp_path):
    """A lower-case ký hiệu stays an error when the number is blank (C.1)."""
    doc = variant("state_quyet_dinh", tmp_path, retext(NUMBER, "Số:      /qđ-UBND"))[0]
    assert [code for _, code, _ in problems(doc)] == ["format:number"]


def test_a_date_with_no_place_is_found_and_named(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, retext(DATE, "ngày 27 tháng 5 năm 2024"))[0]
    assert doc.parts["place_date"].found
    assert [(s, c, m) for s, c, m in problems(doc)] == [
        ("error", "format:place_date", "Dòng ngày tháng thiếu địa danh phía trước.")]


def test_a_number_glued_to_its_word_is_found_and_named(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, retext(DATE, "Quảng Ninh, ngày 27 tháng 5năm 2024"))[0]
    assert doc.parts["place_date"].found
    assert [(c, m) for _, c, m in problems(doc)] == [
        ("format:place_date", "Thiếu dấu cách giữa chữ «ngày/tháng/năm» và con số.")]


def test_a_place_named_with_a_number_is_a_place(tmp_path):
    """C.4: units named after a number keep it ('Quận 1', a ward 'Hà Giang 1' since 2025)."""
    doc = variant("state_quyet_dinh", tmp_path, retext(DATE, "Quận 1, ngày 27 tháng 5 năm 2024"))[0]
    assert doc.parts["place_date"].text == "Quận 1, ngày 27 tháng 5 năm 2024"
    assert problems(doc) == []


def test_a_tab_laid_header_line_keeps_its_blank_number_and_day_whole():
    """A converted .doc: 'Số:⇥/TB-…⇥⇥Hà Nội, ngày⇥tháng 02 năm 2021' in one paragraph — two columns, and the
    tabs inside the blanks are blanks, not more columns."""
    paras = change(state_notice(), "Số: 12/TB-VTLTNN", None)
    paras = change(paras, "Hà Nội, ngày 05 tháng 02 năm 2021",
                   P("Số:\t/TB-VTLTNN\t\tHà Nội, ngày\ttháng 02 năm 2021", size=13, align="left", cell=(1, 2, 1)))
    doc = check(paras)[0]
    assert doc.parts["number"].text == "Số: /TB-VTLTNN"
    assert doc.parts["place_date"].text == "Hà Nội, ngày tháng 02 năm 2021"
    assert not_issued(doc) == ["Dự thảo chưa ban hành: chưa cấp số / chưa ghi ngày."]
    assert not [f for f in doc.findings if f.code.startswith(("missing:", "format:"))]


@pytest.mark.libreoffice
def test_a_draft_saved_as_doc_by_libreoffice_keeps_its_blanks(tmp_path, soffice):
    """The editor's own draft with no number and no date yet (its blanks are spaces), saved as a .doc as
    offices still exchange them, then checked (the reader converts it back through LibreOffice)."""
    from dataclasses import replace

    from desktop.core.check import check_file
    from desktop.core.model import load_draft
    from desktop.core.office import convert
    from desktop.core.render import render_to_file
    from tests.conftest import EXAMPLES

    draft = replace(load_draft(EXAMPLES / "state_thong_bao.json"), number="", date=None)
    source = render_to_file(draft, tmp_path / "du-thao.docx")
    converted = convert(source, "doc", tmp_path / "out")
    doc = check_file(converted).documents[0]
    assert doc.parts["number"].found and doc.parts["place_date"].found
    assert not_issued(doc) == ["Dự thảo chưa ban hành: chưa cấp số / chưa ghi ngày."]
    assert not [c for _, c, _ in problems(doc) if c in ("missing:place_date", "missing:number", "format:number",
                                                         "format:place_date")]


@pytest.mark.parametrize("example", ["state_thong_bao", "state_cong_van", "party_thong_bao", "party_cong_van"])
def test_the_editors_own_unnumbered_undated_draft_checks_clean(tmp_path, example):
    """What the renderer prints for a draft with no number and no date yet is a draft, not a defect."""
    from dataclasses import replace

    from desktop.core.check import check_file
    from desktop.core.model import load_draft
    from desktop.core.render import render_to_file
    from tests.conftest import EXAMPLES

    draft = replace(load_draft(EXAMPLES / f"{example}.json"), number="", date=None)
    doc = check_file(render_to_file(draft, tmp_path / "du-thao.docx")).documents[0]
    assert problems(doc) == []
    assert not_issued(doc) == ["Dự thảo chưa ban hành: chưa cấp số / chưa ghi ngày."]
    assert [f.code for f in doc.findings if f.severity == "info" and f.code.startswith("text:")] == []  # blanks


def test_a_draft_with_dotted_blanks_imports_its_place_and_code(tmp_path):
    """Imported into the editor, the draft keeps its place, ký hiệu and year; number, day and month stay to
    fill in."""
    from desktop.core.check.importer import import_docx

    variant("state_quyet_dinh", tmp_path, retext(NUMBER, "Số: ....../QĐ-UBND"),
            retext(DATE, "Quảng Ninh, ngày ___ tháng ___ năm 2024"), name="du-thao.docx")
    draft = import_docx(tmp_path / "du-thao.docx")
    assert (draft.number, draft.date, draft.place, draft.agency_code) == ("", "2024", "Quảng Ninh", "UBND")


def test_a_place_wrapped_above_its_date_in_the_same_cell_is_its_place(tmp_path):
    """'Quảng Ninh,' / 'ngày 27 tháng 5 năm 2024' split by a line break in the narrow right column."""
    doc = variant("state_quyet_dinh", tmp_path, retext(DATE, "Quảng Ninh,\nngày 27 tháng 5 năm 2024"))[0]
    assert doc.parts["place_date"].text == "Quảng Ninh, ngày 27 tháng 5 năm 2024"
    assert problems(doc) == []
