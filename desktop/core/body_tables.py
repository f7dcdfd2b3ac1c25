"""Tables in the body (a Kế hoạch's schedule of tasks, a Báo cáo's figures) as real Word tables.

A table is laid out to the text width (page width less the margins of the rule set, spec A.1/A.2),
portrait (A.1 allows landscape only when tables are not split out into a phụ lục: VănBản keeps
portrait), with single borders, its header row bold, centred and repeated on every page
(``w:tblHeader``), a narrow "TT"/"STT" column and 13 pt Times New Roman text.

The spec sets no size for text in a body table (A.1/A.2 and the B tables name none): 13 pt is a
convention [R], the lower end of the state body's 13–14 pt (A.1), a point under the Party body's 14 pt
so several columns fit the width; the same in both systems.

Rendering is two steps so any body list can use it (the main document, an attachment, a phụ lục):
:func:`table_block` stands for the table in a docxtpl body loop (a one-paragraph marker; render.py's
``_body_paragraphs`` makes these for any body list), and :func:`replace_table_markers` puts
:func:`table_element` in each marker's place once rendered (``table_blocks(context)`` finds every table
of a context, wherever it is). :func:`table_element` alone gives the ``w:tbl`` of one table.
"""

from __future__ import annotations

import itertools
import re

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from desktop.core import ooxml
from desktop.core.metrics import text_width_pt
from desktop.core.model import Table

CELL_SIZE_PT = 13.0
"""Text in a body table, header row included (a convention [R]: the spec names no size)."""
FONT = "Times New Roman"
BORDER_EIGHTHS = 4
"""Single borders of 0.5 pt (w:sz in eighths of a point)."""
CELL_MARGIN_TWIPS = 85
"""Left and right padding inside a cell (0.15 cm)."""
CELL_SPACE_PT = 2.0
"""Space before and after the text of a cell."""
NUMBER_HEADERS = ("tt", "stt", "số tt", "số thứ tự")
"""Header texts of the narrow ordinal column ("TT" / "STT")."""
NUMBER_COLUMN_MIN_TWIPS = 680
"""The ordinal column is at least 1.2 cm wide."""
COMPAT_MODE_LEGACY = 15
"""Word before 2013 (compatibilityMode below 15) puts the cell text, not the border, at tblInd."""

SPACE_AFTER_PT = 6
"""Space under a table before the next paragraph (A.1: at least 6 pt between paragraphs)."""
_SPACER = (f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr><w:keepNext w:val="0"/><w:spacing w:before="0" w:after="0" '
           f'w:line="{SPACE_AFTER_PT * 20}" w:lineRule="exact"/><w:ind w:left="0" w:right="0" w:firstLine="0"/>'
           f'<w:rPr><w:sz w:val="{SPACE_AFTER_PT * 2}"/></w:rPr></w:pPr></w:p>')
"""An empty paragraph 6 pt high under each table (Word gives a table no space after it)."""
_MARKER = "\ue000VB-TABLE-{index}\ue000"
_MARKER_RE = re.compile("^\ue000VB-TABLE-(\\d+)\ue000$")


class TableBlock:
    """A body table in the docxtpl context: it prints as a marker paragraph, replaced after rendering.

    Each marker has a key of its own (unique in the process), so bodies rendered side by side (the main
    document, a phụ lục) never mix their tables up.
    """

    __slots__ = ("key", "table")

    def __init__(self, table: Table) -> None:
        self.table = table
        self.key = next(_KEYS)

    def __html__(self) -> str:
        return f'<w:r><w:t xml:space="preserve">{_MARKER.format(index=self.key)}</w:t></w:r>'


_KEYS = itertools.count(1)


def table_block(table: Table) -> dict[str, object]:
    """The body-loop entry of a table (``{"style": "body", "rich": …}`` like a paragraph's)."""
    return {"style": "body", "rich": TableBlock(table)}


def table_blocks(context: object) -> dict[int, Table]:
    """Every table of a docxtpl context (or any list or dict inside it), by marker key."""
    found: dict[int, Table] = {}
    stack = [context]
    while stack:
        node = stack.pop()
        if isinstance(node, TableBlock):
            found[node.key] = node.table
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return found


def normalised_rows(table: Table) -> list[list[str]]:
    """Every row as long as the longest (short rows padded with empty cells), line breaks as '\\n'."""
    columns = table.columns
    return [[_clean(cell) for cell in row] + [""] * (columns - len(row)) for row in table.rows]


def _clean(text: str) -> str:
    from desktop.core.render import clean

    return clean(text).strip()


def is_number_column(rows: list[list[str]], column: int, header: bool) -> bool:
    """A "TT"/"STT" column: headed so, or (no header) holding only short ordinals (1, 2, I, a)."""
    if header and rows:
        return " ".join(rows[0][column].lower().rstrip(".").split()) in NUMBER_HEADERS
    cells = [row[column] for row in rows if row[column]]
    return bool(cells) and all(len(cell) <= 4 and re.fullmatch(r"[0-9IVXivx]+[.)]?|[a-zđ][.)]?", cell)
                               for cell in cells)


_FIGURE = re.compile(r"[-+—–]?\s*[\d.,]+\s*%?|[—–-]")


def column_alignments(rows: list[list[str]], header: bool) -> list[str]:
    """Each column's alignment below the header: centred for the ordinal column and columns of figures
    (6,2 · 13.000 · 104,0% · —), else left."""
    columns = max((len(row) for row in rows), default=0)
    body = rows[1:] if header else rows
    out = []
    for c in range(columns):
        cells = [row[c] for row in body if c < len(row) and row[c]]
        figures = bool(cells) and all(_FIGURE.fullmatch(cell) for cell in cells)
        out.append("center" if figures or is_number_column(rows, c, header) else "left")
    return out


def column_widths(table: Table, width_twips: int) -> list[int]:
    """Column widths in twips summing to exactly ``width_twips``.

    Given weights are shared out in proportion; without them the ordinal column is as narrow as
    its text allows and the others share the rest in proportion to their text (each at least as wide
    as its longest word).
    """
    rows = normalised_rows(table)
    columns = table.columns
    if not columns:
        return []
    if len(table.widths) == columns and all(w > 0 for w in table.widths):
        weights = [float(w) for w in table.widths]
    else:
        weights = _auto_weights(rows, columns, table.header, width_twips)
    total = sum(weights)
    widths = [int(width_twips * w / total) for w in weights]
    widths[-1] += width_twips - sum(widths)
    return widths


def _auto_weights(rows: list[list[str]], columns: int, header: bool, width_twips: int) -> list[float]:
    fixed: dict[int, float] = {}
    shares: dict[int, float] = {}
    for c in range(columns):
        texts = [row[c] for row in rows]
        longest_word = max((text_width_pt(word, CELL_SIZE_PT, bold=header and r == 0)
                            for r, text in enumerate(texts) for word in text.split()), default=0.0)
        need = ooxml.pt_to_twips(longest_word) + 2 * CELL_MARGIN_TWIPS + 20
        if is_number_column(rows, c, header):
            fixed[c] = max(NUMBER_COLUMN_MIN_TWIPS, need)
        else:
            chars = max((len(line) for text in texts for line in text.split("\n")), default=0)
            shares[c] = max(need, min(max(chars, 8), 60) / 60 * width_twips)
    room = width_twips - sum(fixed.values())
    scale = room / sum(shares.values()) if shares and room > 0 else 1.0
    return [fixed[c] if c in fixed else shares[c] * scale for c in range(columns)]


def _run(text: str, bold: bool) -> str:
    weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    size = round(CELL_SIZE_PT * 2)
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
            f'{weight}<w:i w:val="0"/><w:iCs w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
            f'<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>')


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_paragraphs(text: str, align: str, bold: bool) -> str:
    space = ooxml.pt_to_twips(CELL_SPACE_PT)
    ppr = (f'<w:pPr><w:keepNext w:val="0"/><w:spacing w:before="{space}" w:after="{space}" w:line="240" '
           f'w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>')
    lines = text.split("\n") or [""]
    return "".join(f"<w:p>{ppr}{_run(line, bold) if line else ''}</w:p>" for line in lines)


def table_element(table: Table, width_twips: int, *, legacy_layout: bool = True):
    """The ``w:tbl`` of one body table, ``width_twips`` wide (the text width), borders on the margins.

    ``legacy_layout``: the document is in Word 2010 compatibility (compatibilityMode 14, as VănBản's
    templates), where the table is indented by its cell padding for its border to sit on the margin.
    """
    rows = normalised_rows(table)
    widths = column_widths(table, width_twips)
    aligns = column_alignments(rows, table.header)
    border = "".join(f'<w:{edge} w:val="single" w:sz="{BORDER_EIGHTHS}" w:space="0" w:color="000000"/>'
                     for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    indent = CELL_MARGIN_TWIPS if legacy_layout else 0
    parts = [f'<w:tbl xmlns:w="{ooxml.W_NS}"><w:tblPr><w:tblW w:w="{width_twips}" w:type="dxa"/>'
             f'<w:tblInd w:w="{indent}" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders>'
             '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
             f'<w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
             f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>']
    parts.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    parts.append("</w:tblGrid>")
    for r, row in enumerate(rows):
        head = table.header and r == 0
        tr_pr = "<w:cantSplit/><w:tblHeader/>" if head else "<w:cantSplit/>"
        parts.append(f"<w:tr><w:trPr>{tr_pr}</w:trPr>")
        for c, (text, width) in enumerate(zip(row, widths, strict=True)):
            align = "center" if head else aligns[c]
            parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                         f"{_cell_paragraphs(text, align, head)}</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return parse_xml("".join(parts))


def legacy_table_layout(settings_root) -> bool:
    """Whether a document's settings put it in a compatibility mode before Word 2013 (or name none)."""
    if settings_root is None:
        return True
    for setting in settings_root.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            try:
                return int(setting.get(qn("w:val"), "0")) < COMPAT_MODE_LEGACY
            except ValueError:
                return True
    return True


def replace_table_markers(root, tables: dict[int, Table], width_twips: int, *, legacy_layout: bool = True) -> int:
    """Put each body table in place of its marker paragraph below ``root``; returns how many.

    Each table is followed by an empty paragraph 6 pt high, which also keeps two tables in a row apart
    (Word would join them into one).
    """
    done = 0
    for p in list(root.iter(qn("w:p"))):
        match = _MARKER_RE.match("".join(t.text or "" for t in p.iter(qn("w:t"))))
        if match is None or int(match.group(1)) not in tables:
            continue
        tbl = table_element(tables[int(match.group(1))], width_twips, legacy_layout=legacy_layout)
        p.addprevious(tbl)
        p.addprevious(parse_xml(_SPACER))
        p.getparent().remove(p)
        done += 1
    return done


MAX_COLUMNS = 20
"""More columns than fit across a portrait page at 13 pt (the schema's limit too)."""
NARROW_COLUMN_TWIPS = 567
"""A column narrower than 1 cm holds barely two digits at 13 pt."""


def table_text(table: Table) -> str:
    """Every cell's text, row by row (what a search or a word check reads)."""
    return "\n".join(cell for row in table.rows for cell in row if cell.strip())


def table_problems(table: Table, width_twips: int = 9638) -> list[tuple[str, str, dict[str, object]]]:
    """What a clerk should fix in a body table: (key, severity, message parameters).

    ``width_twips``: the text width (A4 portrait less 30 and 15 mm margins by default).
    """
    out: list[tuple[str, str, dict[str, object]]] = []
    if not table_text(table):
        out.append(("table_empty", "warning", {}))
        return out
    columns = table.columns
    short = [i + 1 for i, row in enumerate(table.rows) if len(row) < columns]
    if short:
        out.append(("table_short_rows", "info", {"rows": ", ".join(map(str, short[:10])), "columns": columns}))
    if table.widths and len(table.widths) != columns:
        out.append(("table_widths_count", "warning", {"count": len(table.widths), "columns": columns}))
    elif columns:
        narrow = [c + 1 for c, w in enumerate(column_widths(table, width_twips)) if w < NARROW_COLUMN_TWIPS]
        if narrow:
            out.append(("table_narrow", "warning", {"columns": ", ".join(map(str, narrow))}))
    return out
