"""`vanban validate`: Vietnamese report, exit 0 valid / 1 errors / 2 unreadable, --json output."""

from __future__ import annotations

import json

import pytest

import desktop.cli as cli
from tests.conftest import EXAMPLES


@pytest.fixture
def main(monkeypatch):
    """desktop.cli.main with the validate command (other commands are not needed here)."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", {"validate": "desktop.commands.validate"})
    return cli.main


def test_valid_draft_exits_0(main, capsys):
    assert main(["validate", str(EXAMPLES / "state_quyet_dinh.json")]) == 0
    out = capsys.readouterr().out
    assert "hợp lệ" in out and "state_quyet_dinh.json" in out


def test_draft_with_errors_exits_1_and_prints_label_message_fix(main, capsys):
    assert main(["validate", str(EXAMPLES / "seed_001_thong_bao_bcd.json")]) == 1
    out = capsys.readouterr().out
    assert "[LỖI]" in out and "[CẢNH BÁO]" in out
    assert "Tên cơ quan ban hành" in out and "Cách sửa:" in out
    assert "K/T" in out  # the deputy without K/T (C.5)


def test_warnings_only_exit_0(main, capsys, tmp_path):
    data = json.loads((EXAMPLES / "party_thong_bao.json").read_text(encoding="utf-8"))
    data["number"], data["date"] = "", None
    path = tmp_path / "chua_so.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "[CẢNH BÁO]" in capsys.readouterr().out


def test_missing_file_exits_2(main, capsys, tmp_path):
    assert main(["validate", str(tmp_path / "khong_co.json")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err


def test_broken_json_exits_2(main, capsys, tmp_path):
    path = tmp_path / "hong.json"
    path.write_text('{"schema_version": 1, "rule_set": ', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "không phải JSON hợp lệ" in capsys.readouterr().err


def test_newer_schema_version_exits_2(main, capsys, tmp_path):
    path = tmp_path / "moi.json"
    path.write_text(json.dumps({"schema_version": 99, "rule_set": "party_hd36"}), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "phiên bản 99" in capsys.readouterr().err


def test_many_files_worst_exit_code_wins(main, capsys, tmp_path):
    good, bad = EXAMPLES / "party_giay_moi.json", EXAMPLES / "seed_000_thong_bao_ket_luan.json"
    assert main(["validate", str(good), str(bad)]) == 1
    assert main(["validate", str(good), str(bad), str(tmp_path / "x.json")]) == 2
    out = capsys.readouterr().out
    assert out.count("party_giay_moi.json") == 2 and out.count("seed_000_thong_bao_ket_luan.json") == 2


def test_json_output_is_a_list_of_problems(main, capsys):
    assert main(["validate", "--json", str(EXAMPLES / "seed_004_thong_bao_ket_luan_btv.json")]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert {"file", "code", "severity", "field", "label", "message", "fix", "ref"} <= set(problems[0])
    assert {p["field"] for p in problems if p["severity"] == "error"} == {"issuer", "agency_code", "place"}
