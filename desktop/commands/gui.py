"""``vanban gui [FILE]``: open the editor (Qt is imported only when the command runs)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from desktop.core.i18n import tr

DATA_DIR_ENV = "VANBAN_DATA_DIR"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help=tr("ui.cli.help"), description=tr("ui.cli.help"))
    parser.add_argument("file", nargs="?", type=Path, help=tr("ui.cli.file"))
    parser.add_argument("--data-dir", type=Path, default=None, help=tr("ui.cli.data_dir", env=DATA_DIR_ENV))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.ui.app import main

    data_dir = args.data_dir or (Path(os.environ[DATA_DIR_ENV]) if os.environ.get(DATA_DIR_ENV) else None)
    return main([str(args.file)] if args.file else [], data_dir=data_dir)
