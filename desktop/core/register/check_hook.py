"""The checker's register hook: warn when a document's number is already in the register
for another document (issue #13). Kept apart from detection: it reads the parts the
checker found (or a draft's own number) and asks the register.
"""

from __future__ import annotations

import re

from desktop.core.model import Draft
from desktop.core.register.numbering import split_number_code
from desktop.core.register.store import CANCELLED, Entry, RegisterStore, fold

_YEAR = re.compile(r"năm\s+(\d{4})")
RULE = "C.1 Numbering cycle"


def symbol_of_line(number_line: str) -> str | None:
    """'Số: 05/QĐ-UBND' → '05/QĐ-UBND'; 'Số 03-TB/VPTU' → '03-TB/VPTU'; None when no number."""
    text = re.sub(r"^\s*Số\s*:?\s*", "", number_line or "")
    parsed = split_number_code(text)
    if parsed is None:
        return None
    _number, digits, code = parsed
    sep = "/" if text[len(digits):].lstrip().startswith("/") else "-"
    return f"{digits}{sep}{code}"


def others_with_number(store: RegisterStore, symbol: str, year: int | None, *, summary: str = "",
                       own_entry_id: int | None = None) -> list[Entry]:
    """Rows (not cancelled) holding ``symbol`` in ``year`` that are not this document."""
    found = [e for e in store.find_symbol(symbol, year) if e.status != CANCELLED and e.id != own_entry_id]
    wanted = _words(summary)
    if wanted:  # the same trích yếu is the same document (the checker joins lines with " / ")
        found = [e for e in found if wanted not in _words(e.type_summary)]
    return found


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def draft_warnings(store: RegisterStore, draft: Draft, symbol: str) -> list[Entry]:
    """Rows giving the draft's number to another document (the draft's own issue row excluded)."""
    year = int(draft.date[:4]) if draft.date and draft.date[:4].isdigit() else None
    own = draft.issued.entry_id if draft.issued else None
    return others_with_number(store, symbol, year, own_entry_id=own)


def report_warnings(store: RegisterStore, report) -> list[tuple[int, Entry, str]]:
    """For a checker FileReport: (document index, row, symbol) for each number found in the
    register for another document; adds a warning finding to the document."""
    from desktop.core.check.report import Finding
    from desktop.core.i18n import tr

    hits: list[tuple[int, Entry, str]] = []
    for index, doc in enumerate(report.documents):
        number = doc.parts.get("number")
        if number is None or not number.found:
            continue
        symbol = symbol_of_line(number.text)
        if symbol is None:
            continue
        place_date = doc.parts.get("place_date")
        match = _YEAR.search(place_date.text if place_date is not None else "")
        summary = doc.parts["summary"].text if "summary" in doc.parts else ""
        for entry in others_with_number(store, symbol, int(match[1]) if match else None, summary=summary):
            hits.append((index, entry, symbol))
            doc.findings.append(Finding(
                code="register:number_taken", severity="warning", rule=RULE, where=number.where,
                message=tr("register.check.number_taken", symbol=symbol, summary=entry.type_summary,
                           date=entry.issued_on or ""),
                fix=tr("register.check.number_taken_fix")))
    return hits
