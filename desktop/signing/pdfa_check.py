"""Read a PDF/A-2b file back (pikepdf) and check what can be checked here without veraPDF.

Checked: the XMP metadata says pdfaid:part 2 and conformance B; an output intent GTS_PDFA1 with an
ICC profile; no encryption; every font used on every page (and in the forms they draw, and in the
annotation appearances) is embedded (FontFile, FontFile2 or FontFile3; Type 3 fonts are drawn, so
need none); images' soft masks and transparency groups stay within PDF/A-2 (soft masks allowed,
blend modes standard, no transfer functions, page groups with a colour space or the output intent).
NOT checked (say so to the clerk): the whole of ISO 19005-2 — glyph widths against the font
programs, colour spaces of every object, the XMP schema beyond pdfaid, the file structure rules,
annotation flags; veraPDF is the tool for that.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

STANDARD_BLEND_MODES = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
                        "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion",
                        "/Hue", "/Saturation", "/Color", "/Luminosity"}
NOT_CHECKED = ("glyph widths against the embedded font programs", "every colour space", "the XMP schema beyond pdfaid",
               "the file structure rules of ISO 19005-2", "annotation flags")


@dataclass
class PdfaReport:
    part: str | None = None
    conformance: str | None = None
    output_intent: bool = False
    encrypted: bool = False
    fonts: dict[str, bool] = field(default_factory=dict)  # base font name -> embedded
    soft_masked_images: int = 0
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (message key, params)

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self) -> list[str]:
        from desktop.core.i18n import tr

        return [tr(key, **params) for key, params in self.problems]


def _walk_resources(resources: Any, report: PdfaReport, seen: set) -> None:
    from pikepdf import Array

    if resources is None:
        return
    for font in dict(resources.get("/Font", {})).values():
        _font(font, report)
    for state in dict(resources.get("/ExtGState", {})).values():
        blend = state.get("/BM")
        names = [] if blend is None else [str(b) for b in blend] if isinstance(blend, Array) else [str(blend)]
        if any(name not in STANDARD_BLEND_MODES for name in names):
            report.problems.append(("sign.pdfa.blend_mode", {"mode": ", ".join(names)}))
        if "/TR" in state or ("/TR2" in state and str(state.get("/TR2")) != "/Default"):
            report.problems.append(("sign.pdfa.transfer", {}))
    for xobject in dict(resources.get("/XObject", {})).values():
        key = xobject.objgen
        if key in seen and key != (0, 0):
            continue
        seen.add(key)
        subtype = str(xobject.get("/Subtype"))
        if subtype == "/Image":
            if "/SMask" in xobject:
                report.soft_masked_images += 1
            if "/Alternates" in xobject or "/OPI" in xobject:
                report.problems.append(("sign.pdfa.image_alternates", {}))
        elif subtype == "/Form":
            group = xobject.get("/Group")
            if group is not None and str(group.get("/S")) == "/Transparency" and "/CS" not in group \
                    and not report.output_intent:
                report.problems.append(("sign.pdfa.group_colour", {}))
            _walk_resources(xobject.get("/Resources"), report, seen)


def _font(font: Any, report: PdfaReport) -> None:
    subtype = str(font.get("/Subtype"))
    name = str(font.get("/BaseFont", "?")).lstrip("/")
    if subtype == "/Type3":
        return
    if subtype == "/Type0":
        for descendant in font.get("/DescendantFonts", []):
            _font(descendant, report)
        return
    descriptor = font.get("/FontDescriptor")
    embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    report.fonts[name] = report.fonts.get(name, True) and embedded
    if not embedded and ("sign.pdfa.font_not_embedded", {"font": name}) not in report.problems:
        report.problems.append(("sign.pdfa.font_not_embedded", {"font": name}))


def check_pdfa(data: bytes) -> PdfaReport:
    """What the file says about its PDF/A-2b conformance, and every problem found."""
    import pikepdf
    from pikepdf import open as open_pdf

    report = PdfaReport()
    try:
        pdf = open_pdf(io.BytesIO(data))  # reads from memory
    except pikepdf.PdfError as exc:
        report.problems.append(("sign.pdfa.unreadable", {"reason": str(exc)}))
        return report
    with pdf:
        report.encrypted = pdf.is_encrypted
        if report.encrypted:
            report.problems.append(("sign.pdfa.encrypted", {}))
        meta = pdf.open_metadata()
        report.part = meta.get("pdfaid:part")
        report.conformance = meta.get("pdfaid:conformance")
        if (report.part, (report.conformance or "").upper()) != ("2", "B"):
            report.problems.append(("sign.pdfa.not_pdfa2b", {"part": report.part or "—",
                                                             "conformance": report.conformance or "—"}))
        intents = pdf.Root.get("/OutputIntents", [])
        report.output_intent = any(str(i.get("/S")) == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents)
        if not report.output_intent:
            report.problems.append(("sign.pdfa.no_output_intent", {}))
        seen: set = set()
        for page in pdf.pages:
            _walk_resources(page.obj.get("/Resources"), report, seen)
            group = page.obj.get("/Group")
            if group is not None and "/CS" not in group and not report.output_intent:
                report.problems.append(("sign.pdfa.group_colour", {}))
            for annot in page.obj.get("/Annots", []):
                appearance = annot.get("/AP", {}).get("/N")
                if appearance is not None and hasattr(appearance, "get") and "/Resources" in appearance:
                    _walk_resources(appearance.get("/Resources"), report, seen)
        if not report.fonts:
            report.problems.append(("sign.pdfa.no_fonts", {}))
    return report
