"""PDF export: one adapter, three outcomes — Word (COM), LibreOffice, or a Vietnamese message.

Order of choice (:func:`choose_backends`):

1. **Word** through COM automation (pywin32), on Windows only, when Word is registered
   (``Word.Application``) and pywin32 is importable: the document is opened read-only, exported
   with ``ExportAsFixedFormat`` as PDF/A-1b (every font embedded, the text searchable), closed
   without saving, and Word quits in a ``finally`` — no Word process is left behind.
2. **LibreOffice** when found: on PATH, in the usual Program Files folders, or through the
   registry (``SOFTWARE\\LibreOffice\\UNO\\InstallPath`` and ``App Paths\\soffice.exe``, machine
   and per-user installs); the conversion is desktop/core/office.py's (own profile per run, the
   output checked).
3. Neither: :class:`PdfExportError` whose message says what to install.

When Word is chosen but fails (a broken install, a licence dialog), LibreOffice is tried next
when present. The finders are parameters, so the choice is tested on any platform.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import VanBanError

RegistryReader = Callable[[str, str, str], "str | None"]
"""(hive "HKLM"/"HKCU"/"HKCR", key path, value name or "" for the default) -> the string, or None."""

WD_EXPORT_FORMAT_PDF = 17
WD_EXPORT_OPTIMIZE_FOR_PRINT = 0
WD_EXPORT_ALL_DOCUMENT = 0
WD_EXPORT_DOCUMENT_CONTENT = 0
WD_EXPORT_CREATE_HEADING_BOOKMARKS = 1
WD_DO_NOT_SAVE_CHANGES = 0
WD_ALERTS_NONE = 0

LIBREOFFICE_KEYS = (
    ("HKLM", r"SOFTWARE\LibreOffice\UNO\InstallPath", ""),
    ("HKLM", r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath", ""),
    ("HKCU", r"SOFTWARE\LibreOffice\UNO\InstallPath", ""),
    ("HKLM", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", ""),
    ("HKCU", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", ""),
)
WORD_KEYS = (
    ("HKCR", r"Word.Application\CLSID", ""),
    ("HKLM", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\Winword.exe", ""),
)


class PdfExportError(VanBanError):
    """No way to make a PDF on this machine, or the chosen program failed."""


@dataclass(frozen=True)
class PdfBackend:
    """One way to turn a .docx into a PDF: ``convert(docx, pdf)`` writes ``pdf``."""

    name: str
    convert: Callable[[Path, Path], None]


# --- finding the programs ----------------------------------------------------------------------------


def windows_registry(hive: str, key: str, value: str) -> str | None:
    """A string from the Windows registry (64-bit view first), or None; always None elsewhere."""
    if sys.platform != "win32":
        return None
    import winreg

    root = {"HKLM": winreg.HKEY_LOCAL_MACHINE, "HKCU": winreg.HKEY_CURRENT_USER,
            "HKCR": winreg.HKEY_CLASSES_ROOT}[hive]
    for view in (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY):
        try:
            with winreg.OpenKey(root, key, 0, winreg.KEY_READ | view) as handle:
                data, _kind = winreg.QueryValueEx(handle, value)
        except OSError:
            continue
        if isinstance(data, str) and data.strip():
            return data.strip()
    return None


def soffice_from_registry(read: RegistryReader = windows_registry) -> str | None:
    """soffice.exe where the registry says LibreOffice is installed (the folder or the program itself)."""
    for hive, key, value in LIBREOFFICE_KEYS:
        found = read(hive, key, value)
        if not found:
            continue
        candidate = Path(found.strip().strip('"'))  # App Paths values are often quoted
        if candidate.name.lower() != "soffice.exe":
            candidate = candidate / "soffice.exe"
        if candidate.is_file():
            return str(candidate)
    return None


def soffice_in_usual_places(environ: dict[str, str] | None = None) -> str | None:
    """soffice.exe under Program Files (64- and 32-bit) or a per-user install under %LOCALAPPDATA%."""
    environ = dict(os.environ if environ is None else environ)
    bases = [environ.get("PROGRAMFILES", r"C:\Program Files"), environ.get("PROGRAMW6432", ""),
             environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"),
             str(Path(environ.get("LOCALAPPDATA", "")) / "Programs") if environ.get("LOCALAPPDATA") else ""]
    for base in filter(None, bases):
        for folder in sorted(Path(base).glob("LibreOffice*")):
            candidate = folder / "program" / "soffice.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def find_libreoffice() -> str | None:
    """LibreOffice's program: PATH, then (Windows) the usual folders and the registry."""
    from desktop.core import office

    found = office.find_soffice()
    if found or sys.platform != "win32":
        return found
    return soffice_in_usual_places() or soffice_from_registry()


def word_installed(read: RegistryReader = windows_registry, has_pywin32: Callable[[], bool] | None = None) -> bool:
    """Word is registered for automation and pywin32 can drive it (Windows only)."""
    if has_pywin32 is None:
        def has_pywin32() -> bool:
            import importlib.util

            return importlib.util.find_spec("win32com") is not None
    return any(read(hive, key, value) for hive, key, value in WORD_KEYS) and has_pywin32()


# --- the backends --------------------------------------------------------------------------------------


def export_with_word(docx: Path, pdf: Path) -> None:
    """Word, through COM: open read-only, export as PDF/A (fonts embedded), close, quit (always)."""
    if sys.platform != "win32":
        raise PdfExportError("word.pdf.word_not_windows")
    try:
        import pythoncom
        import win32com.client
    except ImportError as exc:
        raise PdfExportError("word.pdf.no_pywin32") from exc
    pythoncom.CoInitialize()
    word = None
    try:
        try:
            word = win32com.client.DispatchEx("Word.Application")
            word.Visible = False
            word.DisplayAlerts = WD_ALERTS_NONE
            document = word.Documents.Open(str(docx), ConfirmConversions=False, ReadOnly=True,
                                           AddToRecentFiles=False, Visible=False)
            try:
                document.ExportAsFixedFormat(
                    OutputFileName=str(pdf), ExportFormat=WD_EXPORT_FORMAT_PDF, OpenAfterExport=False,
                    OptimizeFor=WD_EXPORT_OPTIMIZE_FOR_PRINT, Range=WD_EXPORT_ALL_DOCUMENT,
                    Item=WD_EXPORT_DOCUMENT_CONTENT, IncludeDocProps=True, KeepIRM=True,
                    CreateBookmarks=WD_EXPORT_CREATE_HEADING_BOOKMARKS, DocStructureTags=True,
                    BitmapMissingFonts=True, UseISO19005_1=True)
            finally:
                document.Close(SaveChanges=WD_DO_NOT_SAVE_CHANGES)
        except pythoncom.com_error as exc:
            raise PdfExportError("word.pdf.word_failed", path=str(docx), reason=_com_reason(exc)) from exc
        finally:
            if word is not None:
                with contextlib.suppress(pythoncom.com_error):
                    word.Quit(SaveChanges=WD_DO_NOT_SAVE_CHANGES)
    finally:
        pythoncom.CoUninitialize()
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise PdfExportError("word.pdf.word_failed", path=str(docx), reason="no PDF written")


def _com_reason(exc: Exception) -> str:
    """The most telling text of a pywintypes.com_error (Word's own description when it gave one)."""
    args = getattr(exc, "args", ())
    if len(args) >= 3 and args[2] and len(args[2]) >= 3 and args[2][2]:
        return str(args[2][2]).strip()
    return str(args[1] if len(args) >= 2 else exc)


def export_with_libreoffice(docx: Path, pdf: Path) -> None:
    """LibreOffice headless (desktop/core/office.py), then the PDF put in place through the one write path."""
    from desktop.core import office
    from desktop.core.atomic import atomic_write_bytes

    with tempfile.TemporaryDirectory(prefix="vanban-lo-pdf-") as folder:
        made = office.docx_to_pdf(docx, Path(folder))
        atomic_write_bytes(pdf, made.read_bytes())


WORD = PdfBackend("word", export_with_word)


def libreoffice_backend() -> PdfBackend:
    return PdfBackend("libreoffice", export_with_libreoffice)


# --- choosing ------------------------------------------------------------------------------------------


def choose_backends(*, platform: str | None = None, word: Callable[[], bool] | None = None,
                    libreoffice: Callable[[], str | None] | None = None) -> list[PdfBackend]:
    """The backends to try, best first; a PdfExportError saying what to install when there is none."""
    platform = sys.platform if platform is None else platform
    word = word_installed if word is None else word
    libreoffice = find_libreoffice if libreoffice is None else libreoffice
    backends = []
    if platform == "win32" and word():
        backends.append(WORD)
    if libreoffice():
        backends.append(libreoffice_backend())
    if not backends:
        raise PdfExportError("word.pdf.none_windows" if platform == "win32" else "word.pdf.none_other")
    return backends


def docx_to_pdf(docx: Path, pdf: Path, backends: list[PdfBackend] | None = None) -> str:
    """Write ``pdf`` from ``docx`` with the first backend that works; return that backend's name.

    ``pdf`` should be a fresh temporary path (the caller moves it into place atomically).
    """
    docx, pdf = Path(docx), Path(pdf)
    failure: VanBanError | None = None
    for backend in choose_backends() if backends is None else backends:
        try:
            backend.convert(docx, pdf)
        except VanBanError as exc:
            failure = exc
            continue
        if pdf.is_file() and pdf.stat().st_size > 0:
            return backend.name
        failure = PdfExportError("word.pdf.empty", path=str(docx), backend=backend.name)
    raise failure if failure is not None else PdfExportError("word.pdf.none_other")
