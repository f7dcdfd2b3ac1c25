"""Tables in the body (issue #17): what a clerk checks on the printed page, and that every reader of a
draft (validation, checker, importer, preview) takes a table block for what it is.

A table is as wide as the text (page width less the rule set's margins, spec A.1/A.2, within 0.5 mm),
drawn with single borders, its header row bold, centred and repeated on every page, its cells in 13 pt
Times New Roman (a convention [R]: the spec sets no size for tables), the "TT" column narrow; the
page stays portrait (A.1).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from desktop.core.check import check_file
from desktop.core.check.docx_reader import drawn_grid
from desktop.core.check.importer import import_docx, import_source, normalize_for_roundtrip
from desktop.core.check.reader import open_source
from desktop.core.layout import layout_draft
from desktop.core.model import Draft, Paragraph, Table, is_table, load_draft
from desktop.core.render import render_bytes, render_to_file
from desktop.core.rules import load_rule_set
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4
KE_HOACH = EXAMPLES / "state_ke_hoach.json"
BAO_CAO = EXAMPLES / "party_bao_cao.json"
SCHEDULE = [["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"],
            ["1", "Rà soát, cập nhật danh mục thủ tục hành chính", "Văn phòng", "Tháng 3/2026"],
            ["2", "Tổ chức tập huấn cho cán bộ, công chức\nở các xã, phường", "Sở Nội vụ", "Quý II/2026"]]


def tables_of(data: bytes) -> list[etree._Element]:
    """The body tables of a rendered .docx (the header and closing tables have no inside lines)."""
    body = Document(io.BytesIO(data)).element.body
    return [tbl for tbl in body.iter(f"{W}tbl")
            if tbl.find(f"{W}tblPr/{W}tblBorders/{W}insideH") is not None
            and tbl.find(f"{W}tblPr/{W}tblBorders/{W}insideH").get(f"{W}val") == "single"]


def text_width_mm(rule_set: str) -> float:
    rules = load_rule_set(rule_set)
    return rules.page["paper"]["width_mm"] - rules.margin("left").default - rules.margin("right").default


def with_table(draft: Draft, table: Table, at: int | None = None) -> Draft:
    position = len(draft.body) - 1 if at is None else at
    draft.body.insert(position, Paragraph(style="table", table=table))
    return draft


def state_plan(table: Table, at: int | None = None) -> Draft:
    """The Kế hoạch example with ``table`` instead of its own (before its last paragraph by default)."""
    draft = load_draft(KE_HOACH)
    draft.body = [p for p in draft.body if not is_table(p)]
    return with_table(draft, table, at)


def cell_texts(tbl: etree._Element) -> list[list[str]]:
    return [["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))
             for tc in tr.iter(f"{W}tc")] for tr in tbl.iter(f"{W}tr")]


def twips(el: etree._Element | None) -> int:
    assert el is not None
    return int(el.get(f"{W}w"))


# --- the printed table -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [KE_HOACH, BAO_CAO], ids=lambda p: p.stem)
def test_a_body_table_is_exactly_as_wide_as_the_text(path: Path):
    draft = load_draft(path)
    (tbl,) = tables_of(render_bytes(draft))
    wanted_mm = text_width_mm(draft.rule_set)
    grid = [twips(col) for col in tbl.iter(f"{W}gridCol")]
    assert abs(twips(tbl.find(f"{W}tblPr/{W}tblW")) / TWIPS_PER_MM - wanted_mm) <= 0.5
    assert abs(sum(grid) / TWIPS_PER_MM - wanted_mm) <= 0.5
    for tr in tbl.iter(f"{W}tr"):  # every row spans the whole grid, cell by cell
        assert [twips(tc.find(f"{W}tcPr/{W}tcW")) for tc in tr.iter(f"{W}tc")] == grid
    # Word 2010 layout (the templates' compatibility mode 14) puts the cell text at tblInd: indented by the
    # cell's left padding, the left border stands on the margin, so the right one does too.
    padding = twips(tbl.find(f"{W}tblPr/{W}tblCellMar/{W}left"))
    assert twips(tbl.find(f"{W}tblPr/{W}tblInd")) == padding


def test_given_column_weights_share_out_the_text_width():
    draft = load_draft(KE_HOACH)
    (tbl,) = tables_of(render_bytes(draft))
    grid = [twips(col) for col in tbl.iter(f"{W}gridCol")]
    assert draft.body[10].table.widths == [1, 6, 4, 3]
    unit = sum(grid) / 14
    assert all(abs(g - w * unit) <= len(grid) for g, w in zip(grid, [1, 6, 4, 3], strict=True))


def test_every_edge_and_inside_line_is_a_single_border():
    (tbl,) = tables_of(render_bytes(load_draft(KE_HOACH)))
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    edges = {local.tag.split("}")[1]: (local.get(f"{W}val"), int(local.get(f"{W}sz"))) for local in borders}
    assert edges == {edge: ("single", 4) for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}
    assert tbl.find(f".//{W}tcBorders") is None  # no cell overrides the table's lines


def test_the_header_row_is_bold_centred_and_repeated_on_every_page():
    (tbl,) = tables_of(render_bytes(load_draft(KE_HOACH)))
    first, *others = list(tbl.iter(f"{W}tr"))
    assert first.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in others)
    for p in first.iter(f"{W}p"):
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
        assert all(r.find(f"{W}rPr/{W}b") is not None and r.find(f"{W}rPr/{W}b").get(f"{W}val") is None
                   for r in p.iter(f"{W}r"))
    for row in others:  # body rows are not bold, whatever a style would say
        assert all(r.find(f"{W}rPr/{W}b").get(f"{W}val") == "0" for r in row.iter(f"{W}r"))
    assert cell_texts(tbl)[0] == ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"]


def test_cell_text_is_13_pt_times_new_roman_without_first_line_indent():
    (tbl,) = tables_of(render_bytes(load_draft(BAO_CAO)))
    runs = list(tbl.iter(f"{W}r"))
    assert runs
    for r in runs:
        assert r.find(f"{W}rPr/{W}sz").get(f"{W}val") == "26"
        assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Times New Roman"
        assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}hAnsi") == "Times New Roman"
    for p in tbl.iter(f"{W}p"):
        assert p.find(f"{W}pPr/{W}ind").get(f"{W}firstLine") == "0"


def test_the_ordinal_column_is_narrow_and_centred_figures_centred_text_left():
    (tbl,) = tables_of(render_bytes(load_draft(BAO_CAO)))  # STT | Chỉ tiêu | … figures, widths computed
    grid = [twips(col) / TWIPS_PER_MM for col in tbl.iter(f"{W}gridCol")]
    assert grid[0] <= 15 and grid[0] == min(grid)  # "STT": at most 1.5 cm
    assert grid[1] == max(grid)  # the text column takes the room
    second = list(tbl.iter(f"{W}tr"))[1]
    aligns = [tc.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") for tc in second.iter(f"{W}tc")]
    assert aligns == ["center", "left", "left", "center", "center", "center"]


def test_a_line_break_in_a_cell_is_a_paragraph_of_the_cell_and_short_rows_are_padded():
    draft = state_plan(Table(rows=[*SCHEDULE, ["3", "Tổng kết"]], header=True))
    (tbl,) = tables_of(render_bytes(draft))
    rows = cell_texts(tbl)
    assert rows[2][1] == "Tổ chức tập huấn cho cán bộ, công chức\nở các xã, phường"
    assert rows[3] == ["3", "Tổng kết", "", ""]


def test_the_page_stays_portrait_with_a_wide_table():
    draft = state_plan(Table(rows=[[f"Cột {i}" for i in range(12)], [str(i) for i in range(12)]]))
    document = Document(io.BytesIO(render_bytes(draft)))
    section = document.sections[0]
    assert section.page_width < section.page_height
    (tbl,) = tables_of(render_bytes(draft))
    assert abs(sum(twips(c) for c in tbl.iter(f"{W}gridCol")) / TWIPS_PER_MM - text_width_mm("state_nd30")) <= 0.5


def test_two_tables_in_a_row_stay_two_tables():
    draft = state_plan(Table(rows=SCHEDULE))
    with_table(draft, Table(rows=[["A", "B"], ["1", "2"]]), at=len(draft.body) - 1)
    first, second = tables_of(render_bytes(draft))
    assert first.getnext().tag == f"{W}p" and first.getnext().getnext() is second


def test_a_long_table_repeats_its_header_on_the_next_page(tmp_path: Path, soffice: str):
    rows = [SCHEDULE[0]] + [[str(i), f"Nhiệm vụ số {i} của kế hoạch", "Văn phòng", "Năm 2026"] for i in range(1, 61)]
    path = render_to_file(state_plan(Table(rows=rows)), tmp_path / "dai.docx")
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "dai.pdf"
    assert pdf.exists(), "LibreOffice made no PDF"
    pages = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    with_rows = [page for page in pages if "Nhiệm vụ số" in page]
    assert len(with_rows) >= 2
    assert all("Nội dung công việc" in page for page in with_rows)


# --- the draft's JSON --------------------------------------------------------------------------------


def test_drafts_without_tables_keep_their_json_exactly():
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "schema_version" not in data or any(p.get("style") == "table" for p in data.get("body", [])):
            continue
        draft = Draft.from_dict(data)
        assert "table" not in json.dumps([p for p in draft.to_dict()["body"]])
        assert draft.to_dict() == Draft.from_dict(draft.to_dict()).to_dict()
        expected = json.loads(json.dumps(data))
        assert draft.to_dict()["body"] == [{"style": p["style"], "runs": p["runs"]} for p in expected["body"]]


def test_a_table_block_is_written_as_style_and_table_and_reads_back_the_same():
    draft = load_draft(KE_HOACH)
    written = draft.to_dict()["body"][10]
    assert written == json.loads(KE_HOACH.read_text(encoding="utf-8"))["body"][10]
    assert set(written) == {"style", "table"} and set(written["table"]) == {"rows", "header", "widths"}
    assert Draft.from_dict(json.loads(draft.to_json())) == draft


@pytest.mark.parametrize(("table", "key", "severity"), [
    (Table(rows=[["", ""], ["", ""]]), "rule.table_empty", "warning"),
    (Table(rows=SCHEDULE, widths=[1, 2]), "rule.table_widths_count", "warning"),
    (Table(rows=[["TT", "Nội dung"], ["1"]]), "rule.table_short_rows", "info"),
    (Table(rows=SCHEDULE, widths=[1, 200, 200, 200]), "rule.table_narrow", "warning"),
])
def test_validation_names_what_to_fix_in_a_table(table: Table, key: str, severity: str):
    problems = [p for p in validate_draft(state_plan(table)) if p.code == key]
    assert [(p.severity, p.field) for p in problems] == [(severity, "body[10]")]
    assert "bảng" in problems[0].message and problems[0].fix


def test_a_table_style_without_its_table_or_a_wrong_cell_type_is_named_by_its_path():
    data = load_draft(KE_HOACH).to_dict()
    data["body"][10] = {"style": "table"}
    assert any(p.severity == "error" and p.field.startswith("body[10]") for p in validate_draft(data))
    data["body"][10] = {"style": "table", "table": {"rows": [["TT", 1]]}}
    assert any(p.severity == "error" and p.field.startswith("body[10].table.rows[0][1]") for p in validate_draft(data))


def test_a_good_table_adds_no_problem():
    assert [p for p in validate_draft(load_draft(KE_HOACH)) if p.severity != "info"] == []


# --- checker, importer, preview ----------------------------------------------------------------------


@pytest.mark.parametrize("at", [0, 9, None], ids=["first", "middle", "last"])
def test_a_table_anywhere_in_the_body_checks_clean_and_imports_back(tmp_path: Path, at: int | None):
    draft = state_plan(Table(rows=SCHEDULE, header=True), at=at)
    if at is None:  # the table closes the body: the ./. goes on the paragraph before
        draft.body.append(draft.body.pop(-2))
    path = render_to_file(draft, tmp_path / "kh.docx")
    report = check_file(path)
    assert [(f.severity, f.code, f.message) for d in report.documents for f in d.findings
            if f.severity in ("error", "warning")] == []
    got = normalize_for_roundtrip(import_source(open_source(path), None))
    assert got.to_dict() == normalize_for_roundtrip(draft).to_dict()


def test_a_table_without_header_row_and_with_line_breaks_imports_back(tmp_path: Path):
    draft = state_plan(Table(rows=SCHEDULE[1:], header=False, widths=[1, 5, 3, 3]))
    path = render_to_file(draft, tmp_path / "kh.docx")
    (table,) = [p.table for p in import_docx(path).body if is_table(p)]
    assert table.header is False
    assert table.widths == [1, 5, 3, 3]
    assert table.rows[1][1] == "Tổ chức tập huấn cho cán bộ, công chức\nở các xã, phường"


def test_a_real_reports_tables_import_as_table_blocks_and_render_again(tmp_path: Path):
    """s19 (a real Báo cáo from Word) holds three tables of figures, drawn with cell borders, one in each of
    its three phụ lục (each a body of its own: spec B.2 "Phụ lục")."""
    draft = import_docx(Path("tests/data/shared/real-docx/s19-vp-ubnd-bao-cao.docx"))
    tables = [p.table for appendix in draft.appendices for p in appendix.body if is_table(p)]
    assert len(tables) == 3
    assert all(t.header and t.rows[0][0] == "TT" and len(t.rows) > 20 for t in tables)
    assert all(len(t.widths) == t.columns for t in tables)
    assert tables[0].rows[0][1] == "Cụm công nghiệp"
    again = import_docx(render_to_file(draft, tmp_path / "s19.docx"))

    def appendix_tables(d: Draft) -> list[Paragraph]:
        return [p for appendix in normalize_for_roundtrip(d).appendices for p in appendix.body if is_table(p)]

    assert appendix_tables(again) == appendix_tables(draft)


def test_the_checker_reads_lines_drawn_by_the_table_style_or_the_cells():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def tbl(inner: str) -> etree._Element:
        return etree.fromstring(f"<w:tbl {w}><w:tblPr>{inner}</w:tblPr>"
                                "<w:tr><w:tc/><w:tc/></w:tr><w:tr><w:tc/><w:tc/></w:tr></w:tbl>")

    style = etree.fromstring(f'<w:tblBorders {w}><w:insideH w:val="single"/><w:insideV w:val="single"/>'
                             "</w:tblBorders>")
    none = '<w:tblBorders><w:insideH w:val="nil"/><w:insideV w:val="none"/></w:tblBorders>'
    assert drawn_grid(tbl(""), style)  # "Table Grid" and the like
    assert not drawn_grid(tbl(none), style)  # the table's own borders win over its style's
    assert not drawn_grid(tbl(""), None)  # a layout table: header, signature
    cells = etree.fromstring(f"<w:tbl {w}><w:tblPr/>" + "<w:tr>" + '<w:tc><w:tcPr><w:tcBorders><w:top w:val="single"/>'
                             "</w:tcBorders></w:tcPr></w:tc>" * 2 + "</w:tr>" + "<w:tr><w:tc/></w:tr>" + "</w:tbl>")
    assert drawn_grid(cells, None)


def test_the_live_preview_draws_the_table_where_the_page_has_it():
    layout = layout_draft(load_draft(KE_HOACH))
    cells = layout.lines()
    header = [ln for ln in cells if ln.text in ("TT", "Nội dung công việc", "Đơn vị chủ trì")]
    assert len(header) == 3 and len({round(ln.y) for ln in header}) == 1
    assert all(ln.size == 13 and ln.spans[0].bold for ln in header)
    page = layout.pages[0]
    lines = [r for r in page.rules if r.part == "table"]
    left, right = layout.margins["left"], layout.width - layout.margins["right"]
    verticals = {round(r.x1, 1) for r in lines if r.y2 is not None}
    assert round(left, 1) in verticals and round(right, 1) in verticals and len(verticals) == 5
    assert any(r.x1 == left and abs(r.x2 - right) < 0.01 and r.y2 is None for r in lines)


def test_the_table_renderer_serves_any_body_list():
    """Phụ lục pages and other bodies reuse it: ``table_element`` alone, or markers in any context key."""
    from desktop.core.body_tables import replace_table_markers, table_blocks, table_element
    from desktop.core.render import _body_paragraphs

    width = 9638
    tbl = table_element(Table(rows=SCHEDULE), width)
    assert sum(twips(col) for col in tbl.iter(f"{W}gridCol")) == width
    rules = load_rule_set("state_nd30")
    main = _body_paragraphs([Paragraph(style="table", table=Table(rows=[["A", "B"], ["1", "2"]]))], rules)
    annex = _body_paragraphs([Paragraph(style="table", table=Table(rows=SCHEDULE))], rules)
    tables = table_blocks({"body": main, "annexes": [{"body": annex}]})
    assert len(tables) == 2
    root = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}">' + "".join(
        f"<w:p>{entry['rich'].__html__()}</w:p>" for entry in (*annex, *main)) + "</w:body>")
    assert replace_table_markers(root, tables, width) == 2
    assert [cell_texts(t)[0][0] for t in root.iter(f"{W}tbl")] == ["TT", "A"]


def test_header_and_signature_tables_drawn_with_lines_are_still_read_as_parts(tmp_path: Path):
    """Some offices draw every table's lines: the tables holding the tiêu đề, the Nơi nhận or a
    signature prefix stay parts; only the table of data becomes a table block."""
    import zipfile

    source = render_to_file(load_draft(KE_HOACH), tmp_path / "kh.docx")
    lines = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    target = tmp_path / "ke-khung.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                for tbl in root.iter(f"{W}tbl"):
                    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
                    if borders is not None:
                        borders.getparent().remove(borders)
                    tbl.find(f"{W}tblPr/{W}tblW").addnext(etree.fromstring(
                        f'<w:tblBorders xmlns:w="{W[1:-1]}">{lines}</w:tblBorders>'))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    want = normalize_for_roundtrip(load_draft(KE_HOACH))
    got = normalize_for_roundtrip(import_source(open_source(target), None))
    assert got.to_dict() == want.to_dict()
    from desktop.core.check.importer import Walker

    blocks = list(open_source(target).blocks)
    walker = Walker(load_rule_set("state_nd30"))
    walker.find_data_tables(blocks)
    grids = {b.location.table for b in blocks if b.location.grid}
    schedule = next(b.location.table for b in blocks if b.text == "Nội dung công việc")
    assert walker.data_tables == {schedule} and len(grids) > 1  # the header table is drawn too, and left out
