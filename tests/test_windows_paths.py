"""Paths a Windows clerk has: Vietnamese folder and file names with spaces, paths longer than 260
characters, a read-only folder (a network share without write rights). Render, check, import and
validate-docx work there, or say in Vietnamese what went wrong — never a traceback, never a
half-written file.

Long paths: Linux has no 260-character limit, so everything must work; on Windows it works when
long paths are enabled (Windows 10+, Python 3.6+ is long-path aware) and otherwise must end in a
clear message. Read-only: chmod, or (as root, who ignores modes) the immutable attribute; on
Windows an ACL that denies writing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.model import load_draft
from tests.conftest import EXAMPLES

DRAFT = EXAMPLES / "state_cong_van.json"
WINDOWS = sys.platform == "win32"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def full_round(capsys, folder: Path, stem: str) -> None:
    """render → check → validate-docx → import → render the import, all in ``folder``."""
    draft = folder / f"{stem} (nháp).json"
    shutil.copyfile(DRAFT, draft)
    docx = folder / f"{stem}.docx"
    code, out, err = run(capsys, "render", str(draft), "-o", str(docx))
    assert code == 0 and docx.is_file(), err
    code, out, err = run(capsys, "check", str(docx))
    assert code in (0, 1) and out.strip(), err
    code, out, err = run(capsys, "validate-docx", str(docx))
    assert code == 0, out + err
    imported = folder / f"{stem} — nhập lại.json"
    code, out, err = run(capsys, "import", str(docx), "-o", str(imported))
    assert code == 0 and load_draft(imported).summary == load_draft(draft).summary, err
    again = folder / f"{stem} — bản in lại.docx"
    assert run(capsys, "render", str(imported), "-o", str(again))[0] == 0 and again.is_file()


def test_vietnamese_names_with_spaces_in_a_onedrive_folder(tmp_path, capsys):
    folder = tmp_path / "OneDrive - Văn phòng UBND xã" / "Văn bản đi" / "Phòng Hành chính – Tổ chức 2026"
    folder.mkdir(parents=True)
    full_round(capsys, folder, "Công văn số 15 về nâng bậc lương (bản cuối)")


def long_folder(base: Path, length: int = 300) -> Path:
    """A folder whose full path is longer than ``length`` characters, each name under 255 bytes."""
    folder = base
    index = 0
    while len(str(folder)) < length:
        index += 1
        folder = folder / f"Hồ sơ lưu trữ năm 2026 của Ủy ban nhân dân xã phần {index}"
    return folder


def test_long_paths(tmp_path, capsys):
    folder = long_folder(tmp_path)
    assert len(str(folder / "Công văn số 15.docx")) > 260
    try:
        os.makedirs(folder)
    except OSError:
        assert WINDOWS  # only Windows without long-path support refuses; the product is checked below
        code, _out, err = run(capsys, "render", str(DRAFT), "-o", str(folder / "Công văn số 15.docx"))
        assert code == 2 and "Không ghi được" in err and "Công văn số 15.docx" in err
        return
    full_round(capsys, folder, "Công văn số 15")


def writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` unwritable for this process while inside (its files stay readable)."""
    undo: list[list[str]] = []
    if WINDOWS:
        user = os.environ.get("USERNAME", "")
        subprocess.run(["icacls", str(folder), "/deny", f"{user}:(OI)(CI)(W,AD,WD,DC)"], check=True,
                       capture_output=True)
        undo.append(["icacls", str(folder), "/remove:d", user])
    else:
        folder.chmod(0o555)
        chattr = ["chattr", "+i", str(folder)]  # root ignores modes; the immutable attribute stops it too
        if writable(folder) and shutil.which("chattr") and subprocess.run(chattr, capture_output=True).returncode == 0:
            undo.append(["chattr", "-i", str(folder)])
    try:
        if writable(folder):
            pytest.skip("this machine cannot make a folder read-only for the test user (root without chattr)")
        yield
    finally:
        for command in reversed(undo):
            subprocess.run(command, capture_output=True, check=False)
        if not WINDOWS:
            folder.chmod(0o755)


def test_read_only_folder(tmp_path, capsys):
    share = tmp_path / "Ổ mạng chung" / "Văn bản đến"
    share.mkdir(parents=True)
    received = share / "Công văn đến số 15.docx"
    assert run(capsys, "render", str(DRAFT), "-o", str(received))[0] == 0
    before = sorted(p.name for p in share.iterdir())
    with read_only(share):
        code, out, err = run(capsys, "check", str(received))  # reading works
        assert code in (0, 1) and out.strip()
        assert run(capsys, "validate-docx", str(received))[0] == 0
        target = share / "Công văn số 16.docx"
        code, out, err = run(capsys, "render", str(DRAFT), "-o", str(target))
        assert code == 2 and "Không ghi được" in err and "Công văn số 16.docx" in err
        code, out, err = run(capsys, "import", str(received), "-o", str(share / "nháp.json"))
        assert code == 2 and "Không ghi được" in err and "nháp.json" in err
        code, out, err = run(capsys, "render", str(DRAFT), "-o", str(received))  # over the existing file
        assert code == 2 and "Không ghi được" in err
        assert sorted(p.name for p in share.iterdir()) == before  # no temporary or partial file left
    elsewhere = tmp_path / "Thư mục của tôi" / "nháp.json"  # what the clerk does next: another folder
    assert run(capsys, "import", str(received), "-o", str(elsewhere))[0] == 0 and elsewhere.is_file()
