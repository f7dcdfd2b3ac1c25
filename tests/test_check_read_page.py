"""Page setup per section, page-number fields in headers/footers, and fonts_used (issue #3, A.1/A.2)."""

from __future__ import annotations

import pytest
from hostile_files import build_docx, document_xml, para, part_xml, styles_xml

from desktop.core.check.reader import open_source

HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
PAGE_FIELD = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
              '<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
              '<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
              '</w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/>'
              "</w:r></w:p>")


def read_with_parts(tmp_path, sect_pr: str, headers: dict[str, tuple[str, str]], body: str = ""):
    """headers: rId -> (part name, xml)."""
    parts = {name: xml for name, xml in headers.values()}
    rels = {rid: ("header" if "header" in name else "footer", name.removeprefix("word/"))
            for rid, (name, _) in headers.items()}
    content_types = {name: HEADER_CT if "header" in name else FOOTER_CT for name, _ in headers.values()}
    path = build_docx(tmp_path / "h.docx", document=document_xml(body or para("Nội dung"), sect_pr), parts=parts,
                      rels=rels, content_types=content_types)
    return open_source(path)


def test_page_size_and_margins_in_mm(tmp_path):
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" '
            'w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>')
    page = read_with_parts(tmp_path, sect, {}).sections[0]
    assert (page.width_mm, page.height_mm) == (210.0, 297.0)
    assert (page.top_mm, page.bottom_mm, page.left_mm, page.right_mm) == (20.0, 20.0, 30.0, 15.0)
    assert page.landscape is False


def test_landscape_orientation(tmp_path):
    sect = '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>'
    assert read_with_parts(tmp_path, sect, {}).sections[0].landscape is True


def test_one_page_setup_per_section(tmp_path):
    body = para("a", ppr='<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:left="1984" '
                     'w:bottom="1134" w:right="850"/></w:sectPr>') + para("b")
    doc = read_with_parts(tmp_path, '<w:sectPr><w:pgSz w:w="8391" w:h="11906"/></w:sectPr>', {}, body)
    assert [(s.width_mm, s.top_mm) for s in doc.sections] == [(210.0, 25.0), (148.0, None)]


def test_title_page_with_page_field_in_default_header_hides_number_on_page_one(tmp_path):
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/><w:titlePg/></w:sectPr>'
    page = read_with_parts(tmp_path, sect, {"rIdH1": ("word/header1.xml", part_xml("hdr", PAGE_FIELD))}).sections[0]
    assert (page.title_page, page.page_number_in_header, page.page_number_on_first_page) == (True, True, False)
    assert (page.page_number_align, page.page_number_size) == ("center", 14.0)


def test_page_field_without_title_page_shows_on_page_one(tmp_path):
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/></w:sectPr>'
    page = read_with_parts(tmp_path, sect, {"rIdH1": ("word/header1.xml", part_xml("hdr", PAGE_FIELD))}).sections[0]
    assert (page.title_page, page.page_number_on_first_page) == (False, True)


def test_page_field_in_first_page_header_shows_on_page_one(tmp_path):
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
            '<w:headerReference w:type="first" r:id="rIdH2"/><w:titlePg/></w:sectPr>')
    page = read_with_parts(tmp_path, sect, {"rIdH1": ("word/header1.xml", part_xml("hdr", para("đầu trang"))),
                                            "rIdH2": ("word/header2.xml", part_xml("hdr", PAGE_FIELD))}).sections[0]
    assert (page.page_number_in_header, page.page_number_on_first_page) == (False, True)


def test_simple_page_field_in_footer(tmp_path):
    footer = part_xml("ftr", '<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:fldSimple w:instr=" PAGE   \\* MERGEFORMAT">'
                             "<w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>")
    sect = '<w:sectPr><w:footerReference w:type="default" r:id="rIdF1"/></w:sectPr>'
    page = read_with_parts(tmp_path, sect, {"rIdF1": ("word/footer1.xml", footer)}).sections[0]
    assert (page.page_number_in_footer, page.page_number_in_header, page.page_number_align) == (True, False, "right")


def test_numpages_alone_is_not_a_page_number(tmp_path):
    footer = part_xml("ftr", '<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>')
    sect = '<w:sectPr><w:footerReference w:type="default" r:id="rIdF1"/></w:sectPr>'
    assert read_with_parts(tmp_path, sect, {"rIdF1": ("word/footer1.xml", footer)}).sections[0].page_number_in_footer \
        is False


def test_header_reference_is_inherited_by_next_section(tmp_path):
    body = para("a", ppr='<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/></w:sectPr>') + para("b")
    doc = read_with_parts(tmp_path, "<w:sectPr/>", {"rIdH1": ("word/header1.xml", part_xml("hdr", PAGE_FIELD))},
                          body)
    assert [s.page_number_in_header for s in doc.sections] == [True, True]


def test_header_text_is_not_a_block(tmp_path):
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/></w:sectPr>'
    doc = read_with_parts(tmp_path, sect, {"rIdH1": ("word/header1.xml", part_xml("hdr", para("ĐẦU TRANG")))})
    assert [b.text for b in doc.blocks] == ["Nội dung"]


def test_fonts_used_lists_run_style_theme_and_font_table_fonts(tmp_path):
    styles = styles_xml('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/>'
                        '</w:rPr></w:rPrDefault></w:docDefaults>')
    font_table = part_xml("fonts", '<w:font w:name="VNtimes new roman"/>')
    body = para("Hà Nội", rpr='<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>')
    doc = open_source(build_docx(tmp_path / "f.docx", body=body,
                                 parts={"word/styles.xml": styles, "word/fontTable.xml": font_table}))
    assert {".VnTime", "VNI-Times", "VNtimes new roman", "Calibri"} <= set(doc.fonts_used)  # Calibri: blank theme
    assert doc.blocks[0].runs[0].font == ".VnTime"


@pytest.mark.parametrize("twips, mm", [(1134, 20.0), (1418, 25.0), (1985, 35.0)])
def test_margin_conversion_twips_to_mm(tmp_path, twips, mm):
    sect = f'<w:sectPr><w:pgMar w:top="{twips}" w:bottom="-{twips}" w:left="0" w:right="0"/></w:sectPr>'
    page = read_with_parts(tmp_path, sect, {}).sections[0]
    assert page.top_mm == pytest.approx(mm, abs=0.05)
    assert page.bottom_mm == pytest.approx(mm, abs=0.05)  # a negative margin is the same distance, fixed


def test_page_field_inside_gallery_content_control_in_header(tmp_path):
    header = part_xml("hdr", '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Page Numbers (Top of Page)"/>'
                             f"</w:docPartObj></w:sdtPr><w:sdtContent>{PAGE_FIELD}</w:sdtContent></w:sdt>")
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/></w:sectPr>'
    page = read_with_parts(tmp_path, sect, {"rIdH1": ("word/header1.xml", header)}).sections[0]
    assert (page.page_number_in_header, page.page_number_align, page.page_number_size) == (True, "center", 14.0)
