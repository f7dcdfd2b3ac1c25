"""Checks of a văn bản issued with a quyết định (NĐ 30 Phụ lục III Mẫu 1.3): a Quy chế, Quy định …
printed after the decision, with "(Ban hành kèm theo Quyết định số … ngày … của …)" under its trích yếu.

The segmenter has already split it off the decision (its own header or tên loại starts a new
document once the decision's Nơi nhận and signature were read), so the decision's parts are the
decision's. Here its own lines are judged: the "Kèm theo" line (italic, centred, and naming the
decision printed before it: same number, same date), the chapter and section lines ("Chương I"
and its title, "Mục 1" and its title: bold, centred, the title in capitals; B.2 ô 6) and the
numbering (chapters I, II, III…; sections from 1 in each chapter; articles through the text).
The Mẫu 1.3 rules are shown by the sample (conf P): every finding is a warning.
"""

from __future__ import annotations

import re

from desktop.core.check import vocab as v
from desktop.core.check.detect import Detected
from desktop.core.check.findings import Checks
from desktop.core.check.lines import Line
from desktop.core.check.report import Finding
from desktop.core.i18n import tr

DIVISION = re.compile(r"^(?P<kind>Chương|Mục)\s+(?P<num>[IVXLC]+|\d+)\s*\.?$", re.I)
NOTE_NUMBER = re.compile(r"\bsố\s*:?\s*(?P<number>\d+)\s*/\s*(?P<code>[^\s,;()]+)", re.I)
NOTE_DATE = re.compile(r"\bngày\s*(?P<d>\d{1,2})\s*(?:tháng\s*|/)(?P<m>\d{1,2})\s*(?:năm\s*|/)(?P<y>\d{4})", re.I)
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(text: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(text.upper()):
        value = ROMAN.get(char)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None


def _add(checks: Checks, code: str, where: Line, key: str, **params: object) -> None:
    rule = checks.rules.raw.get("approved_text", {}).get("ref", "NĐ 30 Phụ lục III Mẫu 1.3") if checks.rules else ""
    checks.report.findings.append(Finding(code=code, severity="warning", rule=rule, where=where.where(),
                                          message=tr(f"approved.check.{key}", **params),
                                          fix=tr(f"approved.check.{key}.fix", **params)))


def check_approved(checks: Checks, decision: Detected | None) -> None:
    """The approved text's own lines (only for a document with a "Kèm theo" line under its trích yếu)."""
    doc = checks.doc
    rules = checks.rules
    if not doc.attached_note or rules is None or "approved_line" not in rules.parts:
        return
    checks.style("summary", "approved_line", doc.attached_note, most="warning")
    if decision is not None:
        _same_decision(checks, doc.attached_note, decision)
    _divisions(checks, doc.body)


def _same_decision(checks: Checks, note: list[Line], decision: Detected) -> None:
    """The "Kèm theo" line names the decision printed before it: its number and its date."""
    text = " ".join(line.text for line in note)
    first = note[0]
    number = NOTE_NUMBER.search(text)
    own = v.parse_number(decision.number) if decision.number is not None else None
    if number is not None and own is not None and own.group("num").strip().isdigit():
        written = f"{int(number.group('number'))}/{number.group('code')}"
        expected = f"{int(own.group('num').strip())}{own.group('sep')}{own.group('code')}"
        if re.sub(r"\s", "", written).casefold() != re.sub(r"\s", "", expected).casefold():
            _add(checks, "text:approved_reference", first, "number_differs", written=number.group(0).strip(),
                 expected=decision.number.text.strip())
    date = NOTE_DATE.search(text)
    own_date = v.DATE_WORDS.match(decision.place_date.text) if decision.place_date is not None else None
    known = date is not None and own_date is not None and all(own_date.group(k).strip().isdigit() for k in "dmy")
    if known and tuple(int(date.group(k)) for k in "dmy") != tuple(int(own_date.group(k)) for k in "dmy"):
        _add(checks, "text:approved_reference", first, "date_differs", written=date.group(0).strip(),
             expected=decision.place_date.text.strip())


def _divisions(checks: Checks, body: list[Line]) -> None:
    """Chương/Mục lines and their titles: bold, centred, capitals (B.2 ô 6); numbers in order; Điều
    numbered through the whole text."""
    chapters: list[Line] = []
    titles: dict[str, list[Line]] = {"chapter": [], "section": []}
    labels: dict[str, list[Line]] = {"chapter": [], "section": []}
    chapter_no = section_no = article_no = 0
    jump: tuple[Line, str, str] | None = None
    lines = [line for line in body if line.first_in_block]
    for index, line in enumerate(lines):
        article = re.match(r"^Điều\s+(\d+)\s*\.", line.text)
        if article is not None:
            article_no += 1
            if jump is None and int(article.group(1)) != article_no:
                jump = (line, f"Điều {article_no}", f"Điều {article.group(1)}")
            article_no = int(article.group(1))
            continue
        match = DIVISION.match(line.text.strip())
        if match is None:
            continue
        kind = "chapter" if match.group("kind").lower() == "chương" else "section"
        labels[kind].append(line)
        value = _roman(match.group("num")) if kind == "chapter" else int(match.group("num")) \
            if match.group("num").isdigit() else None
        if kind == "chapter":
            chapters.append(line)
            chapter_no, section_no = chapter_no + 1, 0
            want = chapter_no
        else:
            section_no += 1
            want = section_no
        if value is not None and value != want and jump is None:
            jump = (line, f"{match.group('kind')} {want if kind == 'section' else _roman_text(want)}",
                    line.text.strip())
        if kind == "chapter":
            chapter_no = value or chapter_no
        else:
            section_no = value or section_no
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and not DIVISION.match(following.text.strip()) \
                and not following.text.startswith("Điều") and len(following.words) <= 30:
            titles[kind].append(following)
    for kind in ("chapter", "section"):
        checks.style("body", kind, labels[kind], most="warning")
        checks.style("body", f"{kind}_title", titles[kind], most="warning")
    if jump is not None:
        _add(checks, "format:body", jump[0], "numbering", expected=jump[1], written=jump[2])


def _roman_text(n: int) -> str:
    from desktop.core.compute import roman

    return roman(n)
