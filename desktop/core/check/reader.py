"""Any input file as a :class:`SourceDocument`: the one entry point of the reading layer.

Dispatch is by content first (magic bytes), then by extension:

- zip (``PK``): an OpenDocument zip (mimetype) goes to LibreOffice, anything else is read
  as a Word package (.docx/.docm/.dotx/.dotm) by :mod:`docx_reader`;
- OLE2 (``D0CF11E0``): a password-protected OOXML file (EncryptionInfo/EncryptedPackage
  streams) is refused with "tệp được đặt mật khẩu"; a legacy Word .doc is converted;
- RTF (``{\\rtf``) is converted;
- .txt/.md go to ``desktop.core.check.text_reader.read_text``.

Conversion uses LibreOffice (:func:`desktop.core.office.to_docx`) into a temporary folder,
and the result goes through the same hardened reader. Every failure, including an
unexpected one inside a hostile file, is an :class:`UnreadableInputError`.
"""

from __future__ import annotations

import stat
from pathlib import Path

from desktop.core.check.blocks import SourceDocument
from desktop.core.check.docx_reader import DocxReader, read_docx
from desktop.core.check.package import (
    MAX_FILE_BYTES,
    Package,
    ole_kind,
    os_errors_as_unreadable,
    sniff,
    unreadable,
)
from desktop.core.errors import UnreadableInputError
from desktop.core.i18n import tr

DOCX_EXTENSIONS = (".docx", ".docm", ".dotx", ".dotm")
TEXT_EXTENSIONS = (".txt", ".md")
CONVERTIBLE = {".doc": "Word 97-2003 (.doc)", ".odt": "OpenDocument (.odt)", ".rtf": "RTF (.rtf)"}
TEXT_SNIFF_BYTES = 4096


def open_source(path: Path | str) -> SourceDocument:
    """Read ``path`` (.docx/.docm/.dotx/.dotm, .doc/.odt/.rtf, .txt/.md) into a SourceDocument.

    Raises only :class:`UnreadableInputError` (Vietnamese message naming the file).
    """
    path = Path(path)
    try:
        return _dispatch(path)
    except UnreadableInputError:
        raise
    except RecursionError as exc:
        raise unreadable("unexpected", path, reason="lồng nhau quá sâu") from exc
    except MemoryError as exc:
        raise unreadable("unexpected", path, reason="không đủ bộ nhớ") from exc
    except Exception as exc:
        raise unreadable("unexpected", path, reason=type(exc).__name__) from exc


def check_file(path: Path) -> None:
    """The path is an existing, readable-size regular file."""
    with os_errors_as_unreadable(path, missing="not_found"):
        info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise unreadable("is_directory", path)
    if info.st_size > MAX_FILE_BYTES:
        raise unreadable("too_large", path, size_mb=info.st_size // (1024 * 1024),
                         limit_mb=MAX_FILE_BYTES // (1024 * 1024))


def _dispatch(path: Path) -> SourceDocument:
    check_file(path)
    suffix = path.suffix.lower()
    kind = sniff(path)
    if kind == "zip":
        return _read_zip(path)
    if kind == "ole":
        content = ole_kind(path)
        if content == "encrypted":
            raise unreadable("encrypted", path)
        if content == "word":
            return convert_and_read(path, CONVERTIBLE[".doc"])
        raise unreadable("not_word", path)
    if kind == "rtf":
        return convert_and_read(path, CONVERTIBLE[".rtf"])
    if suffix in TEXT_EXTENSIONS:
        return _read_text(path)
    if kind == "empty":
        raise unreadable("empty_file", path)
    if suffix in DOCX_EXTENSIONS:
        raise unreadable("not_word_zip", path)
    if suffix in CONVERTIBLE:  # e.g. a .doc that is really HTML or Word 2003 XML
        return convert_and_read(path, CONVERTIBLE[suffix])
    if looks_like_text(path):
        return _read_text(path)
    raise unreadable("unknown_format", path)


def _read_zip(path: Path) -> SourceDocument:
    with Package(path) as package:
        if not _is_opendocument(package):
            return DocxReader(package).read()
    return convert_and_read(path, CONVERTIBLE[".odt"])


def _is_opendocument(package: Package) -> bool:
    return package.has("mimetype") and package.read("mimetype").startswith(b"application/vnd.oasis.opendocument")


def _read_text(path: Path) -> SourceDocument:
    from desktop.core.check.text_reader import read_text

    return read_text(path)


def looks_like_text(path: Path) -> bool:
    """UTF-8 text without NUL bytes in its first few KB."""
    from desktop.core.check.package import read_head

    head = read_head(path, TEXT_SNIFF_BYTES)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a multi-byte character cut by the sniff window
    return True


def convert_and_read(path: Path, format_label: str) -> SourceDocument:
    """Convert with LibreOffice into a temporary folder, then read the .docx with the hardened reader."""
    import tempfile  # only a .doc/.odt needs them: not on the start-up path of checking a .docx

    from desktop.core import office

    if office.find_soffice() is None:
        raise unreadable("needs_office", path, format=format_label)
    with tempfile.TemporaryDirectory(prefix="vanban-check-") as folder:
        try:
            converted = office.to_docx(path, Path(folder))
        except office.OfficeError as exc:
            raise unreadable("convert_failed", path, format=format_label, reason=exc.message) from exc
        doc = read_docx(converted)
    doc.path = str(path)
    doc.notes.append(tr("checkread.note_converted", format=format_label))
    return doc
