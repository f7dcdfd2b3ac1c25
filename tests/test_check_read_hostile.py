"""Bad and hostile inputs: always an UnreadableInputError with a Vietnamese message naming the file."""

from __future__ import annotations

import builtins
import time
from pathlib import Path

import pytest
from hostile_files import (
    XML_DECL,
    build_docx,
    para,
    write_big_docx,
    write_billion_laughs,
    write_broken_xml,
    write_deep_nesting,
    write_docm,
    write_empty_docx,
    write_encrypted_ole,
    write_fake_legacy_doc,
    write_lying_size_zip,
    write_missing_document,
    write_not_a_zip,
    write_too_many_members,
    write_truncated_zip,
    write_xxe,
    write_zip_bomb,
)
from lxml import etree

from desktop.core import office
from desktop.core.check import package, reader
from desktop.core.check.reader import open_source
from desktop.core.errors import EXIT_UNREADABLE, UnreadableInputError


def refused(path: Path, key: str, *words: str) -> str:
    """Open ``path``; it must be refused with ``checkread.<key>``, naming the file, in Vietnamese."""
    with pytest.raises(UnreadableInputError) as caught:
        open_source(path)
    error = caught.value
    assert error.key == f"checkread.{key}"
    assert error.exit_code == EXIT_UNREADABLE
    assert path.name in error.message
    assert "Tệp" in error.message or "tệp" in error.message
    for word in words:
        assert word in error.message
    return error.message


def test_not_a_zip_with_docx_name(tmp_path):
    refused(write_not_a_zip(tmp_path / "rác.docx"), "not_word_zip", "không phải tệp Word")


def test_truncated_zip(tmp_path):
    refused(write_truncated_zip(tmp_path / "dở.docx"), "bad_zip", "hỏng")


def test_zip_bomb_refused_by_ratio_before_reading(tmp_path):
    refused(write_zip_bomb(tmp_path / "bom.docx"), "zip_bomb", "zip bomb")


def test_lying_size_header_caught_while_reading(tmp_path):
    refused(write_lying_size_zip(tmp_path / "dối.docx"), "bad_zip")


def test_bounded_read_stops_past_the_member_limit(tmp_path, monkeypatch):
    path = build_docx(tmp_path / "lớn.docx", body=para("Nội dung " * 5000))
    with package.Package(path) as pkg:  # validated with the real limits
        monkeypatch.setattr(package, "MAX_MEMBER_BYTES", 1000)
        with pytest.raises(UnreadableInputError) as caught:
            pkg.read("word/document.xml")
    assert caught.value.key == "checkread.read_limit"


def test_member_declared_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_MEMBER_BYTES", 1000)
    refused(build_docx(tmp_path / "to.docx", body=para("Nội dung " * 500)), "member_too_large", "quá lớn")


def test_total_declared_size_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 20000)
    refused(build_docx(tmp_path / "tổng.docx", body=para("x")), "total_too_large")


def test_too_many_members(tmp_path):
    refused(write_too_many_members(tmp_path / "nhiều.docx"), "too_many_members")


def test_billion_laughs_never_expanded(tmp_path):
    refused(write_billion_laughs(tmp_path / "cười.docx"), "xml_doctype", "DOCTYPE")


def test_xxe_refused(tmp_path):
    message = refused(write_xxe(tmp_path / "xxe.docx"), "xml_doctype")
    assert "root:" not in message


def test_safe_parser_itself_never_reads_external_entities():
    secret = Path("/etc/hostname") if Path("/etc/hostname").exists() else Path("/etc/passwd")
    xml = f'<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]><a>&x;</a>'.encode()
    root = etree.fromstring(xml, package.safe_parser())
    assert secret.read_text().strip()[:8] not in etree.tostring(root).decode()


def test_broken_xml(tmp_path):
    refused(write_broken_xml(tmp_path / "vỡ.docx"), "xml_broken", "word/document.xml")


def test_excessive_nesting(tmp_path):
    refused(write_deep_nesting(tmp_path / "sâu.docx"), "xml_broken")


def test_zip_without_document_is_not_word(tmp_path):
    refused(write_missing_document(tmp_path / "bảng.docx"), "not_word", "không phải tệp Word")


def test_encrypted_ole_says_password(tmp_path):
    refused(write_encrypted_ole(tmp_path / "mật.docx"), "encrypted", "mật khẩu")


def test_legacy_doc_without_libreoffice_names_the_format(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    refused(write_fake_legacy_doc(tmp_path / "cũ.doc"), "needs_office", ".doc", "LibreOffice", "lưu lại dạng .docx")


def test_rtf_without_libreoffice_names_the_format(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    path = tmp_path / "thư.rtf"
    path.write_text("{\\rtf1\\ansi Noi dung}", encoding="ascii")
    refused(path, "needs_office", "RTF")


@pytest.mark.libreoffice
def test_unconvertible_legacy_doc_with_libreoffice(tmp_path, soffice):
    refused(write_fake_legacy_doc(tmp_path / "hỏng.doc"), "convert_failed", ".doc")


def test_missing_file(tmp_path):
    refused(tmp_path / "không-có.docx", "not_found")


def test_directory(tmp_path):
    folder = tmp_path / "thư-mục.docx"
    folder.mkdir()
    refused(folder, "is_directory", "thư mục")


def test_zero_byte_docx(tmp_path):
    path = tmp_path / "rỗng.docx"
    path.write_bytes(b"")
    refused(path, "empty_file", "rỗng")


def test_unknown_binary_format(tmp_path):
    path = tmp_path / "ảnh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    refused(path, "unknown_format")


def test_file_deleted_between_stat_and_read(tmp_path, monkeypatch):
    path = build_docx(tmp_path / "biến-mất.docx", body=para("x"))
    real_check = reader.check_file

    def check_then_delete(p):
        real_check(p)
        p.unlink()

    monkeypatch.setattr(reader, "check_file", check_then_delete)
    refused(path, "vanished", "xoá")


def test_locked_file(tmp_path, monkeypatch):
    path = build_docx(tmp_path / "khoá.docx", body=para("x"))
    real_open = builtins.open

    def locked_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(package, "open", locked_open, raising=False)
    refused(path, "locked", "khoá")


def test_read_error_mid_file(tmp_path, monkeypatch):
    path = build_docx(tmp_path / "lỗi-đọc.docx", body=para("x"))

    def failing_read(self, name):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(package.zipfile.ZipFile, "open", failing_read)
    refused(path, "os_error", "Input/output error")


def test_unexpected_internal_error_becomes_message(tmp_path, monkeypatch):
    path = build_docx(tmp_path / "lạ.docx", body=para("x"))

    def boom(self, *args):
        raise KeyError("x")

    monkeypatch.setattr(reader.DocxReader, "read", boom)
    refused(path, "unexpected", "KeyError")


def test_docm_is_read_with_a_macro_note(tmp_path):
    doc = open_source(write_docm(tmp_path / "macro.docm"))
    assert [b.text for b in doc.blocks] == ["Văn bản có macro"]
    assert any("macro" in note and "không được chạy" in note for note in doc.notes)


def test_empty_document_has_no_blocks(tmp_path):
    doc = open_source(write_empty_docx(tmp_path / "trống.docx"))
    assert (doc.blocks, doc.kind) == ([], "docx")
    assert len(doc.sections) == 1


def test_docx_inside_other_extension_is_read_by_content(tmp_path):
    path = build_docx(tmp_path / "gửi nhầm.bin", body=para("Kính gửi"))
    assert open_source(path).blocks[0].text == "Kính gửi"


def test_strict_ooxml_namespace_is_read(tmp_path):
    document = (f'{XML_DECL}<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
                "<w:body><w:p><w:r><w:t>Nghiêm ngặt</w:t></w:r></w:p></w:body></w:document>")
    assert open_source(build_docx(tmp_path / "strict.docx", document=document)).blocks[0].text == "Nghiêm ngặt"


@pytest.mark.slow
def test_fifty_megabyte_document_is_read(tmp_path):
    path = write_big_docx(tmp_path / "lớn.docx", media_mb=48, paragraphs=30000)
    assert path.stat().st_size > 50_000_000
    started = time.perf_counter()
    doc = open_source(path)
    elapsed = time.perf_counter() - started
    assert len(doc.blocks) == 30000
    assert doc.blocks[-1].text.startswith("Nội dung đoạn văn bản số 29999")
    assert doc.blocks[-1].runs[0].size == 14.0
    print(f"50 MB document read in {elapsed:.2f} s")


def test_every_unreadable_key_in_the_reader_has_a_vietnamese_message():
    import re

    from conftest import ROOT

    from desktop.core.i18n import has_message

    keys = set()
    for name in ("package.py", "reader.py", "docx_reader.py", "styles.py"):
        text = (ROOT / "desktop" / "core" / "check" / name).read_text(encoding="utf-8")
        keys.update(re.findall(r"""unreadable\(\s*["']([a-z_]+)["']""", text))
        keys.update(k.removeprefix("checkread.") for k in re.findall(r"""tr\(\s*["'](checkread\.[a-z_]+)["']""", text))
    assert len(keys) > 15
    assert sorted(k for k in keys if not has_message(f"checkread.{k}")) == []


def test_word_template_extension_is_read(tmp_path):
    assert open_source(build_docx(tmp_path / "mẫu.dotx", body=para("Mẫu"))).blocks[0].text == "Mẫu"


def test_oversized_central_directory_refused_even_when_entry_count_lies(tmp_path, monkeypatch):
    import struct

    path = build_docx(tmp_path / "thư-mục-zip.docx", body=para("x"))
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 3, 3)  # entries on this disk / in total: a lie
    path.write_bytes(bytes(data))
    monkeypatch.setattr(package, "MAX_CENTRAL_DIRECTORY_BYTES", 500)
    refused(path, "too_many_members")
