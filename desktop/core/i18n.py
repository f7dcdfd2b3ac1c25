"""The one translation point: every text a clerk sees goes through :func:`tr`.

Messages live as data in resources/i18n/<language>/<domain>.json, one file per area
(``core``, ``validate``, ``check``, ``cli``, ``ui`` …), keyed ``"<domain>.<name>"``.
Parameters use ``str.format`` syntax: ``tr("file.not_found", path=p)``. The UI language is
Vietnamese; another language is another folder with the same keys. Dates and times passed as
parameters are written the way the locale writes them (through babel, CLDR data), and counts
go through :func:`format_number`; the official date line of a document is not a UI text and
has its own pattern in the rule data (spec C.4, desktop/core/compute.py).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from desktop.resources import resource_path

LANGUAGE = "vi"
# Babel's short Vietnamese date is "5/2/21"; clerks write "05/02/2021" in running text.
DATE_PATTERN = "dd/MM/yyyy"
DATETIME_PATTERN = "HH:mm 'ngày' dd/MM/yyyy"


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
    params = {name: _localized(value) for name, value in params.items()}
    if text is None:
        return key if not params else f"{key} {params}"
    return text.format_map(_KeepMissing(params))


def _localized(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        from babel.dates import format_datetime

        return format_datetime(value, DATETIME_PATTERN, locale=LANGUAGE)
    if isinstance(value, dt.date):
        from babel.dates import format_date

        return format_date(value, DATE_PATTERN, locale=LANGUAGE)
    return value


def format_number(value: float) -> str:
    """A count or measure as the locale writes it: ``1.000`` files, ``12,5`` MB (babel)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LANGUAGE)


def format_size(size_bytes: int) -> str:
    """A file size as a clerk reads it: ``33,2 MB``, ``20 MB``, ``2 KB``."""
    if size_bytes >= 2**20:
        return f"{format_number(round(size_bytes / 2**20, 1))} MB"
    return f"{format_number(max(1, round(size_bytes / 2**10)))} KB"


def has_message(key: str) -> bool:
    return key in catalog()
