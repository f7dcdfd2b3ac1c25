"""Reading order and coverage: tables, text boxes, content controls, fields, breaks, lines (issue #3)."""

from __future__ import annotations

import unicodedata

import docx
import pytest
from hostile_files import build_docx, document_xml, para

from desktop.core.check.reader import open_source


def read_body(tmp_path, body: str):
    return open_source(build_docx(tmp_path / "w.docx", body=body))


def table(rows: list[list[str]], props: str = "") -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{cell}</w:tc>" for cell in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid/>{cells}</w:tbl>"


TEXTBOX_CHOICE = (
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1800000" cy="400000"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:spPr><a:prstGeom prst="rect"/></wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent>'
    "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    '<mc:Fallback><w:pict><v:rect style="width:141pt;height:31pt"><v:textbox><w:txbxContent>{inner}'
    "</w:txbxContent></v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent>"
)


def line_drawing(prst: str, cx: int, cy: int = 0) -> str:
    return (f'<w:r><w:drawing><wp:anchor><wp:extent cx="{cx}" cy="{cy}"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvCnPr/>'
            f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom></wps:spPr><wps:bodyPr/></wps:wsp>'
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>")


def test_plain_python_docx_paragraphs_in_order(tmp_path):
    document = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN", "THÔNG BÁO", "Nội dung."):
        document.add_paragraph(text)
    document.save(tmp_path / "p.docx")
    doc = open_source(tmp_path / "p.docx")
    assert [b.text for b in doc.blocks] == ["ỦY BAN NHÂN DÂN", "THÔNG BÁO", "Nội dung."]
    assert [b.index for b in doc.blocks] == [0, 1, 2]
    assert doc.kind == "docx" and doc.layout_evaluable


def test_table_cells_have_table_row_col_and_continuing_paragraph_numbers(tmp_path):
    body = para("trước") + table([[para("A1"), para("B1")], [para("A2"), para("B2") + para("B2 tiếp")]]) + para("sau")
    blocks = read_body(tmp_path, body).blocks
    found = [(b.text, b.location.container, b.location.table, b.location.row, b.location.col, b.location.paragraph)
             for b in blocks]
    assert found == [
        ("trước", "body", None, None, None, 1), ("A1", "table", 1, 1, 1, 2), ("B1", "table", 1, 1, 2, 3),
        ("A2", "table", 1, 2, 1, 4), ("B2", "table", 1, 2, 2, 5), ("B2 tiếp", "table", 1, 2, 2, 6),
        ("sau", "body", None, None, None, 7),
    ]


def test_nested_table_keeps_outer_cell_and_is_marked_nested(tmp_path):
    inner = table([[para("trong")]])
    body = table([[para("ngoài trái"), para("ngoài phải") + inner]]) + table([[para("bảng hai")]])
    blocks = read_body(tmp_path, body).blocks
    nested = next(b for b in blocks if b.text == "trong")
    assert (nested.location.table, nested.location.row, nested.location.col, nested.location.nested) == (1, 1, 2, True)
    assert next(b for b in blocks if b.text == "bảng hai").location.table == 2


def test_text_box_in_alternate_content_is_read_once_after_its_anchor(tmp_path):
    box = TEXTBOX_CHOICE.format(inner=para("KHẨN"))
    body = f"<w:p><w:r><w:t>neo</w:t></w:r><w:r>{box}</w:r></w:p>" + para("sau")
    blocks = read_body(tmp_path, body).blocks
    assert [(b.text, b.location.container) for b in blocks] == [("neo", "body"), ("KHẨN", "textbox"), ("sau", "body")]


def test_vml_only_text_box_is_read(tmp_path):
    box = f'<w:pict><v:shape style="width:100pt;height:40pt"><v:textbox><w:txbxContent>{para("MẬT")}' \
          "</w:txbxContent></v:textbox></v:shape></w:pict>"
    blocks = read_body(tmp_path, f"<w:p><w:r>{box}</w:r></w:p>").blocks
    assert [(b.text, b.location.container) for b in blocks] == [("", "body"), ("MẬT", "textbox")]


def test_block_content_control_text_is_found(tmp_path):
    body = f'<w:sdt><w:sdtPr><w:alias w:val="Trích yếu"/></w:sdtPr><w:sdtContent>{para("V/v báo cáo")}' \
           "</w:sdtContent></w:sdt>"
    block = read_body(tmp_path, body).blocks[0]
    assert (block.text, block.location.container) == ("V/v báo cáo", "sdt")


def test_inline_content_control_text_stays_in_its_paragraph(tmp_path):
    body = "<w:p><w:r><w:t>Số: </w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>15/TB-UBND</w:t></w:r></w:sdtContent>" \
           "</w:sdt></w:p>"
    assert read_body(tmp_path, body).blocks[0].text == "Số: 15/TB-UBND"


def test_soft_break_and_tab(tmp_path):
    body = '<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/><w:t>c</w:t><w:br w:type="textWrapping"/>' \
           "<w:t>d</w:t></w:r></w:p>"
    assert read_body(tmp_path, body).blocks[0].text == "a\nb\tc\nd"


def test_special_characters_sym_and_hyphens(tmp_path):
    body = '<w:p><w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:softHyphen/><w:t>c</w:t>' \
           '<w:sym w:font="Symbol" w:char="F02D"/><w:t>d</w:t></w:r></w:p>'
    assert read_body(tmp_path, body).blocks[0].text == "a-bc-d"


def test_field_instruction_hidden_and_result_shown(tmp_path):
    body = ('<w:p><w:r><w:t xml:space="preserve">Ngày </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> DATE \\@ "dd/MM/yyyy" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>05/01/2024</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            '<w:p><w:fldSimple w:instr=" AUTHOR "><w:r><w:t>Văn phòng</w:t></w:r></w:fldSimple></w:p>')
    assert [b.text for b in read_body(tmp_path, body).blocks] == ["Ngày 05/01/2024", "Văn phòng"]


def test_deleted_text_skipped_and_inserted_text_kept(tmp_path):
    body = ('<w:p><w:r><w:t xml:space="preserve">Kính gửi </w:t></w:r><w:del w:id="1" w:author="A">'
            '<w:r><w:delText>Sở Tài chính</w:delText></w:r></w:del><w:ins w:id="2" w:author="A">'
            "<w:r><w:t>Sở Nội vụ</w:t></w:r></w:ins></w:p>")
    assert read_body(tmp_path, body).blocks[0].text == "Kính gửi Sở Nội vụ"


def test_hyperlink_text_is_included(tmp_path):
    body = '<w:p><w:hyperlink r:id="rIdX"><w:r><w:t>vanban.gov.vn</w:t></w:r></w:hyperlink></w:p>'
    assert read_body(tmp_path, body).blocks[0].text == "vanban.gov.vn"


def test_page_break_marks_the_next_block(tmp_path):
    body = '<w:p><w:r><w:t>trang 1</w:t><w:br w:type="page"/></w:r></w:p>' + para("trang 2") + para("tiếp")
    assert [b.page_break_before for b in read_body(tmp_path, body).blocks] == [False, True, False]


def test_page_break_before_property(tmp_path):
    body = para("a") + para("b", ppr="<w:pageBreakBefore/>")
    assert [b.page_break_before for b in read_body(tmp_path, body).blocks] == [False, True]


def test_section_break_in_paragraph_starts_new_section_and_page(tmp_path):
    body = para("một", ppr="<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>") + para("hai")
    blocks = read_body(tmp_path, body).blocks
    assert [(b.section, b.page_break_before) for b in blocks] == [(0, False), (1, True)]


def test_continuous_section_break_is_not_a_page_break(tmp_path):
    body = para("một", ppr="<w:sectPr/>") + para("hai")
    document = document_xml(body, '<w:sectPr><w:type w:val="continuous"/></w:sectPr>')
    doc = open_source(build_docx(tmp_path / "c.docx", document=document))
    assert [(b.section, b.page_break_before) for b in doc.blocks] == [(0, False), (1, False)]


def test_drawn_line_shape_length_from_extent(tmp_path):
    body = f"<w:p>{line_drawing('straightConnector1', 2160000)}<w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p>"
    assert read_body(tmp_path, body).blocks[0].drawn_line_cm == pytest.approx(6.0)


def test_hairline_rectangle_counts_as_line_but_vertical_line_does_not(tmp_path):
    body = f"<w:p>{line_drawing('rect', 1080000, 9000)}</w:p><w:p>{line_drawing('line', 0, 1080000)}</w:p>"
    blocks = read_body(tmp_path, body).blocks
    assert [b.drawn_line_cm for b in blocks] == [pytest.approx(3.0), None]


def test_vml_line_length_from_coordinates(tmp_path):
    body = '<w:p><w:r><w:pict><v:line from="10pt,5pt" to="100.7pt,5pt"/></w:pict></w:r></w:p>'
    assert read_body(tmp_path, body).blocks[0].drawn_line_cm == pytest.approx(3.2, abs=0.01)


def test_vml_horizontal_rule_with_style_width(tmp_path):
    body = '<w:p><w:r><w:pict><v:rect style="width:170.1pt;height:1pt" o:hr="t" o:hrstd="t"/></w:pict></w:r></w:p>'
    assert read_body(tmp_path, body).blocks[0].drawn_line_cm == pytest.approx(6.0, abs=0.01)


def test_line_in_alternate_content_counted_once_from_choice(tmp_path):
    choice = line_drawing("line", 1800000).removeprefix("<w:r>").removesuffix("</w:r>")
    body = (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice><mc:Fallback><w:pict>'
            '<v:line from="0,0" to="300pt,0"/></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    assert read_body(tmp_path, body).blocks[0].drawn_line_cm == pytest.approx(5.0)


def test_nfd_text_becomes_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa Việt Nam")
    block = read_body(tmp_path, para(decomposed)).blocks[0]
    assert block.text == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert block.runs[0].text == block.text


def test_adjacent_runs_with_same_format_are_merged(tmp_path):
    body = "<w:p><w:r><w:t>ĐẢNG </w:t></w:r><w:r><w:t>CỘNG SẢN</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>" \
           "<w:t> VIỆT NAM</w:t></w:r></w:p>"
    runs = read_body(tmp_path, body).blocks[0].runs
    assert [(r.text, r.bold) for r in runs] == [("ĐẢNG CỘNG SẢN", False), (" VIỆT NAM", True)]


def test_empty_paragraph_is_a_block_with_no_runs(tmp_path):
    block = read_body(tmp_path, "<w:p/>").blocks[0]
    assert (block.text, block.runs) == ("", ())


def test_field_without_end_does_not_hide_following_paragraphs(tmp_path):
    body = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>'
            + para("Nội dung vẫn đọc được"))
    assert [b.text for b in read_body(tmp_path, body).blocks] == ["", "Nội dung vẫn đọc được"]


def test_field_result_spanning_paragraphs_is_shown(tmp_path):
    body = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Mục 1</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>Mục 2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    assert [b.text for b in read_body(tmp_path, body).blocks] == ["Mục 1", "Mục 2"]


def test_unknown_choice_falls_back_to_fallback_text(tmp_path):
    body = ('<w:p><w:r><w:t xml:space="preserve">Hà Nội </w:t></w:r><mc:AlternateContent xmlns:w16se="urn:x">'
            '<mc:Choice Requires="w16se"><w:r><w16se:symEx w16se:char="1F600"/></w:r></mc:Choice>'
            "<mc:Fallback><w:r><w:t>☺</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>")
    assert read_body(tmp_path, body).blocks[0].text == "Hà Nội ☺"


def test_row_wrapped_in_content_control_is_read(tmp_path):
    body = (f"<w:tbl><w:tblPr/><w:tblGrid/><w:sdt><w:sdtContent><w:tr><w:tc>{para('ô bọc')}</w:tc></w:tr>"
            "</w:sdtContent></w:sdt></w:tbl>")
    block = read_body(tmp_path, body).blocks[0]
    assert (block.text, block.location.container, block.location.row) == ("ô bọc", "table", 1)
