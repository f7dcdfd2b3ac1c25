"""TCVN3 (ABC) and VNI text converts to Unicode NFC letter by letter (issue #12): every Vietnamese
letter with every tone, in both cases, round-trips Unicode -> legacy -> Unicode through the tables."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.core.fix.encodings import decode, encode, legacy_encoding

BASES = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # none, sắc, huyền, hỏi, ngã, nặng


SAME_CODE = {"tcvn3": {"ý"}, "vni": {"í", "Í", "ì", "Ì"}}
"""Letters whose legacy code is the Latin-1 character that looks the same."""


def every_letter() -> list[str]:
    """Each base vowel with each of 6 tones in both cases, plus đ/Đ, generated from Unicode."""
    letters = []
    for base in BASES:
        for tone in TONES:
            lower = unicodedata.normalize("NFC", base + tone)
            letters += [lower, lower.upper()]
    return [*letters, "đ", "Đ"]


def test_the_letter_set_is_complete():
    letters = every_letter()
    assert len(letters) == 12 * 6 * 2 + 2 == len(set(letters))
    assert all(len(letter) == 1 for letter in letters)  # each composes to one code point


def roundtrip(text: str, encoding: str) -> str:
    return "".join(decode(piece, f"{encoding}_upper" if upper else encoding)
                   for piece, upper in encode(text, encoding))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("letter", every_letter())
def test_every_letter_round_trips(encoding, letter):
    legacy = "".join(piece for piece, _ in encode(letter, encoding))
    assert legacy != letter or letter.isascii() or letter in SAME_CODE[encoding]  # it really was encoded
    assert roundtrip(letter, encoding) == letter


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_words_round_trip(encoding):
    text = "Đảng Cộng sản Việt Nam; Hà Nội, ngày 05 tháng 3 năm 2021; Nguyễn Văn Hưởng; quỹ, khuỷu, người"
    assert roundtrip(text, encoding) == text
    assert roundtrip(text.upper(), encoding) == text.upper()


def test_known_tcvn3_text():
    assert decode("Hµ Néi, ngµy 05 th¸ng 3 n¨m 2021", "tcvn3") == "Hà Nội, ngày 05 tháng 3 năm 2021"
    assert decode("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert decode("§éc lËp - Tù do - H¹nh phóc", "tcvn3") == "Độc lập - Tự do - Hạnh phúc"
    # an .Vn…H font shows every code as a capital
    assert decode("®¶ng céng s¶n viÖt nam", "tcvn3_upper") == "ĐẢNG CỘNG SẢN VIỆT NAM"


def test_known_vni_text():
    assert decode("Haø Noäi, ngaøy 05 thaùng 3 naêm 2021", "vni") == "Hà Nội, ngày 05 tháng 3 năm 2021"
    assert decode("ÑAÛNG COÄNG SAÛN VIEÄT NAM", "vni") == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert decode("Tröôøng, quyõ, kyø hoïp, ngöôøi", "vni") == "Trường, quỹ, kỳ họp, người"


def test_result_is_nfc():
    text = decode("ViÖt", "tcvn3")
    assert text == unicodedata.normalize("NFC", text) == "Việt"


@pytest.mark.parametrize(("font", "expected"), [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3_upper"), (".VnArial", "tcvn3"), (".VnArialH", "tcvn3_upper"),
    (".VnCentury Schoolbook", "tcvn3"), ("VNI-Times", "vni"), ("VNI-Helve", "vni"),
    ("Times New Roman", None), ("Arial", None), (None, None), ("Vni times", "vni"), ("VnTime", "tcvn3"),
    ("VnTimeH", "tcvn3_upper"), ("VN-Garamond", None),
])
def test_which_fonts_are_legacy(font, expected):
    assert legacy_encoding(font) == expected


def test_plain_ascii_is_untouched():
    assert decode("Page 1 of 2 (A4) - 30/15 mm", "tcvn3") == "Page 1 of 2 (A4) - 30/15 mm"
    assert decode("Page 1 of 2 (A4) - 30/15 mm", "vni") == "Page 1 of 2 (A4) - 30/15 mm"
