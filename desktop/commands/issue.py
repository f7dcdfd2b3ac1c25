"""``vanban issue DRAFT.json -o OUT.pdf``: the PDF to sign — PDF/A-2b, checked by reading it back.

``--metadata`` writes the NĐ 30 Phụ lục VI record beside it (``OUT.metadata.json``), ``--edxml``
the unsigned QCVN 102 message header (``OUT.edxml.xml``); ``--issue-ready`` leaves the number and
the day blank for the e-office system (the validator's blank-number/date warnings are expected
then) with the signature positions reserved. Everything is written through desktop.core.atomic.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path
from typing import Any

from desktop.core.atomic import atomic_write_bytes, atomic_write_text, has_extension
from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, UnreadableInputError
from desktop.core.i18n import tr

BLANK_IN_ISSUE_READY = {"rule.number_blank", "rule.date_blank"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("issue", help=tr("sign.issue.help"), description=tr("sign.issue.description"))
    parser.add_argument("draft", type=Path, metavar="DRAFT.json", help=tr("sign.issue.arg_draft"))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf", help=tr("sign.issue.arg_output"))
    parser.add_argument("--profile", type=Path, metavar="HỒ-SƠ.json", help=tr("sign.issue.arg_profile"))
    parser.add_argument("--agency-id", metavar="MÃ", help=tr("sign.issue.arg_agency_id"))
    parser.add_argument("--metadata", action="store_true", help=tr("sign.issue.arg_metadata"))
    parser.add_argument("--edxml", action="store_true", help=tr("sign.issue.arg_edxml"))
    parser.add_argument("--issue-ready", action="store_true", help=tr("sign.issue.arg_issue_ready"))
    parser.set_defaults(run=run)


def sibling(output: Path, suffix: str) -> Path:
    """``OUT.pdf`` → ``OUT<suffix>`` (a dotted name keeps its dots)."""
    name = output.name[:-4] if has_extension(output, ".pdf") else output.name
    return output.with_name(name + suffix)


def export_pdfa(draft: Any) -> bytes:
    """Render the draft and convert it to PDF/A-2b (LibreOffice); the bytes, not yet written."""
    from desktop.core.pdfa import docx_to_pdfa
    from desktop.core.render import render_bytes

    with tempfile.TemporaryDirectory(prefix="vanban-issue-") as work:
        docx = Path(work) / "van-ban.docx"
        atomic_write_bytes(docx, render_bytes(draft))
        return docx_to_pdfa(docx)


def page_count(data: bytes) -> int:
    from pikepdf import open as open_pdf  # reads from memory

    with open_pdf(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def run(args: argparse.Namespace) -> int:
    from desktop.signing import require

    require()
    from desktop.core.exchange import build_record, edxml_header, record_json, record_problems
    from desktop.core.model import Draft, load_draft_data
    from desktop.core.schema import validate_draft
    from desktop.signing import SigningError
    from desktop.signing.pdfa_check import check_pdfa
    from desktop.signing.placement import find_closing_block

    if not has_extension(args.output, ".pdf"):
        raise UnreadableInputError("sign.cli.output_not_pdf", path=str(args.output))
    data = load_draft_data(args.draft)
    if args.issue_ready:
        data = {**data, "number": "", "date": None}
    problems = [p for p in validate_draft(data) if p.severity == "error"]
    if problems:
        for problem in problems:
            print(tr("sign.issue.problem", label=problem.label, message=problem.message))
        print(tr("sign.issue.invalid", path=str(args.draft)))
        return EXIT_PROBLEMS
    draft = Draft.from_dict(data)
    pdf = export_pdfa(draft)
    report = check_pdfa(pdf)
    if not report.ok:
        for message in report.messages():
            print(message)
        print(tr("sign.issue.not_pdfa"))
        return EXIT_PROBLEMS
    try:
        block = find_closing_block(pdf, draft.signature.name or None)
        reserved = tr("sign.issue.reserved", title=block.title.text, name=block.name.text)
    except SigningError as exc:
        reserved = exc.message
    atomic_write_bytes(args.output, pdf)
    print(tr("sign.issue.done", path=str(args.output), fonts=len(report.fonts)))
    print(tr("sign.issue.not_checked"))
    print(reserved)
    if args.issue_ready:
        print(tr("sign.issue.blank_left"))
    if not (args.metadata or args.edxml):
        return EXIT_OK
    agency_id = args.agency_id
    if agency_id is None and args.profile is not None:
        from desktop.core.profile import load_profile

        agency_id = load_profile(args.profile).agency_id
    if not agency_id:
        print(tr("sign.meta.no_agency_id"))
        return EXIT_PROBLEMS
    record = build_record(draft, agency_id, page_count(pdf), issue_ready=args.issue_ready)
    problems_meta = record_problems(record)
    if problems_meta:
        print("\n".join(problems_meta))
        print(tr("sign.meta.not_written"))
        return EXIT_PROBLEMS
    if args.metadata:
        target = sibling(args.output, ".metadata.json")
        atomic_write_text(target, record_json(record))
        print(tr("sign.meta.written", path=str(target)))
    if args.edxml:
        target = sibling(args.output, ".edxml.xml")
        from desktop.core.compute import signature_lines
        from desktop.core.rules import load_rule_set

        authority = " ".join(signature_lines(draft.signature, load_rule_set(draft.rule_set)))
        atomic_write_bytes(target, edxml_header(record, place=draft.place, authority=authority))
        print(tr("sign.meta.edxml_written", path=str(target)))
    return EXIT_OK
