"""What the detector recognises, built once from every rule set (never typed here).

Type names, copy labels, the fixed header strings, signature prefixes, recipient labels
and notes all come from resources/rules/*.json, so a new rule set extends the detector.
The loose patterns below (number, date, name lines) accept malformed forms on purpose:
the detector finds a part first, the findings then say what is wrong with it.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

from desktop.core.check.lines import Line
from desktop.core.check.normalize import clean, fuzzy_equal, is_upper, key, strip_diacritics
from desktop.core.records import record
from desktop.core.rules import RuleSet, available_rule_sets, load_rule_set

NUMBER = re.compile(
    r"^S[ốỐ]\s*(?P<colon>:?)\s*(?P<num>\d[\d\s]*?|[.…_\s]*?)\s*(?P<sep>[-/])\s*(?P<code>[^\s].*?)\s*$", re.I)
DATE_WORDS = re.compile(
    r"^(?:(?P<place>[^,\d]{2,60}?(?:\s\d{1,2})?)\s*(?P<comma>,?)\s*)?ngày\s*(?P<d>[\d.…_\s]*?)\s*tháng\s*(?P<m>[\d.…_\s]*?)"
    r"\s*năm\s*(?P<y>[\d.…_\s]*?)\s*$", re.I)
"""The date line, loose on purpose: a blank day or month of a draft not yet issued ('ngày    tháng 6
năm 2026', dots or underscores in their place), no place, a word glued to its number ('4năm')."""
DATE_GLUED = re.compile(r"\d(?:tháng|năm)|(?:ngày|tháng|năm)\d", re.I)
DATE_SLASH = re.compile(r"^(?P<place>[^,\d]{2,60}?)\s*(?P<comma>,?)\s*(?:ngày\s*)?(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})"
                        r"[/.-](?P<y>\d{4})\s*$", re.I)
SIGNED = re.compile(r"^[\[(]*\s*[\[(]?\s*đã\s+ký(?:\s+tên)?(?:\s*(?:,|và)\s*đóng\s+dấu)?\s*[\])]*\s*:?\s*"
                    r"(?P<name>.*)$", re.I)
"""'(Đã ký)', 'Đã ký: Lê Minh Hưng', '[ (Đã ký)', '(Đã ký và đóng dấu)', '(Đã ký tên)': a copy's mark for the
signature, the name (if any) after it."""
HONORIFIC = re.compile(r"^(?P<h>(?:PGS|GS|TS|ThS|BS|KS|CN|Đ/c|Đồng chí)\.?(?:\s*,?\s*(?:TS|ThS|BS)\.?)*)\s+", re.I)
HYPHENS = re.compile(r"^-{3,}$")
TYPIST = re.compile(r"^[A-ZĐ]{1,8}\.?\s*\(\d{1,4}\)\.?$")  # B.1/B.2 ô 12: "PTH.(60)"
UNDERSCORES = re.compile(r"^_{3,}$")
ITEM = re.compile(r"^[-–—+•]\s*")
POINT = re.compile(r"^([a-zđ])\)\s")  # điểm a), b) … đ) (F.12)
ARTICLE = re.compile(r"^Điều\s+\d+\.")
ATTACHED_NOTE = re.compile(r"^\(\s*(?:ban hành\s+)?kèm theo\b", re.I)
"""'(Ban hành kèm theo Quyết định số …)', '(Kèm theo …)' under an attached quy chế/quy định's trích yếu (NĐ 30
Mẫu 1.x): it has no number, date or Nơi nhận of its own — the quyết định's are its."""
DIVISION = re.compile(r"^(?:Phần|Chương|Mục|Tiểu mục)\s+(?:[IVXLC]+|\d+|thứ\s+\w+)\s*\.?$", re.I)
"""'Chương I', 'Phần thứ nhất', 'Mục 2' (B.2 ô 6): the capitals on the next line are its title, never a tên loại."""
HEADING = re.compile(r"^(?P<roman>[IVXLC]+)\s*(?P<suffix>[.\-–)])\s+|^(?P<arabic>\d{1,2})(?P<asuffix>[.\-)])\s+(?=\S)")


@record(frozen=True)
class Prefix:
    written: str  # as typed: "T/M", "TM", "KT."
    kind: str  # on_behalf | deputy | by_order | delegated | acting
    exact_systems: tuple[str, ...]  # systems whose spelling this is exactly
    whom: str


@record(frozen=True)
class Vocab:
    type_names: tuple[str, ...]  # keys (upper, folded), longest first
    type_display: dict[str, str]
    copy_labels: tuple[tuple[str, str], ...]  # (key, display), longest first
    titles: tuple[tuple[str, str], ...]  # (system, exact text), incl. variants
    motto: tuple[str, ...]
    prefix_re: re.Pattern[str]
    prefixes: dict[str, dict[str, str]]  # system -> kind -> spelling
    letter_prefixes: tuple[str, ...]
    recipients_labels: tuple[str, ...]  # plain keys: "NOI NHAN"
    archive_word: str  # plain key of the Lưu line's first word: "LUU"
    report_notes: tuple[str, ...]  # plain keys of "(để b/c)" and its variants, brackets dropped
    no_summary_types: frozenset[str] = frozenset()  # type keys printed with no trích yếu (Mẫu 1.8, 1.10)
    sender_suffixes: tuple[str, ...] = ()  # plain keys ending a công điện's sender line: "DIEN:" (Mẫu 1.6)


def _rule_sets() -> list[RuleSet]:
    return [load_rule_set(rid) for rid in available_rule_sets()]


@cache
def vocab() -> Vocab:
    rule_sets = _rule_sets()
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    titles: list[tuple[str, str]] = []
    motto: list[str] = []
    prefixes: dict[str, dict[str, str]] = {}
    letters: set[str] = set()
    labels_r: set[str] = set()
    archive_words: set[str] = set()
    notes: set[str] = set()
    no_summary: set[str] = set()
    suffixes: set[str] = set()
    for rs in rule_sets:
        labels_r.add(plain(rs.recipients["label"]))
        archive_words.add(plain(rs.recipients["archive"]).split()[0])
        notes.update(plain(n) for n in rs.recipients.get("report_note_variants", [rs.recipients["report_note"]]))
        for dt in rs.doc_types.values():
            names[key(dt.name)] = dt.name
            if not dt.summary:
                no_summary.add(key(dt.name))
            if dt.sender_suffix:
                suffixes.add(plain(dt.sender_suffix) + ":")
        for name in rs.type_name_codes():
            names.setdefault(key(name), name.upper())
        for label in rs.copy["labels"].values():
            labels[key(label)] = label
        fixed = rs.fixed_text["header_title"]
        titles += [(rs.system, t) for t in [fixed["text"], *fixed.get("variants", [])]]
        if "motto" in rs.fixed_text:
            motto.append(rs.fixed_text["motto"]["text"])
        prefixes.setdefault(rs.system, {}).update(rs.signature["prefixes"])
        letters.update(p.strip() for p in rs.letter["summary_prefixes"])
    for label in labels:  # a copy label is not a tên loại ("BẢN SAO" stays a type)
        names.pop(label, None)
    letters_only = {re.sub(r"[/.]", "", p) for spellings in prefixes.values() for p in spellings.values()}
    alternatives = sorted(letters_only, key=len, reverse=True)
    pattern = "|".join(r"\s*[/.]?\s*".join("[UƯ]" if ch == "U" else re.escape(ch) for ch in alt)
                       for alt in alternatives)
    prefix_re = re.compile(rf"^(?P<p>(?:{pattern})\s*\.?)(?:\s+|(?<=[./])\s*)(?P<whom>\S.*)$")
    return Vocab(
        type_names=tuple(sorted(names, key=len, reverse=True)),
        type_display=names,
        copy_labels=tuple(sorted(labels.items(), key=lambda kv: len(kv[0]), reverse=True)),
        titles=tuple(titles),
        motto=tuple(motto),
        prefix_re=prefix_re,
        prefixes=prefixes,
        letter_prefixes=tuple(sorted(letters, key=len, reverse=True)),
        recipients_labels=tuple(sorted(labels_r)),
        archive_word=sorted(archive_words)[0],
        report_notes=tuple(sorted(notes)),
        no_summary_types=frozenset(no_summary),
        sender_suffixes=tuple(sorted(suffixes)),
    )


def plain(text: str) -> str:
    """Comparison key without diacritics, brackets or trailing colon: '(để b/c)' → 'DE B/C'."""
    return strip_diacritics(key(text)).strip("():. ")


# --- matchers ---------------------------------------------------------------------------


def match_type_name(line: Line) -> tuple[str, int] | None:
    """(type key, end offset in line.raw) when the line starts with a tên loại.

    Accepts the name alone, followed by more text after a space, or glued to the next
    part with no space (seed 004 ``THÔNG BÁO**KẾT LUẬN``: a run boundary or a capital).
    """
    k = line.key
    names = vocab().type_names
    if not k or not k.startswith(names):  # one C-level test rules out most lines
        return None
    caps = line.flag("caps") is True
    for name in names:
        if not k.startswith(name):
            continue
        end = _raw_offset(line.raw, len(name))
        if not (caps or is_upper(line.raw[:end])):
            return None
        rest = line.raw[end:]
        if not rest.strip() or rest[0].isspace() or end in line.run_boundaries() or rest[0].isupper():
            return name, end
    return None


def _raw_offset(raw: str, folded_len: int) -> int:
    """Offset in ``raw`` after ``folded_len`` visible characters of its cleaned form."""
    seen = 0
    stripped = raw.lstrip()
    lead = len(raw) - len(stripped)
    for index, ch in enumerate(stripped):
        if seen >= folded_len:
            return lead + index
        if not (ch.isspace() and index and stripped[index - 1].isspace()):
            seen += 1
    return len(raw)


def match_copy_label(line: Line) -> str | None:
    k = line.key
    for label_key, display in vocab().copy_labels:
        if k == label_key or k.rstrip(":. ") == label_key:
            return display
    return None


def match_header_title(line: Line) -> tuple[str, bool, str] | None:
    """(system, exact, expected text) for a Quốc hiệu/tiêu đề line, near misses included."""
    text = line.text
    if not text or len(text) > 48 or not any(abs(len(text) - len(t)) <= 4 for _, t in vocab().titles):
        return None
    cleaned = clean(text)
    for system, target in vocab().titles:
        if cleaned == target:
            return system, True, target
    folded = key(text)
    for system, target in vocab().titles:
        if folded == key(target):
            return system, True, target
    for system, target in vocab().titles:
        if fuzzy_equal(text, target):
            return system, False, target
    return None


def match_motto(line: Line) -> tuple[bool, str] | None:
    """(exact, expected) for a tiêu ngữ line: the same words, whatever the dashes."""
    words = re.sub(r"[\s\-–—_]+", "", strip_diacritics(line.text).upper())
    for target in vocab().motto:
        if words == re.sub(r"[\s\-]+", "", strip_diacritics(target).upper()):
            return clean(line.raw) == target and "–" not in line.raw, target
    return None


def match_prefix(line: Line) -> Prefix | None:
    m = vocab().prefix_re.match(line.text)
    if not m or not is_upper(m.group("whom")):
        return None
    written = m.group("p").strip()
    letters = re.sub(r"[\s/.]", "", written).replace("Ư", "U")
    kind = ""
    exact: list[str] = []
    for system, spellings in vocab().prefixes.items():
        for k, spelling in spellings.items():
            if re.sub(r"[/.]", "", spelling) == letters:
                kind = kind or k
                if re.sub(r"\s", "", written) == spelling:
                    exact.append(system)
    if not kind:
        return None
    return Prefix(written=written, kind=kind, exact_systems=tuple(exact), whom=m.group("whom").strip())


def parse_number(line: Line) -> re.Match[str] | None:
    return NUMBER.match(line.text)


def parse_date(line: Line) -> re.Match[str] | None:
    if len(line.text) > 90:
        return None
    return DATE_WORDS.match(line.text) or DATE_SLASH.match(line.text)


def is_recipients_label(line: Line) -> bool:
    """'Nơi nhận:' ('NƠI NHẬN', 'Nơi nhận :', no colon), alone or with the first item after it."""
    if not any(plain(line.text).startswith(label) for label in vocab().recipients_labels):
        return False
    return len(line.words) <= 4 or glued_item_at(line) is not None


_GLUED_ITEM = re.compile(r"^\s*\S+\s+[^\s:]+\s*:?\s*(?=[-–—+•]\s*\S)")


def glued_item_at(line: Line) -> int | None:
    """'Nơi nhận: - Như trên;' on one line: the offset in ``line.raw`` where the first item starts."""
    m = _GLUED_ITEM.match(line.raw)
    return m.end() if m else None


def is_item(line: Line) -> bool:
    return bool(ITEM.match(line.text))


def is_blank(value: str | None) -> bool:
    """A field of the number or date line left for the văn thư to fill in: spaces, dots, underscores."""
    return not any(ch.isdigit() for ch in value or "")


def number_blank(m: re.Match[str] | None) -> bool:
    """'Số:      /QĐ-UBND': a draft before registration, its number not yet given."""
    return m is not None and is_blank(m.group("num"))


def date_blanks(m: re.Match[str] | None) -> tuple[str, ...]:
    """Which of day, month, year ('d', 'm', 'y') a date line leaves blank (a draft not yet dated)."""
    if m is None or m.re is not DATE_WORDS:
        return ()
    return tuple(name for name in ("d", "m", "y") if is_blank(m.group(name)))


def earliest_date(m: re.Match[str] | None) -> datetime.date | None:
    """The first day a date line can mean: the day itself, else the 1st of its month (blank day),
    else 1 January of its year (blank month too); None without a year."""
    day = date_of(m)
    if day is not None or m is None or is_blank(m.group("y")):
        return day
    try:
        year = int(re.sub(r"\D", "", m.group("y")))
        month = 1 if is_blank(m.group("m")) else int(re.sub(r"\D", "", m.group("m")))
        return datetime.date(year, month, 1)
    except ValueError:
        return None


def date_of(m: re.Match[str] | None) -> datetime.date | None:
    """The day a :func:`parse_date` match states; None for blanks still to fill in
    ('ngày    tháng    năm') or a day that does not exist."""
    if m is None:
        return None
    try:
        return datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def is_report_note(line: Line) -> bool:
    """'(để b/c)' and its variants, with or without a typed brace '}' before it; a lone '}' too
    (the brace of a group whose note stands on another line)."""
    if len(line.text) > 24:
        return False
    note = plain(line.text.replace("}", ""))
    return note in vocab().report_notes or (not note and "}" in line.text)


def is_addressee(line: Line) -> bool:
    return strip_diacritics(line.key).startswith("KINH GUI")


SUBJECT_VARIANT = re.compile(r"^(?:V/v|Về việc|Về)\s*:\s*\S|^(?:V/v|Về việc)\s+\S", re.I)
"""A công văn's subject marked otherwise than the rule writes it: 'V/v:', 'Về:', 'Về việc'."""


def is_cable_sender(line: Line) -> bool:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:': a công điện's sender above its addressees (Mẫu 1.6)."""
    text = strip_diacritics(line.key).rstrip()
    return any(text.endswith(" " + suffix) for suffix in vocab().sender_suffixes)


def is_letter_summary(line: Line) -> bool:
    text = line.text.lower()
    return any(text.startswith(p.lower()) for p in vocab().letter_prefixes) or bool(SUBJECT_VARIANT.match(line.text))


def starts_with_archive_word(text: str) -> bool:
    """'Lưu …' (the first word of the rules' Lưu line), whatever the case and diacritics."""
    word = vocab().archive_word
    return plain(text).startswith(word) and not plain(text)[len(word):len(word) + 1].isalpha()


def is_asterisk(line: Line) -> bool:
    return line.text in ("*", "* * *", "***")


def is_caps_line(line: Line, max_words: int = 14) -> bool:
    text = line.text
    return bool(text) and line.shown_upper and len(line.words) <= max_words and not text.endswith((".", ";", ",", ":"))


def name_of(text: str) -> tuple[str, str] | None:
    """(honorific, name) when the text is a personal name: 2–6 capitalised syllables."""
    if len(text) > 80:
        return None
    text = clean(text)
    honorific = ""
    m = HONORIFIC.match(text)
    if m:
        honorific, text = m.group("h"), text[m.end():]
    words = text.split()
    if 2 <= len(words) <= 6 and all(_name_word(w) for w in words):
        return honorific, text
    return None


def _name_word(word: str) -> bool:
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def signed_name(line: Line) -> str | None:
    """'Đã ký: Lê Minh Hưng' → the name ('' for a bare 'Đã ký'); None otherwise."""
    m = SIGNED.match(line.text)
    return m.group("name").strip() if m else None
