"""LibreOffice opens the rendered files and lays them out (toolchain notes §4): PDF pages and PNGs.

Visual review of these pages is recorded in bench/render.md ("Pages looked at").
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop.core.office import docx_to_pdf, pdf_to_pngs
from desktop.core.render import render_to_file
from tests.render_helpers import party_thong_bao, state_cong_van, state_quyet_dinh

pytestmark = pytest.mark.libreoffice


def _pdf_pages(pdf: Path) -> int:
    """Page count from poppler's pdfinfo (installed with pdftoppm)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize(("make", "pages"), [(party_thong_bao, 1), (state_cong_van, 1), (state_quyet_dinh, 2)])
def test_libreoffice_converts_to_pdf_and_png(soffice: str, tmp_path: Path, make, pages: int) -> None:
    docx = render_to_file(make(), tmp_path / f"{make.__name__}.docx")
    pdf = docx_to_pdf(docx, tmp_path)
    assert pdf.stat().st_size > 1000
    assert _pdf_pages(pdf) == pages
    pngs = pdf_to_pngs(pdf, tmp_path / "page", dpi=40)
    assert len(pngs) == pages and all(p.stat().st_size > 0 for p in pngs)
