"""A .docx (.docm, .dotx, .dotm) package as a :class:`SourceDocument`, walked over the raw XML.

Reading order: body paragraphs, tables (rows, cells, nested tables), content controls, and
text boxes (emitted right after the paragraph that anchors them; of an
``mc:AlternateContent`` only one branch is read). Field instructions are not text, field
results are (a result may span paragraphs; an instruction still open at the end of its
paragraph is dropped, so a field missing its "end" cannot hide the rest of the document);
deleted revisions are skipped, insertions kept; hidden (vanish) runs are
skipped. Headers and footers are read only for page numbers (PAGE fields) into each
section's :class:`PageSetup`. Every part is parsed by :mod:`desktop.core.check.package`'s
hardened parser, never by python-docx.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from lxml import etree

from desktop.core.check.blocks import Block, Location, PageSetup, ParaFormat, RunFormat, SourceDocument
from desktop.core.check.package import Package, unreadable
from desktop.core.check.placement import Box, PageFrame, ShapeLine, attach, paragraph_height_cm
from desktop.core.check.styles import (
    A_NS,
    FONT_SLOTS,
    Numbering,
    Props,
    StyleSheet,
    ThemeFonts,
    cell_conditions,
    cell_margin_twips,
    first_child,
    local,
    on_off,
    para_format,
    para_props,
    run_props,
    table_look,
    to_int,
    w,
)
from desktop.core.i18n import tr
from desktop.core.records import field, fields, record, replace

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WPG_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"

EMU_PER_CM = 360000
PT_PER_CM = 72 / 2.54
TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_CM = TWIPS_PER_MM * 10
WORD_CELL_MARGIN_TWIPS = 108
"""Word's left/right cell margin when neither the cell, the table nor its style sets one (0.19 cm)."""
LINE_MAX_THICKNESS_EMU = 18000
"""A drawn rectangle thinner than 0.5 mm is a line."""
LINE_MIN_LENGTH_CM = 0.5
TEXT_WIDTH_CM = 16.0
"""Text width of an A4 page with 30/15 mm margins: the length of a VML ``o:hr`` given in percent."""
MCE_UNDERSTOOD = {"wps", "wpg", "wpc", "wp14", "w14", "w15", "v", "o", "a", "pic", "m", "w10"}
"""mc:Choice ``Requires`` prefixes this reader understands; otherwise mc:Fallback is read."""
MACRO_PARTS = ("word/vbaProject.bin",)
_PAGE_FIELD = re.compile(r"(?<![A-Za-z])PAGE(?![A-Za-z])")
_LINE_GEOMETRIES = {"line", "straightConnector1"}
_FLOATING = (f"{{{WP_NS}}}anchor", f"{{{V_NS}}}line", f"{{{V_NS}}}shape", f"{{{V_NS}}}rect")
_WRAPPERS = {"customXml", "smartTag", "hyperlink", "ins", "moveTo", "fldSimple", "dir", "bdo"}
_SKIPPED = {"del", "moveFrom"}
T = TypeVar("T")
_PPR, _RPR, _PSTYLE, _RSTYLE, _VAL, _SECT_PR = w("pPr"), w("rPr"), w("pStyle"), w("rStyle"), w("val"), w("sectPr")


def namespace(el: etree._Element) -> str:
    return etree.QName(el).namespace or "" if isinstance(el.tag, str) else ""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def choose_branch(alternate: etree._Element) -> etree._Element | None:
    """The one branch of an mc:AlternateContent to read: the first understood Choice, else Fallback."""
    for child in alternate:
        if local(child) == "Choice":
            required = (child.get("Requires") or "").split()
            if required and all(prefix in MCE_UNDERSTOOD for prefix in required):
                return child
        elif local(child) == "Fallback":
            return child
    return None


def _length_pt(value: str | None) -> float | None:
    """A VML/CSS length ("12pt", "1.5in", "3cm", "20px", "450") in points."""
    if not value:
        return None
    match = re.fullmatch(r"\s*(-?[\d.]+)\s*(pt|in|cm|mm|px|pc|emu)?\s*", value)
    if not match:
        return None
    try:
        number = float(match.group(1))
    except ValueError:
        return None
    factor = {"in": 72.0, "cm": PT_PER_CM, "mm": PT_PER_CM / 10, "px": 0.75, "pc": 12.0,
              "emu": 72 / 914400}.get(match.group(2) or "pt", 1.0)
    return number * factor


def _style_map(style: str | None) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in (style or "").split(";") if ":" in item)
    return {key.strip().lower(): value.strip() for key, value in pairs}


@record
class Where:
    """The container a walk is in (becomes a block's Location)."""

    container: str = "body"
    table: int | None = None
    row: int | None = None
    col: int | None = None
    nested: bool = False
    table_style: str | None = None  # None outside tables; "" = the default table style
    cell_width_cm: float | None = None  # in a table: the innermost cell's width less its margins
    conditions: tuple[str, ...] = ()  # the table style's conditional formats the cell takes
    x_cm: tuple[float, float] | None = None  # an outer table cell's left and right edges, cm from the margin
    grid: bool = False  # in a table drawn with lines between its cells (a table of data in the text)


@record
class Inline:
    """What a paragraph's runs gave: text runs, text boxes to emit after it, drawn lines, breaks."""

    runs: list[tuple[str, Props, tuple | None]] = field(default_factory=list)  # text, props, sorted items
    textboxes: list[etree._Element] = field(default_factory=list)
    lines: list[ShapeLine] = field(default_factory=list)  # anchor -1: this paragraph's, set when it is emitted
    break_after: bool = False

    def add_line(self, length_cm: float | None, place: Placement | None) -> None:
        if length_cm is not None and length_cm >= LINE_MIN_LENGTH_CM:
            place = place or Placement()
            self.lines.append(ShapeLine(-1, round(length_cm, 2), place.v_rel, place.v_cm, place.h_rel, place.h_cm,
                                        place.h_align))


@record(frozen=True)
class Placement:
    """How a floating shape is positioned (None everywhere: inline, in the text's flow)."""

    v_rel: str | None = None
    v_cm: float | None = None
    h_rel: str | None = None
    h_cm: float | None = None
    h_align: str | None = None


@record
class HeaderInfo:
    """What a header or footer part says about page numbers."""

    has_page: bool = False
    align: str | None = None
    size: float | None = None


class DocxReader:
    """Walks one package; use :func:`read_docx`."""

    def __init__(self, package: Package) -> None:
        self.pkg = package
        self.path = package.path
        main = package.main_document()
        if main is None:
            raise unreadable("not_word", self.path)
        self.main = main
        self.rels = package.relationships(main)
        self.part_fonts: list[tuple[str, ...]] = []  # fonts of each part read, in reading order
        self.styles, self.numbering = self._style_sheet_and_numbering()
        self.blocks: list[Block] = []
        self.fields: list[str] = []  # open fields: "instr" until separate, then "result"
        self.pending_break = False
        self.section = 0
        self.section_breaks: list[bool] = []
        self.section_widths: list[float | None] = []  # text width of each section, cm
        self.tables = 0
        self._header_cache: dict[str, HeaderInfo] = {}
        self._run_cache: dict[tuple, tuple[Props, tuple]] = {}
        self._para_cache: dict[tuple, tuple[Props, ParaFormat]] = {}
        self.cursor_cm = 0.0  # where the next paragraph starts in the flow (see placement)
        self.boxes: dict[int, Box] = {}
        self.shape_lines: list[ShapeLine] = []
        self.placing = False

    def _related_part(self, type_suffix: str) -> str | None:
        """The first internal, present part related to the main document by a type ending so."""
        for rel_type, target, external in self.rels.values():
            if rel_type.endswith(type_suffix) and not external and self.pkg.has(target):
                return target
        return None

    def _derived(self, kind: str, part: str, build: Callable[[etree._Element], tuple[T, tuple[str, ...]]],
                 *depends: Hashable | None) -> tuple[T, tuple[str, ...]]:
        """``build(root)`` = (value, fonts of the part), shared with earlier packages holding the same
        bytes and the same ``depends`` (content keys of the parts it was resolved against); built
        afresh when one of those keys could not be had (None, see Package.member_key)."""
        if any(key is None for key in depends):
            return build(self.pkg.xml(part))
        return self.pkg.derived(kind, part, build, depends)

    def _content_key(self, part: str | None) -> Hashable | None:
        return self.pkg.member_key(part) if part else "absent"

    def _style_sheet_and_numbering(self) -> tuple[StyleSheet, Numbering]:
        """styles.xml, theme1.xml and numbering.xml, each parsed (or taken from the cache) once.

        Parts are read in the order styles, theme, numbering (the first broken one is the one
        reported) and their fonts listed in that order.
        """
        styles_part, theme_part = self._related_part("/styles"), self._related_part("/theme")
        numbering_part = self._related_part("/numbering")
        theme_key, styles_key = self._content_key(theme_part), self._content_key(styles_part)
        fonts: dict[str, tuple[str, ...]] = {}
        themes: list[ThemeFonts] = []

        def theme() -> ThemeFonts:
            if not themes:
                value = ThemeFonts()
                if theme_part:
                    value, fonts["theme"] = self._derived(
                        "theme", theme_part, lambda root: (ThemeFonts.from_xml(root), part_fonts(root)))
                themes.append(value)
            return themes[0]

        if styles_part:
            sheet, fonts["styles"] = self._derived(
                "styles", styles_part, lambda root: (StyleSheet(root, theme=theme()), part_fonts(root)), theme_key)
        else:
            sheet = StyleSheet(None, theme=theme())
        theme()  # read (its fonts listed, its size counted) even when the sheet came from the cache
        numbering = Numbering(None)
        if numbering_part:
            numbering, fonts["numbering"] = self._derived(
                "numbering", numbering_part, lambda root: (Numbering(root, sheet), part_fonts(root)),
                theme_key, styles_key)
        self.part_fonts.extend(fonts[kind] for kind in ("styles", "theme", "numbering") if kind in fonts)
        return sheet, numbering.fresh()

    # --- document --------------------------------------------------------------------------

    def read(self) -> SourceDocument:
        root = self.pkg.xml(self.main)
        body = root.find(w("body"))
        doc = SourceDocument(path=str(self.path), kind="docx")
        sect_prs = [] if body is None else [
            el for el in body.iter(w("sectPr")) if local(el.getparent()) in ("pPr", "body")]
        # The break between section i and i+1 is given by section i+1's w:type.
        self.section_breaks = [self._starts_new_page(el) for el in sect_prs[1:]]
        self.section_widths = [section_text_width_cm(el) for el in sect_prs]
        # the flow is estimated only when a line can float away from its anchor (placement)
        self.placing = body is not None and next(body.iter(*_FLOATING), None) is not None
        if body is not None:
            self.walk(body, Where())
        doc.sections = self._page_setups(sect_prs)
        self._attach_lines(doc.sections[0] if doc.sections else None)
        doc.blocks = self.blocks
        font_table = self._related_part("/fontTable")
        if font_table:
            self.part_fonts.append(self._derived("fonts", font_table, lambda table: (None, part_fonts(table)))[1])
        doc.fonts_used = merge_fonts([part_fonts(root), *self.part_fonts])
        if any(self.pkg.has(name) for name in MACRO_PARTS) or "macroEnabled" in self.pkg.content_type(self.main):
            doc.notes.append(tr("checkread.note_macros"))
        return doc

    def _attach_lines(self, page: PageSetup | None) -> None:
        """Give every drawn line to the text just above where it is drawn (placement.attach)."""
        if not self.shape_lines:
            return
        frame = PageFrame()
        if page is not None and None not in (page.top_mm, page.bottom_mm, page.left_mm, page.height_mm,
                                             page.width_mm, page.right_mm):
            frame = PageFrame(page.top_mm / 10, page.left_mm / 10, (page.height_mm - page.top_mm - page.bottom_mm) / 10,
                              (page.width_mm - page.left_mm - page.right_mm) / 10)
        held: dict[int, list[tuple[float, int | None]]] = {}
        for index, length, col in attach(self.shape_lines, self.boxes, frame):
            held.setdefault(index, []).append((length, col))
        for index, lines in held.items():
            self.blocks[index] = replace(self.blocks[index], drawn_line_cm=max(length for length, _ in lines),
                                         drawn_lines=tuple(lines))

    @staticmethod
    def _starts_new_page(sect_pr: etree._Element) -> bool:
        kind = sect_pr.find(w("type"))
        return kind is None or kind.get(w("val"), "nextPage") != "continuous"

    def walk(self, parent: etree._Element, where: Where) -> None:
        """Block-level content: paragraphs, tables, content controls (and their wrappers)."""
        for child in parent:
            tag = local(child)
            if tag == "p":
                self.paragraph(child, where)
            elif tag == "tbl":
                self.table(child, where)
            elif tag == "sdt":
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.walk(content, replace(where, container="sdt") if where.container == "body" else where)
            elif tag == "customXml":
                self.walk(child, where)
            elif tag == "AlternateContent":
                branch = choose_branch(child)
                if branch is not None:
                    self.walk(branch, where)

    def table(self, tbl: etree._Element, where: Where) -> None:
        style_el = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
        table_style = style_el.get(w("val"), "") if style_el is not None else ""
        nested = where.container == "table"
        if not nested:
            self.tables += 1
        grid = [to_int(col.get(w("w"))) or 0 for col in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
        table_margins = tbl.find(f"{w('tblPr')}/{w('tblCellMar')}")
        default_margins = tuple(
            next((m for m in (cell_margin_twips(table_margins, sides),
                              self.styles.table_cell_margin(table_style, sides)) if m is not None),
                 WORD_CELL_MARGIN_TWIPS)
            for sides in (("left", "start"), ("right", "end")))
        rows = [(tr_el, list(unwrap(tr_el, "tc"))) for tr_el in unwrap(tbl, "tr")]
        conditional = self._conditional_formats(tbl, table_style, [tr_el for tr_el, _ in rows])
        grid_lines = not nested and len(rows) > 1 and drawn_grid(tbl, self.styles.table_borders(table_style))
        origin = where.x_cm[0] if where.x_cm else 0.0
        for r, (tr_el, cells) in enumerate(rows, start=1):
            before = tr_el.find(f"{w('trPr')}/{w('gridBefore')}")
            grid_col = max(0, to_int(before.get(w("val"))) or 0) if before is not None else 0
            row_top, row_bottom = self.cursor_cm, self.cursor_cm + _row_height_cm(tr_el)
            for c, tc in enumerate(cells, start=1):
                left = origin + sum(grid[:grid_col]) / TWIPS_PER_CM
                width, grid_col = cell_width_cm(tc, grid, grid_col, default_margins)
                x_cm = (left, origin + sum(grid[:grid_col]) / TWIPS_PER_CM) if grid_col <= len(grid) else None
                conditions = conditional(r - 1, c - 1, len(cells)) if conditional else ()
                if nested:
                    cell = replace(where, nested=True, table_style=table_style, cell_width_cm=width,
                                   conditions=conditions)
                else:
                    cell = Where("table", self.tables, r, c, False, table_style, width, conditions, x_cm,
                                 grid=grid_lines)
                self.cursor_cm = row_top
                first_block = len(self.blocks)
                self.walk(tc, cell)
                if len(self.blocks) > first_block and _bottom_border_drawn(tc):
                    self._border_under_cell(first_block, cell)
                row_bottom = max(row_bottom, self.cursor_cm)
            self.cursor_cm = row_bottom

    def _border_under_cell(self, first_block: int, cell: Where) -> None:
        """A rule drawn as the cell's own bottom border (a clerk selects the agency's cell and gives
        it a bottom border) lies under the cell's last paragraph: read as that paragraph's border."""
        index = max((i for i in range(first_block, len(self.blocks))
                     if self.blocks[i].location.table == cell.table and self.blocks[i].location.row == cell.row
                     and self.blocks[i].location.col == cell.col), default=None)
        if index is not None:
            block = self.blocks[index]
            self.blocks[index] = replace(block, para=replace(block.para, border_bottom=True))

    def _conditional_formats(self, tbl: etree._Element, table_style: str,
                             rows: list[etree._Element]) -> Callable[[int, int, int], tuple[str, ...]] | None:
        """Which of the table style's conditional formats a cell takes, as a function of
        (row, column, cells in the row) from 0; None when the style defines none."""
        defined = self.styles.table_conditions(table_style)
        if not defined:
            return None
        look = table_look(first_child(tbl, w("tblPr")))
        header_rows = 0
        if "firstRow" in look:
            header_rows = 1
            while header_rows < len(rows) and _repeats_as_header(rows[header_rows]):
                header_rows += 1
        band_sizes = self.styles.table_band_sizes(table_style)
        return lambda row, col, cols: cell_conditions(look, row=row, rows=len(rows), header_rows=header_rows,
                                                      col=col, cols=cols, band_sizes=band_sizes, defined=defined)

    # --- paragraphs and runs ---------------------------------------------------------------

    def paragraph(self, p: etree._Element, where: Where) -> None:
        ppr = first_child(p, _PPR)
        direct = para_props(ppr)
        style_el = first_child(ppr, _PSTYLE) if ppr is not None else None
        para_style = style_el.get(_VAL) if style_el is not None else None
        props, para = self._para_props(direct, where, para_style)
        num_id, ilvl = props.get("numId"), int(props.get("ilvl") or 0)
        level = self.numbering.level(num_id if isinstance(num_id, str) else None, ilvl)
        if level is not None:
            props = self.styles.para_props(direct, table_style=where.table_style, para_style=para_style,
                                           numbering=level.ppr, conditions=where.conditions)
            para = para_format(props, self.styles.style_name(para_style))
        inline = Inline()
        self.inline(p, inline, where, para_style)
        label = self.numbering.next_label(num_id, ilvl) if level is not None else None
        if label:
            mark = run_props(ppr.find(w("rPr")) if ppr is not None else None)
            label_props = self.styles.run_props(mark, table_style=where.table_style, para_style=para_style,
                                                char_style=None, extra=level.rpr, conditions=where.conditions)
            inline.runs.insert(0, (label, label_props, None))
        run_format = self.styles.run_format
        runs = merge_runs(run_format(nfc(text), run_props_, items) for text, run_props_, items in inline.runs)
        index = len(self.blocks)
        text = nfc("".join(run.text for run in runs))
        block = Block(
            index=index,
            text=text,
            runs=runs,
            para=para,
            location=Location(container=where.container, paragraph=index + 1, table=where.table, row=where.row,
                              col=where.col, nested=where.nested, grid=where.grid,
                              cell_cm=where.x_cm if where.grid else None),
            page_break_before=self.pending_break or bool(props.get("pageBreakBefore")),
            section=self.section,
            container_width_cm=self._container_width(where),
        )
        self.blocks.append(block)
        self._place(block, where, ppr, para_style)
        self.shape_lines.extend(replace(line, anchor=index) for line in inline.lines)
        self.pending_break = inline.break_after
        while self.fields and self.fields[-1] == "instr":
            self.fields.pop()  # an instruction never spans paragraphs here: a broken field cannot hide the rest
        if ppr is not None and first_child(ppr, _SECT_PR) is not None:
            if self.section < len(self.section_breaks):
                self.pending_break = self.pending_break or self.section_breaks[self.section]
            self.section += 1
        saved_fields, self.fields = self.fields, []
        saved_cursor, saved_placing = self.cursor_cm, self.placing
        self.placing = False  # a text box's paragraphs (and its tables) float: they have no place in the flow
        for content in inline.textboxes:
            self.walk(content, Where("textbox"))
        self.fields, self.cursor_cm, self.placing = saved_fields, saved_cursor, saved_placing

    def _place(self, block: Block, where: Where, ppr: etree._Element | None, para_style: str | None) -> None:
        """Record the paragraph's estimated place in the flow (placement.Box) and move the cursor."""
        if where.container == "textbox" or not self.placing:
            return
        sizes = [run.size for run in block.runs if run.text.strip() and run.size]
        if sizes:
            size = max(sizes)
        else:
            mark = run_props(ppr.find(w("rPr")) if ppr is not None else None)
            size_half = self.styles.run_props(mark, table_style=where.table_style, para_style=para_style,
                                              char_style=None, conditions=where.conditions).get("sz")
            size = size_half / 2 if isinstance(size_half, int) else 10.0
        para = block.para
        width = block.container_width_cm
        if width is not None:
            width -= (para.left_indent_cm or 0.0) + (para.right_indent_cm or 0.0)
        bold = any(run.bold for run in block.runs if run.text.strip())
        height, first = paragraph_height_cm(block.text.split("\n"), size, bold=bold, width_cm=width,
                                            line_rule=para.line_rule, line_value=para.line_value,
                                            before_pt=para.space_before_pt, after_pt=para.space_after_pt)
        if where.container == "table":
            left, right = where.x_cm or (0.0, where.cell_width_cm or 0.0)
            stream: tuple = ("table", where.table, where.col)
        else:
            left, right = 0.0, width or self._container_width(where) or 16.0
            stream = ("body",)
        has_text = bool(block.text.strip())
        tabbed = has_text and len([cell for cell in block.text.split("\t") if cell.strip()]) > 1
        self.boxes[block.index] = Box(self.cursor_cm, height, first, left, right, stream, has_text, tabbed)
        self.cursor_cm += height

    def _container_width(self, where: Where) -> float | None:
        """The cell's inner width in a table, the section's text width in the body, else unknown."""
        if where.container == "table":
            return where.cell_width_cm
        if where.container in ("body", "sdt") and self.section < len(self.section_widths):
            return self.section_widths[self.section]
        return None

    def inline(self, parent: etree._Element, out: Inline, where: Where, para_style: str | None) -> None:
        for child in parent:
            tag = local(child)
            if tag == "r":
                self.run(child, out, where, para_style)
            elif tag in _WRAPPERS:
                self.inline(child, out, where, para_style)
            elif tag == "sdt":
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.inline(content, out, where, para_style)
            elif tag == "AlternateContent":
                branch = choose_branch(child)
                if branch is not None:
                    self.inline(branch, out, where, para_style)

    def run(self, r: etree._Element, out: Inline, where: Where, para_style: str | None) -> None:
        rpr = first_child(r, _RPR)
        char_el = first_child(rpr, _RSTYLE) if rpr is not None else None
        props, items = self._run_props(run_props(rpr), where, para_style,
                                       char_el.get(_VAL) if char_el is not None else None)
        hidden = bool(props.get("vanish"))
        parts: list[str] = []
        for child in r:
            tag = local(child)
            if tag == "fldChar":
                self._field_char(child.get(w("fldCharType")))
            elif tag in ("drawing", "pict", "object", "AlternateContent"):
                self.shapes(child, out, None, None)
            elif tag == "br" and child.get(w("type")) == "page":
                out.break_after = True
            elif hidden or "instr" in self.fields:
                continue
            else:
                parts.append(run_child_text(child, tag))
        text = "".join(parts)
        if text:
            out.runs.append((text, props, items))

    def _run_props(self, direct: Props, where: Where, para_style: str | None,
                   char_style: str | None) -> tuple[Props, tuple]:
        """Effective run properties and their sorted items, resolved once per distinct run formatting."""
        key = (where.table_style, where.conditions, para_style, char_style, tuple(direct.items()))
        hit = self._run_cache.get(key)
        if hit is None:
            props = self.styles.run_props(direct, table_style=where.table_style, para_style=para_style,
                                          char_style=char_style, conditions=where.conditions)
            hit = self._run_cache[key] = (props, tuple(sorted(props.items())))
        return hit

    def _para_props(self, direct: Props, where: Where, para_style: str | None) -> tuple[Props, ParaFormat]:
        """Effective paragraph properties (numbering aside) and their ParaFormat, once per distinct pPr."""
        key = (where.table_style, where.conditions, para_style, tuple(direct.items()))
        hit = self._para_cache.get(key)
        if hit is None:
            props = self.styles.para_props(direct, table_style=where.table_style, para_style=para_style,
                                           conditions=where.conditions)
            hit = self._para_cache[key] = (props, para_format(props, self.styles.style_name(para_style)))
        return hit

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append("instr")
        elif kind == "separate" and self.fields:
            self.fields[-1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()

    # --- shapes: text boxes and drawn lines ------------------------------------------------

    def shapes(self, node: etree._Element, out: Inline, extent_cx: int | None, place: Placement | None) -> None:
        """Find text boxes and horizontal lines in a drawing/pict subtree (one mc branch only)."""
        tag, ns = local(node), namespace(node)
        if tag == "AlternateContent":
            branch = choose_branch(node)
            if branch is not None:
                self.shapes(branch, out, extent_cx, place)
            return
        if tag == "txbxContent":
            out.textboxes.append(node)
            return
        if ns == WP_NS and tag in ("anchor", "inline"):
            extent = node.find(f"{{{WP_NS}}}extent")
            extent_cx = to_int(extent.get("cx")) if extent is not None else None
            place = dml_placement(node) if tag == "anchor" else None
        elif ns == WPS_NS and tag == "wsp":
            out.add_line(dml_line_cm(node, extent_cx), place)
        elif ns == V_NS and tag in ("line", "shape", "rect"):
            out.add_line(vml_line_cm(node), vml_placement(node))
        if ns == WPG_NS and tag == "wgp":
            extent_cx = None  # shapes inside a group carry their own size
        for child in node:
            self.shapes(child, out, extent_cx, place)

    # --- sections, headers and footers -----------------------------------------------------

    def _page_setups(self, sect_prs: list[etree._Element]) -> list[PageSetup]:
        setups: list[PageSetup] = []
        inherited: dict[tuple[str, str], str] = {}
        for sect in sect_prs or [None]:
            refs = dict(inherited)
            if sect is not None:
                for kind in ("header", "footer"):
                    for ref in sect.iter(w(f"{kind}Reference")):
                        rel = self.rels.get(ref.get(f"{{{R_NS}}}id", ""))
                        if rel and not rel[2]:
                            refs[(kind, ref.get(w("type"), "default"))] = rel[1]
            inherited = refs
            setups.append(self._page_setup(sect, refs))
        return setups

    def _page_setup(self, sect: etree._Element | None, refs: dict[tuple[str, str], str]) -> PageSetup:
        def attr_mm(el: etree._Element | None, *names: str) -> float | None:
            for name in names:
                value = to_int(el.get(w(name))) if el is not None else None
                if value is not None:
                    return round(abs(value) / TWIPS_PER_MM, 1)
            return None

        size = sect.find(w("pgSz")) if sect is not None else None
        margins = sect.find(w("pgMar")) if sect is not None else None
        title = sect.find(w("titlePg")) if sect is not None else None
        title_page = title is not None and (title.get(w("val")) or "1").lower() not in ("0", "false", "off")
        info = {key: self._header_info(part) for key, part in refs.items()}
        empty = HeaderInfo()
        first_kind = "first" if title_page else "default"
        holders = [info.get(key, empty) for key in (("header", "default"), ("footer", "default"),
                                                   ("header", "first"), ("footer", "first"),
                                                   ("header", "even"), ("footer", "even"))]
        shown = next((h for h in holders if h.has_page), empty)
        width, height = attr_mm(size, "w"), attr_mm(size, "h")
        orient = size.get(w("orient")) if size is not None else None
        numbering = sect.find(w("pgNumType")) if sect is not None else None
        return PageSetup(
            width_mm=width, height_mm=height,
            top_mm=attr_mm(margins, "top"), bottom_mm=attr_mm(margins, "bottom"),
            left_mm=attr_mm(margins, "left", "start"), right_mm=attr_mm(margins, "right", "end"),
            landscape=orient == "landscape" or (width is not None and height is not None and width > height),
            title_page=title_page,
            page_number_in_header=info.get(("header", "default"), empty).has_page,
            page_number_in_footer=info.get(("footer", "default"), empty).has_page,
            page_number_on_first_page=info.get(("header", first_kind), empty).has_page
            or info.get(("footer", first_kind), empty).has_page,
            page_number_align=shown.align, page_number_size=shown.size,
            page_start=to_int(numbering.get(w("start"))) if numbering is not None else None,
        )

    def _header_info(self, part: str) -> HeaderInfo:
        if part in self._header_cache:
            return self._header_cache[part]
        info = HeaderInfo()
        root = self.pkg.xml_or_none(part)
        if root is not None:
            self.part_fonts.append(part_fonts(root))
            info = page_field_info(root, self.styles) or info
        self._header_cache[part] = info
        return info


def page_field_info(root: etree._Element, styles: StyleSheet) -> HeaderInfo | None:
    """The first PAGE field of a header/footer part: its paragraph's alignment and its size."""
    candidates: list[tuple[etree._Element, etree._Element | None]] = []
    for simple in root.iter(w("fldSimple")):
        if _PAGE_FIELD.search(simple.get(w("instr"), "")):
            candidates.append((simple, simple.find(w("r"))))
    for paragraph in root.iter(w("p")):
        instr = "".join(el.text or "" for el in paragraph.iter(w("instrText")) if nearest_paragraph(el) is paragraph)
        if _PAGE_FIELD.search(instr):
            first = next(el for el in paragraph.iter(w("instrText")) if nearest_paragraph(el) is paragraph)
            candidates.append((first, first.getparent()))
    if not candidates:
        return None
    anchor, run = candidates[0]
    paragraph = nearest_paragraph(anchor)
    ppr = paragraph.find(w("pPr")) if paragraph is not None else None
    style_el = ppr.find(w("pStyle")) if ppr is not None else None
    para_style = style_el.get(w("val")) if style_el is not None else None
    props = styles.para_props(para_props(ppr), table_style=None, para_style=para_style)
    rpr = run.find(w("rPr")) if run is not None else (ppr.find(w("rPr")) if ppr is not None else None)
    char_el = rpr.find(w("rStyle")) if rpr is not None else None
    rprops = styles.run_props(run_props(rpr), table_style=None, para_style=para_style,
                              char_style=char_el.get(w("val")) if char_el is not None else None)
    size = rprops.get("sz")
    return HeaderInfo(True, str(props.get("align", "left")), size / 2 if isinstance(size, int) else 10.0)


def nearest_paragraph(el: etree._Element) -> etree._Element | None:
    node = el.getparent()
    while node is not None and local(node) != "p":
        node = node.getparent()
    return node


def run_child_text(child: etree._Element, tag: str) -> str:
    """The visible text of one run child (t, tab, br, sym …); "" for anything else."""
    if tag == "t":
        return child.text or ""
    if tag in ("tab", "ptab"):
        return "\t"
    if tag in ("br", "cr"):
        return "\n"
    if tag == "noBreakHyphen":
        return "-"
    if tag == "sym":
        code = to_int_hex(child.get(w("char")))
        if code is None:
            return ""
        if 0xF000 <= code <= 0xF0FF:  # symbol fonts map their glyphs into the private-use area
            code -= 0xF000
        return chr(code) if chr(code).isprintable() else ""
    return ""


def to_int_hex(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None


def section_text_width_cm(sect: etree._Element) -> float | None:
    """Page width less the left and right margins (and gutter); None with several text columns."""
    size, margins, cols = sect.find(w("pgSz")), sect.find(w("pgMar")), sect.find(w("cols"))
    if size is None or margins is None or (cols is not None and (to_int(cols.get(w("num"))) or 1) > 1):
        return None
    page = to_int(size.get(w("w")))
    left = next((v for v in (to_int(margins.get(w(n))) for n in ("left", "start")) if v is not None), None)
    right = next((v for v in (to_int(margins.get(w(n))) for n in ("right", "end")) if v is not None), None)
    if page is None or left is None or right is None:
        return None
    width = page - abs(left) - abs(right) - abs(to_int(margins.get(w("gutter"))) or 0)
    return round(width / TWIPS_PER_CM, 3) if width > 0 else None


def _bottom_border_drawn(tc: etree._Element) -> bool:
    """The cell's own properties draw a bottom border (not 'nil'/'none', not zero width)."""
    bottom = tc.find(f"{w('tcPr')}/{w('tcBorders')}/{w('bottom')}")
    if bottom is None or bottom.get(w("val"), "nil") in ("nil", "none"):
        return False
    return (to_int(bottom.get(w("sz"))) or 2) > 0


def cell_width_cm(tc: etree._Element, grid: list[int], grid_col: int,
                  default_margins: tuple[int, int]) -> tuple[float | None, int]:
    """(inner width of a cell in cm, the grid column after it): the tblGrid columns it spans
    (gridSpan), else its tcW when in twips, less its left/right margins (tcMar, else the table's)."""
    tcpr = tc.find(w("tcPr"))
    span_el = tcpr.find(w("gridSpan")) if tcpr is not None else None
    span = max(1, to_int(span_el.get(w("val"))) or 1) if span_el is not None else 1
    spanned = grid[grid_col:grid_col + span]
    if len(spanned) == span and all(col > 0 for col in spanned):
        width: int | None = sum(spanned)
    else:
        tcw = tcpr.find(w("tcW")) if tcpr is not None else None
        width = to_int(tcw.get(w("w"))) if tcw is not None and tcw.get(w("type")) == "dxa" else None
    if not width or width <= 0:
        return None, grid_col + span
    cell_margins = tcpr.find(w("tcMar")) if tcpr is not None else None
    margins = [cell_margin_twips(cell_margins, sides) for sides in (("left", "start"), ("right", "end"))]
    inner = width - sum(m if m is not None else d for m, d in zip(margins, default_margins, strict=True))
    return (round(inner / TWIPS_PER_CM, 3) if inner > 0 else None), grid_col + span


def _row_height_cm(tr_el: etree._Element) -> float:
    """A row's stated height (trHeight, at least or exact), 0 when it has none."""
    height = tr_el.find(f"{w('trPr')}/{w('trHeight')}")
    value = to_int(height.get(w("val"))) if height is not None else None
    return value / TWIPS_PER_CM if value and value > 0 else 0.0


def dml_placement(anchor: etree._Element) -> Placement:
    """A wp:anchor's positionH/positionV: what each is relative to, and its offset (cm) or alignment."""
    def axis(name: str) -> tuple[str | None, float | None, str | None]:
        el = anchor.find(f"{{{WP_NS}}}{name}")
        if el is None:
            return None, None, None
        offset, align = el.find(f"{{{WP_NS}}}posOffset"), el.find(f"{{{WP_NS}}}align")
        emu = to_int((offset.text or "").strip()) if offset is not None else None
        return (el.get("relativeFrom"), emu / EMU_PER_CM if emu is not None else None,
                (align.text or "").strip() if align is not None else None)

    v_rel, v_cm, _ = axis("positionV")
    h_rel, h_cm, h_align = axis("positionH")
    return Placement(v_rel or "paragraph", v_cm if v_cm is not None else 0.0, h_rel, h_cm, h_align)


_VML_RELATIVE = {"text": "paragraph", "line": "line", "page": "page", "margin": "margin", "char": "character",
                 "top-margin-area": "topMargin", "left-margin-area": "leftMargin"}


def vml_placement(shape: etree._Element) -> Placement | None:
    """A floating VML shape's position (style margin-left/top and from/to of a v:line); None inline."""
    style = _style_map(shape.get("style"))
    if style.get("position") != "absolute":
        return None
    top = _length_pt(style.get("margin-top") or style.get("top")) or 0.0
    left = _length_pt(style.get("margin-left") or style.get("left")) or 0.0
    if local(shape) == "line":
        start = [_length_pt(v) for v in (shape.get("from") or "0,0").split(",")]
        if len(start) == 2 and None not in start:
            left, top = left + start[0], top + start[1]
    v_rel = _VML_RELATIVE.get(style.get("mso-position-vertical-relative", "text"), "paragraph")
    h_rel = _VML_RELATIVE.get(style.get("mso-position-horizontal-relative", "text"), "column")
    return Placement(v_rel, top / PT_PER_CM, h_rel, left / PT_PER_CM, None)


_NO_LINE = ("nil", "none")


def drawn_grid(tbl: etree._Element, style_borders: etree._Element | None) -> bool:
    """Whether a table draws lines between its cells (tblBorders insideH/insideV, its own or its style's,
    or most cells bordered): a table of data, never a layout table (header, signature)."""
    borders = tbl.find(f"{w('tblPr')}/{w('tblBorders')}")
    for source in (borders, style_borders):
        if source is None:
            continue
        inside = [first_child(source, w(edge)) for edge in ("insideH", "insideV")]
        if any(edge is not None for edge in inside):
            return any(edge is not None and edge.get(w("val"), "nil") not in _NO_LINE for edge in inside)
    cells = [tc for tr in unwrap(tbl, "tr") for tc in unwrap(tr, "tc")]
    bordered = [tc for tc in cells if any(edge.get(w("val"), "nil") not in _NO_LINE
                                          for edge in tc.iterfind(f"{w('tcPr')}/{w('tcBorders')}/*"))]
    return len(cells) > 2 and len(bordered) * 2 > len(cells)


def _repeats_as_header(tr_el: etree._Element) -> bool:
    """A row marked to repeat as a header row (trPr/tblHeader on)."""
    tr_pr = first_child(tr_el, w("trPr"))
    header = first_child(tr_pr, w("tblHeader")) if tr_pr is not None else None
    return header is not None and on_off(header)


def unwrap(parent: etree._Element, tag: str):
    """Children named ``tag``, looking through content controls, custom XML and mc branches."""
    for child in parent:
        name = local(child)
        if name == tag:
            yield child
        elif name == "sdt":
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from unwrap(content, tag)
        elif name == "customXml":
            yield from unwrap(child, tag)
        elif name == "AlternateContent":
            branch = choose_branch(child)
            if branch is not None:
                yield from unwrap(branch, tag)


_LOOKS = attrgetter(*(f.name for f in fields(RunFormat) if f.name != "text"))
"""Everything of a RunFormat but its text: runs alike in this are merged."""


def merge_runs(runs) -> tuple[RunFormat, ...]:
    """Adjacent runs with the same formatting joined into one."""
    merged: list[RunFormat] = []
    previous = None
    for run in runs:
        looks = _LOOKS(run)
        if merged and looks == previous:
            merged[-1] = replace(merged[-1], text=merged[-1].text + run.text)
        else:
            merged.append(run)
            previous = looks
    return tuple(merged)


def dml_line_cm(wsp: etree._Element, extent_cx: int | None) -> float | None:
    """Length of a DrawingML shape that is a horizontal line (line/connector, or a hairline rect)."""
    sppr = wsp.find(f"{{{WPS_NS}}}spPr")
    if sppr is None:
        return None
    geom = sppr.find(f"{{{A_NS}}}prstGeom")
    ext = sppr.find(f"{{{A_NS}}}xfrm/{{{A_NS}}}ext")
    cx = extent_cx if extent_cx is not None else (to_int(ext.get("cx")) if ext is not None else None)
    cy = to_int(ext.get("cy")) if ext is not None else 0
    if cx is None or geom is None:
        return None
    prst = geom.get("prst", "")
    is_line = prst in _LINE_GEOMETRIES and cx >= (cy or 0)
    is_hairline = prst == "rect" and (cy or 0) <= LINE_MAX_THICKNESS_EMU
    return cx / EMU_PER_CM if is_line or is_hairline else None


def vml_line_cm(shape: etree._Element) -> float | None:
    """Length of a VML horizontal line: v:line from/to, a hairline v:rect/v:shape, or an o:hr rule."""
    tag = local(shape)
    if tag == "line":
        start = [_length_pt(v) for v in (shape.get("from") or "0,0").split(",")]
        end = [_length_pt(v) for v in (shape.get("to") or "0,0").split(",")]
        if len(start) == 2 and len(end) == 2 and None not in start and None not in end:
            dx, dy = abs(end[0] - start[0]), abs(end[1] - start[1])
            return dx / PT_PER_CM if dx >= dy else None
        return None
    style = _style_map(shape.get("style"))
    width, height = _length_pt(style.get("width")), _length_pt(style.get("height"))
    if shape.get(f"{{{O_NS}}}hr") in ("t", "true"):
        if width:
            return width / PT_PER_CM
        pct = to_int(shape.get(f"{{{O_NS}}}hrpct"))
        return TEXT_WIDTH_CM * (pct or 1000) / 1000
    if width and height is not None and height <= LINE_MAX_THICKNESS_EMU * 72 / 914400 and width > height:
        return width / PT_PER_CM
    return None


_FONT_SCRIPTS = ("latin", "ea", "cs")
_RFONTS, _FONT, _SYM, _W_NAME, _W_FONT = w("rFonts"), w("font"), w("sym"), w("name"), w("font")
_FONT_SLOT_ATTRS = tuple(w(slot) for slot in FONT_SLOTS)
_THEME_GROUPS = tuple(f"{{{A_NS}}}{group}" for group in ("majorFont", "minorFont"))
_THEME_SCRIPTS = tuple(f"{{{A_NS}}}{script}" for script in _FONT_SCRIPTS)


def part_fonts(root: etree._Element) -> tuple[str, ...]:
    """Every font name one part mentions, in :func:`collect_fonts` order, from two passes over it.

    Order: rFonts slots, fontTable names, w:sym fonts (each in document order), the theme's
    major then minor latin/ea/cs typefaces, then every other a:latin, a:ea, a:cs typeface
    (by script, "+mn-lt"-style references left out).
    """
    rfonts: list[str] = []
    table: list[str] = []
    symbols: list[str] = []
    for el in root.iter(_RFONTS, _FONT, _SYM):
        tag = el.tag
        if tag == _RFONTS:
            rfonts.extend(name for name in map(el.get, _FONT_SLOT_ATTRS) if name)
        elif tag == _FONT:
            name = el.get(_W_NAME)
            if name:
                table.append(name)
        else:
            name = el.get(_W_FONT)
            if name:
                symbols.append(name)
    groups: dict[str, list[etree._Element]] = {tag: [] for tag in _THEME_GROUPS}
    scripts: dict[str, list[str]] = {tag: [] for tag in _THEME_SCRIPTS}
    for el in root.iter(*_THEME_GROUPS, *_THEME_SCRIPTS):
        if el.tag in groups:
            groups[el.tag].append(el)
        else:
            face = el.get("typeface") or ""
            if face and not face.startswith("+"):
                scripts[el.tag].append(face)
    theme = [face for fonts in groups.values() for font in fonts for script in _THEME_SCRIPTS
             if (face := _typeface(font.find(script)))]
    names = [*rfonts, *table, *symbols, *theme, *(face for faces in scripts.values() for face in faces)]
    return tuple(dict.fromkeys(names))


def _typeface(el: etree._Element | None) -> str | None:
    return el.get("typeface") or None if el is not None else None


def collect_fonts(roots: list[etree._Element]) -> tuple[str, ...]:
    """Every font name the parts mention: rFonts slots, fontTable, w:sym, theme typefaces."""
    return merge_fonts(part_fonts(root) for root in roots)


def merge_fonts(per_part) -> tuple[str, ...]:
    """The font names of several parts, in order, each once."""
    return tuple(dict.fromkeys(name for names in per_part for name in names))


def read_docx(path: Path | str) -> SourceDocument:
    """Read a Word package (already known to be a zip) into a SourceDocument."""
    with Package(path) as package:
        return DocxReader(package).read()
