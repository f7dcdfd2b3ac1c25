"""The checker's memory per file is bounded: a .docx whose XML would take more than the bound to
parse is refused first with a Vietnamese message; one just under the limit is checked and imported.

The bound: one ``vanban check`` or ``vanban import`` process stays under 600 MB peak RSS (a
parsed part takes about 22× its XML size; parts are limited to 16 MB each and 24 MB together),
so a batch's worker per core stays well below what the machine has. Peak RSS is measured with
``getrusage(RUSAGE_CHILDREN)`` in a fresh wrapper process (the test process's own children
would be mixed in otherwise). A memory bound, not a timing assertion.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core.check import package
from desktop.core.check.reader import open_source
from desktop.core.errors import UnreadableInputError
from tests.conftest import ROOT
from tests.hostile_files import build_docx, document_xml, para, part_xml

BOUND_MB = 600
measured_here = pytest.mark.skipif(sys.platform == "win32", reason="getrusage is POSIX; the refusal itself is "
                                   "tested in process below on every system")
WORDS = ("nội", "dung", "đoạn", "văn", "bản", "số", "của", "một", "hành", "chính", "khá", "dài", "để", "kiểm",
         "tra", "bộ", "nhớ", "tỉnh", "xã", "ủy", "ban", "nhân", "dân", "quyết", "định", "thông", "báo", "kế", "hoạch")


def varied_paragraphs(megabytes: float, seed: int = 1) -> str:
    """Paragraphs of varied words (so the zip does not look like a bomb) adding up to ``megabytes`` of XML."""
    rnd = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < megabytes * 1024 * 1024:
        text = " ".join(f"{rnd.choice(WORDS)}{rnd.randrange(1000)}" for _ in range(14))
        xml = para(text, ppr='<w:jc w:val="both"/>', rpr='<w:sz w:val="28"/>')
        parts.append(xml)
        size += len(xml.encode("utf-8"))
    return "".join(parts)


def measured(*argv: str) -> dict:
    """Run ``python -m desktop.cli ARGV`` as the child of a fresh wrapper; its exit code, output and peak RSS."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, encoding='utf-8')\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
        "print(json.dumps({'code': p.returncode, 'head': p.stdout[:300], 'out': p.stdout[-3000:],\n"
        "                  'err': p.stderr[-3000:], 'peak_mb': peak}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "desktop.cli", *argv],
                          capture_output=True, text=True, encoding="utf-8", env=env, check=True, cwd=ROOT)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def huge_document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .docx whose word/document.xml is 60 MB (about 10 MB on disk)."""
    path = tmp_path_factory.mktemp("huge") / "ke_hoach_60mb.docx"
    return build_docx(path, body=varied_paragraphs(60))


@pytest.fixture(scope="module")
def large_document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .docx whose word/document.xml is 15 MB: just under the 16 MB part limit."""
    path = tmp_path_factory.mktemp("large") / "bao_cao_15mb.docx"
    return build_docx(path, body=varied_paragraphs(15))


@measured_here
def test_a_60mb_document_is_refused_clearly_and_within_the_bound(huge_document: Path):
    with zipfile.ZipFile(huge_document) as package_zip:
        assert package_zip.getinfo("word/document.xml").file_size > 60 * 1024 * 1024
    result = measured("check", str(huge_document))
    assert result["code"] == 2
    assert "quá lớn để kiểm tra: phần «word/document.xml» có 61 MB mã XML (giới hạn 16 MB" in result["out"]
    assert "Traceback" not in result["out"] + result["err"]
    assert result["peak_mb"] < BOUND_MB


@measured_here
def test_importing_a_60mb_document_is_refused_and_writes_nothing(huge_document: Path, tmp_path: Path):
    target = tmp_path / "nhap.json"
    result = measured("import", str(huge_document), "-o", str(target))
    assert result["code"] == 2 and "quá lớn để kiểm tra" in result["err"]
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert result["peak_mb"] < BOUND_MB


@measured_here
def test_a_document_just_under_the_limit_is_checked_within_the_bound(large_document: Path):
    result = measured("check", "--json", str(large_document))
    assert result["code"] in (0, 1), result["err"]
    assert result["head"].startswith(f'{{"file": "{large_document}", "readable": true, "error": null')
    assert result["peak_mb"] < BOUND_MB


@measured_here
def test_a_document_just_under_the_limit_imports_into_a_draft_the_app_opens(large_document: Path, tmp_path: Path):
    from desktop.core.model import MAX_DRAFT_BYTES, load_draft

    target = tmp_path / "bao_cao.json"
    result = measured("import", str(large_document), "-o", str(target))
    assert result["code"] == 0, result["err"]
    assert target.stat().st_size < MAX_DRAFT_BYTES
    assert len(load_draft(target).body) > 10_000
    assert result["peak_mb"] < BOUND_MB


@measured_here
def test_huge_media_is_never_read(tmp_path: Path):
    path = build_docx(tmp_path / "co_anh.docx", body=para("Nội dung có ảnh lớn"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as out:
        out.writestr("word/media/image1.png", os.urandom(60 * 1024 * 1024))
    result = measured("check", "--json", str(path))
    assert result["code"] in (0, 1)
    assert result["head"].startswith(f'{{"file": "{path}", "readable": true, "error": null')
    assert result["peak_mb"] < 200  # the image's 60 MB are not even held once


def test_parts_together_past_the_total_are_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(package, "MAX_XML_PART_BYTES", 1_000_000)  # styles.xml alone is 350 kB
    monkeypatch.setattr(package, "MAX_XML_TOTAL_BYTES", 1_400_000)
    section = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
               '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>')
    path = build_docx(tmp_path / "dau_trang.docx", document=document_xml(varied_paragraphs(0.5), section),
                      parts={"word/header1.xml": part_xml("hdr", varied_paragraphs(0.6, seed=2))},
                      rels={"rIdH1": ("header", "header1.xml")},
                      content_types={"word/header1.xml": "application/vnd.openxmlformats-officedocument."
                                                         "wordprocessingml.header+xml"})
    with pytest.raises(UnreadableInputError) as info:
        open_source(path)
    assert "các phần nội dung cộng lại vượt" in info.value.message


def test_one_part_past_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(package, "MAX_XML_PART_BYTES", 500_000)
    path = build_docx(tmp_path / "dai.docx", body=varied_paragraphs(0.6))
    read = []
    original = package.Package.read
    monkeypatch.setattr(package.Package, "read", lambda self, name, *a: read.append(name) or original(self, name, *a))
    with pytest.raises(UnreadableInputError) as info:
        open_source(path)
    assert "phần «word/document.xml»" in info.value.message and "word/document.xml" not in read


def test_a_60mb_document_is_refused_in_process_before_it_is_read(huge_document: Path):
    with pytest.raises(UnreadableInputError) as info:
        open_source(huge_document)
    assert "quá lớn để kiểm tra: phần «word/document.xml» có 61 MB mã XML" in info.value.message
