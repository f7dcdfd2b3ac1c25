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
     "co_signature": {...},  # only a two-signature type (biên bản: the thư ký), else absent
     "recipients": {"report": [], "others": [], "archive": "Văn phòng Thành ủy",
                    "archive_initials": ""},
     "extras": {"secrecy": "", "urgency": "", "circulation": "", "draft_marker": "",
                "typist": "", "copies": null, "contact": ""},
     "copy": null, "attachments": []}
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Self, Union, get_args, get_origin, get_type_hints

from desktop.core.errors import UnreadableInputError, VanBanError
from desktop.core.marks import _unmarked_table, strip_marks  # noqa: F401 (re-exported: the model's API)

if TYPE_CHECKING:
    from desktop.core.atomic import Written

SCHEMA_VERSION = 1

BODY_STYLES = ("body", "heading1", "heading2", "heading3", "article", "dash", "plus")
"""Paragraph kinds of the body. Headings and articles are numbered by the rules."""
TABLE_STYLE = "table"
"""The style of a body block that is a table (:class:`Table` in ``Paragraph.table``, no runs)."""
BLOCK_STYLES = (*BODY_STYLES, TABLE_STYLE)
"""Every style a body block may have (the schema's enum)."""
APPROVED_BODY_STYLES = (*BODY_STYLES, "chapter", "section")
"""Paragraph kinds of an approved text (NĐ 30 Mẫu 1.3): the body's, plus chapters ("Chương I" over
the paragraph's text as its title) and sections ("Mục 1" over its title), numbered by the rules."""

SIGNATURE_MODES = ("own", "on_behalf", "deputy", "by_order", "delegated", "acting", "by_order_deputy",
                   "on_behalf_deputy")
"""own: the head signs in their own right; on_behalf: T/M / TM.; deputy: K/T / KT.;
by_order: T/L / TL.; delegated: T/U / TUQ.; acting: Q.; by_order_deputy: TL. + KT.; on_behalf_deputy: TM. + KT.
(NĐ 30 Mẫu 1.1: 'TM. ỦY BAN NHÂN DÂN' / 'KT. CHỦ TỊCH')."""
COPY_KINDS = ("sao_y", "sao_luc", "trich_sao")


def nfc(text: str) -> str:
    """Unicode NFC: every string the app stores or writes goes through here."""
    return unicodedata.normalize("NFC", text)


@dataclass
class Run:
    text: str = ""
    bold: bool = False
    italic: bool = False


@dataclass
class Table:
    """A table in the body (a schedule of tasks, figures): rows of cells of text.

    ``header``: the first row is the header row (bold, centred, repeated on every page);
    ``widths``: the columns' relative weights (empty: computed from the text).
    """

    rows: list[list[str]] = field(default_factory=list)
    header: bool = True
    widths: list[float] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)


@dataclass
class Paragraph:
    style: str = "body"
    runs: list[Run] = field(default_factory=list)
    table: Table | None = None  # style "table" only; JSON leaves it out when absent

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
    deputy_whom: str = ""  # second prefix line of by_order_deputy / on_behalf_deputy: "VỤ TRƯỞNG VỤ PHÁP CHẾ"
    position: str = ""  # the signer's title: "BÍ THƯ", "PHÓ TRƯỞNG BAN"
    name: str = ""


@dataclass
class Recipients:
    report: list[str] = field(default_factory=list)  # "để báo cáo" group
    others: list[str] = field(default_factory=list)
    archive: str = ""  # Party: "Văn phòng Thành ủy"; state: "TCCB" (after "Lưu: VT, ")
    archive_initials: str = ""  # drafter's initials, e.g. "TNThanh"
    report_brace: bool = False  # state: the report group under one brace '}' (D.1, on request; Party: always)


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
class Appendix:
    """A phụ lục after the document (NĐ 30 Mẫu 2.1, spec B.2 "Phụ lục", A.2 Phụ lục): its title and
    its body, of the main body's paragraph kinds; "Phụ lục I", the "(Kèm theo …)" line and its own
    page numbering are computed (desktop.core.appendices)."""

    title: str = ""
    body: list[Paragraph] = field(default_factory=list)


@dataclass
class ApprovedText:
    """The văn bản a quyết định issues or approves (NĐ 30 Mẫu 1.3: a Quy chế, Quy định, Điều lệ…),
    printed after the decision on a page of its own; its header and "Ban hành kèm theo" line are
    computed from the decision (desktop.core.approved_text)."""

    doc_type: str = "quy_che"  # a key of the rule set's doc_types: its tên loại is printed
    summary: str = ""  # its trích yếu: "làm việc của Ủy ban nhân dân xã …"
    body: list[Paragraph] = field(default_factory=list)  # chapters, sections, articles (APPROVED_BODY_STYLES)


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
    co_signature: Signature | None = None  # the second signer of a two-signature type (a biên bản's thư ký)
    recipients: Recipients = field(default_factory=Recipients)
    extras: Extras = field(default_factory=Extras)
    copy: CopyBlock | None = None
    attachments: list[Draft] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)  # phụ lục; left out of the JSON when none
    issued: IssueMark | None = None  # given by the outgoing register; absent until issue
    approved: ApprovedText | None = None  # Mẫu 1.3: the văn bản a quyết định issues; absent otherwise

    def to_dict(self) -> dict[str, Any]:
        return _without_default_brace(_without_unissued(asdict(self, dict_factory=_json_object)))


def is_table(para: Paragraph) -> bool:
    """Whether a body block is a table (style "table" holding its :class:`Table`)."""
    return para.style == TABLE_STYLE and para.table is not None


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A dataclass as JSON: a paragraph without a table keeps its JSON as before tables existed (no
    "table": null), and a table block has no runs."""
    data = dict(pairs)
    if "table" in data and "runs" in data:
        if data["table"] is None:
            del data["table"]
        elif not data["runs"]:
            del data["runs"]
    return data


def _without_unissued(data: dict[str, Any]) -> dict[str, Any]:
    """Drafts not issued keep their JSON as before the register existed (no "issued": null), and
    drafts without phụ lục as before phụ lục existed (no "appendices": []), drafts with one signer as
    before the second signer existed (no "co_signature": null)."""
    if data.get("issued") is None:
        data.pop("issued", None)
    if not data.get("appendices"):
        data.pop("appendices", None)
    if data.get("co_signature") is None:
        data.pop("co_signature", None)
    if data.get("approved") is None:  # drafts without an approved text keep their JSON as before
        data.pop("approved", None)
    for attachment in data.get("attachments") or []:
        _without_unissued(attachment)
    return data



def _without_default_brace(data: dict[str, Any]) -> dict[str, Any]:
    """Drafts that do not ask for the report brace keep their JSON as before the option existed."""
    for recipients in (data.get("recipients"), (data.get("copy") or {}).get("recipients")):
        if isinstance(recipients, dict) and not recipients.get("report_brace"):
            recipients.pop("report_brace", None)
    for attachment in data.get("attachments") or []:
        _without_default_brace(attachment)
    return data


# --- generic dataclass <-> dict --------------------------------------------------------


def json_path(parts: tuple[str | int, ...]) -> str:
    """``("body", 3, "runs", 0)`` → ``"body[3].runs[0]"`` (the root is the empty path)."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _json_kind(value: Any) -> str:
    """The JSON type of a value, in the words of the validator's messages ("null", "danh sách")."""
    from desktop.core.i18n import tr

    kind = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string",
            list: "array", dict: "object"}.get(type(value), "object")
    return tr(f"validate.type.{kind}")


def _wrong_type(path: tuple[str | int, ...], expected: str, value: Any) -> VanBanError:
    from desktop.core.i18n import tr

    return VanBanError("draftshape.wrong_type", field=json_path(path) or tr("draftshape.root"),
                       expected=tr(f"validate.type.{expected}"), value=_json_kind(value))


def _build_value(hint: Any, value: Any, path: tuple[str | int, ...]) -> Any:
    """One JSON value checked against its field's type hint and built; a mismatch raises with the path."""
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if value is None and len(args) < len(get_args(hint)):
            return None
        hint, origin = args[0], get_origin(args[0])
    if is_dataclass(hint):
        return build_dataclass(hint, value, path)
    if origin is list:
        if not isinstance(value, list):
            raise _wrong_type(path, "array", value)
        (item,) = get_args(hint) or (Any,)
        return [_build_value(item, v, (*path, index)) for index, v in enumerate(value)]
    if hint is str:
        if not isinstance(value, str):
            raise _wrong_type(path, "string", value)
        return nfc(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise _wrong_type(path, "boolean", value)
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(path, "integer", value)
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _wrong_type(path, "number", value)
        return value  # an int stays an int: the JSON reads back as it was written
    return value


def build_dataclass(cls: type, data: Any, path: tuple[str | int, ...] = ()) -> Any:
    """A dataclass instance from JSON data: every value of the type its field declares, every string NFC.

    A value of another JSON type (at any depth: a string for the body, null for the signature)
    raises :class:`VanBanError` naming its path; a missing key takes the field's default, and keys
    the class does not know are ignored (the schema reports both).
    """
    if not isinstance(data, dict):
        raise _wrong_type(path, "object", data)
    hints = _field_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in data:
            kwargs[f.name] = _build_value(hints[f.name], data[f.name], (*path, f.name))
    if cls is Paragraph and "text" in data and "runs" not in data:
        kwargs["runs"] = [Run(_build_value(str, data["text"], (*path, "text")))]
    return cls(**kwargs)


@cache
def _field_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


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
MAX_JSON_DEPTH = 48
"""Containers inside containers: a draft with attachments three deep uses about 12."""
MAX_JSON_CONTAINERS = 1_000_000
"""Objects and lists in one file: 5,000 paragraphs of a few runs each use about 25,000; a .docx the
checker accepts (16 MB of XML) imports into at most a few hundred thousand, and must open."""


class _DuplicateKey(Exception):
    """A JSON object names one key twice (the file is refused, never half-read)."""


class _NotANumber(Exception):
    """NaN, Infinity or a number too big for a float in a draft file."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        raise _DuplicateKey(next(key for key, _value in pairs if key in seen or seen.add(key)))
    return data


def _no_constant(name: str) -> Any:
    raise _NotANumber(name)


def _finite_float(text: str) -> float:
    """A JSON number as a float; one too big for a float (``1e999``) is no number a draft can hold."""
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotANumber(text if len(text) <= 40 else text[:37] + "…")
    return value


def too_deep(data: Any, limit: int, most: int | None = None) -> bool:
    """Whether containers nest deeper than ``limit``, or number more than ``most`` (walked level by level,
    without recursion)."""
    level = [data] if isinstance(data, (dict, list)) else []
    depth = count = 0
    while level:
        depth += 1
        count += len(level)
        if depth > limit or (most is not None and count > most):
            return True
        below: list[Any] = []
        for node in level:
            children = node.values() if type(node) is dict else node
            below.extend([child for child in children if type(child) is dict or type(child) is list])
        level = below
    return False


def _lone_surrogate_at(data: Any) -> tuple[str | int, ...] | None:
    """The path of the first string holding half a UTF-16 pair (``"\\ud800"``), which no file can store."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return path
        elif isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in node.items())
            stack.extend((key, (*path, key)) for key in node)
        elif isinstance(node, list):
            stack.extend((value, (*path, index)) for index, value in enumerate(node))
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_json_file(path: Path) -> Any:
    """Read a JSON file, turning every failure into a Vietnamese message (exit code 2).

    Refused as well as broken JSON: NaN and Infinity (not JSON), a key written twice, nesting
    deeper than :data:`MAX_JSON_DEPTH` and half a UTF-16 surrogate pair in a string.
    """
    from desktop.core.files import read_utf8_text

    text = read_utf8_text(path, MAX_DRAFT_BYTES)
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant,
                          parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise UnreadableInputError("file.bad_json", path=str(path), line=exc.lineno, column=exc.colno) from exc
    except ValueError as exc:  # an integer of thousands of digits (Python refuses to convert it)
        raise UnreadableInputError("draftshape.huge_number", path=str(path)) from exc
    except _DuplicateKey as exc:
        raise UnreadableInputError("draftshape.duplicate_key", path=str(path), name=str(exc)) from exc
    except _NotANumber as exc:
        raise UnreadableInputError("draftshape.not_a_number", path=str(path), value=str(exc)) from exc
    except RecursionError as exc:
        raise UnreadableInputError("draftshape.too_deep", path=str(path), limit=MAX_JSON_DEPTH) from exc
    if too_deep(data, MAX_JSON_DEPTH, MAX_JSON_CONTAINERS):
        if too_deep(data, MAX_JSON_DEPTH):
            raise UnreadableInputError("draftshape.too_deep", path=str(path), limit=MAX_JSON_DEPTH)
        raise UnreadableInputError("draftshape.too_many_parts", path=str(path), limit=MAX_JSON_CONTAINERS)
    if "\\ud" in text.lower():
        where = _lone_surrogate_at(data)
        if where is not None:
            raise UnreadableInputError("draftshape.lone_surrogate", path=str(path), field=json_path(where))
    return data


def load_draft_data(path: Path) -> dict[str, Any]:
    """Read and upgrade a draft file's JSON data, without building the model."""
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise UnreadableInputError("draftshape.not_object", path=str(path), value=_json_kind(data))
    try:
        return upgrade(data)
    except VanBanError as exc:
        raise UnreadableInputError(exc.key, **exc.params) from exc


def draft_from_data(data: Any, path: Path | str = "") -> Draft:
    """Build a Draft from (upgraded) JSON data; data of the wrong shape raises UnreadableInputError
    naming the file and the field, never TypeError or AttributeError."""
    try:
        return Draft.from_dict(data)
    except VanBanError as exc:
        raise UnreadableInputError("model.bad_shape", path=str(path), reason=exc.message) from exc
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:  # a shape the builder did not foresee
        raise UnreadableInputError("model.bad_shape", path=str(path), reason=type(exc).__name__) from exc


def load_draft(path: Path) -> Draft:
    """Read a draft file: upgraded, NFC-normalised. Unreadable input raises (exit 2)."""
    return draft_from_data(load_draft_data(path), path)


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
