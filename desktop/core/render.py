"""Draft → official .docx, through the docxtpl templates in templates_docx/<rule_set>/<form>.docx (one per form).

The templates are generated from the rule data by tools/build_templates.py; this module
only fills them in. Every computed string (number line, date line, signature prefixes,
recipient punctuation, heading numbers) comes from :mod:`desktop.core.compute`.
After docxtpl has rendered, :func:`fit_lines` sizes the drawn rules whose length depends
on the text above them (spec B.1 ô 1, B.2 ô 1/ô 2/ô 5a: as long as the text, or 1/3–1/2 of
it), boxes the state urgency/circulation marks (B.2 ô 10b/11) and hangs a multi-line
"Kính gửi:" block (B.2 ô 9a); attachments are appended as their own sections.
"""

from __future__ import annotations

import copy as _copy
import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from docx.enum.section import WD_HEADER_FOOTER
from docx.oxml.ns import qn
from docx.section import _Header
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError
from markupsafe import Markup

from desktop.core import appendices, compute, ooxml
from desktop.core.atomic import atomic_write_bytes
from desktop.core.body_tables import legacy_table_layout, replace_table_markers, table_block, table_blocks
from desktop.core.errors import VanBanError
from desktop.core.metrics import (
    REPORT_BRACE_COLUMN_PT,
    REPORT_BRACE_CURL,
    REPORT_BRACE_RUN_PT,
    REPORT_BRACE_WIDTH_PT,
    report_brace_height_pt,
    widest_line_pt,
    wrapped_lines,
)
from desktop.core.model import BODY_STYLES, Draft, Paragraph, Signature, is_table, nfc
from desktop.core.records import replace  # records (rule set parts) and dataclasses alike
from desktop.core.rules import PartStyle, RuleSet, load_rule_set
from desktop.resources import resource_path

# --- style names shared with tools/build_templates.py ------------------------------------

STYLE_PREFIX = "VB "
RULE_SUFFIX = " Rule"
BODY_PART_OF_STYLE = {"dash": "body", "plus": "body"}
"""Body kinds without a part of their own take the look of this part."""
BOX_PADDING_PT = 4.0
BOX_BORDER_SPACE_PT = 1
"""Gap between a boxed mark's text and its paragraph border (w:space)."""
BOX_BORDER_PT = 0.75
"""Width of that border (w:sz 6 eighths)."""


def stamp_line_pt(height_mm: float) -> float:
    """Exact line height that makes a bordered one-line paragraph ``height_mm`` tall, borders included."""
    return round(height_mm * 72 / 25.4 - 2 * (BOX_BORDER_SPACE_PT + BOX_BORDER_PT), 1)
"""Space between a boxed mark (B.2 ô 10b, ô 11) and its border."""


def style_name(key: str) -> str:
    """'heading1' → 'VB Heading 1', 'header_title' → 'VB Header Title'."""
    words = re.sub(r"(\d+)", r" \1", key).replace("_", " ").split()
    return STYLE_PREFIX + " ".join(w.capitalize() for w in words)


def style_id(name: str) -> str:
    """The w:styleId python-docx derives from a style name (spaces removed)."""
    return name.replace(" ", "")


def rule_style_name(part: str) -> str:
    return style_name(part) + RULE_SUFFIX


# --- text hygiene --------------------------------------------------------------------

_ILLEGAL_XML = re.compile("[^\t\n\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029|\x85")


def clean(text: Any) -> str:
    """NFC text with line breaks normalised to '\\n' and XML-illegal characters removed."""
    if text is None:
        return ""
    return _ILLEGAL_XML.sub("", _NEWLINES.sub("\n", nfc(str(text))))


def xml_text(text: str) -> str:
    """Text escaped for a w:t element. '_' is written as a character reference because
    docxtpl turns '{_{', '}_}', '{_%' and '%_}' in rendered output into Jinja delimiters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("_", "&#95;")


def _finalize(value: Any) -> Any:
    if hasattr(value, "__html__"):
        return value
    return Markup(xml_text(clean(value)))


class RunsXml:
    """Runs of one body paragraph as WordprocessingML, for a ``{{r … }}`` placeholder."""

    __slots__ = ("xml",)

    def __init__(self, runs: list[tuple[str, bool | None, bool]]) -> None:
        """``bold``: True bold, False as the style, None not bold even in a bold style."""
        parts = []
        for text, bold, italic in runs:
            weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>' if bold is None else ""
            props = weight + ("<w:i/><w:iCs/>" if italic else "")
            rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
            parts.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>')
        self.xml = "".join(parts)

    def __html__(self) -> str:
        return self.xml


JINJA_ENV = Environment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


# --- context -------------------------------------------------------------------------


def apply_case(text: str, part: PartStyle | None) -> str:
    if part is None or not part.case:
        return text
    if part.case == "upper":
        return compute.upper(text)
    if part.case == "title":
        return "\n".join(compute.title_name(line) for line in text.split("\n"))
    return text


def _part_text(rules: RuleSet, part: str, text: str) -> str:
    return apply_case(clean(text).strip(), rules.parts.get(part))


def _signature_block(sig: Signature, rules: RuleSet) -> dict[str, Any]:
    try:
        authority = compute.signature_lines(sig, rules)
    except KeyError as exc:
        raise VanBanError("render.unknown_signature_mode", mode=sig.mode) from exc
    return {
        "authority_lines": [clean(line) for line in authority],
        "signer_title": _part_text(rules, "signer_title", sig.position),
        "signer_name": _part_text(rules, "signer_name", sig.name),
    }


def _signer_columns(draft: Draft, doc_type, rules: RuleSet) -> list[dict[str, Any]]:
    """A type that signs side by side (NĐ 30 Mẫu 1.9): each column's signer, left to right, with the
    type's fixed heading over it ("ĐẠI DIỆN BÊN A"); empty for a type with one signer."""
    if doc_type.signatures != 2:
        return []
    headings = doc_type.signature_headings or ("", "")
    out = []
    for heading, name in zip(headings, doc_type.signature_columns(), strict=True):
        sig = getattr(draft, name) or Signature()
        out.append({"heading": heading, **_signature_block(sig, rules)})
    return out


def _recipient_block(recipients, rules: RuleSet, *, letter_with_addressees: bool = False) -> dict[str, Any]:
    lines = compute.recipient_lines(recipients, rules, letter_with_addressees=letter_with_addressees)
    lead: list[str] = []  # lines before the report group ('- Như trên;' of a công văn)
    by_kind: dict[str, list[str]] = {"report": [], "recipient": [], "archive": []}
    for line in lines:
        if line.kind in ("recipient", "report_each") and not by_kind["report"]:
            lead.append(clean(line.text))
        elif line.kind in by_kind:
            by_kind[line.kind].append(clean(line.text))
    return {
        "lead_lines": lead,
        "report_lines": by_kind["report"],
        "report_note": compute.report_note(rules),
        "recipient_lines": by_kind["recipient"],
        "archive_line": "\n".join(by_kind["archive"]),
    }


def _addressee_text(addressees: list[str], rules: RuleSet) -> str:
    """What follows 'Kính gửi:'. One addressee: ' A' on the label's line; several: each on its own
    line below, '- A;' … the last ending '.' (B.2 ô 9a, NĐ 30 Mẫu 1.5)."""
    names = [clean(a).strip() for a in addressees if clean(a).strip()]
    if len(names) <= 1:
        return " " + names[0] if names else ""
    letter = rules.letter
    lines = []
    for index, name in enumerate(names):
        end = letter["addressee_last_end"] if index == len(names) - 1 else letter["addressee_line_end"]
        lines.append(f"{letter['addressee_prefix']}{name.rstrip(',;.')}{end}")
    return "\n" + "\n".join(lines)


def _cable_block(draft: Draft, doc_type, rules: RuleSet) -> dict[str, str]:
    """A công điện (NĐ 30 Mẫu 1.6): '<sender> điện:' centred, then '- A;' … '- B.' in one paragraph."""
    sender = " ".join(clean(draft.enacting_authority).split())
    if not doc_type.sender_suffix:
        return {"cable_sender": "", "cable_addressees": ""}
    letter = rules.letter
    names = [clean(a).strip().rstrip(",;.") for a in draft.addressees if clean(a).strip()]
    lines = [f"{letter['addressee_prefix']}{name}"
             f"{letter['addressee_last_end'] if i == len(names) - 1 else letter['addressee_line_end']}"
             for i, name in enumerate(names)]
    return {"cable_sender": sender + doc_type.sender_suffix if sender else "", "cable_addressees": "\n".join(lines)}


def _typist_line(extras, rules: RuleSet) -> str:
    typist = clean(extras.typist).strip()
    fmt = rules.raw.get("typist_line", {})
    if extras.copies is not None and typist:
        return fmt["with_copies"].format(typist=typist, copies=extras.copies)
    return fmt["initials_only"].format(typist=typist) if typist else ""


def _body_paragraphs(body: list[Paragraph], rules: RuleSet, labels: list[str] | None = None) -> list[dict[str, Any]]:
    """Body paragraphs with their numbers (``labels``: given by the caller, else computed); a '\\n' typed
    inside a paragraph starts a new one."""
    styles = [p.style if p.style in BODY_STYLES else "body" for p in body]
    normalised = [replace(p, style=s) for p, s in zip(body, styles, strict=True)]
    labels = compute.heading_labels(normalised, rules) if labels is None else labels
    out: list[dict[str, Any]] = []
    for original, para, label in zip(body, normalised, labels, strict=True):
        if is_table(original):  # a marker paragraph, the Word table put in its place after rendering
            out.append(table_block(original.table))
            continue
        part = rules.parts.get(para.style)
        plain_text = compute.article_without_title(para, rules)  # only 'Điều 1.' bold (B.2 ô 6)
        pieces: list[list[tuple[str, bool | None, bool]]] = [[]]
        if label:
            pieces[0].append((label, False, False))
        for run in para.runs:
            chunks = clean(run.text).split("\n")
            for index, chunk in enumerate(chunks):
                if index:
                    pieces.append([])
                if chunk:
                    bold = bool(run.bold) or (None if plain_text else False)
                    pieces[-1].append((apply_case(chunk, part), bold, bool(run.italic)))
        out.extend({"style": para.style, "rich": RunsXml(runs)} for runs in pieces)
    return out


def _lines(values: list[str]) -> list[str]:
    out = []
    for value in values:
        out.extend(line for line in clean(value).split("\n") if line.strip())
    return out


def build_context(draft: Draft, rules: RuleSet) -> dict[str, Any]:
    """Everything the template prints, computed from the draft by the rules."""
    doc_type = rules.doc_type(draft.doc_type)
    extras = draft.extras
    addressees = _addressee_text(draft.addressees, rules)
    doc: dict[str, Any] = {
        "superior": _part_text(rules, "superior", draft.superior),
        "issuer": _part_text(rules, "issuer", draft.issuer),
        "number_line": clean(compute.draft_number_line(draft, rules)),
        "date_line": clean(compute.draft_date_line(draft, rules)),
        "type_name": doc_type.name,
        "decide_line": doc_type.decide_line,
        "summary": clean(draft.summary).strip() if doc_type.summary or doc_type.letter else "",
        "letter_summary": clean(compute.letter_summary(draft, rules)) if doc_type.letter else "",
        "addressee_text": addressees if (doc_type.addressee != "none" or doc_type.letter)
        and not doc_type.sender_suffix else "",
        **_cable_block(draft, doc_type, rules),
        "enacting_authority": _part_text(rules, "enacting_authority", draft.enacting_authority)
        if doc_type.enacting else "",
        "legal_bases": compute.legal_basis_lines(_lines(draft.legal_bases), rules) if doc_type.legal_bases else [],
        "closing": clean(draft.closing).strip(),
        "secrecy": _part_text(rules, "secrecy", extras.secrecy),
        "urgency": _part_text(rules, "urgency", extras.urgency),
        "circulation": _part_text(rules, "circulation", extras.circulation),
        "draft_marker": _part_text(rules, "draft_marker", extras.draft_marker) if "draft_marker" in rules.parts else "",
        "contact": clean(extras.contact).strip(),
        "typist_line": _typist_line(extras, rules),
        **_signature_block(draft.signature, rules),
        "signers": _signer_columns(draft, doc_type, rules),
        **_recipient_block(draft.recipients, rules, letter_with_addressees=doc_type.letter and bool(addressees)),
    }
    closing_paragraphs = [{"style": "body", "rich": RunsXml([(line, False, False)])}
                          for line in doc["closing"].split("\n") if line.strip()]
    return {"doc": doc, "body": _body_paragraphs(draft.body, rules) + closing_paragraphs,
            "copy": _copy_context(draft, rules)}


def _copy_context(draft: Draft, rules: RuleSet) -> dict[str, Any] | None:
    block = draft.copy
    if block is None:
        return None
    if block.kind not in rules.copy["labels"]:
        raise VanBanError("render.unknown_copy_kind", kind=block.kind)
    return {
        "superior": _part_text(rules, "superior", block.superior),
        "issuer": _part_text(rules, "issuer", block.issuer),
        "label": rules.copy["labels"][block.kind],
        "number_line": clean(compute.copy_number_line(block, rules)),
        "date_line": clean(compute.copy_date_line(block, rules)),
        **_signature_block(block.signature, rules),
        **_recipient_block(block.recipients, rules),
    }


# --- templates -----------------------------------------------------------------------


def resolve_rules(draft: Draft) -> RuleSet:
    """The draft's rule set, or a VanBanError naming the unknown rule set / document type."""
    try:
        rules = load_rule_set(draft.rule_set)
    except KeyError as exc:
        raise VanBanError("render.unknown_rule_set", rule_set=draft.rule_set) from exc
    if draft.doc_type not in rules.doc_types:
        raise VanBanError("render.unknown_doc_type", doc_type=draft.doc_type, rule_set=rules.id,
                          known=", ".join(rules.doc_types))
    return rules


def template_path(rule_set_id: str, form: str) -> Path:
    """The template of one form (RuleSet.forms): every type of that form prints with it."""
    return resource_path("templates_docx", rule_set_id, f"{form}.docx")


@cache
def template_bytes(rule_set_id: str, form: str) -> bytes:
    """The template file, read once per run (docxtpl re-opens its source on every render)."""
    path = template_path(rule_set_id, form)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise VanBanError("render.template_missing", path=str(path)) from exc


# --- after rendering: rules, boxes, hanging addressees -------------------------------


_TYPE_NAME_ID = style_id(style_name("type_name"))
"""The tên loại's style id: the rule under a type with no trích yếu is measured on it (Mẫu 1.8, 1.10)."""


@cache
def _fit_plan(rules: RuleSet) -> tuple[dict[str, tuple[str, str, float]], dict[str, PartStyle], str | None]:
    """Rule paragraphs (style id → measured style id, part, fraction), boxed parts, addressee style."""
    rule_plan: dict[str, tuple[str, str, float]] = {}
    boxes: dict[str, PartStyle] = {}
    for name, part in rules.parts.items():
        line = part.line
        if line is not None and line.kind == "rule" and line.fraction is not None and line.length != "full_width":
            # rules.line_lengths: "text" draws as long as the text, "third_to_half" the middle of 1/3–1/2
            rule_plan[style_id(rule_style_name(name))] = (style_id(style_name(name)), name, line.fraction.default)
        if part.box:
            boxes[style_id(style_name(name))] = part
    addressee = style_id(style_name("addressee")) if "addressee" in rules.parts else None
    return rule_plan, boxes, addressee


def _container_width(p, page_width: int) -> int:
    for ancestor in p.iterancestors(qn("w:tc")):
        width = ooxml.cell_width_twips(ancestor)
        return width if width is not None else page_width
    return page_width


def _widest_pt(lines: list[str], part: PartStyle, wrap_pt: float | None = None) -> float:
    """Width of the widest line of ``part``'s text, after wrapping words at ``wrap_pt``."""
    return widest_line_pt(lines, part.size.default, bold=bool(part.bold), italic=bool(part.italic), wrap_pt=wrap_pt)


def fit_lines(root, rules: RuleSet, page_width: int) -> None:
    """Size every rule, box and multi-line addressee block below ``root`` (twips)."""
    rule_plan, boxes, addressee = _fit_plan(rules)
    _fit_report_tables(root, rules)
    wanted = set(rule_plan) | set(boxes) | ({addressee} if addressee else set())
    for p in list(ooxml.iter_paragraphs_with_style(root, wanted)):
        sid = ooxml.style_of(p)
        width = _container_width(p, page_width)
        ppr = p.find(qn("w:pPr"))
        if sid in rule_plan:
            measured_id, part_name, fraction = rule_plan[sid]
            source = p.getprevious()
            measured = {measured_id, _TYPE_NAME_ID} if part_name == "summary" else {measured_id}
            while source is not None and not (source.tag == qn("w:p") and ooxml.style_of(source) in measured):
                source = source.getprevious()
            lines = ooxml.paragraph_lines(source) if source is not None else [""]
            text_w = min(width, ooxml.pt_to_twips(_widest_pt(lines, rules.part(part_name), width / ooxml.TWIPS_PER_PT)))
            indent = max(0, round((width - text_w * fraction) / 2))
            ooxml.set_indents(ppr, left=indent, right=indent)
        elif sid in boxes:
            part = boxes[sid]
            frame = part.frame_mm(" ".join(ooxml.paragraph_lines(p)))
            if frame is not None:  # Phụ lục I III.2.b: the stamp's own size, flush with the column's text
                edge = ooxml.pt_to_twips(BOX_BORDER_SPACE_PT + BOX_BORDER_PT)
                inner = ooxml.mm_to_twips(frame[0]) - 2 * edge
                ooxml.set_indents(ppr, left=edge, right=max(0, width - edge - inner))
                continue
            text_w = ooxml.pt_to_twips(_widest_pt(ooxml.paragraph_lines(p), part) + 2 * BOX_PADDING_PT)
            indent = max(0, round((width - min(width, text_w)) / 2))
            ooxml.set_indents(ppr, left=indent, right=indent)
        else:
            _hang_addressees(p, ppr, rules, width)


def _fit_report_tables(root, rules: RuleSet) -> None:
    """The report group's note sits just right of its widest line, the brace column between
    them (B.1/B.2 ô 9b, F.19)."""
    part = rules.part("recipients")
    for list_tc, brace_tc, note_tc, note_p in _report_groups(root):
        tbl = next(note_p.iterancestors(qn("w:tbl")))
        total = sum(ooxml.cell_width_twips(tc) or 0 for tc in (list_tc, brace_tc, note_tc))
        brace = ooxml.pt_to_twips(REPORT_BRACE_COLUMN_PT)
        room = total - brace
        if room <= 0:
            continue
        note_w = ooxml.pt_to_twips(_widest_pt(ooxml.paragraph_lines(note_p), part) + 2 * BOX_PADDING_PT)
        text_w = ooxml.pt_to_twips(_widest_pt(_cell_lines(list_tc), part, (room - note_w) / ooxml.TWIPS_PER_PT)
                                   + BOX_PADDING_PT)
        left = max(room // 4, min(room - note_w, text_w))
        ooxml.table_layout(tbl, [left, brace, room - left])


def _draw_report_braces(root, rules: RuleSet) -> None:
    """The brace "}" beside each report group, as tall as the group's printed lines (B.1 ô 9b)."""
    part = rules.part("recipients")
    for list_tc, brace_tc, _note_tc, _note_p in _report_groups(root):
        width_pt = (ooxml.cell_width_twips(list_tc) or 0) / ooxml.TWIPS_PER_PT
        printed = wrapped_lines(_cell_lines(list_tc), part.size.default, bold=bool(part.bold),
                                italic=bool(part.italic), wrap_pt=width_pt or None)
        height = report_brace_height_pt(len(printed), part.size.default)
        brace_p = brace_tc.find(qn("w:p"))
        if brace_p is not None and printed:
            brace_p.append(ooxml.shape_run("rightBrace", REPORT_BRACE_WIDTH_PT, height, shape_id=1,
                                           name="Ngoặc nhọn", run_size_pt=REPORT_BRACE_RUN_PT,
                                           adjust={"adj1": REPORT_BRACE_CURL}))


def _report_groups(root):
    """(list cell, brace cell, note cell, note paragraph) of each report group's nested table."""
    note_id = style_id(style_name("report_note"))
    for p in list(ooxml.iter_paragraphs_with_style(root, {note_id})):
        note_tc = next(p.iterancestors(qn("w:tc")), None)
        if note_tc is None:
            continue
        cells = list(note_tc.getparent().iterchildren(qn("w:tc")))
        if len(cells) == 3 and cells[2] is note_tc:
            yield cells[0], cells[1], note_tc, p


def _cell_lines(tc) -> list[str]:
    return [line for q in tc.iter(qn("w:p")) for line in ooxml.paragraph_lines(q)]


def _hang_addressees(p, ppr, rules: RuleSet, width: int) -> None:
    """'Kính gửi:' on its own line, the '- A;' lines below it starting under the colon (B.2 ô 9a)."""
    lines = ooxml.paragraph_lines(p)
    if len(lines) < 2:
        return
    part = rules.part("addressee")
    hang = ooxml.pt_to_twips(_widest_pt([rules.letter["addressee_label"].rstrip(":")], part))
    rest = ooxml.pt_to_twips(_widest_pt(lines[1:], part, (width - hang) / ooxml.TWIPS_PER_PT))
    base = max(0, (width - hang - rest) // 2)
    ooxml.set_jc(ppr, "left")
    ooxml.set_indents(ppr, left=base + hang, hanging=hang, right=0)


# --- rendering -----------------------------------------------------------------------


def _render_document(draft: Draft, rules: RuleSet):
    """The rendered python-docx Document of one draft (attachments not included)."""
    context = build_context(draft, rules)
    try:
        form = rules.doc_type(draft.doc_type).form
        template = DocxTemplate(io.BytesIO(template_bytes(rules.id, form)))
        template.render(context, jinja_env=JINJA_ENV, autoescape=True)
    except (zipfile.BadZipFile, KeyError, TemplateError) as exc:
        raise VanBanError("render.template_broken", path=str(template_path(rules.id, form)),
                          reason=str(exc)) from exc
    document = template.docx
    body = document.element.body
    replace_table_markers(body, table_blocks(context), ooxml.text_width_twips(body.sectPr),
                          legacy_layout=legacy_table_layout(document.settings.element))
    _restore_grids(body)
    ooxml.ensure_cells_end_with_paragraph(body)
    fit_lines(body, rules, ooxml.text_width_twips(body.sectPr))  # headers/footers hold nothing to fit
    _draw_report_braces(body, rules)
    return document


def _restore_grids(body) -> None:
    """docxtpl widens a table's grid to the most cells of any row it holds, a nested table's rows
    included (the report group's three cells under Nơi nhận): such a grid is put back to the
    table's own cells, whose widths the template set (LibreOffice sizes columns by the grid)."""
    for tbl in body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        row = tbl.find(qn("w:tr"))
        if grid is None or row is None:
            continue
        cells = list(row.iterchildren(qn("w:tc")))
        widths = [ooxml.cell_width_twips(tc) for tc in cells]
        spans = [tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan")) for tc in cells]
        if len(grid) == len(cells) or None in widths or any(span is not None for span in spans):
            continue
        for col in list(grid):
            grid.remove(col)
        for width in widths:
            grid.append(grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(width)}))


def _append_attachments(document, attachments: list[Draft], rules: RuleSet) -> None:
    """Each attachment after a section break, page numbers restarting at 1 (A.1 Page numbers).

    Every section starts as a copy of the main one (page, margins, the page-number header), but
    the first-page header and footer (draft marker, contact line) are the attachment's own.
    """
    body = document.element.body
    final = body.sectPr
    main_section = _copy.deepcopy(final)
    rendered_attachments = []
    for index, attachment in enumerate(attachments):
        attached = replace(attachment, rule_set=rules.id)
        resolve_rules(attached)
        rendered = _render_document(attached, rules)
        rendered_attachments.append(rendered)
        breaker = _copy.deepcopy(main_section)
        if index:
            ooxml.restart_page_numbers(breaker)
        p = ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr/></w:p>')
        p[0].append(breaker)
        final.addprevious(p)
        for child in list(rendered.element.body):
            if child.tag != qn("w:sectPr"):
                final.addprevious(child)
    ooxml.restart_page_numbers(final)
    for section, rendered in zip(document.sections[-len(rendered_attachments):], rendered_attachments, strict=True):
        own = rendered.sections[0]._sectPr
        first = WD_HEADER_FOOTER.FIRST_PAGE
        _take_first_page_part(section.first_page_header, rendered, own.get_headerReference(first))
        _take_first_page_part(section.first_page_footer, rendered, own.get_footerReference(first))
        ooxml.group_header_footer_references(section._sectPr)


def _take_first_page_part(target, rendered, reference) -> None:
    """Give a section a first-page header/footer part of its own, holding the content of the
    part ``reference`` names in the ``rendered`` attachment (empty without one).

    The section's copied reference is removed without dropping the relationship (the main
    section still uses that part); python-docx then adds a new part for this section alone.
    The source is read through the relationship: docxtpl puts its rendered header there, while
    python-docx's own accessors still return the template's.
    """
    if isinstance(target, _Header):
        target._sectPr.remove_headerReference(target._hdrftr_index)
    else:
        target._sectPr.remove_footerReference(target._hdrftr_index)
    target.is_linked_to_previous = False
    element = target._element
    for child in list(element):
        element.remove(child)
    if reference is not None:
        for child in rendered.part.rels[reference.rId].target_part.element:
            element.append(_copy.deepcopy(child))
    if not len(element):
        element.append(ooxml.parse(f'<w:p xmlns:w="{ooxml.W_NS}"/>'))  # a part needs one paragraph


def _flatten(attachments: list[Draft]) -> list[Draft]:
    """Attachments of attachments follow their parent, in order."""
    out: list[Draft] = []
    for attachment in attachments:
        out.append(attachment)
        out.extend(_flatten(attachment.attachments))
    return out


def render_document(draft: Draft):
    """The rendered python-docx Document of a draft, attachments included."""
    rules = resolve_rules(draft)
    document = _render_document(draft, rules)
    if draft.approved is not None:  # NĐ 30 Mẫu 1.3: the văn bản the quyết định issues, on pages of its own
        from desktop.core.approved_text import append_approved_text

        append_approved_text(document, draft, rules)
    appendices.append_appendices(document, draft, rules)  # phụ lục: after the document, before attachments
    attachments = _flatten(draft.attachments)
    if attachments:
        _append_attachments(document, attachments, rules)
    ooxml.number_drawings(document.element.body)
    return document


def render_bytes(draft: Draft) -> bytes:
    """The official .docx of ``draft`` as bytes."""
    out = io.BytesIO()
    render_document(draft).save(out)
    return out.getvalue()


def render_to_file(draft: Draft, path: Path) -> Path:
    """Render ``draft`` to ``path`` atomically (an earlier file survives any failure)."""
    path = Path(path)
    atomic_write_bytes(path, render_bytes(draft))
    return path

