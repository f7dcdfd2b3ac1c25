"""B.2 ô 6 (spec as updated): an Điều without a title prints only 'Điều 1.' in bold, the sentence after it
as body text; an Điều with a title stays bold. The .docx, the preview and the importer agree."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document

from desktop.core.check.importer import import_docx
from desktop.core.layout import layout_draft
from desktop.core.model import Draft, Paragraph, Run, load_draft
from desktop.core.render import render_bytes, render_to_file
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES

STATE = load_rule_set("state_nd30")
BODY = [
    Paragraph("article", [Run("Phạm vi điều chỉnh")]),  # a title: bold
    Paragraph("article", [Run("Phê duyệt danh sách "), Run("12 thí sinh", bold=True), Run(" trúng tuyển.")]),
]


def quyet_dinh() -> Draft:
    return replace(load_draft(EXAMPLES / "state_quyet_dinh.json"), body=BODY, copy=None)


def bold_by_text(paragraph) -> dict[str, bool]:
    """Each run's printed weight: its own bold, else its paragraph style's."""
    style_bold = bool(paragraph.style.font.bold)
    return {r.text: (r.bold if r.bold is not None else style_bold) for r in paragraph.runs if r.text.strip()}


def test_only_the_label_of_an_untitled_article_is_bold_in_the_docx():
    doc = Document(io.BytesIO(render_bytes(quyet_dinh())))
    titled, untitled = [p for p in doc.paragraphs if p.text.startswith("Điều ")]
    assert set(bold_by_text(titled).values()) == {True}
    assert bold_by_text(untitled) == {"Điều 2. ": True, "Phê duyệt danh sách ": False, "12 thí sinh": True,
                                      " trúng tuyển.": False}


def test_the_preview_prints_the_same_weights():
    model = layout_draft(quyet_dinh(), STATE)
    lines = [ln for ln in model.lines("body") if ln.text.startswith("Điều ")]
    assert all(s.bold for s in lines[0].spans)
    weights = {s.text.strip(): s.bold for s in lines[1].spans if s.text.strip()}
    assert weights["Điều 2."] and weights["12 thí sinh"] and not weights["Phê duyệt danh sách"]


def test_the_clerks_bold_inside_an_untitled_article_comes_back_on_import(tmp_path):
    path = render_to_file(quyet_dinh(), tmp_path / "qd.docx")
    body = import_docx(path).body
    articles = [p for p in body if p.style == "article"]
    assert [[(r.text, r.bold) for r in p.runs] for p in articles] == [
        [("Phạm vi điều chỉnh", False)],
        [("Phê duyệt danh sách ", False), ("12 thí sinh", True), (" trúng tuyển.", False)]]


def test_party_articles_keep_the_whole_line_bold():
    """HD 36 (B.1) says nothing new about Điều: its rule set keeps every article bold."""
    assert load_rule_set("party_hd36").headings["article"].get("untitled_text_bold", True)
