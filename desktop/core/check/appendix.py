"""Phụ lục pages in a checked file: split off before the parts are read, then checked (spec B.2
"Phụ lục", A.1 "Each phụ lục is numbered separately", A.2 Phụ lục; NĐ 30 Mẫu 2.1).

A phụ lục starts at a line that is only "Phụ lục" with an optional number (``Phụ lục I``, ``PHỤ LỤC 2``,
``Phụ lục số 01``), standing in the body (not in a table), when it opens a new page or a
"(Kèm theo …)" line follows within a few lines. It runs to the next phụ lục, or to a new
document (a tiêu đề / Quốc hiệu or a copy label on a new page). Its lines are taken out of the
document's before the parts are read, so a phụ lục's table or text is never read as the body's
end, a Nơi nhận or a signer; they are checked here instead, every finding a warning (the sizes
and styles are measured on lines read apart from the document; A.2 is [R]).
"""

from __future__ import annotations

import re

from desktop.core.check import vocab as v
from desktop.core.check.blocks import SourceDocument
from desktop.core.check.lines import Line
from desktop.core.check.report import DocumentReport, Finding
from desktop.core.i18n import tr
from desktop.core.records import field, record
from desktop.core.rules import RuleSet

LABEL = re.compile(r"^ph[uụ]\s+l[uụ]c(?:\s+(?:số\s+)?([IVXLC]+|\d+))?\s*[.:]?$", re.IGNORECASE)
REFERENCE_START = re.compile(r"^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)
LOOKAHEAD = 4
"""Lines after the label within which its '(Kèm theo …)' line stands (label, title of up to two lines)."""
MIN_LINES_BEFORE = 3
_MENTION = re.compile(r"ph[uụ]\s+l[uụ]c(?:\s+(?:số\s+)?([IVXLC]+\b|\d+))?", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@record
class FoundAppendix:
    """One phụ lục as read: its label line, title lines, '(Kèm theo …)' lines and the rest."""

    label: Line
    number: str  # "I", "2", "" (no number)
    title: list[Line] = field(default_factory=list)
    reference: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    after_pos: int = -1  # pos of the last document line before it: the document it belongs to

    @property
    def lines(self) -> list[Line]:
        return [self.label, *self.title, *self.reference, *self.body]


def label_number(text: str) -> str | None:
    """'Phụ lục II' → 'II', 'PHỤ LỤC' → '', not a label → None."""
    match = LABEL.match(" ".join(text.split()))
    return None if match is None else (match.group(1) or "").upper()


def number_value(number: str) -> int | None:
    """'IV' → 4, '02' → 2, '' → None."""
    if number.isdigit():
        return int(number)
    if not number or any(ch not in _ROMAN for ch in number.upper()):
        return None
    values = [_ROMAN[ch] for ch in number.upper()]
    return sum(-a if a < b else a for a, b in zip(values, [*values[1:], 0], strict=True))


def _is_label(lines: list[Line], index: int) -> bool:
    line = lines[index]
    if index < MIN_LINES_BEFORE or line.block.location.container != "body" or label_number(line.text) is None:
        return False
    if line.block.page_break_before and line.first_in_block:
        return True
    return any(REFERENCE_START.match(ln.text) for ln in lines[index + 1:index + 1 + LOOKAHEAD])


def _ends_appendix(line: Line) -> bool:
    """A new document after the phụ lục: its tiêu đề / Quốc hiệu or a copy label, on a new page."""
    return line.block.page_break_before and line.first_in_block and bool(
        v.match_header_title(line) or v.match_copy_label(line))


def split_appendices(lines: list[Line]) -> tuple[list[Line], list[FoundAppendix]]:
    """The lines left for the documents, and each phụ lục found (in order)."""
    kept: list[Line] = []
    found: list[FoundAppendix] = []
    current: FoundAppendix | None = None
    for index, line in enumerate(lines):
        if _is_label(lines, index):
            current = FoundAppendix(label=line, number=label_number(line.text) or "",
                                    after_pos=kept[-1].pos if kept else -1)
            found.append(current)
            continue
        if current is not None and _ends_appendix(line):
            current = None
        elif current is not None and v.match_copy_label(line):  # a copy certified after the phụ lục (Mẫu 3.1)
            start = _table_start(current.body, line)
            kept.extend(current.body[start:])
            del current.body[start:]
            current = None
        if current is None:
            kept.append(line)
        else:
            current.body.append(line)
    for appendix in found:
        _read_head(appendix)
    return kept, found


def _table_start(body: list[Line], label: Line) -> int:
    """Where the copy block holding ``label`` starts in a phụ lục's lines: the first line of its table."""
    where = label.block.location
    if where.container != "table":
        return len(body)
    for index, line in enumerate(body):
        if line.block.location.container == "table" and line.block.location.table == where.table:
            return index
    return len(body)


def _read_head(appendix: FoundAppendix) -> None:
    """Title and '(Kèm theo …)' lines at the head of the phụ lục's lines."""
    rest = appendix.body
    at = next((i for i, ln in enumerate(rest[:LOOKAHEAD]) if REFERENCE_START.match(ln.text)), None)
    if at is not None:
        end = at + 1
        while end < len(rest) and rest[end].block is rest[at].block and not rest[end - 1].text.endswith(")"):
            end += 1  # the line runs on in its paragraph
        appendix.title, appendix.reference, appendix.body = rest[:at], rest[at:end], rest[end:]
        return
    title = []
    for line in rest[:2]:
        if line.block.location.container != "body" or not (line.shown_upper or line.flag("bold")):
            break
        title.append(line)
    appendix.title, appendix.body = title, rest[len(title):]


def belonging(found: list[FoundAppendix], document_lines: list[list[Line]],
              copies: list[bool] | None = None) -> list[list[FoundAppendix]]:
    """The phụ lục of each document: those after its lines (before the next document's). A copy block
    (``copies``) has none: the phụ lục after it are the copied document's."""
    positions = [{line.pos for line in lines} for lines in document_lines]
    out: list[list[FoundAppendix]] = [[] for _ in document_lines]
    for appendix in found:
        owner = next((i for i, pos in enumerate(positions) if appendix.after_pos in pos), 0)
        while owner and copies is not None and copies[owner]:
            owner -= 1
        out[owner].append(appendix)
    return out


# --- checks ----------------------------------------------------------------------------


def _add(report: DocumentReport, code: str, rule: str, where: str, msg: str, **params: object) -> None:
    report.findings.append(Finding(code=code, severity="warning", rule=rule, where=where,
                                   message=tr(f"phuluc.{msg}", **params), fix=tr(f"phuluc.{msg}.fix", **params)))


def check_appendices(checks, src: SourceDocument, doc, found: list[FoundAppendix],
                     rules: RuleSet | None, report: DocumentReport) -> None:
    """Number form, the three heading lines' look, own page numbering, the body's reference to each
    (``checks``: the document's :class:`~desktop.core.check.findings.Checks`, ``doc`` its Detected)."""
    if not found or rules is None or "appendix_label" not in rules.parts:
        return
    ref = rules.raw.get("appendix", {}).get("ref", "B.2 Phụ lục")
    several = len(found) >= int(rules.raw.get("appendix", {}).get("numbered_from", 2))
    for appendix in found:
        where = appendix.label.where()
        value = number_value(appendix.number)
        if several and not appendix.number:
            _add(report, "format:appendix", ref, where, "unnumbered")
        elif several and appendix.number.isdigit():
            _add(report, "format:appendix", ref, where, "arabic", number=appendix.number,
                 roman=_roman(value or 1))
        checks.style("appendix", "appendix_label", [appendix.label], most="warning")
        if appendix.title:
            checks.style("appendix", "appendix_title", appendix.title, most="warning")
        else:
            _add(report, "missing:appendix_title", rules.part("appendix_title").ref, where, "no_title")
        if appendix.reference:
            checks.style("appendix", "appendix_reference", appendix.reference, most="warning")
        else:
            _add(report, "missing:appendix_reference", rules.part("appendix_reference").ref, where, "no_reference")
        _page_numbering(src, doc.lines, appendix, rules, report)
    _referred(doc.body, found, report, ref)


def _roman(n: int) -> str:
    from desktop.core.compute import roman

    return roman(n)


def _page_numbering(src: SourceDocument, document: list[Line], appendix: FoundAppendix, rules: RuleSet,
                    report: DocumentReport) -> None:
    """A.1: each phụ lục numbered separately — a section of its own whose numbers restart."""
    if not src.layout_evaluable or not src.sections:
        return
    section = appendix.label.block.section
    ref = "A.1 Page numbers / " + rules.part("appendix_label").ref
    before = document[-1].block.section if document else 0
    if section == before or not 0 <= section < len(src.sections):
        _add(report, "page:numbering", ref, appendix.label.where(), "same_numbering")
    elif src.sections[section].page_start != 1:
        _add(report, "page:numbering", ref, appendix.label.where(), "no_restart")


def _referred(body: list[Line], found: list[FoundAppendix], report: DocumentReport, ref: str) -> None:
    """B.2 Phụ lục: 'the body must refer to each phụ lục'."""
    mentions = [m for line in body for m in _MENTION.finditer(line.text)]
    numbers = {number_value((m.group(1) or "").upper()) for m in mentions}
    for appendix in found:
        value = number_value(appendix.number)
        if not mentions or (value is not None and len(found) > 1 and value not in numbers):
            label = " ".join(appendix.label.text.split())
            _add(report, "text:appendix_reference", ref, appendix.label.where(), "not_referred", label=label)
