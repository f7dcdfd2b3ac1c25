"""``vanban verify DOC.pdf [--trust CERT|FOLDER …] [--json]``: every signature, judged, in Vietnamese.

Exit 0 when the file has signatures and every one is intact, covers its revision, was not changed
after but for later signatures, and chains to a configured root; 1 otherwise (also: no signature);
2 when the file cannot be read as a PDF. Roots: ``--trust`` and the ``trust/`` folder of the user
data folder (``VANBAN_DATA_DIR`` or platformdirs' ``VanBan``). Never "valid" for a file it cannot judge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, UnreadableInputError
from desktop.core.i18n import tr

MAX_PDF_BYTES = 256 * 2**20


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("verify", help=tr("sign.verify.cli.help"),
                                   description=tr("sign.verify.cli.description"))
    parser.add_argument("pdf", type=Path, metavar="DOC.pdf", help=tr("sign.verify.cli.arg_pdf"))
    parser.add_argument("--trust", type=Path, action="append", default=[], metavar="CA.pem",
                        help=tr("sign.verify.cli.arg_trust"))
    parser.add_argument("--json", action="store_true", dest="as_json", help=tr("sign.verify.cli.arg_json"))
    parser.set_defaults(run=run)


def trust_folder() -> Path:
    """<user data folder>/trust: the roots the user added (the Vietnamese government root, …)."""
    base = os.environ.get("VANBAN_DATA_DIR")
    if base:
        return Path(base) / "trust"
    from platformdirs import user_data_dir

    return Path(user_data_dir("VanBan", appauthor=False)) / "trust"


def read_pdf(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise UnreadableInputError("sign.verify.too_big", path=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableInputError("file.not_found", path=str(path)) from exc


def _local_time(iso: str | None) -> str:
    if not iso:
        return tr("sign.verify.no_time")
    return dt.datetime.fromisoformat(iso).astimezone(dt.timezone(dt.timedelta(hours=7))).isoformat()


def describe(index: int, report: Any) -> list[str]:
    """The clerk's lines for one signature."""
    lines = [tr(f"sign.verify.head.{report.verdict}", n=index, field=report.field)]
    if report.signer:
        lines.append(tr("sign.verify.signer", signer=report.signer))
        kind = "sign.verify.time_tsa" if report.timestamped else "sign.verify.time_claimed"
        lines.append(tr(kind, time=_local_time(report.signed_at)))
        lines.append(tr("sign.verify.integrity.ok" if report.intact and report.valid else "sign.verify.integrity.bad"))
        lines.append(tr(f"sign.verify.coverage.{report.coverage}"))
        lines.append(tr(f"sign.verify.modified.{report.modified_after}"))
        lines.append(tr("sign.verify.trust.ok" if report.trusted else "sign.verify.trust.bad"))
    for problem in report.problems:
        if problem.startswith("!"):
            lines.append(tr("sign.verify.detail", detail=problem[1:]))
        elif problem != "sign.verify.problem.untrusted" or not report.signer:
            lines.append(tr(problem))
    return lines


def run(args: argparse.Namespace) -> int:
    from desktop.signing import require

    require()
    from desktop.signing.verify import load_roots, verify_pdf

    folder = trust_folder()
    roots = load_roots([*args.trust, *([folder] if folder.is_dir() else [])])
    try:
        reports = verify_pdf(read_pdf(args.pdf), roots)
    except UnreadableInputError as exc:
        if args.as_json:
            print(json.dumps({"file": str(args.pdf), "readable": False, "error": exc.message, "signatures": [],
                              "valid": False}, ensure_ascii=False))
            return exc.exit_code
        raise UnreadableInputError("sign.verify.unreadable", path=str(args.pdf), reason=exc.message) from exc
    all_ok = bool(reports) and all(r.verdict == "valid" for r in reports)
    if args.as_json:
        print(json.dumps({"file": str(args.pdf), "readable": True, "error": None, "valid": all_ok,
                          "roots": len(roots), "signatures": [r.to_dict() for r in reports]}, ensure_ascii=False,
                         indent=2))
    else:
        print(tr("sign.verify.summary", path=str(args.pdf), count=len(reports), roots=len(roots)))
        if not reports:
            print(tr("sign.verify.none"))
        for index, report in enumerate(reports, 1):
            print("\n".join(describe(index, report)))
        print(tr("sign.verify.all_ok" if all_ok else "sign.verify.not_all_ok"))
    return EXIT_OK if all_ok else EXIT_PROBLEMS
