"""A Word package opened for fixing: its parts as bytes, the XML parts a fix edits as live trees,
the checker's reading of those live trees (blocks mapped back to their w:p and w:r), and
in-run text edits that keep every run's formatting.

Parts no fix touched are written back byte for byte; the package is read through the
checker's hardened :class:`~desktop.core.check.package.Package` (size limits, no DTD/entities).
"""

from __future__ import annotations

import copy
import hashlib
import io
import posixpath
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from desktop.core.check.blocks import SourceDocument
from desktop.core.check.docx_reader import DocxReader, Where, choose_branch, local
from desktop.core.check.package import Package, parse_xml, unreadable
from desktop.core.check.styles import Props, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_INLINE_WRAPPERS = {"customXml", "smartTag", "hyperlink", "ins", "moveTo", "fldSimple", "dir", "bdo"}
_SKIPPED = {"del", "moveFrom"}
TRACKED_TAGS = {"ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
                "trPrChange", "tcPrChange", "numberingChange", "cellIns", "cellDel", "cellMerge"}


@dataclass
class RunInfo:
    """One w:r the reader walked: its effective properties and the block it belongs to."""

    element: etree._Element
    props: Props
    block: int
    where: Where
    para_style: str | None
    char_style: str | None


PACKED_MEDIA = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".mp3", ".mp4", ".zip")
"""Media already compressed: stored as they are rather than deflated again."""
DERIVED_ENTRIES = 24
_DERIVED: OrderedDict[tuple, object] = OrderedDict()
_DERIVED_LOCK = threading.Lock()


class LivePackage(Package):
    """A :class:`Package` over bytes already read, whose XML parts are shared live trees."""

    def __init__(self, source: FixDocument) -> None:
        self.path = source.path
        self.bytes_read = 0
        self._source = source

    def close(self) -> None:
        return None

    def names(self) -> list[str]:
        return list(self._source.members)

    def has(self, name: str) -> bool:
        return name in self._source.members

    def read(self, name: str) -> bytes:
        if name not in self._source.members:
            raise unreadable("missing_part", self.path, part=name)
        return self._source.members[name]

    def xml(self, name: str) -> etree._Element:
        return self._source.tree(name)

    def member_key(self, name: str) -> tuple | None:
        """A key naming an untouched part's bytes; None once a fix changed the part (its live tree
        then differs from the bytes)."""
        if name in self._source.touched or name not in self._source.members:
            return None
        return ("live", hashlib.blake2b(self._source.members[name], digest_size=20).digest())

    def derived(self, kind, name, build, context=None):  # type: ignore[override]
        """``build(self.xml(name))``, shared between readings of the same untouched bytes (the style
        sheet of a file read twice, or of a batch's files made from one template)."""
        key = self.member_key(name)
        if key is None:
            return build(self.xml(name))
        cache_key = (kind, key, context)
        with _DERIVED_LOCK:
            hit = _DERIVED.get(cache_key)
            if hit is not None:
                _DERIVED.move_to_end(cache_key)
                return hit
        value = build(self.xml(name))
        with _DERIVED_LOCK:
            _DERIVED[cache_key] = value
            while len(_DERIVED) > DERIVED_ENTRIES:
                _DERIVED.popitem(last=False)
        return value


class FixReader(DocxReader):
    """The checker's reader, remembering the w:p of every block and the properties of every w:r."""

    def __init__(self, package: Package) -> None:
        super().__init__(package)
        self.paragraphs: list[etree._Element] = []
        self.runs: list[RunInfo] = []
        self._stack: list[int] = []
        self._last: tuple[Props, str | None] = ({}, None)

    def paragraph(self, p: etree._Element, where: Where) -> None:
        index = len(self.blocks)
        self._stack.append(index)
        self.paragraphs.append(p)
        try:
            super().paragraph(p, where)
        finally:
            self._stack.pop()

    def _run_props(self, direct: Props, where: Where, para_style: str | None,
                   char_style: str | None) -> tuple[Props, tuple]:
        hit = super()._run_props(direct, where, para_style, char_style)
        self._last = (hit[0], char_style)
        return hit

    def run(self, r: etree._Element, out, where: Where, para_style: str | None) -> None:
        super().run(r, out, where, para_style)
        if self._stack:
            props, char_style = self._last
            self.runs.append(RunInfo(r, props, self._stack[-1], where, para_style, char_style))


@dataclass
class Reading:
    """The checker's view of the live trees at one moment."""

    source: SourceDocument
    paragraphs: list[etree._Element]  # block index -> w:p (paragraphs and blocks are in step)
    runs: list[RunInfo]
    reader: FixReader
    by_element: dict[int, RunInfo] = field(default_factory=dict)

    by_block: dict[int, list[RunInfo]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_element = {id(info.element): info for info in self.runs}
        for info in self.runs:
            self.by_block.setdefault(info.block, []).append(info)


class FixDocument:
    """One .docx held in memory for fixing."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        with Package(self.path) as package:
            self.main = package.main_document()
            if self.main is None:
                raise unreadable("not_word", self.path)
            self.members: dict[str, bytes] = {name: package.read(name) for name in package.names()}
        with zipfile.ZipFile(self.path) as archive:  # already validated: names, order, dates
            self.infos = {info.filename.lstrip("/"): info for info in archive.infolist()
                          if info.filename.lstrip("/") in self.members}
        self._trees: dict[str, etree._Element] = {}
        self.touched: set[str] = set()

    # --- parts -------------------------------------------------------------------------
    def tree(self, name: str) -> etree._Element:
        if name not in self._trees:
            if name not in self.members:
                raise unreadable("missing_part", self.path, part=name)
            self._trees[name] = parse_xml(self.members[name], self.path, name)
        return self._trees[name]

    def mark_changed(self, name: str) -> None:
        self.touched.add(name)

    def related(self, part: str, type_suffix: str) -> list[str]:
        """Internal parts related to ``part`` whose relationship type ends with ``type_suffix``."""
        rels = LivePackage(self).relationships(part)
        return [target for rel_type, target, external in rels.values()
                if rel_type.endswith(type_suffix) and not external and target in self.members]

    def add_part(self, name: str, root: etree._Element, content_type: str, rel_type: str) -> str:
        """A new part related to the main document; returns its relationship id."""
        self._trees[name] = root
        self.members[name] = b""
        self.infos[name] = zipfile.ZipInfo(name, date_time=self.infos[self.main].date_time)
        self.mark_changed(name)
        types = self.tree("[Content_Types].xml")
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", content_type)
        self.mark_changed("[Content_Types].xml")
        folder, base = posixpath.split(self.main)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        rels = self.tree(rels_name)
        taken = {rel.get("Id") for rel in rels}
        rel_id = next(f"rIdFix{n}" for n in range(1, 10000) if f"rIdFix{n}" not in taken)
        rel = etree.SubElement(rels, f"{{{REL_NS}}}Relationship")
        rel.set("Id", rel_id)
        rel.set("Type", rel_type)
        rel.set("Target", posixpath.relpath(name, folder))
        self.mark_changed(rels_name)
        return rel_id

    def related_target(self, rel_id: str) -> str | None:
        """The internal part a relationship id of the main document points to."""
        rel = LivePackage(self).relationships(self.main).get(rel_id)
        return rel[1] if rel and not rel[2] and rel[1] in self.members else None

    def headers_footers(self) -> list[str]:
        return [*self.related(self.main, "/header"), *self.related(self.main, "/footer")]

    def read(self) -> Reading:
        """Read the live trees as the checker would (blocks mapped to their elements)."""
        reader = FixReader(LivePackage(self))
        source = reader.read()
        return Reading(source, reader.paragraphs, reader.runs, reader)

    def has_tracked_changes(self) -> bool:
        tags = [f"{{{W_NS}}}{tag}" for tag in TRACKED_TAGS]
        return any(next(self.tree(part).iter(*tags), None) is not None
                   for part in [self.main, *self.headers_footers()])

    def to_bytes(self) -> bytes:
        """The package with every touched part serialised, every other part's bytes as they were."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
            for name, info in self.infos.items():
                data = self.members[name]
                if name in self.touched:
                    data = etree.tostring(self._trees[name], xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                fresh.external_attr = info.external_attr
                if info.compress_type == zipfile.ZIP_STORED or name.lower().endswith(PACKED_MEDIA):
                    fresh.compress_type = zipfile.ZIP_STORED  # stored as it was, or already compressed
                    target.writestr(fresh, data)
                else:
                    fresh.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(fresh, data, compresslevel=6 if name in self.touched else 1)
        return out.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- text of a paragraph, and edits inside its runs -------------------------------------


@dataclass
class Piece:
    """A stretch of a paragraph's visible text: a w:t (editable) or a tab/break (not)."""

    element: etree._Element
    text: str
    start: int
    editable: bool = True  # a w:t; False for a tab, a break or a symbol


def split_run(r: etree._Element, at: etree._Element) -> etree._Element:
    """Split the run ``r`` before its child ``at``: a copy of its properties takes ``at`` and every
    child after it, in a new run right after ``r`` (both print exactly as before)."""
    new = etree.Element(r.tag, attrib=dict(r.attrib))
    rpr = r.find(w("rPr"))
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    moving = False
    for child in list(r):
        if child is at:
            moving = True
        if moving:
            new.append(child)
    r.addnext(new)
    return new


class ParaText:
    """The visible text of one w:p (as the reader sees it, without numbering labels), with the
    w:t elements it comes from, so a span can be replaced inside the runs."""

    def __init__(self, p: etree._Element, hidden: set[int] | None = None) -> None:
        self.p = p
        self.hidden = hidden or set()
        self.pieces: list[Piece] = []
        self._walk(p)
        self.text = "".join(piece.text for piece in self.pieces)

    def _walk(self, parent: etree._Element) -> None:
        for child in parent:
            tag = local(child)
            if tag == "r":
                if id(child) in self.hidden:
                    continue
                for item in child:
                    name = local(item)
                    if name == "t":
                        self._add(item, item.text or "")
                    elif name in ("tab", "ptab"):
                        self._add(item, "\t", editable=False)
                    elif name in ("br", "cr"):
                        self._add(item, "\n", editable=False)
                    elif name in ("noBreakHyphen", "sym"):
                        self._add(item, "\ufffc", editable=False)
            elif tag in _INLINE_WRAPPERS:
                self._walk(child)
            elif tag == "sdt":
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._walk(content)
            elif tag == "AlternateContent":
                branch = choose_branch(child)
                if branch is not None:
                    self._walk(branch)

    def _add(self, element: etree._Element, text: str, editable: bool = True) -> None:
        if text:
            start = self.pieces[-1].start + len(self.pieces[-1].text) if self.pieces else 0
            self.pieces.append(Piece(element, text, start, editable))

    def replace(self, start: int, end: int, new: str) -> bool:
        """Replace text[start:end] by ``new`` in the runs: the first run touched takes the new text,
        the others lose their part of the span. False (nothing done) when the span crosses a tab,
        a break or a symbol."""
        touched = [pc for pc in self.pieces if pc.start < end and pc.start + len(pc.text) > start]
        if start == end:  # an insertion: into the run of the character before (else the one after)
            before = [pc for pc in self.pieces if pc.start < start <= pc.start + len(pc.text)]
            touched = before[-1:] or [pc for pc in self.pieces if pc.start == start][:1]
        if not touched or any(not pc.editable for pc in touched):
            return False
        for index, pc in enumerate(touched):
            lo = max(start - pc.start, 0)
            hi = min(end - pc.start, len(pc.text))
            text = pc.text[:lo] + (new if index == 0 else "") + pc.text[hi:]
            pc.element.text = text
            if text != text.strip() or "  " in text:
                pc.element.set(XML_SPACE, "preserve")
        self.__init__(self.p, self.hidden)
        return True

    def run_of(self, offset: int) -> etree._Element | None:
        """The w:r holding the character at ``offset``."""
        for pc in self.pieces:
            if pc.start <= offset < pc.start + len(pc.text):
                return pc.element.getparent()
        return None
