"""Effective formatting of WordprocessingML runs and paragraphs, resolved from the raw XML.

python-docx reports only what a run or paragraph says itself (``size`` is None when
inherited). Here every property is resolved through the whole hierarchy, lowest to highest:

run:        docDefaults rPrDefault -> table style -> paragraph style chain -> character style
            chain -> direct rPr; theme fonts (asciiTheme …) are looked up in theme1.xml.
paragraph:  docDefaults pPrDefault -> table style -> paragraph style chain -> numbering level
            -> direct pPr.

Within one style's ``basedOn`` chain a derived style overrides its base. Toggle properties
(b, i, caps, vanish) follow the OOXML toggle rule in its usual simplified form: docDefaults
set the starting value, each *kind* of style (table, paragraph, character) whose chain turns
the property on flips it (XOR; "off" in a style changes nothing), and direct formatting sets
it absolutely. A table style contributes its whole-table pPr/rPr with, on top, the conditional
formats (``tblStylePr``: banding, first/last column, first/last row, corners) that apply to the
cell, in the order Office applies them (MS-OI29500 2.1.252); which apply is worked out by the
reader from the cell's position and the table's ``tblLook`` (:func:`cell_conditions`).
Numbering: the level's pPr sits just under direct formatting (how Word shows a list set on the
paragraph itself).
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from desktop.core.check.blocks import ParaFormat, RunFormat
from desktop.core.records import field, record

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
TWIPS_PER_CM = 1440 / 2.54
DEFAULT_SIZE_PT = 10.0
"""Word's size when nothing in the document gives one (sz absent everywhere)."""
MAX_STYLE_DEPTH = 32
"""basedOn chains longer than this (or cyclic) are cut: a hostile file cannot loop."""

TOGGLES = ("b", "i", "caps", "vanish")
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTR = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}
_THEME_SCRIPT = {"Ascii": "latin", "HAnsi": "latin", "EastAsia": "ea", "Bidi": "cs"}
_FALSE = {"0", "false", "off", "none"}
_JUSTIFY = {"both", "distribute", "lowKashida", "mediumKashida", "highKashida", "thaiDistribute"}
_ALIGN = {"left": "left", "start": "left", "right": "right", "end": "right", "center": "center"}

CONDITION_ORDER = ("wholeTable", "band1Horz", "band2Horz", "band1Vert", "band2Vert", "firstCol", "lastCol",
                   "firstRow", "lastRow", "nwCell", "neCell", "swCell", "seCell")
"""Table-style conditional formats in the order Office applies them (a later one overrides)."""
_LOOK_BITS = {"firstRow": 0x0020, "lastRow": 0x0040, "firstColumn": 0x0080, "lastColumn": 0x0100,
              "noHBand": 0x0200, "noVBand": 0x0400}
"""tblLook flags and their bits in the older hexadecimal w:val (an explicit attribute wins)."""

FORMAT_CACHE_ENTRIES = 8192
"""Distinct (text kind, effective properties) pairs a style sheet remembers before starting over."""

Props = dict[str, object]


def w(tag: str) -> str:
    """Clark name of a w: element or attribute."""
    return f"{{{W_NS}}}{tag}"


_VAL = w("val")
_FONT_SLOT_ATTRS = tuple((slot, w(_THEME_ATTR[slot]), w(slot)) for slot in FONT_SLOTS)
_SPACING_ATTRS = tuple((attr, w(attr)) for attr in ("before", "after", "line"))
_LINE_RULE = w("lineRule")
_IND_ATTRS = (("ind_left", (w("start"), w("left"))), ("ind_right", (w("end"), w("right"))))
_HANGING, _FIRST_LINE = w("hanging"), w("firstLine")
_STYLE = w("style")
_STYLE_ID = w("styleId")
_DEFAULT = w("default")
_TYPE = w("type")
_NAME = w("name")
_BASED_ON = w("basedOn")
_PPR = w("pPr")
_RPR = w("rPr")
_DOC_DEFAULTS = w("docDefaults")
_RPR_DEFAULT = f"{w('rPrDefault')}/{w('rPr')}"
_TBL_STYLE_PR = w("tblStylePr")
_TBL_PR = w("tblPr")
_PPR_DEFAULT = f"{w('pPrDefault')}/{w('pPr')}"


_LOCAL_NAMES: dict[object, str] = {}
_LOCAL_NAMES_MAX = 4096


def local(el: etree._Element) -> str:
    """Local name of an element ("" for comments and processing instructions)."""
    tag = el.tag
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_MAX:  # a hostile file's many namespaces cannot grow it
            _LOCAL_NAMES[tag] = name
    return name


def first_child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with this Clark name, like ``el.find(tag)`` without lxml's path machinery."""
    for item in el:
        if item.tag == tag:
            return item
    return None


def on_off(el: etree._Element) -> bool:
    """An ST_OnOff element: present without w:val means on."""
    return (el.get(_VAL) or "true").lower() not in _FALSE


def cell_margin_twips(margins: etree._Element | None, sides: tuple[str, ...]) -> int | None:
    """The width in twips of the first of ``sides`` ("left", "start", …) a w:tcMar/w:tblCellMar
    sets; None when none is set or its width is not in twips (dxa)."""
    if margins is None:
        return None
    for side in sides:
        el = first_child(margins, w(side))
        if el is not None:
            kind, value = el.get(w("type"), "dxa"), to_int(el.get(w("w")))
            if kind == "nil":
                return 0
            return value if kind == "dxa" else None
    return None


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def run_props(rpr: etree._Element | None) -> Props:
    """The properties one rPr states itself (fonts, sz, u and the toggles)."""
    props: Props = {}
    if rpr is None:
        return props
    for item in rpr:
        tag = local(item)
        if tag == "rFonts":
            for slot, theme_attr, name_attr in _FONT_SLOT_ATTRS:
                theme = item.get(theme_attr)
                name = item.get(name_attr)
                if theme:
                    props[slot] = ("theme", theme)
                elif name:
                    props[slot] = ("font", name)
        elif tag == "sz":
            size = to_int(item.get(_VAL))
            if size is not None and size > 0:
                props["sz"] = size
        elif tag == "u":
            props["u"] = (item.get(_VAL) or "single") != "none"
        elif tag in TOGGLES:
            props[tag] = on_off(item)
    return props


def para_props(ppr: etree._Element | None) -> Props:
    """The properties one pPr states itself (jc, ind, spacing, borders, numbering, breaks)."""
    props: Props = {}
    if ppr is None:
        return props
    for child in ppr:
        tag = local(child)
        if tag == "jc":
            val = child.get(_VAL, "")
            align = "justify" if val in _JUSTIFY else _ALIGN.get(val)
            if align:
                props["align"] = align
        elif tag == "ind":
            _ind(child, props)
        elif tag == "spacing":
            for attr, clark in _SPACING_ATTRS:
                value = to_int(child.get(clark))
                if value is not None:
                    props[attr] = value
            rule = child.get(_LINE_RULE)
            if rule:
                props["lineRule"] = rule
        elif tag == "pBdr":
            for edge in ("top", "bottom"):
                border = child.find(w(edge))
                if border is not None:
                    props[f"border_{edge}"] = border.get(w("val"), "nil") not in ("nil", "none")
        elif tag == "pageBreakBefore":
            props["pageBreakBefore"] = on_off(child)
        elif tag == "tabs":
            stops = ((stop.get(_VAL, "left"), to_int(stop.get(w("pos")))) for stop in child if local(stop) == "tab")
            props["tabs"] = tuple(sorted((pos, val) for val, pos in stops if pos is not None and val != "clear"))
        elif tag == "numPr":
            num_id = child.find(w("numId"))
            ilvl = child.find(w("ilvl"))
            if num_id is not None:
                props["numId"] = num_id.get(w("val"))
            if ilvl is not None:
                props["ilvl"] = to_int(ilvl.get(w("val"))) or 0
    return props


def _ind(el: etree._Element, props: Props) -> None:
    for key, attrs in _IND_ATTRS:
        for attr in attrs:
            value = to_int(el.get(attr))
            if value is not None:
                props[key] = value
                break
    hanging = to_int(el.get(_HANGING))
    first = to_int(el.get(_FIRST_LINE))
    if hanging is not None:
        props["ind_first"] = -hanging
    elif first is not None:
        props["ind_first"] = first


@record
class Style:
    style_id: str
    name: str
    kind: str  # paragraph | character | table | numbering
    based_on: str | None
    ppr: Props
    rpr: Props
    is_default: bool
    conditional: dict[str, dict[str, Props]] = field(default_factory=dict)
    """Table styles: tblStylePr type -> {"ppr": …, "rpr": …} (the first of each type wins)."""
    band_sizes: tuple[int | None, int | None] = (None, None)
    """Table styles: tblStyleRowBandSize and tblStyleColBandSize, when the style sets them."""


def _build_style(style_id: str, el: etree._Element) -> Style:
    name_el = el.find(_NAME)
    based = el.find(_BASED_ON)
    conditional: dict[str, dict[str, Props]] = {}
    band_sizes: tuple[int | None, int | None] = (None, None)
    if el.get(_TYPE) == "table":
        for cond in el.iterfind(_TBL_STYLE_PR):
            conditional.setdefault(cond.get(_TYPE, ""), {"ppr": para_props(cond.find(_PPR)),
                                                         "rpr": run_props(cond.find(_RPR))})
        tbl_pr = el.find(_TBL_PR)
        if tbl_pr is not None:
            band_sizes = tuple(_band_size(tbl_pr.find(w(tag))) for tag in ("tblStyleRowBandSize",
                                                                           "tblStyleColBandSize"))
    return Style(
        style_id=style_id,
        name=name_el.get(_VAL, style_id) if name_el is not None else style_id,
        kind=el.get(_TYPE, "paragraph"),
        based_on=based.get(_VAL) if based is not None else None,
        ppr=para_props(el.find(_PPR)),
        rpr=run_props(el.find(_RPR)),
        is_default=(el.get(_DEFAULT) or "0").lower() in ("1", "true", "on"),
        conditional=conditional,
        band_sizes=band_sizes,
    )


def _band_size(el: etree._Element | None) -> int | None:
    value = to_int(el.get(_VAL)) if el is not None else None
    return value if value is not None and value > 0 else None


def table_look(tbl_pr: etree._Element | None) -> frozenset[str]:
    """The tblLook flags that are on (firstRow, lastRow, firstColumn, lastColumn, noHBand, noVBand).

    No tblLook at all means none: banding applies, first/last row and column formats do not.
    """
    look = first_child(tbl_pr, w("tblLook")) if tbl_pr is not None else None
    if look is None:
        return frozenset()
    try:
        bits = int(look.get(_VAL) or "0", 16)
    except ValueError:
        bits = 0
    flags = set()
    for flag, bit in _LOOK_BITS.items():
        explicit = look.get(w(flag))
        on = (explicit.lower() not in _FALSE) if explicit is not None else bool(bits & bit)
        if on:
            flags.add(flag)
    return frozenset(flags)


def cell_conditions(look: frozenset[str], *, row: int, rows: int, header_rows: int, col: int, cols: int,
                    band_sizes: tuple[int, int], defined: frozenset[str]) -> tuple[str, ...]:
    """The conditional formats of a table style that apply to one cell, in Office's order.

    ``row``/``col`` count from 0; ``header_rows`` is how many rows at the top take the first-row
    format (the first row and the repeated header rows, trPr/tblHeader, right under it; 0 when
    the format is off). Banding counts rows after those rows and columns after the first
    column when its format is on. Only the types the style chain ``defined`` are returned, so a
    style without conditional formats costs nothing.
    """
    if not defined:
        return ()
    first_row = row < header_rows
    last_row = "lastRow" in look and row == rows - 1 and not first_row
    first_col = "firstColumn" in look and col == 0
    last_col = "lastColumn" in look and col == cols - 1 and not first_col
    on = {"wholeTable"}
    if "noHBand" not in look and not first_row and not last_row:
        on.add("band1Horz" if ((row - header_rows) // band_sizes[0]) % 2 == 0 else "band2Horz")
    if "noVBand" not in look and not first_col and not last_col:
        band_col = col - (1 if "firstColumn" in look else 0)
        on.add("band1Vert" if (max(band_col, 0) // band_sizes[1]) % 2 == 0 else "band2Vert")
    for name, flag in (("firstCol", first_col), ("lastCol", last_col), ("firstRow", first_row),
                       ("lastRow", last_row), ("nwCell", first_row and first_col),
                       ("neCell", first_row and last_col), ("swCell", last_row and first_col),
                       ("seCell", last_row and last_col)):
        if flag:
            on.add(name)
    return tuple(name for name in CONDITION_ORDER if name in on and name in defined)


@record
class ThemeFonts:
    """major/minor latin, ea, cs typefaces of theme1.xml."""

    faces: dict[str, str] = field(default_factory=dict)  # "minor.latin" -> "Calibri"

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> ThemeFonts:
        faces: dict[str, str] = {}
        if root is not None:
            for group in ("major", "minor"):
                font = root.find(f".//{{{A_NS}}}{group}Font")
                if font is None:
                    continue
                for script in ("latin", "ea", "cs"):
                    el = font.find(f"{{{A_NS}}}{script}")
                    if el is not None and el.get("typeface"):
                        faces[f"{group}.{script}"] = el.get("typeface")
        return cls(faces)

    def resolve(self, theme_name: str) -> str | None:
        """"minorHAnsi" -> the minor latin typeface."""
        for group in ("major", "minor"):
            if theme_name.startswith(group):
                script = _THEME_SCRIPT.get(theme_name[len(group):])
                return self.faces.get(f"{group}.{script}") if script else None
        return None


class StyleSheet:
    """styles.xml + theme fonts: resolves effective run and paragraph formatting, with caches.

    Styles are indexed by id when loaded and turned into :class:`Style` only when first asked
    for (a Word template defines hundreds, a document uses a handful). Once built, a sheet is
    only read (its caches aside), so one sheet may serve every document carrying the same
    styles.xml and theme (see :meth:`desktop.core.check.package.Package.derived`).
    """

    def __init__(self, styles_root: etree._Element | None, theme_root: etree._Element | None = None,
                 *, theme: ThemeFonts | None = None) -> None:
        self.theme = theme if theme is not None else ThemeFonts.from_xml(theme_root)
        self._elements: dict[str, etree._Element] = {}
        self._styles: dict[str, Style | None] = {}
        self.default_rpr: Props = {}
        self.default_ppr: Props = {}
        self.defaults: dict[str, str] = {}  # kind -> default style id
        if styles_root is not None:
            self._load(styles_root)
        self._chain_cache: dict[tuple[str | None, str, str], Props] = {}
        self._format_cache: dict[tuple, tuple] = {}
        self._run_base = lru_cache(maxsize=4096)(self._run_base_uncached)
        self._para_base = lru_cache(maxsize=4096)(self._para_base_uncached)

    def _load(self, root: etree._Element) -> None:
        defaults = root.find(_DOC_DEFAULTS)
        if defaults is not None:
            self.default_rpr = run_props(defaults.find(_RPR_DEFAULT))
            self.default_ppr = para_props(defaults.find(_PPR_DEFAULT))
        for el in root.iter(_STYLE):
            style_id = el.get(_STYLE_ID)
            if not style_id:
                continue
            self._elements.setdefault(style_id, el)
            if (el.get(_DEFAULT) or "0").lower() in ("1", "true", "on"):
                self.defaults.setdefault(el.get(_TYPE, "paragraph"), style_id)

    def get_style(self, style_id: str | None) -> Style | None:
        """The style of that id (first definition wins), built on first use."""
        if not style_id:
            return None
        if style_id in self._styles:
            return self._styles[style_id]
        el = self._elements.get(style_id)
        style = None if el is None else _build_style(style_id, el)
        self._styles[style_id] = style
        return style

    def style(self, style_id: str | None, kind: str) -> Style | None:
        """The style of that id and kind, else the default style of the kind."""
        style = self.get_style(style_id)
        if style is not None and style.kind == kind:
            return style
        return self.get_style(self.defaults.get(kind))

    def chain(self, style_id: str | None, kind: str, which: str) -> Props:
        """A style's ``which`` ("rpr"/"ppr") merged down its basedOn chain (derived wins)."""
        key = (style_id, kind, which)
        cached = self._chain_cache.get(key)
        if cached is not None:
            return cached
        merged: Props = {}
        for ancestor in reversed(self._lineage(style_id, kind)):
            merged.update(getattr(ancestor, which))
        self._chain_cache[key] = merged
        return merged

    def _lineage(self, style_id: str | None, kind: str) -> list[Style]:
        """A style (or the kind's default) and its bases, derived first (cut at a cycle or MAX_STYLE_DEPTH)."""
        style = self.style(style_id, kind)
        lineage: list[Style] = []
        seen: set[str] = set()
        while style is not None and style.style_id not in seen and len(lineage) < MAX_STYLE_DEPTH:
            lineage.append(style)
            seen.add(style.style_id)
            style = self.get_style(style.based_on)
        return lineage

    def table_conditions(self, style_id: str | None) -> frozenset[str]:
        """The conditional-format types a table style defines down its basedOn chain."""
        return frozenset(kind for style in self._lineage(style_id, "table") for kind in style.conditional)

    def table_band_sizes(self, style_id: str | None) -> tuple[int, int]:
        """Rows and columns in one band of the table style (1 unless its chain says otherwise)."""
        rows = cols = None
        for style in self._lineage(style_id, "table"):
            rows = rows or style.band_sizes[0]
            cols = cols or style.band_sizes[1]
        return rows or 1, cols or 1

    def _table_layer(self, style_id: str | None, conditions: tuple[str, ...], which: str) -> Props:
        """A table style's whole-table ``which`` with the cell's conditional formats on top, in order."""
        layer = self.chain(style_id, "table", which)
        if not conditions:
            return layer
        layer = dict(layer)
        lineage = self._lineage(style_id, "table")
        for condition in conditions:
            for style in reversed(lineage):
                layer.update(style.conditional.get(condition, {}).get(which, {}))
        return layer

    def table_cell_margin(self, style_id: str | None, sides: tuple[str, ...]) -> int | None:
        """A table style's default cell margin (tblPr/tblCellMar, twips) on the first of ``sides``
        it sets, looked up down its basedOn chain; None when no style in the chain sets it."""
        for style in self._lineage(style_id, "table"):
            el = self._elements.get(style.style_id)
            value = cell_margin_twips(el.find(f"{w('tblPr')}/{w('tblCellMar')}") if el is not None else None, sides)
            if value is not None:
                return value
        return None

    def table_borders(self, style_id: str | None) -> etree._Element | None:
        """A table style's tblPr/tblBorders, the first down its basedOn chain; None when none sets them."""
        for style in self._lineage(style_id, "table"):
            el = self._elements.get(style.style_id)
            borders = el.find(f"{w('tblPr')}/{w('tblBorders')}") if el is not None else None
            if borders is not None:
                return borders
        return None

    def style_name(self, style_id: str | None) -> str | None:
        style = self.style(style_id, "paragraph")
        return style.name if style else None

    def _run_base_uncached(self, table_style: str | None, para_style: str | None, char_style: str | None,
                           conditions: tuple[str, ...] = ()) -> Props:
        result: Props = dict(self.default_rpr)
        layers = [self.chain(para_style, "paragraph", "rpr"), self.chain(char_style, "character", "rpr")]
        if table_style is not None:
            layers.insert(0, self._table_layer(table_style, conditions, "rpr"))
        for layer in layers:
            for key, value in layer.items():
                if key in TOGGLES:
                    if value:
                        result[key] = not result.get(key, False)
                else:
                    result[key] = value
        return result

    def _para_base_uncached(self, table_style: str | None, para_style: str | None,
                            conditions: tuple[str, ...] = ()) -> Props:
        result: Props = dict(self.default_ppr)
        if table_style is not None:
            result.update(self._table_layer(table_style, conditions, "ppr"))
        result.update(self.chain(para_style, "paragraph", "ppr"))
        return result

    def run_props(self, direct: Props, *, table_style: str | None, para_style: str | None,
                  char_style: str | None, extra: Props | None = None, conditions: tuple[str, ...] = ()) -> Props:
        """Effective run properties; ``extra`` (e.g. a numbering level's rPr) sits under direct;
        ``conditions`` are the table style's conditional formats that apply to the cell."""
        result = dict(self._run_base(table_style, para_style, char_style, conditions))
        if extra:
            result.update(extra)
        result.update(direct)
        return result

    def para_props(self, direct: Props, *, table_style: str | None, para_style: str | None,
                   numbering: Props | None = None, conditions: tuple[str, ...] = ()) -> Props:
        result = dict(self._para_base(table_style, para_style, conditions))
        if numbering:
            result.update(numbering)
        result.update(direct)
        return result

    def font_name(self, value: object) -> str | None:
        if not isinstance(value, tuple):
            return None
        kind, name = value
        return self.theme.resolve(name) if kind == "theme" else name

    def run_format(self, text: str, props: Props, items: tuple | None = None) -> RunFormat:
        """A RunFormat from effective properties; ``font`` is the slot the text mostly uses.

        ``items`` is ``tuple(sorted(props.items()))`` when the caller already has it.
        """
        key = (text.isascii(), items if items is not None else tuple(sorted(props.items())))
        fields = self._format_cache.get(key)
        if fields is None:
            template = self._run_format(text, props)
            fields = (template.font, template.fonts, template.size, template.bold, template.italic,
                      template.underline, template.caps)
            if len(self._format_cache) >= FORMAT_CACHE_ENTRIES:
                self._format_cache.clear()  # a sheet shared by many documents stays bounded
            self._format_cache[key] = fields
        return RunFormat(text, *fields)

    def _run_format(self, text: str, props: Props) -> RunFormat:
        slots = {slot: self.font_name(props.get(slot)) for slot in FONT_SLOTS}
        preferred = ("ascii", "hAnsi") if text.isascii() else ("hAnsi", "ascii")
        font = slots[preferred[0]] or slots[preferred[1]]
        fonts = tuple(dict.fromkeys(name for name in slots.values() if name))
        size = props.get("sz")
        return RunFormat(
            text=text, font=font, fonts=fonts,
            size=size / 2 if isinstance(size, int) else DEFAULT_SIZE_PT,
            bold=bool(props.get("b", False)), italic=bool(props.get("i", False)),
            underline=bool(props.get("u", False)), caps=bool(props.get("caps", False)),
        )


def para_format(props: Props, style_name: str | None) -> ParaFormat:
    """A ParaFormat from effective paragraph properties (Word's defaults where nothing is said)."""
    return _para_format(tuple(sorted(props.items())), style_name)


@lru_cache(maxsize=4096)
def _para_format(items: tuple, style_name: str | None) -> ParaFormat:
    props = dict(items)
    line = props.get("line")
    rule = props.get("lineRule") or "auto"
    if rule not in ("auto", "exact", "atLeast"):
        rule = "auto"
    if isinstance(line, int) and line > 0:
        line_value = round(line / 240, 3) if rule == "auto" else round(line / 20, 2)
    else:
        rule, line_value = "auto", 1.0

    def cm(key: str) -> float:
        value = props.get(key)
        return round(value / TWIPS_PER_CM, 3) if isinstance(value, int) else 0.0

    def pt(key: str) -> float:
        value = props.get(key)
        return round(value / 20, 2) if isinstance(value, int) else 0.0

    return ParaFormat(
        style=style_name, align=str(props.get("align", "left")),
        first_line_indent_cm=cm("ind_first"), left_indent_cm=cm("ind_left"), right_indent_cm=cm("ind_right"),
        space_before_pt=pt("before"), space_after_pt=pt("after"), line_rule=rule, line_value=line_value,
        border_top=bool(props.get("border_top", False)), border_bottom=bool(props.get("border_bottom", False)),
        tab_stops=tuple((val, round(pos / TWIPS_PER_CM, 3)) for pos, val in props.get("tabs", ())),
    )


# --- numbering -------------------------------------------------------------------------------

_SIMPLE_FORMATS = ("decimal", "decimalZero", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman")
PLAIN_BULLETS = ("-", "–", "—", "+", "*")
"""Bullet texts shown as such; symbol-font bullets (private-use characters) are not rendered."""


@record
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    ppr: Props = field(default_factory=dict)
    rpr: Props = field(default_factory=dict)


def _level(el: etree._Element) -> Level:
    def val(tag: str, default: str) -> str:
        child = el.find(w(tag))
        return child.get(w("val"), default) if child is not None else default

    return Level(start=to_int(val("start", "1")) or 0, fmt=val("numFmt", "decimal"), text=val("lvlText", ""),
                 suffix=val("suff", "tab"), ppr=para_props(el.find(w("pPr"))), rpr=run_props(el.find(w("rPr"))))


def _roman(value: int) -> str:
    numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = []
    for number, letters in numerals:
        count, value = divmod(value, number)
        out.append(letters * count)
    return "".join(out)


def format_number(value: int, fmt: str) -> str | None:
    """One counter in a simple numFmt, or None when the format is not rendered."""
    if fmt == "decimal":
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if fmt == "lowerRoman" else roman.upper()
    return None


class Numbering:
    """numbering.xml: renders simple list labels ("1.", "a)", "II.", "-") in document order.

    Best effort: counters run per abstract list (per w:num when it overrides a start), a
    level restarts when a lower level advances, and only decimal/letter/roman formats and
    plain-character bullets are rendered; anything else gives no label. A list that only
    links to a numbering style (``w:numStyleLink``) uses the list that style points to.
    """

    def __init__(self, root: etree._Element | None, styles: StyleSheet | None = None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, Level], bool]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        links: dict[str, str] = {}
        for el in root.iter(w("abstractNum")):
            levels = {to_int(lvl.get(w("ilvl"))) or 0: _level(lvl) for lvl in el.iter(w("lvl"))}
            abstract_id = el.get(w("abstractNumId"), "")
            self.abstract.setdefault(abstract_id, levels)
            link = el.find(w("numStyleLink"))
            if link is not None and not levels:
                links[abstract_id] = link.get(w("val"), "")
        self._load_nums(root)
        self._follow_style_links(links, styles)

    def fresh(self) -> Numbering:
        """This numbering with its counters at zero (definitions shared: they are never changed)."""
        copy = Numbering(None)
        copy.abstract, copy.nums = self.abstract, self.nums
        return copy

    def _follow_style_links(self, links: dict[str, str], styles: StyleSheet | None) -> None:
        """Point nums of a style-linked list at the list the numbering style uses."""
        for abstract_id, style_id in links.items():
            style = styles.get_style(style_id) if styles else None
            target_num = style.ppr.get("numId") if style else None
            target = self.nums.get(target_num, ("",))[0] if isinstance(target_num, str) else ""
            if not target or target == abstract_id:
                continue
            for num_id, (linked, overrides, restarts) in list(self.nums.items()):
                if linked == abstract_id:
                    self.nums[num_id] = (target, overrides, restarts)

    def _load_nums(self, root: etree._Element) -> None:
        for el in root.iter(w("num")):
            abstract_el = el.find(w("abstractNumId"))
            if abstract_el is None:
                continue
            overrides: dict[int, Level] = {}
            restarts = False
            for override in el.iter(w("lvlOverride")):
                ilvl = to_int(override.get(w("ilvl"))) or 0
                base = self.abstract.get(abstract_el.get(w("val"), ""), {}).get(ilvl, Level())
                lvl_el = override.find(w("lvl"))
                level = _level(lvl_el) if lvl_el is not None else Level(**vars(base))
                start = override.find(w("startOverride"))
                if start is not None:
                    level.start = to_int(start.get(w("val"))) or 0
                    restarts = True
                overrides[ilvl] = level
            self.nums.setdefault(el.get(w("numId"), ""), (abstract_el.get(w("val"), ""), overrides, restarts))

    def levels(self, num_id: str) -> dict[int, Level]:
        abstract_id, overrides, _ = self.nums.get(num_id, ("", {}, False))
        merged = dict(self.abstract.get(abstract_id, {}))
        merged.update(overrides)
        return merged

    def level(self, num_id: str | None, ilvl: int) -> Level | None:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return self.levels(num_id).get(ilvl)

    def next_label(self, num_id: str | None, ilvl: int) -> str | None:
        """Advance the list's counter for this paragraph and return its label text (with suffix)."""
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        abstract_id, _, restarts = self.nums[num_id]
        counters = self.counters.setdefault(num_id if restarts else f"a{abstract_id}", {})
        levels = self.levels(num_id)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            label = level.text if level.text in PLAIN_BULLETS else None
        elif level.fmt in _SIMPLE_FORMATS:
            label = self._render(level.text, counters, levels)
        else:
            label = None
        if not label:
            return None
        return label + {"tab": "\t", "space": " "}.get(level.suffix, "")

    @staticmethod
    def _render(pattern: str, counters: dict[int, int], levels: dict[int, Level]) -> str | None:
        out: list[str] = []
        i = 0
        while i < len(pattern):
            ch = pattern[i]
            if ch == "%" and i + 1 < len(pattern) and pattern[i + 1].isdigit():
                ilvl = int(pattern[i + 1]) - 1
                level = levels.get(ilvl)
                value = counters.get(ilvl, level.start if level else 1)
                text = format_number(value, level.fmt if level else "decimal")
                if text is None:
                    return None
                out.append(text)
                i += 2
            else:
                out.append(ch)
                i += 1
        return "".join(out)
