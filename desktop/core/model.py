"""The draft: every part of one document, as a versioned JSON document.

A draft holds what the clerk types. What the rules compute (the number line, the date
line, the signature prefixes, the recipient punctuation, heading numbers, the type code)
is *not* stored: :mod:`desktop.core.compute` derives it from the draft and the rule set.

JSON form (``schema_version`` 1), validated by schemas/draft.schema.json::

    {"schema_version": 1, "rule_set": "party_hd36", "doc_type": "thong_bao",
     "superior": "THÀNH ỦY HÀ NỘI", "issuer": "VĂN PHÒNG",
     "number": "03", "agency_code": "VPTU", "unit_code": "", "code_override": "",
     "place": "Hà Nội", "date": "2021-02-05",
     "summary": "về ...", "addressees": [], "legal_bases": [],
     "body": [{"style": "body", "runs": [{"text": "...", "bold": false, "italic": false}]}],
     "closing": "",
     "signature": {"mode": "on_behalf", "whom": "BAN THƯỜNG VỤ", "deputy_whom": "",
                   "position": "BÍ THƯ", "name": "Nguyễn Văn A"},
     "recipients": {"report": [], "others": [], "archive": "Văn phòng Thành ủy",
                    "archive_initials": ""},
     "extras": {"secrecy": "", "urgency": "", "circulation": "", "draft_marker": "",
                "typist": "", "copies": null, "contact": ""},
     "copy": null, "attachments": []}
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Self, Union, get_args, get_origin, get_type_hints

from desktop.core.errors import UnreadableInputError, VanBanError

if TYPE_CHECKING:
    from desktop.core.atomic import Written

SCHEMA_VERSION = 1

BODY_STYLES = ("body", "heading1", "heading2", "heading3", "article", "dash", "plus")
"""Paragraph kinds of the body. Headings and articles are numbered by the rules."""

SIGNATURE_MODES = ("own", "on_behalf", "deputy", "by_order", "delegated", "acting", "by_order_deputy")
"""own: the head signs in their own right; on_behalf: T/M / TM.; deputy: K/T / KT.;
by_order: T/L / TL.; delegated: T/U / TUQ.; acting: Q.; by_order_deputy: TL. + KT."""

COPY_KINDS = ("sao_y", "sao_luc", "trich_sao")


def nfc(text: str) -> str:
    """Unicode NFC: every string the app stores or writes goes through here."""
    return unicodedata.normalize("NFC", text)


@cache
def _unmarked_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x1F00):  # Latin-1 to Latin Extended Additional: every Vietnamese letter
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


def strip_marks(text: str) -> str:
    """Letters without diacritics, one character per character: 'Hiểu' → 'Hieu'."""
    return text.translate(_unmarked_table())


@dataclass
class Run:
    text: str = ""
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    style: str = "body"
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @classmethod
    def plain(cls, text: str, style: str = "body") -> Paragraph:
        return cls(style=style, runs=[Run(text)])


@dataclass
class Signature:
    mode: str = "own"
    whom: str = ""  # after the prefix: "BAN THƯỜNG VỤ", "TRƯỞNG BAN", "BỘ TRƯỞNG"
    deputy_whom: str = ""  # second prefix line of by_order_deputy: "VỤ TRƯỞNG VỤ PHÁP CHẾ"
    position: str = ""  # the signer's title: "BÍ THƯ", "PHÓ TRƯỞNG BAN"
    name: str = ""


@dataclass
class Recipients:
    report: list[str] = field(default_factory=list)  # "để báo cáo" group
    others: list[str] = field(default_factory=list)
    archive: str = ""  # Party: "Văn phòng Thành ủy"; state: "TCCB" (after "Lưu: VT, ")
    archive_initials: str = ""  # drafter's initials, e.g. "TNThanh"


@dataclass
class Extras:
    secrecy: str = ""  # MẬT / TỐI MẬT / TUYỆT MẬT
    urgency: str = ""  # KHẨN / THƯỢNG KHẨN / HỎA TỐC
    circulation: str = ""  # phạm vi lưu hành
    draft_marker: str = ""  # "Dự thảo lần 2" (Party only)
    typist: str = ""  # typist's initials
    copies: int | None = None  # number of copies issued
    contact: str = ""  # address / phone line at the foot of page 1


@dataclass
class CopyBlock:
    """A copy (sao y / sao lục / trích sao) appended under the copied document."""

    kind: str = "sao_y"
    superior: str = ""
    issuer: str = ""
    number: str = ""
    agency_code: str = ""
    place: str = ""
    date: str | None = None
    signature: Signature = field(default_factory=Signature)
    recipients: Recipients = field(default_factory=Recipients)


@dataclass
class IssueMark:
    """Set when the outgoing register gave the draft its number (desktop.core.register): the
    draft is then read-only, unless that number is cancelled."""

    register: str = ""  # where the register is: the SQLite file, or host:port/database
    entry_id: int = 0
    series: str = ""
    cycle: str = ""
    symbol: str = ""  # 'Số, ký hiệu' as registered: '03-TB/VPTU'
    issued_at: str = ""


class JsonDocument:
    """A dataclass stored as a JSON document (the draft, the organisation profile)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from JSON data (already upgraded to the current schema version); strings NFC."""
        return build_dataclass(cls, data)


@dataclass
class Draft(JsonDocument):
    schema_version: int = SCHEMA_VERSION
    rule_set: str = "party_hd36"
    doc_type: str = "thong_bao"
    superior: str = ""
    issuer: str = ""
    number: str = ""  # digits; blank until issue time
    agency_code: str = ""  # the issuing body's code: VPTU, UBND
    unit_code: str = ""  # drafting unit (state công văn): VP
    code_override: str = ""  # a full ký hiệu typed by hand, when the computed one does not fit
    place: str = ""
    date: str | None = None  # ISO date, blank until issue time
    summary: str = ""
    addressees: list[str] = field(default_factory=list)
    enacting_authority: str = ""  # thẩm quyền ban hành of a state quyết định: printed above its căn cứ
    legal_bases: list[str] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    closing: str = ""  # a closing sentence kept apart from the body (optional)
    signature: Signature = field(default_factory=Signature)
    recipients: Recipients = field(default_factory=Recipients)
    extras: Extras = field(default_factory=Extras)
    copy: CopyBlock | None = None
    attachments: list[Draft] = field(default_factory=list)
    issued: IssueMark | None = None  # given by the outgoing register; absent until issue

    def to_dict(self) -> dict[str, Any]:
        return _without_unissued(asdict(self))


def _without_unissued(data: dict[str, Any]) -> dict[str, Any]:
    """Drafts not issued keep their JSON as before the register existed (no "issued": null)."""
    if data.get("issued") is None:
        data.pop("issued", None)
    for attachment in data.get("attachments") or []:
        _without_unissued(attachment)
    return data



# --- generic dataclass <-> dict --------------------------------------------------------


@cache
def _nested_types(cls: type) -> dict[str, tuple[str, type]]:
    """For each field of a dataclass holding dataclasses: ("one" | "list", the item class)."""
    nested: dict[str, tuple[str, type]] = {}
    for name, hint in get_type_hints(cls).items():
        args = [a for a in get_args(hint) if a is not type(None)]
        if is_dataclass(hint):
            nested[name] = ("one", hint)
        elif get_origin(hint) is list and args and is_dataclass(args[0]):
            nested[name] = ("list", args[0])
        elif get_origin(hint) in (Union, UnionType) and len(args) == 1 and is_dataclass(args[0]):
            nested[name] = ("one", args[0])
    return nested


def build_dataclass(cls: type, data: Any) -> Any:
    """A dataclass instance from JSON data: nested dataclasses built, every string NFC.

    Keys the class does not know are ignored (the schema reports them).
    """
    if not isinstance(data, dict):
        raise VanBanError("model.not_object", kind=cls.__name__)
    nested = _nested_types(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        shape, item = nested.get(f.name, ("", None))
        if shape == "one" and value is not None:
            value = build_dataclass(item, value)
        elif shape == "list" and isinstance(value, list):
            value = [build_dataclass(item, v) for v in value]
        elif isinstance(value, list):
            value = [nfc(v) if isinstance(v, str) else v for v in value]
        elif isinstance(value, str):
            value = nfc(value)
        kwargs[f.name] = value
    if cls is Paragraph and "text" in data and "runs" not in data:
        kwargs["runs"] = [Run(nfc(str(data["text"])))]
    return cls(**kwargs)


# --- versions --------------------------------------------------------------------------


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring JSON data of an older schema version up to SCHEMA_VERSION.

    A newer version than this program knows is refused: opening it would lose fields.
    """
    version = data.get("schema_version")
    if not isinstance(version, int):
        raise VanBanError("model.no_version")
    if version > SCHEMA_VERSION:
        raise VanBanError("model.newer_version", version=version, supported=SCHEMA_VERSION)
    # Version 1 is the first; later upgrades go here, one step per version.
    return data


# --- files -----------------------------------------------------------------------------

MAX_DRAFT_BYTES = 20 * 1024 * 1024


def read_json_file(path: Path) -> Any:
    """Read a JSON file, turning every failure into a Vietnamese message (exit code 2)."""
    from desktop.core.files import read_utf8_text

    text = read_utf8_text(path, MAX_DRAFT_BYTES)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInputError("file.bad_json", path=str(path), line=exc.lineno, column=exc.colno) from exc


def load_draft_data(path: Path) -> dict[str, Any]:
    """Read and upgrade a draft file's JSON data, without building the model."""
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise UnreadableInputError("model.not_object", kind="Draft")
    try:
        return upgrade(data)
    except VanBanError as exc:
        raise UnreadableInputError(exc.key, **exc.params) from exc


def load_draft(path: Path) -> Draft:
    """Read a draft file: upgraded, NFC-normalised. Unreadable input raises (exit 2)."""
    data = load_draft_data(path)
    try:
        return Draft.from_dict(data)
    except (TypeError, VanBanError) as exc:
        raise UnreadableInputError("model.bad_shape", path=str(path), reason=str(exc)) from exc


def draft_bytes(draft: Draft, path: Path) -> bytes:
    """The draft file's bytes; a draft over :data:`MAX_DRAFT_BYTES` (which the program would then
    refuse to open) raises :class:`OutputError` instead."""
    from desktop.core.errors import OutputError
    from desktop.core.i18n import format_size

    data = draft.to_json().encode("utf-8")
    if len(data) > MAX_DRAFT_BYTES:
        raise OutputError("output.draft_too_large", path=str(path), size=format_size(len(data)),
                          limit=format_size(MAX_DRAFT_BYTES))
    return data


def save_draft(draft: Draft, path: Path) -> Written:
    """Write a draft atomically (an earlier file survives any failure); never one too large to open."""
    from desktop.core.atomic import atomic_write_bytes

    return atomic_write_bytes(path, draft_bytes(draft, path))
