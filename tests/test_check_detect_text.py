"""Text input and matching helpers: the markdown reader, normalisation, the stamp, robustness."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.check import check_source
from desktop.core.check.lines import split_lines
from desktop.core.check.normalize import clean, fold_tones, fuzzy_equal, key, strip_diacritics, tone_styles
from desktop.core.check.stamp import stamp_positions
from desktop.core.check.text_reader import parse_text, read_text


def test_markdown_bold_italic_underline_become_run_formatting():
    src = parse_text("**Kính gửi:** các *đồng chí* <u>Lưu</u>\n")
    (block,) = src.blocks
    assert block.text == "Kính gửi: các đồng chí Lưu"
    looks = {run.text.strip(): (run.bold, run.italic, run.underline) for run in block.runs if run.text.strip()}
    assert looks == {"Kính gửi:": (True, False, False), "các": (False, False, False),
                     "đồng chí": (False, True, False), "Lưu": (False, False, True)}
    assert src.layout_evaluable is False and block.runs[0].size is None


def test_markup_kind_the_file_never_uses_stays_unknown():
    (block,) = parse_text("**THÔNG BÁO**\n").blocks
    assert (block.runs[0].bold, block.runs[0].italic, block.runs[0].underline) == (True, None, None)
    (plain,) = parse_text("THÔNG BÁO\n").blocks
    assert plain.runs[0].bold is None


def test_lone_asterisk_is_text_not_italic():
    src = parse_text("*\n\nSố 03-TB/BCĐ\n")
    assert [b.text for b in src.blocks] == ["*", "Số 03-TB/BCĐ"]


def test_blank_lines_split_paragraphs_and_line_breaks_stay():
    src = parse_text("\n\nA  \nB\n\n\nC\n")
    assert [b.text for b in src.blocks] == ["A\nB", "C"]
    assert [b.location.line for b in src.blocks] == [3, 7]
    lines = split_lines(src.blocks)
    assert [ln.location.describe() for ln in lines] == ["dòng 3", "dòng 4", "dòng 7"]


def test_unpaired_bold_markers_leave_bold_unknown():
    (block,) = parse_text("**THÔNG BÁO\n").blocks
    assert block.runs[0].bold is None


def test_read_text_file_and_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffTHÔNG BÁO\r\n\r\nNội dung.\r\n".encode())
    assert [b.text for b in read_text(path).blocks] == ["THÔNG BÁO", "Nội dung."]


def test_tone_placement_is_folded_for_matching():
    assert fold_tones("Thành ủy") == fold_tones("Thành uỷ") == "Thành uỷ"
    assert fold_tones("HÒA") == "HOÀ" and fold_tones("hoàn") == "hoàn" and fold_tones("quý") == "quý"
    assert key("  CỘNG  HÒA – XÃ ") == "CỘNG HOÀ - XÃ"
    assert tone_styles("Thành ủy, Thành uỷ, hòa, của") == (2, 1)


def test_nfd_text_is_cleaned_to_nfc():
    nfd = unicodedata.normalize("NFD", "Đảng Cộng sản")
    assert clean(nfd) == "Đảng Cộng sản"


def test_fuzzy_match_accepts_near_misses_only():
    assert fuzzy_equal("ĐẢNG CÔNG SẢN VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert fuzzy_equal("DANG CONG SAN VIET NAM", "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert not fuzzy_equal("BAN CHẤP HÀNH TRUNG ƯƠNG", "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert strip_diacritics("Hiếu") == strip_diacritics("Hiểu") == "Hieu"


def test_stamp_lines_are_recognised_with_their_owner():
    src = parse_text("VP QUẬN ỦY HOÀN KIẾM - HÀ NỘI\t\nĐẾN\tSố: <u>1698</u>\n\tNgày: <u>07/9/2021</u>\n"
                     "Chuyển:.....\t\nLưu hồ sơ:.....\t\n\nTHÔNG BÁO\n")
    lines = split_lines(src.blocks)
    skipped = stamp_positions(lines)
    assert [ln.text for ln in lines if ln.pos not in skipped] == ["THÔNG BÁO"]


def test_state_number_line_is_not_a_stamp():
    src = parse_text("Số: 12/TB-UBND\n\nNgày: hôm nay\n")
    assert stamp_positions(split_lines(src.blocks)) == set()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "", "THÔNG BÁO", "**ĐẢNG CỘNG SẢN VIỆT NAM**", "Số 03-TB/BCĐ", "Số: 5/tb", "*", "Nơi nhận:", "- Lưu.",
    "T/M BAN THƯỜNG VỤ", "TM.", "Nguyễn Văn An", "Đã ký", "V/v", "Kính gửi:", "ĐẾN\tSố:", "SAO LỤC", "I. A",
    "Hà Nội, ngày 5 tháng 2 năm 2021", "(Đề b/c)", "a\tb\tc", "kiêm", "-----", "___", "CỘNG HÒA", "**", "<u>",
]), max_size=40))
def test_any_text_is_checked_without_crashing(lines):
    reports = check_source(parse_text("\n".join(lines)))
    assert reports and all(r.system in ("party", "state", "unknown") for r in reports)
