"""Edits that damage a rendered .docx the way clerks' files are damaged (a size, a font, a page
setting changed by hand): shared by the checker's tests (test_check_fixtures_damaged.py) and the
fixer's (test_fix_damaged.py). Each returns an edit of one XML part for
:func:`tests.fixtures_docx.edit_docx_xml`."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from tests.fixtures_docx import NS, W_NS, paragraph_text, set_paragraph_text, set_run_property

DOC = "word/document.xml"
STYLES = "word/styles.xml"
Edit = Callable[[etree._Element], None]


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def styled(root: etree._Element, style_id: str) -> list[etree._Element]:
    """Paragraphs whose w:pStyle is ``style_id`` (the renderer's 'VB …' styles)."""
    return [p for p in root.iter(w("p"))
            if p.find("w:pPr/w:pStyle", NS) is not None and p.find("w:pPr/w:pStyle", NS).get(w("val")) == style_id]


def first_section(root: etree._Element) -> etree._Element:
    """The first page's section properties (the main document's, before any copy/attachment)."""
    return next(root.iter(w("sectPr")))


def retext(style_id: str, old: str, new: str, index: int = 0) -> Edit:
    """Replace ``old`` by ``new`` in the ``index``-th paragraph of ``style_id``."""

    def edit(root: etree._Element) -> None:
        p = styled(root, style_id)[index]
        assert old in paragraph_text(p)
        set_paragraph_text(p, paragraph_text(p).replace(old, new))

    return edit


def run_prop(style_id: str, tag: str, attrs: dict[str, str] | None, *, every: bool = False) -> Edit:
    """Set (or with ``attrs`` None remove) a run property in the first (or every) paragraph of ``style_id``."""

    def edit(root: etree._Element) -> None:
        for p in styled(root, style_id)[: None if every else 1]:
            set_run_property(p, tag, attrs)

    return edit


def sect_attr(child: str, attrs: dict[str, str]) -> Edit:
    """Change attributes of a child of the first section's properties (w:pgSz, w:pgMar …)."""

    def edit(root: etree._Element) -> None:
        el = first_section(root).find(f"w:{child}", NS)
        for key, value in attrs.items():
            el.set(w(key), value)

    return edit


def drop_title_page(root: etree._Element) -> None:
    """No 'different first page': page 1 shows the page number."""
    for title in list(root.iter(w("titlePg"))):
        title.getparent().remove(title)
