"""What the readers produce and the detector consumes: a document as a flat list of blocks.

A :class:`SourceDocument` is any input (a .docx, a .txt/.md seed, a .doc converted by
LibreOffice) reduced to paragraphs in reading order, wherever they stood (body, table cell,
text box, content control, header/footer), each with its *effective* formatting already
resolved through styles, defaults and theme (``None`` where the input cannot say, e.g. plain
text). Nothing here knows about notices; the detector gives the blocks their meaning.
"""

from __future__ import annotations

from desktop.core.records import field, record


@record(frozen=True)
class RunFormat:
    """One run of text with its effective formatting (None: unknown, e.g. plain text)."""

    text: str
    font: str | None = None  # effective font for the characters (ascii/hAnsi slot)
    fonts: tuple[str, ...] = ()  # every font name the run can use (all four slots), for TCVN3/VNI detection
    size: float | None = None  # points
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    caps: bool | None = None  # w:caps: shown in capitals whatever the typed case


@record(frozen=True)
class ParaFormat:
    """Effective paragraph formatting (None: unknown)."""

    style: str | None = None  # style name, e.g. "Normal", "VB Body"
    align: str | None = None  # "left" | "center" | "right" | "justify"
    first_line_indent_cm: float | None = None  # negative for a hanging indent
    left_indent_cm: float | None = None
    right_indent_cm: float | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    line_rule: str | None = None  # "auto" (value in lines) | "exact" | "atLeast" (value in pt)
    line_value: float | None = None
    border_top: bool = False
    border_bottom: bool = False
    tab_stops: tuple[tuple[str, float], ...] = ()  # (kind "left"|"center"|"right"|"decimal", cm), in order


@record(frozen=True)
class Location:
    """Where a block stands, to tell the clerk: 'đoạn 12', 'bảng 1, hàng 1, cột 2', 'dòng 5'."""

    container: str = "body"  # "body" | "table" | "textbox" | "sdt" | "header" | "footer" | "line"
    paragraph: int = 0  # 1-based number of the paragraph in the document's reading order
    table: int | None = None  # 1-based
    row: int | None = None  # 1-based
    col: int | None = None  # 1-based
    line: int | None = None  # 1-based line of a text file
    nested: bool = False  # inside a table within a table
    grid: bool = False  # a table drawn with lines between its cells: a table of data, not one for layout
    cell_cm: tuple[float, float] | None = None  # in such a table: the cell's left and right edges (cm)

    def describe(self) -> str:
        from desktop.core.i18n import tr

        if self.container == "line":
            return tr("where.line", line=self.line)
        if self.container == "table":
            return tr("where.table_cell", table=self.table, row=self.row, col=self.col, paragraph=self.paragraph)
        if self.container in ("textbox", "sdt", "header", "footer"):
            return tr(f"where.{self.container}", paragraph=self.paragraph)
        return tr("where.paragraph", paragraph=self.paragraph)


@record(frozen=True)
class Block:
    """One paragraph of the input, in reading order."""

    index: int  # 0-based position in SourceDocument.blocks
    text: str  # NFC; tabs kept; soft line breaks as "\n"
    runs: tuple[RunFormat, ...]
    para: ParaFormat
    location: Location
    page_break_before: bool = False  # a page break (or section break) comes before this block
    drawn_line_cm: float | None = None  # a drawn horizontal line (shape) under this paragraph: its length
    section: int = 0  # index into SourceDocument.sections
    container_width_cm: float | None = None
    """Width of the box the paragraph sits in, before its own indents: the innermost table cell's
    width less its left/right margins, or the section's text width (page less left/right margins)
    in the body; None when unknown (text boxes, widths in percent, several text columns, text input).
    A paragraph border spans this width less the paragraph's left and right indents."""
    drawn_lines: tuple[tuple[float, int | None], ...] = ()
    """Every drawn line standing under this paragraph, wherever the file anchors it: (length in cm,
    column) — column 1 or 2 under one of its tab-laid columns, None under the whole paragraph."""

    def line_under_cm(self, col: int | None = None) -> float | None:
        """The longest drawn line under the paragraph, or under its tab column ``col``."""
        lengths = [length for length, at in self.drawn_lines if at is None or col is None or at == col]
        if not self.drawn_lines and self.drawn_line_cm:
            lengths.append(self.drawn_line_cm)  # built by hand, with a length only
        return max(lengths) if lengths else None

    @property
    def stripped(self) -> str:
        return self.text.strip()


@record(frozen=True)
class PageSetup:
    """One section's page: size, margins and page numbering."""

    width_mm: float | None = None
    height_mm: float | None = None
    top_mm: float | None = None
    bottom_mm: float | None = None
    left_mm: float | None = None
    right_mm: float | None = None
    landscape: bool = False
    title_page: bool = False  # a different first page (so page 1 can show no number)
    page_number_in_header: bool = False  # a PAGE field in the default header
    page_number_in_footer: bool = False
    page_number_on_first_page: bool = False  # a PAGE field shows on page 1
    page_number_align: str | None = None  # alignment of the paragraph holding the PAGE field
    page_number_size: float | None = None
    page_start: int | None = None  # w:pgNumType w:start: the section numbers its pages from here


@record
class SourceDocument:
    """A whole input file, ready for part detection."""

    path: str
    kind: str  # "docx" | "text"
    blocks: list[Block] = field(default_factory=list)
    sections: list[PageSetup] = field(default_factory=list)
    layout_evaluable: bool = True  # False for plain text: sizes, fonts and lines cannot be judged
    fonts_used: tuple[str, ...] = ()  # every font name referenced (document, styles, theme)
    notes: list[str] = field(default_factory=list)  # reader remarks already in Vietnamese (e.g. macros not run)
