"""``vanban gui [FILE]``: open the editor (Qt is imported only when the command runs)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.core.errors import EXIT_UNREADABLE
from desktop.core.i18n import tr

DATA_DIR_ENV = "VANBAN_DATA_DIR"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help=tr("ui.cli.help"), description=tr("ui.cli.help"))
    parser.add_argument("file", nargs="?", type=Path, help=tr("ui.cli.file"))
    parser.add_argument("--data-dir", type=Path, default=None, help=tr("ui.cli.data_dir", env=DATA_DIR_ENV))
    parser.set_defaults(run=run)


def has_screen() -> bool:
    """On Linux, Qt aborts the process without a display: say so in words instead."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    if not has_screen():
        print(tr("ui.cli.no_display"), file=sys.stderr)
        return EXIT_UNREADABLE
    from desktop.ui.app import main

    data_dir = args.data_dir or (Path(os.environ[DATA_DIR_ENV]) if os.environ.get(DATA_DIR_ENV) else None)
    return main([str(args.file)] if args.file else [], data_dir=data_dir)
