"""The fixer's small named units: each fixes what one kind of finding says, only where the
system is known and its rule is [V], and records every change it makes.

A unit never changes wording, names, the values of numbers, the order of parts, the
paragraphs of a table inside the body, comments or tracked revisions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from desktop.core import compute
from desktop.core.check import vocab as v
from desktop.core.check.blocks import Block
from desktop.core.check.detect import Detected
from desktop.core.check.lines import Line
from desktop.core.check.normalize import clean, fold_tones, key, strip_diacritics, tone_styles
from desktop.core.check.styles import local, w
from desktop.core.fix import xml
from desktop.core.fix.document import FixDocument, ParaText, Reading, RunInfo, split_run
from desktop.core.fix.encodings import decode, legacy_encoding
from desktop.core.i18n import tr
from desktop.core.rules import RuleSet

TNR = "Times New Roman"
SYMBOL_FONTS = frozenset({"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings", "marlett", "mt extra",
                          "zapfdingbats", "zapf dingbats", "monotype sorts", "ms outlook", "bookshelf symbol 7"})
"""Fonts whose letters are pictures (bullets, check boxes, arrows): never switched, or the picture changes."""
STYLES_LISTED = 6
_RFONTS_PATH = f"{w('rPr')}/{w('rFonts')}"
_VERT_ALIGN_PATH = f"{w('rPr')}/{w('vertAlign')}"
_SLOT_PAIRS = tuple((w(slot), w(theme)) for slot, theme in zip(xml.FONT_SLOTS, xml.THEME_ATTRS, strict=True))


def number_ranges(numbers: Iterable[int]) -> str:
    """[3, 4, 5, 9] -> "3–5, 9"."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def _is_symbol(name: str | None) -> bool:
    return bool(name) and name.strip().lower() in SYMBOL_FONTS


TWIPS_PER_MM = 1440 / 25.4
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Change:
    """One change the fixer made: where, what it was, what it is, and the rule."""

    unit: str
    code: str
    rule: str
    part: str  # Vietnamese label of the part (or of the page, the fonts …)
    where: str
    before: str
    after: str

    def to_dict(self) -> dict[str, str]:
        return {"unit": self.unit, "code": self.code, "rule": self.rule, "part": self.part, "where": self.where,
                "before": self.before, "after": self.after}


@dataclass
class Context:
    """What every unit works on: the document, the checker's reading, the detected parts, the rules."""

    doc: FixDocument
    reading: Reading
    detected: Detected | None
    rules: RuleSet | None
    changes: list[Change] = field(default_factory=list)
    protected: set[int] = field(default_factory=set)  # block indexes never edited (tables of the body)

    @property
    def system(self) -> str | None:
        return self.rules.system if self.rules else None

    def para(self, block: Block) -> etree._Element:
        return self.reading.paragraphs[block.index]

    def text_of(self, block: Block) -> ParaText:
        hidden = {id(info.element) for info in self.reading.by_block.get(block.index, [])
                  if info.props.get("vanish")}
        return ParaText(self.para(block), hidden)

    def runs_of(self, block: Block) -> list[RunInfo]:
        return list(self.reading.by_block.get(block.index, []))

    def add(self, unit: Unit, part: str, where: str, before: str, after: str, code: str | None = None,
            rule: str | None = None) -> None:
        self.changes.append(Change(unit.name, code or unit.codes[0], rule or unit.rule, part, where, before, after))


@dataclass(frozen=True)
class Unit:
    """A named fix: the finding codes it answers, its spec row, and the function doing it."""

    name: str
    codes: tuple[str, ...]
    rule: str
    apply: Callable[[Unit, Context], None]
    needs_rules: bool = True


def part_label(name: str) -> str:
    return tr(f"fix.part.{name}")


# --- helpers --------------------------------------------------------------------------


def _segments(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each printed line / tab cell of a paragraph's text."""
    out, start = [], 0
    for piece in re.split(r"([\t\n])", text):
        if piece in ("\t", "\n"):
            start += 1
            continue
        out.append((start, piece))
        start += len(piece)
    return out


def locate(pt: ParaText, line: Line) -> tuple[int, str] | None:
    """(offset, raw text) of ``line`` inside its paragraph, spaces and edges as typed."""
    target = line.key  # tone placement folded: a line whose tone marks were made consistent is still found
    for offset, segment in _segments(pt.text):
        if key(segment) == target:
            lead = len(segment) - len(segment.lstrip())
            return offset + lead, segment.strip()
    if key(pt.text) == target:
        lead = len(pt.text) - len(pt.text.lstrip())
        return lead, pt.text.strip()
    return None


def replace_in_line(ctx: Context, unit: Unit, line: Line, new_text: Callable[[str], str | None], part: str,
                    code: str | None = None, rule: str | None = None) -> bool:
    """Rewrite one detected line (as typed) through ``new_text``; edits inside its runs."""
    if line.block.index in ctx.protected:
        return False
    pt = ctx.text_of(line.block)
    found = locate(pt, line)
    if found is None:
        return False
    offset, old = found
    new = new_text(old)
    if new is None or new == old:
        return False
    # the smallest differing span, so runs outside it keep their text (and formatting)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    if not pt.replace(offset + head, offset + len(old) - tail, new[head:len(new) - tail]):
        return False
    ctx.doc.mark_changed(ctx.doc.main)
    ctx.add(unit, part, line.where(), old, new, code, rule)
    return True


def _style_element(ctx: Context, style_id: str | None) -> etree._Element | None:
    if not style_id:
        return None
    styles = ctx.doc.related(ctx.doc.main, "/styles")
    if not styles:
        return None
    root = ctx.doc.tree(styles[0])
    for style in root.iter(w("style")):
        if style.get(w("styleId")) == style_id:
            return style
    return None


def _styles_part(ctx: Context) -> str | None:
    parts = ctx.doc.related(ctx.doc.main, "/styles")
    return parts[0] if parts else None


# --- encoding and fonts ---------------------------------------------------------------


def _font_of(ctx: Context, info: RunInfo, slot: str) -> str | None:
    return ctx.reading.reader.styles.font_name(info.props.get(slot))


def _legacy_of(ctx: Context, info: RunInfo, text: str) -> str | None:
    font = _font_of(ctx, info, "ascii" if text.isascii() else "hAnsi") or _font_of(ctx, info, "ascii")
    return legacy_encoding(font)


def _text_elements(r: etree._Element) -> list[etree._Element]:
    return [t for t in r if local(t) == "t"]


def encoding(unit: Unit, ctx: Context) -> None:
    """TCVN3/VNI text to Unicode NFC, letter by letter, its run put in Times New Roman."""
    source = ctx.reading.source
    names = set(source.fonts_used) | {n for b in source.blocks for r in b.runs for n in (r.font, *r.fonts) if n}
    if not any(legacy_encoding(name) for name in names):
        return
    before: dict[int, str] = {}
    fonts_seen: dict[int, set[str]] = {}
    legacy: list[tuple[RunInfo, list[etree._Element], str]] = []
    for info in ctx.reading.runs:
        texts = _text_elements(info.element)
        text = "".join(t.text or "" for t in texts)
        font = _font_of(ctx, info, "ascii" if text.isascii() else "hAnsi") or _font_of(ctx, info, "ascii")
        enc = legacy_encoding(font)
        if enc is None:
            continue
        legacy.append((info, texts, enc))
        fonts_seen.setdefault(info.block, set()).add(font or "")
    # Unicode typed in an old font (a letter past Latin-1 in it) is left as typed, its font switched:
    # per paragraph, and for the whole document when most of its old-font paragraphs are Unicode
    unicode_blocks = {info.block for info, texts, _ in legacy
                      if any(ord(c) > 0xFF for t in texts for c in (t.text or ""))}
    legacy_blocks = {info.block for info, texts, _ in legacy if any(t.text for t in texts)} - unicode_blocks
    convert = len(legacy_blocks) > len(unicode_blocks)
    for info, texts, enc in legacy:
        if info.block not in before:
            before[info.block] = ParaText(ctx.reading.paragraphs[info.block]).text
        if convert and info.block not in unicode_blocks:
            for t in texts:
                t.text = decode(t.text or "", enc)
        xml.set_fonts(xml.run_rpr(info.element), TNR)
    for part in ctx.doc.headers_footers():
        _legacy_runs_by_direct_font(ctx, part, unit)
    fonts_only: dict[tuple[str, ...], list[int]] = {}
    for index, old in before.items():
        block = ctx.reading.source.blocks[index]
        after = ParaText(ctx.reading.paragraphs[index]).text
        if after != old:
            ctx.add(unit, part_label("text"), block.location.describe(), old.strip(), after.strip())
        else:
            fonts_only.setdefault(tuple(sorted(fonts_seen[index])), []).append(block.location.paragraph)
    for names, paragraphs in fonts_only.items():
        ctx.add(unit, part_label("fonts"), tr("fix.where.paragraphs", count=len(paragraphs),
                                              paragraphs=number_ranges(paragraphs)), ", ".join(names), TNR)
    _purge_legacy_names(ctx, unit)
    ctx.doc.mark_changed(ctx.doc.main)


def _legacy_runs_by_direct_font(ctx: Context, part: str, unit: Unit) -> None:
    """Headers and footers (not read as blocks): runs whose own rFonts name a legacy font."""
    if part == ctx.doc.main:
        return
    root = ctx.doc.tree(part)
    for fonts in root.iter(w("rFonts")):
        rpr = fonts.getparent()
        r = rpr.getparent() if rpr is not None else None
        if r is None or local(r) != "r":
            continue
        enc = legacy_encoding(fonts.get(w("ascii")) or fonts.get(w("hAnsi")))
        if enc is None:
            continue
        for t in _text_elements(r):
            before = t.text or ""
            if all(ord(c) < 0x100 for c in before):
                t.text = decode(before, enc)
                if t.text != before:
                    ctx.add(unit, part_label("header_footer"), part, before, t.text)
        xml.set_fonts(rpr, TNR)
        ctx.doc.mark_changed(part)


def _purge_legacy_names(ctx: Context, unit: Unit) -> None:
    """No legacy font name left anywhere: rFonts in every part, the font table, the theme."""
    parts = [ctx.doc.main, *ctx.doc.headers_footers(), *ctx.doc.related(ctx.doc.main, "/styles"),
             *ctx.doc.related(ctx.doc.main, "/stylesWithEffects"),
             *ctx.doc.related(ctx.doc.main, "/numbering"), *ctx.doc.related(ctx.doc.main, "/footnotes"),
             *ctx.doc.related(ctx.doc.main, "/endnotes")]
    renamed: set[str] = set()
    for part in parts:
        root = ctx.doc.tree(part)
        hit = False
        for fonts in root.iter(w("rFonts")):
            for slot in xml.FONT_SLOTS:
                name = fonts.get(w(slot))
                if name and legacy_encoding(name):
                    fonts.set(w(slot), TNR)
                    renamed.add(name)
                    hit = True
        for sym in root.iter(w("sym")):
            name = sym.get(w("font"))
            if name and legacy_encoding(name):
                renamed.add(name)
        if hit:
            ctx.doc.mark_changed(part)
    for table in ctx.doc.related(ctx.doc.main, "/fontTable"):
        root = ctx.doc.tree(table)
        for font in list(root.iter(w("font"))):
            name = font.get(w("name")) or ""
            if legacy_encoding(name):
                font.getparent().remove(font)
                renamed.add(name)
                ctx.doc.mark_changed(table)
    for theme in ctx.doc.related(ctx.doc.main, "/theme"):
        root = ctx.doc.tree(theme)
        for el in root.iter(f"{{{A_NS}}}latin", f"{{{A_NS}}}ea", f"{{{A_NS}}}cs", f"{{{A_NS}}}font"):
            name = el.get("typeface") or ""
            if legacy_encoding(name):
                el.set("typeface", TNR)
                renamed.add(name)
                ctx.doc.mark_changed(theme)
    if renamed:
        ctx.add(unit, part_label("fonts"), tr("fix.where.whole_document"), ", ".join(sorted(renamed)), TNR)


def fonts(unit: Unit, ctx: Context) -> None:
    """Times New Roman on every visible run (all four slots): in the style that carries another
    font, and on the run where the run names one itself."""
    rules_font = ctx.rules.font_name if ctx.rules else TNR
    styles_part = _styles_part(ctx)
    if styles_part is not None:
        root = ctx.doc.tree(styles_part)
        changed_styles: list[str] = []
        old_names: set[str] = set()
        for holder in root.iter(w("rPrDefault"), w("style")):
            rpr = holder.find(w("rPr"))
            fonts_el = rpr.find(w("rFonts")) if rpr is not None else None
            if fonts_el is None and local(holder) != "rPrDefault":
                continue
            names = set() if fonts_el is None else {
                value for attr in xml.FONT_SLOTS if (value := fonts_el.get(w(attr)))}
            if fonts_el is not None and any(fonts_el.get(w(attr)) for attr in xml.THEME_ATTRS):
                names.add(tr("fix.theme_font"))
            if fonts_el is not None and (names <= {rules_font} or any(_is_symbol(n) for n in names)):
                continue
            if rpr is None:
                rpr = xml.child(holder, "rPr", "w:style") if local(holder) == "style" else \
                    etree.SubElement(holder, w("rPr"))
            xml.set_fonts(rpr, rules_font)
            changed_styles.append(holder.get(w("styleId")) or tr("fix.where.defaults"))
            old_names |= names
        if changed_styles:
            ctx.doc.mark_changed(styles_part)
            shown = ", ".join(changed_styles[:STYLES_LISTED]) + ("…" if len(changed_styles) > STYLES_LISTED else "")
            ctx.add(unit, part_label("fonts"), tr("fix.where.styles", count=len(changed_styles), styles=shown),
                    ", ".join(sorted(old_names)) or "—", rules_font)
    by_block: dict[int, set[str]] = {}
    for info in ctx.reading.runs:
        if info.block in ctx.protected:
            continue
        fonts_el = info.element.find(_RFONTS_PATH)
        if fonts_el is None:
            continue
        names = {fonts_el.get(slot) or fonts_el.get(theme) for slot, theme in _SLOT_PAIRS}
        if names <= {rules_font, None} or any(_is_symbol(n) for n in names):
            continue
        by_block.setdefault(info.block, set()).update(n for n in names if n and n != rules_font)
        xml.set_fonts(fonts_el.getparent(), rules_font)
    for part in ctx.doc.headers_footers():
        root = ctx.doc.tree(part)
        for fonts_el in root.iter(w("rFonts")):
            names = {fonts_el.get(w(s)) for s in xml.FONT_SLOTS} | {fonts_el.get(w(t)) for t in xml.THEME_ATTRS}
            if names - {rules_font, None} and not any(_is_symbol(n) for n in names):
                xml.set_fonts(fonts_el.getparent(), rules_font)
                ctx.doc.mark_changed(part)
    grouped: dict[tuple[str, ...], list[int]] = {}
    for index, names in by_block.items():
        grouped.setdefault(tuple(sorted(names)), []).append(ctx.reading.source.blocks[index].location.paragraph)
    for names, paragraphs in grouped.items():
        ctx.add(unit, part_label("fonts"), tr("fix.where.paragraphs", count=len(paragraphs),
                                              paragraphs=number_ranges(paragraphs)), ", ".join(names), rules_font)
    if by_block:
        ctx.doc.mark_changed(ctx.doc.main)


def nfc(unit: Unit, ctx: Context) -> None:
    """Decomposed (NFD) text recomposed to NFC, run by run."""
    tag = w("t")
    if all(unicodedata.is_normalized("NFC", t.text or "") for t in ctx.doc.tree(ctx.doc.main).iter(tag)):
        return  # the usual case, found in one pass
    for index, p in enumerate(ctx.reading.paragraphs):
        if index in ctx.protected:
            continue
        if all(unicodedata.is_normalized("NFC", t.text or "") for t in p.iter(tag)):
            continue
        before = ParaText(p).text
        if unicodedata.is_normalized("NFC", before):
            continue
        for t in p.iter(w("t")):
            if t.text and not unicodedata.is_normalized("NFC", t.text):
                t.text = unicodedata.normalize("NFC", t.text)
        after = ParaText(p).text
        if after != before:
            ctx.add(unit, part_label("text"), ctx.reading.source.blocks[index].location.describe(),
                    before, after)
            ctx.doc.mark_changed(ctx.doc.main)


# --- page -----------------------------------------------------------------------------


def _sections(ctx: Context) -> list[etree._Element]:
    body = ctx.doc.tree(ctx.doc.main).find(w("body"))
    if body is None:
        return []
    return [el for el in body.iter(w("sectPr")) if local(el.getparent()) in ("pPr", "body")]


def page_size(unit: Unit, ctx: Context) -> None:
    """A4 portrait on every section."""
    paper = ctx.rules.page["paper"]
    if paper.get("conf") != "V":
        return
    want = (round(paper["width_mm"] * TWIPS_PER_MM), round(paper["height_mm"] * TWIPS_PER_MM))
    for number, sect in enumerate(_sections(ctx), 1):
        size = xml.sect_child(sect, "pgSz")
        before = (size.get(w("w")), size.get(w("h")), size.get(w("orient")))
        wide, high = _int(before[0]), _int(before[1])
        if wide is not None and high is not None and abs(wide - want[0]) <= 30 and abs(high - want[1]) <= 30 \
                and before[2] != "landscape":
            continue
        if wide is not None and high is not None and wide > high:
            _swap_margins(sect)
        size.set(w("w"), str(want[0]))
        size.set(w("h"), str(want[1]))
        size.attrib.pop(w("orient"), None)
        ctx.add(unit, part_label("page"), tr("fix.where.section", section=number),
                _paper_text(wide, high, before[2]), _paper_text(*want, None))
        ctx.doc.mark_changed(ctx.doc.main)


def _has_page_field(root: etree._Element) -> bool:
    instr = "".join(t.text or "" for t in root.iter(w("instrText")))
    simple = " ".join(s.get(w("instr"), "") for s in root.iter(w("fldSimple")))
    return bool(re.search(r"(?<![A-Za-z])PAGE(?![A-Za-z])", instr + " " + simple))


def _swap_margins(sect: etree._Element) -> None:
    """Landscape to portrait: the margins turn with the page."""
    margins = sect.find(w("pgMar"))
    if margins is None:
        return
    top, right, bottom, left = (margins.get(w(s)) for s in ("top", "right", "bottom", "left"))
    for side, value in (("top", left), ("right", top), ("bottom", right), ("left", bottom)):
        if value is not None:
            margins.set(w(side), value)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _paper_text(wide: int | None, high: int | None, orient: str | None) -> str:
    if wide is None or high is None:
        return "?"
    text = f"{wide / TWIPS_PER_MM:.0f} × {high / TWIPS_PER_MM:.0f} mm"
    return text + (f" ({tr('fix.landscape')})" if orient == "landscape" or wide > high else "")


def page_margins(unit: Unit, ctx: Context) -> None:
    """Each margin into the system's range: the nearest compliant value, not a reset."""
    margins_rule = ctx.rules.page["margins_mm"]
    if margins_rule.get("conf") != "V":
        return
    tol = ctx.rules.tolerance_mm
    for number, sect in enumerate(_sections(ctx), 1):
        margins = sect.find(w("pgMar"))
        if margins is None:
            continue
        said = []
        for side in ("top", "bottom", "left", "right"):
            attr = side if margins.get(w(side)) is not None or side in ("top", "bottom") else \
                {"left": "start", "right": "end"}[side]
            value = _int(margins.get(w(attr)))
            if value is None:
                continue
            mm = abs(value) / TWIPS_PER_MM
            allowed = ctx.rules.margin(side)
            if allowed.contains(mm, tol):
                continue
            nearest = min(max(mm, allowed.min), allowed.max)
            margins.set(w(attr), str(round(nearest * TWIPS_PER_MM)))
            said.append((tr(f"check.side.{side}"), f"{mm:.1f}".rstrip("0").rstrip("."),
                         f"{nearest:g}"))
        if said:
            ctx.add(unit, part_label("page"), tr("fix.where.section", section=number),
                    "; ".join(f"{s} {a} mm" for s, a, _ in said), "; ".join(f"{s} {b} mm" for s, _, b in said))
            ctx.doc.mark_changed(ctx.doc.main)


def page_numbering(unit: Unit, ctx: Context) -> None:
    """Page numbers: none on page 1 (a different first page), centred where the rule says."""
    spec = ctx.rules.page["page_number"]
    if spec.get("conf") != "V":
        return
    sections = _sections(ctx)
    source = ctx.reading.source
    if not sections or not source.sections:
        return
    first = source.sections[0]
    if not (first.page_number_in_header or first.page_number_in_footer):
        return
    sect = sections[0]
    moved = False
    if spec.get("where") == "header" and first.page_number_in_footer and not first.page_number_in_header:
        moved = _footer_number_to_header(unit, ctx, sect, spec)
    if first.page_number_on_first_page and not spec.get("first_page", False):
        first_refs = [ctx.doc.related_target(ref.get(f"{{{R_NS}}}id", "")) for ref in sect
                      if local(ref) in ("headerReference", "footerReference") and ref.get(w("type")) == "first"]
        if any(part and _has_page_field(ctx.doc.tree(part)) for part in first_refs):
            return  # a first-page header of its own shows the number: leave it to the clerk
        title = sect.find(w("titlePg"))
        if title is not None:
            title.attrib.pop(w("val"), None)
        else:
            xml.sect_child(sect, "titlePg")
        ctx.add(unit, part_label("page_numbers"), tr("fix.where.section", section=1), tr("fix.page_number.on_first"),
                tr("fix.page_number.not_on_first"))
        ctx.doc.mark_changed(ctx.doc.main)
    align = spec.get("align")
    if align and first.page_number_align not in (None, align) and not moved:
        shown = {ctx.doc.related_target(ref.get(f"{{{R_NS}}}id", "")) for ref in sect
                 if local(ref) in ("headerReference", "footerReference")} - {None}
        for part in sorted(shown):
            for p in ctx.doc.tree(part).iter(w("p")):
                if _has_page_field(p):
                    xml.set_jc(xml.para_ppr(p), align)
                    ctx.doc.mark_changed(part)
        ctx.add(unit, part_label("page_numbers"), tr("fix.where.section", section=1),
                tr(f"check.align.{first.page_number_align}"), tr(f"check.align.{align}"))


HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def _footer_number_to_header(unit: Unit, ctx: Context, sect: etree._Element, spec: dict) -> bool:
    """The page number's paragraph moved from the default footer into the default header (one
    made when there is none), centred."""
    refs = {(local(ref), ref.get(w("type"), "default")): ref.get(f"{{{R_NS}}}id", "") for ref in sect
            if local(ref) in ("headerReference", "footerReference")}
    footer = ctx.doc.related_target(refs.get(("footerReference", "default"), ""))
    if footer is None:
        return False
    # whole paragraphs of the footer (a number in a frame or text box moves with its anchor)
    paragraphs = [p for p in ctx.doc.tree(footer) if local(p) == "p" and _has_page_field(p)]
    if not paragraphs:
        return False
    header = ctx.doc.related_target(refs.get(("headerReference", "default"), ""))
    if header is None:
        name = next(f"word/header{n}.xml" for n in range(1, 1000) if f"word/header{n}.xml" not in ctx.doc.members)
        root = etree.Element(w("hdr"), nsmap={"w": W_MAIN, "r": R_NS})
        rel_id = ctx.doc.add_part(name, root, HEADER_TYPE, HEADER_REL)
        ref = etree.Element(w("headerReference"))
        ref.set(w("type"), "default")
        ref.set(f"{{{R_NS}}}id", rel_id)
        sect.insert(0, ref)
        ctx.doc.mark_changed(ctx.doc.main)
        header = name
    root = ctx.doc.tree(header)
    blank = [p for p in root if local(p) == "p" and not "".join(t.text or "" for t in p.iter(w("t"))).strip()
             and not list(p.iter(w("drawing"), w("pict"), w("fldChar"), w("fldSimple")))]
    for p in paragraphs:
        parent = p.getparent()
        parent.remove(p)
        if not any(local(child) in ("p", "tbl") for child in parent):
            etree.SubElement(parent, w("p"))  # a footer keeps one paragraph
        root.append(p)
        if spec.get("align"):
            for holder in p.iter(w("p")):  # the paragraph itself and one in a frame it anchors
                if _has_page_field(holder):
                    xml.set_jc(xml.para_ppr(holder), spec["align"])
    for p in blank:
        root.remove(p)
    ctx.doc.mark_changed(footer)
    ctx.doc.mark_changed(header)
    ctx.add(unit, part_label("page_numbers"), tr("fix.where.section", section=1), tr("fix.page_number.in_footer"),
            tr("fix.page_number.in_header"))
    return True


# --- formatting of each part ------------------------------------------------------------

PART_STYLES: tuple[tuple[str, str, Callable[[Detected], list[Line]]], ...] = (
    ("header_title", "header_title", lambda d: [d.header_title] if d.header_title else []),
    ("header_title", "motto", lambda d: [d.motto] if d.motto else []),
    ("issuer", "superior", lambda d: d.superior),
    ("issuer", "issuer", lambda d: d.issuer),
    ("number", "number", lambda d: [d.number] if d.number else []),
    ("place_date", "place_date", lambda d: [d.place_date] if d.place_date else []),
    ("type_name", "type_name", lambda d: [d.type_name] if d.type_name and not d.glued and not d.is_copy else []),
    ("summary", "summary", lambda d: [] if d.letter else d.summary),
    ("summary", "letter_summary", lambda d: d.summary if d.letter else []),
    ("addressee", "addressee", lambda d: d.addressee),
    ("signature_authority", "signature_authority", lambda d: d.authority),
    ("signer_title", "signer_title", lambda d: [ln for ln in d.title if ln.shown_upper]),
    ("signer_name", "signer_name", lambda d: [d.name] if d.name and not d.signed_marker else []),
    ("recipients", "recipients_label", lambda d: [d.recipients_label] if d.recipients_label else []),
    ("recipients", "recipients", lambda d: [ln for ln in d.recipients if ln is not d.archive]),
    ("archive", "archive", lambda d: [d.archive] if d.archive else []),
    ("copy_block", "copy_label", lambda d: [d.copy_label] if d.copy_label else []),
)


def _style_users(ctx: Context) -> Counter[str | None]:
    counts: Counter[str | None] = Counter()
    for p in ctx.reading.paragraphs:
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        counts[style.get(w("val")) if style is not None else None] += 1
    return counts


def _para_style_id(p: etree._Element) -> str | None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else None


def layout(unit: Unit, ctx: Context) -> None:
    """Size, bold, italic, underline, capitals and alignment of each detected part to the rule
    set's defaults, judged on effective formatting: a style used by this part alone is changed
    where it carries the value, otherwise the run (or paragraph)."""
    d, rules = ctx.detected, ctx.rules
    users = _style_users(ctx)
    tol = rules.tolerance_pt
    wanted_align: dict[int, str | None] = {}
    for _, style_name, pick in PART_STYLES:
        ps = rules.parts.get(style_name)
        for ln in pick(d):
            wanted_align[id(ln)] = ps.align if ps is not None else None
    by_block: dict[int, list[Line]] = {}
    for ln in d.lines:
        by_block.setdefault(ln.block.index, []).append(ln)
    for part, style_name, pick in PART_STYLES:
        ps = rules.parts.get(style_name)
        if ps is None or ps.conf != "V":
            continue
        lines = [ln for ln in pick(d) if not ln.blank and ln.block.index not in ctx.protected]
        if not lines:
            continue
        part_blocks = {ln.block.index for ln in lines}
        own_styles = {_para_style_id(ctx.reading.paragraphs[i]) for i in part_blocks}
        dedicated = {s for s in own_styles if s and users[s] == sum(
            1 for i in part_blocks if _para_style_id(ctx.reading.paragraphs[i]) == s)}
        label = tr(f"check.style_name.{style_name}")
        for line in lines:
            alone = all(wanted_align.get(id(ln)) == ps.align for ln in by_block[line.block.index])
            _layout_line(unit, ctx, line, ps, tol, dedicated, label, f"layout:{part}", part, alone)


def _layout_line(unit: Unit, ctx: Context, line: Line, ps, tol: float, dedicated: set[str], label: str,
                 code: str, part: str, alone: bool = True) -> None:
    """One line of a part to its rule: the runs printing it, and its paragraph's alignment when
    every line of that paragraph belongs to the same part (``alone``)."""
    p = ctx.para(line.block)
    style_id = _para_style_id(p)
    pt = ctx.text_of(line.block)
    whole = key(pt.text) == line.key  # the paragraph is this line alone
    style = _style_element(ctx, style_id) if style_id in dedicated and whole else None
    seen = _line_runs(ctx, line, pt, whole, split=False) or []
    wants: list[tuple[str, object, Callable[[RunInfo], bool], Callable[[etree._Element], None]]] = []
    if ps.size and ctx.reading.source.layout_evaluable:
        size = ps.size

        def bad_size(info: RunInfo) -> bool:
            sz = info.props.get("sz")
            value = sz / 2 if isinstance(sz, int) else 10.0
            return not size.contains(value, tol)

        wants.append(("sz", size.default, bad_size, lambda rpr: xml.set_size(rpr, size.default)))
    for attr, tag in (("bold", "b"), ("italic", "i"), ("underline", "u")):
        want = getattr(ps, attr)
        if want is None:
            continue

        def bad(info: RunInfo, tag: str = tag, want: bool = want) -> bool:
            return bool(info.props.get(tag, False)) != want

        setter = (lambda rpr, want=want: xml.set_underline(rpr, want)) if tag == "u" else \
            (lambda rpr, tag=tag, want=want: xml.set_toggle(rpr, tag, want))
        wants.append((tag, want, bad, setter))
    if ps.case == "upper" and not line.shown_upper:
        wants.append(("caps", True, lambda info: not info.props.get("caps"), lambda rpr: xml.set_toggle(rpr, "caps",
                                                                                                      True)))
    said: list[str] = []
    was: list[str] = []
    wants = [want for want in wants if any(want[2](info) for info in seen)]
    # only now, with something to change, a run shared with another line is split
    runs = (_line_runs(ctx, line, ctx.text_of(line.block), whole) or []) if wants else []
    for tag, want, bad, setter in wants:
        wrong = [info for info in runs if bad(info)]
        if not wrong:
            continue
        if style is not None and all(_direct(info, tag) is None for info in wrong):
            setter(xml.style_rpr(style))
            ctx.doc.mark_changed(_styles_part(ctx))
        else:
            for info in wrong:
                setter(xml.run_rpr(info.element))
            ctx.doc.mark_changed(ctx.doc.main)
        was.append(_describe(tag, _current(wrong[0], tag)))
        said.append(_describe(tag, want))
    if ps.align and alone and not line.tab_cell and line.block.para.align not in (None, ps.align) \
            and part != "addressee":
        if style is not None and p.find(f"{w('pPr')}/{w('jc')}") is None:
            xml.set_jc(xml.child(style, "pPr", "w:style"), ps.align)
            ctx.doc.mark_changed(_styles_part(ctx))
        else:
            xml.set_jc(xml.para_ppr(p), ps.align)
            ctx.doc.mark_changed(ctx.doc.main)
        was.append(tr("fix.format.align", align=tr(f"check.align.{line.block.para.align}")))
        said.append(tr("fix.format.align", align=tr(f"check.align.{ps.align}")))
    if said:
        where = line.where() + (f" — {tr('fix.where.style', style=style_id)}" if style is not None else "")
        ctx.add(unit, label, where, "; ".join(was), "; ".join(said), code, ps.ref)


def _line_runs(ctx: Context, line: Line, pt: ParaText, whole: bool, split: bool = True) -> list[RunInfo] | None:
    """The visible runs printing ``line``. A run that also prints another line of the paragraph,
    past a tab or a break inside it, is split there first (``split``; else it is counted as it
    is); None when that cannot be done."""
    if whole:
        return [info for info in ctx.runs_of(line.block)
                if "".join(t.text or "" for t in _text_elements(info.element)).strip()
                and not info.props.get("vanish")]
    for _ in range(8):  # a split or two per run at most
        found = locate(pt, line)
        if found is None:
            return None
        start, text = found
        end = start + len(text)
        by_run: dict[int, list] = {}
        for piece in pt.pieces:
            by_run.setdefault(id(piece.element.getparent()), []).append(piece)
        mine: set[int] = set()
        did_split = False
        for pieces in by_run.values():
            inside = [pc for pc in pieces if pc.start < end and pc.start + len(pc.text) > start and pc.text.strip()]
            if not inside:
                continue
            r = inside[0].element.getparent()
            outside = [pc for pc in pieces if pc.text.strip() and (pc.start + len(pc.text) <= start or pc.start >= end)]
            partial = [pc for pc in inside
                       if pt.text[pc.start:start].strip() or pt.text[end:pc.start + len(pc.text)].strip()]
            if partial:
                return None  # one w:t holds this line and another: left as a finding
            if not outside or not split:
                mine.add(id(r))
                continue
            boundary = _boundary(pieces, start, end)
            if boundary is None:
                return None
            new = split_run(r, boundary)
            info = ctx.reading.by_element.get(id(r))
            if info is not None:
                twin = RunInfo(new, info.props, info.block, info.where, info.para_style, info.char_style)
                ctx.reading.runs.append(twin)
                ctx.reading.by_element[id(new)] = twin
                ctx.reading.by_block.setdefault(info.block, []).append(twin)
            ctx.doc.mark_changed(ctx.doc.main)
            did_split = True
            break
        if did_split:
            pt = ParaText(pt.p, pt.hidden)
            continue
        return [info for info in ctx.runs_of(line.block) if id(info.element) in mine and not info.props.get("vanish")]
    return None


def _boundary(pieces: list, start: int, end: int) -> etree._Element | None:
    """The tab/break child of a run to split before, so the line's text and the rest part ways."""
    for index, pc in enumerate(pieces):
        if pc.editable or index == 0:
            continue
        before = "".join(p.text for p in pieces[:index]).strip()
        if pc.start >= end and before:  # the line ends before this tab/break
            return pc.element
        if pc.start + len(pc.text) <= start and index + 1 < len(pieces) and pieces[index + 1].start >= start:
            return pieces[index + 1].element  # the line starts after this tab/break
    return None


def _direct(info: RunInfo, tag: str) -> etree._Element | None:
    rpr = info.element.find(w("rPr"))
    return rpr.find(w(tag)) if rpr is not None else None


def _current(info: RunInfo, tag: str) -> object:
    """A run's effective value of ``tag`` (size in points)."""
    if tag == "sz":
        sz = info.props.get("sz")
        return sz / 2 if isinstance(sz, int) else 10.0
    return bool(info.props.get(tag, False))


def _describe(tag: str, value: object) -> str:
    """A formatting state in the clerk's words: "cỡ chữ 14", "chữ đậm", "chữ không đậm"."""
    if tag == "sz":
        return tr("fix.format.size", size=f"{value:g}".replace(".", ","))
    return tr(f"fix.format.{tag}_{'on' if value else 'off'}")


SHORT_PARAGRAPH_CHARS = 60
"""One-line paragraphs (headings, "Điều 1."): the checker judges neither their alignment nor indent."""
EXACT_LINE_FACTOR = 1.15
"""One "single" line ≈ 1.15 × the font size (as the checker counts)."""


def body_layout(unit: Unit, ctx: Context) -> None:
    """The body's paragraphs (outside its tables): size into the range, justified, first-line
    indent, space after and line spacing each moved to the nearest value the rules accept."""
    d, rules = ctx.detected, ctx.rules
    ps, para = rules.parts.get("body"), rules.paragraph
    if not d.body or ps is None:
        return
    last_line = {ln.block.index: ln for ln in d.body}
    blocks = [ln.block for ln in last_line.values() if ln.block.index not in ctx.protected]
    tol = rules.tolerance_pt
    done: dict[tuple[str, str], list[int]] = {}

    def note(before: str, after: str, block: Block) -> None:
        done.setdefault((before, after), []).append(block.location.paragraph)

    for block in blocks:
        p = ctx.para(block)
        line = last_line[block.index]
        long = len(block.stripped) > SHORT_PARAGRAPH_CHARS
        numbered = p.find(f"{w('pPr')}/{w('numPr')}") is not None
        if ps.conf == "V":
            if line.size is not None and not ps.size.contains(line.size, tol):
                for info in ctx.runs_of(block):
                    sz = info.props.get("sz")
                    if info.element.find(_VERT_ALIGN_PATH) is not None:
                        continue  # a footnote mark or an exponent keeps its size
                    if not ps.size.contains(sz / 2 if isinstance(sz, int) else 10.0, tol):
                        xml.set_size(xml.run_rpr(info.element), ps.size.default)
                note(_describe("sz", line.size), _describe("sz", ps.size.default), block)
            if long and ps.align and block.para.align not in (None, ps.align):
                xml.set_jc(xml.para_ppr(p), ps.align)
                note(tr(f"check.align.{block.para.align}"), tr(f"check.align.{ps.align}"), block)
        if para.get("conf") != "V":
            continue
        indent, allowed = block.para.first_line_indent_cm, rules.first_line_indent_cm
        if long and not numbered and indent is not None and not allowed.contains(indent, 0.05):
            nearest = min(max(indent, allowed.min), allowed.max)
            ind = xml.child(xml.para_ppr(p), "ind", "w:pPr")
            for attr in ("hanging", "hangingChars", "firstLineChars"):
                ind.attrib.pop(w(attr), None)
            ind.set(w("firstLine"), str(round(nearest * 1440 / 2.54)))
            note(tr("fix.format.indent", cm=_cm(indent)), tr("fix.format.indent", cm=_cm(nearest)), block)
        space = [x for x in (block.para.space_before_pt, block.para.space_after_pt) if x is not None]
        low = rules.space_after_pt.min
        if space and max(space) < low - tol:
            spacing = xml.child(xml.para_ppr(p), "spacing", "w:pPr")
            spacing.attrib.pop(w("afterAutospacing"), None)
            spacing.attrib.pop(w("afterLines"), None)
            spacing.set(w("after"), str(round(low * 20)))
            note(tr("fix.format.space_after", pt=f"{max(space):g}"), tr("fix.format.space_after", pt=f"{low:g}"), block)
        fixed = _line_spacing_fix(block, line.size or ps.size.default, para["line_spacing"], tol)
        if fixed is not None:
            rule, value, before, after = fixed
            spacing = xml.child(xml.para_ppr(p), "spacing", "w:pPr")
            spacing.set(w("lineRule"), rule)
            spacing.set(w("line"), str(value))
            note(before, after, block)
    for (before, after), paragraphs in done.items():
        ctx.add(unit, tr("check.style_name.body"), tr("fix.where.paragraphs", count=len(paragraphs),
                                                      paragraphs=number_ranges(paragraphs)), before, after,
                rule="F.11; " + para["ref"])
    if done:
        ctx.doc.mark_changed(ctx.doc.main)


def _cm(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _line_spacing_fix(block: Block, size: float, spec: dict, tol: float) -> tuple[str, int, str, str] | None:
    """(lineRule, line, before, after) bringing the line spacing to the nearest accepted value, or None."""
    rule, value = block.para.line_rule, block.para.line_value
    if rule is None or value is None:
        return None
    max_lines = float(spec["max_lines"])
    if rule == "auto":
        if 1.0 - 0.01 <= value <= max_lines + 0.01:
            return None
        lines = min(max(value, 1.0), max_lines)
        return "auto", round(lines * 240), tr("fix.format.lines", lines=f"{value:g}"), \
            tr("fix.format.lines", lines=f"{lines:g}")
    low = float(spec.get("min_pt", 0))
    high = max_lines * EXACT_LINE_FACTOR * size
    if (rule == "exact" and value < low - tol) or value / (EXACT_LINE_FACTOR * size) > max_lines + 0.01:
        points = min(max(value, low), high)
        return rule, round(points * 20), tr("fix.format.points", pt=f"{value:g}"), \
            tr("fix.format.points", pt=f"{points:g}")
    return None


# --- text forms -----------------------------------------------------------------------


def date_line(unit: Unit, ctx: Context) -> None:
    """`ngày 5 tháng 3` → `ngày 05 tháng 3`, `tháng 03` → `tháng 3`, the comma after the place, a date
    written with slashes in words."""
    d, rules = ctx.detected, ctx.rules
    if d.place_date is None or rules.date.get("conf") != "V":
        return

    def rewrite(old: str) -> str | None:
        m = v.DATE_WORDS.match(clean(old)) or v.DATE_SLASH.match(clean(old))  # "Hà Nội, 05/3/2025" too
        if m is None:
            return None
        day = v.date_of(m)
        if day is None:
            return None
        return compute.date_line(m.group("place").strip(), day, rules)

    replace_in_line(ctx, unit, d.place_date, rewrite, part_label("place_date"), rule="F.7; " + rules.date["ref"])


_STATE_NUMBER = re.compile(r"^S[ốỐ]\s*:?\s*(?P<num>\d+)\s*/\s*(?P<code>\S.*?)\s*$")
_PARTY_NUMBER = re.compile(r"^S[ốỐ]\s*:?\s*(?P<num>\d+)\s*-\s*(?P<code>\S.*?)\s*$")


def number_line(unit: Unit, ctx: Context) -> None:
    """`Số: 12 / TB - UBND` → `Số: 12/TB-UBND`; Party `Số: 12/TB-TU` → `Số 12-TB/TU`."""
    d, rules = ctx.detected, ctx.rules
    if d.number is None or rules.number.get("conf") != "V":
        return
    digits = int(rules.number.get("min_digits", 1)) if rules.number.get("leading_zero_conf") == "V" else 1

    def code_of(raw: str) -> str:
        return re.sub(r"\s*([-/])\s*", r"\1", re.sub("[\u2013\u2014\u2011\u2012\u2212]", "-", raw))

    def rewrite(old: str) -> str | None:
        text = re.sub("[\u2013\u2014\u2011\u2012\u2212]", "-", clean(old))
        label = "Số" if text[:2] in ("Số", "SỐ") else text[:2]
        if ctx.system == "state":
            m = _STATE_NUMBER.match(text)
            if m is None:
                return None
            return f"{label}: {m.group('num').zfill(digits)}/{code_of(m.group('code'))}"
        m = _PARTY_NUMBER.match(text)
        if m is not None:
            return f"{label} {m.group('num').zfill(digits)}-{code_of(m.group('code'))}"
        m = _STATE_NUMBER.match(text)  # the state form in a Party document: number-TYPE/AGENCY
        if m is not None:
            code = code_of(m.group("code"))
            if code.count("-") == 1 and "/" not in code:
                kind, agency = code.split("-")
                return f"{label} {m.group('num').zfill(digits)}-{kind}/{agency}"
        return None

    dash = any(c in d.number.raw for c in "\u2013\u2014\u2011\u2012\u2212")
    replace_in_line(ctx, unit, d.number, rewrite, part_label("number"), code="text:dash" if dash else None,
                    rule="F.5; " + rules.number["ref"])


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", strip_diacritics(text).upper())


def fixed_headings(unit: Unit, ctx: Context) -> None:
    """The tiêu đề / Quốc hiệu spelled as the rules print it (`ĐẢNG CÔNG SẢN` → `ĐẢNG CỘNG SẢN`), the
    tiêu ngữ's dashes and spaces."""
    d, rules = ctx.detected, ctx.rules
    fixed = rules.fixed_text
    title = fixed.get("header_title")
    if d.header_title is not None and not d.header_title_exact and title and title.get("conf") == "V":
        expected = d.header_title_expected or title["text"]
        if _letters(d.header_title.text) == _letters(expected):
            replace_in_line(ctx, unit, d.header_title, lambda old: expected, part_label("header_title"),
                            rule="F.3; " + title["ref"])
    motto = fixed.get("motto")
    if d.motto is not None and not d.motto_exact and motto and motto.get("conf") == "V" \
            and _letters(d.motto.text) == _letters(motto["text"]):
        replace_in_line(ctx, unit, d.motto, lambda old: motto["text"], part_label("motto"),
                        rule="F.3; " + motto["ref"])


def prefixes(unit: Unit, ctx: Context) -> None:
    """Signature prefixes as the system writes them: `TM` → `TM.`; Party `T/M`."""
    d, rules = ctx.detected, ctx.rules
    sig = rules.signature
    for line in d.authority:
        prefix = v.match_prefix(line)
        if prefix is None or sig["prefix_conf"].get(prefix.kind) != "V":
            continue
        expected = sig["prefixes"][prefix.kind]
        if re.sub(r"\s", "", prefix.written) == expected:
            continue
        if prefix.exact_systems and ctx.system not in prefix.exact_systems and len(prefix.exact_systems) == 1 \
                and re.sub(r"[\s/.]", "", prefix.written) != re.sub(r"[/.]", "", expected):
            continue

        def rewrite(old: str, written: str = prefix.written, expected: str = expected) -> str | None:
            text = old.lstrip()
            if not text.startswith(written):
                return None
            rest = text[len(written):].lstrip()
            return f"{expected} {rest}"

        replace_in_line(ctx, unit, line, rewrite, part_label("signature_authority"), rule="F.14; " + sig["ref"])


def recipient_endings(unit: Unit, ctx: Context) -> None:
    """Each recipient line ends with the system's mark (`;` state, `,` Party), the last with a full stop."""
    d, rules = ctx.detected, ctx.rules
    r = rules.recipients
    if r.get("conf") != "V" or not d.recipients:
        return
    items = d.recipients
    ends = [r["line_end"]] * (len(items) - 1) + [r["last_end"]]
    for line, end in zip(items, ends, strict=True):
        if line.text.endswith(end):
            continue

        def rewrite(old: str, end: str = end) -> str:
            return re.sub(r"[\s,;.:]*$", "", old) + end

        replace_in_line(ctx, unit, line, rewrite, part_label("recipients"), rule="F.18; " + r["ref"])


_NEW_STYLE_NFC = re.compile(r"(?<![qQ])(?:([oO])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ])|([uU])([ỳýỷỹỵỲÝỶỸỴ]))(?![^\W\d_])")


def _to_old_style(text: str) -> str:
    """New-style tone placement to old style: 'hoà' → 'hòa', 'uỷ' → 'ủy' (open syllables only)."""

    def move(m: re.Match[str]) -> str:
        first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        base, tone = unicodedata.normalize("NFD", second)[0], unicodedata.normalize("NFD", second)[1:]
        return unicodedata.normalize("NFC", first + tone) + base

    return _NEW_STYLE_NFC.sub(move, unicodedata.normalize("NFC", text))


def tone_marks(unit: Unit, ctx: Context) -> None:
    """Tone-mark placement made consistent: the one the document uses most ("hòa" or "hoà")."""
    d = ctx.detected
    old, new = tone_styles("\n".join(line.raw for line in d.lines))
    if not (old and new):
        return
    convert = fold_tones if new >= old else _to_old_style
    blocks = sorted({line.block.index for line in d.lines} - ctx.protected)
    for index in blocks:
        block = ctx.reading.source.blocks[index]
        pt = ctx.text_of(block)
        before = pt.text
        for piece in list(pt.pieces):
            if not piece.editable:
                continue
            text = piece.element.text or ""
            changed = convert(text)
            if changed != text and len(changed) == len(text):
                piece.element.text = changed
        after = ParaText(pt.p, pt.hidden).text
        if after != before:
            ctx.add(unit, part_label("tone_marks"), block.location.describe(), before, after)
            ctx.doc.mark_changed(ctx.doc.main)


# --- drawn lines ----------------------------------------------------------------------


def typed_lines(unit: Unit, ctx: Context) -> None:
    """A typed row of underscores or hyphens under the tiêu ngữ / agency / trích yếu becomes a
    drawn line (the emptied paragraph's bottom border) of the rule's length, in the same place."""
    from desktop.core.metrics import widest_line_pt

    d, rules = ctx.detected, ctx.rules
    candidates = (("header_title", "motto" if "motto" in rules.parts else "header_title",
                   [d.motto] if "motto" in rules.parts and d.motto else [d.header_title] if d.header_title else []),
                  ("issuer", "issuer", d.issuer or d.superior),
                  ("summary", "summary", [] if d.letter else d.summary))
    blocks = ctx.reading.source.blocks
    for part, style_name, lines in candidates:
        ps = rules.parts.get(style_name)
        if not lines or ps is None or ps.line is None or ps.line.kind != "rule" or ps.conf != "V" \
                or (ps.line.conf and ps.line.conf != "V") or ps.line.fraction is None:
            continue
        typed_row = v.UNDERSCORES.match(lines[-1].text) or v.HYPHENS.match(lines[-1].text)
        if typed_row:  # the detector took the typed row for the part's last line
            lines = lines[:-1]
            if not lines:
                continue
        last = lines[-1].block
        nxt = blocks[last.index + 1] if last.index + 1 < len(blocks) else None
        if nxt is None or nxt.index in ctx.protected or not (v.UNDERSCORES.match(nxt.stripped)
                                                             or v.HYPHENS.match(nxt.stripped)):
            continue
        if last.drawn_line_cm or last.para.border_bottom:
            continue
        p = ctx.para(nxt)
        pt = ctx.text_of(nxt)
        typed = pt.text
        if not pt.replace(0, len(pt.text), ""):
            continue
        width_cm = nxt.container_width_cm or last.container_width_cm
        # the text as printed: its lines wrapped at the box they stand in (as the renderer measures)
        text_pt = widest_line_pt([ln.text for ln in lines], ps.size.default, bold=bool(ps.bold),
                                 italic=bool(ps.italic), wrap_pt=width_cm * 72 / 2.54 if width_cm else None)
        length_pt = text_pt * (ps.line.fraction.default if ps.line.length != "full_width" else 1.0)
        ppr = xml.para_ppr(p)
        border = xml.child(ppr, "pBdr", "w:pPr")
        for old in list(border):
            border.remove(old)
        # the bottom edge of the emptied row: where the typed underscores stood
        top = etree.SubElement(border, w("bottom"))
        for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
            top.set(w(attr), value)
        if width_cm and ps.line.length != "full_width":
            box_pt = width_cm * 72 / 2.54
            indent = max(0, round((box_pt - min(length_pt, box_pt)) / 2 * 20))
            ind = xml.child(ppr, "ind", "w:pPr")
            for attr in ("firstLine", "hanging", "start", "end"):
                ind.attrib.pop(w(attr), None)
            ind.set(w("left"), str(indent))
            ind.set(w("right"), str(indent))
        xml.set_jc(ppr, "center")
        ctx.add(unit, part_label(part), nxt.location.describe(), typed.strip(),
                tr("fix.drawn_line", length=f"{length_pt * 2.54 / 72:.1f}".replace(".", ",")),
                f"layout:{part}", "F.4; " + ps.ref)
        ctx.doc.mark_changed(ctx.doc.main)


UNITS: tuple[Unit, ...] = (
    Unit("encoding", ("font:non_unicode",), "A.1 Font", encoding, needs_rules=False),
    Unit("nfc", ("text:nfc",), "F.22; C.7", nfc, needs_rules=False),
    Unit("fonts", ("layout:body",), "A.1 Font", fonts),
    Unit("page_size", ("page:size",), "A.1 Paper", page_size),
    Unit("page_margins", ("page:margins",), "A.1 Margins", page_margins),
    Unit("page_numbering", ("page:numbering",), "F.23; A.1 Page numbers", page_numbering),
    Unit("layout", tuple(f"layout:{p}" for p in (
        "header_title", "issuer", "number", "place_date", "type_name", "summary", "addressee", "signature_authority",
        "signer_title", "signer_name", "recipients", "archive", "copy_block")), "B.1; B.2", layout),
    Unit("body_layout", ("layout:body",), "F.11; A.1", body_layout),
    Unit("typed_lines", ("layout:header_title", "layout:issuer", "layout:summary"), "F.4", typed_lines),
    Unit("date_line", ("format:place_date",), "F.7; C.4", date_line),
    Unit("number_line", ("format:number", "text:dash"), "F.5; C.1", number_line),
    Unit("fixed_headings", ("format:header_title",), "F.3", fixed_headings),
    Unit("prefixes", ("format:signature_authority",), "F.14; C.5", prefixes),
    Unit("recipient_endings", ("format:recipients",), "F.18", recipient_endings),
    Unit("tone_marks", ("text:tone_marks",), "F.22; C.7", tone_marks),
)
"""In the order they run: the encoding first (what the others detect on), formatting before the
text forms (which find their lines by the text the checker read), tone marks last."""

TEXT_UNITS = ("encoding", "nfc")
"""Units that change what the detector reads: the document is read again after them."""


def claimed_codes() -> list[str]:
    return sorted({code for unit in UNITS for code in unit.codes})


def select(only: Iterable[str] | None) -> list[Unit]:
    """The units answering any of ``only`` (finding codes, code families like "page", or unit names)."""
    if not only:
        return list(UNITS)
    wanted = {item.strip() for item in only if item.strip()}
    return [unit for unit in UNITS if unit.name in wanted or any(
        code in wanted or code.split(":")[0] in wanted for code in unit.codes)]

