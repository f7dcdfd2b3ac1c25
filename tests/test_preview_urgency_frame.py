"""The live preview draws the dấu khẩn in the frame the .docx prints (Phụ lục I III.2.b; spec B.2 ô 10b):
HỎA TỐC 30 × 8 mm, THƯỢNG KHẨN 40 × 8 mm, KHẨN 20 × 8 mm, flush with the left column's edge, the
text centred in it — not a box hugging the text."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from desktop.core import layout, ooxml, render
from desktop.core.layout import PT_PER_MM, layout_draft
from desktop.core.render import render_bytes, style_name
from tests.render_helpers import open_docx, paragraphs_by_style, state_cong_van

STAMPS = {"HỎA TỐC": (30, 8), "THƯỢNG KHẨN": (40, 8), "KHẨN": (20, 8)}
TWIPS_PER_MM = 1440 / 25.4


def _draft(level: str):
    draft = state_cong_van()
    draft.extras.urgency = level
    return draft


def _rendered_frame_mm(level: str) -> tuple[float, float]:
    """The printed frame: (width, height) in mm, read back from the rendered paragraph's indents and style."""
    document = open_docx(render_bytes(_draft(level)))
    [mark] = paragraphs_by_style(document, style_name("urgency"))
    column = ooxml.cell_width_twips(next(mark._p.iterancestors(qn("w:tc"))))
    ind = mark._p.find(qn("w:pPr")).find(qn("w:ind"))
    edge = (render.BOX_BORDER_SPACE_PT + render.BOX_BORDER_PT) * 20
    width = column - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right"))) + 2 * edge
    spacing = document.styles[style_name("urgency")].paragraph_format.line_spacing.pt
    return width / TWIPS_PER_MM, (spacing + 2 * (render.BOX_BORDER_SPACE_PT + render.BOX_BORDER_PT)) / PT_PER_MM


def test_the_preview_stamp_edge_is_the_renderers():
    assert layout.STAMP_EDGE_PT == render.BOX_BORDER_SPACE_PT + render.BOX_BORDER_PT


@pytest.mark.parametrize("level", list(STAMPS))
def test_the_preview_draws_the_urgency_frame_the_docx_prints(qtbot, level: str):
    from desktop.ui.preview import PAGE_GAP, PreviewPane

    pane = PreviewPane()
    qtbot.addWidget(pane)
    model = layout_draft(_draft(level))
    pane.set_layout(model)
    page = model.pages[0]
    frame = [r for r in page.rules if r.part == "urgency"]
    assert len(frame) == 4
    left, right = min(r.x1 for r in frame), max(r.x2 for r in frame)
    top, bottom = min(r.y for r in frame), max(r.y2 or r.y for r in frame)
    width_mm, height_mm = (right - left) / PT_PER_MM, (bottom - top) / PT_PER_MM
    assert (width_mm, height_mm) == pytest.approx(STAMPS[level], abs=0.05)
    assert (width_mm, height_mm) == pytest.approx(_rendered_frame_mm(level), abs=0.3)
    assert left == pytest.approx(model.margins["left"], abs=0.5)  # flush with the left column's edge
    [mark] = [ln for ln in page.lines if ln.part == "urgency"]
    assert mark.text == level
    assert left < mark.left and mark.right < right  # the text inside, centred
    assert (mark.left - left) == pytest.approx(right - mark.right, abs=0.5)
    assert top < mark.top and mark.y < bottom

    # what the canvas paints: dark pixels on the frame's left edge, white just outside it
    canvas = pane.canvas
    image = canvas.grab().toImage()
    scale = canvas.px_per_pt
    mid_y = PAGE_GAP + (top + bottom) / 2 * scale

    def darkness(x_pt: float) -> int:
        return 255 - image.pixelColor(round(PAGE_GAP + x_pt * scale), round(mid_y)).lightness()

    assert max(darkness(left + d / scale) for d in (-1, 0, 1)) > 60
    assert max(darkness(right + d / scale) for d in (-1, 0, 1)) > 60
    assert darkness(right + 2 * PT_PER_MM) < 10
