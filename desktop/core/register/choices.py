"""Which series a draft may be numbered in, as the clerk is offered them at issue.

The rules pick one series (:func:`~desktop.core.register.issuing.series_key`, kind "auto");
the state system also keeps separate series the clerk chooses from (NĐ 30 Điều 15 khoản 2,
spec C.1 "Numbering cycle"): legal documents per type, secret documents, each advisory body
using the agency's seal, and copies (SY, SL, TrS in one series, spec B.2). The Party system
numbers per type or per congress, with copies apart. Each choice says its next number and how
many numbers of it were reserved earlier (a reserved number is issued before a new one is taken,
never silently skipped).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.i18n import tr
from desktop.core.model import Draft
from desktop.core.profile import RegisterSettings
from desktop.core.register.numbering import SeriesKey, register_rules, settings_for
from desktop.core.register.store import RESERVED, Entry, Query, RegisterStore
from desktop.core.rules import RuleSet, load_rule_set

# Tên loại the app drafts that are also forms of legal documents (Luật Ban hành văn bản quy phạm
# pháp luật: nghị quyết of a People's Council, quyết định of a People's Committee or its chair).
LEGAL_TYPES = ("quyet_dinh", "nghi_quyet")


@dataclass(frozen=True)
class SeriesChoice:
    """One series the draft may take its number from (``key`` None: an advisory body not named yet)."""

    kind: str  # IssueOptions.kind
    key: SeriesKey | None
    label: str


def series_kinds(draft: Draft, rules: RuleSet) -> list[str]:
    """The issue kinds open to ``draft``: "auto" first (the rules' own pick), then the others."""
    return kinds_for(rules, draft.doc_type, secret=bool(draft.extras.secrecy.strip()), copy=draft.copy is not None)


def kinds_for(rules: RuleSet, doc_type: str, *, secret: bool = False, copy: bool = True) -> list[str]:
    """The issue kinds open to a document of ``doc_type`` ("auto" first); ``copy``: it has a copy block."""
    separate = register_rules(rules)["separate_series"]
    kinds = ["auto"]
    if separate["legal"]["per_type"] and doc_type in LEGAL_TYPES and not secret:
        kinds.append("legal")
    if separate["secret"]["own_series"] and not secret:
        kinds.append("secret")
    if separate["advisory"]["per_body"] and not secret:
        kinds.append("advisory")
    if copy:
        kinds.append("copy")
    return kinds


def series_label(series: str, rules: RuleSet) -> str:
    """How the clerk reads a series name: 'type:quyet_dinh' → 'Sổ Quyết định'."""
    kind, _, rest = series.partition(":")
    if kind in ("type", "legal"):
        label = rules.doc_types[rest].label if rest in rules.doc_types else rest
        return tr(f"register2.series.{kind}", type=label)
    if kind == "advisory":
        return tr("register2.series.advisory", body=rest)
    if series in ("all", "secret", "copy", "congress"):
        return tr(f"register2.series.{series}")
    return series


def series_choices(store: RegisterStore, draft: Draft, settings: RegisterSettings | None,
                   day: dt.date) -> list[SeriesChoice]:
    """The series ``draft`` may be issued in on ``day``, each labelled with its next number."""
    from desktop.core.register.issuing import IssueOptions, pad_width, series_key

    rules = load_rule_set(draft.rule_set)
    settings = settings_for(rules, settings)
    out: list[SeriesChoice] = []
    for kind in series_kinds(draft, rules):
        if kind == "advisory":
            out.append(SeriesChoice(kind, None, tr("register2.series.advisory_ask")))
            continue
        key = series_key(draft, settings, day, IssueOptions(kind=kind))
        out.append(SeriesChoice(kind, key, choice_label(store, key, rules, pad_width(rules, settings))))
    return out


def choice_label(store: RegisterStore, key: SeriesKey, rules: RuleSet, pad: int) -> str:
    """'Sổ chung của cơ quan: số tiếp theo 07 (2 số giữ trước)'."""
    label = tr("register2.choice", series=series_label(key.series, rules),
               number=str(store.last_number(key) + 1).zfill(pad))
    held = len(reserved_numbers(store, key))
    return label + (" " + tr("register2.choice_reserved", count=held) if held else "")


def reserved_numbers(store: RegisterStore, key: SeriesKey) -> list[Entry]:
    """The numbers of ``key`` reserved earlier and not yet issued or cancelled, lowest first."""
    return store.entries(Query(series=key.series, cycle=key.cycle, status=RESERVED, limit=None))


def reserved_label(entry: Entry) -> str:
    """'Số giữ trước 03 (giữ ngày 02/02/2026; Tờ trình chờ ký)'."""
    day = entry.created_at[:10]
    with_day = dt.date.fromisoformat(day).strftime("%d/%m/%Y") if len(day) == 10 else "—"
    note = f"; {entry.note}" if entry.note else ""
    return tr("register2.reserved_option", number=entry.number_text, day=with_day, note=note)
