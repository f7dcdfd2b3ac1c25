"""The ``vanban`` command: a thin shell over the core.

``main(argv) -> int`` parses the arguments and runs one subcommand. Every error a clerk can
cause ends as a Vietnamese message on stderr and an exit code (0 fine, 1 problems found,
2 input unreadable or output unwritable); never a traceback — also not when its own output
cannot be written (a closed pipe, a full disk: :mod:`desktop.cli_streams`). argparse's own words
are Vietnamese too (:mod:`desktop.cli_argparse`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.cli_argparse import vietnamese_argparse
from desktop.cli_streams import stream_failure
from desktop.core.errors import EXIT_UNREADABLE, VanBanError
from desktop.core.i18n import tr

COMMAND_MODULES = {
    "render": "desktop.commands.render",
    "validate": "desktop.commands.validate",
    "check": "desktop.commands.check",
    "import": "desktop.commands.import_docx",
    "fix": "desktop.commands.fix",
    "gui": "desktop.commands.gui",
    "validate-docx": "desktop.commands.validate_docx",
    "register": "desktop.commands.register",
    "sign": "desktop.commands.sign",  # the optional "sign" extra, imported when run
    "verify": "desktop.commands.verify",
    "issue": "desktop.commands.issue",
}


def use_utf8_output() -> None:
    """UTF-8 on Windows consoles and when redirected, so Vietnamese never becomes '?'."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with ``command``'s subparser only (a cold ``vanban check`` imports nothing of
    the other commands), or with every subcommand when none is named (help, usage errors)."""
    parser = argparse.ArgumentParser(prog="vanban", description=tr("cli.description"))
    parser.add_argument("--version", action="version", version=f"vanban {__version__}", help=tr("argparse.version"))
    sub = parser.add_subparsers(dest="command", metavar=tr("cli.command_metavar"))
    collecting = gc.isenabled()
    gc.disable()  # importing a command allocates much and frees little: no collection passes meanwhile
    try:
        for name in [command] if command in COMMAND_MODULES else COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[name]).register(sub)
    finally:
        if collecting:
            gc.enable()
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    use_utf8_output()
    try:
        code = run_command(list(sys.argv[1:] if argv is None else argv), program=argv is None)
        if sys.stdout is not None:  # None in the windowed Windows build
            sys.stdout.flush()  # a write error shows here, not in the flush at interpreter exit
    except OSError as exc:
        return stream_failure(exc)
    return code


def run_command(argv: list[str], *, program: bool = False) -> int:
    with vietnamese_argparse():
        parser = build_parser(argv[0] if argv else None)
        if program:  # the process's own run: what the imports made lives to the end, so collections
            gc.freeze()  # skip it (and a checking child forked from here does not copy it on write)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
            return int(exc.code or 0)
        if not getattr(args, "run", None):
            parser.print_help()
            return EXIT_UNREADABLE
    try:
        return int(args.run(args))
    except VanBanError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(tr("cli.interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
