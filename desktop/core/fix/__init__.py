"""Fix a clerk's own .docx: what the rules fix unambiguously, in the document itself (never a
re-render), with a list of every change (issue #12).

Public API:

- :func:`fix_file` — a path → :class:`FixResult` (the fixed package's bytes, the changes, the
  check of the result); never raises for bad input and never writes anything.
- :data:`~desktop.core.fix.units.UNITS` — the named fixes, each with the finding codes it answers.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.check import check_file
from desktop.core.check.detect import Detected, detect
from desktop.core.check.lines import split_lines
from desktop.core.check.package import sniff, unreadable
from desktop.core.check.reader import DOCX_EXTENSIONS
from desktop.core.check.reader import check_file as check_readable
from desktop.core.check.report import FileReport
from desktop.core.check.segment import segment
from desktop.core.check.stamp import stamp_positions
from desktop.core.check.system import decide
from desktop.core.check.vocab import date_of, parse_date
from desktop.core.errors import UnreadableInputError
from desktop.core.fix.document import FixDocument, Reading
from desktop.core.fix.units import TEXT_UNITS, UNITS, Change, Context, Unit, claimed_codes, select
from desktop.core.i18n import tr
from desktop.core.rules import SYSTEMS, rule_set_in_force

__all__ = ["UNITS", "Change", "FixResult", "claimed_codes", "fix_file", "fixed_name"]
FIXED_SUFFIX_KEY = "fix.cli.suffix"


def fixed_name(path: Path) -> Path:
    """``<name> (đã sửa).docx`` beside ``path`` (the name as typed, its own Word extension kept)."""
    known = path.suffix.lower() in DOCX_EXTENSIONS
    stem = path.name[:-len(path.suffix)] if known else path.name
    return path.with_name(stem + tr(FIXED_SUFFIX_KEY) + (path.suffix if known else ".docx"))


@dataclass
class FixResult:
    """What fixing one file gave."""

    file: str
    readable: bool = True
    error: str | None = None  # Vietnamese, when the file could not be read
    needs_consent: bool = False  # tracked changes: fixed only after the clerk agrees
    changes: list[Change] = field(default_factory=list)
    data: bytes | None = None  # the fixed package (None when unreadable or waiting for consent)
    after: FileReport | None = None  # the check of the fixed package

    @property
    def errors_left(self) -> bool:
        return self.after is not None and self.after.has_errors

    def to_dict(self, output: str | None = None) -> dict:
        return {
            "file": self.file, "output": output, "readable": self.readable, "error": self.error,
            "needs_consent": self.needs_consent, "changes": [c.to_dict() for c in self.changes],
            "left": self.after.to_dict()["documents"] if self.after is not None else [],
        }


def fix_file(path: str | Path, only: Iterable[str] | None = None, *, accept_tracked: bool = False,
             recheck: bool = True) -> FixResult:
    """Fix one .docx in memory. ``only``: finding codes (or families, or unit names) to fix."""
    path = Path(path)
    result = FixResult(file=str(path))
    try:
        doc = _open(path)
        if doc.has_tracked_changes() and not accept_tracked:
            result.needs_consent = True
            return result
        result.changes = run_units(doc, select(only))
        result.data = doc.to_bytes()
    except UnreadableInputError as exc:
        return FixResult(file=str(path), readable=False, error=exc.message)
    except OSError as exc:
        return FixResult(file=str(path), readable=False,
                         error=tr("file.os_error", path=str(path), reason=exc.strerror or str(exc)))
    except (RecursionError, MemoryError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return FixResult(file=str(path), readable=False,
                         error=unreadable("unexpected", path, reason=type(exc).__name__).message)
    if recheck:
        result.after = check_bytes(result.data, path.name)
    return result


def check_bytes(data: bytes, name: str) -> FileReport:
    """Check a package held in memory (through a private temporary file)."""
    with tempfile.TemporaryDirectory(prefix="vanban-fix-") as folder:
        target = Path(folder) / (Path(name).stem + ".docx")
        target.write_bytes(data)
        report = check_file(target)
    report.file = name
    return report


def _open(path: Path) -> FixDocument:
    check_readable(path)
    if sniff(path) != "zip" or path.suffix.lower() not in DOCX_EXTENSIONS:
        raise UnreadableInputError("fix.only_docx", path=str(path))
    doc = FixDocument(path)
    if "mimetype" in doc.members:
        raise UnreadableInputError("fix.only_docx", path=str(path))
    return doc


@dataclass
class Segment:
    detected: Detected
    rules: object
    protected: set[int]


def _segments(reading: Reading) -> list[Segment]:
    """Each document in the file (a letter and its attachment are two), as the checker sees them."""
    lines = split_lines(reading.source.blocks)
    stamp = stamp_positions(lines)
    kept = [line for line in lines if line.pos not in stamp and not line.blank]
    out = []
    for part_lines in segment(kept):
        doc = detect(part_lines)
        decision = decide(doc)
        rules = None
        if decision.system in SYSTEMS:
            day = date_of(parse_date(doc.place_date)) if doc.place_date is not None else None
            rules = rule_set_in_force(decision.system, day.isoformat() if day else None)
        out.append(Segment(doc, rules, _protected(reading, doc)))
    return out


def _protected(reading: Reading, doc: Detected) -> set[int]:
    """Blocks in tables that hold no header or closing part: the tables of the body, never edited."""
    body = {id(line) for line in doc.body}
    part_tables = {line.block.location.table for line in doc.lines
                   if id(line) not in body and line.block.location.table is not None}
    return {block.index for block in reading.source.blocks
            if block.location.table is not None and block.location.table not in part_tables}


def run_units(doc: FixDocument, units: list[Unit]) -> list[Change]:
    """Apply ``units`` in order; the document is read again after the text units changed it."""
    changes: list[Change] = []
    reading = doc.read()
    segments = _segments(reading)
    text_units = [u for u in units if u.name in TEXT_UNITS]
    for unit in text_units:
        # the letters of an old-font text are judged before the parts can be read: every paragraph,
        # tables of the body too (the text is the same text, only its encoding changes)
        ctx = Context(doc, reading, segments[0].detected if segments else None,
                      segments[0].rules if segments else None)
        unit.apply(unit, ctx)
        changes += ctx.changes
    if any(c.unit == "encoding" for c in changes):  # the parts are found again on the readable text
        reading = doc.read()
        segments = _segments(reading)
    for index, seg in enumerate(segments):
        for unit in units:
            if unit.name in TEXT_UNITS or (unit.needs_rules and seg.rules is None):
                continue
            if index > 0 and unit.name.startswith(("page_", "fonts")):
                continue  # the file's page and fonts: once
            ctx = Context(doc, reading, seg.detected, seg.rules, protected=seg.protected)
            unit.apply(unit, ctx)
            changes += ctx.changes
    return changes

