"""Phụ lục (appendices) of a document: NĐ 30 Phụ lục III Mẫu 2.1, spec B.2 "Phụ lục", A.1/A.2.

Each phụ lục follows the main document on a new page, in a section of its own whose page numbers
restart at 1 (A.1 "Each phụ lục is numbered separately"; its first page, like page 1 of any
document, shows no number). It opens with three centred lines, all computed but the title:

    Phụ lục I                       (bold; "Phụ lục" alone when there is one, Roman numerals for two or more)
    BẢNG CHỮ VIẾT TẮT               (the title, bold capitals)
    (Kèm theo Kế hoạch số 96/KH-UBND ngày 14 tháng 4 năm 2026 của Ủy ban nhân dân tỉnh Quảng Ninh)
                                    (italic; a draft not yet issued shows "…" for the number and the date)

then its body, of the main body's paragraph kinds. The wording is rule data ("appendix" and the
parts ``appendix_label``, ``appendix_title``, ``appendix_reference`` in resources/rules/*.json); the
renderer, the preview, the checker and the importer all read it from here.
"""

from __future__ import annotations

import copy as _copy
import re
from dataclasses import dataclass

from desktop.core import compute
from desktop.core.model import Appendix, Draft
from desktop.core.rules import RuleSet

LABEL_PART = "appendix_label"
TITLE_PART = "appendix_title"
REFERENCE_PART = "appendix_reference"
PARTS = (LABEL_PART, TITLE_PART, REFERENCE_PART)
GAP_PT = 12.0
"""Space between the heading lines (their rule) and the body: Mẫu 2.1 leaves an empty line there."""


def settings(rules: RuleSet) -> dict:
    """The rule set's "appendix" section (wording, numbering)."""
    return rules.raw["appendix"]


def labels(count: int, rules: RuleSet) -> list[str]:
    """'Phụ lục' for a single phụ lục, 'Phụ lục I', 'Phụ lục II' … for two or more (B.2 Phụ lục)."""
    rule = settings(rules)
    if count < int(rule.get("numbered_from", 2)):
        return [rule["label"]] * count
    return [f"{rule['label']} {compute.roman(n)}" for n in range(1, count + 1)]


def label_number(text: str, rules: RuleSet) -> str | None:
    """The number of a label line: 'Phụ lục II' → 'II', 'Phụ lục' → '', anything else → None."""
    match = label_pattern(rules).match(" ".join(text.split()))
    if match is None:
        return None
    return match.group(1) or ""


def label_pattern(rules: RuleSet) -> re.Pattern[str]:
    """'Phụ lục', then an optional number (Roman or Arabic, as clerks write it), nothing else."""
    word = re.escape(settings(rules)["label"]).replace(r"\ ", r"\s+")
    return re.compile(rf"^{word}(?:\s+(?:số\s+)?([IVXLC]+|\d+))?\s*[.:]?$", re.IGNORECASE)


def _symbol(draft: Draft, rules: RuleSet) -> str:
    """'96/KH-UBND' (state), '132-BC/TU' (Party): the number line without its 'Số:' label."""
    blank = settings(rules)["blank"]
    number = compute.pad_number(draft.number, rules) if draft.number.strip() else blank
    line = rules.number["line"].format(number=number, code=compute.document_code(draft, rules))
    label = rules.number["label"]
    return line[len(label):].strip() if line.startswith(label) else line.strip()


def _date(draft: Draft, rules: RuleSet) -> str:
    rule = settings(rules)
    date = compute.parse_iso_date(draft.date)
    if date is None:
        return rule["date"].format(day=rule["blank"], month=rule["blank"], year=rule["blank"])
    day, month, year = compute.date_words(date.day, date.month, date.year, rules)
    return rule["date"].format(day=day, month=month, year=year)


_LEVELS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "xã", "phường", "huyện", "quận")
"""Common nouns of administrative units: lower case, the proper name after them capitalised (C.7)."""
_BODIES = ("Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban Kiểm tra", "Ban Chấp hành", "Ban Thường vụ",
           "Văn phòng", "Tổng cục", "Chi cục", "Trung tâm", "Thành ủy", "Tỉnh ủy", "Huyện ủy", "Đảng ủy",
           "Chính phủ", "Cục", "Sở", "Bộ", "Ban", "Vụ", "Phòng")
"""Words naming a type of body, as C.7 writes them ("Agencies"); the first word of its field follows, capitalised."""
_COMMITTEES = ("thành ủy", "tỉnh ủy")
"""A Party committee named alone is named with its place: 'Thành ủy Đà Nẵng'."""


def _starts(words: list[str], index: int, names: tuple[str, ...]) -> int:
    """How many words of one of ``names`` start at ``index`` (0 when none)."""
    for name in names:
        parts = name.lower().split()
        if words[index:index + len(parts)] == parts:
            return len(parts)
    return 0


def running_name(text: str) -> str:
    """An agency's name typed in capitals as running text, by C.7: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG
    NINH' → 'Sở Khoa học và Công nghệ tỉnh Quảng Ninh'; 'VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH' → 'Văn phòng Ủy ban
    nhân dân tỉnh'. A name typed in mixed case is kept as typed."""
    text = " ".join(text.split())
    if not text or text != text.upper():
        return text
    words = text.lower().split()
    out: list[str] = []
    state = "after_body"  # after a body type or "và": capitalise; "field": lower case; "place": capitalise
    index = 0
    while index < len(words):
        any_body = state == "after_body" or not out
        body = _starts(words, index, _BODIES if any_body else tuple(b for b in _BODIES if " " in b))
        level = _starts(words, index, _LEVELS)
        if body:
            out += next(name.split() for name in _BODIES if name.lower().split() == words[index:index + body])
            index, state = index + body, "after_body"
        elif level:
            out += words[index:index + level]
            index, state = index + level, "place"
        else:
            word = words[index]
            out.append(word.capitalize() if state in ("after_body", "after_and", "place") else word)
            if state != "place":
                state = "after_and" if word == "và" else "field"
            index += 1
    return " ".join(out)


def issuer_phrase(draft: Draft) -> str:
    """The issuing body as running text (C.7): 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH' → 'Ủy ban nhân dân tỉnh
    Quảng Ninh'; a Party 'THÀNH ỦY' of Đà Nẵng → 'Thành ủy Đà Nẵng'."""
    text = running_name(draft.issuer)
    place = " ".join(draft.place.split())
    if place and text.lower() in _COMMITTEES:
        text = f"{text} {place}"
    return text


def reference_line(draft: Draft, rules: RuleSet) -> str:
    """'(Kèm theo Kế hoạch số 96/KH-UBND ngày 14 tháng 4 năm 2026 của Ủy ban nhân dân tỉnh Quảng Ninh)'."""
    rule = settings(rules)
    doc_type = rules.doc_type(draft.doc_type)
    type_word = rule["letter_type"] if doc_type.letter else doc_type.label
    return rule["reference"].format(type=type_word, symbol=_symbol(draft, rules), date=_date(draft, rules),
                                    issuer=issuer_phrase(draft) or rule["blank"])


def reference_pattern(rules: RuleSet) -> re.Pattern[str]:
    """A '(Kèm theo …)' line as a checker reads it: opening words and closing bracket, anything between."""
    return re.compile(r"^\(\s*Kèm\s+theo\b.*\)\s*\.?$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Heading:
    """The three computed lines of one phụ lục."""

    label: str
    title: str
    reference: str


def headings(draft: Draft, rules: RuleSet) -> list[Heading]:
    """The label, title (in capitals) and '(Kèm theo …)' line of each of the draft's phụ lục."""
    from desktop.core.render import apply_case, clean

    reference = reference_line(draft, rules)
    title_part = rules.parts.get(TITLE_PART)
    return [Heading(label, apply_case(" ".join(clean(appendix.title).split()), title_part), reference)
            for label, appendix in zip(labels(len(draft.appendices), rules), draft.appendices, strict=True)]


# --- rendering -------------------------------------------------------------------------


def _paragraph(style: str, inner_xml: str = "", *, gap_after: bool = False):
    from desktop.core.render import style_id, style_name

    return _styled(style_id(style_name(style)), inner_xml, gap_after=gap_after)


def _styled(style: str, inner_xml: str = "", *, gap_after: bool = False):
    """A paragraph of one style; ``gap_after``: :data:`GAP_PT` below it (the last heading line)."""
    from desktop.core import ooxml

    spacing = f'<w:spacing w:after="{ooxml.pt_to_twips(GAP_PT)}"/>' if gap_after else ""
    return ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr><w:pStyle w:val="{style}"/>{spacing}'
                       f"</w:pPr>{inner_xml}</w:p>")


def _text_paragraph(style: str, text: str, *, gap_after: bool = False):
    from desktop.core.render import RunsXml

    return _paragraph(style, RunsXml([(text, False, False)]).xml, gap_after=gap_after)


def _rule_paragraph(part: str):
    from desktop.core.render import rule_style_name, style_id

    return _styled(style_id(rule_style_name(part)), gap_after=True)


def appendix_elements(heading: Heading, appendix: Appendix, rules: RuleSet, page_width: int, *,
                      legacy_layout: bool = True) -> list:
    """The paragraphs of one phụ lục: its three heading lines (and the rule under them where the rule
    set draws one, Mẫu 2.1), then its body, tables of data included (desktop.core.body_tables, laid out
    as in the main body); rules sized to the text (render.fit_lines)."""
    from desktop.core import ooxml
    from desktop.core.body_tables import TableBlock, replace_table_markers
    from desktop.core.render import _body_paragraphs, fit_lines

    holder = ooxml.parse(f'<w:body xmlns:w="{ooxml.W_NS}"/>')
    holder.append(_text_paragraph(LABEL_PART, heading.label))
    if heading.title:
        holder.append(_text_paragraph(TITLE_PART, heading.title))
    line = rules.part(REFERENCE_PART).line
    drawn = line is not None and line.kind == "rule"
    holder.append(_text_paragraph(REFERENCE_PART, heading.reference, gap_after=not drawn))
    if drawn:
        holder.append(_rule_paragraph(REFERENCE_PART))
    tables = {}
    for para in _body_paragraphs(appendix.body, rules):
        rich = para["rich"]
        if isinstance(rich, TableBlock):  # its marker paragraph, replaced by the table below
            tables[rich.key] = rich.table
            holder.append(_paragraph(para["style"], rich.__html__()))
        else:
            holder.append(_paragraph(para["style"], rich.xml))
    replace_table_markers(holder, tables, page_width, legacy_layout=legacy_layout)
    fit_lines(holder, rules, page_width)
    return list(holder)


def append_appendices(document, draft: Draft, rules: RuleSet) -> int:
    """Append each phụ lục of ``draft`` to the rendered ``document`` as a section of its own: a new
    page, page numbers from 1, no number on its first page (empty first-page header and footer: the
    draft marker and the contact line belong to the document's page 1). Returns the sections added."""
    from desktop.core import ooxml
    from desktop.core.body_tables import legacy_table_layout

    if not draft.appendices:
        return 0
    body = document.element.body
    final = body.sectPr
    main_section = _copy.deepcopy(final)
    page_width = ooxml.text_width_twips(final)
    legacy = legacy_table_layout(document.settings.element)
    copy_block = _take_copy_block(body)  # Mẫu 3.1: a copy is certified on the last page, after the phụ lục
    for heading, appendix in zip(headings(draft, rules), draft.appendices, strict=True):
        breaker = ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr/></w:p>')
        breaker[0].append(_copy.deepcopy(final))  # ends the section before, keeping its own properties
        final.addprevious(breaker)
        for element in appendix_elements(heading, appendix, rules, page_width, legacy_layout=legacy):
            final.addprevious(element)
        _reset_section(final, main_section)
    for element in copy_block:
        final.addprevious(element)
    count = len(draft.appendices)
    for section in document.sections[-count:]:
        _blank_first_page(section)
    return count


def _take_copy_block(body) -> list:
    """The rendered copy block (from its separator to the end), taken out of the body."""
    from desktop.core import ooxml
    from desktop.core.render import style_id, style_name

    separator = style_id(style_name("copy_separator"))
    children = [child for child in body if child.tag != f"{{{ooxml.W_NS}}}sectPr"]
    start = next((i for i, child in enumerate(children) if child.tag == f"{{{ooxml.W_NS}}}p"
                  and ooxml.style_of(child) == separator), None)
    taken = children[start:] if start is not None else []
    for element in taken:
        body.remove(element)
    return taken


def _reset_section(sectpr, main_section) -> None:
    """The final sectPr as the main document's section again, page numbers restarting at 1."""
    from desktop.core import ooxml

    for child in list(sectpr):
        sectpr.remove(child)
    for child in main_section:
        sectpr.append(_copy.deepcopy(child))
    ooxml.restart_page_numbers(sectpr)


def _blank_first_page(section) -> None:
    """An empty first-page header and footer of the section's own (the main page 1 keeps its marks)."""
    from desktop.core import ooxml
    from desktop.core.render import _take_first_page_part

    _take_first_page_part(section.first_page_header, None, None)
    _take_first_page_part(section.first_page_footer, None, None)
    ooxml.group_header_footer_references(section._sectPr)


def section_restarts(sectpr) -> bool:
    """Whether a section restarts its page numbers at 1 (w:pgNumType w:start="1")."""
    from docx.oxml.ns import qn

    pg = sectpr.find(qn("w:pgNumType"))
    return pg is not None and pg.get(qn("w:start")) == "1"


# --- validation ------------------------------------------------------------------------

_MENTION = re.compile(r"ph[uụ]\s+l[uụ]c(?:\s+(?:số\s+)?([IVXLC]+\b|\d+))?", re.IGNORECASE)


def unreferred(draft: Draft, rules: RuleSet) -> list[int]:
    """Indexes of the phụ lục the body never mentions (B.2 Phụ lục: "the body must refer to each
    phụ lục"): 'Phụ lục II' or 'Phụ lục 2' for the second of several, any 'phụ lục' for a single one."""
    if not draft.appendices:
        return []
    text = " ".join([*(p.text for p in draft.body), draft.closing])
    mentions = [m.group(1) or "" for m in _MENTION.finditer(text)]
    if len(draft.appendices) < int(settings(rules).get("numbered_from", 2)):
        return [] if mentions else [0]
    said = {compute.roman(int(m)) if m.isdigit() else m.upper() for m in mentions}
    return [i for i in range(len(draft.appendices)) if compute.roman(i + 1) not in said]


def check_draft(draft: Draft, base: tuple, rules: RuleSet, report) -> None:
    """The validator's phụ lục rule (desktop/core/schema.py): a warning for each one the body never names."""
    if "appendix" not in rules.raw:
        return
    labels_ = labels(len(draft.appendices), rules)
    for index in unreferred(draft, rules):
        report.add("appendix_not_referred", "warning", (*base, "appendices", index), settings(rules)["ref"],
                   settings(rules).get("conf", ""), appendix=labels_[index])
