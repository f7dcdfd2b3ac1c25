"""Build SourceDocuments by hand for checker tests (what a .docx reader would produce).

``P("text", size=14, bold=True, cell=(1, 1, 2))`` describes one paragraph; ``build(paras)``
turns a list of them into a SourceDocument. ``party_notice()`` / ``state_notice()`` give a
fully compliant Party / state thông báo (spec B.1 / B.2) as a list of P, so a test changes
exactly one thing with :func:`change` and expects exactly one kind of finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.check import check_source
from desktop.core.check.blocks import Block, Location, PageSetup, ParaFormat, RunFormat, SourceDocument
from desktop.core.check.report import DocumentReport
from desktop.core.metrics import text_width_cm
from desktop.core.records import replace

TNR = "Times New Roman"


@dataclass(frozen=True)
class P:
    text: str
    size: float | None = 14
    bold: bool | None = False
    italic: bool | None = False
    underline: bool | None = False
    caps: bool | None = None
    align: str | None = "center"
    cell: tuple[int, int, int] | None = None  # (table, row, col)
    container: str = "body"
    indent: float | None = None
    space_after: float | None = None
    line_rule: str | None = None
    line_value: float | None = None
    border_bottom: bool = False
    drawn_line_cm: float | None = None
    page_break: bool = False
    font: str | None = TNR


def build(paras: list[P], *, sections: list[PageSetup] | None = None, fonts_used: tuple[str, ...] = (TNR,),
          layout: bool = True) -> SourceDocument:
    blocks = []
    for index, p in enumerate(paras):
        run = RunFormat(text=p.text, font=p.font, fonts=(p.font,) if p.font else (), size=p.size, bold=p.bold,
                        italic=p.italic, underline=p.underline, caps=p.caps)
        para = ParaFormat(align=p.align, first_line_indent_cm=p.indent, space_after_pt=p.space_after,
                          line_rule=p.line_rule, line_value=p.line_value, border_bottom=p.border_bottom)
        if p.cell:
            loc = Location(container="table", paragraph=index + 1, table=p.cell[0], row=p.cell[1], col=p.cell[2])
        else:
            loc = Location(container=p.container, paragraph=index + 1)
        blocks.append(Block(index=index, text=p.text, runs=(run,), para=para, location=loc,
                            page_break_before=p.page_break, drawn_line_cm=p.drawn_line_cm))
    if sections is None:
        sections = [a4()]
    return SourceDocument(path="<built>", kind="docx", blocks=blocks, sections=sections,
                          layout_evaluable=layout, fonts_used=fonts_used)


def a4(**changes) -> PageSetup:
    setup = PageSetup(width_mm=210, height_mm=297, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15,
                      title_page=True, page_number_in_header=True, page_number_align="center", page_number_size=14)
    return replace(setup, **changes)


def body(size: float = 14, n: int = 3, last_end: str = "") -> list[P]:
    text = ("Ban Thường vụ Thành ủy yêu cầu các cấp ủy, tổ chức đảng tập trung lãnh đạo, chỉ đạo thực hiện "
            "nghiêm túc các biện pháp phòng, chống dịch bệnh trên địa bàn")
    out = [P(f"{i}. {text}.", size=size, align="justify", indent=1.27, space_after=6, line_rule="exact",
             line_value=18) for i in range(1, n + 1)]
    closing = f"Ban Thường vụ thông báo để các cơ quan, đơn vị biết, thực hiện{last_end}"
    out.append(P(closing, size=size, align="justify", indent=1.27, space_after=6, line_rule="exact", line_value=18))
    return out


def rule_for(text: str, size: float, fraction: float = 1.0) -> float:
    return text_width_cm(text, size, bold=True) * fraction


def party_notice() -> list[P]:
    """A compliant Party thông báo (B.1): header table, title, body, closing table."""
    title = "ĐẢNG CỘNG SẢN VIỆT NAM"
    return [
        P("THÀNH ỦY HÀ NỘI", cell=(1, 1, 1)),
        P("VĂN PHÒNG", bold=True, cell=(1, 1, 1)),
        P("*", cell=(1, 1, 1)),
        P("Số 03-TB/VPTU", cell=(1, 2, 1)),
        P(title, size=15, bold=True, cell=(1, 1, 2), drawn_line_cm=rule_for(title, 15)),
        P("Hà Nội, ngày 05 tháng 02 năm 2021", italic=True, cell=(1, 2, 2)),
        P("THÔNG BÁO", size=16, bold=True),
        P("về công tác phòng, chống dịch Covid-19", size=15, bold=True),
        P("-----", size=15),
        *body(),
        P("Nơi nhận:", underline=True, align="left", cell=(2, 1, 1)),
        P("- Ban Thường vụ Thành ủy,", size=12, align="left", cell=(2, 1, 1)),
        P("- Các ban Đảng Thành ủy,", size=12, align="left", cell=(2, 1, 1)),
        P("- Lưu Văn phòng Thành ủy.", size=12, align="left", cell=(2, 1, 1)),
        P("T/L BAN THƯỜNG VỤ", bold=True, cell=(2, 1, 2)),
        P("CHÁNH VĂN PHÒNG", bold=True, cell=(2, 1, 2)),
        P("Nguyễn Văn An", bold=True, cell=(2, 1, 2)),
    ]


def state_notice() -> list[P]:
    """A compliant state thông báo (B.2)."""
    issuer, motto, summary = "CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", "Độc lập - Tự do - Hạnh phúc", "Về công tác văn thư"
    return [
        P("BỘ NỘI VỤ", size=13, cell=(1, 1, 1)),
        P(issuer, size=13, bold=True, cell=(1, 1, 1), drawn_line_cm=rule_for(issuer, 13, 0.4)),
        P("Số: 12/TB-VTLTNN", size=13, cell=(1, 2, 1)),
        P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, cell=(1, 1, 2)),
        P(motto, size=14, bold=True, cell=(1, 1, 2), drawn_line_cm=rule_for(motto, 14)),
        P("Hà Nội, ngày 05 tháng 02 năm 2021", italic=True, cell=(1, 2, 2)),
        P("THÔNG BÁO", size=14, bold=True),
        P(summary, size=14, bold=True, drawn_line_cm=rule_for(summary, 14, 0.4)),
        *body(last_end="./."),
        P("Nơi nhận:", size=12, bold=True, italic=True, align="left", cell=(2, 1, 1)),
        P("- Bộ Nội vụ;", size=11, align="left", cell=(2, 1, 1)),
        P("- Văn phòng Chính phủ;", size=11, align="left", cell=(2, 1, 1)),
        P("- Lưu: VT, VP.", size=11, align="left", cell=(2, 1, 1)),
        P("KT. CỤC TRƯỞNG", bold=True, cell=(2, 1, 2)),
        P("PHÓ CỤC TRƯỞNG", bold=True, cell=(2, 1, 2)),
        P("Nguyễn Văn An", bold=True, cell=(2, 1, 2)),
    ]


def change(paras: list[P], old_text: str, new: P | str | None = None, **fields) -> list[P]:
    """Replace the paragraph whose text is ``old_text`` (by a P, new text, or field changes); None removes it."""
    out = []
    hits = 0
    for p in paras:
        if p.text != old_text:
            out.append(p)
            continue
        hits += 1
        if new is None and not fields:
            continue
        if isinstance(new, P):
            out.append(new)
        else:
            out.append(replace(p, **({"text": new} if new is not None else {}), **fields))
    assert hits == 1, f"{old_text!r} found {hits} times"
    return out


def check(paras: list[P], **build_args) -> list[DocumentReport]:
    return check_source(build(paras, **build_args))


def codes(report: DocumentReport, severity: str | None = None) -> set[str]:
    return {f.code for f in report.findings if severity is None or f.severity == severity}


def findings(report: DocumentReport, code: str):
    return [f for f in report.findings if f.code == code]
