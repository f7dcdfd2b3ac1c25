"""The signer's signature image (box 7c) and the agency's seal image (box 8), checked when added.

Spec B.2 ô 7c: the signature image is blue, a PNG with a transparent background; ô 8: the seal is
red, a PNG at its real size. The rule set's ``electronic`` section holds the limits. This module
reads PNG files itself (header, ``pHYs`` resolution, ``tRNS``, the pixels through zlib) so the core
needs no imaging library; the signing extra draws the images, the core only judges them.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import UnreadableInputError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MM_PER_INCH = 25.4
# Channels per colour type (PNG spec 11.2.2): grey, -, RGB, palette, grey+alpha, -, RGBA.
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


@dataclass
class PngInfo:
    """What a PNG file says about itself."""

    width: int
    height: int
    bit_depth: int
    colour_type: int
    interlaced: bool
    dpi: float | None  # from pHYs, None when the file does not say
    has_trns: bool
    idat: bytes = field(repr=False, default=b"")
    palette: bytes = field(repr=False, default=b"")
    trns: bytes = field(repr=False, default=b"")

    @property
    def has_alpha_channel(self) -> bool:
        return self.colour_type in (4, 6) or self.has_trns

    def size_mm(self) -> tuple[float, float] | None:
        """Width and height at the resolution the file records, or None."""
        if not self.dpi:
            return None
        return self.width / self.dpi * MM_PER_INCH, self.height / self.dpi * MM_PER_INCH


@dataclass
class ImageProblem:
    """One thing wrong with an image: a message key (domain ``sign``) and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        from desktop.core.i18n import tr

        return tr(self.key, **self.params)


def read_png(data: bytes) -> PngInfo:
    """Parse a PNG's chunks; anything that is not a whole PNG raises UnreadableInputError."""
    if not data.startswith(PNG_MAGIC):
        raise UnreadableInputError("sign.image.not_png")
    pos, header, dpi, idat, palette, trns = 8, None, None, [], b"", b""
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise UnreadableInputError("sign.image.truncated")
        if kind == b"IHDR" and length == 13:
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"pHYs" and length == 9:
            ppx, _ppy, unit = struct.unpack(">IIB", body)
            dpi = ppx * 0.0254 if unit == 1 and ppx else None
        elif kind == b"PLTE":
            palette = body
        elif kind == b"tRNS":
            trns = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    else:
        raise UnreadableInputError("sign.image.truncated")
    if header is None or header[3] not in CHANNELS:
        raise UnreadableInputError("sign.image.not_png")
    width, height, depth, colour, _c, _f, interlace = header
    return PngInfo(width, height, depth, colour, bool(interlace), dpi, bool(trns), b"".join(idat), palette, trns)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _rows(info: PngInfo) -> list[bytes]:
    """The unfiltered scanlines of an 8-bit, non-interlaced PNG."""
    bpp = CHANNELS[info.colour_type]
    stride = info.width * bpp
    raw = zlib.decompress(info.idat)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(info.height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                up_left = previous[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(left, previous[i], up_left)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def ink_colour(info: PngInfo) -> tuple[float, float, float, float] | None:
    """Mean (red, green, blue) of the visible ink and the share of see-through pixels.

    None when the pixels cannot be judged here (16-bit, interlaced); such an image is then
    judged on its header only. Ink is an opaque pixel that is not near-white.
    """
    if info.bit_depth != 8 or info.interlaced:
        return None
    bpp = CHANNELS[info.colour_type]
    total = [0, 0, 0]
    ink = clear = 0
    step = max(1, info.height // 400)
    for y, row in enumerate(_rows(info)):
        if y % step:
            continue
        for x in range(0, info.width * bpp, bpp):
            r, g, b, a = _rgba(info, row, x)
            if a < 128:
                clear += 1
                continue
            if min(r, g, b) > 230:
                continue
            total[0] += r
            total[1] += g
            total[2] += b
            ink += 1
    sampled = (info.height + step - 1) // step * info.width
    if not ink:
        return (0.0, 0.0, 0.0, clear / sampled)
    return (total[0] / ink, total[1] / ink, total[2] / ink, clear / sampled)


def _rgba(info: PngInfo, row: bytes, x: int) -> tuple[int, int, int, int]:
    kind = info.colour_type
    if kind == 6:
        return row[x], row[x + 1], row[x + 2], row[x + 3]
    if kind == 2:
        rgb = (row[x], row[x + 1], row[x + 2])
        transparent = info.trns[:6] == struct.pack(">HHH", *rgb) if info.trns else False
        return (*rgb, 0 if transparent else 255)
    if kind == 4:
        return row[x], row[x], row[x], row[x + 1]
    if kind == 0:
        transparent = info.trns[:2] == struct.pack(">H", row[x]) if info.trns else False
        return row[x], row[x], row[x], 0 if transparent else 255
    index = row[x]  # palette
    r, g, b = info.palette[index * 3:index * 3 + 3] or b"\0\0\0"
    alpha = info.trns[index] if index < len(info.trns) else 255
    return r, g, b, alpha


def _is_colour(rgb: tuple[float, float, float], colour: str) -> bool:
    r, g, b = rgb
    if colour == "blue":
        return b > r + 20 and b >= g
    if colour == "red":
        return r > g + 40 and r > b + 40
    return True


def check_image(path: Path, kind: str, rules: dict[str, Any]) -> list[ImageProblem]:
    """Every problem of a signature (``kind="signature_image"``) or seal (``"seal_image"``) file.

    ``rules`` is the rule set's ``electronic`` section. An empty list means the image may be used.
    """
    rule = rules[kind]
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > rule["max_bytes"]:
            return [ImageProblem("sign.image.too_big_file", {"path": str(path), "limit": rule["max_bytes"] // 1024})]
        data = path.read_bytes()
    except OSError:
        return [ImageProblem("sign.image.missing", {"path": str(path)})]
    try:
        info = read_png(data)
    except UnreadableInputError as exc:
        return [ImageProblem(exc.key, {"path": str(path)})]
    problems: list[ImageProblem] = []
    pixels = rule["pixels"]
    if info.width < pixels["min_width"] or info.height < pixels["min_height"]:
        problems.append(ImageProblem("sign.image.too_small", {"width": info.width, "height": info.height,
                                                             "min_width": pixels["min_width"],
                                                             "min_height": pixels["min_height"]}))
    if info.width > pixels["max_width"] or info.height > pixels["max_height"]:
        problems.append(ImageProblem("sign.image.too_large", {"width": info.width, "height": info.height,
                                                             "max_width": pixels["max_width"],
                                                             "max_height": pixels["max_height"]}))
        return problems
    if rule.get("transparent") and not info.has_alpha_channel:
        problems.append(ImageProblem("sign.image.not_transparent", {"ref": rule["ref"]}))
    if rule.get("scale") == "actual_size":
        mm = info.size_mm()
        limits = rule["size_mm"]
        if mm is None:
            problems.append(ImageProblem("sign.image.no_dpi", {"ref": rule["ref"]}))
        elif not (limits["min"] <= max(mm) <= limits["max"]):
            problems.append(ImageProblem("sign.image.seal_size", {"size": round(max(mm)), "min": limits["min"],
                                                                 "max": limits["max"]}))
    try:
        colour = ink_colour(info)
    except (zlib.error, IndexError, ValueError):
        return [*problems, ImageProblem("sign.image.truncated", {"path": str(path)})]
    if colour is not None:
        r, g, b, clear = colour
        if rule.get("transparent") and info.has_alpha_channel and clear < 0.05:
            problems.append(ImageProblem("sign.image.not_transparent", {"ref": rule["ref"]}))
        if not _is_colour((r, g, b), rule["colour"]):
            problems.append(ImageProblem(f"sign.image.not_{rule['colour']}", {"ref": rule["ref"]}))
    return problems


def real_size_mm(path: Path) -> tuple[float, float] | None:
    """The printed size of a PNG at the resolution it records (the seal's real size)."""
    return read_png(Path(path).read_bytes()).size_mm()
