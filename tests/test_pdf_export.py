"""PDF export adapter (desktop/core/pdf_export.py): Word through COM on Windows, LibreOffice when found,
else a Vietnamese message saying what to install.

The choice is tested with injected finders on any platform; LibreOffice converts for real here
(the PDF exists and has pages, its text is the document's); the Word backend runs only on
Windows (the one platform skip: COM automation exists nowhere else) — on a runner without Word it
checks that the failure is a Vietnamese message and that the choice skips Word.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import pdf_export
from desktop.core.pdf_export import (
    PdfBackend,
    PdfExportError,
    choose_backends,
    docx_to_pdf,
    soffice_from_registry,
    soffice_in_usual_places,
    word_installed,
)
from desktop.core.render import render_to_file
from tests import render_helpers


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def fake_soffice(folder: Path) -> Path:
    exe = folder / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    return exe


# --- the choice --------------------------------------------------------------------------------------


def test_windows_with_word_and_libreoffice_tries_word_first():
    backends = choose_backends(platform="win32", word=lambda: True, libreoffice=lambda: r"C:\LO\soffice.exe")
    assert [b.name for b in backends] == ["word", "libreoffice"]


def test_windows_without_word_uses_libreoffice():
    backends = choose_backends(platform="win32", word=lambda: False, libreoffice=lambda: r"C:\LO\soffice.exe")
    assert [b.name for b in backends] == ["libreoffice"]


def test_word_is_never_chosen_off_windows():
    backends = choose_backends(platform="linux", word=lambda: True, libreoffice=lambda: "/usr/bin/soffice")
    assert [b.name for b in backends] == ["libreoffice"]


def test_windows_with_neither_says_what_to_install():
    with pytest.raises(PdfExportError) as caught:
        choose_backends(platform="win32", word=lambda: False, libreoffice=lambda: None)
    message = caught.value.message
    assert "Microsoft Word" in message and "LibreOffice" in message and "libreoffice.org" in message
    assert "Hãy cài" in message


def test_linux_with_no_libreoffice_says_apt_install():
    with pytest.raises(PdfExportError) as caught:
        choose_backends(platform="linux", word=lambda: True, libreoffice=lambda: None)
    assert "apt install libreoffice-writer" in caught.value.message


def test_word_is_installed_only_when_registered_and_pywin32_present():
    registered = {("HKCR", r"Word.Application\CLSID", ""): "{000209FF-0000-0000-C000-000000000046}"}
    assert word_installed(lambda h, k, v: registered.get((h, k, v)), has_pywin32=lambda: True)
    assert not word_installed(lambda h, k, v: registered.get((h, k, v)), has_pywin32=lambda: False)
    assert not word_installed(lambda h, k, v: None, has_pywin32=lambda: True)


def test_registry_install_path_folder_or_program(tmp_path):
    exe = fake_soffice(tmp_path / "D drive" / "Ứng dụng" / "LibreOffice")
    uno = {("HKLM", r"SOFTWARE\LibreOffice\UNO\InstallPath", ""): str(exe.parent)}
    assert soffice_from_registry(lambda h, k, v: uno.get((h, k, v))) == str(exe)
    app_paths = {("HKCU", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", ""): f'"{exe}"'}
    assert soffice_from_registry(lambda h, k, v: app_paths.get((h, k, v))) == str(exe)
    stale = {("HKLM", r"SOFTWARE\LibreOffice\UNO\InstallPath", ""): str(tmp_path / "gỡ rồi")}
    assert soffice_from_registry(lambda h, k, v: stale.get((h, k, v))) is None


def test_usual_places_program_files_versioned_folder_and_per_user(tmp_path):
    exe = fake_soffice(tmp_path / "Program Files" / "LibreOffice 24.8")
    assert soffice_in_usual_places({"PROGRAMFILES": str(tmp_path / "Program Files")}) == str(exe)
    user = fake_soffice(tmp_path / "AppData" / "Local" / "Programs" / "LibreOffice")
    assert soffice_in_usual_places({"PROGRAMFILES": str(tmp_path / "none"),
                                    "LOCALAPPDATA": str(tmp_path / "AppData" / "Local")}) == str(user)
    assert soffice_in_usual_places({"PROGRAMFILES": str(tmp_path / "none")}) is None


def test_registry_reader_is_silent_off_windows():
    if sys.platform != "win32":
        assert pdf_export.windows_registry("HKLM", r"SOFTWARE\LibreOffice\UNO\InstallPath", "") is None


# --- falling back ------------------------------------------------------------------------------------


def test_a_failing_word_falls_back_to_the_next_backend(tmp_path):
    def broken(_docx: Path, _pdf: Path) -> None:
        raise PdfExportError("word.pdf.word_failed", path="a.docx", reason="giấy phép Office hết hạn")

    def works(_docx: Path, pdf: Path) -> None:
        pdf.write_bytes(b"%PDF-1.7 ...")

    target = tmp_path / "out.pdf"
    assert docx_to_pdf(tmp_path / "a.docx", target, [PdfBackend("word", broken), PdfBackend("lo", works)]) == "lo"
    assert target.read_bytes().startswith(b"%PDF")


def test_every_backend_failing_raises_the_last_message(tmp_path):
    def silent(_docx: Path, _pdf: Path) -> None:
        return None  # exits 0 and writes nothing, as LibreOffice can

    with pytest.raises(PdfExportError) as caught:
        docx_to_pdf(tmp_path / "a.docx", tmp_path / "out.pdf", [PdfBackend("libreoffice", silent)])
    assert "Không tạo được tệp PDF" in caught.value.message


def test_word_backend_refuses_politely_off_windows(tmp_path):
    if sys.platform == "win32":
        return
    with pytest.raises(PdfExportError) as caught:
        pdf_export.export_with_word(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert "chỉ làm được trên Windows" in caught.value.message


# --- for real ------------------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_backend_writes_a_pdf_with_pages(soffice, tmp_path):
    docx = render_to_file(render_helpers.state_quyet_dinh(), tmp_path / "quyết định số 5.docx")
    target = tmp_path / "quyết định số 5.pdf"
    backends = choose_backends(platform="linux", libreoffice=lambda: soffice)
    assert docx_to_pdf(docx, target, backends) == "libreoffice"
    assert target.read_bytes().startswith(b"%PDF")
    assert pdf_pages(target) >= 2  # the decision and its attachment
    text = pdf_text(target)
    assert "QUYẾT ĐỊNH" in text and "Đặng Thanh Tùng" in text


@pytest.mark.libreoffice
def test_editor_pdf_export_goes_through_the_adapter(soffice, tmp_path, monkeypatch):
    from desktop.ui import workers

    used = []
    real = pdf_export.docx_to_pdf
    monkeypatch.setattr(pdf_export, "docx_to_pdf", lambda d, p, b=None: used.append(real(d, p, b)) or used[-1])
    target = tmp_path / "Văn bản đi" / "công văn 15 SNV.pdf"
    target.parent.mkdir()
    steps: list[tuple[int, int]] = []
    assert workers.export_pdf(render_helpers.state_cong_van(), target, progress=lambda d, t: steps.append((d, t))) \
        == target
    assert used == ["libreoffice"] and pdf_pages(target) >= 1
    assert steps[-1] == (2, 2) and sorted(p.name for p in target.parent.iterdir()) == [target.name]


@pytest.mark.skipif(sys.platform != "win32", reason="Word COM automation exists only on Windows (Windows CI)")
def test_word_backend_on_windows(tmp_path):
    docx = render_to_file(render_helpers.state_cong_van(), tmp_path / "công văn.docx")
    target = tmp_path / "công văn.pdf"
    if word_installed():
        pdf_export.export_with_word(docx, target)
        assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 5000
    else:  # GitHub's Windows runners have no Office: the failure is a message, and the choice skips Word
        with pytest.raises(PdfExportError) as caught:
            pdf_export.export_with_word(docx, target)
        assert "Microsoft Word" in caught.value.message or "pywin32" in caught.value.message
        assert all(b.name != "word" for b in choose_backends(libreoffice=lambda: "soffice.exe"))
