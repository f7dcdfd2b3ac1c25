"""Small Word files typed the way a clerk types them (python-docx): a borderless two-column header
table, the tên loại and trích yếu as centred bold paragraphs, articles labelled by hand, the closing
table with Nơi nhận and the signature. Used by the importer's tests of issue #16."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ARTICLES = (
    "Điều 1. Thành lập Tổ công tác chuyển đổi số của xã gồm 05 thành viên.",
    "Điều 2. Tổ công tác có nhiệm vụ tham mưu triển khai chuyển đổi số trên địa bàn xã.",
    "Điều 3. Văn phòng HĐND và UBND xã, các thành viên Tổ công tác chịu trách nhiệm thi hành Quyết định này./.",
)


def _cell(cell, lines: Sequence[tuple[str, bool, bool]]) -> None:
    """Centred lines in a table cell: (text, bold, italic)."""
    for index, (text, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic


def _centred(document, text: str, bold: bool = True) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold


INVITATION = (
    "Ủy ban nhân dân xã An Phú trân trọng kính mời:",
    "Đồng chí Trưởng các thôn trên địa bàn xã.",
    "Thời gian: 08 giờ 00, ngày 20/4/2026.",
    "Địa điểm: Hội trường Ủy ban nhân dân xã.",
    "Rất mong các đồng chí tham dự đúng thời gian./.",
)


def clerk_giay_moi(path: Path, *, title: str = "GIẤY MỜI HỌP",
                   summary: str = "Triển khai công tác chuyển đổi số năm 2026") -> Path:
    """A commune's giấy mời (NĐ 30 Mẫu 1.7) typed in Word, its tên loại written 'GIẤY MỜI HỌP'."""
    return clerk_quyet_dinh(path, title=title, summary=summary, body=INVITATION, enacting=False,
                            code="GM-UBND", recipients=("- Như trên;", "- Lưu: VT."))


def clerk_quyet_dinh(path: Path, *, date_line: str = "An Phú, ngày 15 tháng 4 năm 2026",
                     title: str = "QUYẾT ĐỊNH", summary: str = "Về việc thành lập Tổ công tác chuyển đổi số",
                     body: Sequence[str] = ARTICLES, enacting: bool = True, code: str = "QĐ-UBND",
                     recipients: Sequence[str] = ("- Như Điều 3;", "- Lưu: VT, VP.")) -> Path:
    """A commune's quyết định as typed in Word (NĐ 30 Mẫu 1.2): each body line's label ('Điều 1:') in
    bold, its text upright; ``body`` lines are written as given."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    header = document.add_table(rows=1, cols=2)
    _cell(header.cell(0, 0), [("ỦY BAN NHÂN DÂN", False, False), ("XÃ AN PHÚ", True, False),
                              (f"Số:      /{code}", False, False)])
    _cell(header.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                              ("Độc lập - Tự do - Hạnh phúc", True, False), (date_line, False, True)])
    _centred(document, title)
    _centred(document, summary)
    if enacting:
        _centred(document, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN PHÚ")
        document.add_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;")
        document.add_paragraph("Theo đề nghị của Chánh Văn phòng HĐND và UBND xã.")
        _centred(document, "QUYẾT ĐỊNH:")
    for text in body:
        paragraph = document.add_paragraph()
        if text.startswith("Điều "):
            word, number, rest = text.split(" ", 2)
            head, _, tail = rest.partition(" ")
            typed_apart = head in (".", ":", "-", "–")  # 'Điều 2 .': the punctuation stays with the bold label
            label = f"{word} {number} {head}" if typed_apart else f"{word} {number}"
            paragraph.add_run(label + " ").bold = True
            paragraph.add_run(tail if typed_apart else rest)
        else:
            paragraph.add_run(text)
    closing = document.add_table(rows=1, cols=2)
    left = closing.cell(0, 0)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in recipients:
        left.add_paragraph(line)
    _cell(closing.cell(0, 1), [("TM. ỦY BAN NHÂN DÂN", True, False), ("CHỦ TỊCH", True, False),
                               ("", False, False), ("", False, False), ("Nguyễn Văn Bình", True, False)])
    document.save(path)
    return path
