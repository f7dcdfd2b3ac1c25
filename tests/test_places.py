"""Ceased place names of the date line (spec C.4, F.8), read from resources/geography."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.places import ceased_place, geography, place_key

AFTER = dt.date(2025, 7, 1)


@pytest.mark.parametrize("written", ["Hòa Bình", "Hoà Bình", "HÒA BÌNH", "Tỉnh Hòa Bình", "  Hòa   Bình "])
def test_tone_placement_case_spaces_and_prefix_do_not_matter(written):
    assert ceased_place(written, AFTER).now == "Phú Thọ"


@pytest.mark.parametrize("written", ["Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu"])
def test_dash_and_spaces_in_a_double_name_do_not_matter(written):
    assert ceased_place(written, AFTER).name == "Bà Rịa - Vũng Tàu"


def test_alias_spellings_are_known():
    assert ceased_place("Đăk Nông", AFTER).now == "Lâm Đồng"


def test_a_place_is_flagged_only_from_the_day_it_ceased():
    assert ceased_place("Nam Định", dt.date(2025, 6, 30)) is None
    assert ceased_place("Nam Định", AFTER).now == "Ninh Bình"
    assert ceased_place("Thừa Thiên Huế", dt.date(2025, 1, 1)).now == "Huế"
    assert ceased_place("Thừa Thiên Huế", dt.date(2024, 12, 31)) is None


@pytest.mark.parametrize("place", ["Hà Nội", "Thành phố Hồ Chí Minh", "Hạ Long", "Hà Giang 1", "Nam", ""])
def test_places_that_exist_or_are_not_provinces_are_not_flagged(place):
    assert ceased_place(place, AFTER) is None


def test_no_date_no_judgement():
    assert ceased_place("Hà Giang", None) is None


def test_data_lists_the_29_provinces_merged_in_2025_and_their_new_units_exist():
    places = set(geography().by_key.values())
    merged = {p.name for p in places if p.since == AFTER}
    assert len(merged) == 29  # 63 provincial units became 34 (Nghị quyết 202/2025/QH15)
    assert all(ceased_place(p.now, AFTER) is None for p in places)
    assert place_key("Thành phố Hồ Chí Minh") == "ho chi minh"
