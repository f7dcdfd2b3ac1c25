"""``vanban check FILE_OR_FOLDER...``: check drafts' layout, report per file, summary table.

Exit codes (issue #3): 0 no errors, 1 errors found, 2 a file could not be read (the others are
still checked; 2 wins over 1). ``--json`` prints JSON Lines, one ``FileReport.to_json()`` per
file and nothing else on stdout. Progress goes to stderr, only on a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import TextIO

from desktop.core.check.batch import DEFAULT_TIMEOUT_S, check_files, expand_paths

with contextlib.suppress(ImportError):  # the Word reader, loaded once here, not in each checking child
    import desktop.core.check.reader  # noqa: F401
from desktop.core.check.report import FileReport
from desktop.core.check.text_report import format_file_report, format_summary
from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE
from desktop.core.i18n import format_number, tr


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help=tr("checkcli.help"), description=tr("checkcli.help"))
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER", help=tr("checkcli.help_paths"))
    parser.add_argument("--json", action="store_true", help=tr("checkcli.help_json"))
    parser.add_argument("--jobs", "-j", type=int, default=None, help=tr("checkcli.help_jobs"))
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                        help=tr("checkcli.help_timeout", seconds=int(DEFAULT_TIMEOUT_S)))
    parser.add_argument("--register", nargs="?", const="", default=None, metavar="DATABASE",
                        help=tr("register.cli.check_register"))  # issue #13: numbers already given
    parser.set_defaults(run=run)


def exit_code_for(reports: Sequence[FileReport]) -> int:
    """2 when a file could not be read, else 1 when a document has errors, else 0."""
    if any(not r.readable for r in reports):
        return EXIT_UNREADABLE
    if any(r.has_errors for r in reports):
        return EXIT_PROBLEMS
    return EXIT_OK


class TerminalProgress:
    """'Đang kiểm tra 37/1000…' rewritten in place on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = bool(getattr(stream, "isatty", lambda: False)())
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.active:
            return
        text = tr("checkcli.progress", done=format_number(done), total=format_number(total))
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()

    def clear(self) -> None:
        if self.active and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        print(tr("checkcli.bad_jobs", jobs=args.jobs), file=sys.stderr)
        return EXIT_UNREADABLE
    files = expand_paths(args.paths)
    if not files:
        print(tr("checkcli.no_files", path=", ".join(args.paths)), file=sys.stderr)
        return EXIT_UNREADABLE
    progress = TerminalProgress(sys.stderr)
    try:
        reports = check_files(files, jobs=args.jobs, timeout_s=args.timeout, progress=progress)
    finally:
        progress.clear()
    if args.register is not None:
        from desktop.commands.register import warn_numbers_in_register

        warn_numbers_in_register(reports, args.register)
    if args.json:
        for report in reports:
            sys.stdout.write(report.to_json() + "\n")
    else:
        blocks = [format_file_report(report) for report in reports]
        if len(reports) > 1:
            blocks.append(format_summary(reports))
        sys.stdout.write("\n\n".join(blocks) + "\n")
    for report in reports:
        if not report.readable:
            print(tr("checkcli.file", file=report.file) + " — " + (report.error or ""), file=sys.stderr)
    sys.stdout.flush()
    return exit_code_for(reports)
