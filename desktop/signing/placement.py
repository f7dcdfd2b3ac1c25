"""Where the images go on the page: box 7c between the chức vụ line and the name, box 8 over it.

The closing block is found on the rendered page from the PDF's text positions (pdfminer): the
right-column line above the widest vertical gap is the chức vụ line, the line under it the name
(or the line equal to the name, when the name is known). The boxes follow the rule set's
``electronic`` section (spec B.2 ô 7c, ô 8). Coordinates are PDF points, origin bottom left.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
from dataclasses import dataclass
from typing import Any

from desktop.signing import SigningError

PT_PER_MM = 72 / 25.4
MIN_GAP_PT = 30.0  # a signature gap is three or more empty lines; body lines are 14-24 pt apart
RIGHT_COLUMN_SHARE = 0.45  # a closing-block line starts right of 45 % of the page width


@dataclass(frozen=True)
class TextLine:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Box:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def as_tuple(self) -> tuple[int, int, int, int]:
        return round(self.x0), round(self.y0), round(self.x1), round(self.y1)


@dataclass(frozen=True)
class ClosingBlock:
    title: TextLine  # the chức vụ line (the last line of box 7a)
    name: TextLine  # box 7b


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def page_lines(data: bytes) -> tuple[list[list[TextLine]], list[tuple[float, float]]]:
    """Every text line of every page, top to bottom, and each page's size."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer, LTTextLine

    pages: list[list[TextLine]] = []
    sizes: list[tuple[float, float]] = []
    try:
        for index, page in enumerate(extract_pages(io.BytesIO(data))):
            lines = [TextLine(index, *line.bbox, line.get_text().strip())
                     for element in page if isinstance(element, LTTextContainer)
                     for line in element if isinstance(line, LTTextLine) and line.get_text().strip()]
            pages.append(sorted(lines, key=lambda line: -line.y1))
            sizes.append((page.width, page.height))
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        raise SigningError("sign.place.unreadable", reason=type(exc).__name__) from exc
    return pages, sizes


def find_closing_block(data: bytes, name: str | None = None) -> ClosingBlock:
    """The chức vụ line and the name line of the last closing block in the PDF."""
    pages, sizes = page_lines(data)
    for index in range(len(pages) - 1, -1, -1):
        width = sizes[index][0]
        right = [line for line in pages[index] if line.x0 >= width * RIGHT_COLUMN_SHARE]
        right.sort(key=lambda line: -line.y1)
        pairs = [(above, below) for above, below in itertools.pairwise(right)
                 if above.y0 - below.y1 >= MIN_GAP_PT and abs(above.centre_x - below.centre_x) < width * 0.15]
        if name:
            pairs = [pair for pair in pairs if _key(pair[1].text) == _key(name)]
        if pairs:
            title, name_line = pairs[-1]
            return ClosingBlock(title, name_line)
    if name:
        raise SigningError("sign.place.name_not_found", name=name)
    raise SigningError("sign.place.not_found")


def signature_box(block: ClosingBlock, image_size: tuple[int, int], rules: dict[str, Any]) -> Box:
    """Box 7c: the whole gap between the chức vụ line and the name, less ``gap_pt`` each side,
    as wide as the image's proportions allow (at most ``max_width_mm``), centred on the title."""
    rule = rules["signature_image"]
    gap = float(rule["gap_pt"])
    top, bottom = block.title.y0 - gap, block.name.y1 + gap
    height = top - bottom
    width_px, height_px = image_size
    width = height * width_px / height_px
    max_width = rule["max_width_mm"] * PT_PER_MM
    if width > max_width:
        width, height = max_width, max_width * height_px / width_px
    centre_x, centre_y = block.title.centre_x, (top + bottom) / 2
    return Box(block.title.page, centre_x - width / 2, centre_y - height / 2, centre_x + width / 2,
               centre_y + height / 2)


def seal_box(signature: Box, seal_mm: tuple[float, float], rules: dict[str, Any]) -> Box:
    """Box 8: the seal at its real size, its right edge over the first third of the signature
    image (``covers_signature_left``), centred on it vertically."""
    covers = float(rules["seal_image"]["covers_signature_left"])
    width, height = seal_mm[0] * PT_PER_MM, seal_mm[1] * PT_PER_MM
    right = signature.x0 + signature.width * covers
    centre_y = (signature.y0 + signature.y1) / 2
    return Box(signature.page, right - width, centre_y - height / 2, right, centre_y + height / 2)


def stamp_box(page_size: tuple[float, float], lines: int, rule: dict[str, Any], width_pt: float) -> Box:
    """A text stamp (attachment, electronic copy; no image): top right of page 1, ``margin_mm``
    from the edges, as tall as its lines at the rule's size."""
    margin = rule["margin_mm"] * PT_PER_MM
    height = lines * round(rule["size_pt"] * 1.25) + 4
    page_width, page_height = page_size
    return Box(0, page_width - margin - width_pt, page_height - margin - height, page_width - margin,
               page_height - margin)
