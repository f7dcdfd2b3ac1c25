"""``vanban import DRAFT.docx -o DRAFT.json``: turn a Word file back into a VănBản draft.

The parts the checker finds become draft fields; anything it cannot place stays in the body.
The draft is written atomically. Refused, nothing written: an output that is the input itself
(``import X.docx -o X.docx``, also through a link), an output not ending in ``.json`` or marked
read-only (both unless ``--force``), and a draft larger than the program opens
(:data:`desktop.core.model.MAX_DRAFT_BYTES`). An unreadable input or an unwritable output exits 2
with a Vietnamese message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.core.errors import EXIT_OK, OutputError
from desktop.core.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help=tr("checkcli.import_help"), description=tr("checkcli.import_help"))
    parser.add_argument("source", metavar="DRAFT.docx", help=tr("checkcli.import_help_source"))
    parser.add_argument("-o", "--output", required=True, metavar="DRAFT.json", help=tr("checkcli.import_help_output"))
    parser.add_argument("--force", action="store_true", help=tr("output.help_force_import"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.core.atomic import atomic_write_bytes
    from desktop.core.check.importer import import_docx
    from desktop.core.check.text_report import system_label
    from desktop.core.model import draft_bytes
    from desktop.core.rules import load_rule_set
    from desktop.core.targets import check_target

    source, output = Path(args.source), Path(args.output)
    check_target(output, [source], ".json", force=args.force)
    draft = import_docx(source)
    try:
        content = draft_bytes(draft, output)
    except OutputError as exc:
        if exc.key != "output.draft_too_large":
            raise
        raise OutputError("output.import.too_large", source=str(source), output=str(output),
                          **{k: v for k, v in exc.params.items() if k != "path"}) from exc
    written = atomic_write_bytes(output, content)
    if written.created_folders:
        print(tr("output.folders_created", folders=", ".join(f"«{f}»" for f in written.created_folders)),
              file=sys.stderr)
    rules = load_rule_set(draft.rule_set)
    print(tr("checkcli.import_done", source=args.source, output=args.output, system=system_label(rules.system),
             doc_type=rules.doc_type(draft.doc_type).label), file=sys.stderr)
    if draft.attachments:
        print(tr("checkcli.import_attachments", count=len(draft.attachments)), file=sys.stderr)
    if draft.copy is not None:
        print(tr("checkcli.import_copy"), file=sys.stderr)
    return EXIT_OK
