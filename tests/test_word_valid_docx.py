"""Every .docx the product writes is valid for Word: zero findings under the Office 2010 rules
(openxml-audit, a port of the Open XML SDK validator), and under the Office 2007 and Microsoft 365
rules too. A failure prints each finding's part, XML path and message.

Covered: every example rendered (complete drafts and the incomplete seeds), every doc type of both
rule sets with each copy kind and an attachment, the render tests' samples, every import → render
round trip (the rendered examples, the real offices' files, the seeds' text), every template
(docxtpl tags and all). The fixer's output joins when it lands (it calls the same core function).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.core.check.importer import import_docx
from desktop.core.model import load_draft
from desktop.core.render import render_bytes, render_to_file
from desktop.core.word_validation import describe, validate_docx, validate_docx_bytes
from tests.conftest import EXAMPLES as EXAMPLES_DIR
from tests.word_validity import (
    REAL_DOCX,
    SEED_TEXTS,
    TEMPLATES,
    example_drafts,
    is_complete,
    variants,
)

VERSIONS = ("2010", "2007", "365")
EXAMPLES = example_drafts()
VARIANTS = variants()


def assert_valid(path: Path) -> None:
    for version in VERSIONS:
        findings = validate_docx(path, version)
        assert findings == [], f"{path.name} under Office {version} rules:\n{describe(findings)}"


def test_there_is_something_to_validate():
    assert len([p for p in EXAMPLES if is_complete(p)]) >= 14
    assert len(TEMPLATES) >= 9 and len(REAL_DOCX) >= 10 and len(SEED_TEXTS) == 5
    assert len(VARIANTS) >= 14 + 4


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_rendered_is_valid_for_word(tmp_path, path: Path):
    assert_valid(render_to_file(load_draft(path), tmp_path / f"{path.stem}.docx"))


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_doc_type_with_copy_block_and_attachment_is_valid_for_word(tmp_path, name: str):
    draft = VARIANTS[name]()
    assert draft.attachments or name.startswith("sample-")
    target = tmp_path / f"{name}.docx"
    target.write_bytes(render_bytes(draft))
    assert_valid(target)


@pytest.mark.parametrize("path", TEMPLATES, ids=[f"{p.parent.name}-{p.stem}" for p in TEMPLATES])
def test_every_template_is_a_valid_word_file(path: Path):
    with zipfile.ZipFile(path) as package:
        assert "{%" in package.read("word/document.xml").decode("utf-8")  # docxtpl tags, validated as they stand
    assert_valid(path)


@pytest.mark.parametrize("path", [p for p in EXAMPLES if is_complete(p)], ids=lambda p: p.stem)
def test_render_import_render_round_trip_is_valid_for_word(tmp_path, path: Path):
    first = render_to_file(load_draft(path), tmp_path / "first.docx")
    again = render_to_file(import_docx(first), tmp_path / "again.docx")
    assert_valid(again)


@pytest.mark.parametrize("path", REAL_DOCX + SEED_TEXTS, ids=lambda p: p.name)
def test_a_received_file_imported_then_rendered_is_valid_for_word(tmp_path, path: Path):
    draft = import_docx(path)
    assert draft.body, f"nothing imported from {path.name}"
    assert_valid(render_to_file(draft, tmp_path / "imported.docx"))


def test_bytes_in_memory_validate_the_same(tmp_path):
    draft = VARIANTS["sample-state_quyet_dinh"]()
    assert validate_docx_bytes(render_bytes(draft)) == []


def test_the_brace_stays_drawingml_without_a_vml_fallback(tmp_path):
    """B.1 ô 9b's brace is a wps shape inside mc:AlternateContent; no rule asks for a VML mc:Fallback
    (Office 2007 rules included), so none is added: Word 2007 would just not draw the brace."""
    path = render_to_file(load_draft(EXAMPLES_DIR / "party_bao_cao.json"), tmp_path / "bao_cao.docx")
    with zipfile.ZipFile(path) as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert 'mc:Choice Requires="wps"' in document and "<wps:wsp" in document
    assert "mc:Fallback" not in document and "<v:" not in document
    assert_valid(path)
