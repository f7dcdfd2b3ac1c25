"""The văn bản a quyết định issues or approves (NĐ 30 Phụ lục III Mẫu 1.3), after the decision.

A quyết định "quy định gián tiếp" (Mẫu 1.3) says in its Điều 1 "Ban hành kèm theo Quyết định này
Quy chế …" and prints that Quy chế after its own signature and Nơi nhận, on a new page: the
issuing body's header (agency | Quốc hiệu and Tiêu ngữ, no number or date line), the tên loại, the
trích yếu, the italic line "(Ban hành kèm theo Quyết định số …/QĐ-… ngày … tháng … năm … của …)"
with a short rule under it, then the body in chapters ("Chương I" over its title), sections
("Mục 1" over its title) and articles. Everything printed that is not typed (the line, the
chapter and section numbers) is computed here from the decision and the rule set's
``approved_text`` data; :func:`append_approved_text` adds it to the rendered decision as a new
section whose pages are numbered from 1, page 1 showing none (spec A.1 Page numbers).
"""

from __future__ import annotations

import copy as _copy
import re
from dataclasses import replace
from typing import Any

from docx.oxml.ns import qn

from desktop.core import compute, ooxml
from desktop.core.model import ApprovedText, Draft, Paragraph
from desktop.core.rules import RuleSet

CHAPTER_KINDS = ("chapter", "section")
"""Paragraph kinds an approved text adds to the body's: each prints as a number line over its title."""


def applies(draft: Draft, rules: RuleSet) -> bool:
    """Whether the draft's type can carry an approved text (a state quyết định, rule data)."""
    return applies_to_type(rules, draft.doc_type)


def approved_types(rules: RuleSet) -> list[str]:
    """Keys of the types an approved text may be (Quy chế, Quy định …), in rule-data order."""
    spec = rules.raw.get("approved_text") or {}
    return [key for key in spec.get("doc_types", []) if key in rules.doc_types]


# --- computed text ---------------------------------------------------------------------


def issuer_phrase(text: str, rules: RuleSet) -> str:
    """'ỦY BAN NHÂN DÂN XÃ HÒA BÌNH' → 'Ủy ban nhân dân xã Hòa Bình': the authority as a sentence
    names it (lower case, the names of bodies and titles capitalised, the place's name after its
    level — xã, tỉnh, thành phố … — with each word capitalised)."""
    spec = rules.raw["approved_text"]
    capitals = sorted(spec.get("issuer_capitals", []), key=len, reverse=True)
    levels = sorted(spec.get("place_levels", []), key=len, reverse=True)
    by_lower = {c.lower(): c for c in capitals}
    pattern = r"\b(" + "|".join(re.escape(c) for c in by_lower) + r")\b"
    segments = []
    for segment in " ".join(text.split()).split(","):
        words = segment.strip().lower()
        if not words:
            continue
        if capitals:
            words = re.sub(pattern, lambda m: by_lower[m.group(1)], words)
        if levels:
            level = re.search(r"\b(" + "|".join(re.escape(v) for v in levels) + r")\b(.*)$", words)
            if level is not None:
                name = " ".join(compute.title_name(w) for w in level.group(2).split())
                words = words[: level.start(2)].rstrip() + (" " + name if name else "")
        segments.append(words)
    out = ", ".join(segments)
    return out[:1].upper() + out[1:]


def kem_theo_line(draft: Draft, rules: RuleSet) -> str:
    """'(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05 tháng 3 năm 2026 của Ủy ban nhân dân
    xã Hòa Bình)'; the number and date left as dots while the decision is not issued."""
    spec = rules.raw["approved_text"]
    blank = spec["blank"]
    code = compute.document_code(draft, rules)
    number = compute.pad_number(draft.number, rules) if draft.number.strip() else blank
    date = compute.parse_iso_date(draft.date)
    day, month, year = (compute.date_words(date.day, date.month, date.year, rules) if date is not None
                        else (blank, blank, blank))
    authority = draft.enacting_authority.strip() or draft.issuer.strip()
    return spec["line"].format(decision=rules.doc_type(draft.doc_type).label, number_code=f"{number}/{code}",
                               day=day, month=month, year=year,
                               issuer=issuer_phrase(authority, rules) if authority else blank)


def body_lead(draft: Draft, rules: RuleSet) -> str:
    """What the decision's Điều 1 says of it: 'Ban hành kèm theo Quyết định này Quy chế làm việc …'."""
    approved = draft.approved or ApprovedText()
    label = rules.doc_type(approved.doc_type).label if approved.doc_type in rules.doc_types else ""
    summary = " ".join(approved.summary.split()).rstrip(".")
    first = summary.split(" ", 1)[0]
    if first[1:] == first[1:].lower():  # 'Làm việc …' reads 'làm việc …' inside the sentence; 'UBND …' stays
        summary = summary[:1].lower() + summary[1:]
    text = rules.raw["approved_text"]["body_lead"].format(type_label=label, summary=summary)
    return re.sub(r"\s+([.,;])", r"\1", " ".join(text.split()))


def chapter_labels(body: list[Paragraph], rules: RuleSet) -> list[str]:
    """'Chương I', 'Mục 1' … for chapter and section paragraphs ('' for the others); sections count
    within their chapter (B.2 ô 6)."""
    spec = rules.raw["approved_text"]
    counters = {"chapter": 0, "section": 0}
    numerals = {"roman": compute.roman, "arabic": str, "alpha": compute.alpha_vi}
    labels = []
    for para in body:
        if para.style not in counters:
            labels.append("")
            continue
        counters[para.style] += 1
        if para.style == "chapter" and spec["section"].get("restart_by") == "chapter":
            counters["section"] = 0
        kind = spec[para.style]
        labels.append(f"{kind['prefix']}{numerals[kind['numeral']](counters[para.style])}")
    return labels


def approved_labels(body: list[Paragraph], rules: RuleSet) -> list[str]:
    """The number printed before each paragraph of an approved text: 'Chương I', 'Mục 1', 'Điều 3. ',
    '1. ' …; articles count through the whole text, across chapters."""
    chapters = chapter_labels(body, rules)
    plain = [replace(p, style="body") if p.style in CHAPTER_KINDS else p for p in body]
    numbers = compute.heading_labels(plain, rules)
    return [chapter or number for chapter, number in zip(chapters, numbers, strict=True)]


def applies_to_type(rules: RuleSet, doc_type: str) -> bool:
    """Whether a type of this rule set can carry an approved text (Mẫu 1.3: a state quyết định)."""
    return doc_type in (rules.raw.get("approved_text") or {}).get("decision_types", [])


# --- rendering -------------------------------------------------------------------------


def _is_sentence(para: Paragraph) -> bool:
    """A khoản that is a sentence ('1. Quy chế này quy định …'), not a title: it prints upright."""
    return para.text.rstrip().endswith((".", ";", ":", "!", "?"))


def _upright_runs(para: Paragraph, label: str) -> list[tuple[str, bool | None, bool]]:
    """The khoản's number and text not bold (its style is bold for titled khoản), bold runs kept;
    one line (a typed line break becomes a space: a khoản is one paragraph)."""
    from desktop.core.render import clean

    runs: list[tuple[str, bool | None, bool]] = [(label, None, False)] if label else []
    for run in para.runs:
        text = clean(run.text).replace("\n", " ")
        if text:
            runs.append((text, True if run.bold else None, bool(run.italic)))
    return runs


def _paragraph(style: str, runs_xml: str) -> Any:
    from desktop.core.render import style_id, style_name

    return ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr><w:pStyle w:val="{style_id(style_name(style))}"/>'
                       f"</w:pPr>{runs_xml}</w:p>")


def _text(style: str, text: str) -> Any:
    """One paragraph of plain text; a typed line break is a line break (w:br) inside it."""
    from desktop.core.render import RunsXml

    lines = [RunsXml([(line, False, False)]).xml if line else "" for line in text.split("\n")]
    return _paragraph(style, "<w:r><w:br/></w:r>".join(lines))


def approved_elements(draft: Draft, header_table: Any, rules: RuleSet) -> list[Any]:
    """The approved text's paragraphs and tables, in order (its header a copy of the decision's
    first row: agency | Quốc hiệu and Tiêu ngữ)."""
    from desktop.core.render import RunsXml, _body_paragraphs, apply_case, clean, rule_style_name, style_id

    approved = draft.approved
    assert approved is not None
    out: list[Any] = []
    if header_table is not None:
        table = _copy.deepcopy(header_table)
        rows = list(table.iterchildren(qn("w:tr")))
        for row in rows[1:]:  # Mẫu 1.3: the approved text has no number or date line of its own
            table.remove(row)
        out.append(table)
    doc_type = rules.doc_types.get(approved.doc_type)
    out.append(_text("type_name", doc_type.name if doc_type else compute.upper(approved.doc_type)))
    summary = clean(approved.summary).strip()
    if summary:
        out.append(_text("summary", summary))
    out.append(_text("approved_line", clean(kem_theo_line(draft, rules))))
    # Mẫu 1.3 draws the trích yếu's rule under the "Kèm theo" line (sized on the trích yếu, B.2 ô 5a)
    out.append(ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr><w:pStyle w:val="'
                           f'{style_id(rule_style_name("summary"))}"/></w:pPr></w:p>'))
    body = approved.body
    for para, label in zip(body, approved_labels(body, rules), strict=True):
        if para.style in CHAPTER_KINDS:
            out.append(_text(para.style, label))
            title = " ".join(clean(para.text).split())
            if title:
                out.append(_text(f"{para.style}_title", apply_case(title, rules.parts.get(f"{para.style}_title"))))
            continue
        if para.style == "heading2" and _is_sentence(para):  # a khoản bold only with a title (B.2 ô 6)
            out.append(_paragraph(para.style, RunsXml(_upright_runs(para, label)).xml))
            continue
        for item in _body_paragraphs([para], rules, [label]):
            out.append(_paragraph(item["style"], item["rich"].xml))
    return out


def append_approved_text(document: Any, draft: Draft, rules: RuleSet) -> None:
    """Add the approved text after the rendered decision: a section break, then its own pages,
    numbered from 1 with no number on the first, its first page without the decision's draft
    marker or contact line."""
    from desktop.core.render import fit_lines

    if draft.approved is None or not applies(draft, rules) or "approved_text" not in rules.raw:
        return
    body = document.element.body
    final = body.sectPr
    header_table = body.find(qn("w:tbl"))
    breaker = _copy.deepcopy(final)
    p = ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr/></w:p>')
    p[0].append(breaker)
    final.addprevious(p)
    elements = approved_elements(replace(draft, rule_set=rules.id), header_table, rules)
    for element in elements:
        final.addprevious(element)
    ooxml.restart_page_numbers(final)
    _blank_first_page(document, final)
    fit_lines(_Scope(elements), rules, ooxml.text_width_twips(final))


def _blank_first_page(document: Any, sectpr: Any) -> None:
    """Give the section's first page a header and a footer of its own, each one empty paragraph (no
    page number, no draft marker, no contact line on the approved text's page 1). The parts are
    built here, not from python-docx's template files, which a frozen build does not ship where
    python-docx looks for them."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.parts.hdrftr import FooterPart, HeaderPart

    package = document.part.package
    kinds = (("header", "hdr", HeaderPart, CONTENT_TYPE.WML_HEADER, RELATIONSHIP_TYPE.HEADER),
             ("footer", "ftr", FooterPart, CONTENT_TYPE.WML_FOOTER, RELATIONSHIP_TYPE.FOOTER))
    for kind, tag, part_class, content_type, relationship in kinds:
        element = parse_xml(f'<w:{tag} xmlns:w="{ooxml.W_NS}"><w:p/></w:{tag}>')
        part = part_class(package.next_partname(f"/word/{kind}%d.xml"), content_type, element, package)
        rid = document.part.relate_to(part, relationship)
        for reference in sectpr.findall(qn(f"w:{kind}Reference")):
            if reference.get(qn("w:type")) == "first":
                sectpr.remove(reference)
        reference = sectpr.makeelement(qn(f"w:{kind}Reference"), {qn("w:type"): "first", qn("r:id"): rid})
        sectpr.insert(0, reference)
    ooxml.group_header_footer_references(sectpr)


class _Scope:
    """The approved text's elements as one root for :func:`desktop.core.render.fit_lines` (which
    walks ``root.iter``), so the decision's own lines are not sized twice."""

    def __init__(self, elements: list[Any]) -> None:
        self.elements = elements

    def iter(self, *tags: Any):
        for element in self.elements:
            yield from element.iter(*tags)


# --- reading back ----------------------------------------------------------------------

_DIVISION = re.compile(r"^(Chương|Mục)\s+([IVXLC]+|\d+)\s*\.?$", re.I)
_NOTE = re.compile(r"^\(\s*(?:(?:ban hành|phê duyệt)\s+)?kèm theo\b", re.I)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def approved_body(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """An imported approved text's body as the draft holds it: the "Kèm theo" line left out (it is
    computed), each "Chương I" / "Mục 1" line and the capitals title under it one chapter or section."""
    paras = list(paragraphs)
    while paras and paras[0].style == "body" and _NOTE.match(paras[0].text.strip()):
        note = paras.pop(0).text.strip()
        while paras and not note.endswith(")") and paras[0].style == "body":
            note = paras.pop(0).text.strip()
    out: list[Paragraph] = []
    index = 0
    while index < len(paras):
        para = paras[index]
        match = _DIVISION.match(para.text.strip()) if para.style == "body" else None
        if match is None:
            out.append(para)
            index += 1
            continue
        kind = "chapter" if match.group(1).lower() == "chương" else "section"
        title = ""
        following = paras[index + 1] if index + 1 < len(paras) else None
        if following is not None and following.style == "body" and _is_caps(following.text) \
                and _DIVISION.match(following.text.strip()) is None:
            title = " ".join(following.text.split())
            index += 1
        out.append(Paragraph.plain(title, kind))
        index += 1
    return out


def absorb_approved_text(main: Draft, rules: RuleSet) -> Draft:
    """The first attachment of an imported quyết định that carries a "(Ban hành kèm theo Quyết định
    số …)" line under its trích yếu becomes the decision's approved text (Mẫu 1.3)."""
    if not main.attachments or not applies(main, rules):
        return main
    first = main.attachments[0]
    if first.doc_type not in rules.doc_types or not first.body or not _NOTE.match(first.body[0].text.strip()):
        return main
    main.approved = ApprovedText(doc_type=first.doc_type, summary=first.summary, body=approved_body(first.body))
    main.attachments = main.attachments[1:]
    return main


def normalize_approved(approved: ApprovedText | None, rules: RuleSet) -> ApprovedText | None:
    """The approved text as a render-then-import gives it back: a paragraph holding a line break
    several, text trimmed, chapter and section titles in capitals (their case is printed)."""
    from desktop.core.check.importer import normalize_for_roundtrip

    if approved is None:
        return None
    out: list[Paragraph] = []
    for para in approved.body:
        if para.style in CHAPTER_KINDS:
            out.append(Paragraph.plain(compute.upper(" ".join(para.text.split())), para.style))
        else:
            out.extend(normalize_for_roundtrip(Draft(rule_set=rules.id, doc_type="thong_bao", body=[para])).body)
    return ApprovedText(doc_type=approved.doc_type, summary=approved.summary.strip(), body=out)


# --- validation ------------------------------------------------------------------------

_REFERS = re.compile(r"kèm theo\s+(?:quyết định|nghị quyết)\s+này", re.I)


def rule_problems(draft: Draft, base: tuple[str | int, ...], rules: RuleSet) -> list[Any]:
    """What the validator says of a draft's approved text (NĐ 30 Mẫu 1.3), as schema.Problem items."""
    from desktop.core.i18n import tr
    from desktop.core.schema import Problem, field_label, field_path

    approved = draft.approved
    if approved is None:
        return []
    ref = rules.raw.get("approved_text", {}).get("ref", "NĐ 30 Phụ lục III Mẫu 1.3")
    out: list[Problem] = []

    def add(code: str, severity: str, parts: tuple[str | int, ...], **params: Any) -> None:
        label = field_label(parts)
        out.append(Problem(code=f"rule.approved_{code}", severity=severity, field=field_path(parts), label=label,
                           message=tr(f"approved.{code}", label=label, **params),
                           fix=tr(f"approved.{code}.fix", label=label, **params), ref=ref))

    at = (*base, "approved")
    if not applies(draft, rules):
        add("not_decision", "error", at, type=rules.doc_type(draft.doc_type).label)
        return out
    allowed = approved_types(rules)
    if approved.doc_type not in allowed:
        add("type_unknown", "error", (*at, "doc_type"), value=approved.doc_type,
            allowed=", ".join(rules.doc_type(k).label for k in allowed))
    if not approved.summary.strip():
        add("summary_missing", "error", (*at, "summary"))
    if not any(p.text.strip() for p in approved.body):
        add("body_missing", "error", (*at, "body"))
    for index, para in enumerate(approved.body):
        if para.style in CHAPTER_KINDS and not para.text.strip():
            add("title_missing", "warning", (*at, "body", index), kind=tr(f"approved.kind.{para.style}"))
        typed = _DIVISION.match(para.text.strip()) if para.style not in CHAPTER_KINDS else None
        if typed is not None:  # "Chương II" typed as text: the rules number it, and would not renumber it
            kind = "chapter" if typed.group(1).lower() == "chương" else "section"
            add("division_typed", "warning", (*at, "body", index), written=para.text.strip(),
                kind=tr(f"approved.kind.{kind}"))
    if approved.doc_type in rules.doc_types and not any(_REFERS.search(p.text) for p in draft.body):
        add("not_referred", "warning", (*base, "body"), sentence=body_lead(draft, rules))
    return out


# --- live preview ----------------------------------------------------------------------


def layout_approved(builder: Any) -> None:
    """The approved text on the preview's pages (desktop.core.layout), as :func:`append_approved_text`
    prints it: a new section, the header's first row, tên loại, trích yếu, the Kèm theo line and the
    trích yếu's rule, then chapters, sections and articles. Fields lead back to "approved.…"."""
    from desktop.core import layout

    draft, rules = builder.draft, builder.rules
    approved = draft.approved
    if approved is None or not applies(draft, rules):
        return
    builder.out.new_page(new_section=True)
    left, right = builder.columns("header_columns_cm", "header_left", "header_right")
    builder.agency(left, draft.superior, draft.issuer)
    title = builder.add(right, "header_title", rules.fixed_text["header_title"]["text"], "rule_set")
    last_part = "header_title"
    if "motto" in rules.fixed_text and builder.part("motto") is not None:
        title = builder.add(right, "motto", rules.fixed_text["motto"]["text"], "rule_set")
        last_part = "motto"
    builder.separator(right, last_part, title)
    builder.out.side_by_side(left, right)
    builder.out.y += builder.gap()
    col = builder.full("title")
    doc_type = rules.doc_types.get(approved.doc_type)
    builder.add(col, "type_name", doc_type.name if doc_type else approved.doc_type, "approved.doc_type")
    summary = builder.add(col, "summary", approved.summary, "approved.summary")
    builder.add(col, "approved_line", kem_theo_line(draft, rules), "approved")
    builder.separator(col, "summary", summary, after=layout.AFTER_TITLE_PT)
    builder.out.flow(col)
    col = builder.full("body")
    for index, (para, label) in enumerate(zip(approved.body, approved_labels(approved.body, rules), strict=True)):
        where = f"approved.body[{index}]"
        if para.style in CHAPTER_KINDS:
            spacing = dict(line_height=builder.body_line, space_after=builder.space_after)
            builder.add(col, para.style, label, where, **spacing)
            builder.add(col, f"{para.style}_title", para.text, where, **spacing)
            continue
        if not para.text.strip():
            continue
        part = builder.part(para.style) or rules.part("body")
        plain = compute.article_without_title(para, rules) or (para.style == "heading2" and _is_sentence(para))
        builder.paragraph(col, layout._frags_of_runs(para.runs, part, label, plain), part, where)
    builder.out.flow(col)
