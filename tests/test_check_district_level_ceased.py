"""District-level government ends on 01/7/2025 (resources/geography/ceased_levels.json, spec C.4/F.8):
a document dated on or after that day whose issuing body is of that level gets a warning."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.places import ceased_body
from tests.word_edits import problems, retext, variant

AFTER, BEFORE = dt.date(2025, 7, 1), dt.date(2025, 6, 30)


@pytest.mark.parametrize("body", ["UBND HUYỆN BẢO THẮNG", "ỦY BAN NHÂN DÂN HUYỆN SA PA", "HUYỆN ỦY BẢO YÊN",
                                  "Ban Thường vụ Huyện uỷ", "HĐND QUẬN 1", "UBND THỊ XÃ SA PA", "QUẬN ỦY HOÀN KIẾM",
                                  "PHÒNG TÀI CHÍNH - KẾ HOẠCH HUYỆN VĂN BÀN"])
def test_bodies_of_the_district_level_are_known(body):
    assert ceased_body(body, AFTER).level == "cấp huyện"
    assert ceased_body(body, BEFORE) is None


@pytest.mark.parametrize("body", ["ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "UBND XÃ BẢO HÀ", "SỞ CÔNG THƯƠNG", "PHÒNG NỘI VỤ",
                                  "TỈNH ỦY LÀO CAI", "UBND PHƯỜNG HÀ GIANG 1", "BAN QUẢN LÝ DỰ ÁN"])
def test_other_bodies_are_not(body):
    assert ceased_body(body, AFTER) is None


def test_no_date_no_judgement():
    assert ceased_body("UBND HUYỆN BẢO THẮNG", None) is None


def _district(tmp_path, date: str, name: str = "variant.docx"):
    """The thông báo of a body under the district's Ủy ban (its drawn rule stays sized to the issuer)."""
    return variant("state_thong_bao", tmp_path, retext("UBND TỈNH QUẢNG NINH", "UBND HUYỆN TIÊN YÊN"),
                   retext("Quảng Ninh, ngày 18 tháng 6 năm 2024", date), name=name)[0]


def test_a_district_body_after_01_7_2025_is_a_warning(tmp_path):
    doc = _district(tmp_path, "Tiên Yên, ngày 15 tháng 8 năm 2025")
    assert [(s, c) for s, c, _ in problems(doc)] == [("warning", "format:issuer")]
    assert "UBND HUYỆN TIÊN YÊN" in problems(doc)[0][2] and "01/07/2025" in problems(doc)[0][2]


def test_a_draft_with_a_blank_day_in_a_later_month_is_judged_too(tmp_path):
    doc = _district(tmp_path, "Tiên Yên, ngày    tháng 8 năm 2025")
    assert [(s, c) for s, c, _ in problems(doc)] == [("warning", "format:issuer")]


def test_a_district_body_before_01_7_2025_is_not_flagged(tmp_path):
    assert problems(_district(tmp_path, "Tiên Yên, ngày 30 tháng 6 năm 2025")) == []


def test_a_draft_whose_month_is_blank_too_may_still_be_before(tmp_path):
    assert problems(_district(tmp_path, "Tiên Yên, ngày    tháng    năm 2025")) == []


def test_the_validator_warns_a_draft_the_same_way():
    """The editor's validation panel asks the same data (desktop.core.places), so both agree."""
    from dataclasses import replace

    from desktop.core.model import load_draft
    from desktop.core.schema import validate_draft
    from tests.conftest import EXAMPLES

    draft = replace(load_draft(EXAMPLES / "state_thong_bao.json"), superior="Ủy ban nhân dân huyện Tiên Yên",
                    issuer="Phòng Nội vụ", date="2025-08-15")
    found = [(p.severity, p.field) for p in validate_draft(draft) if p.code == "rule.body_ceased"]
    assert found == [("warning", "superior")]
    assert not [p for p in validate_draft(replace(draft, date="2025-06-30")) if p.code == "rule.body_ceased"]


def test_a_ceased_province_in_a_draft_with_a_blank_day_is_noted_too(tmp_path):
    doc = variant("state_thong_bao", tmp_path, retext("Quảng Ninh, ngày 18 tháng 6 năm 2024",
                                                     "Nam Định, ngày    tháng 8 năm 2025"))[0]
    assert [f.code for f in doc.findings if "Nam Định" in f.message] == ["format:place_date"]
