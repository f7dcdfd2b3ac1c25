"""PDF/A-2b export through LibreOffice (writer_pdf_Export with SelectPdfVersion=2).

LibreOffice embeds every font it uses and writes the PDF/A identification (pdfaid) into the XMP
metadata and an sRGB output intent; the signing extra reads that back (vanban issue). As with every
LibreOffice run: one profile folder per run, and the output is checked (it exits 0 on failure).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from desktop.core.office import DEFAULT_TIMEOUT_S, OfficeError, find_soffice

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
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError("office.missing")
    source = Path(source).resolve()
    with tempfile.TemporaryDirectory(prefix="vanban-pdfa-") as work:
        out_dir = Path(work) / "out"
        cmd = [soffice, f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", pdfa_target(), "--outdir", str(out_dir), str(source)]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s,
                                    stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError("office.timeout", path=str(source), seconds=int(timeout_s)) from exc
        except OSError as exc:
            raise OfficeError("office.failed", path=str(source), reason=str(exc)) from exc
        target = out_dir / f"{source.stem}.pdf"
        if not target.exists() or target.stat().st_size == 0:
            reason = (result.stderr or result.stdout or "").strip().splitlines()
            raise OfficeError("office.failed", path=str(source), reason=reason[-1] if reason else "?")
        return target.read_bytes()
