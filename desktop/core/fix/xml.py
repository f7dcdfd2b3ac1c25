"""Small schema-ordered WordprocessingML edits on plain lxml trees (rPr, pPr, sectPr, styles)."""

from __future__ import annotations

from lxml import etree

from desktop.core.check.styles import w
from desktop.core.ooxml import SCHEMA_ORDER

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
STYLE_ORDER = tuple(f"w:{name}" for name in (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr", "rPr",
    "tblPr", "trPr", "tcPr", "tblStylePr"))
"""CT_Style children, in order (ECMA-376 part 1, 17.7.4.17)."""
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def child(parent: etree._Element, tag: str, order_key: str | None = None) -> etree._Element:
    """The ``w:tag`` child of ``parent``, created in schema position when missing."""
    found = parent.find(w(tag))
    if found is not None:
        return found
    element = etree.Element(w(tag))
    key = order_key or f"w:{etree.QName(parent).localname}"
    order = STYLE_ORDER if key == "w:style" else SCHEMA_ORDER.get(key, ())
    names = [name.split(":", 1)[1] for name in order]
    if tag in names:
        for successor in names[names.index(tag) + 1:]:
            anchor = parent.find(w(successor))
            if anchor is not None:
                anchor.addprevious(element)
                return element
    parent.append(element)
    return element


def _first_child(parent: etree._Element, tag: str) -> etree._Element:
    """The properties element that must come first in ``parent``, created when missing."""
    found = parent.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        parent.insert(0, found)
    return found


def run_rpr(r: etree._Element) -> etree._Element:
    """The w:rPr of a run (first child), created when missing."""
    return _first_child(r, "rPr")


def para_ppr(p: etree._Element) -> etree._Element:
    """The w:pPr of a paragraph (first child), created when missing."""
    return _first_child(p, "pPr")


def style_rpr(style: etree._Element) -> etree._Element:
    return child(style, "rPr", "w:style")


def set_toggle(rpr: etree._Element, tag: str, on: bool) -> None:
    """w:b / w:i / w:caps (and their complex-script twins) on or off."""
    for name in (tag, f"{tag}Cs") if tag in ("b", "i") else (tag,):
        element = child(rpr, name, "w:rPr")
        if on:
            element.attrib.pop(w("val"), None)
        else:
            element.set(w("val"), "0")


def set_size(rpr: etree._Element, size_pt: float) -> None:
    for name in ("sz", "szCs"):
        child(rpr, name, "w:rPr").set(w("val"), str(round(size_pt * 2)))


def set_underline(rpr: etree._Element, on: bool) -> None:
    child(rpr, "u", "w:rPr").set(w("val"), "single" if on else "none")


_THEME_QNAMES = tuple(w(attr) for attr in THEME_ATTRS)
_SLOT_QNAMES = tuple(w(slot) for slot in FONT_SLOTS)


def set_fonts(rpr: etree._Element, name: str) -> None:
    """``name`` on all four rFonts slots; theme fonts dropped."""
    fonts = child(rpr, "rFonts", "w:rPr")
    attrib = fonts.attrib
    for attr in _THEME_QNAMES:
        attrib.pop(attr, None)
    for slot in _SLOT_QNAMES:
        attrib[slot] = name


def set_jc(ppr: etree._Element, value: str) -> None:
    child(ppr, "jc", "w:pPr").set(w("val"), {"justify": "both"}.get(value, value))


def sect_child(sect: etree._Element, tag: str) -> etree._Element:
    return child(sect, tag, "w:sectPr")
