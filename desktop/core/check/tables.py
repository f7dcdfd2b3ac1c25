"""Tables of data in the body (a Kế hoạch's schedule of tasks, a Báo cáo's figures).

A table drawn with lines between its cells, standing in the body and holding no other part
(header, signature, nơi nhận), is a table of data: its cells have their own layout (13 pt, no
first-line indent, centred headings), so the body's paragraph rules (F.11–F.13) do not apply to
them, and the importer reads it back as one table block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.check.blocks import Block
from desktop.core.check.detect import Detected
from desktop.core.check.lines import Line
from desktop.core.records import field, record

if TYPE_CHECKING:  # the model is the importer's: a plain check never loads it
    from desktop.core.model import Paragraph, Table

TWIPS_PER_CM = 1440 / 2.54


def data_table_numbers(doc: Detected) -> set[int]:
    """The numbers of the body's tables of data (Location.table of their cells)."""
    body = {id(line) for line in doc.body}
    grids = {line.block.location.table for line in doc.body
             if line.block.location.grid and line.block.location.table is not None}
    others = {line.block.location.table for line in doc.lines
              if id(line) not in body and line.block.location.table is not None}
    return grids - others


def in_data_table(line: Line, tables: set[int]) -> bool:
    return line.block.location.container == "table" and line.block.location.table in tables


def text_lines(doc: Detected) -> list[Line]:
    """The body's lines outside its tables of data."""
    tables = data_table_numbers(doc)
    return [line for line in doc.body if not in_data_table(line, tables)] if tables else list(doc.body)


# --- importing ---------------------------------------------------------------------------------


def is_data_cell(block: Block) -> bool:
    """A paragraph in an outer table drawn with lines between its cells."""
    where = block.location
    return where.container == "table" and where.grid and not where.nested and where.table is not None


@record
class TableReader:
    """The cells of one table of data as the importer meets them, made a :class:`Table` at the end."""

    paragraph: Paragraph
    cells: dict[tuple[int, int], list[tuple[str, bool]]] = field(default_factory=dict)
    edges: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)

    def add(self, block: Block) -> None:
        where = block.location
        at = (where.row or 1, where.col or 1)
        text = " ".join(block.text.split())
        bold = any(run.text.strip() for run in block.runs) and all(
            bool(run.bold) for run in block.runs if run.text.strip())
        self.cells.setdefault(at, []).append((text, bold))
        if where.cell_cm is not None:
            self.edges.setdefault(at, where.cell_cm)

    def table(self) -> Table:
        from desktop.core.model import Table

        rows = sorted({r for r, _c in self.cells})
        columns = max((c for _r, c in self.cells), default=0)
        grid = [["\n".join(text for text, _b in self.cells.get((r, c), []) if text) for c in range(1, columns + 1)]
                for r in rows]
        first = [bold for c in range(1, columns + 1) for text, bold in self.cells.get((rows[0], c), []) if text] \
            if rows else []
        header = bool(first) and all(first) and len(rows) > 1
        table = Table(rows=grid, header=header)
        table.widths = _weights(table, self._widths_cm(rows, columns))
        return table

    def _widths_cm(self, rows: list[int], columns: int) -> list[float]:
        for r in rows:
            edges = [self.edges.get((r, c)) for c in range(1, columns + 1)]
            if all(edge is not None for edge in edges):
                return [right - left for left, right in edges]  # type: ignore[misc]
        return []


def _weights(table: Table, widths_cm: list[float]) -> list[float]:
    """Column weights for widths read from a file: none when they are the ones VănBản computes itself,
    small whole numbers when the widths are in such a ratio (1 : 6 : 4 : 3), else hundredths of the width."""
    from desktop.core.body_tables import column_widths
    from desktop.core.model import Table

    if not widths_cm or any(w <= 0 for w in widths_cm):
        return []
    total = sum(widths_cm)
    twips = round(total * TWIPS_PER_CM)
    auto = column_widths(Table(rows=table.rows, header=table.header), twips)
    if all(abs(a - w * TWIPS_PER_CM) <= max(30, twips * 0.003) for a, w in zip(auto, widths_cm, strict=True)):
        return []
    shares = [w / total for w in widths_cm]
    for whole in range(len(shares), 61):
        weights = [share * whole for share in shares]
        if all(round(x) >= 1 and abs(x - round(x)) * twips / whole <= 15 for x in weights):
            return [round(x) for x in weights]
    return [round(share * 100, 1) for share in shares]


def start_table(block: Block, doc_tables: dict[int, TableReader], body: list[Paragraph]) -> bool:
    """Take a cell of a table of data into its table (a new table block at the end of ``body`` for its
    first cell); False when the block is no such cell."""
    if not is_data_cell(block):
        return False
    from desktop.core.model import TABLE_STYLE, Paragraph, Table

    number = block.location.table
    reader = doc_tables.get(number)  # type: ignore[arg-type]
    if reader is None:
        reader = doc_tables[number] = TableReader(Paragraph(style=TABLE_STYLE, table=Table()))  # type: ignore[index]
        body.append(reader.paragraph)
    reader.add(block)
    return True


def finish_tables(doc_tables: dict[int, TableReader]) -> None:
    """Each table block given the table its cells make."""
    for reader in doc_tables.values():
        reader.paragraph.table = reader.table()


def normalized_table(table: Table) -> Table:
    """A table as a render-then-import gives it back: rows as long as the longest, each cell's lines
    trimmed with blank ones dropped, weights in hundredths of the width (none when they do not fit)."""
    from desktop.core.model import Table

    columns = table.columns
    rows = [[_cell(cell) for cell in row] + [""] * (columns - len(row)) for row in table.rows]
    rows = [row for row in rows if any(row)]
    widths = table.widths if len(table.widths) == columns and all(w > 0 for w in table.widths) else []
    total = sum(widths)
    return Table(rows=rows, header=table.header and len(rows) > 1 and any(rows[0]),
                 widths=[round(w / total * 100, 1) for w in widths] if widths else [])


def _cell(text: str) -> str:
    from desktop.core.model import nfc

    return "\n".join(" ".join(line.split()) for line in nfc(text).split("\n") if line.strip())
