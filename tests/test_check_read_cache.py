"""The reader's cross-document cache (style sheet, theme, numbering, font table) and its fast paths.

A part seen before (same compressed bytes, CRC and sizes) gives the same result without being
parsed again; anything else is read, checked and parsed as if the cache did not exist.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hostile_files import XML_DECL, build_docx, para, styles_xml

from desktop.core.check import package
from desktop.core.check.docx_reader import part_fonts
from desktop.core.check.normalize import tone_styles
from desktop.core.check.reader import open_source
from desktop.core.errors import UnreadableInputError

BIG_STYLE = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
             '<w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>'
             '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
             '<w:style w:type="paragraph" w:styleId="Big"><w:name w:val="Big"/><w:basedOn w:val="Normal"/>'
             '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>')


def styled(path: Path, text: str, style_xml: str = BIG_STYLE) -> Path:
    return build_docx(path, body=f'<w:p><w:pPr><w:pStyle w:val="Big"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>',
                      parts={"word/styles.xml": styles_xml(style_xml)})


def restamped(path: Path) -> Path:
    """The same package rewritten with other member dates (other local headers, same contents)."""
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2001, 2, 3, 4, 5, 6)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture(autouse=True)
def empty_cache():
    package.clear_derived_cache()
    yield
    package.clear_derived_cache()


def test_same_styles_in_another_file_resolve_the_same(tmp_path):
    first = open_source(styled(tmp_path / "một.docx", "Một"))
    cached = dict(package._derived)
    assert any(kind == "styles" for kind, *_ in cached)
    second = open_source(restamped(styled(tmp_path / "hai.docx", "Hai")))
    assert dict(package._derived) == cached  # every shared part was a hit: nothing new cached
    for doc, text in ((first, "Một"), (second, "Hai")):
        run = doc.blocks[0].runs[0]
        assert (run.text, run.size, run.bold, run.font) == (text, 16.0, True, "Times New Roman")
        assert doc.blocks[0].para.style == "Big"
    assert second.fonts_used == first.fonts_used
    assert "Times New Roman" in second.fonts_used


def test_member_key_names_content_not_file(tmp_path):
    one, two = styled(tmp_path / "a.docx", "A"), restamped(styled(tmp_path / "b.docx", "B"))
    other = styled(tmp_path / "c.docx", "C", BIG_STYLE.replace('w:val="32"', 'w:val="30"'))
    with package.Package(one) as a, package.Package(two) as b, package.Package(other) as c:
        assert a.member_key("word/styles.xml") == b.member_key("word/styles.xml") is not None
        assert a.member_key("word/styles.xml") != c.member_key("word/styles.xml")
        assert a.member_key("word/document.xml") != b.member_key("word/document.xml")
        assert a.member_key("no/such.xml") is None


def test_changed_styles_are_read_again(tmp_path):
    assert open_source(styled(tmp_path / "a.docx", "A")).blocks[0].runs[0].size == 16.0
    changed = BIG_STYLE.replace('w:val="32"', 'w:val="26"')
    assert open_source(styled(tmp_path / "b.docx", "B", changed)).blocks[0].runs[0].size == 13.0


def test_doctype_in_styles_refused_even_after_a_clean_twin_was_cached(tmp_path):
    open_source(styled(tmp_path / "sạch.docx", "A"))
    hostile = build_docx(tmp_path / "độc.docx", body=para("x"),
                         parts={"word/styles.xml": XML_DECL + '<!DOCTYPE w:styles [<!ENTITY x "y">]>'
                                + styles_xml(BIG_STYLE).removeprefix(XML_DECL)})
    with pytest.raises(UnreadableInputError) as caught:
        open_source(hostile)
    assert caught.value.key == "checkread.xml_doctype"


def test_a_cached_part_still_counts_towards_the_read_limit(tmp_path, monkeypatch):
    path = styled(tmp_path / "a.docx", "A")
    open_source(path)  # caches the style sheet
    with package.Package(path) as pkg:
        monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 100)
        with pytest.raises(UnreadableInputError) as caught:
            pkg.derived("styles", "word/styles.xml", lambda root: root, ("absent",))
    assert caught.value.key == "checkread.read_limit"


def test_cache_stays_within_its_byte_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "DERIVED_CACHE_TOTAL_BYTES", 1)
    open_source(styled(tmp_path / "a.docx", "A"))
    assert package._derived_bytes <= 1 and len(package._derived) <= 1


def test_local_header_that_disagrees_with_the_directory_gets_no_key(tmp_path):
    path = styled(tmp_path / "a.docx", "A")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset = zf.getinfo("word/styles.xml").header_offset
    name_at = offset + 30
    data[name_at:name_at + 4] = b"WORD"
    path.write_bytes(bytes(data))
    with package.Package(path) as pkg:
        assert pkg.member_key("word/styles.xml") is None


def test_forbidden_declaration_found_in_every_encoding():
    for marker in ("<!DOCTYPE x>", "<!ENTITY y 'z'>"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert package.has_forbidden_declaration(("<a/>" + marker).encode(encoding))
    assert not package.has_forbidden_declaration(b"<w:t>a &lt;! b</w:t>")


def test_part_fonts_order_rfonts_table_symbols_then_theme():
    from lxml import etree

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    root = etree.fromstring(
        f'<x {w} {a}><w:sym w:font="Symbol"/><w:font w:name="Arial"/><w:rFonts w:ascii="Times New Roman" '
        'w:cs="Arial"/><a:minorFont><a:latin typeface="Cambria"/></a:minorFont>'
        '<a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/></a:majorFont>'
        '<a:latin typeface="+mn-lt"/><a:cs typeface="Mangal"/></x>')
    assert part_fonts(root) == ("Times New Roman", "Arial", "Symbol", "Calibri", "Cambria", "Mangal")


@pytest.mark.parametrize("text, expected", [
    ("Thành ủy và hòa bình", (2, 0)), ("Thành uỷ và hoà bình", (0, 2)), ("quý và quá", (0, 0)),
    ("Hoà giải, thủy lợi, khỏe", (2, 1)), ("hoàn thành", (0, 0)),
])
def test_tone_styles_counts_old_and_new_placement(text, expected):
    old = re.compile(r"(?<![qQ])(?:[òóỏõọÒÓỎÕỌ][aAeE]|[ùúủũụÙÚỦŨỤ][yY])(?![^\W\d_])")
    new = re.compile(r"(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")
    assert tone_styles(text) == expected == (len(old.findall(text)), len(new.findall(text)))


def test_tone_styles_of_joined_lines_equal_the_sum_per_line():
    """text_hygiene counts every line of a document in one scan over the lines joined by "\\n"."""
    lines = ["Thành ủy", "q", "uỷ ban", "hòa", "bình q", "ủy", "oà", "Q", "ùy", "hoà", "", "khỏe\tthủy"]
    per_line = [tone_styles(line) for line in lines]
    assert tone_styles("\n".join(lines)) == (sum(o for o, _ in per_line), sum(n for _, n in per_line))
