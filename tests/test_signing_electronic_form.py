"""The electronic form as rule data (spec B.2 ô 7c, ô 8, Copy (electronic)) and the image checks
a profile's signature and seal images go through when they are added."""

from __future__ import annotations

import json

import pytest

from desktop.core.profile import load_profile, parse_profile
from desktop.core.rules import load_rule_set
from desktop.core.stamp_images import check_image, read_png, real_size_mm
from tests.conftest import EXAMPLES
from tests.signing_helpers import seal_png, signature_png, write_png

STATE = load_rule_set("state_nd30").electronic
PARTY = load_rule_set("party_hd36").electronic


def keys(problems) -> list[str]:
    return [p.key for p in problems]


def test_state_rules_state_boxes_7c_and_8_and_the_electronic_copy():
    sig, seal, copy = STATE["signature_image"], STATE["seal_image"], STATE["copy"]
    assert (sig["box"], sig["colour"], sig["format"], sig["transparent"]) == ("7c", "blue", "png", True)
    assert sig["position"] == "between_title_and_name" and sig["align"] == "center"
    assert (seal["box"], seal["colour"], seal["scale"]) == ("8", "red", "actual_size")
    assert abs(seal["covers_signature_left"] - 1 / 3) < 0.01
    assert (copy["form"], copy["font"], copy["size_pt"], copy["colour"]) == ("Mẫu 3.2", "Times New Roman", 10, "black")
    assert copy["scan_min_dpi"] == 200 and copy["pdf_min_version"] == "1.4" and copy["scale_percent"] == 100
    stamp = STATE["attachment_stamp"]
    assert (stamp["font"], stamp["size_pt"], stamp["image"]) == ("Times New Roman", 10, False)
    assert stamp["fields"] == ["number_line", "signing_time"] and STATE["timezone"] == "+07:00"
    assert STATE["issue_ready"]["blank"] == ["number", "date"]


def test_party_rules_apply_the_signature_and_seal_but_not_the_state_only_stamps():
    assert PARTY["signature_image"]["box"] == "7c" and PARTY["seal_image"]["box"] == "8"
    assert PARTY["signature_image"]["conf"] == "R"
    assert PARTY["attachment_stamp"] is None and PARTY["copy"] is None


def test_good_images_pass(tmp_path):
    assert check_image(signature_png(tmp_path / "s.png"), "signature_image", STATE) == []
    seal = seal_png(tmp_path / "d.png", diameter_mm=36)
    assert check_image(seal, "seal_image", STATE) == []
    width, height = real_size_mm(seal)
    assert abs(width - 36) < 0.5 and abs(height - 36) < 0.5


def test_a_jpeg_or_a_text_file_is_not_a_png(tmp_path):
    fake = tmp_path / "s.png"
    fake.write_bytes(b"\xff\xd8\xff\xe0JFIF")
    problems = check_image(fake, "signature_image", STATE)
    assert keys(problems) == ["sign.image.not_png"] and "PNG" in problems[0].message


def test_a_white_background_is_refused(tmp_path):
    path = signature_png(tmp_path / "s.png", transparent=False)
    problems = check_image(path, "signature_image", STATE)
    assert "sign.image.not_transparent" in keys(problems)
    assert "trong suốt" in problems[0].message


def test_an_rgb_png_without_alpha_is_refused(tmp_path):
    path = write_png(tmp_path / "s.png", 300, 100, lambda x, y: (20, 40, 200, 255), colour_type=2)
    assert "sign.image.not_transparent" in keys(check_image(path, "signature_image", STATE))


def test_a_black_signature_and_a_blue_seal_are_refused(tmp_path):
    black = signature_png(tmp_path / "s.png", colour=(10, 10, 10))
    assert "sign.image.not_blue" in keys(check_image(black, "signature_image", STATE))
    blue_seal = seal_png(tmp_path / "d.png", colour=(20, 40, 200))
    assert "sign.image.not_red" in keys(check_image(blue_seal, "seal_image", STATE))


def test_a_seal_without_resolution_or_of_an_impossible_size_is_refused(tmp_path):
    no_dpi = write_png(tmp_path / "a.png", 200, 200, lambda x, y: (220, 20, 30, 255 if x < 20 else 0))
    problems = check_image(no_dpi, "seal_image", STATE)
    assert "sign.image.no_dpi" in keys(problems) and "DPI" in problems[0].message
    huge = seal_png(tmp_path / "b.png", diameter_mm=90, dpi=72)
    problems = check_image(huge, "seal_image", STATE)
    assert keys(problems) == ["sign.image.seal_size"] and "90 mm" in problems[0].message


def test_a_tiny_a_truncated_and_a_missing_image(tmp_path):
    tiny = write_png(tmp_path / "t.png", 20, 10, lambda x, y: (20, 40, 200, 0))
    assert "sign.image.too_small" in keys(check_image(tiny, "signature_image", STATE))
    good = signature_png(tmp_path / "s.png").read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(good[: len(good) // 2])
    assert keys(check_image(cut, "signature_image", STATE)) == ["sign.image.truncated"]
    assert keys(check_image(tmp_path / "none.png", "signature_image", STATE)) == ["sign.image.missing"]


def test_read_png_reports_the_header(tmp_path):
    info = read_png(seal_png(tmp_path / "d.png", dpi=300).read_bytes())
    assert info.colour_type == 6 and info.has_alpha_channel and round(info.dpi) == 300


def test_profile_carries_the_images_and_the_agency_id(tmp_path):
    data = json.loads((EXAMPLES / "profiles" / "state_so_noi_vu.json").read_text(encoding="utf-8"))
    data["agency_id"] = "000.00.00.H40"
    data["seal_image"] = str(tmp_path / "dau.png")
    data["signers"][0]["signature_image"] = str(tmp_path / "chu-ky.png")
    profile = parse_profile(data)
    assert profile.agency_id == "000.00.00.H40" and profile.signers[0].signature_image.endswith("chu-ky.png")
    assert load_profile(EXAMPLES / "profiles" / "state_so_noi_vu.json").agency_id == ""


@pytest.mark.parametrize("bad", ["H40", "000.00.00.h40", "000.00.00.H4", "000-00-00-H40"])
def test_a_malformed_agency_id_is_refused_naming_the_field(bad):
    from desktop.core.errors import UnreadableInputError

    data = json.loads((EXAMPLES / "profiles" / "state_so_noi_vu.json").read_text(encoding="utf-8"))
    data["agency_id"] = bad
    with pytest.raises(UnreadableInputError) as caught:
        parse_profile(data)
    assert "Mã định danh cơ quan" in caught.value.message
