"""desktop/core/atomic.py, the one write path: permissions, folders, links, and every OS failure
as a specific Vietnamese message with the earlier file untouched and no temporary file left."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from desktop.core import atomic
from desktop.core.errors import EXIT_UNREADABLE, OutputError
from desktop.core.i18n import has_message

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def umask():
    """Set the process umask for one test, then put the old one back."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_to(value: int) -> None:
        os.umask(value)

    yield set_to
    os.umask(saved)


@posix_only
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_permissions_of_the_users_umask(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "Công văn.docx"
    atomic.atomic_write_bytes(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == mode


@posix_only
def test_a_replaced_file_keeps_its_own_permissions(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "shared.json"
    target.write_text("old")
    target.chmod(0o660)
    atomic.atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o660


def test_missing_folders_are_created_and_reported_outermost_first(tmp_path):
    target = tmp_path / "a" / "b" / "x.docx"
    assert atomic.missing_folders(target) == [tmp_path / "a", tmp_path / "a" / "b"]
    written = atomic.atomic_write_bytes(target, b"x")
    assert written.created_folders == (tmp_path / "a", tmp_path / "a" / "b")
    assert written.path == target and target.read_bytes() == b"x"
    assert atomic.atomic_write_bytes(target, b"y").created_folders == ()


@posix_only
def test_a_symlinked_target_is_written_through_and_the_link_stays(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic.atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert names(tmp_path) == ["link.json", "real.json"]


def fail_with(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return fail


KIND_PHRASES = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "hạn mức",
    errno.EROFS: "chỉ cho phép đọc",
    errno.EIO: "mất kết nối tới ổ mạng",
    errno.ENAMETOOLONG: "quá dài",
    errno.EFBIG: "FAT32",
}


@pytest.mark.parametrize("code", list(KIND_PHRASES))
@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_an_os_failure_at_any_step_is_a_specific_message_old_file_kept_no_temp(tmp_path, monkeypatch, code, call):
    target = tmp_path / "KH 2025.v2.docx"
    target.write_bytes(b"earlier")
    monkeypatch.setattr(os, call, fail_with(code))
    with pytest.raises(OutputError) as info:
        atomic.atomic_write_bytes(target, b"new" * 1000)
    monkeypatch.undo()
    message = info.value.message
    assert KIND_PHRASES[code] in message and "«" + str(target) + "»" in message
    assert "Tệp cũ (nếu có) vẫn được giữ nguyên" in message
    assert info.value.exit_code == EXIT_UNREADABLE
    assert target.read_bytes() == b"earlier"
    assert names(tmp_path) == ["KH 2025.v2.docx"]


def test_a_failure_creating_the_temporary_file_is_a_message_too(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "open", fail_with(errno.EROFS))
    with pytest.raises(OutputError) as info:
        atomic.atomic_write_bytes(tmp_path / "x.docx", b"x")
    assert "chỉ cho phép đọc" in info.value.message


def test_a_name_too_long_for_the_disk_is_refused_with_its_own_message(tmp_path):
    target = tmp_path / ("Kế hoạch tổ chức hội nghị " * 20 + ".docx")  # over 255 bytes in UTF-8
    with pytest.raises(OutputError) as info:
        atomic.atomic_write_bytes(target, b"x")
    assert "tên tệp hoặc đường dẫn quá dài" in info.value.message
    assert names(tmp_path) == []


def test_a_folder_as_target_is_refused_before_writing(tmp_path):
    with pytest.raises(OutputError) as info:
        atomic.atomic_write_bytes(tmp_path, b"x")
    assert "thư mục" in info.value.message


def test_every_failure_kind_has_a_vietnamese_reason_and_advice():
    assert all(has_message(f"output.reason.{kind}") and has_message(f"output.advice.{kind}")
               for kind in atomic.KINDS)
    unknown = OSError(errno.EMLINK, "Too many links")
    assert atomic.failure_kind(unknown) == "other"
    assert "Too many links" in atomic.write_error(unknown, Path("x.docx")).message


@posix_only
def test_read_only_means_no_write_bit_even_for_root(tmp_path):
    target = tmp_path / "x.docx"
    assert not atomic.is_read_only(target)  # missing
    target.write_bytes(b"x")
    assert not atomic.is_read_only(target)
    target.chmod(0o444)
    assert atomic.is_read_only(target)
    assert not atomic.is_read_only(tmp_path)  # a folder is not a read-only file


@posix_only
def test_same_file_sees_through_links_and_dot_dot(tmp_path):
    source = tmp_path / "d.json"
    source.write_text("{}")
    (tmp_path / "link.json").symlink_to(source)
    os.link(source, tmp_path / "hard.json")
    assert atomic.same_file(source, tmp_path / "link.json")
    assert atomic.same_file(source, tmp_path / "hard.json")
    assert atomic.same_file(source, tmp_path / "sub" / ".." / "d.json") is False  # sub/ does not exist
    (tmp_path / "sub").mkdir()
    assert atomic.same_file(source, tmp_path / "sub" / ".." / "d.json")
    assert not atomic.same_file(source, tmp_path / "missing.json")


def can_mount() -> bool:
    return os.name == "posix" and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not can_mount(), reason="mounting a tmpfs needs root; the injected ENOSPC tests cover this")
def test_a_real_full_disk_keeps_the_earlier_file_and_leaves_no_temp(tmp_path):
    disk = tmp_path / "usb"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"mount refused here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        target = disk / "Báo cáo.docx"
        atomic.atomic_write_bytes(target, b"earlier")
        with pytest.raises(OutputError) as info:
            atomic.atomic_write_bytes(target, os.urandom(200 * 1024))
        assert "ổ đĩa đã đầy" in info.value.message
        assert target.read_bytes() == b"earlier"
        assert names(disk) == ["Báo cáo.docx"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)
