"""Place names of the date line, and levels of government, that no longer exist (spec C.4, F.8).

The data is resources/geography/ceased_places.json: provinces merged away by the 2025
reorganisation (and Thừa Thiên Huế, a city since 01/01/2025); and ceased_levels.json: the
district level (huyện, quận, thị xã), abolished from 01/7/2025. The validator (a draft's place)
and the checker (a date line, an issuing body) ask :func:`ceased_place` / :func:`ceased_body`, so
they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from functools import cache

from desktop.core.marks import strip_marks
from desktop.core.records import record
from desktop.resources import resource_path

_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")
_DASH = re.compile(r"\s*[-\u2010-\u2015]\s*")


@record(frozen=True)
class CeasedPlace:
    name: str  # the official name it had
    now: str  # the province or centrally-run city the area belongs to now
    since: dt.date  # the first day a document should no longer carry the old name


@record(frozen=True)
class Geography:
    ref: str
    conf: str
    by_key: dict[str, CeasedPlace]


def place_key(place: str) -> str:
    """A matching key: no diacritics (so ủy/uỷ and hòa/hoà agree), lower case, dashes and
    spaces unified, a leading "tỉnh"/"thành phố"/"TP." dropped."""
    text = strip_marks(unicodedata.normalize("NFC", place)).lower()
    text = _DASH.sub("-", " ".join(text.split()))
    return _PREFIX.sub("", text)


@cache
def geography() -> Geography:
    """The ceased places, loaded once."""
    raw = json.loads(resource_path("resources", "geography", "ceased_places.json").read_text(encoding="utf-8"))
    by_key: dict[str, CeasedPlace] = {}
    for entry in raw["ceased"]:
        place = CeasedPlace(entry["name"], entry["now"], dt.date.fromisoformat(entry["since"]))
        for name in (entry["name"], *entry.get("aliases", ())):
            by_key[place_key(name)] = place
    return Geography(ref=raw["ref"], conf=raw["conf"], by_key=by_key)


def ceased_place(place: str, on: dt.date | None) -> CeasedPlace | None:
    """The ceased unit ``place`` names, when a document dated ``on`` should no longer name it."""
    if on is None or not place.strip():
        return None
    found = geography().by_key.get(place_key(place))
    return found if found is not None and on >= found.since else None


@record(frozen=True)
class CeasedLevel:
    level: str  # "cấp huyện"
    since: dt.date
    patterns: tuple[re.Pattern[str], ...]


@record(frozen=True)
class Levels:
    ref: str
    conf: str
    ceased: tuple[CeasedLevel, ...]


def _body_pattern(body: str) -> re.Pattern[str]:
    words = [re.escape(place_key(w)) for w in body.split("…")]
    return re.compile(r"(?<![\w])" + r"\b.*?\b".join(w.strip() for w in words) + r"(?![\w])")


@cache
def levels() -> Levels:
    """The ceased levels of government, loaded once."""
    raw = json.loads(resource_path("resources", "geography", "ceased_levels.json").read_text(encoding="utf-8"))
    ceased = tuple(CeasedLevel(entry["level"], dt.date.fromisoformat(entry["since"]),
                               tuple(_body_pattern(body) for body in entry["bodies"])) for entry in raw["ceased"])
    return Levels(ref=raw["ref"], conf=raw["conf"], ceased=ceased)


def ceased_body(name: str, on: dt.date | None) -> CeasedLevel | None:
    """The ceased level a body's name belongs to ('UBND HUYỆN BẢO THẮNG', 'HUYỆN ỦY SA PA') when a
    document dated ``on`` (the earliest day it can mean) should no longer be issued by it."""
    if on is None or not name.strip():
        return None
    text = place_key(name)
    return next((lv for lv in levels().ceased if on >= lv.since and any(p.search(text) for p in lv.patterns)), None)
