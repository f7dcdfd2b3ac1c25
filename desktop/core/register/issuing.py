"""Issue a draft from the register: the number and the date given together, at issue.

:func:`issue_draft` takes the next number of the draft's series (or a number reserved
earlier), fills the number and date, renders the .docx and records the row — the number
taken, the row written and the .docx rendered in one transaction, so a failure leaves no
row and uses no number. The draft is then marked issued (:class:`IssueMark`) and is
read-only until its number is cancelled (:func:`cancel_number`).
"""

from __future__ import annotations

import copy as copy_module
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.atomic import atomic_write_bytes
from desktop.core.compute import copy_code, document_code
from desktop.core.model import Draft, IssueMark, load_draft, save_draft
from desktop.core.profile import RegisterSettings
from desktop.core.register.numbering import SeriesKey, cycle_for, register_rules, series_for, settings_for
from desktop.core.register.store import CANCELLED, ISSUED, Entry, EntryData, RegisterError, RegisterStore, now_iso
from desktop.core.rules import RuleSet, load_rule_set


@dataclass
class IssueOptions:
    kind: str = "auto"  # "auto" | "legal" | "secret" | "advisory" | "copy" (numbers the copy block)
    advisory_body: str = ""
    reserved_id: int | None = None  # issue with this reserved number
    transfer_date: str = ""
    note: str = ""


@dataclass
class IssueResult:
    entry: Entry
    draft: Draft
    written: list[Path] = field(default_factory=list)


def symbol_pattern(rules: RuleSet) -> str:
    """'{number}-{code}' (Party) or '{number}/{code}' (state), from the rule set's number line."""
    line = rules.number["line"]
    return line[line.index("{number}"):]


def pad_width(rules: RuleSet, settings: RegisterSettings) -> int:
    zero = register_rules(rules)["leading_zero"]
    padded = settings.leading_zero if zero["profile_setting"] else zero["default"]
    return int(rules.number["min_digits"]) if padded else 1


def series_key(draft: Draft, settings: RegisterSettings | None, issued_on: dt.date,
               options: IssueOptions | None = None) -> SeriesKey:
    """The series and cycle the draft is numbered in on ``issued_on``."""
    options = options or IssueOptions()
    rules = load_rule_set(draft.rule_set)
    settings = settings_for(rules, settings)
    kind = "auto" if options.kind == "secret" else options.kind
    secret = options.kind == "secret" or bool(draft.extras.secrecy.strip())
    series = series_for(rules, settings, draft.doc_type, kind=kind, secret=secret,
                        advisory_body=options.advisory_body)
    return SeriesKey(series, cycle_for(rules, settings, issued_on))


def entry_data(draft: Draft, rules: RuleSet, *, copy: bool = False, draft_ref: str = "") -> EntryData:
    """The register row's columns (Phụ lục IV) from a draft."""
    label = rules.doc_type(draft.doc_type).label
    summary = " ".join(draft.summary.split())
    if summary.startswith("Về "):  # "Quyết định về việc …", as the register reads
        summary = "v" + summary[1:]
    recipients = [*draft.recipients.report, *draft.recipients.others]
    archive = ", ".join(p for p in (draft.recipients.archive.strip(), draft.recipients.archive_initials.strip()) if p)
    signer = draft.signature.name
    code = document_code(draft, rules)
    if copy and draft.copy is not None:
        code = copy_code(draft.copy, rules)
        label = rules.copy["labels"][draft.copy.kind].capitalize() + " " + label.lower()
        recipients = [*draft.copy.recipients.report, *draft.copy.recipients.others]
        signer = draft.copy.signature.name
    return EntryData(code=code, symbol_pattern=symbol_pattern(rules), doc_type=draft.doc_type,
                     type_summary=f"{label} {summary}".strip(), signer=signer,
                     recipients="; ".join(" ".join(r.split()) for r in recipients), archive=archive,
                     copies=draft.extras.copies, draft_ref=draft_ref)


def registered_entry(store: RegisterStore, draft: Draft) -> Entry | None:
    """The register row that issued this draft, when it is in this register."""
    mark = draft.issued
    if mark is None or not mark.entry_id or (mark.register and mark.register != store.location):
        return None
    try:
        entry = store.get(mark.entry_id)
    except RegisterError:
        return None
    return entry if entry.symbol == mark.symbol else None


def issued_elsewhere(store: RegisterStore, draft: Draft) -> bool:
    """Issued from another register (another file or server) than ``store``: it cannot be checked here."""
    mark = draft.issued
    return mark is not None and bool(mark.register) and mark.register != store.location


def is_read_only(store: RegisterStore, draft: Draft) -> bool:
    """An issued draft stays read-only while its number stands (not cancelled); a draft issued
    from another register stays read-only too (this one cannot tell whether it was cancelled)."""
    if issued_elsewhere(store, draft):
        return True
    entry = registered_entry(store, draft)
    return entry is not None and entry.status == ISSUED


def issue_draft(store: RegisterStore, draft: Draft, settings: RegisterSettings | None, *, today: dt.date,
                draft_path: Path | None = None, docx_path: Path | None = None,
                options: IssueOptions | None = None) -> IssueResult:
    """Give ``draft`` its number and date from the register; write the draft and the .docx.

    Refuses a draft already issued (its number not cancelled) and a draft with errors.
    """
    options = options or IssueOptions()
    if issued_elsewhere(store, draft):
        raise RegisterError("register.issued_elsewhere", symbol=draft.issued.symbol, where=draft.issued.register)
    if is_read_only(store, draft):
        raise RegisterError("register.already_issued", symbol=draft.issued.symbol if draft.issued else "")
    rules = load_rule_set(draft.rule_set)
    settings = settings_for(rules, settings)
    as_copy = options.kind == "copy"
    if as_copy and draft.copy is None:
        raise RegisterError("register.no_copy_block")
    _refuse_invalid(draft, today)
    ref = str(Path(draft_path).resolve()) if draft_path else ""
    data = entry_data(draft, rules, copy=as_copy, draft_ref=ref)
    data.issued_on, data.transfer_date, data.note = today.isoformat(), options.transfer_date, options.note
    produced: dict[str, object] = {}

    def fill_and_render(entry: Entry) -> None:
        issued = copy_module.deepcopy(draft)
        target = issued.copy if as_copy and issued.copy is not None else issued
        target.number, target.date = entry.number_text, today.isoformat()
        issued.issued = IssueMark(register=store.location, entry_id=entry.id, series=entry.series,
                                  cycle=entry.cycle, symbol=entry.symbol, issued_at=now_iso())
        produced["draft"] = issued
        if docx_path is not None:
            from desktop.core.render import render_bytes

            produced["docx"] = render_bytes(issued)

    if options.reserved_id is not None:
        entry = store.issue_reserved(options.reserved_id, data, before_commit=fill_and_render)
    else:
        key = series_key(draft, settings, today, options)
        entry = store.issue(key, data, pad=pad_width(rules, settings), before_commit=fill_and_render)
    issued_draft: Draft = produced["draft"]  # type: ignore[assignment]
    written: list[Path] = []
    try:
        if draft_path is not None:
            save_draft(issued_draft, Path(draft_path))
            written.append(Path(draft_path))
        if docx_path is not None:
            atomic_write_bytes(Path(docx_path), produced["docx"])  # type: ignore[arg-type]
            written.append(Path(docx_path))
    except RegisterError:
        raise
    except Exception as exc:
        raise RegisterError("register.issued_but_not_written", symbol=entry.symbol,
                            reason=getattr(exc, "message", str(exc))) from exc
    return IssueResult(entry=entry, draft=issued_draft, written=written)


def _refuse_invalid(draft: Draft, today: dt.date) -> None:
    from desktop.core.schema import validate_draft

    trial = copy_module.deepcopy(draft)
    trial.number, trial.date, trial.issued = "01", today.isoformat(), None
    if trial.copy is not None:
        trial.copy.number = trial.copy.number or "01"
        trial.copy.date = trial.copy.date or today.isoformat()
    errors = [p for p in validate_draft(trial) if p.severity == "error"]
    if errors:
        raise RegisterError("register.draft_invalid", count=len(errors),
                            details=" ".join(f"{p.label}: {p.message}" for p in errors[:5]))


def cancel_number(store: RegisterStore, entry_id: int, reason: str) -> tuple[Entry, Path | None]:
    """Cancel a number (it is never given again); the draft it issued becomes editable again
    (its number, date and issue mark cleared). Returns the row and the draft file updated."""
    entry = store.cancel(entry_id, reason)
    path = Path(entry.draft_ref) if entry.draft_ref else None
    if path is None or not path.is_file():
        return entry, None
    try:
        draft = load_draft(path)
    except Exception:  # the file changed into something else: leave it alone
        return entry, None
    if draft.issued is None or draft.issued.entry_id != entry.id or draft.issued.symbol != entry.symbol:
        return entry, None
    if entry.status == CANCELLED:
        draft.issued = None
        if entry.series == "copy" and draft.copy is not None:
            draft.copy.number, draft.copy.date = "", None
        else:
            draft.number, draft.date = "", None
        save_draft(draft, path)
    return entry, path
