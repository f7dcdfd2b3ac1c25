"""Reading a user's file: bounded in size, every failure a Vietnamese message (exit code 2)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import UnreadableInputError


def read_bounded_bytes(path: Path, limit_bytes: int) -> bytes:
    """The file's bytes, refusing a missing, locked or oversized file with a clear message."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UnreadableInputError("file.is_directory", path=str(path))
        if path.stat().st_size > limit_bytes:
            raise UnreadableInputError("file.too_large", path=str(path), limit_mb=limit_bytes // 2**20)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableInputError("file.not_found", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise UnreadableInputError("file.is_directory", path=str(path)) from exc
    except PermissionError as exc:
        raise UnreadableInputError("file.locked_read", path=str(path)) from exc
    except OSError as exc:
        raise UnreadableInputError("file.os_error", path=str(path), reason=exc.strerror or str(exc)) from exc


def read_utf8_text(path: Path, limit_bytes: int) -> str:
    """A UTF-8 text file (a BOM is accepted), bounded in size."""
    raw = read_bounded_bytes(path, limit_bytes)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInputError("file.not_utf8", path=str(path)) from exc
