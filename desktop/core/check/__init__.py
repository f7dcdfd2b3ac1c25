"""The draft checker: read any .docx (or text), find each part, report what is missing or off-layout.

Public API:

- :func:`check_source` — one :class:`SourceDocument` (from any reader) → a
  :class:`DocumentReport` per document found in it (a letter and its attachment, an
  original and its copy block are two documents).
- :func:`check_file` — a path → :class:`FileReport`; never raises for bad input (an
  unreadable file gives ``readable=False`` with a Vietnamese ``error``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.core.check.appendix import belonging, check_appendices, split_appendices
from desktop.core.check.blocks import SourceDocument
from desktop.core.check.detect import Detected, detect
from desktop.core.check.findings import Checks, font_checks, page_checks
from desktop.core.check.lines import Line, split_lines
from desktop.core.check.normalize import key
from desktop.core.check.report import DocumentReport, FileReport, PartFound
from desktop.core.check.segment import segment
from desktop.core.check.stamp import stamp_positions
from desktop.core.check.system import decide
from desktop.core.check.vocab import earliest_date, parse_date
from desktop.core.errors import UnreadableInputError
from desktop.core.i18n import tr
from desktop.core.rules import SYSTEMS, RuleSet, available_rule_sets, load_rule_set, rule_set_in_force

TEXT_SUFFIXES = (".txt", ".md", ".markdown")

__all__ = ["DocumentReport", "FileReport", "check_file", "check_source"]


def check_source(src: SourceDocument) -> list[DocumentReport]:
    """Find every document in the source, its parts and its findings."""
    lines = split_lines(src.blocks)
    stamp = stamp_positions(lines)
    kept = [line for line in lines if line.pos not in stamp and not line.blank]
    kept, appendices = split_appendices(kept)  # a phụ lục's lines are never a body end, Nơi nhận or signer
    documents = segment(kept)
    detected = [detect(part_lines) for part_lines in documents]
    owned = belonging(appendices, documents, [doc.is_copy for doc in detected])
    reports = []
    issuing: Detected | None = None  # the document before: the quyết định an approved text names (Mẫu 1.3)
    for index, doc in enumerate(detected):
        decision = decide(doc)
        rules = rule_set_in_force(decision.system, _document_date(doc)) if decision.system in SYSTEMS else None
        report = DocumentReport(system=decision.system, system_reason=decision.reason,
                                rule_set=rules.id if rules else None, doc_type=_doc_type(doc, rules),
                                is_copy=doc.is_copy)
        _fill_parts(report, doc)
        checks = Checks(src, doc, rules, report, decision.conflicts)
        checks.run()
        check_appendices(checks, src, doc, owned[index], rules, report)
        if doc.attached_note:  # a Quy chế … issued with the decision before it: its own lines (Mẫu 1.3)
            from desktop.core.check.approved import check_approved

            check_approved(checks, issuing)
        elif not doc.is_copy:
            issuing = doc
        if index == 0:
            if rules is not None:
                page_checks(src, rules, report)
            font_checks(src, rules, report)
        report.not_evaluated = not_evaluated(src, doc, rules, report, unmeasured_rules=checks.unmeasured_rules)
        reports.append(report)
    return reports


def check_file(path: str | Path) -> FileReport:
    """Read and check one file (.docx/.doc/.odt through the reader, .txt/.md as text)."""
    path = Path(path)
    try:
        src = _read(path)
    except UnreadableInputError as exc:
        return FileReport(file=str(path), readable=False, error=exc.message)
    except OSError as exc:  # a reader that let one through: still a message, never a traceback
        reason = exc.strerror or str(exc)
        return FileReport(file=str(path), readable=False, error=tr("file.os_error", path=str(path), reason=reason))
    return FileReport(file=str(path), documents=check_source(src))


def _read(path: Path) -> SourceDocument:
    """One dispatch point: the reader (it sends .txt/.md to text_reader); text alone without it."""
    try:
        from desktop.core.check.reader import open_source
    except ImportError as exc:
        if path.suffix.lower() in TEXT_SUFFIXES:
            from desktop.core.check.text_reader import read_text

            return read_text(path)
        raise UnreadableInputError("check.reader_missing", path=str(path)) from exc
    return open_source(path)


def _document_date(doc: Detected) -> str | None:
    """The ISO date the document's date line states, to choose the rule set then in force."""
    day = earliest_date(parse_date(doc.place_date)) if doc.place_date is not None else None
    return day.isoformat() if day is not None else None


def _doc_type(doc: Detected, rules: RuleSet | None) -> str | None:
    """The rules' doc type key; the type name alone decides it when the system is unknown."""
    if doc.is_copy:
        return None
    candidates = [rules] if rules is not None else [load_rule_set(rid) for rid in available_rule_sets()]
    for rule_set in candidates:
        for type_key, dt in rule_set.doc_types.items():
            if (doc.letter and dt.letter) or (not doc.letter and doc.type_key and key(dt.name) == doc.type_key):
                return type_key
    return None


def _part(lines: list[Line], text: str | None = None) -> PartFound:
    lines = [line for line in lines if line is not None and not line.blank]
    if not lines:
        return PartFound()
    return PartFound(found=True, text=text if text is not None else " / ".join(ln.text for ln in lines),
                     where=lines[0].where())


def _fill_parts(report: DocumentReport, doc: Detected) -> None:
    one = lambda line: [line] if line is not None else []  # noqa: E731
    report.parts.update({
        "header_title": _part([*one(doc.header_title), *one(doc.motto)]),
        "issuer": _part([*doc.superior, *doc.issuer]),
        "number": _part(one(doc.number)),
        "place_date": _part(one(doc.place_date)),
        "type_name": _part(one(doc.type_name)),
        "summary": _part(doc.summary),
        "addressee": _part(doc.addressee),
        "body": _part(doc.body[:1]),
        "signature_authority": _part(doc.authority),
        "signer_title": _part(doc.title),
        "signer_name": _part(one(doc.name), doc.name_text or None),
        "recipients": _part([*one(doc.recipients_label), *doc.recipients[:1]]),
        "archive": _part(one(doc.archive)),
        "copy_block": _part(one(doc.copy_label)),
    })
    if report.parts["body"].found:
        report.parts["body"].text = doc.body[0].text
    for signer in doc.co_signers:  # signers side by side (NĐ 30 Mẫu 1.9): each column's, left to right
        for part, found in (("signer_title", _part(signer.title)),
                            ("signer_name", _part(one(signer.name), signer.name_text or None))):
            shown = report.parts[part]
            if found.found and shown.found:
                shown.text += " | " + found.text


def not_evaluated(src: SourceDocument, doc: Detected, rules: RuleSet | None,
                  report: DocumentReport | None = None, unmeasured_rules: Sequence[str] = ()) -> list[str]:
    """What this check could not judge, and why (never claim compliance past these).

    ``unmeasured_rules``: parts whose rule is a paragraph border in a box of unknown width."""
    out = [tr("check.not_evaluated.seal"), tr("check.not_evaluated.signature")]
    runs = [run for line in doc.lines for _, run in line.segments if run.text.strip()]
    if not src.layout_evaluable:
        out += [tr("check.not_evaluated.sizes_fonts"), tr("check.not_evaluated.alignment"),
                tr("check.not_evaluated.lines"), tr("check.not_evaluated.page"),
                tr("check.not_evaluated.page_numbers")]
    else:
        if not src.sections:
            out.append(tr("check.not_evaluated.page"))
        if runs and all(run.size is None for run in runs):
            out.append(tr("check.not_evaluated.sizes_fonts"))
    if any(run.bold is None or run.italic is None for run in runs):
        out.append(tr("check.not_evaluated.bold_italic"))
    if rules is None:
        out.append(tr("check.not_evaluated.system"))
    if report is not None and any(f.message == tr("check.layout.rule_missing") for f in report.findings):
        out.append(tr("check.not_evaluated.drawn_lines"))
    if unmeasured_rules:
        out.append(tr("check.not_evaluated.rule_length", parts=", ".join(dict.fromkeys(unmeasured_rules))))
    return out + [note for note in src.notes if note not in out]  # the reader's remarks (e.g. macros not run)
