"""The preview's page model beyond the document itself (no Qt): the copy block (B.1 "Party copies",
B.2 "Copy (paper)"), attached documents on pages of their own, the closing sentence, and the page
breaks the .docx makes (widow/orphan control). One LibreOffice test lays the model over the pages
LibreOffice prints from the rendered .docx, line by line."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core import compute
from desktop.core.layout import PageLayout, layout_draft
from desktop.core.model import Draft, Paragraph, load_draft
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def example(name: str) -> Draft:
    return load_draft(EXAMPLES / name)


def region_lines(model: PageLayout, region: str) -> dict[str, list]:
    """Lines of one region by field."""
    out: dict[str, list] = {}
    for line in model.lines(region):
        out.setdefault(line.field, []).append(line)
    return out


def docx_texts(draft: Draft) -> str:
    import docx

    from desktop.core.render import render_bytes

    document = docx.Document(io.BytesIO(render_bytes(draft)))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
                for nested in cell.tables:
                    texts += [p.text for r in nested.rows for c in r.cells for p in c.paragraphs]
    return "\n".join(texts)


def test_state_copy_block_texts_sizes_and_regions_come_from_compute_and_the_rules():
    """B.2 Copy (paper): a full-width rule, then SAO Y with the copying body's boxes 2, 3, 4, 7 and 9."""
    draft = example("state_quyet_dinh.json")
    rules = load_rule_set("state_nd30")
    model = layout_draft(draft, rules)
    copy = draft.copy
    separator = [(page, r) for page in model.pages for r in page.rules if r.part == "copy_separator"]
    assert len(separator) == 1
    page, rule = separator[0]
    assert rule.region == "copy" and rule.y2 is None
    assert rule.x1 == pytest.approx(model.margins["left"])
    assert rule.x2 == pytest.approx(model.width - model.margins["right"])
    main_page, main_name = next((pg.number, ln) for pg in model.pages for ln in pg.lines
                                if ln.region == "closing_right" and ln.field == "signature.name")
    assert (page.number, rule.y) > (main_page, main_name.y)  # under the copied document (here: page 2)
    header = [ln for ln in page.lines if ln.region.startswith("copy_header")]
    assert header and min(ln.top for ln in header) > rule.y

    left = region_lines(model, "copy_header_left")
    right = region_lines(model, "copy_header_right")
    assert [ln.text for ln in left["copy.superior"]] == [compute.upper(copy.superior)]
    issuer = left["copy.issuer"][0]
    assert issuer.text == compute.upper(copy.issuer) and all(s.bold for s in issuer.spans)
    assert issuer.size == rules.part("issuer").size.default
    assert any(r.part == "issuer" and r.region == "copy_header_left" for r in page.rules)  # B.2 ô 2 rule
    label = right["copy.kind"][0]
    assert label.text == rules.copy["labels"]["sao_y"] == "SAO Y"
    part = rules.part("copy_label")
    assert label.size == part.size.default and all(s.bold for s in label.spans) and label.align == part.align
    assert label.y == pytest.approx(left["copy.superior"][0].y, abs=1.5)  # the tiêu đề's place, top row
    number, date = left["copy.number"][0], right["copy.date"][0]
    assert number.text == compute.copy_number_line(copy, rules) == "Số: 35/SY-VPUBND"
    assert date.text == compute.copy_date_line(copy, rules) == "Quảng Ninh, ngày 29 tháng 5 năm 2024"
    assert number.y == pytest.approx(date.y) and all(s.italic for s in date.spans)
    assert number.size == rules.part("number").size.default and date.size == rules.part("place_date").size.default

    signature = [ln.text for ln in model.lines("copy_closing_right")]
    assert signature == [*compute.signature_lines(copy.signature, rules), compute.upper(copy.signature.position),
                         compute.title_name(copy.signature.name)]
    recipients = [ln for ln in model.lines("copy_closing_left")]
    expected = [line.text for line in compute.recipient_lines(copy.recipients, rules)]
    assert [ln.text for ln in recipients] == expected
    assert recipients[0].size == rules.part("recipients_label").size.default
    assert all(s.bold and s.italic for s in recipients[0].spans)  # B.2 ô 9b: Nơi nhận bold italic
    assert {ln.size for ln in recipients[1:]} == {rules.part("recipients").size.default}
    assert [ln.field for ln in recipients[1:]] == ["copy.recipients.others[0]", "copy.recipients.others[1]",
                                                   "copy.recipients.archive"]
    page_of = {id(ln): pg.number for pg in model.pages for ln in pg.lines}
    # after the copy's header, on its page: the block does not fit under the document on page 1, so
    # it moves to page 2 whole, as LibreOffice prints it (keep-with-next, rows that never split)
    assert page_of[id(recipients[0])] == page_of[id(number)] == page_of[id(label)] == page.number == 2
    assert recipients[0].top > number.top
    for line in model.lines():
        if line.region.startswith("copy"):
            assert line.field.startswith("copy."), line
    # the same texts as the .docx (one rule set, two outputs)
    printed = docx_texts(draft)
    for line in model.lines():
        if line.region.startswith("copy"):
            assert line.text in printed, line.text


def test_party_copy_block_has_the_asterisk_and_the_bs_code():
    """B.1 Party copies: SAO LỤC, ký hiệu BS, the copying body's header with its '*'."""
    draft = example("seed_003_thong_bao_sao_luc.json")
    rules = load_rule_set("party_hd36")
    model = layout_draft(draft, rules)
    left = region_lines(model, "copy_header_left")
    assert [ln.text for ln in left["copy.issuer"]] == ["VĂN PHÒNG", "*"]
    assert left["copy.number"][0].text == "Số 129-BS/VPTU"
    assert model.find("SAO LỤC").region == "copy_header_right"
    assert model.find("SAO LỤC").size == rules.part("copy_label").size.default
    # no signer typed: the .docx keeps the empty title, signature and name lines, and so does the page
    assert not model.lines("copy_closing_right")
    assert [ln.text for ln in model.lines("copy_closing_left")][-1] == "- Lưu."


def test_copy_of_another_kind_and_no_copy():
    rules = load_rule_set("state_nd30")
    draft = example("state_quyet_dinh.json")
    trich = replace(draft, copy=replace(draft.copy, kind="trich_sao", number="7"))
    model = layout_draft(trich, rules)
    assert model.find("TRÍCH SAO").field == "copy.kind"
    assert model.find("Số: 07/TrS-VPUBND").field == "copy.number"
    plain = layout_draft(replace(draft, copy=None), rules)
    assert not [ln for ln in plain.lines() if ln.region.startswith("copy")]
    assert not [r for page in plain.pages for r in page.rules if r.part == "copy_separator"]


def test_attachments_start_on_a_new_page_with_their_own_page_numbers():
    """render.py appends each attachment after a section break; page numbers restart at 1 (A.1/A.2)."""
    draft = example("seed_002_cong_van_kem_thong_bao.json")
    attachment = draft.attachments[0]
    rules = load_rule_set("party_hd36")
    model = layout_draft(draft, rules)
    sections = [page.section for page in model.pages]
    assert sections == sorted(sections) and set(sections) == {0, 1}
    first = next(page for page in model.pages if page.section == 1)
    assert first.printed == 1 and first.number > 1
    main_fields = {ln.field.split("[")[0].split(".")[0] for page in model.pages if page.section == 0
                   for ln in page.lines}
    assert "attachments" not in main_fields
    for page in model.pages:
        numbers = [ln.text for ln in page.lines if ln.region == "page_header"]
        assert numbers == ([] if page.printed == 1 else [str(page.printed)])
        if page.section == 1:
            assert all(ln.field.startswith("attachments[0].") or ln.region == "page_header" for ln in page.lines)
    # the attachment's own header, title and body, in the main document's styles and regions
    top = min(ln.top for ln in first.lines)
    assert top == pytest.approx(model.margins["top"], abs=1.0)
    title = next(ln for ln in first.lines if ln.part == "type_name")
    assert title.text == rules.doc_type(attachment.doc_type).name and title.region == "title"
    assert title.size == rules.part("type_name").size.default
    summary = [ln.text for ln in first.lines if ln.field == "attachments[0].summary" and ln.text != "-----"]
    assert summary == [line.strip() for line in attachment.summary.split("\n")]
    assert next(ln for ln in first.lines if ln.part == "header_title").text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    name = [ln for ln in model.lines() if ln.field == "attachments[0].signature.name"]
    assert [ln.text for ln in name] == [compute.title_name(attachment.signature.name)]
    assert model.pages[-1].section == 1


def test_attachments_of_attachments_follow_in_order():
    draft = example("seed_002_cong_van_kem_thong_bao.json")
    inner = replace(example("party_thong_bao.json"), attachments=[])
    outer = replace(draft.attachments[0], attachments=[inner])
    model = layout_draft(replace(draft, attachments=[outer]))
    assert max(page.section for page in model.pages) == 2
    second = next(page for page in model.pages if page.section == 2)
    assert second.printed == 1
    assert any(ln.field == "attachments[0].attachments[0].issuer" for ln in second.lines)


def test_closing_sentence_is_printed_after_the_body_one_paragraph_per_line():
    """render.py: each line of the closing is a body paragraph after the body."""
    rules = load_rule_set("state_nd30")
    draft = replace(example("state_thong_bao.json"), closing="Đề nghị các cơ quan thực hiện.\nTrân trọng./.")
    model = layout_draft(draft, rules)
    body = model.lines("body")
    closing = [ln for ln in body if ln.field == "closing"]
    assert [ln.text for ln in closing] == ["Đề nghị các cơ quan thực hiện.", "Trân trọng./."]
    assert body[-2:] == closing and closing[0].y > body[-3].y
    indent = rules.first_line_indent_cm.default * 72 / 2.54
    assert closing[1].left == pytest.approx(model.margins["left"] + indent, abs=0.01)
    assert all(ln.size == rules.part("body").size.default for ln in closing)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_no_paragraph_leaves_one_line_alone_across_a_page_break(path):
    """Widow/orphan control, as the template's body styles ask of Word and LibreOffice."""
    draft = load_draft(path)
    long = replace(draft, body=draft.body + [Paragraph.plain("Nội dung tiếp theo của văn bản. " * (4 + i % 5))
                                              for i in range(40)])
    for model in (layout_draft(draft), layout_draft(long)):
        for before, after in zip(model.pages, model.pages[1:], strict=False):
            if after.section != before.section:
                continue
            tail = [ln for ln in before.lines if ln.region == "body"]
            head = [ln for ln in after.lines if ln.region == "body"]
            if not tail or not head or tail[-1].field != head[0].field or not tail[-1].field.startswith("body"):
                continue
            assert sum(ln.field == tail[-1].field for ln in tail) >= 2, tail[-1].text
            assert sum(ln.field == head[0].field for ln in head) >= 2, head[0].text


# --- against LibreOffice's pages --------------------------------------------------------------


def _pdf_lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Every printed line per page: (top, left, text), from poppler's pdftotext -bbox-layout."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", out, re.S):
        lines = []
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</line>', page, re.S):
            words = re.findall(r">([^<]*)</word>", m.group(3))
            lines.append((float(m.group(2)), float(m.group(1)), html.unescape(" ".join(words))))
        pages.append(lines)
    return pages


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["state_quyet_dinh", "seed_002_cong_van_kem_thong_bao",
                                  "seed_003_thong_bao_sao_luc"])
def test_preview_lines_stand_where_libreoffice_prints_them(name, soffice, tmp_path):
    """Copy block and attachment included: same pages, each line within 3 pt of the printed one."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    from desktop.core.office import docx_to_pdf
    from desktop.core.render import render_to_file

    draft = example(f"{name}.json")
    pdf = docx_to_pdf(render_to_file(draft, tmp_path / f"{name}.docx"), tmp_path)
    printed = _pdf_lines(pdf)
    model = layout_draft(draft)
    assert len(model.pages) == len(printed)
    compared = 0
    for page, lines in zip(model.pages, printed, strict=True):
        for line in page.lines:
            words = line.text.replace("\u00a0", " ").split()
            same = [(top, left) for top, left, text in lines if text.split() == words]
            # the nearest: "Nơi nhận:" twice on a page, "năm 2023" in two cells of one table row
            match = min(same, key=lambda m: abs(m[0] - line.top) + abs(m[1] - line.left), default=None)
            if match is None:  # a line LibreOffice splits in two (runs of blanks, a note beside a list)
                continue
            assert line.top == pytest.approx(match[0], abs=3.0), (page.number, line.text)
            assert line.left == pytest.approx(match[1], abs=3.0), (page.number, line.text)
            compared += 1
    assert compared > 0.8 * len(model.lines())
