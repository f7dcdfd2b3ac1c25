"""Safe access to an OOXML package (a .docx is a zip of XML parts) and to its XML.

Everything a hostile file could abuse is bounded *before* it is read: member count, each
member's declared size, the total declared size and the compression ratio; reads are then
bounded again while decompressing (a zip header can lie). XML is parsed with entity
expansion, DTD loading and network access off, and any part carrying a DOCTYPE or ENTITY
declaration is rejected ("billion laughs", XXE). Every failure is an
:class:`~desktop.core.errors.UnreadableInputError` with a Vietnamese message naming the file.
"""

from __future__ import annotations

import posixpath
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

from lxml import etree

try:  # hashlib's own BLAKE2, without hashlib loading OpenSSL (3 ms of a cold check, issue #16)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

from desktop.core.errors import UnreadableInputError

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest input file accepted at all (on disk)."""
MAX_MEMBERS = 5000
"""Most zip members a Word package may have."""
MAX_MEMBER_BYTES = 64 * 1024 * 1024
"""Largest uncompressed size of one member (declared, and enforced while reading)."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""Largest sum of declared uncompressed sizes."""
MAX_XML_PART_BYTES = 16 * 1024 * 1024
"""Largest XML part parsed (a parsed part takes about 22× its size: 16 MB ≈ 390 MB peak for the process)."""
MAX_XML_TOTAL_BYTES = 24 * 1024 * 1024
"""Most XML parsed for one file, all parts together: a check stays under 600 MB per worker."""
MAX_RATIO = 200
"""Largest uncompressed/compressed ratio of a member once it is bigger than RATIO_MIN_BYTES."""
RATIO_MIN_BYTES = 1024 * 1024
"""Small members may compress very well (repetitive XML); the ratio limit applies above this."""
MAX_CENTRAL_DIRECTORY_BYTES = MAX_MEMBERS * 1024
"""A zip's central directory is sized before zipfile parses it (millions of tiny entries = DoS)."""
READ_CHUNK = 1024 * 1024
DERIVED_CACHE_ENTRIES = 32
"""Most results kept by :meth:`Package.derived` (style sheets, theme fonts … of parts seen before)."""
DERIVED_CACHE_MAX_PART_BYTES = 2 * 1024 * 1024
"""Parts bigger than this (uncompressed) are never cached."""
DERIVED_CACHE_TOTAL_BYTES = 8 * 1024 * 1024
"""Most part bytes behind the cached results (a style sheet keeps its parsed tree: ~10× that in memory)."""

T = TypeVar("T")

MAGIC_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC_RTF = b"{\\rtf"

_ENCRYPTION_MARKERS = tuple(name.encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage"))
_WORD_OLE_MARKER = "WordDocument".encode("utf-16-le")
_FORBIDDEN_XML = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_DECLARATION_OPENERS = (b"<!", b"<\x00!")
"""Every _FORBIDDEN_XML marker contains one of these: two scans decide whether the six are needed."""
_STRICT_MARKER = b"http://purl.oclc.org/ooxml/"
"""Every Strict namespace below starts so: one scan decides whether the replacements are needed."""

# Strict OOXML ("Strict Open XML Document") uses other namespace URIs for the same vocabulary.
_STRICT_TO_TRANSITIONAL = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
)

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_OFFICE_DOCUMENT = "/officeDocument"


def unreadable(key: str, path: Path | str, **params: object) -> UnreadableInputError:
    """An UnreadableInputError for ``checkread.<key>`` naming the file (``name``) and its ``path``."""
    path = Path(path)
    return UnreadableInputError(f"checkread.{key}", name=path.name, path=str(path), **params)


def xml_too_large(path: Path | str, part: str, size: int, limit: int) -> UnreadableInputError:
    """A part (or the file's parts together) past the XML the checker parses per file."""
    path = Path(path)
    mb = 1024 * 1024
    key = "checkbounds.xml_too_large" if limit >= MAX_XML_PART_BYTES else "checkbounds.xml_total_too_large"
    return UnreadableInputError(key, name=path.name, path=str(path), part=part, size_mb=-(-size // mb),
                                limit_mb=MAX_XML_PART_BYTES // mb, total_mb=MAX_XML_TOTAL_BYTES // mb)


def safe_parser() -> etree.XMLParser:
    """An lxml parser that never expands entities, loads a DTD or touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


_parsers = threading.local()


def _thread_parser() -> etree.XMLParser:
    """This thread's :func:`safe_parser` (an lxml parser is reusable but not shared across threads)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = safe_parser()
    return parser


def has_forbidden_declaration(data: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration in UTF-8 or UTF-16 (either byte order) anywhere in ``data``."""
    if not any(opener in data for opener in _DECLARATION_OPENERS):
        return False
    return any(marker in data for marker in _FORBIDDEN_XML)


def parse_xml(data: bytes, path: Path | str, part: str) -> etree._Element:
    """Parse one XML part safely; a DOCTYPE/ENTITY declaration or broken XML is an error."""
    if has_forbidden_declaration(data):
        raise unreadable("xml_doctype", path, part=part)
    if _STRICT_MARKER in data:
        for strict, transitional in _STRICT_TO_TRANSITIONAL:
            if strict in data:
                data = data.replace(strict, transitional)
    try:
        root = etree.fromstring(data, _thread_parser())
    except etree.XMLSyntaxError as exc:
        raise unreadable("xml_broken", path, part=part, reason=str(exc).split("\n")[0][:200]) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise unreadable("xml_doctype", path, part=part)
    return root


def sniff(path: Path) -> str:
    """What the first bytes say the file is: "zip", "ole", "rtf", "empty" or "other"."""
    head = read_head(path, 8)
    if not head:
        return "empty"
    if head.startswith(MAGIC_ZIP):
        return "zip"
    if head.startswith(MAGIC_OLE):
        return "ole"
    if head.lstrip(b"\xef\xbb\xbf").startswith(MAGIC_RTF):
        return "rtf"
    return "other"


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a file (OS errors become UnreadableInputError)."""
    with open_binary(path) as fh:
        return guarded_read(path, fh, size)


def ole_kind(path: Path) -> str:
    """An OLE2 container's content: "encrypted" (password-protected OOXML), "word" (.doc) or "other".

    The directory entry names are UTF-16LE strings; a chunked scan with overlap finds them
    without an OLE parser (the whole file is bounded by MAX_FILE_BYTES).
    """
    markers = {"encrypted": _ENCRYPTION_MARKERS, "word": (_WORD_OLE_MARKER,)}
    overlap = max(len(m) for group in markers.values() for m in group)
    found: set[str] = set()
    tail = b""
    with open_binary(path) as fh:
        while True:
            chunk = guarded_read(path, fh, READ_CHUNK)
            if not chunk:
                break
            window = tail + chunk
            for kind, group in markers.items():
                if any(m in window for m in group):
                    found.add(kind)
            tail = window[-overlap:]
    if "encrypted" in found:
        return "encrypted"
    return "word" if "word" in found else "other"


@contextmanager
def os_errors_as_unreadable(path: Path, missing: str = "vanished") -> Iterator[None]:
    """Inside: a missing file (``missing``: "vanished" mid-read, "not_found" before), a locked one
    or any other OS error becomes an UnreadableInputError that names the file in Vietnamese."""
    try:
        yield
    except FileNotFoundError as exc:
        raise unreadable(missing, path) from exc
    except PermissionError as exc:
        raise unreadable("locked", path) from exc
    except OSError as exc:
        raise unreadable("os_error", path, reason=exc.strerror or str(exc)) from exc


def open_binary(path: Path) -> IO[bytes]:
    """Open for reading; a vanished or locked file becomes UnreadableInputError."""
    with os_errors_as_unreadable(path):
        return open(path, "rb")


def guarded_read(path: Path, fh: IO[bytes], size: int) -> bytes:
    try:
        return fh.read(size)
    except PermissionError as exc:
        raise unreadable("locked", path) from exc
    except OSError as exc:
        raise unreadable("os_error", path, reason=exc.strerror or str(exc)) from exc


_MISSING = object()
_derived: OrderedDict[tuple, tuple[object, int]] = OrderedDict()  # key -> (result, part bytes)
_derived_bytes = 0
_derived_lock = threading.Lock()


def _remember(key: tuple, value: object, size: int) -> None:
    """Keep a derived result, dropping the least recently used past the count and byte budgets."""
    global _derived_bytes
    with _derived_lock:
        if key not in _derived:
            _derived[key] = (value, size)
            _derived_bytes += size
        while _derived and (len(_derived) > DERIVED_CACHE_ENTRIES or _derived_bytes > DERIVED_CACHE_TOTAL_BYTES):
            _derived_bytes -= _derived.popitem(last=False)[1][1]


def clear_derived_cache() -> None:
    """Forget every result kept by :meth:`Package.derived` (tests, memory pressure)."""
    global _derived_bytes
    with _derived_lock:
        _derived.clear()
        _derived_bytes = 0


class Package:
    """A validated zip package. Use as a context manager; read parts with :meth:`read`/:meth:`xml`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fh = open_binary(self.path)
        try:
            self._check_central_directory()
            self._zip = zipfile.ZipFile(self._fh)
            self._infos = self._validated_infos()
        except UnreadableInputError:
            self._fh.close()
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, zlib.error) as exc:
            self._fh.close()
            raise unreadable("bad_zip", self.path) from exc
        except OSError as exc:
            self._fh.close()
            raise unreadable("os_error", self.path, reason=exc.strerror or str(exc)) from exc
        self.bytes_read = 0
        self.xml_bytes_read = 0

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        self._fh.close()

    def _check_central_directory(self) -> None:
        """Refuse a central directory too big (or too many entries) before zipfile builds its index."""
        fh = self._fh
        fh.seek(0, 2)
        size = fh.tell()
        tail_size = min(size, 22 + 65535)
        fh.seek(size - tail_size)
        tail = guarded_read(self.path, fh, tail_size)
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or end + 22 > len(tail):
            return  # zipfile reports the damage
        entries, directory_size = struct.unpack_from("<HI", tail, end + 10)
        if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # zip64: the real figures sit in another record
            locator = tail.rfind(b"PK\x06\x07", 0, end)
            if locator >= 0:
                record_at = struct.unpack_from("<Q", tail, locator + 8)[0]
                fh.seek(record_at)
                record = guarded_read(self.path, fh, 56)
                if record[:4] == b"PK\x06\x06" and len(record) >= 56:
                    entries, directory_size = struct.unpack_from("<QQ", record, 32)
        fh.seek(0)
        if entries > MAX_MEMBERS or directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
            raise unreadable("too_many_members", self.path, count=entries, limit=MAX_MEMBERS)

    def _validated_infos(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise unreadable("too_many_members", self.path, count=len(infos), limit=MAX_MEMBERS)
        total = 0
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.file_size > MAX_MEMBER_BYTES:
                raise unreadable("member_too_large", self.path, part=info.filename,
                                 size_mb=info.file_size // (1024 * 1024), limit_mb=MAX_MEMBER_BYTES // (1024 * 1024))
            if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise unreadable("zip_bomb", self.path, part=info.filename,
                                 ratio=info.file_size // max(info.compress_size, 1), limit=MAX_RATIO)
            total += info.file_size
            by_name[info.filename.lstrip("/")] = info
        if total > MAX_TOTAL_BYTES:
            raise unreadable("total_too_large", self.path, size_mb=total // (1024 * 1024),
                             limit_mb=MAX_TOTAL_BYTES // (1024 * 1024))
        return by_name

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str, most: int = MAX_MEMBER_BYTES) -> bytes:
        """A member's bytes, decompressed with a bounded read (never past the declared limits, nor ``most``)."""
        info = self._infos.get(name)
        if info is None:
            raise unreadable("missing_part", self.path, part=name)
        limit = min(MAX_MEMBER_BYTES, most, MAX_TOTAL_BYTES - self.bytes_read)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while True:
                    chunk = member.read(min(READ_CHUNK, limit + 1 - size))
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise unreadable("read_limit", self.path, part=name, limit_mb=limit // (1024 * 1024))
                    chunks.append(chunk)
        except UnreadableInputError:
            raise
        except (zipfile.BadZipFile, EOFError, zlib.error, ValueError) as exc:
            raise unreadable("bad_zip", self.path) from exc
        except RuntimeError as exc:  # an encrypted zip member
            raise unreadable("encrypted", self.path) from exc
        except NotImplementedError as exc:  # an unsupported compression method
            raise unreadable("bad_zip", self.path) from exc
        except PermissionError as exc:
            raise unreadable("locked", self.path) from exc
        except OSError as exc:
            raise unreadable("os_error", self.path, reason=exc.strerror or str(exc)) from exc
        self.bytes_read += size
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """A part parsed; one too big to parse within the memory bound is refused first, with a message."""
        most = max(0, min(MAX_XML_PART_BYTES, MAX_XML_TOTAL_BYTES - self.xml_bytes_read))
        info = self._infos.get(name)
        if info is not None and info.file_size > most:
            raise xml_too_large(self.path, name, info.file_size, most)
        data = self.read(name, most)
        self.xml_bytes_read += len(data)
        return parse_xml(data, self.path, name)

    def member_key(self, name: str) -> tuple | None:
        """A key naming a member's exact content, computed from its *compressed* bytes (no inflating).

        Compression method, CRC-32, sizes and a BLAKE2b digest of the stored bytes: two members
        with the same key inflate to the same bytes and pass the same CRC check. None when the
        member is absent, encrypted, too big to cache or its local header does not match the
        directory (the normal :meth:`read` then reports the damage).
        """
        info = self._infos.get(name)
        if info is None or info.flag_bits & 0x21 or max(info.compress_size, info.file_size) > \
                DERIVED_CACHE_MAX_PART_BYTES:
            return None
        try:
            self._fh.seek(info.header_offset)
            header = self._fh.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                return None
            name_len, extra_len = struct.unpack_from("<HH", header, 26)
            local_name = self._fh.read(name_len)
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
            if local_name.decode(encoding, "replace") != info.orig_filename:
                return None
            self._fh.seek(info.header_offset + 30 + name_len + extra_len)
            stored = self._fh.read(info.compress_size)
        except OSError:
            return None
        if len(stored) != info.compress_size:
            return None
        digest = blake2b(stored, digest_size=20).digest()
        return (info.compress_type, info.CRC, info.file_size, info.compress_size, digest)

    def derived(self, kind: str, name: str, build: Callable[[etree._Element], T],
                context: Hashable = None) -> T:
        """``build(self.xml(name))``, remembered across packages by the member's content.

        A part already accepted once (same compressed bytes, CRC and sizes: see :meth:`member_key`)
        gives the same bytes again, so it passed the same size limits, DOCTYPE/ENTITY refusal and
        parse before; only the running total of bytes read is re-checked, as :meth:`read` would.
        ``build`` must return something never mutated afterwards; ``context`` is anything else the
        result depends on (e.g. the key of the style sheet it was resolved against).
        """
        member = self.member_key(name)
        cache_key = (kind, member, context) if member is not None else None
        if cache_key is not None:
            with _derived_lock:
                hit, _ = _derived.get(cache_key, (_MISSING, 0))
                if hit is not _MISSING:
                    _derived.move_to_end(cache_key)
            if hit is not _MISSING:
                size = self._infos[name].file_size
                limit = min(MAX_MEMBER_BYTES, MAX_TOTAL_BYTES - self.bytes_read)
                if size > limit:
                    raise unreadable("read_limit", self.path, part=name, limit_mb=limit // (1024 * 1024))
                self.bytes_read += size
                self.xml_bytes_read += size
                return hit
        value = build(self.xml(name))
        if cache_key is not None:
            _remember(cache_key, value, member[2])
        return value

    def xml_or_none(self, name: str | None) -> etree._Element | None:
        return self.xml(name) if name and self.has(name) else None

    def relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId -> (type, target part name, external) for ``part`` ("" for the package itself)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        if not self.has(rels_name):
            return {}
        result: dict[str, tuple[str, str, bool]] = {}
        for rel in self.xml(rels_name).iter(f"{{{REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
            result[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
        return result

    def main_document(self) -> str | None:
        """The main document part named by the package relationships (or word/document.xml)."""
        for rel_type, target, external in self.relationships("").values():
            if rel_type.endswith(REL_OFFICE_DOCUMENT) and not external and self.has(target):
                return target
        return "word/document.xml" if self.has("word/document.xml") else None

    def content_type(self, part: str) -> str:
        """The part's content type from [Content_Types].xml ("" when unknown)."""
        if not self.has("[Content_Types].xml"):
            return ""
        root = self.xml("[Content_Types].xml")
        for override in root.iter(f"{{{CT_NS}}}Override"):
            if override.get("PartName", "").lstrip("/") == part:
                return override.get("ContentType", "")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        for default in root.iter(f"{{{CT_NS}}}Default"):
            if default.get("Extension", "").lower() == ext:
                return default.get("ContentType", "")
        return ""
