"""Turn a rendered example into what Word users really send: lines drawn as floating shapes anchored
in the paragraph below, typed rules, tab-laid columns (tests of issue #16, the checker's reading side).

Each helper edits a rendered .docx's XML (tests/fixtures_docx.edit_docx_xml) the way Word or a
clerk would, so a test shows one class of real file through the checker's public API.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree

from desktop.core.check.docx_reader import read_docx
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from tests.conftest import EXAMPLES
from tests.fixtures_docx import NS, W_NS, edit_docx_xml

DOC = "word/document.xml"
STYLES = "word/styles.xml"
EMU_PER_CM = 360000
PT_PER_CM = 72 / 2.54
_NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def rendered(example: str) -> bytes:
    return render_bytes(load_draft(EXAMPLES / f"{example}.json"))


def write(tmp_path: Path, name: str, data: bytes, edits: dict[str, Callable[[etree._Element], None]]) -> Path:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(edit_docx_xml(data, edits))
    return path


def styled(root: etree._Element, style_id: str) -> etree._Element:
    """The first paragraph of a renderer style ('VBIssuerRule', 'VBNumber', …)."""
    for p in root.iter(w("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(w("val")) == style_id:
            return p
    raise LookupError(style_id)


def rule_geometry(data: bytes, tmp_path: Path) -> dict[str, tuple[float, float]]:
    """For each rendered rule paragraph style: (length of its border, width of its column), cm."""
    probe = tmp_path / "probe.docx"
    probe.write_bytes(data)
    out = {}
    for block in read_docx(probe).blocks:
        if block.para.style and block.para.style.endswith("Rule") and block.container_width_cm:
            box = block.container_width_cm - (block.para.left_indent_cm or 0) - (block.para.right_indent_cm or 0)
            out[block.para.style.replace(" ", "")] = (box, block.container_width_cm)  # style id
    return out


def _fragment(xml: str) -> etree._Element:
    return etree.fromstring(f"<root {_NAMESPACES}>{xml}</root>")[0]


def floating_line_run(length_cm: float, *, x_cm: float, y_cm: float, v_rel: str = "paragraph",
                      h_rel: str = "column", shape_id: int = 1) -> etree._Element:
    """A w:r holding a floating line as Word 2010+ writes it: DrawingML in mc:Choice, VML fallback."""
    cx, x, y = (round(v * EMU_PER_CM) for v in (length_cm, x_cm, y_cm))
    x_pt, y_pt, end_pt = (round(v * PT_PER_CM, 2) for v in (x_cm, y_cm, x_cm + length_cm))
    return _fragment(
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" '
        f'distL="114300" distR="114300" simplePos="0" relativeHeight="{shape_id}" behindDoc="0" locked="0" '
        'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="{h_rel}"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="{v_rel}"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="Line {shape_id}"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvCnPr/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm><a:prstGeom prst="line">'
        '<a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:line id="Line {shape_id}" style="position:absolute;z-index:{shape_id};'
        'mso-position-horizontal-relative:text;mso-position-vertical-relative:text" '
        f'from="{x_pt}pt,{y_pt}pt" to="{end_pt}pt,{y_pt}pt"/></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def vml_line_run(length_cm: float, *, x_cm: float, y_cm: float) -> etree._Element:
    """A w:r holding a floating VML line only (Word 2003, or a .doc converted by an old Word)."""
    x_pt, y_pt, end_pt = (round(v * PT_PER_CM, 2) for v in (x_cm, y_cm, x_cm + length_cm))
    return _fragment(
        '<w:r><w:pict><v:line style="position:absolute;z-index:1;mso-position-horizontal-relative:text;'
        f'mso-position-vertical-relative:text" from="{x_pt}pt,{y_pt}pt" to="{end_pt}pt,{y_pt}pt"/></w:pict></w:r>')


def drop(p: etree._Element) -> None:
    p.getparent().remove(p)


def move_rule(rule_style: str, anchor_style: str, geometry: dict[str, tuple[float, float]], *, y_cm: float,
              vml: bool = False, shape_id: int = 1) -> Callable[[etree._Element], None]:
    """Delete the rendered rule paragraph and draw the same rule as a floating line anchored in the
    paragraph of ``anchor_style`` (below it), positioned ``y_cm`` from that paragraph's top."""
    length, column = geometry[rule_style]

    def edit(root: etree._Element) -> None:
        drop(styled(root, rule_style))
        x_cm = (column - length) / 2
        run = (vml_line_run(length, x_cm=x_cm, y_cm=y_cm) if vml
               else floating_line_run(length, x_cm=x_cm, y_cm=y_cm, shape_id=shape_id))
        styled(root, anchor_style).append(run)

    return edit


def type_rule(rule_style: str, text: str = "____________") -> Callable[[etree._Element], None]:
    """Replace the rendered rule paragraph's border by a typed row of underscores (Phụ lục III's samples)."""
    def edit(root: etree._Element) -> None:
        p = styled(root, rule_style)
        borders = p.find("w:pPr/w:pBdr", NS)
        if borders is not None:
            borders.getparent().remove(borders)
        run = _fragment(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>')
        p.append(run)

    return edit


def chain(*edits: Callable[[etree._Element], None]) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        for one in edits:
            one(root)

    return edit
