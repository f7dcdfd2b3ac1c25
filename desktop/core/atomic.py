"""The one module that writes a clerk's file: every command and window goes through here.

:func:`atomic_write_bytes` writes a temporary file in the target folder, flushes it to the disk
(``fsync``), then puts it in place with ``os.replace`` and syncs the folder (POSIX), so readers see
the old file or the new one, never half of one. A new file gets the permissions the user's umask
gives (0644 under umask 022, not mkstemp's 0600: colleagues on a shared folder can open it); a
replaced file keeps its own. Missing folders are created and reported (:class:`Written`). Every
``OSError`` (disk full, quota, read-only disk, a dropped network share, a name too long, no
permission …) becomes an :class:`OutputError` with a specific Vietnamese message (exit code 2);
a target locked by another program (Word on Windows) a :class:`FileLockedError`. No temporary file
is ever left behind, and the earlier file is untouched by any failure.

Callers ask before overwriting with :func:`is_read_only`, :func:`same_file` and
:func:`missing_folders`; :func:`with_extension` appends an extension to a typed name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import FileLockedError, OutputError

_LOCK_ERRNOS = {errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY}
_CHUNK = 1 << 20
_NEW_FILE_MODE = 0o666  # the kernel takes the umask off, as for any program's new file


def _errnos(*names: str) -> set[int]:
    return {getattr(errno, name) for name in names if hasattr(errno, name)}


ERRNO_KINDS: dict[int, str] = {
    **dict.fromkeys(_errnos("ENOSPC"), "disk_full"),
    **dict.fromkeys(_errnos("EDQUOT"), "quota"),
    **dict.fromkeys(_errnos("EROFS"), "read_only_disk"),
    **dict.fromkeys(_errnos("EIO", "ENXIO", "ENODEV", "ENOTCONN", "ESTALE", "EHOSTDOWN", "EHOSTUNREACH",
                            "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNRESET", "ECONNABORTED",
                            "ETIMEDOUT", "EREMOTEIO", "ENOLINK", "ECOMM"), "device"),
    **dict.fromkeys(_errnos("ENAMETOOLONG"), "name_too_long"),
    **dict.fromkeys(_errnos("EACCES", "EPERM"), "no_permission"),
    **dict.fromkeys(_errnos("ENOTDIR", "EEXIST"), "not_a_folder"),
    **dict.fromkeys(_errnos("EISDIR"), "is_folder"),
    **dict.fromkeys(_errnos("EINVAL", "EILSEQ"), "bad_name"),
    **dict.fromkeys(_errnos("EFBIG"), "too_big"),
    **dict.fromkeys(_errnos("ENOENT"), "folder_gone"),
}
"""What kind of failure an errno is; each kind has ``output.reason.<kind>`` and ``output.advice.<kind>``."""

WINERROR_KINDS: dict[int, str] = {
    19: "read_only_disk",  # ERROR_WRITE_PROTECT
    39: "disk_full", 112: "disk_full",  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
    1295: "quota", 1816: "quota",  # ERROR_DISK_QUOTA_EXCEEDED, ERROR_NOT_ENOUGH_QUOTA
    53: "device", 59: "device", 64: "device", 67: "device", 121: "device",  # network path gone, timeout
    1117: "device", 1231: "device", 1232: "device",  # ERROR_IO_DEVICE, network unreachable
    123: "bad_name", 206: "name_too_long",  # ERROR_INVALID_NAME, ERROR_FILENAME_EXCED_RANGE
}
KINDS = (*sorted(set(ERRNO_KINDS.values()) | set(WINERROR_KINDS.values())), "other")


@dataclass(frozen=True)
class Written:
    """What a write did: the file, and the folders it had to create first (outermost first)."""

    path: Path
    created_folders: tuple[Path, ...] = ()


def failure_kind(exc: OSError) -> str:
    """The kind of an OS failure (``disk_full``, ``device``, …; ``other`` when unknown)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in WINERROR_KINDS:
        return WINERROR_KINDS[winerror]
    return ERRNO_KINDS.get(exc.errno or -1, "other")


def describe_os_error(exc: OSError) -> str:
    """A short Vietnamese reason for an OS failure ("ổ đĩa đã đầy")."""
    from desktop.core.i18n import tr

    kind = failure_kind(exc)
    if kind == "other":
        return tr("output.reason.other", reason=exc.strerror or str(exc), code=exc.errno)
    return tr(f"output.reason.{kind}")


def write_error(exc: OSError, path: Path) -> OutputError:
    """The clerk's message for a failed write of ``path``: what happened and what to do."""
    from desktop.core.i18n import tr

    path = Path(path)
    return OutputError("output.write_failed", path=str(path), reason=describe_os_error(exc),
                       advice=tr(f"output.advice.{failure_kind(exc)}", folder=str(_folder_of(path))))


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def with_extension(path: Path, extension: str) -> Path:
    """``path`` ending in ``extension`` (".docx"): appended when missing, never replacing what
    follows a dot in the name a clerk typed ("KH 2025.v2" -> "KH 2025.v2.docx")."""
    path = Path(path)
    if path.name.lower().endswith(extension.lower()):
        return path
    return path.with_name(path.name + extension)


def has_extension(path: Path, extension: str) -> bool:
    """Whether the name ends with ``extension`` (".docx"), in any case."""
    return Path(path).name.lower().endswith(extension.lower()) and len(Path(path).name) > len(extension)


def is_folder(path: Path) -> bool:
    """``Path.is_dir`` that answers False, not raises, for a name the disk cannot hold."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def is_read_only(path: Path) -> bool:
    """Whether ``path`` is an existing file marked read-only (no write bit, e.g. 0444 or Windows'
    read-only attribute) or one this user may not write. A missing file is not read-only."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if not stat.S_ISREG(mode):
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name the same file (through symlinks, hard links, ``..``, or a
    case-insensitive disk). A path that does not exist is the same as nothing existing."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def missing_folders(path: Path) -> list[Path]:
    """The folders that writing ``path`` would create, outermost first."""
    missing: list[Path] = []
    folder = _folder_of(Path(path))
    while not _exists(folder):
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    return missing[::-1]


def _exists(path: Path) -> bool:
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # there, or not ours to tell: creating it would fail with its own message
    return True


def _create_folders(path: Path) -> tuple[Path, ...]:
    created: list[Path] = []
    for folder in missing_folders(path):
        try:
            folder.mkdir()
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        created.append(folder)
    return tuple(created)


def _temporary_name(path: Path) -> Path:
    # a short prefix of the name: a long target name must not make the temporary one too long
    return _folder_of(path) / f".{path.name[:24]}.{secrets.token_hex(4)}.tmp"


def _open_temporary(path: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(100):
        tmp = _temporary_name(path)
        try:
            return os.open(tmp, flags, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]


def atomic_write_bytes(path: Path, data: bytes) -> Written:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Raises :class:`OutputError` (or :class:`FileLockedError`) with a Vietnamese message; the earlier
    file is then untouched and no temporary file remains. A symlink is followed: the file it
    points to is replaced, the link stays.
    """
    path = Path(path)
    try:
        if path.is_symlink():
            path = Path(os.path.realpath(path))
        if path.is_dir():
            raise OutputError("output.target_is_folder", path=str(path))
        created = _create_folders(path)
        fd, tmp = _open_temporary(path)
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        try:
            _write_all(fd, data)
            old_mode = _existing_mode(path)
            if old_mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, old_mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(tmp, path)
        if old_mode is not None and not hasattr(os, "fchmod"):
            os.chmod(path, old_mode)
    except OSError as exc:
        _remove(tmp)
        raise write_error(exc, path) from exc
    except BaseException:
        _remove(tmp)
        raise
    _sync_folder(_folder_of(path))
    return Written(path, created)


def atomic_write_text(path: Path, text: str) -> Written:
    """:func:`atomic_write_bytes` of ``text`` in UTF-8."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _replace(tmp: Path, path: Path) -> None:
    restore_read_only = os.name == "nt" and is_read_only(path)
    if restore_read_only:  # Windows refuses to replace a read-only file: the caller asked already
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        raise FileLockedError("file.locked_write", path=str(path)) from exc
    except OSError as exc:
        if exc.errno in _LOCK_ERRNOS or getattr(exc, "winerror", None) in (5, 32, 33):
            raise FileLockedError("file.locked_write", path=str(path)) from exc
        raise
    finally:
        if restore_read_only:
            with contextlib.suppress(OSError):
                os.chmod(path, stat.S_IREAD)


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); some file systems refuse, which is harmless."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # a file system that cannot sync a folder: harmless
            os.fsync(fd)
    finally:
        os.close(fd)
