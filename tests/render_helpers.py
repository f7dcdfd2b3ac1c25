"""Sample drafts and .docx readers shared by the render tests and bench/bench_render.py."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.oxml.ns import qn

from desktop.core.model import CopyBlock, Draft, Extras, Paragraph, Recipients, Run, Signature

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def party_thong_bao() -> Draft:
    """A Party thông báo like seed 001 (spec E.2), with every optional part filled."""
    return Draft(
        rule_set="party_hd36", doc_type="thong_bao",
        superior="Thành ủy Cần Thơ", issuer="Ban Chỉ đạo phòng, chống dịch Covid-19",
        number="3", agency_code="BCĐ", place="Hà Nội", date="2021-02-05",
        summary="kết luận của đồng chí Phó Bí thư Thành ủy tại cuộc họp ngày 04/02/2021",
        body=[
            Paragraph.plain("Ngày 04/02/2021, Ban Chỉ đạo họp đánh giá tình hình phòng, chống dịch."),
            Paragraph("heading1", [Run("Đánh giá chung")]),
            Paragraph("body", [Run("Công tác phòng, chống dịch được triển khai "), Run("quyết liệt", bold=True),
                               Run(", "), Run("đồng bộ", italic=True), Run(" và hiệu quả.")]),
            Paragraph("heading2", [Run("Kết quả đạt được")]),
            Paragraph("dash", [Run("Tiêm chủng đạt 95% kế hoạch.")]),
            Paragraph("plus", [Run("Các quận nội thành hoàn thành trước hạn.")]),
            Paragraph("heading1", [Run("Nhiệm vụ thời gian tới")]),
            Paragraph("heading2", [Run("Tiếp tục thực hiện nghiêm các biện pháp.")]),
            Paragraph("heading3", [Run("Các sở, ngành theo chức năng, nhiệm vụ triển khai ngay.")]),
        ],
        signature=Signature(mode="deputy", whom="Trưởng ban", position="Phó Trưởng ban thường trực",
                            name="Phạm Văn Hiểu"),
        recipients=Recipients(report=["Ban Thường vụ Thành ủy", "Thường trực Thành ủy"],
                              others=["Các thành viên Ban Chỉ đạo", "Các quận ủy, huyện ủy"],
                              archive="Văn phòng Thành ủy"),
        extras=Extras(draft_marker="Dự thảo lần 2", typist="TNT", copies=30,
                      contact="Số 1 Hòa Bình, Ninh Kiều, Cần Thơ; ĐT: 0292 3820 000"),
    )


def state_cong_van() -> Draft:
    """A state công văn (NĐ 30 Mẫu 1.5) with several addressees, urgency and circulation marks."""
    return Draft(
        rule_set="state_nd30", doc_type="cong_van",
        superior="Ủy ban nhân dân tỉnh Hưng Yên", issuer="Sở Nội vụ",
        number="15", agency_code="SNV", unit_code="VP", place="Hưng Yên", date="2023-02-28",
        summary="nâng bậc lương năm 2023",
        addressees=["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thành phố"],
        body=[
            Paragraph.plain("Thực hiện Nghị định số 204/2004/NĐ-CP, Sở Nội vụ đề nghị các cơ quan, đơn vị "
                            "rà soát, lập danh sách cán bộ, công chức đủ điều kiện nâng bậc lương năm 2023."),
            Paragraph.plain("Hồ sơ gửi về Sở Nội vụ trước ngày 15/3/2023./."),
        ],
        signature=Signature(mode="deputy", whom="Giám đốc", position="Phó Giám đốc", name="Nguyễn Văn An"),
        recipients=Recipients(report=["UBND tỉnh"], others=["Giám đốc Sở"], archive="VP"),
        extras=Extras(urgency="KHẨN", circulation="LƯU HÀNH NỘI BỘ", typist="PL", copies=300,
                      contact="Địa chỉ: Số 2 đường Chùa Chuông, TP Hưng Yên; ĐT: 0221 3862 000"),
    )


def state_quyet_dinh() -> Draft:
    """A state quyết định with căn cứ lines, articles and one attachment."""
    return Draft(
        rule_set="state_nd30", doc_type="quyet_dinh",
        superior="Bộ Nội vụ", issuer="Cục Văn thư và Lưu trữ nhà nước",
        number="5", agency_code="VTLTNN", place="Hà Nội", date="2020-01-05",
        summary="Về việc ban hành Quy chế làm việc của Cục Văn thư và Lưu trữ nhà nước",
        enacting_authority="Cục trưởng Cục Văn thư và Lưu trữ nhà nước",
        legal_bases=["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
                     "Theo đề nghị của Chánh Văn phòng Cục."],
        body=[
            Paragraph("article", [Run("Ban hành kèm theo Quyết định này Quy chế làm việc của Cục.")]),
            Paragraph("article", [Run("Quyết định này có hiệu lực kể từ ngày ký.")]),
            Paragraph("article", [Run("Chánh Văn phòng và Thủ trưởng các đơn vị chịu trách nhiệm thi hành "
                                      "Quyết định này./.")]),
        ],
        signature=Signature(mode="own", position="Cục trưởng", name="Đặng Thanh Tùng"),
        recipients=Recipients(others=["Như Điều 3", "Bộ trưởng (để báo cáo)"], archive="VP"),
        attachments=[Draft(
            rule_set="state_nd30", doc_type="thong_bao", issuer="Cục Văn thư và Lưu trữ nhà nước",
            superior="Bộ Nội vụ", number="6", agency_code="VTLTNN", place="Hà Nội", date="2020-01-05",
            summary="Về lịch làm việc", body=[Paragraph.plain("Nội dung phụ lục kèm theo./.")],
            signature=Signature(position="Cục trưởng", name="Đặng Thanh Tùng"),
            recipients=Recipients(others=["Các đơn vị"], archive="VP"),
        )],
    )


def party_with_copy() -> Draft:
    """A Party thông báo with a sao lục block (spec B.1 Party copies, seed 003)."""
    draft = party_thong_bao()
    draft.extras = Extras()
    draft.copy = CopyBlock(kind="sao_luc", superior="Thành ủy Hà Nội", issuer="Văn phòng", number="129",
                           agency_code="VPTU", place="Hà Nội", date="2021-08-30",
                           signature=Signature(mode="by_order", whom="Ban Thường vụ", position="Chánh Văn phòng",
                                               name="Nguyễn Văn B"),
                           recipients=Recipients(others=["Các quận ủy"], archive="Văn phòng Thành ủy"))
    return draft


SAMPLES = {
    "party_thong_bao": party_thong_bao,
    "state_cong_van": state_cong_van,
    "state_quyet_dinh": state_quyet_dinh,
    "party_with_copy": party_with_copy,
}


def for_rule_set(draft: Draft, rule_set: str, doc_type: str | None = None) -> Draft:
    """The same sample under another rule set / doc type (attachments dropped)."""
    draft.rule_set = rule_set
    if doc_type:
        draft.doc_type = doc_type
    draft.attachments = []
    return draft


# --- reading rendered files ---------------------------------------------------------------


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


@dataclass
class Resolved:
    """Effective run formatting after the style chain and docDefaults."""

    fonts: dict[str, str | None]
    size: float | None
    bold: bool
    italic: bool
    underline: bool


def _style_chain(document, style_id: str | None):
    styles = document.styles.element
    seen = []
    while style_id:
        element = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        if element is None:
            break
        seen.append(element)
        based = element.find(f"{W}basedOn")
        style_id = based.get(qn("w:val")) if based is not None else None
    return seen


def _toggle(rpr, tag: str) -> bool | None:
    if rpr is None:
        return None
    element = rpr.find(f"{W}{tag}")
    if element is None:
        return None
    value = element.get(qn("w:val"))
    return value not in ("0", "false", "none") if tag != "u" else value not in (None, "none")


def resolve_run(document, paragraph_element, run_element) -> Resolved:
    """Fonts (four slots), size, bold, italic, underline of one run as Word would resolve them."""
    chain = [run_element.find(f"{W}rPr")]
    ppr = paragraph_element.find(f"{W}pPr")
    style_id = None
    if ppr is not None and ppr.find(f"{W}pStyle") is not None:
        style_id = ppr.find(f"{W}pStyle").get(qn("w:val"))
    if style_id is None:
        default = document.styles.element.find(f"{W}style[@{W}default='1'][@{W}type='paragraph']")
        style_id = default.get(qn("w:styleId")) if default is not None else None
    chain += [style.find(f"{W}rPr") for style in _style_chain(document, style_id)]
    chain.append(document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    fonts: dict[str, str | None] = {slot: None for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
    size = None
    flags: dict[str, bool | None] = {"b": None, "i": None, "u": None}
    for rpr in chain:
        if rpr is None:
            continue
        rfonts = rpr.find(f"{W}rFonts")
        if rfonts is not None:
            for slot in fonts:
                if fonts[slot] is None and rfonts.get(qn(f"w:{slot}")) is not None:
                    fonts[slot] = rfonts.get(qn(f"w:{slot}"))
                if fonts[slot] is None and rfonts.get(qn(f"w:{slot}Theme" if slot != "cs" else "w:cstheme")):
                    fonts[slot] = "THEME"
        sz = rpr.find(f"{W}sz")
        if size is None and sz is not None:
            size = int(sz.get(qn("w:val"))) / 2
        for tag in flags:
            if flags[tag] is None:
                flags[tag] = _toggle(rpr, tag)
    return Resolved(fonts, size, bool(flags["b"]), bool(flags["i"]), bool(flags["u"]))


def paragraphs_by_style(document, style_name: str):
    """Every python-docx paragraph (body, tables, nested tables) with this style name."""
    return [p for p in iter_all_paragraphs(document) if p.style is not None and p.style.name == style_name]


def iter_all_paragraphs(document):
    """Every paragraph of the body in document order, inside tables and nested tables too."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    for p in document.element.body.iter(qn("w:p")):
        yield DocxParagraph(p, document._body)


def full_text(document) -> str:
    """All text of the body (tables included), headers and footers, one paragraph per line."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    parts = [DocxParagraph(p, document._body).text for p in document.element.body.iter(qn("w:p"))]
    for section in document.sections:
        for hf in (section.first_page_header, section.first_page_footer, section.header, section.footer):
            parts += [DocxParagraph(p, hf).text for p in hf._element.iter(qn("w:p"))]
    return "\n".join(parts)
