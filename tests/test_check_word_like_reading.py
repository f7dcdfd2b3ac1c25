"""The checker reads Word files the way offices make them (issue #16, reading and severity side).

Every test starts from a rendered example that checks clean (or builds a small Word file by
hand) and changes one thing the way Word or a clerk does: rules drawn as floating lines anchored
in the paragraph below and positioned upward, VML lines, typed rules, one body name on two lines,
a header and closing laid out with tabs, TCVN3 fonts only declared by styles, a justified
"Nơi nhận:", a .doc round trip through LibreOffice. Each is checked through check_file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_files import build_docx
from lxml import etree

from desktop.core.check import check_file
from desktop.core.check.placement import Box, PageFrame, ShapeLine, attach
from desktop.core.check.report import DocumentReport
from desktop.core.office import convert
from tests.fixtures_docx import NS, set_paragraph_text, set_run_property
from tests.word_like import (
    DOC,
    STYLES,
    chain,
    move_rule,
    rendered,
    rule_geometry,
    styled,
    type_rule,
    w,
    write,
)

HEADER_RULES = [("VBIssuerRule", "VBNumber", -0.12), ("VBMottoRule", "VBPlaceDate", -0.12)]
"""(rule paragraph, the paragraph below that anchors the line in Word, offset from its top in cm)."""


def only_document(path: Path) -> DocumentReport:
    report = check_file(path)
    assert report.readable, report.error
    (document,) = report.documents
    return document


def summary(document: DocumentReport) -> list[tuple[str, str]]:
    return [(f.severity, f.code) for f in document.findings]


# --- drawn lines -------------------------------------------------------------------------------


@pytest.mark.parametrize("vml", [False, True], ids=["drawingml", "vml"])
@pytest.mark.parametrize(("example", "rules"), [
    ("state_thong_bao", [*HEADER_RULES, ("VBSummaryRule", "VBBody", -0.3)]),
    ("state_cong_van", HEADER_RULES),
])
def test_lines_anchored_in_the_paragraph_below_and_drawn_upward_check_clean(tmp_path, example, rules, vml):
    data = rendered(example)
    geometry = rule_geometry(data, tmp_path)
    edits = chain(*(move_rule(rule, anchor, geometry, y_cm=y, vml=vml, shape_id=n)
                    for n, (rule, anchor, y) in enumerate(rules, 1)))
    document = only_document(write(tmp_path, example, data, {DOC: edits}))
    assert document.findings == []


def test_a_line_drawn_under_the_number_is_not_the_agency_rule(tmp_path):
    data = rendered("state_thong_bao")
    geometry = rule_geometry(data, tmp_path)
    document = only_document(write(tmp_path, "low", data, {
        DOC: move_rule("VBIssuerRule", "VBNumber", geometry, y_cm=0.7)}))  # below the Số line, not above it
    assert ("error", "layout:issuer") in summary(document)


def test_line_positioned_from_the_page_goes_to_the_text_above_it_in_its_column():
    frame = PageFrame(top_margin_cm=2.0, left_margin_cm=3.0, text_height_cm=25.7, text_width_cm=16.0)
    boxes = {
        0: Box(0.0, 0.6, 0.5, 0.0, 6.5, ("table", 1, 1), True, False),  # agency, left cell
        1: Box(0.0, 0.6, 0.5, 6.5, 16.0, ("table", 1, 2), True, False),  # quốc hiệu, right cell
        2: Box(0.6, 0.6, 0.5, 6.5, 16.0, ("table", 1, 2), True, False),  # tiêu ngữ, right cell
        3: Box(1.4, 0.6, 0.5, 0.0, 16.0, ("body",), True, False),  # tên loại, anchors both lines
    }
    under_motto = ShapeLine(3, 5.5, v_rel="page", v_cm=2.0 + 1.25, h_rel="margin", h_cm=8.5)
    under_agency = ShapeLine(3, 2.0, v_rel="margin", v_cm=0.65, h_rel="page", h_cm=3.0 + 2.25)
    assert attach([under_motto, under_agency], boxes, frame) == [(2, 5.5, None), (0, 2.0, None)]


# --- typed rules --------------------------------------------------------------------------------


def test_typed_underscore_rules_are_warnings_and_the_date_is_still_read(tmp_path):
    data = rendered("state_cong_van")
    document = only_document(write(tmp_path, "typed", data, {
        DOC: chain(type_rule("VBIssuerRule"), type_rule("VBMottoRule"))}))
    assert document.parts["place_date"].found and document.parts["number"].found
    assert sorted(summary(document)) == [("warning", "layout:header_title"), ("warning", "layout:issuer")]


def test_typed_rule_under_the_trich_yeu_is_a_warning_and_ends_the_trich_yeu(tmp_path):
    data = rendered("state_thong_bao")
    document = only_document(write(tmp_path, "typed", data, {DOC: type_rule("VBSummaryRule", "__________")}))
    assert summary(document) == [("warning", "layout:summary")]
    assert "_" not in document.parts["summary"].text


# --- header variants ----------------------------------------------------------------------------


def test_one_body_name_on_two_bold_lines_is_one_issuer(tmp_path):
    def two_lines(root: etree._Element) -> None:
        superior, issuer = styled(root, "VBSuperior"), styled(root, "VBIssuer")
        set_paragraph_text(superior, "ỦY BAN NHÂN DÂN")
        set_run_property(superior, "b", {})
        set_paragraph_text(issuer, "TỈNH QUẢNG NINH")

    document = only_document(write(tmp_path, "two", rendered("state_thong_bao"), {DOC: two_lines}))
    assert document.parts["issuer"].text == "ỦY BAN NHÂN DÂN / TỈNH QUẢNG NINH"  # its two printed lines
    assert not [f for f in document.findings if f.severity == "error"]
    assert not [f for f in document.findings if f.code == "layout:issuer" and "bold" in f.fix.lower()]


def test_letter_subject_written_ve_colon_is_read_and_only_warned(tmp_path):
    def ve(root: etree._Element) -> None:
        p = styled(root, "VBLetterSummary")
        text = "".join(t.text or "" for t in p.iter(w("t")))
        set_paragraph_text(p, "Về: " + text.removeprefix("V/v "))

    document = only_document(write(tmp_path, "ve", rendered("state_cong_van"), {DOC: ve}))
    assert document.parts["summary"].text.startswith("Về: ")
    assert summary(document) == [("warning", "format:summary")]


def tab_paragraph(*pieces: str, stops: tuple[tuple[str, float], ...] = (("center", 1.9), ("center", 10.9)),
                  bold: bool = False, italic: bool = False, size: int = 13, align: str | None = None,
                  first_tabs: int = 0) -> str:
    """One paragraph whose pieces are separated by tabs (a converted .doc's columns)."""
    tabs = "".join(f'<w:tab w:val="{kind}" w:pos="{round(cm * 567)}"/>' for kind, cm in stops)
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    rpr = f'{"<w:b/>" if bold else ""}{"<w:i/>" if italic else ""}<w:sz w:val="{size * 2}"/>'
    runs = "<w:r><w:tab/></w:r>" * first_tabs
    for index, piece in enumerate(pieces):
        if index:
            runs += "<w:r><w:tab/></w:r>"
        if piece:
            runs += f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{piece}</w:t></w:r>'
    return f"<w:p><w:pPr><w:tabs>{tabs}</w:tabs>{jc}</w:pPr>{runs}</w:p>"


def plain(text: str, *, bold: bool = False, size: int = 14, align: str = "center") -> str:
    rpr = f'{"<w:b/>" if bold else ""}<w:sz w:val="{size * 2}"/>'
    return (f'<w:p><w:pPr><w:jc w:val="{align}"/></w:pPr><w:r><w:rPr>{rpr}</w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r></w:p>')


def test_header_and_closing_laid_out_with_tabs_keep_number_date_and_signer(tmp_path):
    closing = (("center", 12.0),)
    body = "".join([
        tab_paragraph("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12),
        tab_paragraph("TỈNH LÀO CAI", "Độc lập - Tự do - Hạnh phúc", bold=True),
        tab_paragraph("Số:", "15/BC-UBND", "Lào Cai, ngày 05 tháng 3 năm 2026",
                      stops=(("left", 0.8), ("left", 1.6), ("center", 10.9))),
        plain(""),
        plain("BÁO CÁO", bold=True),
        plain("Kết quả thực hiện nhiệm vụ năm 2025", bold=True),
        plain("Năm 2025, Ủy ban nhân dân tỉnh đã chỉ đạo các sở, ngành thực hiện đầy đủ các nhiệm vụ được giao "
              "trong kế hoạch, bảo đảm tiến độ và chất lượng.", align="both"),
        tab_paragraph("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", stops=closing, bold=True),
        tab_paragraph("- Bộ Công Thương;", "CHỦ TỊCH", stops=closing, size=11),
        tab_paragraph("- Lưu: VT, KT.", "", stops=closing, size=11),
        tab_paragraph("", "Nguyễn Văn An", stops=closing, bold=True, size=14),
    ])
    document = only_document(build_docx(tmp_path / "tabs.docx", body=body))
    parts = document.parts
    assert parts["issuer"].text == "ỦY BAN NHÂN DÂN / TỈNH LÀO CAI"
    assert parts["number"].text == "Số: 15/BC-UBND"
    assert parts["place_date"].text == "Lào Cai, ngày 05 tháng 3 năm 2026"
    assert parts["signature_authority"].text == "TM. ỦY BAN NHÂN DÂN"
    assert parts["signer_title"].text == "CHỦ TỊCH"
    assert parts["signer_name"].text == "Nguyễn Văn An"
    assert parts["recipients"].found and parts["archive"].text == "- Lưu: VT, KT."


def test_a_tab_inside_one_column_does_not_split_it():
    from desktop.core.check.blocks import Block, Location, ParaFormat, RunFormat
    from desktop.core.check.lines import split_lines

    text = "Thời gian:\t14 giờ 00, ngày 16/6/2026"
    block = Block(0, text, (RunFormat(text, size=14),), ParaFormat(align="justify"), Location(paragraph=1),
                  container_width_cm=16.0)
    (line,) = split_lines([block])
    assert line.text == "Thời gian: 14 giờ 00, ngày 16/6/2026" and not line.tab_cell


# --- fonts ----------------------------------------------------------------------------------------


def runs_in_times_new_roman(root: etree._Element) -> None:
    """Every run says Times New Roman itself, as in files converted from .VnTime documents."""
    for run in root.iter(w("r")):
        rpr = run.find("w:rPr", NS)
        if rpr is None:
            rpr = etree.SubElement(run, w("rPr"))
            run.insert(0, rpr)
        fonts = etree.Element(w("rFonts"))
        for slot in ("ascii", "hAnsi", "cs"):
            fonts.set(w(slot), "Times New Roman")
        style = rpr.find("w:rStyle", NS)
        rpr.insert(1 if style is not None else 0, fonts)


def styles_declare_vntime(root: etree._Element) -> None:
    for fonts in root.iter(w("rFonts")):
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(w(slot), ".VnTime")


def test_vntime_declared_only_by_the_styles_is_not_reported(tmp_path):
    document = only_document(write(tmp_path, "declared", rendered("state_thong_bao"), {
        DOC: runs_in_times_new_roman, STYLES: styles_declare_vntime}))
    assert document.findings == []


def test_text_printed_in_vntime_is_an_error(tmp_path):
    def one_paragraph_in_vntime(root: etree._Element) -> None:
        runs_in_times_new_roman(root)
        p = styled(root, "VBBody")
        set_paragraph_text(p, "Céng hßa x· héi chñ nghÜa ViÖt Nam")  # TCVN3 bytes, shown right only in .VnTime
        for fonts in p.iter(w("rFonts")):
            fonts.set(w("hAnsi"), ".VnTime")

    document = only_document(write(tmp_path, "printed", rendered("state_thong_bao"), {
        DOC: one_paragraph_in_vntime, STYLES: styles_declare_vntime}))
    (finding,) = [f for f in document.findings if f.code == "font:non_unicode"]
    assert finding.severity == "error" and ".VnTime" in finding.message and finding.where


# --- severity of the closing block's alignment ---------------------------------------------------


def test_justified_noi_nhan_prints_flush_left_and_is_not_reported(tmp_path):
    def justify(root: etree._Element) -> None:
        for style in ("VBRecipientsLabel", "VBRecipients"):
            ppr = styled(root, style).find("w:pPr", NS)
            etree.SubElement(ppr, w("jc")).set(w("val"), "both")

    document = only_document(write(tmp_path, "justified", rendered("state_thong_bao"), {DOC: justify}))
    assert document.findings == []


def test_centred_recipient_list_is_a_warning(tmp_path):
    def centre(root: etree._Element) -> None:
        ppr = styled(root, "VBRecipients").find("w:pPr", NS)
        etree.SubElement(ppr, w("jc")).set(w("val"), "center")

    document = only_document(write(tmp_path, "centred", rendered("state_thong_bao"), {DOC: centre}))
    assert summary(document) == [("warning", "layout:recipients")]


# --- a .doc converted by LibreOffice --------------------------------------------------------------


@pytest.mark.parametrize("example", ["state_thong_bao", "party_thong_bao"])
def test_doc_round_trip_through_libreoffice_checks_without_error(tmp_path, soffice, example):
    source = tmp_path / f"{example}.docx"
    source.write_bytes(rendered(example))
    doc = convert(source, "doc", tmp_path / "doc")
    back = convert(doc, "docx", tmp_path / "back")
    original, document = only_document(source), only_document(back)
    assert {name: part.found for name, part in document.parts.items()} == \
        {name: part.found for name, part in original.parts.items()}
    assert [f for f in document.findings if f.severity == "error"] == []


# --- printed lines and severity, from hand-built documents ---------------------------------------


def test_a_paragraph_typed_with_long_runs_of_spaces_is_read_as_the_lines_word_wraps_it_into():
    from desktop.core.check.blocks import Block, Location, ParaFormat, RunFormat
    from desktop.core.check.lines import split_lines

    text = "TM. ỦY BAN NHÂN DÂN" + " " * 60 + "KT. CHỦ TỊCH"
    block = Block(0, text, (RunFormat(text, size=14, bold=True),), ParaFormat(align="center"),
                  Location(container="table", paragraph=1, table=2, row=1, col=2), container_width_cm=7.5)
    assert [line.text for line in split_lines([block])] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]


def test_a_blank_day_typed_with_spaces_stays_one_line():
    from desktop.core.check.blocks import Block, Location, ParaFormat, RunFormat
    from desktop.core.check.lines import split_lines

    text = "Lào Cai, ngày        tháng 4 năm 2026"
    block = Block(0, text, (RunFormat(text, size=14, italic=True),), ParaFormat(align="center"),
                  Location(container="table", paragraph=1, table=1, row=2, col=2), container_width_cm=9.5)
    assert [line.text for line in split_lines([block])] == ["Lào Cai, ngày tháng 4 năm 2026"]


def test_superior_body_broken_by_hand_in_one_paragraph_is_the_non_bold_line_above_the_bold_one(tmp_path):
    cell = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="26"/></w:rPr>'
            '<w:t>BỘ CÔNG THƯƠNG</w:t><w:br/></w:r><w:r><w:rPr><w:b/><w:sz w:val="26"/></w:rPr>'
            '<w:t>CỤC HÓA CHẤT</w:t></w:r></w:p>')
    header = (f"<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc>{cell}</w:tc><w:tc>"
              + plain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13) + "</w:tc></w:tr></w:tbl>")
    document = only_document(build_docx(tmp_path / "one.docx", body=header + plain("THÔNG BÁO", bold=True)))
    assert document.parts["issuer"].text == "BỘ CÔNG THƯƠNG / CỤC HÓA CHẤT"  # superior, then issuer
    assert not [f for f in document.findings if f.code == "layout:issuer" and "đậm" in f.message]


def test_margins_of_a_landscape_appendix_section_are_a_warning():
    from tests.check_builder import a4, check, state_notice

    landscape = a4(width_mm=297, height_mm=210, landscape=True, left_mm=20, bottom_mm=12.5)
    (report,) = check(state_notice(), sections=[a4(), landscape])
    assert [f.severity for f in report.findings if f.code == "page:margins"] == ["warning"]


def test_party_document_without_its_luu_line_is_warned_not_failed():
    from tests.check_builder import change, check, party_notice

    (report,) = check(change(party_notice(), "- Lưu Văn phòng Thành ủy.", None))
    missing = [f for f in report.findings if f.code == "missing:archive"]
    assert [f.severity for f in missing] == ["warning"]


def test_rule_under_the_kem_theo_note_of_an_attached_document_is_the_trich_yeu_rule():
    from tests.check_builder import P, check, rule_for, state_notice

    paras = state_notice()
    at = next(i for i, p in enumerate(paras) if p.text == "Về công tác văn thư")
    note = "(Ban hành kèm theo Quyết định số 15/2010/QĐ-UBND ngày 26 tháng 4 năm 2010)"
    paras[at] = P(paras[at].text, size=14, bold=True)  # no line under the trích yếu itself …
    paras.insert(at + 1, P(note, size=14, italic=True,  # … but under the note that follows it
                           drawn_line_cm=rule_for(paras[at].text, 14, 0.4)))
    (report,) = check(paras)
    assert report.parts["summary"].text == "Về công tác văn thư"
    assert not [f for f in report.findings if f.code == "layout:summary"]


def test_rule_anchored_in_the_title_below_the_header_and_placed_from_the_page_top_is_the_motto_rule(tmp_path):
    """Word anchors a line where the cursor was (here the tên loại, under the header table) and may
    place it from the page's top edge: it still goes to the tiêu ngữ it is drawn under."""
    from desktop.core.check.docx_reader import DocxReader
    from desktop.core.check.package import Package
    from tests.word_like import drop, floating_line_run

    data = rendered("state_thong_bao")
    length, column = rule_geometry(data, tmp_path)["VBMottoRule"]
    x_cm = 16.5 - column + (column - length) / 2  # the right cell's left edge, from the margin

    def moved(y_cm: float):
        def edit(root: etree._Element) -> None:
            drop(styled(root, "VBMottoRule"))
            styled(root, "VBTypeName").append(
                floating_line_run(length, x_cm=x_cm, y_cm=y_cm, v_rel="page", h_rel="margin"))
        return edit

    probe = write(tmp_path, "probe", data, {DOC: moved(0.0)})
    with Package(probe) as package:
        reader = DocxReader(package)
        source = reader.read()
    motto = next(b for b in source.blocks if b.text == "Độc lập - Tự do - Hạnh phúc")
    box = reader.boxes[motto.index]
    top_margin = source.sections[0].top_mm / 10
    document = only_document(write(tmp_path, "page", data, {DOC: moved(top_margin + box.top + box.first_line)}))
    assert document.findings == []


def test_reader_gives_a_line_anchored_below_and_drawn_upward_to_the_paragraph_above(tmp_path):
    from desktop.core.check.reader import open_source
    from tests.word_like import floating_line_run

    line = etree.tostring(floating_line_run(2.0, x_cm=1.0, y_cm=-0.15)).decode()
    body = (plain("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", bold=True, size=13)
            + plain("Số: 15/UBND-VP", size=13).replace("</w:p>", line + "</w:p>"))
    first, second = open_source(build_docx(tmp_path / "up.docx", body=body)).blocks
    assert first.drawn_line_cm == pytest.approx(2.0) and second.drawn_line_cm is None


def test_typed_rule_under_the_number_does_not_end_the_header_of_a_cong_van(tmp_path):
    import copy

    def under_number(root: etree._Element) -> None:
        number = styled(root, "VBNumber")
        typed = copy.deepcopy(number)
        set_paragraph_text(typed, "__________")
        number.addnext(typed)

    document = only_document(write(tmp_path, "typed", rendered("state_cong_van"), {DOC: under_number}))
    assert document.parts["summary"].text.startswith("V/v ") and document.parts["place_date"].found
    assert document.findings == []


def test_reader_reads_a_word_2003_connector_shape_drawn_upward_from_the_paragraph_below(tmp_path):
    from desktop.core.check.reader import open_source

    connector = ('<w:r><w:pict><v:shape type="#_x0000_t32" style="position:absolute;margin-left:40pt;'
                 'margin-top:-6pt;width:56.7pt;height:0;z-index:1;mso-position-horizontal-relative:text;'
                 'mso-position-vertical-relative:text" o:connectortype="straight"/></w:pict></w:r>')
    body = (plain("SỞ CÔNG THƯƠNG", bold=True, size=13)
            + plain("Số: 15/SCT-VP", size=13).replace("</w:p>", connector + "</w:p>"))
    first, second = open_source(build_docx(tmp_path / "vml.docx", body=body)).blocks
    assert first.drawn_line_cm == pytest.approx(2.0, abs=0.01) and second.drawn_line_cm is None


def test_a_party_committee_under_its_superior_is_not_read_as_the_end_of_one_name():
    from desktop.core.check import check_source
    from desktop.core.check.detect import detect
    from desktop.core.check.lines import split_lines
    from desktop.core.check.text_reader import parse_text

    text = ("ĐẢNG BỘ TỈNH THÁI NGUYÊN\tĐẢNG CỘNG SẢN VIỆT NAM\n\nHUYỆN ỦY ĐỊNH HÓA\n\n*\n\n"
            "Số 12-TB/HU\tĐịnh Hóa, ngày 20 tháng 02 năm 2021\n\nTHÔNG BÁO\nvề công tác cán bộ\n-----\n\n"
            "Ban Thường vụ Huyện ủy thông báo để các cấp ủy, tổ chức đảng biết, thực hiện.\n")
    (report,) = check_source(parse_text(text))
    assert report.parts["issuer"].text == "ĐẢNG BỘ TỈNH THÁI NGUYÊN / HUYỆN ỦY ĐỊNH HÓA"
    detected = detect([ln for ln in split_lines(parse_text(text).blocks) if not ln.blank])
    assert [ln.text for ln in detected.superior] == ["ĐẢNG BỘ TỈNH THÁI NGUYÊN"]
    assert [ln.text for ln in detected.issuer] == ["HUYỆN ỦY ĐỊNH HÓA"]


def test_a_regulation_issued_with_the_decision_needs_no_number_date_or_recipients_of_its_own():
    from tests.check_builder import P, body, check, rule_for, state_notice

    issuer, motto, summary = "CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", "Độc lập - Tự do - Hạnh phúc", "Về công tác văn thư"
    attached = [
        P("BỘ NỘI VỤ", size=13, cell=(3, 1, 1), page_break=True),
        P(issuer, size=13, bold=True, cell=(3, 1, 1), drawn_line_cm=rule_for(issuer, 13, 0.4)),
        P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, cell=(3, 1, 2)),
        P(motto, size=14, bold=True, cell=(3, 1, 2), drawn_line_cm=rule_for(motto, 14)),
        P("QUY ĐỊNH", size=14, bold=True),
        P(summary, size=14, bold=True),
        P("(Ban hành kèm theo Quyết định số 12/QĐ-VTLTNN ngày 05 tháng 02 năm 2021)", size=14, italic=True,
          drawn_line_cm=rule_for(summary, 14, 0.4)),
        *body(last_end="./."),
        P("CỤC TRƯỞNG", bold=True, cell=(4, 1, 2)),
        P("Nguyễn Văn An", bold=True, cell=(4, 1, 2)),
    ]
    reports = check(state_notice() + attached)
    assert len(reports) == 2
    missing = [f.code for f in reports[1].findings if f.code.startswith("missing:")]
    assert missing == []


def cell_bottom_border(paragraph_style: str) -> Callable[[etree._Element], None]:
    """Delete the rendered rule paragraph under the agency and give the agency's cell a bottom border
    instead (Table Properties → Borders → bottom only), as clerks draw it."""

    def edit(root: etree._Element) -> None:
        rule = styled(root, "VBIssuerRule")
        rule.getparent().remove(rule)
        cell = next(a for a in styled(root, paragraph_style).iterancestors() if a.tag == w("tc"))
        tcpr = cell.find("w:tcPr", NS)
        if tcpr is None:
            tcpr = etree.SubElement(cell, w("tcPr"))
            cell.insert(0, tcpr)
        borders = etree.SubElement(tcpr, w("tcBorders"))
        etree.SubElement(borders, w("bottom"),
                         {w("val"): "single", w("sz"): "6", w("space"): "0", w("color"): "000000"})

    return edit


def test_a_rule_drawn_as_the_agency_cells_bottom_border_is_a_rule_not_a_missing_one(tmp_path):
    data = rendered("state_thong_bao")
    document = only_document(write(tmp_path, "cell_border", data, {DOC: cell_bottom_border("VBIssuer")}))
    issuer = [(f.severity, f.message) for f in document.findings if f.code == "layout:issuer"]
    assert all(severity == "warning" for severity, _ in issuer), issuer  # at most its length (the whole cell)
    assert not any("Thiếu" in message for _, message in issuer)
    without = only_document(write(tmp_path, "no_rule", data, {DOC: lambda root: styled(root, "VBIssuerRule")
                                                               .getparent().remove(styled(root, "VBIssuerRule"))}))
    assert ("error", "layout:issuer") in summary(without)
