"""Effective run and paragraph formatting resolved from real .docx files (issue #3, reading layer)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from hostile_files import build_docx, para, part_xml, styles_xml

from desktop.core.check.reader import open_source

STYLES = styles_xml(
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="20"/></w:rPr>'
    '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>'
    "</w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:spacing w:before="240" w:line="360" w:lineRule="exact"/><w:ind w:firstLine="567"/></w:pPr>'
    '<w:rPr><w:sz w:val="26"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Derived"><w:name w:val="VB Derived"/><w:basedOn w:val="Base"/>'
    '<w:pPr><w:jc w:val="center"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="BoldPara"><w:name w:val="Bold Para"/><w:basedOn w:val="Normal"/>'
    "<w:rPr><w:b/></w:rPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="BoldChild"><w:name w:val="Bold Child"/><w:basedOn w:val="BoldPara"/>'
    "<w:rPr><w:b/></w:rPr></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/></w:style>'
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="BigItalic"><w:name w:val="Big Italic"/><w:basedOn w:val="Strong"/>'
    '<w:rPr><w:i/><w:sz w:val="32"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Caps"><w:name w:val="Caps"/><w:rPr><w:caps/></w:rPr></w:style>'
    '<w:style w:type="table" w:styleId="GridBold"><w:name w:val="Grid Bold"/>'
    '<w:pPr><w:jc w:val="right"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/></w:rPr></w:style>'
    '<w:style w:type="table" w:styleId="Banded"><w:name w:val="Banded"/><w:tblPr><w:tblStyleRowBandSize w:val="1"/>'
    '</w:tblPr><w:tblStylePr w:type="firstRow"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr>'
    '</w:tblStylePr><w:tblStylePr w:type="band2Horz"><w:rPr><w:i/></w:rPr></w:tblStylePr>'
    '<w:tblStylePr w:type="firstCol"><w:rPr><w:caps/></w:rPr></w:tblStylePr>'
    '<w:tblStylePr w:type="nwCell"><w:rPr><w:u w:val="single"/></w:rPr></w:tblStylePr>'
    '<w:tblStylePr w:type="lastRow"><w:pPr><w:jc w:val="right"/></w:pPr></w:tblStylePr></w:style>'
    '<w:style w:type="table" w:styleId="BandedChild"><w:name w:val="Banded Child"/><w:basedOn w:val="Banded"/>'
    '<w:tblPr><w:tblStyleRowBandSize w:val="2"/></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:u w:val="double"/></w:rPr></w:tblStylePr></w:style>'
    '<w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="Loop A"/><w:basedOn w:val="LoopB"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="LoopB"><w:name w:val="Loop B"/><w:basedOn w:val="LoopA"/>'
    '<w:rPr><w:sz w:val="30"/></w:rPr></w:style>'
)
THEME = (
    '<?xml version="1.0" encoding="UTF-8"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' name="T"><a:themeElements><a:fontScheme name="F">'
    '<a:majorFont><a:latin typeface="Major Latin Face"/><a:ea typeface=""/><a:cs typeface="Major Cs Face"/>'
    '</a:majorFont><a:minorFont><a:latin typeface="Minor Latin Face"/><a:ea typeface="Minor Ea Face"/>'
    '<a:cs typeface=""/></a:minorFont></a:fontScheme></a:themeElements></a:theme>'
)


def first_run(tmp_path: Path, body: str, **parts: str):
    doc = open_source(build_docx(tmp_path / "t.docx", body=body,
                                 parts={"word/styles.xml": STYLES, "word/theme/theme1.xml": THEME, **parts}))
    return doc.blocks[0].runs[0]


def first_para(tmp_path: Path, ppr: str):
    doc = open_source(build_docx(tmp_path / "t.docx", body=para("Nội dung", ppr=ppr),
                                 parts={"word/styles.xml": STYLES}))
    return doc.blocks[0].para


def test_size_inherited_through_basedon_chain(tmp_path):
    assert first_run(tmp_path, para("Kính gửi", ppr='<w:pStyle w:val="Derived"/>')).size == 13.0


def test_direct_size_overrides_style(tmp_path):
    run = first_run(tmp_path, para("Kính gửi", ppr='<w:pStyle w:val="Derived"/>', rpr='<w:sz w:val="24"/>'))
    assert run.size == 12.0


def test_default_paragraph_style_applies_without_pstyle(tmp_path):
    run = first_run(tmp_path, para("Nơi nhận"))
    assert (run.size, run.font) == (14.0, "Times New Roman")


def test_doc_defaults_apply_when_no_style_says(tmp_path):
    styles = styles_xml('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Tahoma" w:hAnsi="Tahoma"/>'
                        '<w:sz w:val="27"/></w:rPr></w:rPrDefault></w:docDefaults>')
    run = first_run(tmp_path, para("Số: 12"), **{"word/styles.xml": styles})
    assert (run.size, run.font) == (13.5, "Tahoma")


def test_size_defaults_to_ten_points_when_nothing_gives_one(tmp_path):
    run = first_run(tmp_path, para("x"), **{"word/styles.xml": styles_xml("")})
    assert run.size == 10.0


def test_python_docx_style_size_is_resolved(tmp_path):
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(13)
    document.add_paragraph("Hà Nội, ngày 05 tháng 01 năm 2024")
    document.save(tmp_path / "p.docx")
    run = open_source(tmp_path / "p.docx").blocks[0].runs[0]
    assert document.paragraphs[0].runs[0].font.size is None  # python-docx cannot say
    assert run.size == 13.0


def test_bold_from_paragraph_style(tmp_path):
    assert first_run(tmp_path, para("THÔNG BÁO", ppr='<w:pStyle w:val="BoldPara"/>')).bold is True


def test_bold_in_derived_style_does_not_toggle_its_base(tmp_path):
    assert first_run(tmp_path, para("THÔNG BÁO", ppr='<w:pStyle w:val="BoldChild"/>')).bold is True


def test_bold_character_style_on_bold_paragraph_style_toggles_off(tmp_path):
    run = first_run(tmp_path, para("x", ppr='<w:pStyle w:val="BoldPara"/>', rpr='<w:rStyle w:val="Strong"/>'))
    assert run.bold is False


def test_direct_bold_off_overrides_bold_style(tmp_path):
    run = first_run(tmp_path, para("x", ppr='<w:pStyle w:val="BoldPara"/>', rpr='<w:b w:val="0"/>'))
    assert run.bold is False


def test_direct_bold_sets_absolutely_despite_toggle(tmp_path):
    run = first_run(tmp_path, para("x", ppr='<w:pStyle w:val="BoldPara"/>',
                                   rpr='<w:rStyle w:val="Strong"/><w:b/>'))
    assert run.bold is True


def test_character_style_chain_gives_size_italic_and_bold(tmp_path):
    run = first_run(tmp_path, para("Nơi nhận:", rpr='<w:rStyle w:val="BigItalic"/>'))
    assert (run.size, run.italic, run.bold) == (16.0, True, True)


def test_caps_from_character_style(tmp_path):
    assert first_run(tmp_path, para("chủ tịch", rpr='<w:rStyle w:val="Caps"/>')).caps is True


def test_underline_none_is_not_underlined(tmp_path):
    assert first_run(tmp_path, para("x", rpr='<w:u w:val="none"/>')).underline is False
    assert first_run(tmp_path, para("x", rpr='<w:u w:val="single"/>')).underline is True


def test_theme_fonts_resolved_for_each_slot(tmp_path):
    rpr = ('<w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi" w:eastAsiaTheme="minorEastAsia" '
           'w:cstheme="majorBidi"/>')
    run = first_run(tmp_path, para("Độc lập", rpr=rpr))
    assert run.font == "Major Latin Face"
    assert set(run.fonts) == {"Major Latin Face", "Minor Ea Face", "Major Cs Face"}


def test_theme_attribute_wins_over_explicit_name(tmp_path):
    run = first_run(tmp_path, para("abc", rpr='<w:rFonts w:ascii="Arial" w:asciiTheme="minorHAnsi"/>'))
    assert run.font == "Minor Latin Face"


def test_non_ascii_text_uses_hansi_font(tmp_path):
    run = first_run(tmp_path, para("Hạnh phúc", rpr='<w:rFonts w:ascii="Arial" w:hAnsi=".VnTime"/>'))
    assert run.font == ".VnTime"


def test_table_style_run_and_paragraph_properties_apply_in_cells(tmp_path):
    cell = para("Số: 12/TB-UBND")
    body = (f'<w:tbl><w:tblPr><w:tblStyle w:val="GridBold"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/>'
            f"</w:tblGrid><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>")
    doc = open_source(build_docx(tmp_path / "t.docx", body=body, parts={"word/styles.xml": STYLES}))
    block = doc.blocks[0]
    # paragraph style (Normal, 14 pt) outranks the table style's size; bold comes only from the table style
    assert (block.runs[0].bold, block.runs[0].size, block.para.align) == (True, 14.0, "right")


def styled_table(tmp_path: Path, style: str, look: str, rows: int, cols: int = 2, header_rows: int = 1):
    """A table of ``rows`` × ``cols`` cells "r1c1" … in a table style; the first ``header_rows``
    rows repeat as header rows (trPr/tblHeader) from the second on. Returns {text: first run}."""
    grid = "".join('<w:gridCol w:w="3000"/>' for _ in range(cols))
    body_rows = []
    for r in range(1, rows + 1):
        tr_pr = "<w:trPr><w:tblHeader/></w:trPr>" if 1 < r <= header_rows else ""
        cells = "".join(f"<w:tc>{para(f'r{r}c{c}')}</w:tc>" for c in range(1, cols + 1))
        body_rows.append(f"<w:tr>{tr_pr}{cells}</w:tr>")
    body = (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/>{look}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'{"".join(body_rows)}</w:tbl>')
    doc = open_source(build_docx(tmp_path / "t.docx", body=body, parts={"word/styles.xml": STYLES}))
    return {block.text: block for block in doc.blocks}


LOOK_FIRST_ROW_AND_COLUMN = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:noVBand="1"/>'


def test_first_row_format_applies_when_table_look_turns_it_on(tmp_path):
    cells = styled_table(tmp_path, "Banded", LOOK_FIRST_ROW_AND_COLUMN, rows=3)
    assert (cells["r1c2"].runs[0].bold, cells["r1c2"].para.align) == (True, "center")
    assert (cells["r2c2"].runs[0].bold, cells["r2c2"].para.align) == (False, "justify")  # doc defaults


def test_first_row_format_is_off_without_table_look(tmp_path):
    cells = styled_table(tmp_path, "Banded", "", rows=2)
    assert cells["r1c2"].runs[0].bold is False
    assert cells["r1c1"].runs[0].caps is False  # first column off too


def test_table_look_hexadecimal_value_is_read(tmp_path):
    cells = styled_table(tmp_path, "Banded", '<w:tblLook w:val="0020"/>', rows=2)
    assert cells["r1c2"].runs[0].bold is True
    assert cells["r1c1"].runs[0].caps is False


def test_explicit_table_look_attribute_wins_over_hexadecimal_value(tmp_path):
    cells = styled_table(tmp_path, "Banded", '<w:tblLook w:val="04A0" w:firstRow="0"/>', rows=2)
    assert cells["r1c2"].runs[0].bold is False


def test_row_banding_counts_rows_after_the_header_row(tmp_path):
    cells = styled_table(tmp_path, "Banded", LOOK_FIRST_ROW_AND_COLUMN, rows=5)
    assert [cells[f"r{r}c2"].runs[0].italic for r in range(2, 6)] == [False, True, False, True]


def test_repeated_header_rows_take_the_first_row_format(tmp_path):
    cells = styled_table(tmp_path, "Banded", LOOK_FIRST_ROW_AND_COLUMN, rows=4, header_rows=2)
    assert [cells[f"r{r}c2"].runs[0].bold for r in range(1, 5)] == [True, True, False, False]
    assert [cells[f"r{r}c2"].runs[0].italic for r in (3, 4)] == [False, True]


def test_no_horizontal_band_turns_row_banding_off(tmp_path):
    look = '<w:tblLook w:val="0000" w:noHBand="1"/>'
    cells = styled_table(tmp_path, "Banded", look, rows=3)
    assert [cells[f"r{r}c2"].runs[0].italic for r in (1, 2, 3)] == [False, False, False]


def test_corner_cell_format_applies_only_where_first_row_and_column_meet(tmp_path):
    cells = styled_table(tmp_path, "Banded", LOOK_FIRST_ROW_AND_COLUMN, rows=2)
    corner = cells["r1c1"].runs[0]
    assert (corner.underline, corner.caps, corner.bold) == (True, True, True)
    assert (cells["r1c2"].runs[0].underline, cells["r2c1"].runs[0].underline) == (False, False)
    assert cells["r2c1"].runs[0].caps is True


def test_last_row_format_needs_its_table_look_flag(tmp_path):
    on = styled_table(tmp_path, "Banded", '<w:tblLook w:val="0040"/>', rows=3)
    assert (on["r3c2"].para.align, on["r2c2"].para.align) == ("right", "justify")
    off = styled_table(tmp_path, "Banded", '<w:tblLook w:val="0000"/>', rows=3)
    assert off["r3c2"].para.align == "justify"


def test_conditional_formats_and_band_size_are_inherited_and_overridden_down_the_chain(tmp_path):
    cells = styled_table(tmp_path, "BandedChild", LOOK_FIRST_ROW_AND_COLUMN, rows=6)
    # the derived style's first row adds an underline, the base's bold and centring stay
    first = cells["r1c2"]
    assert (first.runs[0].underline, first.runs[0].bold, first.para.align) == (True, True, "center")
    # band size 2 from the derived style: rows 2–3 odd band, 4–5 even (italic), 6 odd
    assert [cells[f"r{r}c2"].runs[0].italic for r in range(2, 7)] == [False, False, True, True, False]


def test_basedon_cycle_is_cut(tmp_path):
    assert first_run(tmp_path, para("x", ppr='<w:pStyle w:val="LoopA"/>')).size == 15.0


def test_hidden_run_is_skipped(tmp_path):
    body = f"<w:p><w:r><w:t>Hiện</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>Ẩn</w:t></w:r></w:p>{para('')}"
    doc = open_source(build_docx(tmp_path / "t.docx", body=body))
    assert doc.blocks[0].text == "Hiện"


def test_justify_indent_and_spacing_in_cm_and_points(tmp_path):
    fmt = first_para(tmp_path, '<w:spacing w:before="120" w:after="240" w:line="360" w:lineRule="auto"/>'
                               '<w:ind w:left="567" w:right="283" w:firstLine="720"/><w:jc w:val="both"/>')
    assert fmt.align == "justify"
    assert (fmt.space_before_pt, fmt.space_after_pt) == (6.0, 12.0)
    assert (fmt.line_rule, fmt.line_value) == ("auto", 1.5)
    assert fmt.left_indent_cm == pytest.approx(1.0, abs=0.01)
    assert fmt.right_indent_cm == pytest.approx(0.5, abs=0.01)
    assert fmt.first_line_indent_cm == pytest.approx(1.27, abs=0.01)


def test_hanging_indent_is_negative(tmp_path):
    assert first_para(tmp_path, '<w:ind w:start="720" w:hanging="360"/>').first_line_indent_cm == pytest.approx(-0.635)


def test_exact_line_spacing_in_points(tmp_path):
    fmt = first_para(tmp_path, '<w:spacing w:line="360" w:lineRule="exact"/>')
    assert (fmt.line_rule, fmt.line_value) == ("exact", 18.0)


def test_end_alignment_is_right(tmp_path):
    assert first_para(tmp_path, '<w:jc w:val="end"/>').align == "right"


def test_paragraph_properties_from_style_chain_and_doc_defaults(tmp_path):
    fmt = first_para(tmp_path, '<w:pStyle w:val="Derived"/>')
    assert fmt.style == "VB Derived"
    assert fmt.align == "center"  # Derived
    assert fmt.space_before_pt == 12.0  # Base
    assert fmt.space_after_pt == 6.0  # docDefaults pPrDefault
    assert (fmt.line_rule, fmt.line_value) == ("exact", 18.0)
    assert fmt.first_line_indent_cm == pytest.approx(1.0, abs=0.01)


def test_doc_default_alignment_applies(tmp_path):
    assert first_para(tmp_path, "").align == "justify"


def test_bottom_border_seen(tmp_path):
    fmt = first_para(tmp_path, '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    assert (fmt.border_bottom, fmt.border_top) == (True, False)


NUMBERING = part_xml("numbering", (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>'
    '<w:suff w:val="space"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/>'
    '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/>'
    "</w:lvl></w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
))


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return para(text, ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def read_numbered(tmp_path: Path, body: str):
    return open_source(build_docx(tmp_path / "n.docx", body=body, parts={"word/numbering.xml": NUMBERING}))


def test_automatic_numbering_labels_are_prepended(tmp_path):
    body = "".join([numbered("KẾT QUẢ", 1), numbered("Một", 1, 1), numbered("Hai", 1, 1), numbered("ý a", 1, 2),
                    numbered("NHIỆM VỤ", 1), numbered("Lại một", 1, 1)])
    texts = [b.text for b in read_numbered(tmp_path, body).blocks]
    assert texts == ["I. KẾT QUẢ", "1.\tMột", "2.\tHai", "a)\tý a", "II. NHIỆM VỤ", "1.\tLại một"]


def test_numbering_level_indent_applies(tmp_path):
    block = read_numbered(tmp_path, numbered("Một", 1, 1)).blocks[0]
    assert block.para.first_line_indent_cm == pytest.approx(-0.635)


def test_plain_dash_bullet_is_shown_but_symbol_bullet_is_not(tmp_path):
    blocks = read_numbered(tmp_path, numbered("Như trên;", 2) + numbered("Lưu: VT.", 3)).blocks
    assert [b.text for b in blocks] == ["-\tNhư trên;", "Lưu: VT."]


def test_list_linked_through_numbering_style_is_labelled(tmp_path):
    numbering = part_xml("numbering", (
        '<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="ListeVB"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ListeVB"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        "</w:num>"))
    styles = styles_xml('<w:style w:type="numbering" w:styleId="ListeVB"><w:name w:val="Liste VB"/><w:pPr>'
                        '<w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    body = numbered("Một", 2) + numbered("Hai", 2)
    doc = open_source(build_docx(tmp_path / "l.docx", body=body,
                                 parts={"word/numbering.xml": numbering, "word/styles.xml": styles}))
    assert [b.text for b in doc.blocks] == ["1. Một", "2. Hai"]


def test_word_built_in_table_style_bolds_first_row_and_column(tmp_path):
    """python-docx's template carries Word's built-in table styles; "Light List Accent 1" bolds
    the header row and the first column through tblStylePr, as Word shows it."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.style = document.styles["Light List Accent 1"]
    for r in range(3):
        for c in range(2):
            table.cell(r, c).text = f"r{r + 1}c{c + 1}"
    document.save(tmp_path / "t.docx")
    bold = {block.text: block.runs[0].bold for block in open_source(tmp_path / "t.docx").blocks}
    assert bold == {"r1c1": True, "r1c2": True, "r2c1": True, "r2c2": False, "r3c1": True, "r3c2": False}
