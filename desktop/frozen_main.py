"""Entry point of the bundled program (PyInstaller): the editor, or the CLI when given a subcommand.

``VanBan.exe`` (windowed) and ``vanban-cli.exe`` (console) both run this script:

    VanBan.exe                          open the editor
    VanBan.exe draft.json               open the editor on a file
    VanBan.exe --data-dir D:\\VanBan     the editor, with settings/profiles/autosaves there
    vanban-cli.exe render x.json -o y.docx   any ``vanban`` subcommand, or --help / --version

Build smoke test: with ``VANBAN_SMOKE_EXIT_AFTER_PAINT=1`` the editor quits with exit code 0
right after its first paint (reported on stderr, see :func:`smoke_report`), or with
:data:`SMOKE_NO_PAINT_EXIT` when nothing was painted within ``VANBAN_SMOKE_TIMEOUT`` seconds
(default 30). Nothing in ``desktop.ui`` knows about this.
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


def install_smoke_exit() -> None:
    """Quit the editor after its first paint (build smoke test); see the module docstring.

    The QApplication is created here, before the editor's own ``main``, which reuses
    ``QApplication.instance()``. After the first paint the event loops are asked to exit every
    50 ms, so a first-run prompt (a nested loop) and then the main loop both end.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)

    class QuitAfterFirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(app)
            self.painted = False
            self.quitter = QTimer(self)
            self.quitter.setInterval(50)
            self.quitter.timeout.connect(lambda: app.exit(0))

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                if sys.stderr is not None:
                    print(smoke_report(), file=sys.stderr, flush=True)
                self.quitter.start()
            return False

    quit_filter = QuitAfterFirstPaint()
    app.installEventFilter(quit_filter)
    timeout_ms = int(float(os.environ.get(SMOKE_TIMEOUT_ENV, "30")) * 1000)
    QTimer.singleShot(timeout_ms, lambda: None if quit_filter.painted else app.exit(SMOKE_NO_PAINT_EXIT))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_cli(args):
        return cli_main(args)
    if os.environ.get(SMOKE_ENV) == "1":
        install_smoke_exit()
    return cli_main(["gui", *args])


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
