"""Done means (issue #14): a rendered example signed twice (signer, then agency, incremental),
both signatures verified against our own CA, one altered byte makes verification fail, and the
appearances stand where the rules put them relative to the chức vụ line and the name."""

from __future__ import annotations

import io
import json

import pytest

from desktop.cli import main
from desktop.core.rules import load_rule_set
from desktop.core.stamp_images import read_png
from desktop.signing.placement import PT_PER_MM, find_closing_block
from desktop.signing.sign import load_p12, sign_pdf, signature_widgets
from desktop.signing.verify import load_roots, verify_pdf
from tests.conftest import EXAMPLES
from tests.signing_helpers import P12_PASSWORD, make_keys, rendered_pdf

RULES = load_rule_set("state_nd30").electronic
TWO_MM = 2 * PT_PER_MM


@pytest.fixture(scope="module")
def material(tmp_path_factory, soffice_module):
    folder = tmp_path_factory.mktemp("pades")
    keys = make_keys(folder)
    unsigned = rendered_pdf(EXAMPLES / "state_thong_bao.json", folder)
    once = sign_pdf(unsigned, load_p12(keys.signer_p12, P12_PASSWORD), role="signer", rules=RULES,
                    image=keys.signature_png)
    twice = sign_pdf(once, load_p12(keys.agency_p12, P12_PASSWORD), role="agency", rules=RULES, image=keys.seal_png)
    return keys, unsigned, once, twice


def test_both_signatures_verify_and_the_first_survives_the_second(material):
    keys, unsigned, once, twice = material
    assert twice.startswith(once) and once.startswith(unsigned)  # incremental updates only
    reports = verify_pdf(twice, load_roots([keys.ca_pem]))
    assert [r.field for r in reports] == ["VanBan_ChuKy", "VanBan_DauCoQuan"]
    assert [r.signer for r in reports] == ["Vũ Đức Thắng", "Sở Nội vụ tỉnh Quảng Ninh"]
    assert all(r.verdict == "valid" for r in reports), [r.to_dict() for r in reports]
    assert reports[0].coverage == "entire_revision" and reports[0].modified_after == "form_filling"
    assert reports[1].coverage == "entire_file" and reports[1].modified_after == "none"
    assert all(r.signed_at.endswith("+07:00") for r in reports)


def test_one_altered_byte_fails_every_signature(material):
    keys, unsigned, _once, twice = material
    altered = bytearray(twice)
    position = unsigned.find(b"stream") + 20  # inside the page content, covered by both signatures
    altered[position] ^= 0x01
    reports = verify_pdf(bytes(altered), load_roots([keys.ca_pem]))
    assert reports and all(r.verdict == "invalid" and not r.intact for r in reports)


def test_without_the_root_the_signatures_are_intact_but_not_trusted(material):
    _keys, _unsigned, _once, twice = material
    reports = verify_pdf(twice, [])
    assert [r.verdict for r in reports] == ["untrusted", "untrusted"] and all(r.intact for r in reports)


def test_signature_box_sits_between_the_title_and_the_name(material):
    keys, unsigned, _once, twice = material
    block = find_closing_block(unsigned)
    assert block.title.text == "GIÁM ĐỐC" and block.name.text == "Vũ Đức Thắng"
    widgets = {w.name: w for w in signature_widgets(twice)}
    x0, y0, x1, y1 = widgets["VanBan_ChuKy"].rect
    gap = RULES["signature_image"]["gap_pt"]
    # box 7c: top under the chức vụ line, bottom over the name, centred on the title (spec B.2 ô 7c)
    assert abs(y1 - (block.title.y0 - gap)) <= TWO_MM
    assert abs(y0 - (block.name.y1 + gap)) <= TWO_MM
    assert abs((x0 + x1) / 2 - block.title.centre_x) <= TWO_MM
    assert abs((x0 + x1) / 2 - block.name.centre_x) <= TWO_MM
    info = read_png(keys.signature_png.read_bytes())
    assert abs((x1 - x0) / (y1 - y0) - info.width / info.height) < 0.1


def test_seal_box_is_real_size_over_the_left_third_of_the_signature(material):
    _keys, _unsigned, _once, twice = material
    widgets = {w.name: w for w in signature_widgets(twice)}
    sx0, sy0, sx1, sy1 = widgets["VanBan_ChuKy"].rect
    dx0, dy0, dx1, dy1 = widgets["VanBan_DauCoQuan"].rect
    assert abs((dx1 - dx0) - 36 * PT_PER_MM) <= TWO_MM and abs((dy1 - dy0) - 36 * PT_PER_MM) <= TWO_MM
    assert abs(dx1 - (sx0 + (sx1 - sx0) / 3)) <= TWO_MM  # the seal's right edge a third into the signature
    assert abs((dy0 + dy1) / 2 - (sy0 + sy1) / 2) <= TWO_MM


def test_the_page_shows_blue_signature_and_red_seal(material, tmp_path):
    """Rasterised, the closing block has blue ink and red ink where the widgets are."""
    from desktop.core.office import pdf_to_pngs
    from desktop.core.stamp_images import _rows

    _keys, _unsigned, _once, twice = material
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(twice)
    png = pdf_to_pngs(pdf, tmp_path / "page", dpi=40)[0]
    info = read_png(png.read_bytes())
    rows = _rows(info)
    bpp = 4 if info.colour_type == 6 else 3
    pixels = [(row[i], row[i + 1], row[i + 2]) for row in rows for i in range(0, len(row), bpp)]
    assert any(b > 150 and r < 80 for r, _g, b in pixels)  # the blue stroke
    assert any(r > 180 and g < 80 and b < 80 for r, g, b in pixels)  # the red seal


def test_cli_signs_twice_and_verifies(material, tmp_path, monkeypatch, capsys):
    keys, unsigned, _once, _twice = material
    doc = tmp_path / "thong bao.v2.pdf"
    doc.write_bytes(unsigned)
    monkeypatch.setenv("VANBAN_P12_PASSWORD", P12_PASSWORD)
    monkeypatch.setenv("VANBAN_DATA_DIR", str(tmp_path / "data"))
    assert main(["sign", str(doc), "--p12", str(keys.signer_p12), "--image", str(keys.signature_png)]) == 0
    assert main(["sign", str(doc), "--p12", str(keys.agency_p12), "--agency", "--image", str(keys.seal_png)]) == 0
    out = capsys.readouterr().out
    assert "ô 7c" in out and "ô 8" in out and "B-B" in out
    assert main(["verify", str(doc), "--trust", str(keys.ca_pem)]) == 0
    out = capsys.readouterr().out
    assert out.count("HỢP LỆ") == 2 and "Vũ Đức Thắng" in out and "mọi chữ ký đều hợp lệ" in out
    assert main(["verify", str(doc), "--json"]) == 1  # no root configured: not confirmed
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and [s["verdict"] for s in report["signatures"]] == ["untrusted"] * 2
    trust = tmp_path / "data" / "trust"
    trust.mkdir(parents=True)
    (trust / "goc.pem").write_bytes(keys.ca_pem.read_bytes())
    assert main(["verify", str(doc), "--json"]) == 0  # the root in the user's trust folder


def test_cli_profile_images_and_a_wrong_password(material, tmp_path, monkeypatch, capsys):
    keys, unsigned, _once, _twice = material
    profile = json.loads((EXAMPLES / "profiles" / "state_so_noi_vu.json").read_text(encoding="utf-8"))
    profile["signers"][0]["signature_image"] = str(keys.signature_png)
    profile["seal_image"] = str(keys.seal_png)
    profile_path = tmp_path / "hs.json"
    profile_path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "a.pdf"
    doc.write_bytes(unsigned)
    monkeypatch.setenv("VANBAN_P12_PASSWORD", "sai")
    assert main(["sign", str(doc), "--p12", str(keys.signer_p12), "--profile", str(profile_path)]) == 2
    assert "sai mật khẩu" in capsys.readouterr().err and doc.read_bytes() == unsigned
    monkeypatch.setenv("VANBAN_P12_PASSWORD", P12_PASSWORD)
    out = tmp_path / "ky.pdf"
    assert main(["sign", str(doc), "-o", str(out), "--p12", str(keys.signer_p12), "--profile", str(profile_path)]) == 0
    assert main(["sign", str(out), "--p12", str(keys.agency_p12), "--agency", "--profile", str(profile_path)]) == 0
    assert [w.name for w in signature_widgets(out.read_bytes())] == ["VanBan_ChuKy", "VanBan_DauCoQuan"]
    assert doc.read_bytes() == unsigned


def test_cli_refuses_a_bad_image_and_a_missing_one(material, tmp_path, monkeypatch, capsys):
    keys, unsigned, _once, _twice = material
    doc = tmp_path / "a.pdf"
    doc.write_bytes(unsigned)
    monkeypatch.setenv("VANBAN_P12_PASSWORD", P12_PASSWORD)
    assert main(["sign", str(doc), "--p12", str(keys.signer_p12), "--image", str(keys.seal_png)]) == 2
    assert "không phải màu xanh" in capsys.readouterr().err
    assert main(["sign", str(doc), "--p12", str(keys.signer_p12)]) == 2
    assert "Chưa có ảnh chữ ký" in capsys.readouterr().err
    assert doc.read_bytes() == unsigned


def _stamp_texts(signed: bytes, field: str) -> tuple[list[str], set[float]]:
    """The lines a stamp's appearance draws (their /ActualText spans) and the font sizes it sets."""
    import pikepdf

    texts: list[str] = []
    sizes: set[float] = set()

    def walk(stream) -> None:
        for operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/ActualText" in operands[1]:
                texts.append(str(operands[1]["/ActualText"]))
            elif str(operator) == "Tf":
                sizes.add(float(operands[1]))
        for xobject in stream.get("/Resources", {}).get("/XObject", {}).values():
            walk(xobject)

    with pikepdf.open(io.BytesIO(signed)) as pdf:
        for annot in pdf.pages[0].obj["/Annots"]:
            if annot.get("/T") == field:
                walk(annot["/AP"]["/N"])
    return texts, sizes


def test_attachment_stamp_top_right_in_times_10pt(material, tmp_path):
    """An attachment in its own file: the agency signs it with no image; top right of page 1 the
    main document's số/ký hiệu and the signing time in ISO 8601 with +07:00, 10 pt, font embedded."""
    import datetime as dt

    keys, unsigned, _once, _twice = material
    moment = dt.datetime(2026, 12, 4, 9, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    signed = sign_pdf(unsigned, load_p12(keys.agency_p12, P12_PASSWORD), role="attachment", rules=RULES,
                      stamp_text=("45/TB-SNV",), moment=moment)
    widget = signature_widgets(signed)[0]
    assert widget.name == "VanBan_KemTheo" and widget.page == 0
    width, height = 595.3, 841.9
    margin = RULES["attachment_stamp"]["margin_mm"] * PT_PER_MM
    _x0, _y0, x1, y1 = widget.rect
    assert abs(x1 - (width - margin)) <= TWO_MM and abs(y1 - (height - margin)) <= TWO_MM
    texts, sizes = _stamp_texts(signed, "VanBan_KemTheo")
    assert texts == ["45/TB-SNV", "2026-12-04T09:30:05+07:00"] and sizes == {10.0}
    assert verify_pdf(signed, load_roots([keys.ca_pem]))[0].verdict == "valid"
    from desktop.signing.pdfa_check import check_pdfa

    fonts = check_pdfa(signed).fonts
    assert any("LiberationSerif" in name or "Times" in name for name in fonts) and all(fonts.values())


def test_electronic_copy_stamp_mau_3_2(material, tmp_path, monkeypatch, capsys):
    """Mẫu 3.2: copy type, copying body (Vietnamese, through the embedded font), signing time."""
    keys, unsigned, _once, _twice = material
    doc = tmp_path / "ban sao.pdf"
    doc.write_bytes(unsigned)
    monkeypatch.setenv("VANBAN_P12_PASSWORD", P12_PASSWORD)
    assert main(["sign", str(doc), "--p12", str(keys.agency_p12), "--copy", "sao y", "--copying-body",
                 "VĂN PHÒNG UBND TỈNH QUẢNG NINH"]) == 0
    assert "bản sao điện tử" in capsys.readouterr().out
    texts, sizes = _stamp_texts(doc.read_bytes(), "VanBan_BanSao")
    assert texts[:2] == ["SAO Y", "VĂN PHÒNG UBND TỈNH QUẢNG NINH"] and sizes == {10.0}
    assert len(texts) == 3 and texts[2].endswith("+07:00") and "T" in texts[2]
    assert main(["sign", str(doc), "--p12", str(keys.agency_p12), "--copy", "BẢN CHỤP", "--copying-body", "X"]) == 2
    assert "SAO Y, SAO LỤC, TRÍCH SAO" in capsys.readouterr().err
