"""A copy block (B.1 "Party copies", B.2 "Copy (paper)") never splits across pages: when it does not
fit under the copied document, its rule, header and closing move to the next page together. The
template keeps every paragraph of the block with the next (but the last of its closing row) and
never splits a row of its tables; LibreOffice prints it so and the preview agrees."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace

import pytest
from docx.oxml.ns import qn

from desktop.core import compute
from desktop.core.layout import layout_draft
from desktop.core.model import Draft, Paragraph, load_draft
from desktop.core.render import render_bytes, style_name
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES

# Extra one-line-and-a-bit paragraphs after the body of examples/state_quyet_dinh.json. With the
# templates of before (no keep-with-next) LibreOffice printed the copy header on one page and its
# closing on the next for 0–3 extras (pages 1/2) and 17–20 extras (pages 2/3).
STRADDLING = [3, 18]


def lengthened(extra: int, name: str = "state_quyet_dinh.json") -> Draft:
    draft = load_draft(EXAMPLES / name)
    more = [Paragraph.plain(f"Nội dung bổ sung số {i + 1} của quyết định, viết thêm để văn bản dài hơn "
                            "một trang giấy.") for i in range(extra)]
    return replace(draft, body=draft.body + more)


def _copy_block(document) -> list:
    """The body elements of the copy block: separator, header table, spacer, closing table."""
    separator = document.styles[style_name("copy_separator")].style_id
    body = [el for el in document.element.body if el.tag != qn("w:sectPr")]
    start = next(i for i, el in enumerate(body)
                 if el.tag == qn("w:p") and el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
                 and el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == separator)
    block = body[start:]
    while block[-1].tag != qn("w:tbl"):  # an empty last paragraph of the body
        block.pop()
    return block


def _keeps(p) -> bool:
    return p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


@pytest.mark.parametrize("draft", [lengthened(STRADDLING[0]), lengthened(STRADDLING[1]),
                                   load_draft(EXAMPLES / "seed_003_thong_bao_sao_luc.json")],
                         ids=["state_3", "state_18", "party_sao_luc"])
def test_docx_keeps_every_copy_paragraph_with_the_next_and_never_splits_a_copy_row(draft):
    import docx

    document = docx.Document(io.BytesIO(render_bytes(draft)))
    block = _copy_block(document)
    assert [el.tag for el in block] == [qn("w:p"), qn("w:tbl"), qn("w:p"), qn("w:tbl")]
    closing = block[-1]
    ends = [tc[-1] for tr in closing.iterchildren(qn("w:tr")) for tc in tr.iterchildren(qn("w:tc"))]
    rows = [tr for el in block for tr in el.iter(qn("w:tr"))]
    assert len(rows) >= 3  # header rows 1 and 2, the closing row (and a report group's row)
    for tr in rows:
        assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    paragraphs = [p for el in block for p in el.iter(qn("w:p"))]
    for p in paragraphs:
        assert _keeps(p) == (p not in ends), "".join(t.text or "" for t in p.iter(qn("w:t")))
    signer = compute.title_name(draft.copy.signature.name)
    assert "".join(t.text or "" for t in ends[-1].iter(qn("w:t"))) == signer  # the block's very last line
    # the copied document itself is untouched: none of its paragraphs keeps with the next on its own
    body = list(document.element.body)
    assert not any(_keeps(p) for el in body[:body.index(block[0])] for p in el.iter(qn("w:p")))

def _pages_of(model, *texts: str) -> list[int]:
    return [next(pg.number for pg in model.pages for ln in pg.lines if ln.text == text) for text in texts]


@pytest.mark.parametrize("extra", STRADDLING)
def test_preview_moves_the_whole_copy_block_to_the_next_page(extra):
    draft = lengthened(extra)
    rules = load_rule_set(draft.rule_set)
    model = layout_draft(draft, rules)
    label = rules.copy["labels"][draft.copy.kind]
    main_page, label_page, name_page = _pages_of(model, compute.title_name(draft.signature.name), label,
                                                 compute.title_name(draft.copy.signature.name))
    assert label_page == name_page == main_page + 1
    page = model.pages[label_page - 1]
    separator = [r for r in page.rules if r.part == "copy_separator"]
    assert len(separator) == 1 and separator[0].y < min(ln.top for ln in page.lines if ln.region.startswith("copy"))
    assert not any(ln.region.startswith("copy") for ln in model.pages[main_page - 1].lines)
    # at the head of the page: the rule's space above is dropped, as Word and LibreOffice drop it
    assert min(ln.top for ln in page.lines if ln.region.startswith("copy")) < model.margins["top"] + 20


@pytest.mark.libreoffice
@pytest.mark.parametrize("extra", STRADDLING)
def test_libreoffice_prints_the_copy_label_and_the_copy_signer_on_one_page(extra, soffice, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    from desktop.core.office import docx_to_pdf
    from desktop.core.render import render_to_file
    from tests.test_layout_copy_attachments import _pdf_lines

    draft = lengthened(extra)
    rules = load_rule_set(draft.rule_set)
    label = rules.copy["labels"][draft.copy.kind]
    signer = compute.title_name(draft.copy.signature.name)
    printed = _pdf_lines(docx_to_pdf(render_to_file(draft, tmp_path / f"straddle_{extra}.docx"), tmp_path))

    def page_of(text: str) -> int:
        pages = [i + 1 for i, lines in enumerate(printed) for _, _, line in lines if line.split() == text.split()]
        assert len(pages) == 1, (text, pages)
        return pages[0]

    main_page = page_of(compute.title_name(draft.signature.name))
    assert page_of(label) == page_of(signer) == main_page + 1
    assert page_of(compute.upper(draft.copy.issuer)) == main_page + 1  # the copy's header moved along
    # and the preview puts them on the same pages as LibreOffice
    model = layout_draft(draft, rules)
    assert len(model.pages) == len(printed)
    assert _pages_of(model, label, signer) == [page_of(label), page_of(signer)]
