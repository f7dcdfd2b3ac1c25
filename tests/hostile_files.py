"""Writers of real .docx files for reader tests, and of hostile inputs (reusable by CLI tests).

``build_docx`` starts from python-docx's blank document and replaces or adds parts in the
zip, so every file is a genuine package. Each ``write_*`` function writes one kind of bad
input to ``path`` and returns the path; ``HOSTILE`` maps a short name to each writer.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'mc:Ignorable="w14 wp14"'
)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
A4_SECT = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" '
           'w:gutter="0"/></w:sectPr>')


def blank_docx_bytes() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def document_xml(body: str, sect_pr: str = A4_SECT) -> str:
    """A whole word/document.xml around ``body`` (block-level XML) and a final sectPr."""
    return f"{XML_DECL}<w:document {NAMESPACES}><w:body>{body}{sect_pr}</w:body></w:document>"


def styles_xml(inner: str) -> str:
    """A word/styles.xml holding ``inner`` (docDefaults and w:style elements)."""
    return f"{XML_DECL}<w:styles {NAMESPACES}>{inner}</w:styles>"


def part_xml(root: str, body: str) -> str:
    """A header/footer/other part: ``<w:{root}>`` with the usual namespaces."""
    return f"{XML_DECL}<w:{root} {NAMESPACES}>{body}</w:{root}>"


def build_docx(path: Path, *, body: str | None = None, document: str | None = None,
               parts: dict[str, str | bytes] | None = None, rels: dict[str, tuple[str, str]] | None = None,
               content_types: dict[str, str] | None = None, drop: tuple[str, ...] = (),
               source: bytes | None = None) -> Path:
    """Write a real .docx: python-docx's blank package with parts replaced/added.

    ``body`` becomes word/document.xml (inside w:body); ``parts`` maps part names to content;
    ``rels`` adds document relationships (rId -> (type suffix, target)); ``content_types`` adds
    Override entries (part name -> content type); ``drop`` removes members.
    """
    replaced: dict[str, bytes] = {}
    if body is not None:
        document = document_xml(body)
    if document is not None:
        replaced["word/document.xml"] = document.encode("utf-8")
    for name, data in (parts or {}).items():
        replaced[name] = data.encode("utf-8") if isinstance(data, str) else data
    with zipfile.ZipFile(io.BytesIO(source or blank_docx_bytes())) as src:
        members = {name: src.read(name) for name in src.namelist() if name not in drop}
    if rels:
        text = members["word/_rels/document.xml.rels"].decode("utf-8")
        extra = "".join(f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{target}"/>'
                        for rid, (kind, target) in rels.items())
        members["word/_rels/document.xml.rels"] = text.replace("</Relationships>", extra + "</Relationships>").encode()
    if content_types:
        text = members["[Content_Types].xml"].decode("utf-8")
        extra = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in content_types.items())
        members["[Content_Types].xml"] = text.replace("</Types>", extra + "</Types>").encode()
    members.update(replaced)
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def para(text: str, ppr: str = "", rpr: str = "") -> str:
    """One w:p with one run (XML-escaped text)."""
    from xml.sax.saxutils import escape

    return (f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}"
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')


# --- hostile inputs ----------------------------------------------------------------------------

def write_not_a_zip(path: Path) -> Path:
    """Binary garbage under a .docx name."""
    Path(path).write_bytes(b"\x89GARBAGE" + bytes(range(256)) * 8)
    return Path(path)


def write_truncated_zip(path: Path) -> Path:
    """A real .docx cut in half (a download that did not finish)."""
    data = blank_docx_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    return Path(path)


def write_zip_bomb(path: Path, megabytes: int = 20) -> Path:
    """A valid .docx carrying a media member of zeros: ratio about 1000:1 (limit 200)."""
    build_docx(path, body=para("Nội dung"), parts={})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as out:
        out.writestr("word/media/zeros.bin", bytes(megabytes * 1024 * 1024))
    return Path(path)


def write_lying_size_zip(path: Path) -> Path:
    """A .docx whose central directory understates document.xml's size (reads must not trust it)."""
    build_docx(path, body=para("Nội dung thật dài " * 2000))
    data = bytearray(Path(path).read_bytes())
    name = b"word/document.xml"
    start = 0
    while True:  # central directory entries: signature PK\x01\x02, uncompressed size at offset 24
        index = data.find(b"PK\x01\x02", start)
        if index < 0:
            break
        name_len = struct.unpack_from("<H", data, index + 28)[0]
        if bytes(data[index + 46: index + 46 + name_len]) == name:
            struct.pack_into("<I", data, index + 24, 100)
        start = index + 4
    Path(path).write_bytes(bytes(data))
    return Path(path)


def write_too_many_members(path: Path, count: int = 5001) -> Path:
    build_docx(path, body=para("Nội dung"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as out:
        for i in range(count):
            out.writestr(f"customXml/x{i}.xml", b"<a/>")
    return Path(path)


def write_billion_laughs(path: Path) -> Path:
    """document.xml with the classic exponential entity declaration."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    document = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
                f"<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    return build_docx(path, document=document)


def write_xxe(path: Path, target: str = "/etc/passwd") -> Path:
    """document.xml with an external entity pointing at a local file."""
    document = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>'
                f"<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")
    return build_docx(path, document=document)


def write_broken_xml(path: Path) -> Path:
    return build_docx(path, document=f"{XML_DECL}<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>x</w:body>")


def write_deep_nesting(path: Path, depth: int = 400) -> Path:
    """Tables nested ``depth`` deep: beyond the XML parser's depth limit."""
    inner = para("đáy")
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>"
    return build_docx(path, body=inner + para(""))


def write_missing_document(path: Path) -> Path:
    """A zip without word/document.xml (e.g. an .xlsx renamed)."""
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("[Content_Types].xml", f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/'
                     'package/2006/content-types"/>')
        out.writestr("xl/workbook.xml", "<workbook/>")
    return Path(path)


def _ole_file(names: tuple[str, ...]) -> bytes:
    """A minimal OLE2 compound file: header sector plus a directory sector with these stream names."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)  # minor, major version, byte order
    struct.pack_into("<H", header, 30, 9)  # sector size 2^9
    directory = bytearray()
    for name in ("Root Entry", *names):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le")
        entry[0:len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded) + 2)
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    directory += bytes(-len(directory) % 512)
    return bytes(header) + bytes(directory)


def write_encrypted_ole(path: Path) -> Path:
    """A password-protected .docx: an OLE container with EncryptionInfo/EncryptedPackage streams."""
    Path(path).write_bytes(_ole_file(("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")))
    return Path(path)


def write_fake_legacy_doc(path: Path) -> Path:
    """An OLE container with a WordDocument stream but no real content (LibreOffice cannot use it)."""
    Path(path).write_bytes(_ole_file(("WordDocument", "1Table")))
    return Path(path)


def write_docm(path: Path) -> Path:
    """A macro-enabled document with a vbaProject.bin part (must be read, never run)."""
    return build_docx(
        path, body=para("Văn bản có macro"), parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"},
        rels={"rIdVba": ("vbaProject", "vbaProject.bin")},
        content_types={"word/vbaProject.bin": "application/vnd.ms-office.vbaProject"},
    )


def write_empty_docx(path: Path) -> Path:
    """A valid Word document with no paragraphs at all."""
    return build_docx(path, body="")


def write_big_docx(path: Path, media_mb: int = 40, paragraphs: int = 30000) -> Path:
    """About 50 MB on disk: many paragraphs plus an incompressible embedded image."""
    text = "Nội dung đoạn văn bản số {} của một văn bản hành chính khá dài để kiểm tra thời gian đọc."
    body = "".join(para(text.format(i), ppr='<w:jc w:val="both"/>', rpr='<w:sz w:val="28"/>')
                   for i in range(paragraphs))
    build_docx(path, body=body)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as out:
        out.writestr("word/media/image1.png", os.urandom(media_mb * 1024 * 1024))
    return Path(path)


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "not_a_zip": write_not_a_zip,
    "truncated_zip": write_truncated_zip,
    "zip_bomb": write_zip_bomb,
    "lying_size_zip": write_lying_size_zip,
    "too_many_members": write_too_many_members,
    "billion_laughs": write_billion_laughs,
    "xxe": write_xxe,
    "broken_xml": write_broken_xml,
    "deep_nesting": write_deep_nesting,
    "missing_document": write_missing_document,
    "encrypted_ole": write_encrypted_ole,
    "fake_legacy_doc": write_fake_legacy_doc,
}
"""Every writer whose file must be refused with an UnreadableInputError (exit code 2)."""
