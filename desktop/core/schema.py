"""Validate a draft: JSON Schema first, then the rules a schema cannot express.

``validate_draft(draft_or_data)`` returns every :class:`Problem` at once, each with a
Vietnamese field label, message and fix (all from resources/i18n/vi/validate.json) and the
spec section it comes from. Severity: ``error`` (the draft cannot be issued as it is),
``warning`` (suspect, or a rule the spec marks [R]), ``info`` (a style note).

- Schema errors (schemas/draft.schema.json) are mapped to Vietnamese by keyword and path,
  never by parsing jsonschema's English text.
- Code rules read the rule set (number regex, signature prefixes and collective nouns,
  archive form, body end, heading markers…); a rule whose data is marked ``conf: "R"`` is
  never an error.
- A blank number or date is a warning: both are filled in at issue time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from desktop.core import appendices
from desktop.core.compute import copy_code, document_code, number_line, parse_iso_date, parse_partial_date, upper
from desktop.core.errors import VanBanError
from desktop.core.i18n import has_message, tr
from desktop.core.model import (
    MAX_JSON_DEPTH,
    CopyBlock,
    Draft,
    Recipients,
    Signature,
    is_table,
    nfc,
    strip_marks,
    too_deep,
)
from desktop.core.places import ceased_body, ceased_place, geography, levels
from desktop.core.rules import RuleSet, available_rule_sets, load_rule_set
from desktop.resources import resource_path

if TYPE_CHECKING:  # jsonschema (about 80 ms to import) loads on the first validation, not with this module
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SEVERITIES = ("error", "warning", "info")
MAX_PROBLEMS = 300
"""Most problems listed for one draft: a hostile file with 150,000 blank recipients is not 150,000 lines."""
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One finding about a draft, ready to show to a clerk."""

    code: str  # "schema.required", "rule.number_syntax"
    severity: str  # "error" | "warning" | "info"
    field: str  # JSON path: "signature.name", "body[3]"
    label: str  # Vietnamese field name: "Người ký › Họ tên"
    message: str  # Vietnamese: names the field and says what is wrong
    fix: str  # Vietnamese: how to fix it
    ref: str  # spec section: "C.4", "B.1 ô 3"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


# --- schemas ----------------------------------------------------------------------------


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema from schemas/ (``"draft"`` or ``"profile"``)."""
    return json.loads(resource_path("schemas", f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def schema_validator(name: str) -> Draft202012Validator:
    """One validator per schema, built once, with format checking on (``date``)."""
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- paths and labels -------------------------------------------------------------------


def field_path(parts: Sequence[str | int]) -> str:
    """``("body", 3, "runs", 0)`` → ``"body[3].runs[0]"``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _field_name(name: str, parent: str | None) -> str:
    keys = ([f"validate.field.{parent}.{name}"] if parent else []) + [f"validate.field.{name}"]
    return next((tr(key) for key in keys if has_message(key)), name)


def field_label(parts: Sequence[str | int], document: str = "draft") -> str:
    """Vietnamese name of a field: ``("signature", "name")`` → ``"Người ký › Họ tên"``.

    ``document`` ("draft" or "profile") names the top-level fields of other documents:
    a profile's ``name`` is "Tên hồ sơ", not a person's name.
    """
    if not parts:
        return tr("validate.field.root")
    labels: list[str] = []
    parent: str | None = None if document == "draft" else document
    index = 0
    while index < len(parts):
        part = parts[index]
        nxt = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(nxt, int):
            item_key = f"validate.field.{part}.item"
            if has_message(item_key):
                labels.append(tr(item_key, n=nxt + 1))
            else:
                labels.append(f"{_field_name(part, parent)} {nxt + 1}")
            parent, index = part, index + 2
            continue
        if isinstance(part, int):
            labels.append(tr("validate.field.item", n=part + 1))
        else:
            labels.append(_field_name(part, parent))
            parent = part
        index += 1
    return " › ".join(labels)


def _problem(code: str, severity: str, parts: Sequence[str | int], ref: str, variant: str = "",
             document: str = "draft", key: str = "", **params: Any) -> Problem:
    label = field_label(parts, document)
    key = key or f"validate.{code}" + (f".{variant}" if variant else "")
    return Problem(code=code, severity=severity, field=field_path(parts), label=label,
                   message=tr(key, label=label, **params), fix=tr(f"{key}.fix", label=label, **params), ref=ref)


# --- schema errors → problems ------------------------------------------------------------

# Keywords after which the data cannot be turned into a Draft safely: code rules are skipped.
_BLOCKING = {"type", "anyOf", "const"}
_BLOCKING_ENUM_FIELDS = {"rule_set", "doc_type"}
# One value problem per field: an empty string also fails its pattern, a bad date its pattern.
_VALUE_KEYWORDS = ("minLength", "format", "pattern", "maxLength")

_PARTS_BY_FIELD = {
    "superior": "superior", "issuer": "issuer", "number": "number", "agency_code": "number",
    "unit_code": "number", "code_override": "number", "place": "place_date", "date": "place_date",
    "summary": "summary", "addressees": "addressee", "enacting_authority": "enacting_authority",
    "legal_bases": "legal_basis", "body": "body",
    "closing": "body", "mode": "signature_authority", "whom": "signature_authority",
    "deputy_whom": "signature_authority", "position": "signer_title", "name": "signer_name",
    "report": "recipients", "others": "recipients", "archive": "archive", "archive_initials": "archive",
    "secrecy": "secrecy", "urgency": "urgency", "circulation": "circulation", "draft_marker": "draft_marker",
    "typist": "typist", "copies": "typist", "contact": "contact",
}


def _nodes_along(data: Any, parts: Sequence[str | int]) -> Iterator[Any]:
    """The data, then each node on the path ``parts`` as far as it exists."""
    node = data
    yield node
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
        yield node


def _rule_set_at(data: Any, parts: Sequence[str | int]) -> RuleSet | None:
    """The rule set of the (sub-)draft that holds ``parts`` (attachments may have their own)."""
    found: RuleSet | None = None
    for node in _nodes_along(data, parts):
        if isinstance(node, dict) and node.get("rule_set") in available_rule_sets():
            found = load_rule_set(node["rule_set"])
    return found


def _doc_label_at(data: Any, parts: Sequence[str | int]) -> str:
    label = ""
    for node in _nodes_along(data, parts):
        if isinstance(node, dict):
            rules = _rule_set_at(node, ())
            if rules is not None and node.get("doc_type") in rules.doc_types:
                label = rules.doc_type(node["doc_type"]).label
    return label


def _ref_for(data: Any, parts: Sequence[str | int]) -> str:
    rules = _rule_set_at(data, parts)
    if rules is None:
        return ""
    names = [p for p in parts if isinstance(p, str)]
    if "copy" in names and names[-1] != "copy":
        return rules.copy["ref"]
    for name in reversed(names):
        part = _PARTS_BY_FIELD.get(name)
        if part in rules.parts:
            return rules.part(part).ref
    return ""


def _type_names(expected: Any) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    return tr("validate.or").join(tr(f"validate.type.{kind}") for kind in kinds)


def _describe_value(value: Any) -> str:
    text = json.dumps(value[:80] if isinstance(value, str) else value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _shown_key(key: str) -> str:
    """An unknown key as a clerk may see it: invisible characters escaped, at most 60 characters."""
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in key[:60])
    return text + ("…" if len(key) > 60 else "")


def _error_problems(error: ValidationError, data: Any, document: str) -> list[Problem]:
    kw = error.validator
    parts: Path_ = tuple(error.absolute_path)
    ref = _ref_for(data, parts)
    value = error.validator_value
    instance = error.instance

    def one(variant: str = "", **params: Any) -> list[Problem]:
        return [_problem(f"schema.{kw}", "error", parts, ref, variant, document, **params)]

    if kw == "required":
        missing = [key for key in value if isinstance(instance, dict) and key not in instance]
        return [_problem("schema.required", "error", (*parts, key), _ref_for(data, (*parts, key)), document=document)
                for key in missing]
    if kw == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed] if isinstance(instance, dict) else []
        where = field_label(parts, document)
        shown = [_shown_key(key) for key in extra[:MAX_PROBLEMS + 1]]
        return [_problem("schema.additionalProperties", "error", (*parts, key), ref, document=document, name=key,
                         where=where)
                for key in shown]
    if kw == "type":
        return one(expected=_type_names(value), value=_describe_value(instance))
    if kw == "enum":
        return one(value=_describe_value(instance), choices=", ".join(_describe_value(v) for v in value))
    if kw == "const":
        return one(value=_describe_value(instance), expected=_describe_value(value))
    if kw in ("minLength", "minItems"):
        return one("empty" if value == 1 else "", limit=value)
    if kw == "maxItems" and value == 0 and parts and parts[-1] == "attachments":
        return [_problem("schema.attachments_nested", "error", parts, ref, document=document,
                         key="draftshape.attachments_nested")]
    refused = _REFUSED_CLASS.search(value) if kw == "pattern" and isinstance(instance, str) else None
    if refused and re.search(refused.group(1), instance):  # else the text is blank: the usual pattern message
        return [_char_problem(instance, refused.group(1), parts, ref, document)]
    if kw == "maxItems":
        return one("not_allowed" if value == 0 else "", limit=value, doc_type=_doc_label_at(data, parts))
    if kw in ("pattern", "format"):
        name = next((p for p in reversed(parts) if isinstance(p, str)), "")
        hint_key = f"validate.hint.{name}"
        hint = tr(hint_key) if has_message(hint_key) else tr(f"validate.hint.{kw}")
        return one(value=_describe_value(instance), hint=hint)
    if kw in ("maxLength", "minimum", "maximum"):
        return one(limit=value, value=_describe_value(instance))
    if kw == "anyOf":
        return one()
    return [_problem("schema.invalid", "error", parts, ref, document=document, keyword=kw)]


# A text field's pattern ends with its character class: "…(?![\s\S]*[refused characters])".
_REFUSED_CLASS = re.compile(r"\(\?!\[\\s\\S\]\*(\[.+\])\)\Z")
# Characters a field's class refuses, by kind: what the clerk is told.
_CHAR_KINDS = (
    ("newline", re.compile("[\n\r\u2028\u2029]")),
    ("tab", re.compile("\t")),
    ("bidi", re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")),
    ("control", re.compile("[\u0000-\u001f\u007f-\u009f]")),
    ("broken", re.compile("[\ufffe\uffff\ud800-\udfff]")),
)


def _char_problem(text: str, pattern: str, parts: Sequence[str | int], ref: str, document: str) -> Problem:
    """A character the field's class refuses: which one (U+XXXX, its kind) and where (1-based)."""
    found = re.search(pattern, text)
    char, position = (found.group(0), found.start() + 1) if found else ("", 0)
    kind = next((name for name, kinds in _CHAR_KINDS if kinds.match(char)), "invisible")
    return _problem("schema.chars", "error", parts, ref, document=document, key=f"draftshape.chars.{kind}",
                    char=f"U+{ord(char or ' '):04X}", position=position)


@cache
def _field_order(schema: str) -> dict[str, int]:
    """Every property name of a schema in the order the schema (and so the document) lists it."""
    order: dict[str, int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name in node.get("properties", {}):
                order.setdefault(name, len(order))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schema(schema))
    return order


def schema_problems(data: Any, schema: str = "draft") -> tuple[list[Problem], bool]:
    """Every schema violation as a Problem, and whether the data is too broken for code rules."""
    order = _field_order(schema)

    def position(error: ValidationError) -> tuple:
        # Document order of the fields; minLength before pattern so an empty field reads as empty.
        path = tuple(order.get(p, len(order)) if isinstance(p, str) else p for p in error.absolute_path)
        rank = _VALUE_KEYWORDS.index(error.validator) if error.validator in _VALUE_KEYWORDS else -1
        return path, rank

    errors = sorted(islice(schema_validator(schema).iter_errors(data), MAX_PROBLEMS + 1), key=position)
    problems: list[Problem] = []
    blocking = False
    valued: set[tuple] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator in _BLOCKING or (
            error.validator == "enum" and path and path[-1] in _BLOCKING_ENUM_FIELDS
        ):
            blocking = True
        if error.validator in _VALUE_KEYWORDS:
            if path in valued:
                continue
            valued.add(path)
        problems.extend(_error_problems(error, data, schema))
    # jsonschema may report one `required` error per missing key: keep each (code, field) once.
    unique = {(p.code, p.field): p for p in reversed(problems)}
    problems = [p for p in problems if unique.get((p.code, p.field)) is p]
    if len(errors) > MAX_PROBLEMS or len(problems) > MAX_PROBLEMS:  # cut: the code rules would add as many again
        problems = [*problems[:MAX_PROBLEMS], _too_many(schema)]
        blocking = True
    return problems, blocking


def _too_many(document: str) -> Problem:
    return _problem("schema.too_many", "error", (), "", document=document, key="draftshape.too_many",
                    limit=MAX_PROBLEMS)


# --- code rules -------------------------------------------------------------------------

DEPUTY_WORD = "PHÓ"
"""A deputy's title starts with this word (C.5: "PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH")."""

# Typed section numbers (F.12): Roman numerals up to 39 (so "C. Mác" is no heading), one or two digits (not years).
_TYPED_ROMAN = re.compile(r"^(?P<num>[IVX]+)\s*(?P<sep>[.\-–])\s")
_TYPED_ARABIC = re.compile(r"^\d{1,2}\s*[.\-]\s")
_TYPED_ALPHA = re.compile(r"^[a-zđ]\)\s")
_TYPED_LEVELS = (("heading1", _TYPED_ROMAN), ("heading2", _TYPED_ARABIC), ("heading3", _TYPED_ALPHA))
_NUMBERED_STYLES = ("heading1", "heading2", "heading3", "article")
_ANY_TYPED_MARKER = re.compile(r"^(?:[IVX]+\s*[.\-–]|\d{1,2}(?:\.\d{1,2})*\s*[.\-]|[a-zđ]\)|Điều\s+\d+\.?)\s")
_HONORIFIC = re.compile(r"^\s*(?:(?:GS|PGS|TS|ThS|TSKH|BS|KS|CN|NGƯT|NGND)\.\s*)+|^\s*(?:Đồng chí|đồng chí|Đ/c|đ/c)\s")
_OLD_TONE = re.compile(r"(?<![qQ])[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]\b|(?<![qQ])[uU][ỳýỷỹỵỲÝỶỸỴ]\b")
_NEW_TONE = re.compile(r"[òóỏõọÒÓỎÕỌ][aAeE]\b|(?<![qQ])[ùúủũụÙÚỦŨỤ][yY]\b")
_WORD = re.compile(r"\w+")


def _fold_tones(text: str) -> str:
    """Old-style tone placement to the new one (UỶ → ỦY, HOÀ → HÒA) so nouns compare equal."""
    def swap(match: re.Match[str]) -> str:
        first, second = match.group(0)[0], match.group(0)[1]
        decomposed = unicodedata.normalize("NFD", second)
        base, marks = decomposed[0], decomposed[1:]
        return unicodedata.normalize("NFC", first + marks) + base
    return _OLD_TONE.sub(swap, text)


class _Report:
    """Collects code-rule problems; a rule marked [R] in the data is never an error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, severity: str, parts: Path_, ref: str, conf: str = "", variant: str = "",
            **params: Any) -> None:
        if conf == "R" and severity == "error":
            severity = "warning"
        self.problems.append(_problem(f"rule.{code}", severity, parts, ref, variant, **params))


def _is_ascii_number(number: str) -> bool:
    """'03' yes; '²' or '٣' no (str.isdigit accepts them, int() does not always)."""
    number = number.strip()
    return number.isascii() and number.isdigit()


def _other_rule_sets(rules: RuleSet) -> list[RuleSet]:
    return [load_rule_set(rid) for rid in available_rule_sets() if load_rule_set(rid).system != rules.system]


def _check_issue_fields(number: str, date: str | None, base: Path_, rules: RuleSet, report: _Report) -> None:
    """Number and date: blank is a warning (filled at issue time); zero, far future/past are flagged."""
    nref, dref = rules.number["ref"], rules.date["ref"]
    if not number.strip():
        report.add("number_blank", "warning", (*base, "number"), nref)
    elif _is_ascii_number(number) and int(number.strip()) == 0:  # '0\x1f': strip() took the control character
        report.add("number_zero", "error", (*base, "number"), nref)
    if not date or parse_partial_date(date) is not None:  # a draft's blank day (and month): still to write
        report.add("date_blank", "warning", (*base, "date"), dref)
        return
    day = parse_iso_date(date)
    if day is None:
        return  # the schema already reported the malformed date
    today = dt.date.today()
    if day > today + dt.timedelta(days=366):
        report.add("date_future", "warning", (*base, "date"), dref, date=day)
    elif day < dt.date(1945, 9, 2):
        report.add("date_past", "warning", (*base, "date"), dref, date=day)


def _check_number_syntax(number: str, code: str, agency: str, at: Path_, rules: RuleSet,
                         report: _Report) -> None:
    """The number line the rules compute must match the system's regex (C.1, F.5)."""
    nref, conf = rules.number["ref"], rules.number["conf"]
    if agency and agency != agency.upper():
        report.add("agency_code_case", "error", at, nref, conf, suggestion=agency.upper())
        return
    sample = number.strip() if _is_ascii_number(number) else "1"
    line = nfc(number_line(sample, code, rules))
    if not re.fullmatch(rules.number["regex"], line):
        report.add("number_syntax", "error", at, nref, conf, line=line.strip())


def _split_override(override: str, rules: RuleSet) -> tuple[str, str]:
    """A typed ký hiệu split like the rule set's code pattern: 'TB/VPTU' → ('TB', 'VPTU')."""
    template = rules.number["code"]  # "{type_code}/{agency}" or "{type_code}-{agency}"
    separator = template[template.index("}") + 1]
    first, _, rest = override.partition(separator)
    return first, rest


def _check_code(draft: Draft, rules: RuleSet, base: Path_, report: _Report) -> None:
    """Agency/unit codes and a typed ký hiệu (C.1, C.2, C.3, F.5, F.6)."""
    doc_type = rules.doc_type(draft.doc_type)
    override = draft.code_override.strip()
    agency = draft.agency_code.strip()
    nref = rules.number["ref"]
    if override:
        type_code, agency_part = _split_override(override, rules)
        own_codes = set(rules.type_codes.values())
        foreign_codes = {c for other in _other_rule_sets(rules) for c in other.type_codes.values()} - own_codes
        letter_codes = {dt_.code for other in _other_rule_sets(rules) for dt_ in other.doc_types.values()
                        if dt_.letter and dt_.code}
        at = (*base, "code_override")
        if doc_type.code is None and type_code in (own_codes | letter_codes):
            report.add("letter_type_code", "warning", at, f"{nref} / F.6", type_code=type_code)
        elif type_code in foreign_codes:
            report.add("type_code_foreign", "warning", at, f"{nref} / F.6", type_code=type_code,
                       expected=doc_type.code or "")
        elif doc_type.code is not None and type_code in own_codes and type_code != doc_type.code:
            report.add("type_code_mismatch", "warning", at, f"{nref} / F.6", type_code=type_code,
                       expected=doc_type.code, doc_type=doc_type.label)
        _check_number_syntax(draft.number, override, agency_part, at, rules, report)
        return
    if not agency:
        return  # the schema reports the empty agency code
    if doc_type.code is None and not draft.unit_code.strip():
        report.add("unit_code_missing", "error", (*base, "unit_code"), nref, rules.number["conf"])
        return
    unit = draft.unit_code.strip()
    if unit and unit != unit.upper():
        report.add("agency_code_case", "error", (*base, "unit_code"), nref, rules.number["conf"],
                   suggestion=unit.upper())
        return
    _check_number_syntax(draft.number, document_code(draft, rules), agency, (*base, "agency_code"), rules, report)


def _check_signature(sig: Signature, at: Path_, rules: RuleSet, report: _Report) -> None:
    """Deputy without K/T / KT., T/M without a collective, titles before the name (C.5, F.15, F.16)."""
    sref = rules.signature["ref"]
    prefixes = rules.signature["prefixes"]
    position = upper(sig.position.strip())
    if sig.mode == "own" and position.startswith(DEPUTY_WORD):
        report.add("deputy_without_prefix", "error", (*at, "position"), f"{sref} / F.15",
                   rules.signature["prefix_conf"].get("deputy", ""), prefix=prefixes["deputy"])
    if sig.mode in ("on_behalf", "on_behalf_deputy") and sig.whom.strip():
        whom = _fold_tones(upper(sig.whom))
        nouns = [_fold_tones(upper(noun)) for noun in rules.signature["collective_nouns"]]
        if not any(noun in whom for noun in nouns):
            report.add("on_behalf_not_collective", "warning", (*at, "whom"), f"{sref} / F.15",
                       prefix=prefixes["on_behalf"], whom=sig.whom.strip())
    if sig.mode not in ("own", "by_order_deputy", "on_behalf_deputy") and sig.mode not in prefixes:
        report.add("mode_not_in_system", "error", (*at, "mode"), sref, mode=sig.mode)
    match = _HONORIFIC.match(sig.name)
    if match:
        report.add("signer_title_in_name", "warning", (*at, "name"), "F.16", title=match.group(0).strip())


def _check_signer_in_body(draft: Draft, base: Path_, report: _Report) -> None:
    """The signer's name differs from the same person's name in the body (F.17)."""
    name = draft.signature.name.strip()
    if len(name.split()) < 2:
        return
    body = "\n".join(p.text for p in draft.body)
    if name in body:
        return
    plain_body, plain_name = strip_marks(body).casefold(), strip_marks(name).casefold()
    for match in re.finditer(re.escape(plain_name), plain_body):
        found = body[match.start():match.end()]
        if found != name:
            report.add("signer_name_mismatch", "warning", (*base, "signature", "name"), "F.17",
                       name=name, found=found)
            return


def _check_recipients(rec: Recipients, at: Path_, rules: RuleSet, report: _Report) -> None:
    """A recipient list exists, starts with capitals, and its Lưu line fits the system (B ô 9b, F.18, F.20)."""
    rref = rules.recipients["ref"]
    if not [n for n in (*rec.report, *rec.others) if n.strip()]:
        report.add("recipients_empty", "error", at, rref, rules.recipients["conf"])
    for group in ("report", "others"):
        for index, name in enumerate(getattr(rec, group)):
            text = name.strip()
            if text and text[0].isalpha() and text[0].islower():
                report.add("recipient_lowercase", "warning", (*at, group, index), f"{rref} / F.20", line=text)
    archive = rec.archive.strip()
    if not archive:
        return
    label_word = rules.recipients["archive"].split()[0].rstrip(":")  # "Lưu"
    words = set(_WORD.findall(archive))
    if archive.split()[0].rstrip(":").casefold() == label_word.casefold():
        report.add("archive_prefix", "warning", (*at, "archive"), rref, word=label_word)
    own_fixed = set(re.findall(r"[A-ZĐ]{2,}", rules.recipients["archive"].replace("{archive}", "")))
    if own_fixed & words:
        report.add("archive_duplicate", "warning", (*at, "archive"), rref, token=", ".join(sorted(own_fixed & words)),
                   line=rules.recipients["archive"].format(archive=archive))
        return
    for other in _other_rule_sets(rules):
        fixed = set(re.findall(r"[A-ZĐ]{2,}", other.recipients["archive"].replace("{archive}", "")))
        if fixed & words:
            report.add("archive_other_system", "warning", (*at, "archive"), f"{rref} / F.1 / F.18",
                       token=", ".join(sorted(fixed & words)), system=other.name)
            return


def _check_letter_first(draft: Draft, base: Path_, rules: RuleSet, report: _Report) -> None:
    """'Như trên' (B.2 ô 9b): the rules add it to a state công văn with Kính gửi, so typed again it doubles;
    in a system without it (Party) it marks the other system's recipient style (F.1, seed 002)."""
    first = rules.recipients.get("letter_first")
    foreign = {other.recipients["letter_first"].casefold(): other.name for other in _other_rule_sets(rules)
               if other.recipients.get("letter_first") and not first}
    adds_first = first and rules.doc_type(draft.doc_type).letter and any(a.strip() for a in draft.addressees)
    for group in ("report", "others"):
        for index, name in enumerate(getattr(draft.recipients, group)):
            text = name.strip().rstrip(",;.")
            at = (*base, "recipients", group, index)
            if adds_first and text.casefold() == first.casefold():
                report.add("letter_first_duplicate", "warning", at, rules.recipients["ref"], line=first)
            elif text.casefold() in foreign:
                report.add("recipient_other_system", "warning", at, f"{rules.recipients['ref']} / F.1",
                           line=text, system=foreign[text.casefold()])


def _check_summary(draft: Draft, base: Path_, rules: RuleSet, report: _Report) -> None:
    """Trích yếu: not in capitals (state), no final full stop (F.10)."""
    summary = draft.summary.strip()
    if not summary:
        return
    ref = rules.part("summary").ref
    caps_lines = [line for line in summary.splitlines()
                  if len(_WORD.findall(line)) >= 2 and line == line.upper() and line != line.lower()]
    if caps_lines:
        severity = "warning" if rules.system == "state" else "info"
        report.add("summary_caps", severity, (*base, "summary"), f"{ref} / F.10", line=caps_lines[0].strip())
    if summary.endswith(".") and not summary.endswith("..."):
        report.add("summary_full_stop", "warning", (*base, "summary"), f"{ref} / F.10")


def _check_body(draft: Draft, base: Path_, rules: RuleSet, report: _Report) -> None:
    """Body end ./. (state, F.13); heading numbers typed by hand or mixed (F.12); body tables."""
    from desktop.core.body_tables import table_problems, table_text
    end = rules.body_end
    texts = [p.text.strip() for p in draft.body if p.text.strip()]
    last = draft.closing.strip() or (texts[-1] if texts else "")
    tables = any(is_table(p) and table_text(p.table) for p in draft.body)
    if draft.body and not texts and not tables:  # paragraphs there, every one blank: the body is still missing
        report.problems.append(_problem("rule.body_blank", "error", (*base, "body"), rules.part("body").ref,
                                        key="draftshape.body_blank"))
    if end["required"] and last and not last.endswith(end["text"]):
        at = (*base, "closing") if draft.closing.strip() else (*base, "body", len(draft.body) - 1)
        report.add("body_end", "info", at, f"{end['ref']}", end=end["text"])
    used_styles = {p.style for p in draft.body}
    own_roman_sep = rules.headings["heading1"]["suffix"].strip()
    for index, para in enumerate(draft.body):
        at = (*base, "body", index)
        if is_table(para):
            for key, severity, params in table_problems(para.table):
                report.problems.append(_problem(f"rule.{key}", severity, at, "A.1", key=f"tables.rule.{key}", **params))
            continue
        text = para.text.lstrip()
        if not text:
            report.add("paragraph_empty", "warning", at, rules.part("body").ref)
            continue
        if para.style in _NUMBERED_STYLES:
            marker = _ANY_TYPED_MARKER.match(text)
            if marker:
                report.add("heading_number_typed", "warning", at, "F.12", marker=marker.group(0).strip(),
                           style=tr(f"validate.style.{para.style}"))
            continue
        if para.style != "body":
            continue
        for level, pattern in _TYPED_LEVELS:
            match = pattern.match(text)
            if not match:
                continue
            if level in used_styles:
                report.add("heading_mixed", "warning", at, "F.12", marker=match.group(0).strip(),
                           style=tr(f"validate.style.{level}"))
            elif level == "heading1" and match.group("sep") != own_roman_sep:
                report.add("heading_marker_system", "warning", at, f"{rules.headings['heading1']['ref']} / F.12",
                           marker=match.group(0).strip(), expected=f"{match.group('num')}{own_roman_sep}")
            break


def _draft_texts(draft: Draft) -> Iterable[str]:
    yield from (draft.superior, draft.issuer, draft.summary, draft.closing, draft.signature.whom,
                draft.signature.position, *draft.addressees, *draft.legal_bases, *draft.recipients.report,
                *draft.recipients.others, draft.recipients.archive)
    yield from (p.text for p in draft.body)
    yield from ("\n".join(cell for row in p.table.rows for cell in row) for p in draft.body if is_table(p))
    if draft.copy is not None:
        yield from (draft.copy.superior, draft.copy.issuer, *draft.copy.recipients.others,
                    *draft.copy.recipients.report)


def _check_tone_marks(draft: Draft, base: Path_, report: _Report) -> None:
    """Old and new tone-mark placement mixed in one document (ủy/uỷ, hòa/hoà): a style note (C.7, F.22)."""
    text = "\n".join(_draft_texts(draft))
    old = sorted({m.group(0).lower() for m in _OLD_TONE.finditer(text)})
    new = sorted({m.group(0).lower() for m in _NEW_TONE.finditer(text)})
    if old and new:
        report.add("tone_marks_mixed", "info", base, "C.7 / F.22", old=", ".join(old[:4]), new=", ".join(new[:4]))


def _check_place(place: str, date: str | None, base: Path_, report: _Report) -> None:
    """F.8: a place that no longer exists on the document's date (the 2025 reorganisation): info."""
    gone = ceased_place(place, parse_iso_date(date) if date else None)
    if gone is not None:
        report.add("place_ceased", "info", (*base, "place"), "F.8; " + geography().ref,
                   place=place.strip(), since=gone.since, now=gone.now)


def _check_ceased_body(draft: Draft, base: Path_, report: _Report) -> None:
    """F.8: a body of a level of government that no longer exists on the draft's date (district level from
    01/7/2025): a warning, as the checker gives it (the same desktop.core.places data)."""
    on = parse_iso_date(draft.date)
    for name in ("superior", "issuer"):
        text = getattr(draft, name)
        gone = ceased_body(text, on)
        if gone is not None:
            parts = (*base, name)
            params = {"body": text.strip(), "level": gone.level, "since": gone.since}
            report.problems.append(Problem(
                code="rule.body_ceased", severity="warning", field=field_path(parts), label=field_label(parts),
                message=tr("checktext.body_ceased", **params), fix=tr("checktext.body_ceased.fix", **params),
                ref="F.8; " + levels().ref))
            return


def _check_copy(draft: Draft, copy: CopyBlock, base: Path_, rules: RuleSet, report: _Report) -> None:
    at = (*base, "copy")
    _check_issue_fields(copy.number, copy.date, at, rules, report)
    _check_place(copy.place, copy.date, at, report)
    if copy.agency_code.strip():
        _check_number_syntax(copy.number, copy_code(copy, rules), copy.agency_code.strip(), (*at, "agency_code"),
                             rules, report)
    original, copied = parse_iso_date(draft.date), parse_iso_date(copy.date)
    if original and copied and copied < original:
        report.add("copy_date_before", "warning", (*at, "date"), rules.copy["ref"],
                   date=copied, original=original)
    _check_signature(copy.signature, (*at, "signature"), rules, report)
    _check_recipients(copy.recipients, (*at, "recipients"), rules, report)


def _check_draft(draft: Draft, base: Path_, report: _Report) -> None:
    rules = load_rule_set(draft.rule_set)
    _check_issue_fields(draft.number, draft.date, base, rules, report)
    _check_place(draft.place, draft.date, base, report)
    _check_ceased_body(draft, base, report)
    _check_code(draft, rules, base, report)
    _check_summary(draft, base, rules, report)
    _check_body(draft, base, rules, report)
    appendices.check_draft(draft, base, rules, report)  # B.2 Phụ lục: the body refers to each
    _check_signature(draft.signature, (*base, "signature"), rules, report)
    _check_signer_in_body(draft, base, report)
    _check_recipients(draft.recipients, (*base, "recipients"), rules, report)
    _check_letter_first(draft, base, rules, report)
    if draft.extras.draft_marker.strip() and "draft_marker" not in rules.parts:
        report.add("draft_marker_not_in_system", "warning", (*base, "extras", "draft_marker"), "B.2", system=rules.name)
    if draft.copy is not None:
        _check_copy(draft, draft.copy, base, rules, report)
    _check_tone_marks(draft, base, report)
    if draft.approved is not None:  # NĐ 30 Mẫu 1.3: the văn bản the quyết định issues
        from desktop.core.approved_text import rule_problems as approved_problems

        report.problems.extend(approved_problems(draft, base, rules))
    for index, attachment in enumerate(draft.attachments):
        _check_draft(attachment, (*base, "attachments", index), report)


def _types_of_another_system(draft: Draft, base: Path_) -> list[Problem]:
    """A document type its rule set does not have (a state Hợp đồng in a Party draft), at any depth."""
    try:
        rules = load_rule_set(draft.rule_set)
    except KeyError:
        return []
    if draft.doc_type not in rules.doc_types:
        return [_problem("schema.enum", "error", (*base, "doc_type"), "C.2; C.3", value=_describe_value(draft.doc_type),
                         choices=", ".join(_describe_value(key) for key in rules.doc_types))]
    return [p for index, a in enumerate(draft.attachments)
            for p in _types_of_another_system(a, (*base, "attachments", index))]


def rule_problems(draft: Draft) -> list[Problem]:
    """The checks JSON Schema cannot express, on a draft that passed the structural schema checks."""
    report = _Report()
    _check_draft(draft, (), report)
    return report.problems


# --- entry point ------------------------------------------------------------------------


def validate_draft(draft_or_data: Draft | Any) -> list[Problem]:
    """Every problem of a draft (a Draft, or raw JSON data), errors first.

    Raw data is schema-checked first and then built into a Draft for the code rules; data
    too broken to build (wrong types, unknown rule set or document type) gets only the
    schema problems.
    """
    data = draft_or_data.to_dict() if isinstance(draft_or_data, Draft) else draft_or_data
    if too_deep(data, MAX_JSON_DEPTH):  # the schema walk recurses: refuse before it
        return [_problem("schema.too_deep", "error", (), "", key="draftshape.too_deep_data", limit=MAX_JSON_DEPTH)]
    problems, blocking = schema_problems(data, "draft")
    nested = [p.field for p in problems if p.code == "schema.attachments_nested"]
    problems = [p for p in problems if not any(p.field.startswith(f"{field}[") for field in nested)]
    if not blocking:
        try:
            draft = draft_or_data if isinstance(draft_or_data, Draft) else Draft.from_dict(data)
        except VanBanError:  # a shape the schema let through: its problems are already listed
            return sort_problems(problems)
        reported = {p.field for p in problems}
        foreign = _types_of_another_system(draft, ())
        if foreign:  # the schema knows every system's types: a state-only type in a Party draft stops here
            return sort_problems([*problems, *foreign])
        problems += [p for p in rule_problems(draft) if p.field not in reported]
        if len(problems) > MAX_PROBLEMS:
            problems = [*sort_problems(problems)[:MAX_PROBLEMS], _too_many("draft")]
    return sort_problems(problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: SEVERITIES.index(p.severity))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)

