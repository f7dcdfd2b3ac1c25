"""``vanban validate-docx FILE...``: is each .docx valid for Word (the Open XML SDK's rules)?

Each file is opened with the checker's safe reader first (hostile or non-Word files are refused),
then validated against the rules of one Word version (``--office``, default 2010). Every finding
is printed in Vietnamese with its part (``/word/document.xml``), XML path and the validator's
message. Exit 0 all valid, 1 some file has findings, 2 a file unreadable (2 wins; the others are
still validated). ``--json`` prints one JSON object per line, one line per file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, UnreadableInputError
from desktop.core.i18n import format_number, tr
from desktop.core.word_validation import DEFAULT_VERSION, OFFICE_VERSIONS, WordValidatorMissingError, validate_docx


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("validate-docx", help=tr("word.cli.help"), description=tr("word.cli.help"))
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.docx", help=tr("word.cli.arg_files"))
    parser.add_argument("--json", action="store_true", dest="as_json", help=tr("word.cli.arg_json"))
    parser.add_argument("--office", choices=OFFICE_VERSIONS, default=DEFAULT_VERSION,
                        help=tr("word.cli.arg_office", default=DEFAULT_VERSION))
    parser.set_defaults(run=run)


def _report(path: Path, version: str) -> tuple[int, dict[str, Any]]:
    """(exit code, JSON record) for one file."""
    record: dict[str, Any] = {"file": str(path), "office": version, "readable": True, "error": None,
                              "valid": False, "findings": []}
    try:
        findings = validate_docx(path, version)
    except UnreadableInputError as exc:
        record.update(readable=False, error=exc.message)
        return EXIT_UNREADABLE, record
    record.update(valid=not findings, findings=[f.as_dict() for f in findings])
    return (EXIT_PROBLEMS if findings else EXIT_OK), record


def _print_text(record: dict[str, Any]) -> None:
    name, version = record["file"], record["office"]
    if not record["readable"]:
        print(tr("word.cli.unreadable", path=name, reason=record["error"]), file=sys.stderr)
        return
    findings = record["findings"]
    if not findings:
        print(tr("word.cli.valid", path=name, version=version))
        return
    print(tr("word.cli.invalid", path=name, version=version, count=format_number(len(findings))))
    for finding in findings:
        print(tr("word.cli.line", part=finding["part"], xpath=finding["path"] or "—", message=finding["message"]))


def run(args: argparse.Namespace) -> int:
    try:
        from desktop.core.word_validation import _audit

        _audit()
    except WordValidatorMissingError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_UNREADABLE
    exit_code = EXIT_OK
    for path in args.files:
        code, record = _report(path, args.office)
        exit_code = max(exit_code, code)
        if args.as_json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            _print_text(record)
    return exit_code
