"""``vanban render DRAFT.json [-o OUT.docx]`` / ``vanban render a.json b.json -o OUTDIR/``.

One input and ``-o`` naming a file: that file (its name must end in ``.docx``). Several inputs, or
``-o`` ending with a path separator or naming an existing folder: one ``<name>.docx`` per input in
that folder (``KH 2025.v2.json`` -> ``KH 2025.v2.docx``; the ``.json`` is dropped, nothing else).
Without ``-o`` each .docx goes next to its draft. Missing folders are created, and said.

Refused, nothing written: an output that is one of the inputs (always); outputs of a batch that
would land on the same file (the whole batch, up front); a name not ending in ``.docx``, a
read-only target, a draft whose validation finds errors (its errors listed) — these three unless
``--force``. ``--skip-incomplete`` skips drafts with errors in one line each, even with ``--force``
(a batch of examples); ``--quiet`` prints only failures and the summary line.

Exit codes: 0 all rendered; 1 some drafts were not rendered because of their errors; 2 an input
could not be read or an output could not be written (the other files are still rendered; 2 wins).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.core.atomic import is_folder
from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, UnreadableInputError, VanBanError
from desktop.core.i18n import tr
from desktop.core.model import Draft, load_draft_data

SKIPPED = -1  # an incomplete draft passed over by --skip-incomplete (exit code 1, counted apart)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("render", help=tr("render.help"), description=tr("render.help"))
    parser.add_argument("inputs", nargs="+", metavar="DRAFT.json", help=tr("render.help_inputs"))
    parser.add_argument("-o", "--output", metavar="OUT", default=None, help=tr("render.help_output"))
    parser.add_argument("--skip-incomplete", action="store_true", help=tr("render.help_skip"))
    parser.add_argument("--force", action="store_true", help=tr("output.help_force_render"))
    parser.add_argument("-q", "--quiet", action="store_true", help=tr("output.render.help_quiet"))
    parser.set_defaults(run=run)


def docx_name(draft: Path) -> str:
    """The .docx name of a draft: its name without ``.json``, plus ``.docx`` (dots kept)."""
    name = draft.name
    if name.lower().endswith(".json") and len(name) > len(".json"):
        name = name[: -len(".json")]
    return name + ".docx"


def output_folder(inputs: list[Path], output: str | None) -> Path | None:
    """The folder the .docx files go to, when ``-o`` names one (see the module docstring)."""
    if output is None:
        return None
    separators = tuple({os.sep, "/", os.altsep or "/"})
    if len(inputs) > 1 or output.endswith(separators) or is_folder(Path(output)):
        return Path(output)
    return None


def output_paths(inputs: list[Path], output: str | None) -> list[Path]:
    """Where each input's .docx goes (see the module docstring)."""
    if output is None:
        return [path.with_name(docx_name(path)) for path in inputs]
    folder = output_folder(inputs, output)
    if folder is not None:
        return [folder / docx_name(path) for path in inputs]
    return [Path(output)]


def _build(path: Path, data: dict) -> Draft:
    try:
        return Draft.from_dict(data)
    except (TypeError, VanBanError) as exc:
        raise UnreadableInputError("model.bad_shape", path=str(path), reason=str(exc)) from exc


def _errors(data: dict) -> list:
    from desktop.core.schema import validate_draft

    return [p for p in validate_draft(data) if p.severity == "error"]


def _print_problems(errors: list) -> None:
    for problem in errors:
        print(tr("render.problem", field=problem.field, message=problem.message), file=sys.stderr)


def render_one(source: Path, target: Path, sources: list[Path], *, skip_incomplete: bool = False,
               force: bool = False, quiet: bool = False) -> int:
    """Render one draft; print what happened; return its exit code (:data:`SKIPPED` when skipped)."""
    from desktop.core.atomic import atomic_write_bytes
    from desktop.core.render import render_bytes
    from desktop.core.targets import check_target

    try:
        check_target(target, sources, ".docx", force=force)
        data = load_draft_data(source)
        draft = _build(source, data)
        errors = _errors(data)
        if errors and skip_incomplete:
            if not quiet:
                print(tr("output.render.skipped", path=str(source), count=len(errors)), file=sys.stderr)
            return SKIPPED
        if errors and not force:
            print(tr("output.render.refused_invalid", path=str(source), count=len(errors)), file=sys.stderr)
            _print_problems(errors)
            return EXIT_PROBLEMS
        if errors:
            print(tr("output.render.forced_invalid", path=str(source), count=len(errors)), file=sys.stderr)
        try:
            content = render_bytes(draft)
        except (AttributeError, TypeError, ValueError) as exc:  # a field of the wrong JSON type
            raise UnreadableInputError("model.bad_shape", path=str(source), reason=str(exc)) from exc
        written = atomic_write_bytes(target, content)
    except VanBanError as exc:
        print(tr("render.failed", path=str(source), message=exc.message), file=sys.stderr)
        return EXIT_UNREADABLE
    if not quiet:
        if written.created_folders:
            print(tr("output.folders_created", folders=", ".join(f"«{f}»" for f in written.created_folders)))
        print(tr("render.written", path=str(target)))
    return EXIT_OK


def summary(codes: list[int], folder: Path | None) -> str:
    """One line: what was written, skipped, refused and failed (parts that are zero left out)."""
    written = codes.count(EXIT_OK)
    parts = [tr("output.render.summary_written_to", count=written, folder=str(folder)) if folder
             else tr("output.render.summary_written", count=written)]
    for code, key in ((SKIPPED, "skipped"), (EXIT_PROBLEMS, "refused"), (EXIT_UNREADABLE, "failed")):
        if codes.count(code):
            parts.append(tr(f"output.render.summary_{key}", count=codes.count(code)))
    return "; ".join(parts) + "."


def run(args: argparse.Namespace) -> int:
    from desktop.core.targets import collision_error, collisions

    inputs = [Path(p) for p in args.inputs]
    targets = output_paths(inputs, args.output)
    clashes = collisions(targets, inputs)
    if clashes:
        for clash in clashes:
            print(collision_error([clash]).message, file=sys.stderr)
        print(tr("output.collision_refused"), file=sys.stderr)
        return EXIT_UNREADABLE
    codes = [render_one(source, target, inputs, skip_incomplete=args.skip_incomplete, force=args.force,
                        quiet=args.quiet)
             for source, target in zip(inputs, targets, strict=True)]
    if len(inputs) > 1 or args.quiet:
        print(summary(codes, output_folder(inputs, args.output)), file=sys.stderr)
    return max((EXIT_PROBLEMS if code == SKIPPED else code for code in codes), default=EXIT_OK)
