"""The checkable rules of spec F, run on one detected document.

Every expected value (sizes, cases, prefixes, punctuation, number and date syntax, copy
labels and codes, margins, tolerances) comes from the rule set; every text a clerk reads
comes from resources/i18n/vi/check.json. A rule whose data says conf "R" (recalled, not
verified) gives a warning, never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from desktop.core import compute
from desktop.core.check import vocab as v
from desktop.core.check.blocks import Block, SourceDocument
from desktop.core.check.detect import Detected
from desktop.core.check.lines import Line
from desktop.core.check.normalize import is_upper, key, strip_diacritics, tone_styles
from desktop.core.check.report import DocumentReport, Finding
from desktop.core.check.system import Signal, archive_head, item_text
from desktop.core.check.tables import text_lines
from desktop.core.i18n import tr
from desktop.core.metrics import widest_line_pt
from desktop.core.places import ceased_body, ceased_place, geography, levels
from desktop.core.records import replace
from desktop.core.rules import SYSTEMS, PartStyle, RuleSet, rule_set_in_force

NON_UNICODE_FONT = re.compile(r"^(\.vn|vni[-_ ]|vn[-_ ]|vntime|vnarial)", re.I)
INDENT_TOLERANCE_CM = 0.05
LINE_LENGTH_TOLERANCE = 0.05
"""Drawn rules: ±5 % around the rule data's accepted range (rules.line_lengths), for the text
width being estimated from font metrics rather than measured on the printed page."""
PT_PER_CM = 72 / 2.54
SPACE_BEFORE_PUNCTUATION = re.compile(r"[^\W\d_] +[,;:!?](?=\s|$)|[^\W\d_] +\.(?=\s|$)(?!/)")
_SPACE_THEN_PUNCTUATION = re.compile(r" [,;:!?.]")
"""What every SPACE_BEFORE_PUNCTUATION match contains: a quick test that rules most lines out."""
DASH_LIKE = re.compile("[\u2013\u2014\u2011\u2212]")  # en/em dash, non-breaking hyphen, minus
SHORT_PARAGRAPH_CHARS = 60  # one-line paragraphs: alignment and indent are not judged
EXACT_LINE_FACTOR = 1.15  # one "single" line ≈ 1.15 × font size


def _msg_key(msg: str) -> str:
    """A message key: this module's own 'check.' domain, or a full key of another domain file."""
    return msg if msg.startswith(("checktext.", "bienban.")) else f"check.{msg}"


def severity(default: str, conf: str | None) -> str:
    """Only a verified rule (conf V) gives an error: one recalled (R) or only shown by a sample or
    practice (P) gives a warning (docs/check-json.md, Severity policy)."""
    return "warning" if conf in ("R", "P") and default == "error" else default


class Checks:
    """Runs every F rule on one document and collects the findings."""

    def __init__(self, src: SourceDocument, doc: Detected, rules: RuleSet | None, report: DocumentReport,
                 conflicts: Iterable[Signal] = ()) -> None:
        self.src = src
        self.doc = doc
        self.rules = rules
        self.report = report
        self.conflicts = tuple(conflicts)
        self.layout = src.layout_evaluable
        self.unmeasured_rules: list[str] = []  # parts whose rule is a paragraph border in a box of unknown width

    # -- plumbing ------------------------------------------------------------------------
    def add(self, code: str, sev: str, rule: str, where: str, msg: str, **params: object) -> None:
        self.report.findings.append(Finding(
            code=code, severity=sev, rule=rule, where=where,
            message=tr(_msg_key(msg), **params), fix=tr(_msg_key(msg) + ".fix", **params)))

    def run(self) -> None:
        steps = [self.missing_parts, self.mixed_system, self.header_title, self.issuer, self.number, self.place_date,
                 self.not_issued,
                 self.title, self.summary, self.addressee, self.body, self.signature, self.recipients, self.copy,
                 self.text_hygiene]
        for step in steps:
            step()

    @property
    def system(self) -> str:
        return self.rules.system if self.rules else "unknown"

    # -- F.2 missing parts ---------------------------------------------------------------
    def required_parts(self) -> list[str]:
        d = self.doc
        if d.is_copy:
            return ["issuer", "number", "place_date", "copy_block", "signer_title", "signer_name", "recipients",
                    *(["archive"] if d.recipients else [])]
        if d.attached_note:  # issued with a decision (NĐ 30 Phụ lục III): its number, date
            parts = ["header_title", "issuer", "type_name", "summary", "body"]  # and recipients are the decision's
            return [*parts, "signer_title", "signer_name"] if d.name is not None or d.title else parts
        parts = ["header_title", "issuer", "number", "place_date"]
        parts += ["summary"] if d.letter else ["type_name", *(["summary"] if self._has_summary() else [])]
        if d.letter and self._letter_type() is not None and self._letter_type().addressee == "required":
            parts.append("addressee")
        parts += ["body", "signer_title", "signer_name", "recipients"]
        return [*parts, "archive"] if d.recipients else parts  # no list at all: one finding, not two

    def _letter_type(self):
        if self.rules is None:
            return None
        return next((dt for dt in self.rules.doc_types.values() if dt.letter), None)

    def _presence_conf(self, part: str) -> str:
        """How sure the rule is that ``part`` must be there: the components of NĐ 30 Điều 8 / QĐ 66
        Điều 15 are verified; the Lưu line and the Kính gửi line carry their own rule's confidence
        (a Party Lưu line is shown by the seeds, its Kính gửi recalled: B.1 ô 9a/9b)."""
        if self.rules is not None and part in ("archive", "addressee") and part in self.rules.parts:
            return self.rules.parts[part].conf or "V"
        return "V"

    def missing_parts(self) -> None:
        ref = "F.2; B.1" if self.system == "party" else "F.2; B.2" if self.system == "state" else "F.2"
        for part in self.required_parts():
            if not self.report.parts[part].found:
                self.add(f"missing:{part}", severity("error", self._presence_conf(part)), ref, "", f"missing.{part}")
        d = self.doc
        if d.name is not None and not d.title and not d.authority:
            self.add("missing:signature_authority", "warning", "C.5; F.15", d.name.where(), "missing.authority_lost")
        elif d.is_copy and not d.title and d.name is None:
            self.add("missing:signature_authority", "error", "F.21; C.5", "", "missing.copy_signature")
        if d.name is not None and not d.co_signers and not d.is_copy and self._signers() == 2:
            self.add("missing:co_signature", "warning", "F.2; NĐ 30 Phụ lục III Mẫu 1.9", d.name.where(),
                     "bienban.missing_co_signature")

    def _signers(self) -> int:
        """How many signers the document's type has side by side (a biên bản: 2, NĐ 30 Mẫu 1.9)."""
        if self.rules is None or not self.doc.type_key:
            return 1
        return max((t.signatures for t in self.rules.doc_types.values() if key(t.name) == self.doc.type_key),
                   default=1)

    # -- F.1 -----------------------------------------------------------------------------
    def mixed_system(self) -> None:
        if not self.conflicts or self.rules is None:
            return
        marks = "; ".join(s.what for s in self.conflicts)
        self.add("mixed_system", "error", "F.1; D.1", self.conflicts[0].where, "mixed_system",
                 system=tr(f"check.system_name.{self.system}"), marks=marks)

    # -- layout helper -------------------------------------------------------------------
    def style(self, part: str, style_name: str, lines: list[Line], most: str = "error") -> None:
        """Compare each line with the part style: size, bold/italic/underline, case, alignment.
        ``most``: the highest severity (a rule shown only by the samples is a warning)."""
        if self.rules is None or style_name not in self.rules.parts:
            return
        ps = self.rules.parts[style_name]
        lines = [ln for ln in lines if not ln.blank]
        if not lines:
            return
        code, sev = f"layout:{part}", severity(most, ps.conf)
        label = tr(f"check.style_name.{style_name}")
        self._style_size(ps, lines, code, sev, label)
        for attr in ("bold", "italic", "underline"):
            want = getattr(ps, attr)
            if want is None:
                continue
            bad = next((ln for ln in lines if _flag_wrong(ln.flag(attr), want)), None)
            if bad is not None:
                self.add(code, sev, ps.ref, bad.where(), f"layout.{attr}_{'on' if want else 'off'}", part=label)
        if ps.case == "upper":
            bad = next((ln for ln in lines if not ln.shown_upper), None)
            if bad is not None:
                self.add(code, sev, ps.ref, bad.where(), "layout.case_upper", part=label)
        elif ps.case == "title":
            bad = next((ln for ln in lines if not _title_case(ln.text)), None)
            if bad is not None:
                self.add(code, sev, ps.ref, bad.where(), "layout.case_title", part=label)
        self._position(ps, lines, code, sev, label)
        if ps.align and self.layout and not (part == "addressee" and len(lines) > 1):  # several: listed
            bad = next((ln for ln in lines if not _prints_aligned(ln, ps.align) and not ln.tab_cell), None)
            if bad is not None:
                # the closing block's left column: B.2 ô 9b fixes "flush left", not a paragraph alignment
                align_sev = "warning" if ps.position == "closing_left" else sev
                self.add(code, align_sev, ps.ref, bad.where(), "layout.align", part=label,
                         expected=tr(f"check.align.{ps.align}"), actual=tr(f"check.align.{bad.block.para.align}"))

    def _position(self, ps: PartStyle, lines: list[Line], code: str, sev: str, label: str) -> None:
        """Header parts stand in their column of the header table (or tab cell): left 1, right 2+."""
        if not self.layout or ps.position not in ("header_left", "header_right"):
            return
        want_left = ps.position == "header_left"
        bad = next((ln for ln in lines if ln.col is not None and (ln.col == 1) != want_left), None)
        if bad is not None:
            self.add(code, sev, ps.ref, bad.where(), f"layout.position_{'left' if want_left else 'right'}", part=label)

    def _style_size(self, ps: PartStyle, lines: list[Line], code: str, sev: str, label: str) -> None:
        tol = self.rules.tolerance_pt
        bad = next((ln for ln in lines if ln.size is not None and not ps.size.contains(ln.size, tol)), None)
        if bad is not None:
            self.add(code, sev, ps.ref, bad.where(), "layout.size", part=label, size=_pt(bad.size),
                     expected=ps.size.describe())

    def _line_under(self, part: str, style_name: str, lines: list[Line]) -> None:
        """The separator under a part: drawn rule (length checked), asterisk or typed hyphens."""
        if self.rules is None or not lines or style_name not in self.rules.parts:
            return
        ps = self.rules.parts[style_name]
        if ps.line is None or ps.line.kind != "rule" or not self.layout:
            return
        last = lines[-1]
        sev = severity("error", ps.line.conf or ps.conf)
        holder, kind = self._drawn_after(last)
        if kind == "typed":  # F.4: Phụ lục III's own samples type the rule: a warning
            self.add(f"layout:{part}", "warning", "F.4; " + ps.ref, last.where(), "layout.rule_typed")
            return
        if kind == "underline":
            self.add(f"layout:{part}", sev, "F.4; " + ps.ref, last.where(), "layout.rule_typed")
            return
        if holder is None:
            self.add(f"layout:{part}", sev, "F.4; " + ps.ref, last.where(), "layout.rule_missing")
            return
        length = holder.line_under_cm(last.col if last.tab_cell else None) if kind == "shape" else _box_cm(holder)
        fraction = ps.line.fraction
        if length is None or fraction is None:
            if length is None:
                self.unmeasured_rules.append(tr(f"check.style_name.{style_name}"))
            return
        if ps.line.length == "full_width":
            reference = holder.container_width_cm
        else:  # "text", "third_to_half": relative to the widest printed line of the part's text
            reference = max(_printed_width_cm(ln, ps) for ln in lines)
        if not reference or reference <= 0:
            return
        lo, hi = fraction.min * (1 - LINE_LENGTH_TOLERANCE), fraction.max * (1 + LINE_LENGTH_TOLERANCE)
        if not lo <= length / reference <= hi:  # the text's width is estimated, not measured: a warning
            self.add(f"layout:{part}", "warning", "F.4; " + ps.ref, last.where(),
                     f"layout.rule_length_{ps.line.length}", length=_cm(length), width=_cm(reference),
                     expected=f"{_cm(fraction.min * reference)}–{_cm(fraction.max * reference)}")

    def _drawn_after(self, last: Line, note: bool = False) -> tuple[Block | None, str | None]:
        """(the block carrying the line under ``last``, "shape"|"border"); (None, "typed") for a row of
        typed underscores or hyphens under it in its column; (None, "underline") for underlined text;
        (None, None) if there is none. The reader has already given each drawn line to the text
        just above it, wherever the file anchors it (placement)."""
        block = last.block
        if block.line_under_cm(last.col if last.tab_cell else None):
            return block, "shape"
        if block.para.border_bottom:
            return block, "border"
        nxt = self.src.blocks[block.index + 1] if block.index + 1 < len(self.src.blocks) else None
        if nxt is not None:
            if nxt.para.border_top or (not nxt.stripped and nxt.para.border_bottom):
                return nxt, "border"
            if nxt.drawn_line_cm and not nxt.stripped:
                return nxt, "shape"
        below = _next_in_column(self.doc.lines, last)
        if below is not None and (v.UNDERSCORES.match(below.text) or v.HYPHENS.match(below.text)):
            return None, "typed"
        if below is not None and below.text.startswith("(") and not note:
            end = below  # a note in brackets under the part ('(Kèm theo …)'): the rule is drawn under it
            for _ in range(3):
                if end.text.endswith(")"):
                    break
                end = _next_in_column(self.doc.lines, end) or end
            holder, kind = self._drawn_after(end, note=True)
            if kind is not None:
                return holder, kind
        if last.flag("underline") is True:
            return None, "underline"
        return None, None

    # -- header --------------------------------------------------------------------------
    def header_title(self) -> None:
        d = self.doc
        if d.header_title is None:
            return
        if not d.header_title_exact:
            self.add("format:header_title", "error", "F.3; " + self._ref("header_title"), d.header_title.where(),
                     "format.header_title_spelling", expected=d.header_title_expected)
        if self.rules is None:
            return
        self.style("header_title", "header_title", [d.header_title])
        if "motto" in self.rules.parts:
            self._motto()
        else:
            self._line_under("header_title", "header_title", [d.header_title])

    def _motto(self) -> None:
        d = self.doc
        ref = self.rules.parts["motto"].ref
        if d.motto is None:
            self.add("format:header_title", "error", "F.3; " + ref, d.header_title.where(), "format.motto_missing",
                     expected=self.rules.fixed_text["motto"]["text"])
            return
        if not d.motto_exact:
            self.add("format:header_title", "error", "F.3; " + ref, d.motto.where(), "format.motto_spelling",
                     expected=self.rules.fixed_text["motto"]["text"])
        self.style("header_title", "motto", [d.motto])
        self._line_under("header_title", "motto", [d.motto])

    def _ref(self, part: str) -> str:
        return self.rules.parts[part].ref if self.rules and part in self.rules.parts else "F"

    def issuer(self) -> None:
        d = self.doc
        if self.rules is None:
            return
        agency = d.issuer or d.superior
        self.style("issuer", "superior", d.superior)
        self.style("issuer", "issuer", d.issuer)
        ps = self.rules.parts["issuer"]
        if ps.line is None:
            return
        if ps.line.kind == "asterisk":
            if d.asterisk is None and (agency or not d.is_copy):
                self.add("layout:issuer", severity("error", ps.line.conf), "F.4; " + ps.ref,
                         agency[-1].where() if agency else "", "layout.asterisk_missing")
            if agency and self.layout and (agency[-1].block.drawn_line_cm or agency[-1].block.para.border_bottom):
                self.add("layout:issuer", severity("error", ps.line.conf), "F.4; " + ps.ref, agency[-1].where(),
                         "layout.rule_instead_of_asterisk")
        elif agency:
            if d.asterisk is not None:
                self.add("layout:issuer", "error", "F.1; " + ps.ref, d.asterisk.where(), "layout.asterisk_in_state")
            self._line_under("issuer", "issuer", agency)

    # -- F.5 / F.6 number ----------------------------------------------------------------
    def number(self) -> None:
        d = self.doc
        if d.number is None or self.rules is None:
            return
        rules, line = self.rules, d.number
        ref = "F.5; " + rules.number["ref"]
        text = line.text
        if v.number_blank(v.parse_number(line)):  # a draft before registration: judge the rest of the line
            text = re.sub(r"^(S[ốỐ])\s*(:?)[\s.…_]*", r"\1\2 01", text)
        text = self._without_year(text)
        for code in rules.number.get("mixed_case_agency_codes", []):  # 'TTg': written so, like CTr (C.1)
            text = re.sub(rf"(?<=-){re.escape(code)}\b", code.upper(), text)
        problems = self._number_problems(text)
        if re.match(rules.number["regex"], text):
            problems = [p for p in problems if p != "syntax"]
        for problem in problems:
            self.add("format:number", "error", ref, line.where(), f"format.number_{problem}",
                     expected=rules.number["line"].format(number="03", code=self._code_example()))
        self._type_code(line)
        self._agency_code(line)
        self.style("number", "number", [line])

    def _without_year(self, text: str) -> str:
        """A legal document's number carries its year ('Số: 30/2020/NĐ-CP', C.1): judged without it."""
        if not self.rules.number.get("year_form"):
            return text
        return re.sub(r"^(S[ốỐ]\s*:?\s*[\d\s.…_]*)/\s*(?:19|20)\d\d\s*/", r"\1/", text)

    def _agency_code(self, line: Line) -> None:
        """An agency code that is a known one with Đ typed as D (seed 002's "BCSD" for "BCSĐ", C.3): warning."""
        m = v.parse_number(line)
        known = self.rules.number.get("agency_codes_seen", [])
        if m is None or not known:
            return
        agency = re.split(r"[-/]", re.sub(r"\s", "", m.group("code")))[-1]
        meant = next((code for code in known if "Đ" in code and code.replace("Đ", "D") == agency), None)
        if meant is not None and agency not in known:
            self.add("format:number", "warning", "F.5; C.3", line.where(), "format.number_agency_d",
                     agency=agency, meant=meant)

    def _code_example(self) -> str:
        return self.rules.number["code"].format(type_code="TB", agency="VP")

    def _number_problems(self, text: str) -> list[str]:
        m = v.NUMBER.match(text)
        if m is None:
            return ["syntax"]
        problems = []
        label = self.rules.number["label"]
        has_colon = bool(m.group("colon"))
        if has_colon != label.endswith(":"):
            problems.append("colon_extra" if has_colon else "colon_missing")
        first_sep = self.rules.number["line"].split("{number}", 1)[1][:1]
        if m.group("sep") != first_sep:
            problems.append("separator_order")
        if re.search(r"\s[-/]|[-/]\s", text):
            problems.append("spaces")
        digits = re.sub(r"\s", "", m.group("num"))
        if digits.isdigit() and len(digits) < int(self.rules.number["min_digits"]):
            problems.append("leading_zero")
        if re.search(r"\d\s+\d", m.group("num")):
            problems.append("spaces")
        code = m.group("code")
        allowed = set(self.rules.number.get("mixed_case_codes", []))
        groups = re.split(r"[-/]", code)
        if any(g and not g.isupper() and g not in allowed and any(ch.isalpha() for ch in g) for g in groups):
            problems.append("lower_case")
        return list(dict.fromkeys(problems)) or ["syntax"]

    def _type_code(self, line: Line) -> None:
        m = v.parse_number(line)
        if m is None:
            return
        code = re.sub(r"\s", "", m.group("code"))
        groups = re.split(r"[-/]", code)
        if len(groups) > 2 and re.fullmatch(r"(?:19|20)\d\d", groups[0]) and self.rules.number.get("year_form"):
            groups = groups[1:]  # '30/2020/NĐ-CP': the year, then the type code
        written = groups[0]
        ref = "F.6; C.2" if self.system == "state" else "F.6; C.3"
        if self.doc.is_copy:
            kind = self._copy_kind()
            want = self.rules.copy["codes"].get(kind) if kind else None
            if want and want not in groups:
                self.add("format:number", "error", "F.21; " + self.rules.copy["ref"], line.where(),
                         "format.copy_code", expected=want, written=written)
            return
        if self.doc.letter:
            letter = self._letter_type()
            if letter and letter.code is None and written in self.rules.type_codes.values():
                self.add("format:number", "warning", ref, line.where(), "format.letter_type_code", written=written)
            elif letter and letter.code and written != letter.code:
                self.add("format:number", "warning", ref, line.where(), "format.type_code_mismatch",
                         written=written, expected=letter.code, type_name=letter.name)
            return
        if self.doc.type_key:
            expected = self._expected_code(self.doc.type_key)
            if expected and written.upper() != expected.upper():
                self.add("format:number", "warning", ref, line.where(), "format.type_code_mismatch",
                         written=written, expected=expected, type_name=self.doc.type_name.text)

    def _has_summary(self) -> bool:
        """Whether the document's type carries a trích yếu (not a giấy of Mẫu 1.8, 1.10)."""
        if self.rules is None or not self.doc.type_key:
            return True
        return all(t.summary for t in self.rules.doc_types.values() if key(t.name) == self.doc.type_key)

    def _expected_code(self, type_key: str) -> str | None:
        for doc_type in self.rules.doc_types.values():
            if key(doc_type.name) == type_key:
                return doc_type.code
        for name, code in self.rules.type_name_codes().items():
            if key(name) == type_key:
                return code
        return None

    # -- F.7 date ------------------------------------------------------------------------
    def place_date(self) -> None:
        d = self.doc
        if d.place_date is None or self.rules is None:
            return
        line, rules = d.place_date, self.rules
        ref = "F.7; " + rules.date["ref"]
        if not re.match(rules.date["regex"], line.text):
            m = v.parse_date(line)
            problems = self._date_problems(m)
            fix = self._official_date(m)
            for problem in problems:
                msg = f"checktext.date_{problem}" if problem in ("place", "glued") else f"format.date_{problem}"
                self.add("format:place_date", "error", ref, line.where(), msg, official=fix)
        self._ceased_place(line)
        self._ceased_body(line)
        self.style("place_date", "place_date", [line])

    def _ceased_place(self, line: Line) -> None:
        """F.8: a place that no longer exists on the document's date (2025 reorganisation): info."""
        m = v.parse_date(line)
        gone = ceased_place(m.group("place") or "", v.earliest_date(m)) if m is not None else None
        if gone is not None:
            self.add("format:place_date", "info", "F.8; " + geography().ref, line.where(), "format.place_ceased",
                     place=m.group("place").strip(), since=gone.since, now=gone.now)

    def _ceased_body(self, date_line: Line) -> None:
        """F.8: an issuing body (or the body above it, or the one signed for) of a level of government that
        no longer exists on the document's date — district level from 01/7/2025: a warning."""
        on = v.earliest_date(v.parse_date(date_line))
        d = self.doc
        for line in [*d.superior, *d.issuer, *d.authority]:
            gone = ceased_body(line.text, on)
            if gone is not None:
                self.add("format:issuer", "warning", "F.8; " + levels().ref, line.where(), "checktext.body_ceased",
                         body=line.text, level=gone.level, since=gone.since)
                return

    def _date_problems(self, m: re.Match[str] | None) -> list[str]:
        if m is None:
            return ["syntax"]
        problems = []
        if not (m.group("place") or "").strip():
            problems.append("place")
        elif not m.group("comma"):
            problems.append("comma")
        if v.DATE_GLUED.search(m.group(0)):
            problems.append("glued")
        if "ngày" not in m.group(0).lower() or "/" in m.group(0):
            problems.append("slashes")
        day, month = re.sub(r"\s", "", m.group("d")), re.sub(r"\s", "", m.group("m"))
        if day.isdigit() and len(day) < int(self.rules.date["day_digits"]):
            problems.append("day_digits")
        if month.isdigit():
            padded = int(month) in self.rules.date["zero_padded_months"]
            if padded and not month.startswith("0"):
                problems.append("month_needs_zero")
            if not padded and month.startswith("0"):
                problems.append("month_no_zero")
        if not problems and v.date_blanks(m):
            return []  # a draft not yet dated: reported once by not_issued
        return problems or ["syntax"]

    def _official_date(self, m: re.Match[str] | None) -> str:
        if m is None:
            return compute.date_line(tr("check.example_place"), dt.date(2021, 2, 5), self.rules)
        place = (m.group("place") or "").strip() or tr("check.example_place")
        return compute.date_line(place, v.date_of(m), self.rules)

    def not_issued(self) -> None:
        """A draft before registration: the number and/or the day left blank for the văn thư. One
        info, not a missing part nor a malformed number; the rest of both lines is still checked."""
        d = self.doc
        blank_number = d.number is not None and v.number_blank(v.parse_number(d.number))
        blanks = v.date_blanks(v.parse_date(d.place_date)) if d.place_date is not None else ()
        if not blank_number and not blanks:
            return
        what = ([tr("checktext.not_issued.number")] if blank_number else []) + \
            ([tr("checktext.not_issued.date")] if blanks else [])
        line = d.number if blank_number else d.place_date
        self.add("draft:not_issued", "info", "F.2; C.1; C.4", line.where(), "checktext.not_issued",
                 what=" / ".join(what))

    # -- title block (tên loại, F.9/F.10 trích yếu) ---------------------------------------
    def title(self) -> None:
        d = self.doc
        if d.type_name is None or d.is_copy:
            return
        letter = self._letter_type()
        if letter is not None and d.type_key == key(letter.name):
            self.add("format:type_name", "error", "F.9; " + self._ref("type_name"), d.type_name.where(),
                     "format.letter_type_name")
        if d.glued:  # the split is a repair: the line's formatting cannot be trusted
            self.add("format:type_name", "warning", self._ref("type_name"), d.type_name.where(), "format.glued")
        else:
            self.style("type_name", "type_name", [d.type_name])

    def summary(self) -> None:
        d = self.doc
        if not d.summary or self.rules is None:
            return
        last = d.summary[-1]
        if d.letter:
            self._letter_summary()
        else:
            self.style("summary", "summary", d.summary)
            ps = self.rules.parts["summary"]
            if ps.line is not None and ps.line.kind == "hyphens" and self.layout and d.summary_hyphens is None:
                self.add("layout:summary", severity("warning", ps.line.conf), "F.10; " + ps.ref, last.where(),
                         "layout.hyphens_missing", hyphens=ps.line.text)
            elif ps.line is not None and ps.line.kind == "rule":
                self._line_under("summary", "summary", d.summary)
        if last.text.endswith(".") and not last.text.endswith("./."):
            self.add("format:summary", "warning", "F.10", last.where(), "format.summary_full_stop")
        caps = [ln for ln in d.summary if is_upper(ln.text) and len(ln.words) > 1]
        if caps:
            all_caps = len(caps) == len(d.summary)
            sev = "warning" if all_caps and self.system == "state" else "info"
            self.add("format:summary", sev, "F.10; C.7", caps[0].where(), "format.summary_caps")

    def _letter_summary(self) -> None:
        d = self.doc
        prefixes = [p.strip() for p in self.rules.letter["summary_prefixes"]]
        first = d.summary[0]
        if not any(first.text.startswith(p) for p in prefixes):
            # "V/v:", "Về:", "Về việc": the subject is marked, only not in the rule's words: a warning
            sev = "warning" if v.SUBJECT_VARIANT.match(first.text) else severity("error", self.rules.letter["conf"])
            self.add("format:summary", sev, "F.9; " + self.rules.letter["ref"],
                     first.where(), "format.letter_prefix", expected=self.rules.letter["default_prefix"].strip())
        self.style("summary", "letter_summary", d.summary)

    def addressee(self) -> None:
        if self.doc.addressee and self.rules is not None:
            self.style("addressee", "addressee", self.doc.addressee)

    # -- body F.11–F.13 ------------------------------------------------------------------
    def body(self) -> None:
        d = self.doc
        if not d.body or self.rules is None:
            return
        text = text_lines(d)  # a table of data in the body has a layout of its own
        blocks = list({ln.block.index: ln.block for ln in text}.values())
        if self.layout and blocks:
            self._body_layout(blocks)
        self._headings(text)
        self._enacting_lines()
        end = self.rules.body_end
        last = (text or d.body)[-1]
        if end.get("required") and not last.text.endswith(end["text"]):
            self.add("format:body", "info", "F.13; " + end["ref"], last.where(), "format.body_end", end=end["text"])

    def _enacting_lines(self) -> None:
        """A state quyết định: the thẩm quyền ban hành above its căn cứ and "QUYẾT ĐỊNH:" under them,
        before Điều 1 (B.2 ô 6, as NĐ 30 Phụ lục III Mẫu 1.2–1.3 prints them): a warning when missing."""
        d, rules = self.doc, self.rules
        if d.is_copy or not any(t.enacting and key(t.name) == d.type_key for t in rules.doc_types.values()):
            return
        body = d.body
        first_article = next((i for i, ln in enumerate(body) if ln.text.startswith("Điều ")), len(body))
        bases = [i for i, ln in enumerate(body[:first_article]) if ln.text.lower().startswith(("căn cứ", "theo đề nghị",
                                                                                            "xét đề nghị"))]
        decide_line = next((t.decide_line for t in rules.doc_types.values()
                            if t.enacting and key(t.name) == d.type_key), rules.enacting["decide_line"])
        decide = key(decide_line).rstrip(":").strip()
        ref, sev = "F.2; " + rules.enacting["ref"], severity("warning", rules.enacting["conf"])
        decide_lines = [ln for ln in body[:first_article] if key(ln.text).rstrip(":").strip() == decide]
        if not decide_lines:
            where = body[first_article].where() if first_article < len(body) else body[0].where()
            self.add("format:body", sev, ref, where, "format.decide_missing", line=decide_line)
        else:  # B.2 ô 6 'QUYẾT ĐỊNH:': own line, centred, IN HOA, bold, with its colon (as the samples print it)
            self.style("body", "decide", decide_lines[:1], most="warning")
            if not decide_lines[0].text.endswith(":"):
                self.add("format:body", "info", ref, decide_lines[0].where(), "checktext.decide_colon",
                         line=decide_line)
        authority = [ln for ln in body[:bases[0]] if ln.shown_upper] if bases else []
        if bases and not authority:
            self.add("format:body", sev, ref, body[bases[0]].where(), "format.enacting_authority_missing")
        elif authority:  # B.2 ô 5a′: thẩm quyền ban hành, centred, IN HOA, bold
            self.style("body", "enacting_authority", authority, most="warning")

    def _body_layout(self, blocks: list[Block]) -> None:
        ps, rules = self.rules.parts["body"], self.rules
        tol = rules.tolerance_pt
        para = rules.paragraph
        sev = severity("warning", para.get("conf"))
        lines_by_block = {ln.block.index: ln for ln in self.doc.body}
        checks = {
            "size": lambda b, ln: ln.size is not None and not ps.size.contains(ln.size, tol),
            "align": lambda b, ln: len(b.stripped) > SHORT_PARAGRAPH_CHARS and b.para.align not in (None, ps.align),
            "indent": lambda b, ln: len(b.stripped) > SHORT_PARAGRAPH_CHARS and b.para.first_line_indent_cm is not None
            and not rules.first_line_indent_cm.contains(b.para.first_line_indent_cm, INDENT_TOLERANCE_CM),
            "spacing": lambda b, ln: _spacing(b) is not None and _spacing(b) < rules.space_after_pt.min - tol,
            "line_spacing": lambda b, ln: not _line_spacing_ok(b, ln.size or ps.size.default, para["line_spacing"],
                                                               tol),
            "font": lambda b, ln: ln.font is not None and not _same_family(ln.font, rules.font_name)
            and not NON_UNICODE_FONT.match(ln.font),  # a TCVN3/VNI font is font:non_unicode
        }
        for name, wrong in checks.items():
            bad = [b for b in blocks if wrong(b, lines_by_block[b.index])]
            if bad:
                first = lines_by_block[bad[0].index]
                self.add("layout:body", sev, "F.11; " + para["ref"], first.where(), f"layout.body_{name}",
                         count=len(bad), total=len(blocks), size=_pt(first.size) if first.size else "?",
                         expected=ps.size.describe(), indent=_cm(bad[0].para.first_line_indent_cm or 0),
                         font=first.font or "?", font_expected=rules.font_name,
                         indent_expected=rules.first_line_indent_cm.describe(), spacing=_pt(_spacing(bad[0]) or 0),
                         spacing_expected=_pt(rules.space_after_pt.min))

    def _headings(self, body: list[Line]) -> None:
        expected = self.rules.headings["heading1"].get("suffix", "").strip()
        romans: list[tuple[Line, int, str]] = []
        arabic_jump: Line | None = None
        point_order: Line | None = None
        articles: list[Line] = []
        last_arabic = last_point = 0
        for line in body:
            if not line.first_in_block:
                continue
            if v.ARTICLE.match(line.text):
                articles.append(line)
            point = v.POINT.match(line.text)
            if point:
                index = compute.VI_ALPHABET.find(point.group(1)) + 1
                if point_order is None and index != last_point + 1:
                    point_order = line
                last_point = index
                continue
            m = v.HEADING.match(line.text)
            if not m:
                continue
            last_point = 0
            if m.group("roman"):
                value = _roman_value(m.group("roman"))
                if value is None:
                    continue
                romans.append((line, value, m.group("suffix")))
                last_arabic = 0
            else:
                n = int(m.group("arabic"))
                if arabic_jump is None and n not in (last_arabic + 1, 1):
                    arabic_jump = line
                last_arabic = n
        ref = "F.12; " + self.rules.headings["heading1"]["ref"]
        odd = [r for r in romans if r[2] != expected]
        if odd:
            self.add("format:body", "warning", ref, odd[0][0].where(), "format.heading_suffix",
                     written=odd[0][2], expected=expected, count=len(odd))
        jump = next((r for i, r in enumerate(romans) if r[1] != i + 1), None)
        if jump is not None:
            self.add("format:body", "warning", ref, jump[0].where(), "format.heading_jump")
        elif arabic_jump is not None:
            self.add("format:body", "warning", ref, arabic_jump.where(), "format.heading_jump")
        if point_order is not None:
            self.add("format:body", "warning", "F.12; " + self.rules.headings["heading3"]["ref"], point_order.where(),
                     "format.point_order", alphabet=", ".join(compute.VI_ALPHABET[:8]))
        if articles:
            self._article_bold(articles)

    def _article_bold(self, articles: list[Line]) -> None:
        """F.12: 'Điều n.' in bold (only the label is judged: the article's title may follow)."""
        ps = self.rules.parts.get("article")
        if ps is None or not ps.bold:
            return
        bad = next((ln for ln in articles if _flag_wrong(_article_label(ln).flag("bold"), True)), None)
        if bad is not None:
            self.add("layout:body", severity("warning", ps.conf), "F.12; " + ps.ref, bad.where(), "layout.article_bold")

    # -- signature F.14–F.17 -------------------------------------------------------------
    def signature(self) -> None:
        """Every signer's block: the first, then each one beside it (a biên bản's chủ tọa, Mẫu 1.9)."""
        if self.rules is None:
            return
        self._one_signature()
        first = self.doc
        for signer in first.co_signers:
            self.doc = replace(first, authority=signer.authority, title=signer.title, name=signer.name,
                               name_text=signer.name_text, honorific=signer.honorific,
                               signed_marker=signer.signed_marker, co_signers=[])
            try:
                self._one_signature()
            finally:
                self.doc = first

    def _one_signature(self) -> None:
        d = self.doc
        sig = self.rules.signature
        kinds = []
        for line in d.authority:
            prefix = v.match_prefix(line)
            if prefix is None:
                continue
            kinds.append(prefix.kind)
            expected = sig["prefixes"][prefix.kind]
            conf = sig["prefix_conf"].get(prefix.kind)
            other_system = bool(prefix.exact_systems) and self.system not in prefix.exact_systems
            if re.sub(r"\s", "", prefix.written) != expected and not other_system:  # other system's: F.1
                self.add("format:signature_authority", severity("error", conf), "F.14; " + sig["ref"], line.where(),
                         "format.prefix_spelling", written=prefix.written, expected=expected)
            if prefix.kind == "on_behalf" and not any(key(n) in key(prefix.whom) for n in sig["collective_nouns"]):
                self.add("format:signature_authority", severity("error", conf), "F.15; " + sig["ref"], line.where(),
                         "format.on_behalf_collective", expected=expected)
        self.style("signature_authority", "signature_authority", d.authority)
        self._deputy(kinds)
        self._title_lines()
        self._name()

    def _deputy(self, kinds: list[str]) -> None:
        d = self.doc
        if not d.title or not key(d.title[0].text).startswith("PHÓ"):
            return
        allowed = {"deputy", "on_behalf"} if self.system == "party" else {"deputy"}
        if not allowed & set(kinds):
            deputy = self.rules.signature["prefixes"]["deputy"]
            conf = self.rules.signature["prefix_conf"].get("deputy")
            self.add("missing:signature_authority", severity("error", conf), "F.15; " + self.rules.signature["ref"],
                     d.title[0].where(), "missing.deputy_prefix", prefix=deputy)

    def _title_lines(self) -> None:
        d = self.doc
        if not d.title:
            return
        lower = next((ln for ln in d.title if not ln.shown_upper), None)
        if lower is not None:
            self.add("format:signer_title", "warning", "F.16; " + self._ref("signer_title"), lower.where(),
                     "format.title_not_caps")
        self.style("signer_title", "signer_title", [ln for ln in d.title if ln.shown_upper])

    def _name(self) -> None:
        d = self.doc
        if d.name is None:
            return
        if d.honorific:
            self.add("format:signer_name", "warning", "F.16; " + self._ref("signer_name"), d.name.where(),
                     "format.honorific", honorific=d.honorific)
        if not d.signed_marker:
            self.style("signer_name", "signer_name", [d.name])
        near = _near_miss(d.name_text, d.lines, d.name)
        if near is not None:
            self.add("format:signer_name", "warning", "F.17", d.name.where(), "format.name_mismatch",
                     name=d.name_text, other=near[0], other_where=near[1])

    # -- recipients F.18–F.20 ------------------------------------------------------------
    def recipients(self) -> None:
        d = self.doc
        if self.rules is None or (d.recipients_label is None and not d.recipients):
            return
        r = self.rules.recipients
        ref = "F.18; " + r["ref"]
        sev = severity("error", r.get("conf"))
        items = d.recipients
        if d.recipients_label is not None:
            self.style("recipients", "recipients_label", [d.recipients_label])
        self.style("recipients", "recipients", [ln for ln in items if ln is not d.archive])
        if not items:
            return
        body = items[:-1]
        other_ends = {rule_set_in_force(s).recipients["line_end"] for s in SYSTEMS if s != self.system}
        # ending with the other system's mark is the mixed-system finding (F.1): not reported twice
        # a "." before the last line is F.20's finding: not counted here too
        wrong = [ln for ln in body if not ln.text.endswith(r["line_end"])
                 and ln.text[-1:] not in other_ends | {r["last_end"]}]
        if wrong:
            self.add("format:recipients", sev, ref, wrong[0].where(), "format.recipient_end",
                     expected=r["line_end"], count=len(wrong), total=len(body))
        if not items[-1].text.endswith(r["last_end"]):
            self.add("format:recipients", sev, ref, items[-1].where(), "format.recipient_last_end",
                     expected=r["last_end"])
        first = r.get("letter_first")
        if first and d.letter and d.addressee and not key(item_text(items[0])).startswith(key(first)):
            self.add("format:recipients", sev, ref, items[0].where(), "format.letter_first", expected=first)
        lower = next((ln for ln in items if item_text(ln)[:1].islower()), None)
        if lower is not None:
            self.add("format:recipients", "warning", "F.20", lower.where(), "format.recipient_lower")
        stop = next((ln for ln in body if ln.text.endswith(".")), None)
        if stop is not None and r["line_end"] != ".":
            self.add("format:recipients", "warning", "F.20", stop.where(), "format.recipient_stop")
        for note in d.report_notes:
            misspelt = note.text.lower().startswith(("(đề", "đề"))
            if not misspelt and note.pos < items[-1].pos:
                continue  # after its group, inside the list: where the note belongs (a brace may be drawn)
            self.add("format:recipients", "warning", "F.19; " + r["ref"], note.where(),
                     "format.report_note_detached_misspelt" if misspelt else "format.report_note_detached")
        self._archive(ref, sev)

    def _archive(self, ref: str, sev: str) -> None:
        d, r = self.doc, self.rules.recipients
        if d.archive is None:
            return
        text = item_text(d.archive).rstrip(".").strip()
        head = archive_head(r["archive"])
        if self.system == "state":
            spelled = [head.replace(short, full) for short, full in r.get("archive_spelled_out", {}).items()]
            if any(key(text).startswith(key(s)) for s in spelled if s != head):  # 'Lưu: Văn thư, …' for 'VT'
                self.add("format:archive", "info", ref, d.archive.where(), "checktext.archive_spelled_out",
                         expected=head)
            elif not key(text).startswith(key(head)):
                no_colon = ":" in head and key(text).startswith(key(head.rstrip(",").replace(":", "")))
                self.add("format:archive", sev, ref, d.archive.where(),
                         "checktext.archive_colon" if no_colon else "format.archive_state", expected=head)
            self.style("archive", "archive", [d.archive])
            return
        rest = text[len(v.vocab().archive_word):].strip() if v.starts_with_archive_word(text) else text
        other_heads = [archive_head(rule_set_in_force(s).recipients["archive"]) for s in SYSTEMS if s != self.system]
        other_form = any(key(text).startswith(key(h)) for h in other_heads)  # that one is mixed_system (F.1)
        if not rest:
            self.add("format:archive", "warning", ref, d.archive.where(), "format.archive_bare")
        elif (rest.startswith(":") or any(re.search(rf"\b{re.escape(t)}\b", rest) for t in _codes_in(other_heads))) \
                and not other_form:
            self.add("format:archive", "warning", ref, d.archive.where(), "format.archive_state_form",
                     example=r["archive"].format(archive=tr("check.example_office")))
        self.style("archive", "archive", [d.archive])

    # -- F.21 copies ---------------------------------------------------------------------
    def _copy_kind(self) -> str | None:
        if not self.doc.copy_text or self.rules is None:
            return None
        text = key(self.doc.copy_text)
        for kind, label in self.rules.copy["labels"].items():
            if key(label) == text:
                return kind
        for other in SYSTEMS:
            for kind, label in rule_set_in_force(other).copy["labels"].items():
                if key(label) == text:
                    return kind
        return None

    def copy(self) -> None:
        d = self.doc
        if not d.is_copy or self.rules is None:
            return
        kind = self._copy_kind()
        labels = self.rules.copy["labels"]
        if kind and key(labels[kind]) != key(d.copy_text):
            self.add("format:copy_block", "error", "F.21; " + self.rules.copy["ref"], d.copy_label.where(),
                     "format.copy_label", written=d.copy_text, expected=labels[kind])
        self.style("copy_block", "copy_label", [d.copy_label])

    # -- F.22 text hygiene ---------------------------------------------------------------
    def text_hygiene(self) -> None:
        d = self.doc
        # one scan over every line: a match never spans the "\n" between two lines, and the pattern
        # sees "\n" as it sees a line's start or end, so the counts equal the per-line sums
        old, new = tone_styles("\n".join(line.raw for line in d.lines))
        if old and new:
            self.add("text:tone_marks", "info", "F.22; C.7", "", "text.tone_marks", old=old, new=new)
        blanks = {ln.pos for ln in (d.number, d.place_date) if ln is not None and _left_blank(ln)}
        doubled = [ln for ln in d.lines if "  " in ln.raw.strip().replace("\t", " ") and ln.pos not in blanks]
        if doubled:
            self.add("text:double_space", "info", "F.22", doubled[0].where(), "text.double_space", count=len(doubled))
        spaced = [ln for ln in d.lines if " " in ln.raw and _SPACE_THEN_PUNCTUATION.search(ln.raw)
                  and SPACE_BEFORE_PUNCTUATION.search(ln.raw)]
        if spaced:
            self.add("text:space_before_punctuation", "info", "F.22", spaced[0].where(),
                     "text.space_before_punctuation", count=len(spaced))
        if d.number is not None and DASH_LIKE.search(d.number.raw):
            self.add("text:dash", "info", "F.22; C.1", d.number.where(), "text.dash_in_number")


# --- file-level checks (page, fonts) ----------------------------------------------------


def page_checks(src: SourceDocument, rules: RuleSet, report: DocumentReport) -> None:
    """A.1/A.2 page size and margins, F.23 page numbers: judged on every section."""
    if not src.layout_evaluable or not src.sections:
        return
    checks = Checks(src, Detected(lines=[]), rules, report)
    paper = rules.page["paper"]
    tol = rules.tolerance_mm
    for number, section in enumerate(src.sections, 1):
        if section.width_mm is None or section.height_mm is None:
            continue
        dims = sorted((section.width_mm, section.height_mm))
        want = sorted((paper["width_mm"], paper["height_mm"]))
        if abs(dims[0] - want[0]) > tol or abs(dims[1] - want[1]) > tol:
            checks.add("page:size", "error", paper["ref"], tr("check.where_section", section=number), "page.size",
                       width=_mm(section.width_mm), height=_mm(section.height_mm),
                       expected=f"{_mm(paper['width_mm'])} × {_mm(paper['height_mm'])}")
        elif section.landscape:
            checks.add("page:size", "info", paper["ref"], tr("check.where_section", section=number), "page.landscape")
        wrong = []
        for side in ("top", "bottom", "left", "right"):
            value = getattr(section, f"{side}_mm")
            if value is not None and not rules.margin(side).contains(value, tol):
                wrong.append(tr("check.page.margin_side", side=tr(f"check.side.{side}"), value=_mm(value),
                                expected=rules.margin(side).describe()))
        if wrong:
            margins = rules.page["margins_mm"]
            # the rule names the sides of the upright page: which edge of a turned page is bound is a reading
            sev = "warning" if section.landscape else severity("error", margins.get("conf"))
            checks.add("page:margins", sev, margins["ref"],
                       tr("check.where_section", section=number), "page.margins", sides="; ".join(wrong))
    _page_numbers(checks, src, rules)


def _page_numbers(checks: Checks, src: SourceDocument, rules: RuleSet) -> None:
    spec = rules.page["page_number"]
    first = src.sections[0]
    where = tr("check.where_section", section=1)
    ref = "F.23; " + spec["ref"]
    if not (first.page_number_in_header or first.page_number_in_footer):
        return
    if first.page_number_on_first_page and not spec.get("first_page", False):
        checks.add("page:numbering", "info", ref, where, "page.number_first_page")
    if spec.get("where") == "header" and first.page_number_in_footer and not first.page_number_in_header:
        checks.add("page:numbering", "info", ref, where, "page.number_footer")
    if first.page_number_align not in (None, spec.get("align")):
        checks.add("page:numbering", "info", ref, where, "page.number_align",
                   actual=tr(f"check.align.{first.page_number_align}"))


def font_checks(src: SourceDocument, rules: RuleSet | None, report: DocumentReport) -> None:
    """TCVN3/VNI fonts: the text is not Unicode and will print garbled (A.1 Font).

    Judged on what is printed: the effective font of each run with visible text, in the slot
    its characters use (the reader's ``RunFormat.font``), never on a font a style, the theme or
    the font table merely declares. An error when letters outside ASCII (the Vietnamese ones,
    or TCVN3/VNI's byte codes) are printed so; a warning when only ASCII text is.
    """
    garbled: dict[str, bool] = {}
    where = ""
    for block in src.blocks:
        for run in block.runs:
            if run.font and NON_UNICODE_FONT.match(run.font.strip()) and run.text.strip():
                letters = not run.text.isascii()
                if letters and not any(garbled.values()):
                    where = block.location.describe()
                garbled[run.font.strip()] = garbled.get(run.font.strip(), False) or letters
    if garbled:
        checks = Checks(src, Detected(lines=[]), rules, report)
        ref = rules.page["font"]["ref"] if rules else "A.1"
        sev = "error" if any(garbled.values()) else "warning"
        checks.add("font:non_unicode", sev, ref, where, "font.non_unicode", fonts=", ".join(sorted(garbled)))


# --- helpers ----------------------------------------------------------------------------


def _left_blank(line: Line) -> bool:
    """A draft's number or date line whose blanks are runs of spaces on purpose (room to write them in)."""
    return v.number_blank(v.parse_number(line)) or bool(v.date_blanks(v.parse_date(line)))


def _next_in_column(lines: list[Line], line: Line) -> Line | None:
    """The next non-blank printed line under ``line`` in its column: the same tab column of its
    paragraph or of the next ones, the same table column (other cells of the row skipped), or
    the body; None when the column ends first."""
    loc = line.block.location
    start = line.pos - lines[0].pos if lines else 0  # a document's lines: a slice of the source's
    if not 0 <= start < len(lines) or lines[start] is not line:
        start = next((i for i, other in enumerate(lines) if other is line), len(lines))
    for other in lines[start + 1:start + 12]:
        if other.blank:
            continue
        there = other.block.location
        if loc.container == "table":
            if (there.container, there.table) != ("table", loc.table):
                return None
            if there.col != loc.col:
                continue
        elif there.container != loc.container:
            return None
        if line.tab_cell and other.tab_cell and other.col != line.col:
            continue
        return other
    return None


def _same_family(font: str, family: str) -> bool:
    """'Times New Roman Italic' / 'Times New Roman Bold' are Times New Roman (a face named by style)."""
    name, want = key(font), key(family)
    return name == want or (name.startswith(want + " ") and name[len(want) + 1:] in _FACE_STYLES)


_FACE_STYLES = {"BOLD", "ITALIC", "BOLD ITALIC", "REGULAR"}


def _prints_aligned(line: Line, want: str) -> bool:
    """The paragraph prints as ``want`` asks: a justified paragraph prints flush left (its last, or
    only, line is not stretched), so it meets "left"; an unknown alignment is not judged."""
    align = line.block.para.align
    return align in (None, want) or (want == "left" and align == "justify")


def _flag_wrong(value: object, want: bool) -> bool:
    if value is None:
        return False
    if want:
        return value is not True
    return value is True


def _title_case(text: str) -> bool:
    name = v.name_of(text)
    return name is not None or text.startswith(("Đã", "(Đã"))


def _codes_in(heads: list[str]) -> set[str]:
    """Capital codes in the other system's Lưu head: 'Lưu: VT,' → {'VT'}."""
    return {code for head in heads for code in re.findall(r"\b[A-ZĐ]{2,}\b", head)}


def _article_label(line: Line) -> Line:
    """The 'Điều 3.' at the start of an article line."""
    stripped = line.raw.lstrip()
    m = v.ARTICLE.match(stripped)
    return line.slice(0, len(line.raw) - len(stripped) + m.end()) if m else line


def _spacing(block: Block) -> float | None:
    values = [x for x in (block.para.space_before_pt, block.para.space_after_pt) if x is not None]
    return max(values) if values else None


def _line_spacing_ok(block: Block, size: float, spec: dict, tol: float) -> bool:
    rule, value = block.para.line_rule, block.para.line_value
    if rule is None or value is None:
        return True
    max_lines = float(spec["max_lines"])
    if rule == "auto":
        return 1.0 - 0.01 <= value <= max_lines + 0.01
    if rule == "exact" and value < float(spec.get("min_pt", 0)) - tol:
        return False
    return value / (EXACT_LINE_FACTOR * size) <= max_lines + 0.01


def _roman_value(text: str) -> int | None:
    for n in range(1, 40):
        if compute.roman(n) == text:
            return n
    return None


def _near_miss(name: str, lines: list[Line], name_line: Line) -> tuple[str, str] | None:
    """The same person's name spelt differently elsewhere (diacritics aside): seed 001 Hiếu/Hiểu."""
    words = name.split()
    if len(words) < 2:
        return None
    target = strip_diacritics(name).lower()
    want = key(name)
    size = len(words)
    for line in lines:
        if line.block is name_line.block or target not in strip_diacritics(line.text).lower():
            continue
        tokens = re.findall(r"[^\W\d_]+", line.text)
        for i in range(len(tokens) - size + 1):
            window = " ".join(tokens[i:i + size])
            if strip_diacritics(window).lower() == target and key(window) != want and window[:1].isupper():
                return window, line.location.describe()
    return None


def _pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _box_cm(block: Block) -> float | None:
    """Width of a paragraph's box (its container less its indents): what a paragraph border spans."""
    if block.container_width_cm is None:
        return None
    para = block.para
    return max(0.0, block.container_width_cm - (para.left_indent_cm or 0.0) - (para.right_indent_cm or 0.0))


def _printed_width_cm(line: Line, ps: PartStyle) -> float:
    """Width of the widest printed line of ``line``, its words wrapped at its paragraph's box like a
    word processor (unwrapped when the box is unknown). Size, bold and italic are the line's own
    where the file states them, else the part's rule."""
    box = _box_cm(line.block)
    wrap_pt = box * PT_PER_CM if box and box > 0 else None
    bold, italic = (flag if isinstance(flag, bool) else bool(rule)
                    for flag, rule in ((line.flag("bold"), ps.bold), (line.flag("italic"), ps.italic)))
    return widest_line_pt([line.text], line.size or ps.size.default, bold=bold, italic=italic,
                          wrap_pt=wrap_pt) / PT_PER_CM


def _cm(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
