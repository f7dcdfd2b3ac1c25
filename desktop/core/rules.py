"""Layout rule sets, loaded from the data files in resources/rules/.

Each rule set (``party_hd36``, ``state_nd30``, …) is one JSON file that states every
layout rule once: page, part styles, number/date syntax, signature prefixes, recipient
punctuation, copy labels and document types, each with the spec section it comes from
(``ref``) and its confidence (``conf``: V verified, P shown by example, R recalled).
The renderer, the template builder, the validator, the checker and the preview all read
these objects, so they can never disagree. A new rule set is a new JSON file plus its
templates: nothing here names a particular rule set.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from desktop.core.records import field, record
from desktop.resources import resource_path

SYSTEMS = ("party", "state")


@record(frozen=True)
class Range:
    """A numeric rule: the value to write and the range the checker accepts."""

    default: float
    min: float
    max: float

    @classmethod
    def parse(cls, raw: Any) -> Range:
        if isinstance(raw, (int, float)):
            return cls(float(raw), float(raw), float(raw))
        default = float(raw["default"])
        return cls(default, float(raw.get("min", default)), float(raw.get("max", default)))

    def contains(self, value: float, tolerance: float = 0.0) -> bool:
        return self.min - tolerance <= value <= self.max + tolerance

    def describe(self) -> str:
        if self.min == self.max:
            return _num(self.min)
        return f"{_num(self.min)}–{_num(self.max)}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


@record(frozen=True)
class Line:
    """A separator that belongs to a part: asterisk, drawn rule or typed hyphens."""

    kind: str  # "asterisk" | "rule" | "hyphens"
    length: str = ""  # for rules: "text" (as long as the text) | "third_to_half" | "full_width"
    text: str = ""  # for asterisk and hyphens
    conf: str = ""
    fraction: Range | None = None  # for rules: length relative to the text (default = drawn; min/max = accepted)


@record(frozen=True)
class PartStyle:
    """How one part of a document looks (spec B.1 / B.2 tables)."""

    name: str
    size: Range
    bold: bool | None
    italic: bool | None
    underline: bool | None
    case: str | None  # "upper" | "title" | None (as typed)
    align: str | None  # "center" | "left" | "right" | "justify"
    position: str
    ref: str
    conf: str
    line: Line | None = None
    box: bool = False
    color: str | None = None  # RGB hex of the ink: "FF0000" for the bright red dấu khẩn (B.1/B.2 ô 10b)
    frames_mm: tuple[tuple[str, float, float], ...] = ()  # a stamp per text: (text, width, height) in mm

    def frame_mm(self, text: str) -> tuple[float, float] | None:
        """The stamp's (width, height) in mm for ``text`` ("HỎA TỐC" → 30 × 8), None when not a stamp."""
        return next(((w, h) for t, w, h in self.frames_mm if t == text.strip()), None)

    @property
    def is_recalled(self) -> bool:
        return self.conf == "R"


FORM_GROUPS = ("named", "letter", "paper")
"""How clerks group the forms: văn bản có tên loại, công văn, giấy tờ hành chính."""


@record(frozen=True)
class Form:
    """One sample form of the regulation (NĐ 30 Phụ lục III Mẫu 1.4 …): one template serves every
    type that uses it (templates_docx/<rule_set>/<key>.docx)."""

    key: str
    label: str  # "Văn bản có tên loại"
    sample: str  # the regulation's sample it follows: "Mẫu 1.4"
    group: str  # one of FORM_GROUPS
    letter: bool = False  # no tên loại line, trích yếu under the number, Kính gửi (Mẫu 1.5)
    enacting: bool = False  # thẩm quyền ban hành above the căn cứ, the decide line below (Mẫu 1.2)
    sender_suffix: str = ""  # a công điện (Mẫu 1.6): "<sender> điện:" above its addressees
    signatures: int = 1  # signature blocks side by side: 2 for a biên bản (Mẫu 1.9: thư ký | chủ tọa)


SIGNATURE_SIDES = ("left", "right")
"""Where the second signer (Draft.co_signature) signs on a two-signature form."""


@record(frozen=True)
class DocType:
    key: str
    name: str  # the tên loại as printed: "THÔNG BÁO"
    label: str  # for menus: "Thông báo"
    code: str | None  # type code in the ký hiệu; None for a state công văn
    letter: bool  # a công văn: no tên loại line, summary under the number, Kính gửi
    addressee: str  # "none" | "optional" | "required"
    legal_bases: bool
    code_conf: str
    enacting: bool = False  # a state quyết định: thẩm quyền ban hành above the căn cứ, "QUYẾT ĐỊNH:" below
    form: str = ""  # key of RuleSet.forms: the template it is printed with
    example: str = ""  # file name in examples/ of a complete draft of this type
    signatures: int = 1  # signature blocks side by side (a biên bản: secretary and chair)
    group: str = "named"  # how clerks group it (FORM_GROUPS): its form's group unless the type says
    summary: bool = True  # a trích yếu under the tên loại (a giấy giới thiệu, giấy nghỉ phép has none)
    decide_line: str = ""  # an enacting form's line under the căn cứ: "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:" (Mẫu 1.1)
    sender_suffix: str = ""  # a công điện: its sender (the enacting_authority field) + " điện:" (Mẫu 1.6)
    co_signature_side: str = "left"  # two signers: the second one's column (a biên bản's thư ký: left)
    signature_headings: tuple[str, ...] = ()  # two signers: a fixed line over each column, left to right
    # ("ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B" of a hợp đồng)

    def signature_columns(self) -> tuple[str, str]:
        """The draft fields signing in the left and the right column: ("co_signature", "signature")."""
        if self.co_signature_side == "left":
            return ("co_signature", "signature")
        return ("signature", "co_signature")


@record(frozen=True)
class RuleSet:
    id: str
    system: str  # "party" | "state"
    name: str
    version: str
    raw: dict[str, Any] = field(repr=False, compare=False)
    parts: dict[str, PartStyle] = field(repr=False, compare=False)
    doc_types: dict[str, DocType] = field(repr=False, compare=False)
    forms: dict[str, Form] = field(default_factory=dict, repr=False, compare=False)

    # Convenience views on the raw sections -------------------------------------------
    @property
    def page(self) -> dict[str, Any]:
        return self.raw["page"]

    @property
    def paragraph(self) -> dict[str, Any]:
        return self.raw["paragraph"]

    @property
    def number(self) -> dict[str, Any]:
        return self.raw["number"]

    @property
    def date(self) -> dict[str, Any]:
        return self.raw["date"]

    @property
    def headings(self) -> dict[str, Any]:
        return self.raw["headings"]

    @property
    def enacting(self) -> dict[str, Any]:
        return self.raw["enacting"]

    @property
    def signature(self) -> dict[str, Any]:
        return self.raw["signature"]

    @property
    def recipients(self) -> dict[str, Any]:
        return self.raw["recipients"]

    @property
    def letter(self) -> dict[str, Any]:
        return self.raw["letter"]

    @property
    def copy(self) -> dict[str, Any]:
        return self.raw["copy"]

    @property
    def body_end(self) -> dict[str, Any]:
        return self.raw["body_end"]

    @property
    def type_codes(self) -> dict[str, str]:
        return self.raw["type_codes"]

    @property
    def types(self) -> dict[str, Any]:
        """Every tên loại beyond the renderable doc_types: legal documents with their codes, and
        types with no established code (C.2, C.3)."""
        return self.raw["types"]

    def type_name_codes(self) -> dict[str, str | None]:
        """Every type this rule set names, as written in sentence case → its code (None: none known)."""
        out: dict[str, str | None] = dict(self.type_codes)
        out.update(self.types.get("legal", {}))
        for name in self.types.get("other_names", []):
            out.setdefault(name, None)
        return out

    @property
    def fixed_text(self) -> dict[str, Any]:
        return self.raw["fixed_text"]

    @property
    def electronic(self) -> dict[str, Any]:
        """The electronic form (spec B.2 ô 7c, ô 8, Copy (electronic)): image boxes, stamps, timezone."""
        return self.raw["electronic"]

    def margin(self, side: str) -> Range:
        return Range.parse(self.page["margins_mm"][side])

    @property
    def first_line_indent_cm(self) -> Range:
        return Range.parse(self.paragraph["first_line_indent_cm"])

    @property
    def space_after_pt(self) -> Range:
        return Range.parse(self.paragraph["space_after_pt"])

    @property
    def tolerance_mm(self) -> float:
        return float(self.page["tolerance"]["mm"])

    @property
    def tolerance_pt(self) -> float:
        return float(self.page["tolerance"]["pt"])

    @property
    def font_name(self) -> str:
        return self.page["font"]["name"]

    def part(self, name: str) -> PartStyle:
        return self.parts[name]

    def doc_type(self, key: str) -> DocType:
        return self.doc_types[key]

    def form_of(self, key: str) -> Form:
        """The form (template) a document type is printed with."""
        return self.forms[self.doc_types[key].form]

    def decide_lines(self) -> set[str]:
        """Every decide line of the enacting types ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:")."""
        return {dt.decide_line for dt in self.doc_types.values() if dt.decide_line}

    def types_by_group(self) -> dict[str, list[DocType]]:
        """Every document type, grouped as clerks think of them (FORM_GROUPS order), in data order."""
        out: dict[str, list[DocType]] = {group: [] for group in FORM_GROUPS}
        for doc_type in self.doc_types.values():
            out[doc_type.group].append(doc_type)
        return {group: types for group, types in out.items() if types}


def _parse_part(name: str, raw: dict[str, Any], line_lengths: dict[str, Any]) -> PartStyle:
    line = None
    if raw.get("line"):
        line_raw = raw["line"]
        length = line_raw.get("length", "")
        line = Line(
            kind=line_raw["kind"],
            length=length,
            text=line_raw.get("text", ""),
            conf=line_raw.get("conf", raw["conf"]),
            fraction=Range.parse(line_lengths[length]) if length else None,
        )
    return PartStyle(
        name=name,
        size=Range.parse(raw["size"]),
        bold=raw.get("bold"),
        italic=raw.get("italic"),
        underline=raw.get("underline"),
        case=raw.get("case"),
        align=raw.get("align"),
        position=raw["position"],
        ref=raw["ref"],
        conf=raw["conf"],
        line=line,
        box=bool(raw.get("box", False)),
        color=raw.get("color"),
        frames_mm=tuple((text, float(size[0]), float(size[1])) for text, size in raw.get("frames_mm", {}).items()),
    )


def _parse_form(key: str, raw: dict[str, Any]) -> Form:
    group = raw.get("group", "named")
    if group not in FORM_GROUPS:
        raise ValueError(f"form {key!r}: group must be one of {FORM_GROUPS}")
    signatures = int(raw.get("signatures", 1))
    if signatures not in (1, 2):
        raise ValueError(f"form {key!r}: signatures must be 1 or 2")
    return Form(key=key, label=raw["label"], sample=raw.get("sample", ""), group=group,
                letter=bool(raw.get("letter", False)), enacting=bool(raw.get("enacting", False)),
                sender_suffix=raw.get("sender_suffix", ""), signatures=signatures)


def _parse_doc_type(key: str, raw: dict[str, Any], forms: dict[str, Form], decide_line: str = "") -> DocType:
    """A document type; its letter/enacting layout comes from its form."""
    form_key = raw.get("form", "")
    if form_key not in forms:
        raise ValueError(f"doc type {key!r}: form {form_key!r} is not one of {sorted(forms)}")
    form = forms[form_key]
    if raw.get("group", form.group) not in FORM_GROUPS:
        raise ValueError(f"doc type {key!r}: group must be one of {FORM_GROUPS}")
    if int(raw.get("signatures", form.signatures)) != form.signatures:
        raise ValueError(f"doc type {key!r}: its form {form_key!r} prints {form.signatures} signature(s)")
    if raw.get("co_signature_side", "left") not in SIGNATURE_SIDES:
        raise ValueError(f"doc type {key!r}: co_signature_side must be one of {SIGNATURE_SIDES}")
    headings = tuple(raw.get("signature_headings", ()))
    if headings and len(headings) != form.signatures:
        raise ValueError(f"doc type {key!r}: one signature heading per column")
    return DocType(
        key=key,
        name=raw["name"],
        label=raw["label"],
        code=raw.get("code"),
        letter=form.letter,
        addressee=raw.get("addressee", "required" if form.letter else "none"),
        legal_bases=bool(raw.get("legal_bases", False)) or form.enacting,
        code_conf=raw.get("code_conf", "V"),
        enacting=form.enacting,
        form=form_key,
        example=raw.get("example", ""),
        signatures=form.signatures,
        group=raw.get("group", form.group),
        summary=bool(raw.get("summary", True)),
        decide_line=raw.get("decide_line", decide_line) if form.enacting else "",
        sender_suffix=form.sender_suffix,
        co_signature_side=raw.get("co_signature_side", "left"),
        signature_headings=headings,
    )


def parse_rule_set(raw: dict[str, Any]) -> RuleSet:
    """Build a RuleSet from its JSON data."""
    if raw.get("system") not in SYSTEMS:
        raise ValueError(f"rule set {raw.get('id')!r}: system must be one of {SYSTEMS}")
    forms = {key: _parse_form(key, form) for key, form in raw["forms"].items() if isinstance(form, dict)}
    return RuleSet(
        id=raw["id"],
        system=raw["system"],
        name=raw["name"],
        version=raw["version"],
        raw=raw,
        parts={name: _parse_part(name, part, raw["line_lengths"]) for name, part in raw["parts"].items()},
        doc_types={key: _parse_doc_type(key, dt, forms, raw.get("enacting", {}).get("decide_line", ""))
                   for key, dt in raw["doc_types"].items()},
        forms=forms,
    )


@cache
def available_rule_sets() -> tuple[str, ...]:
    """Ids of every rule set shipped in resources/rules/, sorted."""
    folder = resource_path("resources", "rules")
    return tuple(sorted(p.stem for p in folder.glob("*.json")))


@cache
def load_rule_set(rule_set_id: str) -> RuleSet:
    """Load one rule set by id (cached: rule data never changes while running)."""
    if rule_set_id not in available_rule_sets():
        raise KeyError(rule_set_id)
    path = resource_path("resources", "rules", f"{rule_set_id}.json")
    return parse_rule_set(json.loads(path.read_text(encoding="utf-8")))


def rule_sets_for(system: str) -> list[RuleSet]:
    """Every rule set of one system ("party" or "state"), oldest first (by ``version``, the date
    the regulation was issued)."""
    found = [rs for rs in map(load_rule_set, available_rule_sets()) if rs.system == system]
    return sorted(found, key=lambda rs: (rs.version, rs.id))


def rule_set_in_force(system: str, on: str | None = None) -> RuleSet:
    """The rule set of ``system`` that governs a document dated ``on`` (ISO date): the newest
    issued on or before that day; the newest of all when the date is unknown; the oldest for a
    document older than every rule set. A new regulation is one more data file, no code."""
    candidates = rule_sets_for(system)
    if not candidates:
        raise KeyError(system)
    if on is None:
        return candidates[-1]
    issued = [rs for rs in candidates if rs.version <= on]
    return issued[-1] if issued else candidates[0]
