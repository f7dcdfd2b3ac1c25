"""A state Quyết định's own rows of B.2 (spec as updated): the thẩm quyền ban hành (ô 5a′) and
'QUYẾT ĐỊNH:' (ô 6), centred, IN HOA, bold — shown by NĐ 30's samples (Mẫu 1.1–1.3), so a deviation is a
warning — and Điều without a title, where only 'Điều 1.' is bold."""

from __future__ import annotations

from lxml import etree

from tests.fixtures_docx import W_NS, set_run_property
from tests.word_edits import Edit, paragraphs, problems, retext, variant


def not_bold(text: str) -> Edit:
    def edit(root: etree._Element) -> None:
        set_run_property(paragraphs(root, text)[0], "b", {"val": "0"})

    return edit


def only_label_bold(text: str) -> Edit:
    """The article's label run ('Điều 1. ') stays bold, the runs after it are set not bold."""

    def edit(root: etree._Element) -> None:
        p = paragraphs(root, text)[0]
        runs = list(p.iter(f"{{{W_NS}}}r"))
        label = next(i for i, r in enumerate(runs) if "".join(t.text or "" for t in r.iter(f"{{{W_NS}}}t")).strip())
        assert "".join(t.text or "" for t in runs[label].iter(f"{{{W_NS}}}t")).startswith("Điều ")
        for run in runs[label + 1:]:
            rpr = run.find(f"{{{W_NS}}}rPr")
            if rpr is None:
                rpr = etree.SubElement(run, f"{{{W_NS}}}rPr")
                run.insert(0, rpr)
            etree.SubElement(rpr, f"{{{W_NS}}}b").set(f"{{{W_NS}}}val", "0")

    return edit


def test_a_decide_line_not_in_bold_is_a_warning(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, not_bold("QUYẾT ĐỊNH:"))[0]
    assert [(s, c) for s, c, _ in problems(doc)] == [("warning", "layout:body")]
    assert "«QUYẾT ĐỊNH:»" in problems(doc)[0][2]


def test_a_decide_line_without_its_colon_is_only_a_note(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, retext("QUYẾT ĐỊNH:", "QUYẾT ĐỊNH"))[0]
    assert problems(doc) == []
    assert [m for _, c, m in problems(doc, "info") if c == "format:body" and "hai chấm" in m] == [
        "Dòng «QUYẾT ĐỊNH:» thiếu dấu hai chấm."]


def test_an_enacting_authority_not_in_bold_is_a_warning(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, not_bold("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"))[0]
    assert [(s, c) for s, c, _ in problems(doc)] == [("warning", "layout:body")]
    assert "Thẩm quyền ban hành" in problems(doc)[0][2]


def test_an_article_without_a_title_with_only_its_label_bold_is_right(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, only_label_bold("Điều 1."), only_label_bold("Điều 2."),
                  only_label_bold("Điều 3."))[0]
    assert problems(doc) == []


def test_an_article_whose_label_is_not_bold_is_named(tmp_path):
    doc = variant("state_quyet_dinh", tmp_path, not_bold("Điều 2."))[0]
    assert [(s, c) for s, c, _ in problems(doc)] == [("warning", "layout:body")]
