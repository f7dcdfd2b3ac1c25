"""Writes are atomic: a failure leaves the earlier file untouched; a locked target is a message."""

from __future__ import annotations

import os

import pytest

from desktop.core import atomic
from desktop.core.errors import FileLockedError, OutputError


def test_write_replaces_the_file(tmp_path):
    target = tmp_path / "out.docx"
    atomic.atomic_write_bytes(target, b"one")
    atomic.atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_failure_during_replace_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "locked by Word")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileLockedError) as info:
        atomic.atomic_write_bytes(target, b"new")
    assert "Word" in info.value.message and "out.docx" in info.value.message
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_unwritable_folder_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as info:
        atomic.atomic_write_bytes(blocker / "sub" / "out.docx", b"x")
    assert "Không ghi được" in info.value.message
