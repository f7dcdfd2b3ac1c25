"""The length of a rule drawn as a paragraph border is judged (spec F.4; B.1 ô 1, B.2 ô 1/ô 2/ô 5a).

A border spans its paragraph's box: the container (innermost table cell less its margins, or the
section's text width) less the paragraph's left and right indents. Each test renders an example
with desktop.core.render, optionally breaks one rule paragraph by editing the .docx XML, and checks
it; expected lengths come from the rule data (rules.line_lengths) and desktop.core.metrics.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from desktop.core.check import check_file
from desktop.core.check.docx_reader import read_docx
from desktop.core.check.report import DocumentReport
from desktop.core.i18n import tr
from desktop.core.metrics import text_width_cm
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES
from tests.fixtures_docx import NS, SEED_IDS, W_NS, build_seed_docx, edit_docx_xml

DOC = "word/document.xml"
TWIPS_PER_CM = 1440 / 2.54
STATE = load_rule_set("state_nd30")
LENGTH_MESSAGES = {tr(f"check.layout.rule_length_{k}", length="", width="", expected="")[:12]
                   for k in ("text", "third_to_half", "full_width")}
"""The start every rule-length message shares ("Đường kẻ dài")."""


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def styled(root: etree._Element, style_id: str) -> etree._Element:
    """The first paragraph of a renderer style ('VBIssuerRule', …)."""
    return next(p for p in root.iter(w("p"))
                if p.find("w:pPr/w:pStyle", NS) is not None and p.find("w:pPr/w:pStyle", NS).get(w("val")) == style_id)


def set_indent(style_id: str, indent_cm: float) -> Callable[[etree._Element], None]:
    """The same left and right indent on the first paragraph of that style."""
    def edit(root: etree._Element) -> None:
        ind = styled(root, style_id).find("w:pPr/w:ind", NS)
        for side in ("left", "right"):
            ind.set(w(side), str(round(indent_cm * TWIPS_PER_CM)))

    return edit


def render(tmp_path: Path, example: str, edit: Callable[[etree._Element], None] | None = None) -> Path:
    data = render_bytes(load_draft(EXAMPLES / f"{example}.json"))
    if edit is not None:
        data = edit_docx_xml(data, {DOC: edit})
    path = tmp_path / f"{example}.docx"
    path.write_bytes(data)
    return path


def first_report(path: Path) -> DocumentReport:
    return check_file(path).documents[0]


def length_findings(report: DocumentReport) -> list:
    return [f for f in report.findings if f.message[:12] in LENGTH_MESSAGES]


def rule_notes(report: DocumentReport) -> list[str]:
    prefix = tr("check.not_evaluated.rule_length", parts="")[:20]
    return [note for note in report.not_evaluated if note.startswith(prefix)]


def expected_message(kind: str, length_cm: float, text: str, size: float, fraction) -> str:
    width = text_width_cm(text, size, bold=True)
    return tr(f"check.layout.rule_length_{kind}", length=f"{length_cm:.2f}".replace(".", ","),
              width=f"{width:.2f}".replace(".", ","),
              expected=f"{fraction.min * width:.2f}–{fraction.max * width:.2f}".replace(".", ","))


# --- the reader knows the box a border spans ---------------------------------------------------


def test_reader_gives_cell_and_section_widths(tmp_path):
    src = read_docx(render(tmp_path, "state_thong_bao"))
    blocks = {b.para.style: b for b in reversed(src.blocks)}
    left, right = STATE.page["header_columns_cm"]
    text_width = (STATE.page["paper"]["width_mm"] - STATE.margin("left").default - STATE.margin("right").default) / 10
    assert blocks["VB Issuer Rule"].container_width_cm == pytest.approx(left, abs=0.01)
    assert blocks["VB Motto Rule"].container_width_cm == pytest.approx(right, abs=0.01)
    assert blocks["VB Summary Rule"].container_width_cm == pytest.approx(text_width, abs=0.01)


def test_reader_takes_words_default_cell_margins_without_table_margins(tmp_path):
    def drop_margins(root: etree._Element) -> None:
        for mar in root.iter(w("tblCellMar")):
            mar.getparent().remove(mar)

    src = read_docx(render(tmp_path, "state_thong_bao", drop_margins))
    rule = next(b for b in src.blocks if b.para.style == "VB Issuer Rule")
    assert rule.container_width_cm == pytest.approx(STATE.page["header_columns_cm"][0] - 2 * 108 / TWIPS_PER_CM,
                                                    abs=0.01)


def test_reader_takes_a_cells_own_margins_and_spanned_grid_columns(tmp_path):
    def widen(root: etree._Element) -> None:
        tc = next(styled(root, "VBIssuerRule").iterancestors(w("tc")))
        tcpr = tc.find("w:tcPr", NS)
        tcpr.find("w:tcW", NS).set(w("type"), "auto")  # only the grid can tell the width now
        mar = etree.SubElement(tcpr, w("tcMar"))
        etree.SubElement(mar, w("left"), {w("w"): "567", w("type"): "dxa"})  # 1 cm

    src = read_docx(render(tmp_path, "state_thong_bao", widen))
    rule = next(b for b in src.blocks if b.para.style == "VB Issuer Rule")
    assert rule.container_width_cm == pytest.approx(STATE.page["header_columns_cm"][0] - 1.0, abs=0.01)


# --- undamaged renders: judged, and right -----------------------------------------------------


@pytest.mark.parametrize("example", ["state_thong_bao", "state_cong_van", "party_thong_bao"])
def test_rendered_rules_have_the_right_length(tmp_path, example):
    report = first_report(render(tmp_path, example))
    assert length_findings(report) == []
    assert rule_notes(report) == []


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_word_files_border_under_title_is_measured_against_the_printed_text(tmp_path, seed_id):
    """python-docx tables (Word's default 0.19 cm cell margins); seed 003's title is not bold, its
    border is as long as the regular-weight text: judged against that, not a bold width."""
    path = build_seed_docx(seed_id, "word", tmp_path / f"{seed_id}.docx")
    for report in check_file(path).documents:
        assert length_findings(report) == []
        assert rule_notes(report) == []


# --- damaged rule paragraphs ------------------------------------------------------------------


def test_issuer_rule_as_wide_as_its_cell_is_too_long(tmp_path):
    report = first_report(render(tmp_path, "state_thong_bao", set_indent("VBIssuerRule", 0.0)))
    (finding,) = length_findings(report)
    # the text's width is estimated from font metrics, not measured on the page: a warning
    assert finding.code == "layout:issuer" and finding.severity == "warning"
    line = STATE.part("issuer").line
    assert finding.message == expected_message(line.length, STATE.page["header_columns_cm"][0], "SỞ NỘI VỤ",
                                               STATE.part("issuer").size.default, line.fraction)


def test_issuer_rule_a_tenth_of_the_text_is_too_short(tmp_path):
    issuer = STATE.part("issuer")
    length = 0.1 * text_width_cm("SỞ NỘI VỤ", issuer.size.default, bold=True)
    indent = (STATE.page["header_columns_cm"][0] - length) / 2
    report = first_report(render(tmp_path, "state_thong_bao", set_indent("VBIssuerRule", indent)))
    (finding,) = length_findings(report)
    assert finding.code == "layout:issuer"
    assert finding.message == expected_message(issuer.line.length, round(length, 2), "SỞ NỘI VỤ",
                                               issuer.size.default, issuer.line.fraction)


def test_motto_rule_half_as_long_as_the_motto_is_too_short(tmp_path):
    motto = STATE.part("motto")
    text = STATE.fixed_text["motto"]["text"]
    length = 0.5 * text_width_cm(text, motto.size.default, bold=True)
    indent = (STATE.page["header_columns_cm"][1] - length) / 2
    report = first_report(render(tmp_path, "state_cong_van", set_indent("VBMottoRule", indent)))
    (finding,) = length_findings(report)
    assert finding.code == "layout:header_title"
    assert finding.message == expected_message(motto.line.length, round(length, 2), text, motto.size.default,
                                               motto.line.fraction)


def test_rule_in_a_cell_of_unknown_width_is_noted_not_judged(tmp_path):
    def unknown_width(root: etree._Element) -> None:
        set_indent("VBIssuerRule", 0.0)(root)  # too long, if it could be measured
        rule = styled(root, "VBIssuerRule")
        next(rule.iterancestors(w("tbl"))).find("w:tblGrid/w:gridCol", NS).set(w("w"), "0")
        next(rule.iterancestors(w("tc"))).find("w:tcPr/w:tcW", NS).set(w("type"), "pct")

    report = first_report(render(tmp_path, "state_thong_bao", unknown_width))
    assert length_findings(report) == []
    assert rule_notes(report) == [tr("check.not_evaluated.rule_length", parts=tr("check.style_name.issuer"))]
