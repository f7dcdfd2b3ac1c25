"""The readable report (desktop/core/check/text_report.py): per file and the summary table."""

from __future__ import annotations

from desktop.core.check.report import DocumentReport, FileReport, Finding, PartFound
from desktop.core.check.text_report import format_file_report, format_summary, shorten, summary_rows


def sample_report() -> FileReport:
    doc = DocumentReport(system="party", system_reason="có tiêu đề «ĐẢNG CỘNG SẢN VIỆT NAM»", rule_set="party_hd36",
                         doc_type="thong_bao")
    doc.parts["number"] = PartFound(True, "Số 03-TB/VPTU", "bảng 1, hàng 2, cột 1 (đoạn 5)")
    doc.findings = [
        Finding("format:place_date", "error", "C.4", "đoạn 6: «Hà Nội, ngày 5 tháng 2»", "Ngày dưới 10 thiếu số 0.",
                "Viết «ngày 05 tháng 02»."),
        Finding("layout:body", "warning", "B.1 ô 6", "đoạn 9", "Cỡ chữ 12 ngoài khoảng 14–15.", "Đặt cỡ chữ 14."),
        Finding("text:tone_marks", "info", "F.22", "đoạn 10", "Trộn «ủy» và «uỷ».", ""),
    ]
    doc.not_evaluated = ["Dấu (con dấu) không kiểm tra được trên tệp."]
    return FileReport(file="a.docx", documents=[doc])


def test_file_report_lists_parts_findings_by_severity_and_what_was_not_judged():
    text = format_file_report(sample_report())
    lines = text.splitlines()
    assert lines[0] == "Tệp: a.docx"
    assert "Văn bản 1/1: văn bản của Đảng (HD 36), Thông báo" in text
    assert "✓ Số, ký hiệu: «Số 03-TB/VPTU» (bảng 1, hàng 2, cột 1 (đoạn 5))" in text
    assert "✗ Tiêu đề / Quốc hiệu: không có" in text
    assert "Lỗi (1):" in text and "Cảnh báo (1):" in text and "Lưu ý (1):" in text
    assert "- [C.4] đoạn 6: «Hà Nội, ngày 5 tháng 2»: Ngày dưới 10 thiếu số 0." in text
    assert "Cách sửa: Viết «ngày 05 tháng 02»." in text
    assert "Dấu (con dấu) không kiểm tra được trên tệp." in text
    assert lines[-1].strip() == "Kết quả: 1 lỗi, 1 cảnh báo, 1 lưu ý."
    # Errors come before warnings, warnings before notes.
    assert text.index("Lỗi (1)") < text.index("Cảnh báo (1)") < text.index("Lưu ý (1)")


def test_unreadable_file_shows_the_reason():
    text = format_file_report(FileReport(file="x.docx", readable=False, error="Tệp «x.docx» bị hỏng."))
    assert text.splitlines() == ["Tệp: x.docx", "  KHÔNG ĐỌC ĐƯỢC: Tệp «x.docx» bị hỏng."]


def test_summary_table_has_one_row_per_document_and_totals():
    two = FileReport(file="hai.docx", documents=[DocumentReport(system="party", rule_set="party_hd36",
                                                                doc_type="cong_van"), DocumentReport()])
    reports = [sample_report(), two, FileReport(file="hong.docx", readable=False, error="hỏng")]
    rows = summary_rows(reports)
    assert rows == [
        ["a.docx", "văn bản của Đảng (HD 36)", "Thông báo", "1", "1", "có"],
        ["hai.docx", "văn bản của Đảng (HD 36)", "Công văn", "0", "0", "có"],
        ["hai.docx", "chưa xác định hệ thống", "chưa xác định loại", "0", "0", "có"],
        ["hong.docx", "—", "—", "—", "—", "không"],
    ]
    table = format_summary(reports).splitlines()
    assert table[0] == "TỔNG HỢP"
    assert table[1].split() == ["Tệp", "Hệ", "thống", "Loại", "Lỗi", "Cảnh", "báo", "Đọc", "được"]
    assert set(table[2]) <= {"-", " "}
    assert table[-1] == "3 tệp: 1 đạt, 1 có lỗi, 1 không đọc được."
    # Columns line up under the rule: the system column starts at the second dash run.
    system_col = table[2].index(" -") + 1
    assert [row[system_col:].split("  ")[0] for row in table[3:7]] == [
        "văn bản của Đảng (HD 36)", "văn bản của Đảng (HD 36)", "chưa xác định hệ thống", "—"]


def test_long_part_text_is_cut_to_one_line():
    assert shorten("dòng một\ndòng hai") == "dòng một / dòng hai"
    assert shorten("x" * 100).endswith("…") and len(shorten("x" * 100)) == 60


def test_a_finding_without_location_has_no_dangling_colon():
    doc = DocumentReport(system="party", rule_set="party_hd36", doc_type="thong_bao")
    doc.findings = [Finding("missing:recipients", "error", "F.2; B.1", "", "Thiếu nơi nhận.", "Thêm «Nơi nhận:».")]
    text = format_file_report(FileReport(file="a.docx", documents=[doc]))
    assert "    - [F.2; B.1] Thiếu nơi nhận." in text
