"""open_source dispatch: .doc/.odt/.rtf through LibreOffice, .txt/.md to the text reader (issue #3)."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Pt

from desktop.core.check.reader import open_source
from desktop.core.office import convert


def make_docx(path, texts=("ỦY BAN NHÂN DÂN", "THÔNG BÁO", "Về việc tổ chức hội nghị")):
    document = docx.Document()
    for text in texts:
        run = document.add_paragraph().add_run(text)
        run.font.size = Pt(14)
        run.font.name = "Times New Roman"
    document.save(path)
    return path


@pytest.mark.libreoffice
@pytest.mark.parametrize("target", ["doc", "odt", "rtf"])
def test_legacy_formats_are_converted_and_read(tmp_path, soffice, target):
    source = make_docx(tmp_path / "gốc.docx")
    converted = convert(source, target, tmp_path / "out")
    doc = open_source(converted)
    texts = [b.text for b in doc.blocks if b.text]
    assert texts == ["ỦY BAN NHÂN DÂN", "THÔNG BÁO", "Về việc tổ chức hội nghị"]
    assert doc.blocks[0].runs[0].size == 14.0
    assert doc.path == str(converted)
    assert any("LibreOffice" in note for note in doc.notes)


def test_text_file_goes_to_text_reader(tmp_path):
    path = tmp_path / "thong-bao.txt"
    path.write_text("THÔNG BÁO\nVề việc họp\n", encoding="utf-8")
    doc = open_source(path)
    assert doc.kind == "text"
    assert doc.blocks[0].text.startswith("THÔNG BÁO")


def test_markdown_file_goes_to_text_reader(tmp_path):
    path = tmp_path / "thong-bao.md"
    path.write_text("**THÔNG BÁO**\n", encoding="utf-8")
    assert open_source(path).kind == "text"
