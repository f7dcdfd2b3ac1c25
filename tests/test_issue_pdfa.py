"""``vanban issue``: PDF/A-2b through LibreOffice, read back (pdfaid, output intent, every font
embedded), with the metadata and the edXML header beside it; issue-ready leaves number and day blank.
Not checked here (no veraPDF): the rest of ISO 19005-2 — see desktop/signing/pdfa_check.py."""

from __future__ import annotations

import json

import pikepdf
import pytest

from desktop.cli import main
from desktop.core.rules import load_rule_set
from desktop.signing.pdfa_check import check_pdfa
from desktop.signing.placement import find_closing_block
from desktop.signing.sign import load_p12, sign_pdf
from tests.conftest import EXAMPLES
from tests.signing_helpers import P12_PASSWORD, make_keys


@pytest.fixture(scope="module")
def issued(tmp_path_factory, soffice_module):
    folder = tmp_path_factory.mktemp("issue")
    out = folder / "TB 2024.v2.pdf"
    code = main(["issue", str(EXAMPLES / "state_thong_bao.json"), "-o", str(out), "--agency-id", "000.00.00.H40",
                 "--metadata", "--edxml"])
    assert code == 0
    return folder, out


def test_the_export_is_pdfa_2b_with_every_font_embedded(issued):
    _folder, out = issued
    report = check_pdfa(out.read_bytes())
    assert report.ok, report.messages()
    assert (report.part, report.conformance, report.output_intent) == ("2", "B", True)
    assert report.fonts and all(report.fonts.values())
    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
        assert float(pdf.pdf_version) >= 1.4  # Mẫu 3.2: PDF 1.4 or later


def test_metadata_and_edxml_written_beside_it(issued):
    folder, _out = issued
    record = json.loads((folder / "TB 2024.v2.metadata.json").read_text(encoding="utf-8"))
    assert record["so_trang"] == 1 and record["ky_hieu"] == "TB-SNV" and record["so_van_ban"] == "45"
    assert (folder / "TB 2024.v2.edxml.xml").read_bytes().startswith(b"<?xml")


def test_a_signed_pdfa_keeps_its_fonts_embedded_and_the_images_add_no_transparency_problem(issued, tmp_path):
    _folder, out = issued
    keys = make_keys(tmp_path)
    rules = load_rule_set("state_nd30").electronic
    once = sign_pdf(out.read_bytes(), load_p12(keys.signer_p12, P12_PASSWORD), role="signer", rules=rules,
                    image=keys.signature_png)
    twice = sign_pdf(once, load_p12(keys.agency_p12, P12_PASSWORD), role="agency", rules=rules, image=keys.seal_png)
    report = check_pdfa(twice)
    assert report.ok, report.messages()
    assert report.soft_masked_images == 2  # the PNGs' transparency as soft masks, allowed in PDF/A-2


def test_a_plain_pdf_is_not_called_pdfa(tmp_path):
    from tests.signing_helpers import plain_pdf as _plain_pdf

    report = check_pdfa(_plain_pdf())
    keys = [key for key, _ in report.problems]
    assert "sign.pdfa.not_pdfa2b" in keys and "sign.pdfa.no_output_intent" in keys
    assert "sign.pdfa.font_not_embedded" in keys
    assert any("Times-Bold" in m and "không được nhúng" in m for m in report.messages())


def test_issue_ready_leaves_number_and_day_blank_and_the_signature_gap(issued, tmp_path, capsys):
    out = tmp_path / "ban-hanh.pdf"
    code = main(["issue", str(EXAMPLES / "state_thong_bao.json"), "-o", str(out), "--issue-ready",
                 "--agency-id", "000.00.00.H40", "--metadata"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "để trống" in printed and "GIÁM ĐỐC" in printed
    record = json.loads((tmp_path / "ban-hanh.metadata.json").read_text(encoding="utf-8"))
    assert record["so_van_ban"] == "" and record["ngay_van_ban"] is None
    data = out.read_bytes()
    block = find_closing_block(data, "Vũ Đức Thắng")
    assert block.title.y0 - block.name.y1 > 40  # the reserved box 7c
    from desktop.signing.placement import page_lines

    texts = [line.text for line in page_lines(data)[0][0]]
    assert not any("45/TB" in t for t in texts) and not any("18 tháng 6" in t for t in texts)


def test_metadata_without_an_agency_id_or_with_a_too_long_field(issued, tmp_path, capsys):
    out = tmp_path / "a.pdf"
    assert main(["issue", str(EXAMPLES / "state_thong_bao.json"), "-o", str(out), "--metadata"]) == 1
    assert "mã định danh" in capsys.readouterr().out
    draft = json.loads((EXAMPLES / "state_thong_bao.json").read_text(encoding="utf-8"))
    draft["summary"] = "Về việc " + "rất dài " * 80
    long_draft = tmp_path / "dai.json"
    long_draft.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    code = main(["issue", str(long_draft), "-o", str(out), "--metadata", "--agency-id", "000.00.00.H40"])
    printed = capsys.readouterr().out
    assert code == 1 and "«Trích yếu nội dung»" in printed and not (tmp_path / "a.metadata.json").exists()
