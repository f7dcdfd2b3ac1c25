"""Atomic writes: a temporary file in the target folder, then ``os.replace``.

A failure at any point leaves an earlier file untouched. A target locked by another
program (Word on Windows) raises :class:`FileLockedError` with a clear message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from desktop.core.errors import FileLockedError, OutputError

_LOCK_ERRNOS = {errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY}


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError("file.write_failed", path=str(path), reason=exc.strerror or str(exc)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        raise FileLockedError("file.locked_write", path=str(path)) from exc
    except OSError as exc:
        if exc.errno in _LOCK_ERRNOS or getattr(exc, "winerror", None) in (5, 32, 33):
            raise FileLockedError("file.locked_write", path=str(path)) from exc
        raise OutputError("file.write_failed", path=str(path), reason=exc.strerror or str(exc)) from exc


def with_extension(path: Path, extension: str) -> Path:
    """``path`` ending in ``extension`` (".docx"): appended when missing, never replacing what
    follows a dot in the name a clerk typed ("KH 2025.v2" -> "KH 2025.v2.docx")."""
    path = Path(path)
    if path.name.lower().endswith(extension.lower()):
        return path
    return path.with_name(path.name + extension)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
