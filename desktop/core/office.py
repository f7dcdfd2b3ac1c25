"""LibreOffice, headless: .docx -> .pdf for printing and previews, .doc/.odt -> .docx for checking.

LibreOffice exits 0 even when a conversion fails, and two runs sharing a user profile drop
output silently; so every conversion gets its own temporary profile and the output file is
checked. All failures become :class:`OfficeError` with a Vietnamese message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from desktop.core.errors import VanBanError

DEFAULT_TIMEOUT_S = 120


class OfficeError(VanBanError):
    """LibreOffice is missing or could not convert the file."""


def find_soffice() -> str | None:
    """The LibreOffice program, or None. Looks on PATH, then in the usual Windows folders."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        for base in (os.environ.get("PROGRAMFILES", r"C:\Program Files"),
                     os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")):
            candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if candidate.exists():
                return str(candidate)
        from desktop.core.pdf_export import soffice_from_registry  # installs elsewhere (D:\, per user)

        return soffice_from_registry()
    return None


def convert(source: Path, target_ext: str, out_dir: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S,
            convert_to: str | None = None) -> Path:
    """Convert ``source`` to ``target_ext`` ("pdf", "docx") in ``out_dir``; return the new file.
    ``convert_to``: LibreOffice's full --convert-to argument when a filter and its options are
    named ("pdf:writer_pdf_Export:{…}"); by default ``target_ext`` alone."""
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError("office.missing")
    source = Path(source).resolve()
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.{target_ext}"
    if target.exists():
        target.unlink()
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", convert_to or target_ext, "--outdir", str(out_dir), str(source)]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s,
                                    stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError("office.timeout", path=str(source), seconds=int(timeout_s)) from exc
        except OSError as exc:
            raise OfficeError("office.failed", path=str(source), reason=str(exc)) from exc
    if not target.exists() or target.stat().st_size == 0:
        reason = (result.stderr or result.stdout or "").strip().splitlines()
        raise OfficeError("office.failed", path=str(source), reason=reason[-1] if reason else "?")
    return target


def docx_to_pdf(source: Path, out_dir: Path) -> Path:
    return convert(source, "pdf", out_dir)


def to_docx(source: Path, out_dir: Path) -> Path:
    """A .doc or .odt converted to .docx, for the checker."""
    return convert(source, "docx", out_dir)


def pdf_to_pngs(pdf: Path, out_prefix: Path, dpi: int = 80) -> list[Path]:
    """Pages of a PDF as PNG files (poppler's pdftoppm)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise OfficeError("office.no_pdftoppm")
    subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(pdf), str(out_prefix)], check=True,
                   capture_output=True, stdin=subprocess.DEVNULL)
    return sorted(out_prefix.parent.glob(f"{out_prefix.name}*.png"))
