"""``vanban register …``: the outgoing register (sổ đăng ký văn bản đi) from the command line.

    vanban register issue DRAFT.json [-o OUT.docx]   # number + date from the register, .docx, row
    vanban register reserve --type quyet_dinh         # keep a number for later
    vanban register list [--year 2026] [--text …]    # the rows, filtered
    vanban register export OUT.xlsx|OUT.docx [--from D --to D]
    vanban register import OLD.xlsx|OLD.csv           # all rows or none
    vanban register check [FILE…]                    # gaps and duplicates; files: before import / numbers taken
    vanban register cancel ID|SỐ --reason "…"        # never reused

The register is the one the office profile names (``--profile``, default: the editor's
profile in use); SQLite in the user data folder when the profile says nothing. Exit codes:
0 fine, 1 problems found (nothing written), 2 unreadable input or register unavailable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from desktop.core.atomic import with_extension
from desktop.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, UnreadableInputError, VanBanError
from desktop.core.i18n import tr
from desktop.core.profile import Profile, RegisterSettings, load_profile

DATA_DIR_ENV = "VANBAN_DATA_DIR"
TODAY_ENV = "VANBAN_TODAY"  # a fixed clock for tests and for issuing a paper document signed earlier


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("register", help=tr("register.cli.help"), description=tr("register.cli.help"))
    sub = parser.add_subparsers(dest="register_command", metavar=tr("register.cli.metavar"))
    parser.set_defaults(run=lambda args: _usage(parser))

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--profile", type=Path, help=tr("register.cli.arg_profile"))
        p.add_argument("--data-dir", type=Path, help=tr("register.cli.arg_data_dir", env=DATA_DIR_ENV))
        p.add_argument("--database", help=tr("register.cli.arg_database"))
        p.add_argument("--rule-set", choices=("state_nd30", "party_hd36"), help=tr("register.cli.arg_rule_set"))

    p = sub.add_parser("issue", help=tr("register.cli.issue"), description=tr("register.cli.issue"))
    p.add_argument("draft", type=Path, metavar="DRAFT.json")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.docx", help=tr("register.cli.arg_output"))
    p.add_argument("--date", help=tr("register.cli.arg_date"))
    p.add_argument("--kind", default="auto", choices=("auto", "legal", "secret", "advisory", "copy"),
                   help=tr("register.cli.arg_kind"))
    p.add_argument("--advisory-body", default="", help=tr("register.cli.arg_advisory"))
    p.add_argument("--reserved", type=int, help=tr("register.cli.arg_reserved"))
    p.add_argument("--note", default="", help=tr("register.cli.arg_note"))
    common(p)
    p.set_defaults(run=run_issue)

    p = sub.add_parser("reserve", help=tr("register.cli.reserve"), description=tr("register.cli.reserve"))
    p.add_argument("--type", dest="doc_type", default="cong_van", help=tr("register.cli.arg_type"))
    p.add_argument("--date", help=tr("register.cli.arg_date"))
    p.add_argument("--kind", default="auto", choices=("auto", "legal", "secret", "advisory", "copy"),
                   help=tr("register.cli.arg_kind"))
    p.add_argument("--advisory-body", default="", help=tr("register.cli.arg_advisory"))
    p.add_argument("--note", default="", help=tr("register.cli.arg_note"))
    common(p)
    p.set_defaults(run=run_reserve)

    p = sub.add_parser("list", help=tr("register.cli.list"), description=tr("register.cli.list"))
    _filters(p)
    p.add_argument("--json", action="store_true", dest="as_json", help=tr("register.cli.arg_json"))
    p.add_argument("--limit", type=int, default=None, help=tr("register.cli.arg_limit"))
    common(p)
    p.set_defaults(run=run_list)

    p = sub.add_parser("export", help=tr("register.cli.export"), description=tr("register.cli.export"))
    p.add_argument("output", type=Path, metavar="OUT.xlsx|OUT.docx")
    p.add_argument("--from", dest="date_from", help=tr("register.cli.arg_from"))
    p.add_argument("--to", dest="date_to", help=tr("register.cli.arg_to"))
    p.add_argument("--year", type=int, help=tr("register.cli.arg_year"))
    common(p)
    p.set_defaults(run=run_export)

    p = sub.add_parser("import", help=tr("register.cli.import"), description=tr("register.cli.import"))
    p.add_argument("source", type=Path, metavar="FILE.xlsx|FILE.csv")
    common(p)
    p.set_defaults(run=run_import)

    p = sub.add_parser("check", help=tr("register.cli.check"), description=tr("register.cli.check"))
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--year", type=int, help=tr("register.cli.arg_year"))
    common(p)
    p.set_defaults(run=run_check)

    p = sub.add_parser("new-term", help=tr("register.cli.new_term"), description=tr("register.cli.new_term"))
    p.add_argument("start", metavar="YYYY-MM-DD", help=tr("register.cli.arg_term_start"))
    common(p)
    p.set_defaults(run=run_new_term)

    p = sub.add_parser("cancel", help=tr("register.cli.cancel"), description=tr("register.cli.cancel"))
    p.add_argument("which", metavar="ID|SỐ")
    p.add_argument("--reason", required=True, help=tr("register.cli.arg_reason"))
    p.add_argument("--year", type=int, help=tr("register.cli.arg_year"))
    common(p)
    p.set_defaults(run=run_cancel)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_UNREADABLE


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help=tr("register.cli.arg_year"))
    p.add_argument("--cycle", help=tr("register.cli.arg_cycle"))
    p.add_argument("--type", dest="doc_type", help=tr("register.cli.arg_type"))
    p.add_argument("--signer", help=tr("register.cli.arg_signer"))
    p.add_argument("--text", help=tr("register.cli.arg_text"))
    p.add_argument("--from", dest="date_from", help=tr("register.cli.arg_from"))
    p.add_argument("--to", dest="date_to", help=tr("register.cli.arg_to"))


# --- where the register is ----------------------------------------------------------------


def data_dir(args: argparse.Namespace) -> Path:
    if getattr(args, "data_dir", None):
        return Path(args.data_dir)
    from desktop.core.register import default_data_dir

    return default_data_dir()


def current_profile_path(args: argparse.Namespace) -> Path | None:
    """``--profile``, else the editor's profile in use (settings.json), else none."""
    if getattr(args, "profile", None):
        return Path(args.profile)
    folder = data_dir(args)
    try:
        name = json.loads((folder / "settings.json").read_text(encoding="utf-8")).get("current_profile", "")
    except (OSError, ValueError, AttributeError):
        return None
    path = folder / "profiles" / name if name else None
    return path if path is not None and path.is_file() else None


def current_profile(args: argparse.Namespace) -> Profile | None:
    path = current_profile_path(args)
    return load_profile(path) if path is not None else None


def settings_of(args: argparse.Namespace, profile: Profile | None) -> RegisterSettings:
    from dataclasses import replace

    settings = (profile.register if profile is not None else None) or RegisterSettings()
    database = getattr(args, "database", None)
    if database:
        backend = "postgresql" if database.startswith(("postgresql:", "postgres:")) or "=" in database else "sqlite"
        settings = replace(settings, backend=backend, database=database)
    return settings


def open_store(args: argparse.Namespace, settings: RegisterSettings):
    from desktop.core.register import open_register

    return open_register(settings, data_dir(args))


def rules_of(args: argparse.Namespace, profile: Profile | None):
    from desktop.core.rules import load_rule_set

    return load_rule_set(getattr(args, "rule_set", None) or (profile.rule_set if profile else "state_nd30"))


def today(args: argparse.Namespace) -> dt.date:
    text = getattr(args, "date", None) or os.environ.get(TODAY_ENV)
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UnreadableInputError("register.cli.bad_date", value=text) from exc


def _iso(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise UnreadableInputError("register.cli.bad_date", value=text) from exc


def docx_beside(draft_path: Path) -> Path:
    name = draft_path.name
    stem = draft_path.with_name(name[:-5]) if name.lower().endswith(".json") else draft_path
    return with_extension(stem, ".docx")


# --- subcommands --------------------------------------------------------------------------


def run_issue(args: argparse.Namespace) -> int:
    from desktop.core.model import load_draft
    from desktop.core.register.issuing import IssueOptions, issue_draft

    profile = current_profile(args)
    settings = settings_of(args, profile)
    draft = load_draft(args.draft)
    output = args.output or docx_beside(args.draft)
    options = IssueOptions(kind=args.kind, advisory_body=args.advisory_body, reserved_id=args.reserved,
                           note=args.note)
    with open_store(args, settings) as store:
        result = issue_draft(store, draft, settings, today=today(args), draft_path=args.draft,
                             docx_path=output, options=options)
    print(tr("register.cli.issued", symbol=result.entry.symbol, date=dt.date.fromisoformat(result.entry.issued_on),
             docx=output, draft=args.draft))
    return EXIT_OK


def run_reserve(args: argparse.Namespace) -> int:
    from desktop.core.register.issuing import pad_width
    from desktop.core.register.numbering import SeriesKey, cycle_for, series_for, settings_for
    from desktop.core.register.store import EntryData

    profile = current_profile(args)
    rules = rules_of(args, profile)
    settings = settings_for(rules, settings_of(args, profile))
    if args.doc_type not in rules.doc_types:
        raise UnreadableInputError("register.cli.bad_type", value=args.doc_type, known=", ".join(rules.doc_types))
    kind = "auto" if args.kind == "secret" else args.kind
    series = series_for(rules, settings, args.doc_type, kind=kind, secret=args.kind == "secret",
                        advisory_body=args.advisory_body)
    key = SeriesKey(series, cycle_for(rules, settings, today(args)))
    with open_store(args, settings) as store:
        entry = store.reserve(key, EntryData(doc_type=args.doc_type, note=args.note), pad=pad_width(rules, settings))
    print(tr("register.cli.reserved", number=entry.number_text, id=entry.id, series=entry.series, cycle=entry.cycle))
    return EXIT_OK


def _query(args: argparse.Namespace, limit: int | None):
    from desktop.core.register.store import Query

    return Query(cycle=args.cycle, year=args.year, doc_type=args.doc_type, signer=args.signer, text=args.text,
                 date_from=_iso(args.date_from), date_to=_iso(args.date_to), limit=limit)


def run_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    profile = current_profile(args)
    with open_store(args, settings_of(args, profile)) as store:
        entries = store.entries(_query(args, args.limit))
    if args.as_json:
        print(json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not entries:
        print(tr("register.cli.empty"))
    for e in entries:
        status = "" if e.status == "issued" else " [" + tr(f"register.status.{e.status}") + "]"
        shown = dt.date.fromisoformat(e.issued_on) if e.issued_on else ""
        print(tr("register.cli.row", id=e.id, symbol=e.symbol, date=shown, summary=e.type_summary,
                 signer=e.signer, status=status))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from desktop.core.register.files import export_register

    profile = current_profile(args)
    date_from, date_to = _iso(args.date_from), _iso(args.date_to)
    if args.year:
        date_from, date_to = date_from or f"{args.year:04d}-01-01", date_to or f"{args.year:04d}-12-31"
    output = args.output
    if not output.name.lower().endswith((".xlsx", ".docx")):
        output = with_extension(output, ".xlsx")
    issuer = profile.issuer if profile is not None else ""
    with open_store(args, settings_of(args, profile)) as store:
        path, count = export_register(store, output, date_from=date_from, date_to=date_to, issuer=issuer)
    print(tr("register.cli.exported", count=count, path=path))
    return EXIT_OK


def _print_import_report(path: Path, result) -> None:
    for problem in result.errors:
        print(tr("register.cli.import_error", path=path, row=problem.row, message=problem.message))
    for gap in result.gaps:
        print(tr("register.cli.gap", series=gap.series, cycle=gap.cycle, numbers=_ranges(gap.numbers)))


def run_import(args: argparse.Namespace) -> int:
    from desktop.core.register.files import import_file

    profile = current_profile(args)
    settings = settings_of(args, profile)
    rules = rules_of(args, profile)
    with open_store(args, settings) as store:
        result = import_file(args.source, rules, settings, store)
        _print_import_report(args.source, result)
        if not result.ok:
            print(tr("register.cli.import_refused", count=len(result.errors)), file=sys.stderr)
            return EXIT_PROBLEMS
        count = store.import_entries(result.entries)
    print(tr("register.cli.imported", count=count, path=args.source))
    return EXIT_OK


def _ranges(numbers: list[int]) -> str:
    from desktop.core.register.store import number_ranges

    return number_ranges(numbers)


def run_check(args: argparse.Namespace) -> int:
    profile = current_profile(args)
    settings = settings_of(args, profile)
    exit_code = EXIT_OK
    with open_store(args, settings) as store:
        if not args.files:
            if store.text_index_state() == "scan":  # information, not a problem: the search works
                print(tr("register2.text_search_scans", where=store.location,
                         reason=getattr(store, "text_index_problem", "") or "—"))
            report = store.report()
            for gap in report.gaps:
                print(tr("register.cli.gap", series=gap.series, cycle=gap.cycle, numbers=_ranges(gap.numbers)))
            for dup in report.duplicates:
                print(tr("register.cli.duplicate", symbol=dup.symbol, cycle=dup.cycle,
                         ids=", ".join(map(str, dup.entry_ids))))
            if report.clean:
                print(tr("register.cli.clean", count=store.count()))
            return EXIT_OK if report.clean else EXIT_PROBLEMS
        for path in args.files:
            try:
                code = _check_one(args, path, store, profile, settings)
            except VanBanError as exc:
                print(exc.message, file=sys.stderr)
                code = exc.exit_code
            exit_code = max(exit_code, code)
    return exit_code


def _check_one(args: argparse.Namespace, path: Path, store, profile: Profile | None,
               settings: RegisterSettings) -> int:
    name = path.name.lower()
    if name.endswith((".csv", ".xlsx", ".xlsm")):
        from desktop.core.register.files import import_file

        result = import_file(path, rules_of(args, profile), settings, store)
        _print_import_report(path, result)
        if result.ok and not result.gaps:
            print(tr("register.cli.file_clean", path=path, count=len(result.entries)))
        return EXIT_OK if result.ok and not result.gaps else EXIT_PROBLEMS
    if name.endswith(".json"):
        from desktop.core.compute import draft_number_line
        from desktop.core.model import load_draft
        from desktop.core.register.check_hook import draft_warnings, symbol_of_line

        draft = load_draft(path)
        symbol = symbol_of_line(draft_number_line(draft)) if draft.number.strip() else None
        hits = draft_warnings(store, draft, symbol) if symbol else []
    else:
        from desktop.core.check import check_file
        from desktop.core.register.check_hook import report_warnings

        report = check_file(path)
        if not report.readable:
            print(report.error, file=sys.stderr)
            return EXIT_UNREADABLE
        hits = [entry for _index, entry, _symbol in report_warnings(store, report)]
    for entry in hits:
        print(tr("register.cli.number_taken", path=path, symbol=entry.symbol, summary=entry.type_summary,
                 date=entry.issued_on or "", id=entry.id))
    if not hits:
        print(tr("register.cli.number_free", path=path))
    return EXIT_PROBLEMS if hits else EXIT_OK


def run_new_term(args: argparse.Namespace) -> int:
    """A new cấp ủy term (Party): the profile's term start moves; numbers of each type start at 01."""
    from desktop.core.profile import save_profile
    from desktop.core.register.numbering import start_new_term

    path = current_profile_path(args)
    if path is None:
        raise UnreadableInputError("register.cli.new_term_needs_profile")
    profile = load_profile(path)
    if rules_of(args, profile).raw["register"]["cycle"] != "term":
        raise UnreadableInputError("register.cli.new_term_party_only")
    first_day = dt.date.fromisoformat(_iso(args.start) or "")
    profile.register = start_new_term(profile.register, first_day)
    save_profile(profile, path)
    print(tr("register.cli.new_term_done", start=first_day, path=path))
    return EXIT_OK


def run_cancel(args: argparse.Namespace) -> int:
    from desktop.core.register.issuing import cancel_number

    profile = current_profile(args)
    with open_store(args, settings_of(args, profile)) as store:
        entry_id = _entry_id(store, args.which, args.year)
        entry, draft_path = cancel_number(store, entry_id, args.reason)
    print(tr("register.cli.cancelled", symbol=entry.symbol, reason=entry.cancel_reason))
    if draft_path is not None:
        print(tr("register.cli.draft_reopened", path=draft_path))
    return EXIT_OK


def _entry_id(store, which: str, year: int | None) -> int:
    if which.isdigit():
        return int(which)
    found = store.find_symbol(" ".join(which.split()), year)
    if not found:
        raise UnreadableInputError("register.cli.no_such_number", symbol=which)
    if len(found) > 1:
        raise UnreadableInputError("register.cli.ambiguous", symbol=which,
                                   ids=", ".join(f"{e.id} ({e.cycle})" for e in found))
    return found[0].id


def warn_numbers_in_register(reports: list, database: str = "") -> None:
    """``vanban check --register``: a warning on each document whose number the register already
    gave to another document (the checker hook, desktop/core/register/check_hook.py)."""
    from desktop.core.register.check_hook import report_warnings

    args = argparse.Namespace(database=database or None, profile=None, data_dir=None)
    try:
        with open_store(args, settings_of(args, current_profile(args))) as store:
            for report in reports:
                if report.readable:
                    report_warnings(store, report)
    except VanBanError as exc:
        print(tr("register.cli.check_register_unavailable", reason=exc.message), file=sys.stderr)
