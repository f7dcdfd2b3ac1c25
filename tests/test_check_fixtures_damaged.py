"""Damaged renders: one broken thing each, and the checker names exactly that thing.

Each test renders a complete example (examples/*.json) with desktop.core.render, breaks ONE
thing by editing the .docx XML (zipfile + lxml, tests/fixtures_docx.edit_docx_xml), checks
it, and asserts that the error/warning codes it adds to the undamaged render's are exactly
the expected one. The undamaged renders themselves must have no error and no warning.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from desktop.core.check import check_file
from desktop.core.check.report import FileReport
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from tests.conftest import EXAMPLES
from tests.damage_edits import DOC, STYLES, Edit, drop_title_page, retext, run_prop, sect_attr, styled, w
from tests.fixtures_docx import (
    NS,
    edit_docx_xml,
    paragraph_text,
    set_paragraph_text,
)


def remove_paragraphs(predicate: Callable[[etree._Element], bool]) -> Edit:
    def edit(root: etree._Element) -> None:
        for p in [p for p in root.iter(w("p")) if predicate(p)]:
            parent = p.getparent()
            parent.remove(p)
            if parent.tag == w("tc") and parent.find("w:p", NS) is None:
                etree.SubElement(parent, w("p"))  # a cell must end with a paragraph

    return edit


def remove_first(style_id: str) -> Edit:
    """Remove the first paragraph of ``style_id`` (the main document's, before any copy block)."""

    def edit(root: etree._Element) -> None:
        p = styled(root, style_id)[0]
        parent = p.getparent()
        parent.remove(p)
        if parent.tag == w("tc") and parent.find("w:p", NS) is None:
            etree.SubElement(parent, w("p"))

    return edit


def recipients_end_with_semicolon(root: etree._Element) -> None:
    for p in styled(root, "VBRecipients"):
        set_paragraph_text(p, paragraph_text(p).rstrip(",") + ";")


def vntime_fonts(root: etree._Element) -> None:
    for fonts in root.iter(w("rFonts")):
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            if fonts.get(w(slot)) is not None:
                fonts.set(w(slot), ".VnTime")
        for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            fonts.attrib.pop(w(theme), None)


def noi_nhan_paragraph(p: etree._Element) -> bool:
    style = p.find("w:pPr/w:pStyle", NS)
    return style is not None and style.get(w("val")) in (
        "VBRecipientsLabel",
        "VBRecipients",
        "VBReportNote",
        "VBArchive",
    )


class Damage(NamedTuple):
    example: str  # examples/<example>.json
    edits: dict[str, Edit]  # xml part -> edit
    code: str  # the finding code the damage must add
    also: frozenset[str] = frozenset()  # codes the spec says the same mistake also is (cited below)


# The name says what breaks; the code what the checker must find.
DAMAGES: dict[str, Damage] = {
    # F.1 names 'a Số: colon' under the Party tiêu đề as a mixed-system mark, F.5 as number syntax: both.
    "party_number_with_colon": Damage(
        "party_thong_bao", {DOC: retext("VBNumber", "Số ", "Số: ")}, "format:number", frozenset({"mixed_system"})
    ),
    "state_number_without_colon": Damage("state_thong_bao", {DOC: retext("VBNumber", "Số: ", "Số ")}, "format:number"),
    "party_margins_too_small": Damage("party_thong_bao", {DOC: sect_attr("pgMar", {"left": "1134"})}, "page:margins"),
    "party_font_vntime": Damage("party_thong_bao", {STYLES: vntime_fonts, DOC: vntime_fonts}, "font:non_unicode"),
    "party_missing_noi_nhan": Damage(
        "party_thong_bao", {DOC: remove_paragraphs(noi_nhan_paragraph)}, "missing:recipients"
    ),
    "party_date_month_without_zero": Damage(
        "party_thong_bao", {DOC: retext("VBPlaceDate", "tháng 3", "tháng 2")}, "format:place_date"
    ),
    "state_date_month_with_zero": Damage(
        "state_thong_bao", {DOC: retext("VBPlaceDate", "tháng 6", "tháng 06")}, "format:place_date"
    ),
    "party_state_lines_semicolon_in_party": Damage(
        "party_thong_bao", {DOC: recipients_end_with_semicolon}, "mixed_system"
    ),
    "party_issuer_not_bold": Damage("party_thong_bao", {DOC: run_prop("VBIssuer", "b", {"val": "0"})}, "layout:issuer"),
    "party_missing_asterisk": Damage("party_thong_bao", {DOC: remove_first("VBIssuerMark")}, "layout:issuer"),
    "party_body_size_12": Damage(
        "party_thong_bao", {DOC: run_prop("VBBody", "sz", {"val": "24"}, every=True)}, "layout:body"
    ),
    "state_body_size_12": Damage(
        "state_thong_bao", {DOC: run_prop("VBBody", "sz", {"val": "24"}, every=True)}, "layout:body"
    ),
    "party_page_a5": Damage("party_thong_bao", {DOC: sect_attr("pgSz", {"w": "8391", "h": "11906"})}, "page:size"),
    "party_page_number_on_first_page": Damage("party_thong_bao", {DOC: drop_title_page}, "page:numbering"),
    "party_date_not_italic": Damage(
        "party_thong_bao", {DOC: run_prop("VBPlaceDate", "i", {"val": "0"})}, "layout:place_date"
    ),
    "party_signer_name_not_bold": Damage(
        "party_thong_bao", {DOC: run_prop("VBSignerName", "b", {"val": "0"})}, "layout:signer_name"
    ),
    "party_missing_type_name": Damage("party_thong_bao", {DOC: remove_first("VBTypeName")}, "missing:type_name"),
    "state_prefix_party_form_in_state": Damage(
        "state_cong_van", {DOC: retext("VBSignatureAuthority", "KT.", "K/T")}, "mixed_system"
    ),
    "party_header_title_misspelt": Damage("party_thong_bao", {DOC: retext("VBHeaderTitle", "CỘNG", "CÔNG")},
                                          "format:header_title"),
    "party_header_title_rule_removed": Damage("party_thong_bao", {DOC: remove_first("VBHeaderTitleRule")},
                                              "layout:header_title"),
    "party_missing_number": Damage("party_thong_bao", {DOC: remove_first("VBNumber")}, "missing:number"),
    "party_missing_signer_name": Damage("party_thong_bao", {DOC: remove_first("VBSignerName")},
                                        "missing:signer_name"),
    "party_summary_not_bold": Damage("party_thong_bao", {DOC: run_prop("VBSummary", "b", {"val": "0"})},
                                     "layout:summary"),
    "party_summary_full_stop": Damage("party_thong_bao", {DOC: retext("VBSummary", "2025", "2025.")},
                                      "format:summary"),
    "party_type_name_size_13": Damage("party_thong_bao", {DOC: run_prop("VBTypeName", "sz", {"val": "26"})},
                                      "layout:type_name"),
    "party_noi_nhan_not_underlined": Damage("party_thong_bao",
                                            {DOC: run_prop("VBRecipientsLabel", "u", {"val": "none"})},
                                            "layout:recipients"),
    "party_recipient_full_stop_before_last": Damage(
        "party_thong_bao", {DOC: retext("VBRecipients", "Trung ương Đảng,", "Trung ương Đảng.")},
        "format:recipients"),
    # F.1 names a 'Lưu: VT,' line in a Party document as a mixed-system mark.
    "party_archive_state_form": Damage("party_thong_bao", {DOC: retext("VBArchive", "- Lưu ", "- Lưu: VT, ")},
                                       "mixed_system"),
    "party_prefix_with_dot": Damage("party_thong_bao", {DOC: retext("VBSignatureAuthority", "T/M ", "T/M. ")},
                                    "format:signature_authority"),
    "party_double_space_in_body": Damage("party_thong_bao",
                                         {DOC: retext("VBBody", "07/3/2025, Ban", "07/3/2025,  Ban")},
                                         "text:double_space"),
    "party_tone_marks_mixed": Damage("party_thong_bao", {DOC: retext("VBBody", "Thành ủy họp", "Thành uỷ họp")},
                                     "text:tone_marks"),
    # NĐ 30 Phụ lục III Mẫu 1.2–1.3 (B.2 ô 6): a state quyết định prints both lines.
    "state_decision_without_decide_line": Damage("state_quyet_dinh", {DOC: remove_first("VBDecide")}, "format:body"),
    "state_decision_without_enacting_authority": Damage("state_quyet_dinh", {DOC: remove_first("VBEnactingAuthority")},
                                                        "format:body"),
}

EXAMPLES_USED = sorted({damage.example for damage in DAMAGES.values()})


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: render_bytes(load_draft(EXAMPLES / f"{name}.json")) for name in EXAMPLES_USED}


def check_bytes(data: bytes, path: Path) -> FileReport:
    path.write_bytes(data)
    return check_file(path)


def finding_codes(report: FileReport) -> set[str]:
    """Every finding code (info included: page numbering is an info rule, F.23)."""
    assert report.readable, report.error
    return {f.code for doc in report.documents for f in doc.findings}


@pytest.mark.parametrize("example", EXAMPLES_USED)
def test_undamaged_render_has_no_error_and_no_warning(rendered, example: str, tmp_path: Path):
    report = check_bytes(rendered[example], tmp_path / f"{example}.docx")
    found = [
        (f.code, f.where, f.message)
        for doc in report.documents
        for f in doc.findings
        if f.severity in ("error", "warning")
    ]
    assert found == []


@pytest.mark.parametrize("damage", sorted(DAMAGES),
                         ids=[f"{name}_is_{DAMAGES[name].code.replace(':', '_')}" for name in sorted(DAMAGES)])
def test_damaged_render_reports_exactly_the_broken_thing(rendered, damage: str, tmp_path: Path):
    spec = DAMAGES[damage]
    before = finding_codes(check_bytes(rendered[spec.example], tmp_path / "before.docx"))
    damaged = edit_docx_xml(rendered[spec.example], spec.edits)
    assert damaged != rendered[spec.example]
    after = finding_codes(check_bytes(damaged, tmp_path / f"{damage}.docx"))
    assert spec.code in after, sorted(after)
    assert after - before == {spec.code} | spec.also, sorted(after - before)
