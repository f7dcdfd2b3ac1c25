"""`vanban fix` on damaged documents made the Word way (issue #12).

Each case renders a complete example (header and closing in layout tables, formatting carried by
the 'VB …' styles), breaks one thing by editing the .docx XML, fixes it with
:func:`desktop.core.fix.fix_file`, then checks the result: no finding of the code the fix claims,
every paragraph's text as in the undamaged render (text fixes undo the damage; formatting fixes
change no text), and every package part the fix does not own byte for byte as it was.
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from desktop.core.check import check_file
from desktop.core.fix import claimed_codes, fix_file
from desktop.core.fix.encodings import encode
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from tests.conftest import EXAMPLES
from tests.damage_edits import DOC, STYLES, Edit, drop_title_page, retext, run_prop, sect_attr, styled, w
from tests.fixtures_docx import (
    NS,
    RPR_ORDER,
    W_NS,
    edit_docx_xml,
    paragraph_text,
    set_run_property,
)

PAGE_P = (f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
          '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
          '</w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def page_number_out_of_header(root: etree._Element) -> None:
    """The header loses its page number paragraph (an empty one stays)."""
    for p in list(root.iter(w("p"))):
        if p.find(".//w:instrText", NS) is not None:
            parent = p.getparent()
            parent.remove(p)
            etree.SubElement(parent, w("p"))


def page_number_into_footer(root: etree._Element) -> None:
    root.append(etree.fromstring(PAGE_P))


def no_default_header(root: etree._Element) -> None:
    sect = next(root.iter(w("sectPr")))
    for ref in sect.findall("w:headerReference", NS):
        if ref.get(w("type")) == "default":
            sect.remove(ref)


def body_paragraphs_plain(root: etree._Element) -> None:
    """Body paragraphs typed the plain way: no first-line indent, left aligned, no space after,
    single line spacing at 12 pt exact."""
    for p in styled(root, "VBBody") + styled(root, "VBDash"):
        ppr = p.find("w:pPr", NS)
        for child in list(ppr):
            if etree.QName(child).localname in ("ind", "jc", "spacing"):
                ppr.remove(child)
        style = ppr.find("w:pStyle", NS)
        spacing = etree.Element(w("spacing"), {w("before"): "0", w("after"): "0", w("line"): "240",
                                               w("lineRule"): "exact"})
        ind = etree.Element(w("ind"), {w("firstLine"): "0"})
        jc = etree.Element(w("jc"), {w("val"): "left"})
        style.addnext(jc)
        style.addnext(ind)
        style.addnext(spacing)


def style_prop(style_id: str, tag: str, attrs: dict[str, str]) -> Edit:
    """The paragraph style itself carries the wrong formatting (styles.xml)."""

    def edit(root: etree._Element) -> None:
        style = next(s for s in root.iter(w("style")) if s.get(w("styleId")) == style_id)
        rpr = style.find("w:rPr", NS)
        if rpr is None:
            rpr = etree.SubElement(style, w("rPr"))
        for old in rpr.findall(f"w:{tag}", NS):
            rpr.remove(old)
        el = etree.Element(w(tag), {w(k): v for k, v in attrs.items()})
        later = [c for c in rpr if etree.QName(c).localname in RPR_ORDER
                 and RPR_ORDER.index(etree.QName(c).localname) > RPR_ORDER.index(tag)]
        if later:
            later[0].addprevious(el)
        else:
            rpr.append(el)

    return edit


def arial_body(root: etree._Element) -> None:
    for p in styled(root, "VBBody"):
        set_run_property(p, "rFonts", {"ascii": "Arial", "hAnsi": "Arial", "cs": "Arial", "eastAsia": "Arial"})


def nfd_body(root: etree._Element) -> None:
    for p in styled(root, "VBBody"):
        for t in p.iter(w("t")):
            t.text = unicodedata.normalize("NFD", t.text or "")


def typed_rule(style_id: str) -> Edit:
    """The drawn rule paragraph turned into a typed row of underscores (no border, no style)."""

    def edit(root: etree._Element) -> None:
        p = styled(root, style_id)[0]
        ppr = p.find("w:pPr", NS)
        for child in list(ppr):
            if etree.QName(child).localname in ("pStyle", "pBdr", "ind"):
                ppr.remove(child)
        for r in p.findall("w:r", NS):
            p.remove(r)
        r = etree.SubElement(p, w("r"))
        etree.SubElement(r, w("t")).text = "_" * 24

    return edit


def legacy_tcvn3(root: etree._Element) -> None:
    """Every paragraph typed in TCVN3: capitals-only lines in .VnTimeH, the rest in .VnTime (a line
    whose capitals carry a tone stays Unicode in .VnTime: such text is left as typed, font switched)."""
    for p in root.iter(w("p")):
        text = paragraph_text(p)
        if not text.strip():
            continue
        upper = text == text.upper() and text != text.lower()
        pieces = encode(text.lower() if upper else text, "tcvn3")
        font = ".VnTimeH" if upper else ".VnTime"
        legacy = "".join(piece for piece, _ in pieces)
        if any(needs for _, needs in pieces):
            legacy = None  # a toned capital in a mixed line: keep Unicode
        for t in p.iter(w("t")):
            if legacy is not None:
                t.text = ""
        if legacy is not None:
            first = next(p.iter(w("t")))
            first.text = legacy
            first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        set_run_property(p, "rFonts", {"ascii": font, "hAnsi": font, "cs": font, "eastAsia": font})


class Damage(NamedTuple):
    example: str
    edits: dict[str, Edit]
    code: str
    owned: frozenset[str] = frozenset({DOC})  # the parts the fix may change
    text_changes: bool = False  # the damage is to the text: the fix restores the undamaged text


STYLED = frozenset({DOC, STYLES})
DAMAGES: dict[str, Damage] = {
    "state_page_a5": Damage("state_thong_bao", {DOC: sect_attr("pgSz", {"w": "8391", "h": "11906"})}, "page:size"),
    "state_page_landscape": Damage("state_thong_bao", {DOC: sect_attr("pgSz", {"w": "16838", "h": "11906",
                                                                               "orient": "landscape"})}, "page:size"),
    "state_margin_left_20mm": Damage("state_thong_bao", {DOC: sect_attr("pgMar", {"left": "1134"})}, "page:margins"),
    "state_margin_right_30mm": Damage("state_thong_bao", {DOC: sect_attr("pgMar", {"right": "1701"})},
                                      "page:margins"),
    "state_page_number_on_first_page": Damage("state_thong_bao", {DOC: drop_title_page}, "page:numbering"),
    "state_page_number_in_footer": Damage(
        "state_thong_bao", {"word/header1.xml": page_number_out_of_header, "word/footer2.xml": page_number_into_footer},
        "page:numbering", frozenset({"word/header1.xml", "word/footer2.xml"})),
    "state_page_number_in_footer_no_header": Damage(
        "state_thong_bao", {DOC: no_default_header, "word/footer2.xml": page_number_into_footer}, "page:numbering",
        frozenset({DOC, "word/footer2.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"})),
    "state_date_month_with_zero": Damage("state_thong_bao", {DOC: retext("VBPlaceDate", "tháng 6", "tháng 06")},
                                         "format:place_date", text_changes=True),
    "party_date_month_without_zero": Damage("party_thong_bao", {DOC: retext("VBPlaceDate", "tháng 3", "tháng 03")},
                                            "format:place_date", text_changes=True),
    "state_date_without_comma": Damage("state_thong_bao", {DOC: retext("VBPlaceDate", ", ngày", " ngày")},
                                       "format:place_date", text_changes=True),
    "state_date_with_slashes": Damage("state_thong_bao",
                                      {DOC: retext("VBPlaceDate", "ngày 18 tháng 6 năm 2024", "18/6/2024")},
                                      "format:place_date", text_changes=True),
    "state_number_spaced": Damage("state_thong_bao", {DOC: retext("VBNumber", "/", " / ")}, "format:number",
                                  text_changes=True),
    "party_number_state_form": Damage("party_thong_bao", {DOC: retext("VBNumber", "Số ", "Số: ")},
                                      "format:number", text_changes=True),
    "party_number_en_dash": Damage("party_thong_bao", {DOC: retext("VBNumber", "-", "\u2013")}, "text:dash",
                                   text_changes=True),
    "party_header_title_misspelt": Damage("party_thong_bao", {DOC: retext("VBHeaderTitle", "CỘNG", "CÔNG")},
                                          "format:header_title", text_changes=True),
    "state_motto_dashes": Damage("state_thong_bao", {DOC: retext("VBMotto", " - ", "–")}, "format:header_title",
                                 text_changes=True),
    "party_prefix_with_dot": Damage("party_thong_bao", {DOC: retext("VBSignatureAuthority", "T/M ", "T/M. ")},
                                    "format:signature_authority", text_changes=True),
    "state_prefix_without_dot": Damage("state_cong_van", {DOC: retext("VBSignatureAuthority", "KT.", "KT")},
                                       "format:signature_authority", text_changes=True),
    "state_recipient_without_semicolon": Damage("state_thong_bao", {DOC: retext("VBRecipients", ";", "")},
                                                "format:recipients", text_changes=True),
    "party_tone_marks_mixed": Damage("party_thong_bao", {DOC: retext("VBBody", "Thành ủy họp", "Thành uỷ họp")},
                                     "text:tone_marks", text_changes=True),
    "party_font_tcvn3": Damage("party_thong_bao", {DOC: legacy_tcvn3}, "font:non_unicode",
                               frozenset({DOC, STYLES, "word/fontTable.xml"}), text_changes=True),
    "state_body_arial": Damage("state_thong_bao", {DOC: arial_body}, "layout:body", STYLED),
    "state_body_size_12": Damage("state_thong_bao", {DOC: run_prop("VBBody", "sz", {"val": "24"}, every=True)},
                                 "layout:body", STYLED),
    "state_body_no_indent_left_tight": Damage("state_thong_bao", {DOC: body_paragraphs_plain}, "layout:body",
                                              STYLED),
    "party_issuer_not_bold": Damage("party_thong_bao", {DOC: run_prop("VBIssuer", "b", {"val": "0"})},
                                    "layout:issuer", STYLED),
    "state_issuer_style_not_bold": Damage("state_thong_bao", {STYLES: style_prop("VBIssuer", "b", {"val": "0"})},
                                          "layout:issuer", frozenset({STYLES})),
    "state_place_date_style_size_12": Damage("state_thong_bao",
                                             {STYLES: style_prop("VBPlaceDate", "sz", {"val": "24"})},
                                             "layout:place_date", frozenset({STYLES})),
    "party_date_not_italic": Damage("party_thong_bao", {DOC: run_prop("VBPlaceDate", "i", {"val": "0"})},
                                    "layout:place_date", STYLED),
    "state_signer_name_not_bold": Damage("state_thong_bao", {DOC: run_prop("VBSignerName", "b", {"val": "0"})},
                                         "layout:signer_name", STYLED),
    "party_summary_not_bold": Damage("party_thong_bao", {DOC: run_prop("VBSummary", "b", {"val": "0"})},
                                     "layout:summary", STYLED),
    "party_type_name_size_13": Damage("party_thong_bao", {DOC: run_prop("VBTypeName", "sz", {"val": "26"})},
                                      "layout:type_name", STYLED),
    "state_noi_nhan_not_bold": Damage("state_thong_bao", {DOC: run_prop("VBRecipientsLabel", "b", {"val": "0"})},
                                      "layout:recipients", STYLED),
    "state_number_bold": Damage("state_thong_bao", {DOC: run_prop("VBNumber", "b", {})}, "layout:number", STYLED),
    "state_signer_title_italic": Damage("state_thong_bao", {DOC: run_prop("VBSignerTitle", "i", {})},
                                        "layout:signer_title", STYLED),
    "state_authority_size_12": Damage("state_cong_van", {DOC: run_prop("VBSignatureAuthority", "sz", {"val": "24"})},
                                      "layout:signature_authority", STYLED),
    "state_copy_label_not_bold": Damage("state_thong_bao_copy", {DOC: run_prop("VBCopyLabel", "b", {"val": "0"})},
                                        "layout:copy_block", STYLED),
    "state_addressee_size_12": Damage("state_cong_van", {DOC: run_prop("VBAddressee", "sz", {"val": "24"}, every=True)},
                                      "layout:addressee", STYLED),
    "state_letter_summary_bold": Damage("state_cong_van", {DOC: run_prop("VBLetterSummary", "b", {}, every=True)},
                                        "layout:summary", STYLED),
    "state_archive_bold": Damage("state_thong_bao", {DOC: run_prop("VBArchive", "b", {})}, "layout:archive", STYLED),
    "party_header_title_rule_typed": Damage("party_thong_bao", {DOC: typed_rule("VBHeaderTitleRule")},
                                            "layout:header_title"),
    "state_motto_rule_typed": Damage("state_thong_bao", {DOC: typed_rule("VBMottoRule")}, "layout:header_title"),
}
EXAMPLES_USED = sorted({d.example for d in DAMAGES.values()})


def state_notice_with_copy(folder: Path) -> bytes:
    """The state thông báo followed by its sao y block (the copy fields of seed 003, a state office's)."""
    data = json.loads((EXAMPLES / "state_thong_bao.json").read_text(encoding="utf-8"))
    copy = json.loads((EXAMPLES / "seed_003_thong_bao_sao_luc.json").read_text(encoding="utf-8"))["copy"]
    copy.update({"kind": "sao_y", "superior": "UBND TỈNH QUẢNG NINH", "issuer": "SỞ NỘI VỤ", "agency_code": "SNV",
                 "place": "Quảng Ninh"})
    data["copy"] = copy
    path = folder / "state_thong_bao_copy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return render_bytes(load_draft(path))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, bytes]:
    out = {name: render_bytes(load_draft(EXAMPLES / f"{name}.json")) for name in EXAMPLES_USED
           if not name.endswith("_copy")}
    out["state_thong_bao_copy"] = state_notice_with_copy(tmp_path_factory.mktemp("copy"))
    return out


def codes(path: Path) -> set[str]:
    report = check_file(path)
    assert report.readable, report.error
    return {f.code for doc in report.documents for f in doc.findings}


def paragraph_texts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read(DOC))
    return [paragraph_text(p) for p in root.iter(w("p"))]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_every_claimed_code_has_a_damage():
    tested = {d.code for d in DAMAGES.values()}
    assert set(claimed_codes()) - tested <= {"text:nfc"}, set(claimed_codes()) - tested  # NFC: the fixer's own


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_fix_removes_the_finding_and_nothing_else_changes(rendered, name: str, tmp_path: Path):
    spec = DAMAGES[name]
    original = rendered[spec.example]
    damaged = edit_docx_xml(original, spec.edits)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(damaged)
    assert spec.code in codes(path), "the damage is seen by the checker"

    result = fix_file(path)
    assert result.readable, result.error
    assert any(c.code == spec.code for c in result.changes), [c.code for c in result.changes]
    fixed_path = tmp_path / f"{name} (fixed).docx"
    fixed_path.write_bytes(result.data)
    assert spec.code not in codes(fixed_path)
    assert result.after is not None and spec.code not in {f.code for d in result.after.documents
                                                           for f in d.findings}

    # text: as the undamaged render (a text fix undoes the damage) or as the damaged one (formatting)
    expected = paragraph_texts(original) if spec.text_changes else paragraph_texts(damaged)
    got = paragraph_texts(result.data)
    if name.endswith("_typed"):  # the typed row itself becomes a drawn line: its paragraph is emptied
        expected = ["" if set(t) == {"_"} else t for t in paragraph_texts(damaged)]
    assert got == expected

    # parts the fix does not own: byte for byte
    before, after = members(damaged), members(result.data)
    added = [name for name in after if name not in before]
    assert list(before) == [name for name in after if name in before]
    assert all(name.startswith("word/header") for name in added), added
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= spec.owned, changed
    assert path.read_bytes() == damaged  # the original is never touched


def test_tcvn3_text_comes_back_letter_for_letter(rendered, tmp_path: Path):
    original = rendered["party_thong_bao"]
    path = tmp_path / "tcvn3.docx"
    path.write_bytes(edit_docx_xml(original, {DOC: legacy_tcvn3}))
    result = fix_file(path)
    assert paragraph_texts(result.data) == paragraph_texts(original)
    with zipfile.ZipFile(io.BytesIO(result.data)) as z:
        text = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    assert b".VnTime" not in text


def test_nfd_text_is_recomposed(rendered, tmp_path: Path):
    original = rendered["party_thong_bao"]
    path = tmp_path / "nfd.docx"
    path.write_bytes(edit_docx_xml(original, {DOC: nfd_body}))
    result = fix_file(path)
    assert any(c.unit == "nfc" for c in result.changes)
    assert paragraph_texts(result.data) == paragraph_texts(original)


def test_only_limits_the_fix_to_those_codes(rendered, tmp_path: Path):
    damaged = edit_docx_xml(rendered["state_thong_bao"], {DOC: lambda root: (
        sect_attr("pgMar", {"left": "1134"})(root), retext("VBPlaceDate", "tháng 6", "tháng 06")(root))})
    path = tmp_path / "two.docx"
    path.write_bytes(damaged)
    result = fix_file(path, only=["page:margins"])
    assert {c.code for c in result.changes} == {"page:margins"}
    left = {f.code for d in result.after.documents for f in d.findings}
    assert "format:place_date" in left and "page:margins" not in left


def test_undamaged_render_needs_no_fix(rendered, tmp_path: Path):
    for name, data in rendered.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        result = fix_file(path)
        assert result.changes == [], [(c.unit, c.where, c.before, c.after) for c in result.changes]


def test_tables_of_the_body_are_never_edited(rendered, tmp_path: Path):
    """A table inside the body keeps its (wrong) date line and its fonts."""

    def add_table(root: etree._Element) -> None:
        body_p = styled(root, "VBBody")[0]
        tbl = etree.fromstring(
            f'<w:tbl xmlns:w="{W_NS}"><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:p><w:r>'
            '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr><w:t>Hà Nội, ngày 5 tháng 03 năm 2025</w:t>'
            '</w:r></w:p></w:tc></w:tr></w:tbl>')
        body_p.addnext(tbl)

    damaged = edit_docx_xml(rendered["state_thong_bao"], {DOC: add_table})
    path = tmp_path / "table.docx"
    path.write_bytes(damaged)
    result = fix_file(path)
    assert "Hà Nội, ngày 5 tháng 03 năm 2025" in paragraph_texts(result.data)
    with zipfile.ZipFile(io.BytesIO(result.data)) as z:
        assert b'w:ascii="Arial"' in z.read(DOC)


def test_tracked_changes_wait_for_consent(rendered, tmp_path: Path):
    def track(root: etree._Element) -> None:
        p = styled(root, "VBBody")[0]
        ins = etree.SubElement(p, w("ins"), {w("id"): "1", w("author"): "A", w("date"): "2025-01-01T00:00:00Z"})
        r = etree.SubElement(ins, w("r"))
        etree.SubElement(r, w("t")).text = " thêm"

    damaged = edit_docx_xml(rendered["state_thong_bao"], {DOC: lambda root: (
        track(root), sect_attr("pgMar", {"left": "1134"})(root))})
    path = tmp_path / "tracked.docx"
    path.write_bytes(damaged)
    waiting = fix_file(path)
    assert waiting.needs_consent and waiting.data is None and waiting.changes == []
    agreed = fix_file(path, accept_tracked=True)
    assert any(c.code == "page:margins" for c in agreed.changes)
    with zipfile.ZipFile(io.BytesIO(agreed.data)) as z:
        assert b"<w:ins " in z.read(DOC)  # the revision is kept


def test_recalled_rules_stay_findings(rendered, tmp_path: Path):
    """HD 36's closing formats are [R] (recalled) in the rule data: reported, never fixed."""
    damaged = edit_docx_xml(rendered["party_thong_bao"], {DOC: run_prop("VBSignerName", "b", {"val": "0"})})
    path = tmp_path / "recalled.docx"
    path.write_bytes(damaged)
    result = fix_file(path)
    assert result.changes == []
    assert "layout:signer_name" in {f.code for d in result.after.documents for f in d.findings}


def test_fixed_packages_keep_word_schema_order(rendered, tmp_path: Path):
    """Every property element the fixer wrote stands in schema order (Word is stricter than LibreOffice)."""
    from desktop.core.fix.xml import STYLE_ORDER
    from desktop.core.ooxml import SCHEMA_ORDER

    orders = {**SCHEMA_ORDER, "w:style": STYLE_ORDER}
    checked = 0
    for name, spec in DAMAGES.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(edit_docx_xml(rendered[spec.example], spec.edits))
        result = fix_file(path)
        parts = members(result.data)
        for part in (DOC, STYLES):
            root = etree.fromstring(parts[part])
            for tag, order in orders.items():
                rank = {w(item.split(":", 1)[1]): index for index, item in enumerate(order)}
                for element in root.iter(w(tag.split(":", 1)[1])):
                    positions = [rank[child.tag] for child in element if child.tag in rank]
                    assert positions == sorted(positions), (name, part, tag, [c.tag for c in element])
                    checked += 1
    assert checked > 1000


def test_a_run_shared_by_two_lines_is_split_at_the_break(rendered, tmp_path: Path):
    """Quốc hiệu and tiêu ngữ typed as one 12 pt run with a line break: the tiêu ngữ (13–14 pt)
    gets its own run at the break, the Quốc hiệu keeps 12 pt, the text is the same."""

    def one_run(root: etree._Element) -> None:
        title, motto = styled(root, "VBHeaderTitle")[0], styled(root, "VBMotto")[0]
        text = paragraph_text(title)
        for r in title.findall("w:r", NS):
            title.remove(r)
        r = etree.SubElement(title, w("r"))
        rpr = etree.SubElement(r, w("rPr"))
        etree.SubElement(rpr, w("b"))
        etree.SubElement(rpr, w("sz")).set(w("val"), "24")
        etree.SubElement(r, w("t")).text = text
        etree.SubElement(r, w("br"))
        etree.SubElement(r, w("t")).text = paragraph_text(motto)
        motto.getparent().remove(motto)

    path = tmp_path / "one_run.docx"
    path.write_bytes(edit_docx_xml(rendered["state_thong_bao"], {DOC: one_run}))
    assert "layout:header_title" in codes(path)
    result = fix_file(path)
    fixed = tmp_path / "one_run (fixed).docx"
    fixed.write_bytes(result.data)
    assert "layout:header_title" not in codes(fixed)
    assert paragraph_texts(result.data) == paragraph_texts(path.read_bytes())
    root = etree.fromstring(members(result.data)[DOC])
    title = next(p for p in root.iter(w("p")) if paragraph_text(p).startswith("CỘNG HÒA"))
    runs = title.findall("w:r", NS)
    assert len(runs) == 2
    assert runs[0].find("w:rPr/w:sz", NS).get(w("val")) == "24"
    assert runs[0].find("w:br", NS) is not None  # the break stays where it was, ending the first line
    assert runs[1].find("w:rPr/w:sz", NS).get(w("val")) in ("26", "28")
    assert runs[1].find("w:rPr/w:b", NS) is not None  # the copied run keeps its formatting


def test_single_digit_day_gets_its_zero(rendered, tmp_path: Path):
    damaged = edit_docx_xml(rendered["state_thong_bao"], {DOC: retext("VBPlaceDate", "ngày 18", "ngày 5")})
    path = tmp_path / "day.docx"
    path.write_bytes(damaged)
    assert "format:place_date" in codes(path)
    result = fix_file(path)
    texts = paragraph_texts(result.data)
    assert any("ngày 05 tháng 6" in t for t in texts)
    assert "format:place_date" not in {f.code for d in result.after.documents for f in d.findings}


def test_symbol_fonts_keep_their_pictures(rendered, tmp_path: Path):
    """A check box typed in Wingdings stays Wingdings: switching it would change the picture."""

    def add_symbol(root: etree._Element) -> None:
        arial_body(root)
        p = styled(root, "VBBody")[0]
        r = etree.SubElement(p, w("r"))
        rpr = etree.SubElement(r, w("rPr"))
        etree.SubElement(rpr, w("rFonts"), {w("ascii"): "Wingdings", w("hAnsi"): "Wingdings"})
        etree.SubElement(r, w("t")).text = "\u00fe"

    path = tmp_path / "symbol.docx"
    path.write_bytes(edit_docx_xml(rendered["state_thong_bao"], {DOC: add_symbol}))
    result = fix_file(path)
    assert any(c.unit == "fonts" for c in result.changes)
    xml_text = members(result.data)[DOC]
    assert b'w:ascii="Wingdings"' in xml_text and b'w:ascii="Arial"' not in xml_text
