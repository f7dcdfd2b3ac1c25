"""``vanban import DRAFT.docx -o DRAFT.json``: turn a Word file back into a VănBản draft.

The parts the checker finds become draft fields; anything it cannot place stays in the body.
The draft is written atomically. An unreadable input exits 2 with a Vietnamese message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.core.errors import EXIT_OK
from desktop.core.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help=tr("checkcli.import_help"), description=tr("checkcli.import_help"))
    parser.add_argument("source", metavar="DRAFT.docx", help=tr("checkcli.import_help_source"))
    parser.add_argument("-o", "--output", required=True, metavar="DRAFT.json", help=tr("checkcli.import_help_output"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.core.check.importer import import_docx
    from desktop.core.check.text_report import system_label
    from desktop.core.model import save_draft
    from desktop.core.rules import load_rule_set

    draft = import_docx(Path(args.source))
    save_draft(draft, Path(args.output))
    rules = load_rule_set(draft.rule_set)
    print(tr("checkcli.import_done", source=args.source, output=args.output, system=system_label(rules.system),
             doc_type=rules.doc_type(draft.doc_type).label), file=sys.stderr)
    if draft.attachments:
        print(tr("checkcli.import_attachments", count=len(draft.attachments)), file=sys.stderr)
    if draft.copy is not None:
        print(tr("checkcli.import_copy"), file=sys.stderr)
    return EXIT_OK
