"""Hostile draft files: the JSON side of tests/hostile_files.py (reusable by CLI and editor tests).

Every entry is ``(name, bytes of the file, kind)``; :func:`hostile_drafts` lists them all and
:func:`write_hostile_draft` writes one to a folder. ``kind`` says what every reader must do:

- ``"unreadable"``: not a draft at all (not JSON, not UTF-8, not an object, NaN, a key written
  twice, nested 10,000 deep, a newer version, too large). ``vanban validate`` exits 2,
  ``vanban render`` exits 2, ``load_draft`` raises UnreadableInputError, the editor refuses it
  with a message and keeps its form.
- ``"malformed"``: a JSON draft of the wrong shape (the body a string, the signature null, a
  number where text goes, at any depth). ``vanban validate`` lists the wrong types (exit 1),
  ``vanban render`` exits 2, ``load_draft`` raises UnreadableInputError naming the field.
- ``"invalid"``: the right shape, content the rules refuse (control and bidi characters,
  huge strings, too many items, attachments nested too deep, blank required parts).
  ``vanban validate`` exits 1 naming the field, ``load_draft`` returns a Draft, the editor
  opens it and lists the problems, rendering refuses it as incomplete.

Each case starts from examples/party_thong_bao.json, a valid draft, so an "invalid" or
"malformed" file is wrong only where its name says.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "party_thong_bao.json"
KINDS = ("unreadable", "malformed", "invalid")


def base_draft() -> dict[str, Any]:
    """A valid draft's JSON data (a fresh copy each time)."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _with(change: Callable[[dict[str, Any]], Any]) -> Callable[[], bytes]:
    """A case: the example draft with ``change`` applied to its data."""
    def build() -> bytes:
        data = base_draft()
        change(data)
        return _dump(data)
    return build


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set a dotted path (``"signature.name"``, ``"body.0.runs"``) to ``value``."""
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return change


def _deep_arrays(depth: int = 10_000) -> bytes:
    return b'{"schema_version": 1, "body": ' + b"[" * depth + b"]" * depth + b"}"


def _deep_objects(depth: int = 200) -> bytes:
    inner: Any = "đáy"
    for _ in range(depth):
        inner = {"style": inner}
    data = base_draft()
    data["body"] = [inner]
    return _dump(data)


def _too_large() -> bytes:
    """Above the 20 MB draft limit (a summary of 21 MB)."""
    return b'{"schema_version": 1, "summary": "' + b"a" * (21 * 1024 * 1024) + b'"}'


def _nan(data: dict[str, Any]) -> bytes:
    return _dump(data).replace(b'"copies": null', b'"copies": NaN')


def _duplicate_key() -> bytes:
    text = _dump(base_draft()).decode("utf-8")
    return text.replace('"issuer": ', '"issuer": "BAN TUYÊN GIÁO", "issuer": ', 1).encode("utf-8")


def _lone_surrogate() -> bytes:
    text = _dump(base_draft()).decode("utf-8")
    return text.replace('"place": "', '"place": "\\ud800', 1).encode("utf-8")


def _nested_attachments(levels: int) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        inner = base_draft()
        for _ in range(levels - 1):
            outer = base_draft()
            outer["attachments"] = [inner]
            inner = outer
        data["attachments"] = [inner]
    return change


def _blank_strings(data: dict[str, Any]) -> None:
    """The editor's "new" with every text blank or spaces (the form before anything is typed)."""
    for key in ("superior", "issuer", "agency_code", "place", "summary"):
        data[key] = "   " if key == "place" else ""
    data["signature"] = {"mode": "own", "whom": "", "deputy_whom": "", "position": " ", "name": ""}
    data["recipients"] = {"report": [], "others": [], "archive": "", "archive_initials": ""}
    data["body"] = [{"style": "body", "runs": [{"text": "  ", "bold": False, "italic": False}]}]


def _missing_keys(data: dict[str, Any]) -> None:
    for key in ("body", "signature", "recipients", "place"):
        del data[key]


_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    # --- not a draft at all -------------------------------------------------------------------
    "not_json": (lambda: b"{ \"schema_version\": 1, \"issuer\": ", "unreadable"),
    "empty_file": (lambda: b"", "unreadable"),
    "binary_garbage": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "unreadable"),
    "not_utf8_latin1": (lambda: b'{"schema_version": 1, "place": "H\xe0 N\xf4i"}', "unreadable"),
    "utf16_with_bom": (lambda: _dump(base_draft()).decode("utf-8").encode("utf-16"), "unreadable"),
    "array_root": (lambda: b"[1, 2, 3]", "unreadable"),
    "string_root": (lambda: b'"THONG BAO"', "unreadable"),
    "null_root": (lambda: b"null", "unreadable"),
    "number_root": (lambda: b"1", "unreadable"),
    "nan_copies": (lambda: _nan(base_draft()), "unreadable"),
    "infinity": (lambda: b'{"schema_version": 1, "extras": {"copies": Infinity}}', "unreadable"),
    "float_overflow": (lambda: _dump(base_draft()).replace(b'"copies": null', b'"copies": 1e999'), "unreadable"),
    "integer_5000_digits": (lambda: _dump(base_draft()).replace(b'"copies": null', b'"copies": ' + b"7" * 5000),
                            "unreadable"),
    "duplicate_key": (_duplicate_key, "unreadable"),
    "deep_arrays_10000": (_deep_arrays, "unreadable"),
    "deep_objects_200": (_deep_objects, "unreadable"),
    "lone_surrogate": (_lone_surrogate, "unreadable"),
    "no_version": (lambda: b'{"issuer": "VAN PHONG"}', "unreadable"),
    "version_string": (_with(_set("schema_version", "1")), "unreadable"),
    "newer_version": (_with(_set("schema_version", 99)), "unreadable"),
    "too_large": (_too_large, "unreadable"),
    "runs_1200000": (lambda: json.dumps({**base_draft(), "body": [{"runs": [{"text": "a"}] * 1_200_000}]},
                                        separators=(",", ":")).encode("utf-8"), "unreadable"),
    # --- JSON of the wrong shape ------------------------------------------------------------
    "body_string": (_with(_set("body", "Nội dung là một chuỗi")), "malformed"),
    "body_object": (_with(_set("body", {"style": "body"})), "malformed"),
    "signature_null": (_with(_set("signature", None)), "malformed"),
    "signature_string": (_with(_set("signature", "Nguyễn Văn A")), "malformed"),
    "recipients_list": (_with(_set("recipients", ["Như trên"])), "malformed"),
    "extras_null": (_with(_set("extras", None)), "malformed"),
    "issuer_number": (_with(_set("issuer", 12)), "malformed"),
    "issuer_null": (_with(_set("issuer", None)), "malformed"),
    "place_object": (_with(_set("place", {"name": "Hà Nội"})), "malformed"),
    "date_number": (_with(_set("date", 20210205)), "malformed"),
    "addressees_string": (_with(_set("addressees", "UBND tỉnh")), "malformed"),
    "recipient_item_null": (_with(_set("recipients.others", [None])), "malformed"),
    "paragraph_string": (_with(_set("body.0", "Một đoạn")), "malformed"),
    "paragraph_null": (_with(_set("body.0", None)), "malformed"),
    "runs_string": (_with(_set("body.0.runs", "chữ")), "malformed"),
    "run_text_number": (_with(_set("body.0.runs.0.text", 5)), "malformed"),
    "run_bold_string": (_with(_set("body.0.runs.0.bold", "có")), "malformed"),
    "paragraph_text_list": (_with(_set("body.0", {"style": "body", "text": ["a"]})), "malformed"),
    "copies_string": (_with(_set("extras.copies", "5")), "malformed"),
    "copies_bool": (_with(_set("extras.copies", True)), "malformed"),
    "version_bool": (_with(_set("schema_version", True)), "malformed"),
    "copy_list": (_with(_set("copy", [])), "malformed"),
    "attachments_object": (_with(_set("attachments", {"0": {}})), "malformed"),
    "attachment_number": (_with(_set("attachments", [1])), "malformed"),
    "attachment_signature_name_list": (
        _with(lambda d: d.update(attachments=[{**base_draft(), "signature": {"mode": "own", "name": ["A"],
                                                                             "position": "BÍ THƯ"}}])),
        "malformed"),
    "approved_string": (_with(_set("approved", "Quy chế làm việc")), "malformed"),
    "approved_body_paragraph_null": (
        _with(_set("approved", {"doc_type": "quy_che", "summary": "Làm việc", "body": [None]})), "malformed"),
    # --- the right shape, content refused -------------------------------------------------------
    "only_version": (lambda: b'{"schema_version": 1}', "invalid"),
    "missing_keys": (_with(_missing_keys), "invalid"),
    "blank_strings": (_with(_blank_strings), "invalid"),
    "place_5000_chars": (_with(_set("place", "Hà Nội " * 714)), "invalid"),
    "summary_2mb": (_with(_set("summary", "về việc " * 250_000)), "invalid"),
    "run_text_2mb": (_with(_set("body.0.runs.0.text", "Nội dung " * 230_000)), "invalid"),
    "control_chars_issuer": (_with(_set("issuer", "VĂN\x07 PHÒNG\x00")), "invalid"),
    "c1_control_place": (_with(_set("place", "Hà\x85Nội")), "invalid"),
    "bidi_override_name": (_with(_set("signature.name", "Nguyễn \u202eA nĂV")), "invalid"),
    "bidi_isolate_place": (_with(_set("place", "\u2066Hà Nội\u2069")), "invalid"),
    "bidi_in_body": (_with(_set("body.0.runs.0.text", "Số tiền \u202e000.01\u202c đồng")), "invalid"),
    "zero_width_agency_code": (_with(_set("agency_code", "VP\u200bTU")), "invalid"),
    "bom_in_name": (_with(_set("signature.name", "\ufeffNguyễn Văn A")), "invalid"),
    "newline_in_place": (_with(_set("place", "Hà Nội\nHải Phòng")), "invalid"),
    "too_many_paragraphs": (_with(_set("body", [{"style": "body", "runs": [{"text": f"Đoạn {i}."}]}
                                                for i in range(5001)])), "invalid"),
    "too_many_recipients": (_with(_set("recipients.others", [f"Nơi {i}," for i in range(201)])), "invalid"),
    "attachments_4_deep": (_with(_nested_attachments(4)), "invalid"),
    "blank_recipients_150000": (_with(_set("recipients.others", [""] * 150_000)), "invalid"),
    "unknown_keys_100000": (_with(lambda d: d.update({f"k{i}": i for i in range(100_000)})), "invalid"),
    "lowercase_recipients_20000": (_with(_set("recipients.others", ["phòng A,"] * 20_000)), "invalid"),
    "unknown_key_1mb_with_bidi": (_with(lambda d: d.update({"\u202e" + "x" * 1_000_000: 1})), "invalid"),
    "approved_text_on_a_party_notice": (  # Mẫu 1.3 is a state quyết định's: refused by name
        _with(_set("approved", {"doc_type": "quy_che", "summary": "Làm việc",
                                "body": [{"style": "chapter", "runs": [{"text": "Quy định chung"}]}]})), "invalid"),
}


def hostile_drafts() -> list[tuple[str, bytes, str]]:
    """Every hostile draft: (name, file bytes, expected kind) — see the module docstring."""
    return [(name, build(), kind) for name, (build, kind) in _CASES.items()]


def hostile_draft_names(kind: str | None = None) -> list[str]:
    """The names of the cases (of one kind), for ``pytest.mark.parametrize``."""
    return [name for name, (_build, k) in _CASES.items() if kind in (None, k)]


def hostile_draft(name: str) -> tuple[bytes, str]:
    """One case's bytes and kind."""
    build, kind = _CASES[name]
    return build(), kind


def write_hostile_draft(name: str, folder: Path) -> Path:
    """Write one case to ``folder/<name>.json`` and return its path."""
    path = Path(folder) / f"{name}.json"
    path.write_bytes(hostile_draft(name)[0])
    return path


def mutated(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    """The example draft's data with ``change`` applied (for tests of one field)."""
    data = copy.deepcopy(base_draft())
    change(data)
    return data
