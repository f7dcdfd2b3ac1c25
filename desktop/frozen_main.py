"""Entry point of the bundled program (PyInstaller): the editor, or the CLI when given a subcommand.

``VanBan.exe`` (windowed) and ``vanban-cli.exe`` (console) both run this script:

    VanBan.exe                          open the editor
    VanBan.exe draft.json               open the editor on a file
    VanBan.exe --data-dir D:\\VanBan     the editor, with settings/profiles/autosaves there
    vanban-cli.exe render x.json -o y.docx   any ``vanban`` subcommand, or --help / --version

Build smoke test: with ``VANBAN_SMOKE_EXIT_AFTER_PAINT=1`` the editor quits with exit code 0
right after its first paint (reported on stderr, see :func:`smoke_report`), or with
:data:`SMOKE_NO_PAINT_EXIT` when nothing was painted within ``VANBAN_SMOKE_TIMEOUT`` seconds
(default 30); the Qt side of it is :mod:`desktop.ui.smoke`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Sequence

from desktop.cli import COMMAND_MODULES
from desktop.cli import main as cli_main

SMOKE_ENV = "VANBAN_SMOKE_EXIT_AFTER_PAINT"
SMOKE_TIMEOUT_ENV = "VANBAN_SMOKE_TIMEOUT"
SMOKE_NO_PAINT_EXIT = 3
SMOKE_LAUNCH_ENV = "VANBAN_SMOKE_LAUNCH_NS"
SMOKE_REPORT_PREFIX = "VANBAN_SMOKE first paint after"
STARTED_NS = time.perf_counter_ns()
CLI_OPTIONS = ("-h", "--help", "--version")


def wants_cli(argv: Sequence[str]) -> bool:
    """A subcommand (``render``, ``check``, …) or ``--help``/``--version`` means the CLI; anything
    else (nothing, a file, ``--data-dir DIR``) goes to the editor (``vanban gui``)."""
    return bool(argv) and (argv[0] in COMMAND_MODULES or argv[0] in CLI_OPTIONS)


def smoke_report() -> str:
    """``VANBAN_SMOKE first paint after 180 ms (420 ms after launch)``: the second figure when the
    launcher put its ``time.time_ns()`` in ``VANBAN_SMOKE_LAUNCH_NS``."""
    report = f"{SMOKE_REPORT_PREFIX} {(time.perf_counter_ns() - STARTED_NS) / 1e6:.0f} ms"
    launched = os.environ.get(SMOKE_LAUNCH_ENV, "")
    if launched.isdigit():
        report += f" ({(time.time_ns() - int(launched)) / 1e6:.0f} ms after launch)"
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_cli(args):
        return cli_main(args)
    if os.environ.get(SMOKE_ENV) == "1":
        from desktop.ui.smoke import install_smoke_exit

        timeout_s = float(os.environ.get(SMOKE_TIMEOUT_ENV, "30"))
        install_smoke_exit(smoke_report, timeout_s, SMOKE_NO_PAINT_EXIT)
    return cli_main(["gui", *args])


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
