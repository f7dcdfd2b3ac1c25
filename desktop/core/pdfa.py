"""PDF/A-2b export through LibreOffice (writer_pdf_Export with SelectPdfVersion=2).

LibreOffice embeds every font it uses and writes the PDF/A identification (pdfaid) into the XMP
metadata and an sRGB output intent; the signing extra reads that back (vanban issue). As with every
LibreOffice run: one profile folder per run, and the output is checked (it exits 0 on failure).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from desktop.core.office import DEFAULT_TIMEOUT_S, convert

PDFA_FILTER_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b
    "EmbedStandardFonts": {"type": "boolean", "value": "true"},  # the 14 standard fonts too
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
}


def pdfa_target() -> str:
    """The --convert-to argument: pdf with the writer_pdf_Export filter and its options as JSON."""
    return "pdf:writer_pdf_Export:" + json.dumps(PDFA_FILTER_OPTIONS, separators=(",", ":"))


def docx_to_pdfa(source: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The PDF/A-2b bytes of a .docx; the caller writes them (desktop.core.atomic)."""
    with tempfile.TemporaryDirectory(prefix="vanban-pdfa-") as work:
        return convert(source, "pdf", Path(work), timeout_s=timeout_s, convert_to=pdfa_target()).read_bytes()
