"""Hostile input to ``vanban verify``: never "valid", always a clear Vietnamese message, never a
traceback (issue #14 Done means)."""

from __future__ import annotations

import io
import json
import re

import pytest

from desktop.cli import main
from desktop.core.rules import load_rule_set
from desktop.signing.sign import load_p12, sign_pdf
from tests.signing_helpers import P12_PASSWORD, make_keys
from tests.signing_helpers import plain_pdf as _plain_pdf

RULES = load_rule_set("state_nd30").electronic


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    keys = make_keys(folder)
    data = sign_pdf(_plain_pdf(), load_p12(keys.signer_p12, P12_PASSWORD), role="signer", rules=RULES,
                    image=keys.signature_png)
    return keys, data


def run_verify(tmp_path, capsys, data: bytes, keys) -> tuple[int, str, str, dict]:
    path = tmp_path / "in.pdf"
    path.write_bytes(data)
    code = main(["verify", str(path), "--trust", str(keys.ca_pem)])
    out, err = capsys.readouterr()
    assert main(["verify", str(path), "--trust", str(keys.ca_pem), "--json"]) == code
    report = json.loads(capsys.readouterr().out)
    assert "Traceback" not in out + err
    return code, out, err, report


def test_the_untouched_file_is_valid(signed, tmp_path, capsys):
    keys, data = signed
    code, out, _err, report = run_verify(tmp_path, capsys, data, keys)
    assert code == 0 and report["valid"] is True and "HỢP LỆ" in out


def test_not_a_pdf(signed, tmp_path, capsys):
    keys, _data = signed
    code, _out, err, report = run_verify(tmp_path, capsys, "Đây là văn bản thường.".encode(), keys)
    assert code == 2 and "không phải PDF" in err and report["valid"] is False and report["readable"] is False


def test_a_truncated_pdf(signed, tmp_path, capsys):
    keys, data = signed
    for cut in (len(data) // 2, len(data) - 40):
        code, out, err, report = run_verify(tmp_path, capsys, data[:cut], keys)
        assert code in (1, 2) and report["valid"] is False, cut
        assert "HỢP LỆ\n" not in out and "mọi chữ ký đều hợp lệ" not in out
        assert ("hỏng" in err) or ("KHÔNG HỢP LỆ" in out), (cut, out, err)


def test_a_broken_signature_dictionary(signed, tmp_path, capsys):
    keys, data = signed
    contents = re.search(rb"/Contents <([0-9a-fA-F]+)>", data)
    assert contents is not None
    zeroed = data[:contents.start(1)] + b"0" * len(contents.group(1)) + data[contents.end(1):]
    code, out, err, report = run_verify(tmp_path, capsys, zeroed, keys)
    assert code == 2 and report["valid"] is False and report["readable"] is False
    assert "hỏng" in err and "Không có chữ ký nào được xác nhận" in err and out == ""
    broken_range = re.sub(rb"/ByteRange \[[^\]]*\]", lambda m: b"/ByteRange [0 0 0 0]".ljust(len(m.group(0))), data)
    code, out, err, report = run_verify(tmp_path, capsys, broken_range, keys)
    assert code in (1, 2) and report["valid"] is False


def test_a_signature_covering_only_part_of_the_file(signed, tmp_path, capsys):
    """The byte range is shortened so the signature covers only the start of the file."""
    keys, data = signed
    match = re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]", data)
    a, b, c, d = map(int, match.groups())
    shorter = f"/ByteRange [{a} {b} {c} {d - 100}]".encode().ljust(len(match.group(0)))
    partial = data[:match.start()] + shorter + data[match.end():]
    code, out, _err, report = run_verify(tmp_path, capsys, partial, keys)
    assert code == 1 and report["signatures"][0]["verdict"] == "invalid"
    assert "KHÔNG HỢP LỆ" in out


def test_content_changed_in_a_later_update_is_reported(signed, tmp_path, capsys):
    """A shadow edit: an incremental update after signing replaces the page's text."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    keys, data = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    page[generic.pdf_name("/Contents")] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 14 Tf 1 0 0 1 85 700 Tm (Noi dung DA SUA) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    code, text, _err, report = run_verify(tmp_path, capsys, out.getvalue(), keys)
    assert code == 1 and report["signatures"][0]["modified_after"] == "other"
    assert "tệp bị sửa sau khi ký" in text


def test_a_pdf_without_signatures_is_not_valid(signed, tmp_path, capsys):
    keys, _data = signed
    code, out, _err, report = run_verify(tmp_path, capsys, _plain_pdf(), keys)
    assert code == 1 and report["signatures"] == [] and "không có chữ ký số nào" in out


@pytest.mark.parametrize("kind", ["truncated", "garbage", "text"])
def test_sign_refuses_a_damaged_input_with_a_message(signed, tmp_path, capsys, monkeypatch, kind):
    keys, data = signed
    content = {"truncated": data[:3000], "garbage": b"%PDF-1.4\nkhong phai pdf", "text": "Văn bản".encode()}[kind]
    doc = tmp_path / "in.pdf"
    doc.write_bytes(content)
    monkeypatch.setenv("VANBAN_P12_PASSWORD", P12_PASSWORD)
    code = main(["sign", str(doc), "--p12", str(keys.signer_p12), "--image", str(keys.signature_png)])
    err = capsys.readouterr().err
    assert code == 2 and ("Không ký được" in err or "không phải PDF" in err) and "Traceback" not in err
    assert doc.read_bytes() == content
