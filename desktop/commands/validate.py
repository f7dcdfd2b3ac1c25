"""``vanban validate DRAFT.json [more…]``: every problem of each draft, in Vietnamese.

Exit 0 when every draft is valid (warnings and notes allowed), 1 when any draft has an
error, 2 when any file cannot be read (missing, not JSON, newer schema version).
``--json`` prints one JSON list of problems, each with its ``file``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, UnreadableInputError
from desktop.core.i18n import tr
from desktop.core.model import load_draft_data
from desktop.core.schema import Problem, has_errors, validate_draft


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("validate", help=tr("validate.cli.help"), description=tr("validate.cli.help"))
    parser.add_argument("drafts", nargs="+", type=Path, metavar="DRAFT.json", help=tr("validate.cli.arg_drafts"))
    parser.add_argument("--json", action="store_true", dest="as_json", help=tr("validate.cli.arg_json"))
    parser.set_defaults(run=run)


def _counts(problems: list[Problem]) -> dict[str, int]:
    return {f"{severity}s": sum(p.severity == severity for p in problems) for severity in ("error", "warning", "info")}


def print_problems(path: Path, problems: list[Problem]) -> None:
    """The human report for one draft: a summary line, then each problem with its fix."""
    counts = _counts(problems)
    if counts["errors"]:
        print(tr("validate.cli.invalid", path=path, **counts))
    elif problems:
        print(tr("validate.cli.ok_with_notes", path=path, **counts))
    else:
        print(tr("validate.cli.ok", path=path))
    for problem in problems:
        print(tr("validate.cli.line", severity=tr(f"validate.cli.severity.{problem.severity}"),
                 label=problem.label, message=problem.message))
        key = "validate.cli.fix" if problem.ref else "validate.cli.fix_no_ref"
        print(tr(key, fix=problem.fix, ref=problem.ref))


def run(args: argparse.Namespace) -> int:
    exit_code = EXIT_OK
    collected: list[dict[str, Any]] = []
    for path in args.drafts:
        try:
            data = load_draft_data(path)
        except UnreadableInputError as exc:
            print(tr("validate.cli.unreadable", path=path, reason=exc.message), file=sys.stderr)
            exit_code = EXIT_UNREADABLE
            continue
        problems = validate_draft(data)
        if has_errors(problems) and exit_code == EXIT_OK:
            exit_code = EXIT_PROBLEMS
        if args.as_json:
            collected += [{"file": str(path), **p.to_dict()} for p in problems]
        else:
            print_problems(path, problems)
    if args.as_json:
        print(json.dumps(collected, ensure_ascii=False, indent=2))
    return exit_code
