"""Phụ lục read back into the draft (``Draft.appendices``), for the importer (spec B.2 "Phụ lục").

A file VănBản rendered names its phụ lục lines by style (``VB Appendix Label``, ``VB Appendix Title``,
``VB Appendix Reference`` and its rule): the label and the "(Kèm theo …)" line are computed by the
rules, so only the title and the body are kept. Any other file is read as the checker reads it
(:func:`desktop.core.check.appendix.split_appendices`). Either way the phụ lục's lines are taken
out before the documents are read, so they never become the body's end, a Nơi nhận or a signer.
"""

from __future__ import annotations

from desktop.core.check.appendix import LOOKAHEAD, REFERENCE_START, FoundAppendix, label_number
from desktop.core.check.blocks import Block
from desktop.core.check.tables import TableReader, finish_tables, start_table
from desktop.core.model import BODY_STYLES, Appendix, Paragraph
from desktop.core.rules import RuleSet

COMPUTED = ("appendix_label", "appendix_reference", "rule")


def take_styled(blocks: list[Block], rules: RuleSet, data_tables: set[int | None] | None = None,
                ) -> tuple[list[Block], list[tuple[int, Appendix]]]:
    """The blocks left for the documents, and each styled phụ lục with the index of the block before it.
    The cells of a table of data (``data_tables``: the importer's) become one table block of its body."""
    from desktop.core.check.importer import body_paragraph, style_part
    from desktop.core.check.normalize import is_upper

    kept: list[Block] = []
    found: list[tuple[int, Appendix]] = []
    current: Appendix | None = None
    tables: dict[int, TableReader] = {}
    typed = False  # the current phụ lục was typed by hand (no appendix styles): its title read from the text
    for index, block in enumerate(blocks):
        part = style_part(block)
        if part == "appendix_label" or (part is None and kept and _typed_label(blocks, index)):
            current, typed = Appendix(), part is None
            found.append((kept[-1].index if kept else -1, current))
            continue
        if current is not None:
            if part == "appendix_title" or (typed and part is None and not current.body and
                                            is_upper(block.stripped) and len(current.title) < 200):
                current.title = " ".join(f"{current.title} {block.stripped}".split())
                continue
            if part in COMPUTED or (part is None and not block.stripped) or (
                    typed and not current.body and REFERENCE_START.match(block.stripped)):
                continue
            if block.location.table in (data_tables or ()) and start_table(block, tables, current.body):
                continue
            if part in BODY_STYLES or part is None:
                para = body_paragraph(block, rules, part)
                if para.text.strip():
                    current.body.append(para)
                continue
            current = None  # another document's part: an attachment after the phụ lục
        kept.append(block)
    finish_tables(tables)
    return kept, found


def from_found(appendix: FoundAppendix, rules: RuleSet, data_tables: set[int | None] | None = None) -> Appendix:
    """A phụ lục the checker's reading found, as the draft holds it (label and Kèm theo line dropped);
    the cells of a table of data (``data_tables``: the importer's) become one table block of its body."""
    from desktop.core.check.importer import body_paragraph, line_block

    body: list[Paragraph] = []
    tables: dict[int, TableReader] = {}
    for line in appendix.body:
        block = line_block(line)
        if block.location.table in (data_tables or ()) and start_table(block, tables, body):
            continue
        para = body_paragraph(block, rules)
        if para.text.strip():
            body.append(para)
    finish_tables(tables)
    return Appendix(title=" ".join(" ".join(line.text for line in appendix.title).split()), body=body)



def _typed_label(blocks: list[Block], index: int) -> bool:
    """A 'Phụ lục …' line typed by hand in a file VănBản rendered (as the checker finds one)."""
    block = blocks[index]
    if block.location.container != "body" or label_number(block.stripped) is None:
        return False
    return block.page_break_before or any(REFERENCE_START.match(b.stripped)
                                          for b in blocks[index + 1:index + 1 + LOOKAHEAD])
