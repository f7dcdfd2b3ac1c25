"""What the rules compute from a draft, never typed by the clerk.

The number line (``Số 03-TB/BCĐ``, ``Số: 12/TB-UBND``, ``Số: 15/UBND-VP``), the date line
(``Hà Nội, ngày 05 tháng 02 năm 2021``, spec C.4), signature prefix lines (C.5), the
recipient list with its punctuation and Lưu line (B.1/B.2 ô 9b), heading numbers (I-, 1.,
a)) and the capitals of headings. Every format string comes from the rule set.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.core.records import record
from desktop.core.rules import RuleSet, load_rule_set

if TYPE_CHECKING:
    from desktop.core.model import CopyBlock, Draft, Paragraph, Recipients, Signature

TWO_LINE_MODES = {"by_order_deputy": "by_order", "on_behalf_deputy": "on_behalf"}
"""Signature modes printed on two authority lines: the first line's prefix, then 'KT.' and ``deputy_whom``."""

VI_ALPHABET = "abcdđeghiklmnopqrstuvxy"
"""Điểm letters in Vietnamese alphabetical order (spec F.12): a, b, c, d, đ, e, g…"""

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def alpha_vi(n: int) -> str:
    """1 → a, 5 → đ, 24 → aa (beyond the alphabet, letters double)."""
    letters = VI_ALPHABET
    n -= 1
    return letters[n % len(letters)] * (n // len(letters) + 1)


def upper(text: str) -> str:
    """Vietnamese capitals (str.upper handles every precomposed Vietnamese letter)."""
    return text.upper()


def title_name(name: str) -> str:
    """Each syllable of a personal name capitalised: 'trần anh tuấn' → 'Trần Anh Tuấn'."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


# --- number -----------------------------------------------------------------------------


def pad_number(number: str, rules: RuleSet) -> str:
    """'3' → '03' (numbers below 10 take a leading zero, spec C.1)."""
    number = number.strip()
    if number.isdigit():
        return number.zfill(int(rules.number["min_digits"]))
    return number


def document_code(draft: Draft, rules: RuleSet | None = None) -> str:
    """The ký hiệu: 'TB/VPTU' (Party), 'TB-UBND' (state), 'UBND-VP' (state công văn)."""
    rules = rules or load_rule_set(draft.rule_set)
    if draft.code_override.strip():
        return draft.code_override.strip()
    doc_type = rules.doc_type(draft.doc_type)
    agency = draft.agency_code.strip()
    if doc_type.code is None:  # state công văn: agency-unit
        return rules.number["letter_code"].format(agency=agency, unit=draft.unit_code.strip()).strip("-")
    return rules.number["code"].format(type_code=doc_type.code, agency=agency)


def copy_code(copy: CopyBlock, rules: RuleSet) -> str:
    return rules.number["copy_code"].format(copy_code=rules.copy["codes"][copy.kind], agency=copy.agency_code.strip())


def number_line(number: str, code: str, rules: RuleSet) -> str:
    """'Số 03-TB/BCĐ' / 'Số: 12/TB-UBND'; a blank number leaves room to write it in."""
    shown = pad_number(number, rules) if number.strip() else rules.number["blank_number"]
    return rules.number["line"].format(number=shown, code=code)


def draft_number_line(draft: Draft, rules: RuleSet | None = None) -> str:
    rules = rules or load_rule_set(draft.rule_set)
    return number_line(draft.number, document_code(draft, rules), rules)


# --- date -------------------------------------------------------------------------------


def parse_iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_partial_date(value: str | None) -> tuple[int, int | None] | None:
    """A draft's date with its day (and month) left blank: '2026-04' → (2026, 4), '2026' → (2026, None);
    None for a full ISO date, a blank or anything else."""
    year, dash, month = (value or "").partition("-")
    if not (len(year) == 4 and year.isascii() and year.isdigit()):
        return None
    if not dash:
        return int(year), None
    if len(month) == 2 and month.isascii() and month.isdigit() and 1 <= int(month) <= 12:
        return int(year), int(month)
    return None


def partial_date(year: int, month: int | None = None) -> str:
    """The draft's form of a date whose day is still blank: (2026, 4) → '2026-04', (2026, None) → '2026'."""
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def date_words(day: int, month: int, year: int, rules: RuleSet) -> tuple[str, str, str]:
    """Day with a leading zero below 10; only months 1 and 2 take one (spec C.4)."""
    padded = rules.date["zero_padded_months"]
    day_s = str(day).zfill(int(rules.date["day_digits"]))
    month_s = f"{month:02d}" if month in padded else str(month)
    return day_s, month_s, str(year)


def date_line(place: str, date: dt.date | None, rules: RuleSet) -> str:
    """'Hà Nội, ngày 05 tháng 02 năm 2021'; with no date yet, dots to fill in by hand.

    Babel's Vietnamese long date ('5 tháng 2, 2021') is not the official form, so the
    pattern is the rule set's own.
    """
    if date is None:
        return rules.date["line"].format(place=place.strip(), day="    ", month="    ", year="        ")
    day, month, year = date_words(date.day, date.month, date.year, rules)
    return rules.date["line"].format(place=place.strip(), day=day, month=month, year=year)


def stored_date_line(place: str, value: str | None, rules: RuleSet) -> str:
    """The date line of a stored date: a full ISO date, blank, or a draft's partial date whose blank day
    (and month) stays blank to be written at issue: 'An Phú, ngày    tháng 4 năm 2026'."""
    partial = parse_partial_date(value)
    if partial is None:
        return date_line(place, parse_iso_date(value), rules)
    year, month = partial
    month_s = date_words(1, month, year, rules)[1] if month else "    "
    return rules.date["line"].format(place=place.strip(), day="    ", month=month_s, year=str(year))


def draft_date_line(draft: Draft, rules: RuleSet | None = None) -> str:
    rules = rules or load_rule_set(draft.rule_set)
    return stored_date_line(draft.place, draft.date, rules)


def copy_number_line(copy: CopyBlock, rules: RuleSet) -> str:
    """The copy's number line: 'Số 24-BS/UBKTTU' (B.1 Party copies), 'Số: 12/SY-UBND' (B.2 Copy)."""
    return number_line(copy.number, copy_code(copy, rules), rules)


def copy_date_line(copy: CopyBlock, rules: RuleSet) -> str:
    """The place and date of copying, in the date line's own form (C.4)."""
    return stored_date_line(copy.place, copy.date, rules)


# --- signature --------------------------------------------------------------------------


def signature_lines(sig: Signature, rules: RuleSet) -> list[str]:
    """Authority lines above the signer's title: ['T/M BAN THƯỜNG VỤ'], ['TL. BỘ TRƯỞNG',
    'KT. VỤ TRƯỞNG …'], or [] when the head signs in their own right (spec C.5)."""
    prefixes = rules.signature["prefixes"]
    fmt = rules.signature["format"]
    if sig.mode == "own":
        return []
    if sig.mode in TWO_LINE_MODES:
        return [fmt.format(prefix=prefixes[TWO_LINE_MODES[sig.mode]], whom=upper(sig.whom)).strip(),
                fmt.format(prefix=prefixes["deputy"], whom=upper(sig.deputy_whom)).strip()]
    return [fmt.format(prefix=prefixes[sig.mode], whom=upper(sig.whom)).strip()]


# --- recipients -------------------------------------------------------------------------


@record(frozen=True)
class RecipientLine:
    text: str
    kind: str  # "label" | "report" | "recipient" | "archive"


def recipient_lines(
    recipients: Recipients, rules: RuleSet, *, letter_with_addressees: bool = False
) -> list[RecipientLine]:
    """The Nơi nhận list, punctuated for the system (B.1/B.2 ô 9b).

    Party: lines end ',' and the last '.', last line 'Lưu <office>.'; state: lines end ';',
    last 'Lưu: VT, <unit>.', and a công văn with Kính gửi starts '- Như trên;'.
    The report group ('để báo cáo') comes first; its note is placed after the group, beside a brace
    (:func:`report_grouped`), else after each name: '- Bộ Nội vụ (để báo cáo);' (kind "report_each", D.1).
    """
    r = rules.recipients
    prefix, end, last_end = r["line_prefix"], r["line_end"], r["last_end"]
    items: list[tuple[str, str]] = []
    if letter_with_addressees and r.get("letter_first"):
        items.append((r["letter_first"], "recipient"))
    grouped = report_grouped(recipients, rules)
    items += [(name.strip() if grouped else f"{name.strip().rstrip(',;.')} {r['report_note']}",
               "report" if grouped else "report_each") for name in recipients.report if name.strip()]
    items += [(name.strip(), "recipient") for name in recipients.others if name.strip()]
    archive = r["archive"].format(archive=recipients.archive.strip()).strip().rstrip(",")
    if recipients.archive_initials.strip() and r.get("archive_initials"):
        archive += r["archive_initials"].format(initials=recipients.archive_initials.strip())
    items.append((archive, "archive"))
    lines = [RecipientLine(r["label"], "label")]
    for index, (text, kind) in enumerate(items):
        is_last = index == len(items) - 1
        text = text.rstrip(",;.")
        lines.append(RecipientLine(f"{prefix}{text}{last_end if is_last else end}", kind))
    return lines


def report_note(rules: RuleSet) -> str:
    return rules.recipients["report_note"]


def report_grouped(recipients: Recipients, rules: RuleSet) -> bool:
    """The report group under one brace with one note (Party always; state on request, D.1)."""
    return rules.recipients.get("report_brace", "always") == "always" or recipients.report_brace


# --- headings ---------------------------------------------------------------------------


def heading_labels(body: list[Paragraph], rules: RuleSet) -> list[str]:
    """The number printed before each body paragraph ('' for plain paragraphs).

    heading1 counts I, II, … ; heading2 counts 1, 2, … within its heading1; heading3
    counts a, b, c, d, đ … within its heading2; articles count Điều 1, 2, … through the
    document; dash and plus items get their marker.
    """
    counters = {"heading1": 0, "heading2": 0, "heading3": 0, "article": 0}
    labels = []
    for para in body:
        style = para.style
        spec = rules.headings.get(style)
        if style in counters:
            counters[style] += 1
            if style == "heading1":
                counters["heading2"] = counters["heading3"] = 0
            elif style == "heading2":
                counters["heading3"] = 0
            elif style == "article":  # khoản and điểm count within their Điều (B.2 ô 6)
                counters["heading2"] = counters["heading3"] = 0
            n = counters[style]
            numeral = {"roman": roman, "arabic": str, "alpha": alpha_vi}[spec["numeral"]](n)
            labels.append(f"{spec.get('prefix', '')}{numeral}{spec['suffix']}")
        elif spec and "marker" in spec:
            labels.append(spec["marker"])
        else:
            labels.append("")
    return labels


def article_without_title(para: Paragraph, rules: RuleSet) -> bool:
    """An article whose text is a sentence, not a title ('Điều 1. Phê duyệt …./.'): where the rules say so
    (B.2 ô 6, ``headings.article.untitled_text_bold`` false), only its label 'Điều 1.' is bold."""
    if para.style != "article" or rules.headings.get("article", {}).get("untitled_text_bold", True):
        return False
    return para.text.rstrip().endswith((".", ";", ":", "!", "?"))


def heading_text(para: Paragraph, rules: RuleSet) -> str:
    """A paragraph's text with the case its style requires (heading1 in capitals)."""
    part = rules.parts.get(para.style)
    text = para.text
    return upper(text) if part is not None and part.case == "upper" else text


def legal_basis_lines(bases: list[str], rules: RuleSet) -> list[str]:
    """Căn cứ lines punctuated by the rules: each ends ';', the last '.' (spec B.2 ô 6)."""
    punct = rules.raw["legal_basis_lines"]
    lines = [line.strip().rstrip(";.,").rstrip() for base in bases for line in base.split("\n") if line.strip()]
    return [line + (punct["last_end"] if i == len(lines) - 1 else punct["line_end"]) for i, line in enumerate(lines)]


def letter_summary(draft: Draft, rules: RuleSet) -> str:
    """A công văn's trích yếu with its prefix: 'V/v …' unless the clerk typed a prefix."""
    summary = draft.summary.strip()
    if not summary:
        return ""
    if any(summary.startswith(p.strip()) for p in rules.letter["summary_prefixes"]):
        return summary
    return rules.letter["default_prefix"] + summary
