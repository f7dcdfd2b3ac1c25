"""The one translation point: every text a clerk sees goes through :func:`tr`.

Messages live as data in resources/i18n/<language>/<domain>.json, one file per area
(``core``, ``validate``, ``check``, ``cli``, ``ui`` …), keyed ``"<domain>.<name>"``.
Parameters use ``str.format`` syntax: ``tr("file.not_found", path=p)``. The UI language is
Vietnamese; another language is another folder with the same keys.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from desktop.resources import resource_path

LANGUAGE = "vi"


@cache
def catalog(language: str = LANGUAGE) -> dict[str, str]:
    """Every message of one language, merged from its domain files."""
    merged: dict[str, str] = {}
    folder = resource_path("resources", "i18n", language)
    for path in sorted(folder.glob("*.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice ({path.name})")
            merged[key] = text
    return merged


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def tr(key: str, **params: Any) -> str:
    """The message for ``key`` in the UI language, with its parameters filled in.

    An unknown key gives the key itself (tests make sure no key is unknown); a missing
    parameter is left as ``{name}`` rather than raising, so a message never crashes.
    """
    text = catalog().get(key)
    if text is None:
        return key if not params else f"{key} {params}"
    return text.format_map(_KeepMissing(params))


def has_message(key: str) -> bool:
    return key in catalog()
