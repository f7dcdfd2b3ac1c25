"""What the editor checks before a loaded draft touches the form (issue #11: never half-loaded).

A draft read from a file (or an import, or an autosave) is vetted whole first: every field of the
type the model declares, its system and document type known, its page laid out. Any failure is
an exception the window turns into one Vietnamese message; the form, the preview, the path and
the title stay as they were.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from desktop.core.errors import VanBanError
from desktop.core.model import Draft


class DraftShapeError(VanBanError):
    """A draft whose structure the form cannot hold (a field of the wrong type, an unknown system)."""


def _fits(value: Any, hint: Any) -> bool:
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        return any(_fits(value, arg) for arg in get_args(hint))
    if hint is type(None):
        return value is None
    if origin is list:
        (item,) = get_args(hint) or (Any,)
        return isinstance(value, list) and all(_fits(v, item) for v in value)
    if isinstance(hint, type) and is_dataclass(hint):
        return isinstance(value, hint)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    return True


def shape_problem(obj: Any, where: str = "") -> str | None:
    """The path of the first field whose value is not of its declared type ("signature",
    "body[2].runs"), or None when the whole tree fits."""
    hints = get_type_hints(type(obj))
    for f in fields(obj):
        value = getattr(obj, f.name)
        path = f"{where}.{f.name}" if where else f.name
        if not _fits(value, hints.get(f.name, Any)):
            return path
        children = value if isinstance(value, list) else [value]
        for index, child in enumerate(children):
            if is_dataclass(child) and not isinstance(child, type):
                found = shape_problem(child, f"{path}[{index}]" if isinstance(value, list) else path)
                if found:
                    return found
    return None


def vet_draft(draft: Any, name: str) -> Draft:
    """``draft`` as the form will hold it, or :class:`DraftShapeError` (``name``: the file, for the
    message). Checked whole: field types, system, document type, the page laid out."""
    from desktop.core.layout import layout_draft
    from desktop.core.rules import available_rule_sets, load_rule_set

    if not isinstance(draft, Draft):
        raise DraftShapeError("editor.open.bad_shape", path=name, field="")
    where = shape_problem(draft)
    if where is not None:
        raise DraftShapeError("editor.open.bad_shape", path=name, field=where)
    if draft.rule_set not in available_rule_sets():
        raise DraftShapeError("editor.open.bad_rule_set", path=name, value=draft.rule_set[:80])
    if draft.doc_type not in load_rule_set(draft.rule_set).doc_types:
        raise DraftShapeError("editor.open.bad_doc_type", path=name, value=draft.doc_type[:80])
    again = Draft.from_dict(json.loads(draft.to_json()))
    layout_draft(again)
    return again


_OS_REASONS = {
    "ENOSPC": "editor.reason.disk_full", "EDQUOT": "editor.reason.quota", "EFBIG": "editor.reason.too_big",
    "EACCES": "editor.reason.denied", "EPERM": "editor.reason.denied", "EROFS": "editor.reason.read_only_disk",
    "EIO": "editor.reason.io", "ENETDOWN": "editor.reason.network", "ENETUNREACH": "editor.reason.network",
    "ENETRESET": "editor.reason.network", "ECONNRESET": "editor.reason.network",
    "ECONNABORTED": "editor.reason.network",
    "ESTALE": "editor.reason.network", "ENOTCONN": "editor.reason.network", "EHOSTDOWN": "editor.reason.network",
    "EHOSTUNREACH": "editor.reason.network", "ETIMEDOUT": "editor.reason.network",
    "ENAMETOOLONG": "editor.reason.name_too_long", "EISDIR": "editor.reason.is_folder",
    "ENOENT": "editor.reason.no_folder", "ENOTDIR": "editor.reason.no_folder",
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in Vietnamese (disk full, no permission, the share dropped …);
    the system's own words only for a case not listed."""
    import errno

    from desktop.core.i18n import tr

    name = errno.errorcode.get(exc.errno or -1, "")
    key = _OS_REASONS.get(name)
    return tr(key) if key else (exc.strerror or str(exc))


def write_message(exc: VanBanError) -> str:
    """A write error's message, its reason in Vietnamese when the OS gave it in English."""
    cause = exc.__cause__
    if isinstance(cause, OSError) and "reason" in exc.params:
        from desktop.core.i18n import tr

        return tr(exc.key, **{**exc.params, "reason": os_reason(cause)})
    return exc.message
