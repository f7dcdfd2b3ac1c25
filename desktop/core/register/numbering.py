"""Which series and cycle a document is numbered in, and how its number is written.

All rules come from the rule set's ``register`` section (spec C.1 "Numbering cycle", D.1
"Number cycle"; NĐ 30 Điều 15; HD 36 point 1.3.1) and the office profile's
:class:`~desktop.core.profile.RegisterSettings`:

- state: a calendar-year cycle; one shared series or one per type (the profile); separate
  series for legal documents per type, secret documents, each advisory body, copies;
- Party: a cấp ủy term cycle (the profile's ``term_start``), one series per type; a congress
  has one series for every type; a joint document is numbered by the lead body alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from desktop.core.errors import VanBanError
from desktop.core.profile import RegisterSettings
from desktop.core.rules import RuleSet

SERIES_KINDS = ("auto", "legal", "secret", "advisory", "copy")


@dataclass(frozen=True)
class SeriesKey:
    """One numbering series in one cycle: ``("type:thong_bao", "term:2025-10-20")``."""

    series: str
    cycle: str


def register_rules(rules: RuleSet) -> dict[str, Any]:
    return rules.raw["register"]


def settings_for(rules: RuleSet, settings: RegisterSettings | None) -> RegisterSettings:
    """The profile's settings, or the rule set's defaults when the profile has none."""
    if settings is not None:
        return settings
    reg = register_rules(rules)
    return RegisterSettings(series_mode=reg["default_series_mode"], leading_zero=reg["leading_zero"]["default"])


def cycle_for(rules: RuleSet, settings: RegisterSettings, issued_on: dt.date) -> str:
    """'2026' (state: calendar year) or 'term:2025-10-20' (Party: the cấp ủy term)."""
    if register_rules(rules)["cycle"] == "calendar_year":
        return str(issued_on.year)
    start = settings.term_start.strip()
    if not start:
        raise VanBanError("register.no_term_start")
    try:
        start_day = dt.date.fromisoformat(start)
    except ValueError as exc:
        raise VanBanError("register.bad_term_start", value=start) from exc
    if issued_on < start_day:
        raise VanBanError("register.before_term", date=issued_on, start=start_day)
    return f"term:{start_day.isoformat()}"


def series_for(rules: RuleSet, settings: RegisterSettings, doc_type: str, *, kind: str = "auto",
               secret: bool = False, advisory_body: str = "") -> str:
    """The series name for a document of ``doc_type``.

    ``kind``: "auto" (the profile's mode), "legal" (a legal document, state), "advisory" (an
    advisory body using the agency's seal, state; ``advisory_body`` names it), "copy" (SY, SL,
    TrS together). ``secret``: a secret document (its own series in the state system, the
    type's series in the Party's).
    """
    reg = register_rules(rules)
    separate = reg["separate_series"]
    if kind not in SERIES_KINDS:
        raise VanBanError("register.bad_series_kind", kind=kind)
    if kind == "copy":
        return "copy"
    if kind == "legal":
        if not separate["legal"]["per_type"]:
            raise VanBanError("register.kind_not_in_system", kind=kind)
        return f"legal:{doc_type}"
    if kind == "advisory":
        if not separate["advisory"]["per_body"]:
            raise VanBanError("register.kind_not_in_system", kind=kind)
        body = " ".join(advisory_body.split())
        if not body:
            raise VanBanError("register.no_advisory_body")
        return f"advisory:{body}"
    if reg["congress"]["one_series"] and settings.congress:
        return "congress"
    if secret and separate["secret"]["own_series"]:
        return "secret"
    mode = settings.series_mode if settings.series_mode in reg["series_modes"] else reg["default_series_mode"]
    return "all" if mode == "shared" else f"type:{doc_type}"


def format_number(number: int, rules: RuleSet, settings: RegisterSettings) -> str:
    """3 → '03' when numbers below 10 take a leading zero (state always; Party: the profile)."""
    zero = register_rules(rules)["leading_zero"]
    padded = settings.leading_zero if zero["profile_setting"] else zero["default"]
    return str(number).zfill(int(rules.number["min_digits"])) if padded else str(number)


_NUMBER_CODE = re.compile(r"^\s*(?:Số[:\s]*)?(?P<number>\d+)\s*(?P<sep>[-/])\s*(?P<code>\S.*?)\s*$")


def split_number_code(text: str) -> tuple[int, str, str] | None:
    """'72-TB/ĐU' → (72, '72', 'TB/ĐU'); '05/QĐ-UBND' → (5, '05', 'QĐ-UBND'); None if malformed."""
    match = _NUMBER_CODE.match(text or "")
    if not match:
        return None
    digits = match["number"]
    if int(digits) < 1:
        return None
    return int(digits), digits, match["code"]


def code_type(code: str, rules: RuleSet) -> str:
    """The doc_type key (or the type code itself) named by a ký hiệu: 'TB/ĐU' → 'thong_bao'."""
    part = code.split("/")[0] if rules.system == "party" else code.split("-")[0]
    for key, doc_type in rules.doc_types.items():
        if doc_type.code and doc_type.code == part:
            return key
    if rules.system == "party" and part == "CV":
        return "cong_van"
    if rules.system == "state" and "/" not in code and part not in rules.type_codes.values():
        return "cong_van"
    return part


def start_new_term(settings: RegisterSettings | None, first_day: dt.date) -> RegisterSettings:
    """Settings for a new cấp ủy term starting on ``first_day`` (Party numbers start again at 01).

    The new term must start after the current one: a term never goes back.
    """
    from dataclasses import replace

    settings = settings or RegisterSettings(series_mode="per_type")
    current = settings.term_start.strip()
    if current:
        try:
            current_day = dt.date.fromisoformat(current)
        except ValueError:
            current_day = None
        if current_day is not None and first_day <= current_day:
            raise VanBanError("register.term_not_after", start=first_day, current=current_day)
    return replace(settings, term_start=first_day.isoformat())
