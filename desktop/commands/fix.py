"""``vanban fix DRAFT.docx [-o OUT.docx] [--only CODES] [--dry-run] [--json]`` (issue #12).

Writes ``<name> (đã sửa).docx`` beside the original (never over it), prints every change and
what the check of the result still finds. Several files or a folder are fixed on every core,
with progress on stderr. Exit: 0 the result checks with no error, 1 errors remain (or a file
with tracked changes waits for ``--accept-tracked``), 2 a file could not be read or written.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from desktop.core.atomic import atomic_write_bytes, with_extension
from desktop.core.check.reader import DOCX_EXTENSIONS
from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, VanBanError
from desktop.core.fix import FIXED_SUFFIX_KEY, FixResult, claimed_codes, fix_file, fixed_name
from desktop.core.fix.units import select
from desktop.core.i18n import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("fix", help=tr("fix.cli.help"), description=tr("fix.cli.help"))
    parser.add_argument("paths", nargs="+", metavar="DRAFT.docx", help=tr("fix.cli.arg_files"))
    parser.add_argument("-o", "--output", default=None, help=tr("fix.cli.arg_output"))
    parser.add_argument("--only", default=None, help=tr("fix.cli.arg_only"))
    parser.add_argument("--dry-run", action="store_true", help=tr("fix.cli.arg_dry_run"))
    parser.add_argument("--json", action="store_true", help=tr("fix.cli.arg_json"))
    parser.add_argument("--accept-tracked", action="store_true", help=tr("fix.cli.arg_accept_tracked"))
    parser.add_argument("--jobs", "-j", type=int, default=None, help=tr("fix.cli.arg_jobs"))
    parser.set_defaults(run=run)


def is_fixed_output(path: Path) -> bool:
    return path.name[:-len(path.suffix)].endswith(tr(FIXED_SUFFIX_KEY))


def expand(paths: list[str]) -> list[Path]:
    """Files as given; a folder: its Word files (recursively, sorted), earlier fixed copies left out."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted((p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCX_EXTENSIONS
                           and not is_fixed_output(p) and not p.name.startswith("~$")), key=lambda p: p.as_posix())
        else:
            out.append(path)
    return out


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def fix_one(path: str, output: str | None, only: list[str] | None, dry_run: bool, accept_tracked: bool) -> dict:
    """Fix one file and write the result (unless a dry run); a JSON-able summary (runs in a worker)."""
    source = Path(path)
    result = fix_file(source, only, accept_tracked=accept_tracked)
    target = Path(output) if output else fixed_name(source)
    written = None
    write_error = None
    if result.data is not None and result.changes and not dry_run:  # nothing fixed: no copy
        if same_file(source, target):
            write_error = tr("fix.cli.same_as_input", path=str(target))
        else:
            try:
                atomic_write_bytes(target, result.data)
                written = str(target)
            except VanBanError as exc:
                write_error = exc.message
    summary = result.to_dict(written)
    summary["write_error"] = write_error
    summary["errors_left"] = result.errors_left
    return summary


def _targets(files: list[Path], output: str | None) -> list[str | None] | str:
    """Where each file goes; a Vietnamese message when -o cannot be used."""
    if output is None:
        return [None] * len(files)
    out = Path(output)
    if len(files) == 1 and not out.is_dir() and not output.endswith(("/", os.sep)):
        target = with_extension(out, files[0].suffix if files[0].suffix.lower() in DOCX_EXTENSIONS else ".docx")
        if same_file(files[0], target):
            return tr("fix.cli.same_as_input", path=str(target))
        return [str(target)]
    if out.exists() and not out.is_dir():
        return tr("fix.cli.output_many", path=output)
    targets: list[str | None] = []
    for path in files:
        target = out / fixed_name(path).name
        if same_file(path, target):
            return tr("fix.cli.same_as_input", path=str(target))
        targets.append(str(target))
    return targets


def run(args: argparse.Namespace) -> int:
    files = expand(args.paths)
    if not files:
        print(tr("fix.cli.no_files", path=", ".join(args.paths)), file=sys.stderr)
        return EXIT_UNREADABLE
    targets = _targets(files, args.output)
    if isinstance(targets, str):
        print(targets, file=sys.stderr)
        return EXIT_UNREADABLE
    only = [c.strip() for c in args.only.split(",") if c.strip()] if args.only else None
    if only:
        unknown = [c for c in only if not select([c])]
        if unknown:
            print(tr("fix.cli.unknown_only", codes=", ".join(unknown), known=", ".join(claimed_codes())),
                  file=sys.stderr)
            return EXIT_UNREADABLE
    jobs = [(str(f), t, only, args.dry_run, args.accept_tracked) for f, t in zip(files, targets, strict=True)]
    summaries = _run_jobs(jobs, args.jobs)
    for summary in summaries:
        if args.json:
            sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_summary(summary, args.dry_run) + "\n\n")
    sys.stdout.flush()
    return exit_code(summaries)


def _run_jobs(jobs: list[tuple], workers: int | None) -> list[dict]:
    if len(jobs) == 1:
        return [fix_one(*jobs[0])]
    results: list[dict | None] = [None] * len(jobs)
    count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    done = 0
    with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(fix_one, *job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                results[index] = future.result()
            except Exception as exc:  # a crashed worker: this file is unreadable, the batch goes on
                results[index] = FixResult(file=jobs[index][0], readable=False, error=tr(
                    "fix.cli.unreadable", error=type(exc).__name__)).to_dict() | {"write_error": None,
                                                                                 "errors_left": False}
            done += 1
            print(tr("fix.cli.progress", done=done, total=len(jobs), file=jobs[index][0]), file=sys.stderr)
    return [r for r in results if r is not None]


def exit_code(summaries: list[dict]) -> int:
    if any(not s["readable"] or s.get("write_error") for s in summaries):
        return EXIT_UNREADABLE
    if any(s["errors_left"] or s["needs_consent"] for s in summaries):
        return EXIT_PROBLEMS
    return EXIT_OK


def format_summary(summary: dict, dry_run: bool) -> str:
    """The clerk's listing: every change (part, where, before → after, rule), then what is left."""
    lines = [tr("fix.cli.file", file=summary["file"])]
    if not summary["readable"]:
        lines.append(tr("fix.cli.unreadable", error=summary["error"]))
        return "\n".join(lines)
    if summary["needs_consent"]:
        lines.append(tr("fix.cli.needs_consent"))
        return "\n".join(lines)
    changes = summary["changes"]
    if changes:
        lines.append(tr("fix.cli.changes", count=len(changes)))
        lines += [tr("fix.cli.change", part=c["part"], where=c["where"], before=_short(c["before"]),
                     after=_short(c["after"]), rule=c["rule"]) for c in changes]
    else:
        lines.append(tr("fix.cli.no_change"))
    left = [f for doc in summary["left"] for f in doc["findings"]]
    if left:
        lines.append(tr("fix.cli.left"))
        lines += [tr("fix.cli.left_item", severity=tr(f"fix.severity.{f['severity']}"), code=f["code"],
                     rule=f["rule"], where=f["where"], message=f["message"]) for f in left]
    else:
        lines.append(tr("fix.cli.left_none"))
    if summary.get("write_error"):
        lines.append(summary["write_error"])
    elif dry_run:
        lines.append(tr("fix.cli.dry_run"))
    elif summary.get("output"):
        lines.append(tr("fix.cli.written", path=summary["output"]))
    elif not changes:
        lines.append(tr("fix.cli.nothing_written"))
    return "\n".join(lines)


def _short(text: str, limit: int = 90) -> str:
    text = text.replace("\t", " ").replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"
