"""Low-level WordprocessingML (OOXML) write helpers on lxml / python-docx elements.

Nothing here knows about official documents: borders, grid widths, indents, fonts, page
setup, fields and deterministic packaging. Elements are always inserted in schema order
(Word is stricter than LibreOffice about it).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

TWIPS_PER_CM = 1440 / 2.54
TWIPS_PER_PT = 20
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

# CT_PPr children that must come after w:pBdr (ECMA-376 part 1, 17.3.1.26).
_BEFORE_PBDR = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
                "w:numPr", "w:suppressLineNumbers")
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)
# CT_PPr children that must come after w:ind.
_AFTER_IND = _AFTER_PBDR[_AFTER_PBDR.index("w:ind") + 1:]
# CT_TblPr children, in order.
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)
# CT_TcPr children, in order.
_TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
    "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)
# CT_SectPr children, in order.
_SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
    "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign",
    "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
)
# CT_RPr children, in order (the ones this module writes come first in the schema anyway).
_RPR_AFTER_RFONTS = (
    "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow",
    "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
SCHEMA_ORDER = {
    "w:pPr": (*_BEFORE_PBDR, "w:pBdr", *_AFTER_PBDR),
    "w:rPr": ("w:rStyle", "w:rFonts", *_RPR_AFTER_RFONTS),
    "w:tblPr": _TBLPR_ORDER,
    "w:tcPr": _TCPR_ORDER,
    "w:sectPr": _SECTPR_ORDER,
}
"""Child order of the property elements this module writes, for checking generated files."""
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def cm_to_twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_CM / 10)


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def _child_in_order(parent, tag: str, successors: Iterable[str]):
    """The ``tag`` child of ``parent``, created in schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    for succ in successors:
        anchor = parent.find(qn(succ))
        if anchor is not None:
            anchor.addprevious(element)
            return element
    parent.append(element)
    return element


def _successors(order: tuple[str, ...], tag: str) -> tuple[str, ...]:
    return order[order.index(tag) + 1:]


# --- runs and fonts ------------------------------------------------------------------


def set_fonts(rpr, name: str) -> None:
    """Put ``name`` on all four rFonts slots of an rPr element and drop theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_FONT_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for slot in FONT_SLOTS:
        rfonts.set(qn(slot), name)


def set_lang(rpr, lang: str) -> None:
    """Language of text (val, eastAsia, bidi all ``lang``) for spelling and hyphenation."""
    element = _child_in_order(rpr, "w:lang", _successors(_RPR_AFTER_RFONTS, "w:lang"))
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        element.set(qn(attr), lang)


def strip_theme_fonts(root) -> int:
    """Remove every theme-font attribute below ``root``; return how many rFonts changed."""
    changed = 0
    for rfonts in root.iter(qn("w:rFonts")):
        if any(rfonts.get(qn(a)) is not None for a in _THEME_FONT_ATTRS):
            for attr in _THEME_FONT_ATTRS:
                rfonts.attrib.pop(qn(attr), None)
            changed += 1
    return changed


# --- paragraphs ----------------------------------------------------------------------


def paragraph_border(ppr, sides: Iterable[str], *, size_eighths: int = 6, space_pt: int = 1,
                     val: str = "single", color: str = "000000") -> None:
    """A paragraph border on ``sides`` ("top", "left", "bottom", "right"), black unless ``color``."""
    pbdr = _child_in_order(ppr, "w:pBdr", _AFTER_PBDR)
    for old in list(pbdr):
        pbdr.remove(old)
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), val)
            edge.set(qn("w:sz"), str(size_eighths))
            edge.set(qn("w:space"), str(space_pt))
            edge.set(qn("w:color"), color)
            pbdr.append(edge)


def keep_with_next(p) -> None:
    """w:keepNext on a paragraph's own properties (Word: keep with next; a table whose paragraphs all
    carry it keeps with what follows, in Word and in LibreOffice's import)."""
    ppr = p.get_or_add_pPr()
    _child_in_order(ppr, "w:keepNext", _successors(SCHEMA_ORDER["w:pPr"], "w:keepNext"))


def row_cant_split(tr) -> None:
    """w:cantSplit on a table row: the row is never broken across pages."""
    trpr = tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.append(OxmlElement("w:cantSplit"))


def set_indents(ppr, *, left: int | None = None, right: int | None = None, first_line: int | None = None,
                hanging: int | None = None) -> None:
    """Indents in twips on a pPr (start/end are written as left/right for old readers)."""
    ind = _child_in_order(ppr, "w:ind", _AFTER_IND)
    for attr, value in (("w:left", left), ("w:right", right), ("w:firstLine", first_line), ("w:hanging", hanging)):
        if value is not None:
            ind.set(qn(attr), str(int(value)))
    if hanging is not None:
        ind.attrib.pop(qn("w:firstLine"), None)


def set_jc(ppr, value: str) -> None:
    jc = _child_in_order(ppr, "w:jc", _successors(_AFTER_PBDR, "w:jc"))
    jc.set(qn("w:val"), value)


def add_field(paragraph_element, instruction: str) -> None:
    """A complex field (``PAGE``, ``NUMPAGES`` …) appended to a w:p, with a cached '1'."""
    def run(*children):
        r = OxmlElement("w:r")
        for child in children:
            r.append(child)
        paragraph_element.append(r)

    def fld_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    cached = OxmlElement("w:t")
    cached.text = "1"
    run(fld_char("begin"))
    run(instr)
    run(fld_char("separate"))
    run(cached)
    run(fld_char("end"))


# --- tables --------------------------------------------------------------------------


def table_no_borders(tbl) -> None:
    """Every table edge and inside line set to nil (a layout table)."""
    tblpr = tbl.tblPr
    borders = _child_in_order(tblpr, "w:tblBorders", _successors(_TBLPR_ORDER, "w:tblBorders"))
    for old in list(borders):
        borders.remove(old)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)


def table_layout(tbl, widths_twips: list[int], *, cell_margin_twips: int = 0) -> None:
    """Fixed layout: tblW, tblInd 0, gridCol and every tcW (LibreOffice reads gridCol only)."""
    tblpr = tbl.tblPr
    tblw = _child_in_order(tblpr, "w:tblW", _successors(_TBLPR_ORDER, "w:tblW"))
    tblw.set(qn("w:w"), str(sum(widths_twips)))
    tblw.set(qn("w:type"), "dxa")
    ind = _child_in_order(tblpr, "w:tblInd", _successors(_TBLPR_ORDER, "w:tblInd"))
    ind.set(qn("w:w"), "0")
    ind.set(qn("w:type"), "dxa")
    layout = _child_in_order(tblpr, "w:tblLayout", _successors(_TBLPR_ORDER, "w:tblLayout"))
    layout.set(qn("w:type"), "fixed")
    mar = _child_in_order(tblpr, "w:tblCellMar", _successors(_TBLPR_ORDER, "w:tblCellMar"))
    for old in list(mar):
        mar.remove(old)
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(cell_margin_twips if side in ("left", "right") else 0))
        element.set(qn("w:type"), "dxa")
        mar.append(element)
    grid = tbl.tblGrid
    for old in list(grid):
        grid.remove(old)
    for width in widths_twips:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(width))
        grid.append(col)
    for tr in tbl.iterchildren(qn("w:tr")):
        for width, tc in zip(widths_twips, tr.iterchildren(qn("w:tc")), strict=False):
            set_cell_width(tc, width)


def set_cell_width(tc, width_twips: int) -> None:
    tcpr = tc.get_or_add_tcPr()
    tcw = _child_in_order(tcpr, "w:tcW", _successors(_TCPR_ORDER, "w:tcW"))
    tcw.set(qn("w:w"), str(width_twips))
    tcw.set(qn("w:type"), "dxa")


def cell_border(tc, sides: Iterable[str], *, size_eighths: int = 6) -> None:
    tcpr = tc.get_or_add_tcPr()
    borders = _child_in_order(tcpr, "w:tcBorders", _successors(_TCPR_ORDER, "w:tcBorders"))
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), str(size_eighths))
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
            borders.append(edge)


def cell_valign(tc, value: str) -> None:
    tcpr = tc.get_or_add_tcPr()
    element = _child_in_order(tcpr, "w:vAlign", _successors(_TCPR_ORDER, "w:vAlign"))
    element.set(qn("w:val"), value)


def cell_width_twips(tc) -> int | None:
    """The tcW of a cell in twips, or None when it is not a dxa width."""
    tcw = tc.find(f"{{{W_NS}}}tcPr/{{{W_NS}}}tcW")
    if tcw is None or tcw.get(qn("w:type")) != "dxa":
        return None
    return int(tcw.get(qn("w:w")))


def ensure_cells_end_with_paragraph(root) -> None:
    """A w:tc must end with a w:p (Word refuses a cell that ends with a nested table)."""
    for tc in root.iter(qn("w:tc")):
        last = tc[-1] if len(tc) else None
        if last is None or last.tag != qn("w:p"):
            tc.append(OxmlElement("w:p"))


# --- drawn shapes ----------------------------------------------------------------------

EMU_PER_PT = 12700
_SHAPE_RUN = (
    '<w:r xmlns:w="{w}"><w:rPr><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<mc:Choice xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" Requires="wps">'
    '<w:drawing><wp:inline xmlns:wp="{wp}"'
    ' distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{shape_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="{geometry}"><a:avLst>{adjust}</a:avLst></a:prstGeom><a:noFill/>'
    '<a:ln w="{line_emu}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
    '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
    '</mc:AlternateContent></w:r>'
)


def shape_run(geometry: str, width_pt: float, height_pt: float, *, shape_id: int, name: str,
              line_pt: float = 0.75, run_size_pt: float = 1.0, adjust: dict[str, int] | None = None):
    """A run holding one inline DrawingML preset shape (``rightBrace``, ``line`` …), outline only,
    as Word writes it (mc:AlternateContent, Choice "wps"; no VML fallback for Word 2007). The
    run's own size is tiny so the line it stands on is no taller than the shape. ``adjust``:
    the preset's adjust values (``{"adj1": 100000}``)."""
    guides = "".join(f'<a:gd name="{name_}" fmla="val {value}"/>' for name_, value in (adjust or {}).items())
    xml = _SHAPE_RUN.format(w=W_NS, wp=WP_NS, cx=round(width_pt * EMU_PER_PT), cy=round(height_pt * EMU_PER_PT),
                            shape_id=shape_id, name=name, geometry=geometry, line_emu=round(line_pt * EMU_PER_PT),
                            half_points=max(2, round(run_size_pt * 2)), adjust=guides)
    return parse(xml)


def number_drawings(root) -> None:
    """Give every drawing (wp:docPr) below ``root`` its own id, 1, 2 … in document order: Word
    wants them unique, and attached documents are rendered apart."""
    for number, doc_pr in enumerate(root.iter(f"{{{WP_NS}}}docPr"), start=1):
        doc_pr.set("id", str(number))


# --- sections ------------------------------------------------------------------------


def page_setup(sectpr, *, width_mm: float, height_mm: float, margins_mm: dict[str, float],
               header_mm: float, footer_mm: float) -> None:
    """Paper size, orientation and margins on a sectPr."""
    pgsz = _child_in_order(sectpr, "w:pgSz", _successors(_SECTPR_ORDER, "w:pgSz"))
    pgsz.set(qn("w:w"), str(mm_to_twips(width_mm)))
    pgsz.set(qn("w:h"), str(mm_to_twips(height_mm)))
    pgsz.attrib.pop(qn("w:orient"), None)
    pgmar = _child_in_order(sectpr, "w:pgMar", _successors(_SECTPR_ORDER, "w:pgMar"))
    for side in ("top", "right", "bottom", "left"):
        pgmar.set(qn(f"w:{side}"), str(mm_to_twips(margins_mm[side])))
    pgmar.set(qn("w:header"), str(mm_to_twips(header_mm)))
    pgmar.set(qn("w:footer"), str(mm_to_twips(footer_mm)))
    pgmar.set(qn("w:gutter"), "0")


def set_title_page(sectpr, on: bool = True) -> None:
    """titlePg: the first page uses its own header/footer (no page number on page 1)."""
    existing = sectpr.find(qn("w:titlePg"))
    if not on:
        if existing is not None:
            sectpr.remove(existing)
        return
    _child_in_order(sectpr, "w:titlePg", _successors(_SECTPR_ORDER, "w:titlePg"))


def restart_page_numbers(sectpr, start: int = 1) -> None:
    element = _child_in_order(sectpr, "w:pgNumType", _successors(_SECTPR_ORDER, "w:pgNumType"))
    element.set(qn("w:start"), str(start))


def group_header_footer_references(sectpr) -> None:
    """Header references first, then footer references, at the head of a sectPr (the order Word
    writes; the schema allows any order within the group, _SECTPR_ORDER keeps Word's)."""
    references = [child for child in sectpr if child.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    references.sort(key=lambda child: child.tag != qn("w:headerReference"))
    for index, child in enumerate(references):
        sectpr.insert(index, child)


def text_width_twips(sectpr) -> int:
    """Page width minus left and right margins, from a sectPr."""
    pgsz = sectpr.find(qn("w:pgSz"))
    pgmar = sectpr.find(qn("w:pgMar"))
    return int(pgsz.get(qn("w:w"))) - int(pgmar.get(qn("w:left"))) - int(pgmar.get(qn("w:right")))


# --- reading back --------------------------------------------------------------------


def paragraph_lines(p) -> list[str]:
    """The text lines of a w:p: w:t text, split at w:br and w:cr, tabs as spaces."""
    lines = [""]
    for element in p.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
        if element.tag == qn("w:t"):
            lines[-1] += element.text or ""
        elif element.tag == qn("w:tab"):
            if element.getparent().tag == qn("w:r"):
                lines[-1] += " "
        else:
            lines.append("")
    return lines


def style_of(p) -> str | None:
    element = p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}pStyle")
    return None if element is None else element.get(qn("w:val"))


def iter_paragraphs_with_style(root, style_ids: set[str]) -> Iterator:
    for p in root.iter(qn("w:p")):
        if style_of(p) in style_ids:
            yield p


# --- packaging -----------------------------------------------------------------------

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    """Re-pack a .docx with fixed timestamps and permissions: same content, same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def parse(xml: bytes | str):
    return etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
