"""Which system a document follows (spec F.1): Party (HD 36) or state (NĐ 30).

The header decides first (``ĐẢNG CỘNG SẢN VIỆT NAM`` → party, ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM`` → state). Without one, the other marks vote: the number syntax (``Số 03-TB/…``
vs ``Số: 12/TB-…``), the signature prefixes (``T/M`` vs ``TM.``), the recipients'
punctuation and Lưu line, the asterisk and the copy code. Marks of the other system in a
decided document are the F.1 mixed-system finding.
"""

from __future__ import annotations

from collections import Counter

from desktop.core.check import vocab as v
from desktop.core.check.detect import Detected
from desktop.core.check.lines import Line
from desktop.core.check.normalize import key
from desktop.core.i18n import tr
from desktop.core.records import record
from desktop.core.rules import rule_set_in_force


@record(frozen=True)
class Signal:
    system: str
    what: str  # Vietnamese, e.g. "số «Số: 12/TB-UBND» có dấu hai chấm"
    where: str


@record(frozen=True)
class SystemDecision:
    system: str  # party | state | unknown
    reason: str
    conflicts: tuple[Signal, ...]


def decide(doc: Detected) -> SystemDecision:
    signals = signals_of(doc)
    if doc.header_title is not None and doc.header_title_system:
        system = doc.header_title_system
        reason = tr("check.system.by_header", text=doc.header_title.text)
    else:
        votes = Counter(s.system for s in signals)
        if not votes or (len(votes) == 2 and votes["party"] == votes["state"]):
            return SystemDecision("unknown", tr("check.system.unknown"), ())
        system = votes.most_common(1)[0][0]
        reason = tr("check.system.by_marks", marks="; ".join(s.what for s in signals if s.system == system))
    return SystemDecision(system, reason, tuple(s for s in signals if s.system != system))


def signals_of(doc: Detected) -> list[Signal]:
    out: list[Signal] = []
    if doc.number is not None:
        m = v.parse_number(doc.number)
        if m and (m.group("colon") or m.group("sep") == "/"):
            out.append(Signal("state", tr("check.signal.number_state", text=doc.number.text), doc.number.where()))
        elif m:
            out.append(Signal("party", tr("check.signal.number_party", text=doc.number.text), doc.number.where()))
    for line in doc.authority:
        prefix = v.match_prefix(line)
        if prefix is None:
            continue
        style = "party" if "/" in prefix.written else "state" if "." in prefix.written else None
        system = prefix.exact_systems[0] if len(prefix.exact_systems) == 1 else style
        if system:
            out.append(Signal(system, tr("check.signal.prefix", text=prefix.written), line.where()))
    out += [Signal(system, tr("check.signal.title", text=line.text), line.where()) for line, system in doc.other_titles]
    out += _recipient_signals(doc)
    if doc.asterisk is not None:
        out.append(Signal("party", tr("check.signal.asterisk"), doc.asterisk.where()))
    return out


def _recipient_signals(doc: Detected) -> list[Signal]:
    out: list[Signal] = []
    if not doc.recipients:
        return out
    ends = {system: rule_set_in_force(system).recipients["line_end"] for system in ("party", "state")}
    counts = Counter(system for line in doc.recipients[:-1] for system, end in ends.items() if line.text.endswith(end))
    if counts:
        system, count = counts.most_common(1)[0]
        if count * 2 > len(doc.recipients) - 1:
            out.append(Signal(system, tr("check.signal.recipient_ends", end=ends[system]), doc.recipients[0].where()))
    if doc.archive is not None:
        state_archive = archive_head(rule_set_in_force("state").recipients["archive"])
        if key(item_text(doc.archive)).startswith(key(state_archive)):
            out.append(Signal("state", tr("check.signal.archive_state", text=doc.archive.text), doc.archive.where()))
    return out


def archive_head(pattern: str) -> str:
    """'Lưu: VT, {archive}' → 'Lưu: VT,'."""
    return pattern.split("{", 1)[0].strip()


def item_text(line: Line) -> str:
    text = line.text
    return v.ITEM.sub("", text, count=1) if v.is_item(line) else text

