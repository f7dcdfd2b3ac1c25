"""``vanban render DRAFT.json [-o OUT.docx]`` / ``vanban render a.json b.json -o OUTDIR/``.

One input and ``-o`` naming a file: that file. Several inputs, or ``-o`` ending with a path
separator or naming an existing folder: one ``<stem>.docx`` per input in that folder.
Without ``-o`` each .docx goes next to its draft. ``--skip-incomplete`` skips (and reports)
drafts whose validation finds errors.

Exit codes: 0 all rendered; 1 some drafts were skipped as incomplete; 2 an input could not
be read or an output could not be written (the other files are still rendered; 2 wins).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, UnreadableInputError, VanBanError
from desktop.core.i18n import tr
from desktop.core.model import Draft, load_draft_data


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("render", help=tr("render.help"), description=tr("render.help"))
    parser.add_argument("inputs", nargs="+", metavar="DRAFT.json", help=tr("render.help_inputs"))
    parser.add_argument("-o", "--output", metavar="OUT", default=None, help=tr("render.help_output"))
    parser.add_argument("--skip-incomplete", action="store_true", help=tr("render.help_skip"))
    parser.set_defaults(run=run)


def output_paths(inputs: list[Path], output: str | None) -> list[Path]:
    """Where each input's .docx goes (see the module docstring)."""
    if output is None:
        return [path.with_suffix(".docx") for path in inputs]
    separators = tuple({os.sep, "/", os.altsep or "/"})
    as_folder = len(inputs) > 1 or output.endswith(separators) or Path(output).is_dir()
    if as_folder:
        folder = Path(output)
        return [folder / f"{path.stem}.docx" for path in inputs]
    return [Path(output)]


def _load(path: Path) -> dict:
    return load_draft_data(path)


def _build(path: Path, data: dict) -> Draft:
    try:
        return Draft.from_dict(data)
    except (TypeError, VanBanError) as exc:
        raise UnreadableInputError("model.bad_shape", path=str(path), reason=str(exc)) from exc


def _errors(data: dict) -> list:
    from desktop.core.schema import validate_draft

    return [p for p in validate_draft(data) if p.severity == "error"]


def render_one(source: Path, target: Path, *, skip_incomplete: bool) -> int:
    """Render one draft; print what happened; return its exit code."""
    from desktop.core.render import render_to_file

    try:
        data = _load(source)
        if skip_incomplete:
            errors = _errors(data)
            if errors:
                print(tr("render.skipped", path=str(source), count=len(errors)), file=sys.stderr)
                for problem in errors:
                    print(tr("render.problem", field=problem.field, message=problem.message), file=sys.stderr)
                return EXIT_PROBLEMS
        draft = _build(source, data)
        if target.is_dir():
            raise VanBanError("render.output_is_dir", path=str(target))
        try:
            render_to_file(draft, target)
        except (AttributeError, TypeError, ValueError) as exc:  # a field of the wrong JSON type
            raise UnreadableInputError("model.bad_shape", path=str(source), reason=str(exc)) from exc
    except VanBanError as exc:
        print(tr("render.failed", path=str(source), message=exc.message), file=sys.stderr)
        return EXIT_UNREADABLE
    print(tr("render.written", path=str(target)))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    inputs = [Path(p) for p in args.inputs]
    targets = output_paths(inputs, args.output)
    codes = [render_one(source, target, skip_incomplete=args.skip_incomplete)
             for source, target in zip(inputs, targets, strict=True)]
    if len(inputs) > 1:
        print(tr("render.summary", written=codes.count(EXIT_OK), skipped=codes.count(EXIT_PROBLEMS),
                 failed=codes.count(EXIT_UNREADABLE)), file=sys.stderr)
    return max(codes, default=EXIT_OK)
