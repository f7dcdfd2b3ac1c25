"""The official NĐ 30 Word files (Phụ lục I, Phụ lục III) read with their effective formatting."""

from __future__ import annotations

import pytest
from conftest import SHARED

from desktop.core.check.reader import open_source

ND30 = SHARED / "reference" / "nd30"


@pytest.fixture(scope="module")
def phuluc3():
    return open_source(ND30 / "Phuluc3.docx")


@pytest.fixture(scope="module")
def phuluc1():
    return open_source(ND30 / "Phuluc1.docx")


def block(doc, text: str):
    return next(b for b in doc.blocks if b.text.strip() == text)


def test_title_is_bold_14pt_times_centred(phuluc3):
    first = phuluc3.blocks[0]
    run = first.runs[0]
    assert (first.text, first.para.align) == ("Phụ lục III", "center")
    assert (run.font, run.size, run.bold, run.italic) == ("Times New Roman", 14.0, True, False)


def test_mau_1_4_header_cells_match_b2_sizes(phuluc3):
    mau = block(phuluc3, "Mẫu 1.4 - Văn bản có tên loại")
    national = next(b for b in phuluc3.blocks[mau.index:] if b.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = phuluc3.blocks[national.index + 1]
    date = next(b for b in phuluc3.blocks[national.index:] if "ngày …… tháng" in b.text)
    assert (national.location.container, national.location.col) == ("table", 2)
    assert (national.runs[0].size, national.runs[0].bold) == (13.0, True)
    assert (motto.text, motto.runs[0].size, motto.runs[0].bold) == ("Độc lập - Tự do - Hạnh phúc", 14.0, True)
    assert date.runs[0].italic is True


def test_mau_1_4_recipients_block_sizes(phuluc3):
    mau = block(phuluc3, "Mẫu 1.4 - Văn bản có tên loại")
    label = next(b for b in phuluc3.blocks[mau.index:] if b.text == "Nơi nhận:")
    run = label.runs[0]
    assert (run.size, run.bold, run.italic, label.location.col) == (12.0, True, True, 1)
    assert phuluc3.blocks[label.index + 1].runs[0].size == 11.0


def test_drawn_rule_under_each_sample_title(phuluc3):
    assert block(phuluc3, "Mẫu 1.1 - Nghị quyết (cá biệt)").drawn_line_cm == pytest.approx(15.86, abs=0.01)


def test_text_box_read_once_right_after_its_anchor(phuluc3):
    boxes = [b for b in phuluc3.blocks if b.text.startswith("Số: ...4……; ngày/tháng/năm")]
    assert len(boxes) == 1
    assert boxes[0].location.container == "textbox"
    assert phuluc3.blocks[boxes[0].index - 1].location.container == "body"


def test_auto_numbered_table_column_shows_labels(phuluc3):
    first_rows = [b for b in phuluc3.blocks if b.location.table == 1 and b.location.col == 1][1:4]
    assert [b.text for b in first_rows] == ["1.\t", "2.\t", "3.\t"]


def test_page_setup_and_header_page_number(phuluc3):
    page = phuluc3.sections[0]
    assert (page.width_mm, page.height_mm, page.top_mm, page.bottom_mm, page.left_mm, page.right_mm) == (
        210.0, 297.0, 25.0, 20.0, 35.0, 20.0)
    assert (page.title_page, page.page_number_in_header, page.page_number_on_first_page) == (True, True, False)
    assert (page.page_number_align, page.page_number_size) == ("center", 14.0)


def test_tcvn3_fonts_are_listed(phuluc3):
    assert {".VnTime", ".VnTimeH", "Times New Roman"} <= set(phuluc3.fonts_used)


def test_phuluc1_landscape_section_and_its_page_numbers(phuluc1):
    assert len(phuluc1.sections) >= 2
    landscape = phuluc1.sections[1]
    assert (landscape.landscape, landscape.width_mm, landscape.height_mm) == (True, 297.0, 210.0)
    assert landscape.page_number_in_header is True


def test_phuluc1_blocks_carry_their_section(phuluc1):
    sections = [b.section for b in phuluc1.blocks]
    assert sections == sorted(sections)
    assert sections[0] == 0 and sections[-1] == len(phuluc1.sections) - 1


def test_phuluc1_body_is_justified_with_first_line_indent(phuluc1):
    item = block(phuluc1, "1. Khổ giấy: Khổ A4 (210 mm x 297 mm).")
    assert (item.para.align, item.para.first_line_indent_cm) == ("justify", pytest.approx(1.0, abs=0.01))
    assert (item.runs[0].font, item.runs[0].size) == ("Times New Roman", 14.0)
