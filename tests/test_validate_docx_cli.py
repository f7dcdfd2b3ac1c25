"""``vanban validate-docx`` and desktop.core.word_validation: findings name the part and the XML
path; hostile or non-Word files are refused by the checker's safe reader (exit 2); a missing
openxml-audit is a Vietnamese message, not a traceback."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import UnreadableInputError
from desktop.core.render import render_to_file
from desktop.core.word_validation import describe, validate_docx
from tests import render_helpers
from tests.hostile_files import HOSTILE, build_docx

OFFICE_2010_LOOK = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
                    'w:noHBand="0" w:noVBand="1"/>')


def with_office_2010_table_look(source: Path, target: Path) -> Path:
    """A rendered file whose tblLook elements carry the six Office 2010 attributes (python-docx's default)."""
    with zipfile.ZipFile(source) as package:
        members = {name: package.read(name) for name in package.namelist()}
    document = members["word/document.xml"].decode("utf-8")
    assert '<w:tblLook w:val="04A0"/>' in document
    members["word/document.xml"] = document.replace('<w:tblLook w:val="04A0"/>', OFFICE_2010_LOOK).encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return target


@pytest.fixture
def valid_docx(tmp_path: Path) -> Path:
    return render_to_file(render_helpers.state_cong_van(), tmp_path / "công văn hợp lệ.docx")


@pytest.fixture
def invalid_docx(tmp_path: Path) -> Path:
    """A paragraph property out of schema order and an unknown element: Word would repair the file."""
    body = ('<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="0"/></w:pPr><w:r><w:t>Sai thứ tự</w:t></w:r></w:p>'
            '<w:p><w:r><w:bogus/><w:t>x</w:t></w:r></w:p>')
    return build_docx(tmp_path / "hỏng.docx", body=body)


def test_a_broken_file_has_findings_naming_the_part_and_the_xml_path(invalid_docx):
    findings = validate_docx(invalid_docx)
    mine = [f for f in findings if f.part == "/word/document.xml"]  # python-docx's blank file adds its own
    paths = [f.path for f in mine]
    assert any(p.startswith("/document[1]/body[1]/p[1]") for p in paths), paths
    assert any("bogus" in f.message for f in mine), describe(mine)


def test_office_2010_table_look_attributes_are_findings_under_2007_only(tmp_path, valid_docx):
    """What python-docx writes (and what build_templates.py now strips): valid for 2010, not for 2007."""
    path = with_office_2010_table_look(valid_docx, tmp_path / "bang.docx")
    assert validate_docx(valid_docx, "2007") == []
    assert validate_docx(path, "2010") == []
    under_2007 = validate_docx(path, "2007")
    assert len(under_2007) % 6 == 0 and under_2007
    assert all(f.path.endswith("/tblPr[1]/tblLook[1]") for f in under_2007)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_before_the_validator(tmp_path, name):
    path = HOSTILE[name](tmp_path / f"{name}.docx")
    with pytest.raises(UnreadableInputError):
        validate_docx(path)


def test_cli_valid_file_exit_0_in_vietnamese(valid_docx, capsys):
    assert main(["validate-docx", str(valid_docx)]) == 0
    out = capsys.readouterr().out
    assert "hợp lệ với Word 2010" in out and "không có lỗi nào" in out


def test_cli_findings_exit_1_with_part_path_and_message(invalid_docx, capsys):
    assert main(["validate-docx", str(invalid_docx)]) == 1
    out = capsys.readouterr().out
    assert "lỗi theo quy tắc của Word 2010" in out
    assert "phần /word/document.xml, vị trí /document[1]/body[1]/p[1]" in out


def test_cli_unreadable_exit_2_and_the_others_still_validated(tmp_path, valid_docx, capsys):
    text = tmp_path / "ghi chú.txt"
    text.write_text("không phải Word", encoding="utf-8")
    bomb = HOSTILE["zip_bomb"](tmp_path / "bom.docx")
    assert main(["validate-docx", str(text), str(bomb), str(valid_docx)]) == 2
    captured = capsys.readouterr()
    assert "hợp lệ với Word 2010" in captured.out
    assert "không phải tệp Word .docx" in captured.err
    assert "zip bomb" in captured.err
    assert "Traceback" not in captured.err


def test_cli_json_one_line_per_file(valid_docx, invalid_docx, tmp_path, capsys):
    missing = tmp_path / "không có.docx"
    assert main(["validate-docx", "--json", str(valid_docx), str(invalid_docx), str(missing)]) == 2
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [Path(r["file"]).name for r in lines] == [valid_docx.name, invalid_docx.name, missing.name]
    assert lines[0]["valid"] and lines[0]["findings"] == []
    assert not lines[1]["valid"] and "/word/document.xml" in {f["part"] for f in lines[1]["findings"]}
    assert set(lines[1]["findings"][0]) >= {"part", "path", "message", "kind", "severity"}
    assert lines[2]["readable"] is False and "Không tìm thấy" in lines[2]["error"]


def test_cli_office_version_option(tmp_path, valid_docx, capsys):
    path = with_office_2010_table_look(valid_docx, tmp_path / "bang.docx")
    assert main(["validate-docx", "--office", "2007", str(path)]) == 1
    assert "Word 2007" in capsys.readouterr().out
    assert main(["validate-docx", "--office", "2013", str(path)]) == 0


def test_missing_validator_is_a_vietnamese_message(valid_docx, monkeypatch, capsys):
    from desktop.core import word_validation

    word_validation._validator.cache_clear()
    monkeypatch.setitem(sys.modules, "openxml_audit", None)  # import fails as if not installed
    try:
        assert main(["validate-docx", str(valid_docx)]) == 2
        err = capsys.readouterr().err
        assert "openxml-audit" in err and "pip install" in err and "Traceback" not in err
    finally:
        word_validation._validator.cache_clear()
