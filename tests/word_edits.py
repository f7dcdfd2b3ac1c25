"""Word-like variants of the rendered examples, for the checker's text-side acceptance tests.

A test renders a complete example (examples/*.json), changes what a clerk's Word file would have
differently — a paragraph's text, a wrapped line, a stray note — by editing word/document.xml, and
checks the result through the public API (:func:`desktop.core.check.check_file`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from desktop.core.check import check_file
from desktop.core.check.report import DocumentReport
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from tests.conftest import EXAMPLES
from tests.fixtures_docx import W_NS, edit_docx_xml, paragraph_text, set_paragraph_text

DOC = "word/document.xml"
Edit = Callable[[etree._Element], None]


def paragraphs(root: etree._Element, text: str) -> list[etree._Element]:
    """Every paragraph whose text contains ``text``."""
    return [p for p in root.iter(f"{{{W_NS}}}p") if text in paragraph_text(p)]


def set_text(p: etree._Element, text: str) -> None:
    """The paragraph's text, its first run's formatting kept; each tab a ``w:tab`` and each line break a
    ``w:br``, as Word writes them."""
    pieces = re.split(r"([\t\n])", text)
    set_paragraph_text(p, pieces[0])
    run = next(p.iter(f"{{{W_NS}}}t")).getparent()
    for mark, piece in reversed(list(zip(pieces[1::2], pieces[2::2], strict=True))):
        new_run = copy.deepcopy(run)
        for child in list(new_run):
            if etree.QName(child).localname != "rPr":
                new_run.remove(child)
        etree.SubElement(new_run, f"{{{W_NS}}}{'tab' if mark == chr(9) else 'br'}")
        etree.SubElement(new_run, f"{{{W_NS}}}t").text = piece
        new_run[-1].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.addnext(new_run)


def retext(old: str, new: str, nth: int = 0) -> Edit:
    """Replace ``old`` by ``new`` in the ``nth`` paragraph that contains it."""

    def edit(root: etree._Element) -> None:
        p = paragraphs(root, old)[nth]
        set_text(p, paragraph_text(p).replace(old, new))

    return edit


def insert_after(anchor: str, text: str) -> Edit:
    """A new paragraph ``text`` after the first one containing ``anchor``, formatted like it."""

    def edit(root: etree._Element) -> None:
        p = paragraphs(root, anchor)[0]
        new = copy.deepcopy(p)
        set_text(new, text)
        p.addnext(new)

    return edit


def variant(example: str, tmp_path: Path, *edits: Edit, name: str = "variant.docx") -> list[DocumentReport]:
    """Render ``example``, apply ``edits`` to its document.xml in order, check the file."""
    data = render_bytes(load_draft(EXAMPLES / f"{example}.json"))

    def all_edits(root: etree._Element) -> None:
        for edit in edits:
            edit(root)

    path = tmp_path / name
    path.write_bytes(edit_docx_xml(data, {DOC: all_edits}) if edits else data)
    report = check_file(path)
    assert report.readable, report.error
    return report.documents


def problems(doc: DocumentReport, *severities: str) -> list[tuple[str, str, str]]:
    """(severity, code, message) of every finding of these severities (errors and warnings by default)."""
    wanted = severities or ("error", "warning")
    return [(f.severity, f.code, f.message) for f in doc.findings if f.severity in wanted]
