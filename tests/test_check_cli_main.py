"""`vanban check` in process (desktop/commands/check.py): reports, JSON Lines, exit codes, bad files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.check.report import PARTS
from desktop.core.model import load_draft
from desktop.core.render import render_to_file
from tests.conftest import EXAMPLES, SEEDS
from tests.hostile_files import HOSTILE, write_big_docx, write_docm, write_empty_docx


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean rendered Party notice (examples/party_thong_bao.json)."""
    folder = tmp_path_factory.mktemp("good")
    return render_to_file(load_draft(EXAMPLES / "party_thong_bao.json"), folder / "thong_bao.docx")


@pytest.fixture
def seed_txt(tmp_path: Path) -> Path:
    """Seed 000 as a .txt: the whole header is missing (spec E.1), so it has errors."""
    target = tmp_path / "seed000.txt"
    shutil.copy(next(SEEDS.glob("000_*.txt")), target)
    return target


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_clean_document_exits_0_with_a_readable_report(good_docx: Path, capsys):
    code, out, err = run(capsys, str(good_docx))
    assert code == 0, out
    assert out.startswith(f"Tệp: {good_docx}")
    assert "Văn bản 1/1: văn bản của Đảng (HD 36), Thông báo" in out
    assert "TỔNG HỢP" not in out  # one file: no summary table
    assert err == ""  # not a terminal: no progress


def test_document_with_errors_exits_1(seed_txt: Path, capsys):
    code, out, _ = run(capsys, str(seed_txt))
    assert code == 1
    assert "Lỗi (" in out and "✗ Số, ký hiệu: không có" in out


def test_json_lines_one_object_per_file_and_nothing_else_on_stdout(good_docx: Path, seed_txt: Path, capsys):
    code, out, _ = run(capsys, "--json", str(good_docx), str(seed_txt))
    assert code == 1
    records = json_lines(out)
    assert [r["file"] for r in records] == [str(good_docx), str(seed_txt)]
    for record in records:
        assert set(record) == {"file", "readable", "error", "documents"}
        doc = record["documents"][0]
        assert set(doc) == {"system", "system_reason", "rule_set", "doc_type", "is_copy", "parts", "findings",
                            "not_evaluated"}
        assert list(doc["parts"]) == list(PARTS)
        for finding in doc["findings"]:
            assert set(finding) == {"code", "severity", "rule", "where", "message", "fix"}
            assert finding["severity"] in ("error", "warning", "info")
    assert records[1]["documents"][0]["parts"]["number"]["found"] is False


def test_folder_expands_recursively_and_ends_with_a_summary_table(good_docx: Path, seed_txt: Path, tmp_path: Path,
                                                                 capsys):
    folder = tmp_path / "hop_thu"
    (folder / "con").mkdir(parents=True)
    shutil.copy(good_docx, folder / "b.docx")
    shutil.copy(seed_txt, folder / "con" / "a.txt")
    (folder / "ghi_chu.pdf").write_bytes(b"%PDF")
    code, out, _ = run(capsys, "--jobs", "2", str(folder))
    assert code == 1
    assert out.index(f"Tệp: {folder / 'b.docx'}") < out.index(f"Tệp: {folder / 'con' / 'a.txt'}")
    assert "ghi_chu.pdf" not in out
    summary = out[out.index("TỔNG HỢP"):].splitlines()
    assert summary[1].split()[:2] == ["Tệp", "Hệ"]
    assert summary[-1] == "2 tệp: 1 đạt, 1 có lỗi, 0 không đọc được."


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_exits_2_with_a_vietnamese_message(name: str, tmp_path: Path, capsys):
    bad = HOSTILE[name](tmp_path / f"{name}.docx")
    code, out, err = run(capsys, str(bad))
    assert code == 2
    assert "KHÔNG ĐỌC ĐƯỢC" in out
    assert f"«{name}.docx»" in err and "Traceback" not in out + err
    code, out, _ = run(capsys, "--json", str(bad))
    (record,) = json_lines(out)
    assert code == 2 and record["readable"] is False and record["documents"] == []
    assert re.search("[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", record["error"])


def test_a_batch_with_one_bad_file_still_reports_the_others(good_docx: Path, tmp_path: Path, capsys):
    bad = HOSTILE["zip_bomb"](tmp_path / "bom.docx")
    code, out, _ = run(capsys, "--json", str(good_docx), str(bad), str(good_docx))
    records = json_lines(out)
    assert code == 2  # unreadable wins over errors
    assert [r["readable"] for r in records] == [True, False, True]
    assert records[0]["documents"] and records[2]["documents"]


def test_macro_document_is_read_never_run(tmp_path: Path, capsys):
    code, out, _ = run(capsys, "--json", str(write_docm(tmp_path / "macro.docm")))
    (record,) = json_lines(out)
    assert record["readable"] is True and code in (0, 1)
    assert any("macro" in note.lower() for note in record["documents"][0]["not_evaluated"])


def test_empty_document_is_readable_and_every_part_is_missing(tmp_path: Path, capsys):
    code, out, _ = run(capsys, "--json", str(write_empty_docx(tmp_path / "rong.docx")))
    (record,) = json_lines(out)
    assert code == 1 and record["readable"] is True
    assert not any(part["found"] for doc in record["documents"] for part in doc["parts"].values())


def test_missing_file_and_empty_folder_exit_2(tmp_path: Path, capsys):
    code, out, err = run(capsys, str(tmp_path / "khong_co.docx"))
    assert code == 2 and "khong_co.docx" in out + err
    (tmp_path / "trong").mkdir()
    code, out, err = run(capsys, str(tmp_path / "trong"))
    assert code == 2 and out == "" and "Không tìm thấy tệp văn bản nào" in err


def test_bad_jobs_value_is_refused(good_docx: Path, capsys):
    code, _, err = run(capsys, "--jobs", "0", str(good_docx))
    assert code == 2 and "Số tiến trình" in err


def test_progress_is_shown_only_on_a_terminal(good_docx: Path, monkeypatch, capsys):
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, _, err = run(capsys, str(good_docx), str(good_docx))
    assert code == 0
    assert "\rĐang kiểm tra 2/2…" in err


@pytest.mark.slow
def test_fifty_megabyte_file_is_checked_or_refused_cleanly(tmp_path: Path, capsys):
    big = write_big_docx(tmp_path / "lon.docx")
    assert big.stat().st_size > 40 * 2**20
    code, out, _ = run(capsys, "--json", str(big))
    (record,) = json_lines(out)
    assert code in (0, 1, 2)
    if not record["readable"]:
        assert code == 2 and "lon.docx" in record["error"]
