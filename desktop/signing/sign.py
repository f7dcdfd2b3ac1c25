"""PAdES signatures with pyHanko: the signer's in box 7c, the agency's seal in box 8, the
attachment stamp; from a .p12/.pfx file or a PKCS#11 token (Ban Cơ yếu tokens, SoftHSM2).

Every signature is an incremental update (earlier signatures stay valid), PAdES baseline B-B,
or B-T when a timestamp server is given. The result is returned as bytes: the caller writes it
through desktop.core.atomic.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.stamp_images import read_png, real_size_mm
from desktop.signing import SigningError
from desktop.signing.placement import Box, find_closing_block, page_lines, seal_box, signature_box, stamp_box

ROLES = ("signer", "agency", "attachment", "copy")
FIELD_NAMES = {"signer": "VanBan_ChuKy", "agency": "VanBan_DauCoQuan", "attachment": "VanBan_KemTheo",
               "copy": "VanBan_BanSao"}
STAMP_RULES = {"attachment": "attachment_stamp", "copy": "copy"}  # text stamps, no image (rules "electronic")
# Times New Roman where it is installed, else its metric twin Liberation Serif (Debian fonts-liberation2)
STAMP_FONTS = ("C:/Windows/Fonts/times.ttf", "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
               "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
               "/usr/share/fonts/liberation-serif/LiberationSerif-Regular.ttf")
VIETNAM = dt.timezone(dt.timedelta(hours=7))
NOMINAL_SIGNATURE_ASPECT = (3, 1)  # used for box 8 when the signer's widget is not in the file


@dataclass(frozen=True)
class Widget:
    """A signature field's widget as it stands in the file."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    signed: bool


def now_vietnam() -> dt.datetime:
    return dt.datetime.now(VIETNAM).replace(microsecond=0)


def iso_time(moment: dt.datetime) -> str:
    """ISO 8601 with the +07:00 offset (spec B.2 Copy (electronic))."""
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def signature_widgets(data: bytes) -> list[Widget]:
    """Every signature field widget of a PDF, in page order."""
    from pikepdf import PdfError
    from pikepdf import open as open_pdf  # reads from memory

    try:
        return _widgets(open_pdf(io.BytesIO(data)))
    except PdfError as exc:
        raise SigningError("sign.pdf_unusable", reason=str(exc).split(": ", 1)[-1]) from exc


def _widgets(pdf: Any) -> list[Widget]:
    found: list[Widget] = []
    with pdf:
        for index, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                field = annot if "/FT" in annot else annot.get("/Parent", annot)
                if field.get("/FT") != "/Sig":
                    continue
                rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
                x0, x1 = sorted((rect[0], rect[2]))
                y0, y1 = sorted((rect[1], rect[3]))
                found.append(Widget(str(field.get("/T", "")), index, (x0, y0, x1, y1), "/V" in field))
    return found


def load_p12(path: Path, password: str) -> Any:
    """A pyHanko signer from a PKCS#12 file; a wrong password or a damaged file raises SigningError."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SigningError("sign.p12_missing", path=str(path)) from exc
    try:
        pkcs12.load_key_and_certificates(raw, password.encode("utf-8") or None)
    except ValueError as exc:
        raise SigningError("sign.p12_bad", path=str(path)) from exc
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=password.encode("utf-8") or None)
    if signer is None:
        raise SigningError("sign.p12_bad", path=str(path))
    return signer


@contextmanager
def pkcs11_signer(lib: str, pin: str, slot: int | None = None, label: str | None = None,
                  key_label: str | None = None) -> Iterator[Any]:
    """A pyHanko signer on a PKCS#11 token (the first certificate with a private key, or ``key_label``)."""
    import pkcs11
    from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session

    if not Path(lib).exists():
        raise SigningError("sign.pkcs11_lib_missing", path=lib)
    try:
        session = open_pkcs11_session(lib, slot_no=slot, token_criteria=TokenCriteria(label=label) if label else None,
                                      user_pin=pin)
    except pkcs11.PinIncorrect as exc:
        raise SigningError("sign.pkcs11_pin") from exc
    except Exception as exc:  # python-pkcs11 and pyHanko raise many kinds for "no such token"
        raise SigningError("sign.pkcs11_no_token", lib=lib, reason=str(exc) or type(exc).__name__) from exc
    try:
        if key_label is None:
            keys = list(session.get_objects({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY}))
            if not keys:
                raise SigningError("sign.pkcs11_no_key")
            key_label = keys[0].label
        yield PKCS11Signer(session, cert_label=key_label, key_label=key_label)
    finally:
        session.close()


def _field_name(role: str, existing: list[Widget]) -> str:
    base = FIELD_NAMES[role]
    names = {w.name for w in existing}
    if base not in names:
        return base
    n = 2
    while f"{base}_{n}" in names:
        n += 1
    return f"{base}_{n}"


def plan_box(data: bytes, role: str, rules: dict[str, Any], image: Path | None, name: str | None,
             widgets: list[Widget], stamp_width_pt: float = 0, stamp_lines: int = 2) -> Box:
    """Where this role's signature goes (see desktop.signing.placement)."""
    if role in STAMP_RULES:
        _pages, sizes = page_lines(data)
        if not sizes:
            raise SigningError("sign.place.not_found")
        return stamp_box(sizes[0], stamp_lines, rules[STAMP_RULES[role]], stamp_width_pt)
    if role == "signer":
        assert image is not None
        info = read_png(image.read_bytes())
        return signature_box(find_closing_block(data, name), (info.width, info.height), rules)
    signer_widgets = [w for w in widgets if w.name.startswith(FIELD_NAMES["signer"])]
    if signer_widgets:
        page, (x0, y0, x1, y1) = signer_widgets[-1].page, signer_widgets[-1].rect
        under = Box(page, x0, y0, x1, y1)
    else:
        under = signature_box(find_closing_block(data, name), NOMINAL_SIGNATURE_ASPECT, rules)
    assert image is not None
    size = real_size_mm(image)
    if size is None:
        raise SigningError("sign.image.no_dpi_seal")
    return seal_box(under, size, rules)


def _image_style(image: Path) -> Any:
    from PIL.Image import open as open_image  # reads the PNG
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    with open_image(image) as opened:
        picture = opened.convert("RGBA")
    return StaticStampStyle(background=PdfImage(picture), border_width=0, background_opacity=1.0)


def stamp_font() -> str:
    """The TrueType font of the text stamps: ``VANBAN_STAMP_FONT``, Times New Roman, Liberation Serif."""
    for place in (os.environ.get("VANBAN_STAMP_FONT", ""), *STAMP_FONTS,
                  str(Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "times.ttf")):
        if place and Path(place).is_file():
            return place
    raise SigningError("sign.no_stamp_font")


def text_width(font: str, text: str, size: float) -> float:
    """Advance width of ``text`` in points (fontTools: cmap and hmtx)."""
    from fontTools.ttLib import TTFont

    with TTFont(font, lazy=True) as face:
        cmap, metrics, units = face.getBestCmap(), face["hmtx"].metrics, face["head"].unitsPerEm
        return sum(metrics.get(cmap.get(ord(ch), ".notdef"), (units // 2, 0))[0] for ch in text) * size / units


@functools.cache
def font_at_1000_units(path: str) -> bytes:
    """The font rescaled to 1000 units per em (fontTools), in memory: pyHanko writes the CID
    widths in font units, which PDF reads as thousandths of an em — right only at 1000."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    face = TTFont(path)
    if face["head"].unitsPerEm != 1000:
        scale_upem(face, 1000)
    buffer = io.BytesIO()
    face.save(buffer)
    return buffer.getvalue()


def _font_factory(path: str) -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class InMemoryFont(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(font_at_1000_units(self.font_file)),
                                    font_size=self.font_size, obj_stream=obj_stream)

    return InMemoryFont(path)


def _text_style(lines: list[str], font: str, rule: dict[str, Any]) -> Any:
    """A text stamp: the rule's size, black, no image, no border, the font embedded (PDF/A)."""
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    size = rule["size_pt"]
    return TextStampStyle(
        stamp_text="\n".join(line.replace("%", "%%") for line in lines),
        text_box_style=TextBoxStyle(font=_font_factory(font), font_size=size, leading=round(size * 1.25),
                                    text_color=(0, 0, 0),
                                    box_layout_rule=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MAX,
                                                                        y_align=AxisAlignment.ALIGN_MAX,
                                                                        margins=Margins(0, 0, 0, 0))),
        border_width=0, background=None,
        inner_content_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MAX, y_align=AxisAlignment.ALIGN_MAX,
                                                 margins=Margins(0, 0, 0, 0)))


def sign_pdf(data: bytes, signer: Any, *, role: str, rules: dict[str, Any], image: Path | None = None,
             name: str | None = None, stamp_text: tuple[str, ...] = (), tsa_url: str | None = None,
             moment: dt.datetime | None = None) -> bytes:
    """One more signature on ``data`` (incremental update): the signed file's bytes.

    ``role`` "signer" draws ``image`` in box 7c, "agency" the seal ``image`` in box 8; "attachment"
    (the main document's số/ký hiệu) and "copy" (copy type, copying body) write ``stamp_text`` and
    the signing time at the top right of page 1, no image.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers, timestamps

    if role not in ROLES:
        raise ValueError(role)
    if role not in STAMP_RULES and image is None:
        raise SigningError(f"sign.no_image.{role}")
    moment = moment or now_vietnam()
    widgets = signature_widgets(data)
    style: Any = None
    lines: list[str] = []
    width = 0.0
    if role in STAMP_RULES:
        rule = rules.get(STAMP_RULES[role])
        if not rule:
            raise SigningError(f"sign.{role}_not_in_rules")
        lines = [line for line in (*stamp_text, iso_time(moment)) if line]
        font = stamp_font()
        width = max(text_width(font, line, rule["size_pt"]) for line in lines) + 4
        style = _text_style(lines, font, rule)
    else:
        style = _image_style(image)  # type: ignore[arg-type]
    box = plan_box(data, role, rules, image, name, widgets, width, len(lines))
    field_name = _field_name(role, widgets)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        fields.append_signature_field(writer, fields.SigFieldSpec(field_name, on_page=box.page, box=box.as_tuple()))
        meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", reason=f"vanban:{role}")
        timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
        pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper)
        out = io.BytesIO()
        pdf_signer.sign_pdf(writer, output=out)
    except SigningError:
        raise
    except PdfError as exc:
        raise SigningError("sign.pdf_unusable", reason=str(exc)) from exc
    except Exception as exc:  # a token or a timestamp server failing mid-way
        raise SigningError("sign.failed", reason=str(exc) or type(exc).__name__) from exc
    return out.getvalue()
