"""``vanban register …`` end to end, on SQLite and on PostgreSQL (``--database``)."""

from __future__ import annotations

import json
import shutil

from desktop.cli import main
from tests.conftest import EXAMPLES


def run(capsys, *argv):
    code = main(["register", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_issue_list_check_cancel_export(tmp_path, capsys, register_settings, monkeypatch):
    monkeypatch.setenv("VANBAN_DATA_DIR", str(tmp_path / "data"))
    db = ["--database", register_settings.database]
    draft = tmp_path / "QĐ 2026.v2.json"
    shutil.copy(EXAMPLES / "state_quyet_dinh.json", draft)
    code, out, err = run(capsys, "issue", str(draft), "--date", "2026-02-05", *db)
    assert code == 0, err
    assert "Đã cấp số 01/QĐ-UBND, ngày 05/02/2026" in out
    assert (tmp_path / "QĐ 2026.v2.docx").is_file()  # beside the draft, the typed dotted name kept
    assert json.loads(draft.read_text(encoding="utf-8"))["issued"]["symbol"] == "01/QĐ-UBND"

    code, out, err = run(capsys, "issue", str(draft), "--date", "2026-02-06", *db)
    assert code == 2 and "không cấp số lần nữa" in err and "Traceback" not in err

    code, out, _ = run(capsys, "reserve", "--type", "quyet_dinh", "--date", "2026-02-07", *db)
    assert code == 0 and "Đã giữ số 02" in out

    code, out, _ = run(capsys, "list", "--year", "2026", "--text", "chu ky so", *db)
    assert code == 0 and "01/QĐ-UBND" in out and "02" not in out.split("01/QĐ-UBND")[0]
    code, out, _ = run(capsys, "list", "--json", *db)
    rows = json.loads(out)
    assert [r["status"] for r in rows] == ["issued", "reserved"]

    code, out, err = run(capsys, "cancel", "02", "--reason", "", *db)
    assert code == 2 and "lý do" in err
    code, out, _ = run(capsys, "cancel", "01/QĐ-UBND", "--reason", "Sai thẩm quyền", *db)
    assert code == 0 and "Đã hủy số 01/QĐ-UBND" in out and "sửa được trở lại" in out
    assert "issued" not in json.loads(draft.read_text(encoding="utf-8"))

    code, out, _ = run(capsys, "check", *db)
    assert code == 0 and "không có số bị bỏ sót" in out

    code, out, _ = run(capsys, "issue", str(draft), "--date", "2026-02-08", *db)
    assert code == 0 and "Đã cấp số 03/QĐ-UBND" in out  # 01 cancelled and 02 reserved: never reused

    code, out, _ = run(capsys, "export", str(tmp_path / "so"), "--year", "2026", *db)
    assert code == 0 and (tmp_path / "so.xlsx").is_file() and "Đã xuất 2 dòng" in out


def test_import_refuses_a_file_with_a_duplicate_and_check_reports_it(tmp_path, capsys, register_settings):
    db = ["--database", register_settings.database, "--rule-set", "party_hd36"]
    profile = json.loads((EXAMPLES / "profiles" / "party_van_phong_thanh_uy.json").read_text(encoding="utf-8"))
    profile["register"] = {"term_start": "2025-10-20"}
    (tmp_path / "p.json").write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    source = tmp_path / "so.csv"
    source.write_text("\"Số, ký hiệu văn bản\",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản\n"
                      "71-TB/ĐU,03/11/2025,Thông báo A\n72-TB/ĐU,04/11/2025,Thông báo B\n"
                      "72-TB/ĐU,05/11/2025,Thông báo C\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(source), "--profile", str(tmp_path / "p.json"), *db)
    assert code == 1 and "dòng 4: số 72-TB/ĐU trùng với dòng 3" in out
    assert "Số bị bỏ sót" in out and "01–70" in out
    code, out, err = run(capsys, "import", str(source), "--profile", str(tmp_path / "p.json"), *db)
    assert code == 1 and "chưa nhập dòng nào" in err
    code, out, _ = run(capsys, "list", *db)
    assert "chưa có dòng nào" in out
    source.write_text(source.read_text(encoding="utf-8").replace("72-TB/ĐU,05/11", "73-TB/ĐU,05/11"),
                      encoding="utf-8")
    code, out, err = run(capsys, "import", str(source), "--profile", str(tmp_path / "p.json"), *db)
    assert code == 0 and "Đã nhập 3 dòng" in out, err


def test_check_warns_when_a_documents_number_was_given_to_another(tmp_path, capsys, register_settings):
    db = ["--database", register_settings.database]
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(EXAMPLES / "state_quyet_dinh.json", first)
    shutil.copy(EXAMPLES / "state_thong_bao.json", second)
    assert run(capsys, "issue", str(first), "--date", "2026-02-05", *db)[0] == 0
    code, out, _ = run(capsys, "check", str(first), *db)  # its own number: fine
    assert code == 0 and "không trùng" in out
    # someone types the same number by hand on another Quyết định
    other = json.loads(first.read_text(encoding="utf-8"))
    other.pop("issued")
    other["summary"] = "Về việc khác hẳn"
    (tmp_path / "c.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path / "c.json"), *db)
    assert code == 1 and "số 01/QĐ-UBND đã có trong sổ cho văn bản khác" in out
    assert main(["render", str(tmp_path / "c.json"), "-o", str(tmp_path / "c.docx")]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "check", str(tmp_path / "c.docx"), *db)
    assert code == 1 and "01/QĐ-UBND" in out


def test_register_unavailable_is_a_message(tmp_path, capsys):
    code, _out, err = run(capsys, "list", "--database", "postgresql://vanban@127.0.0.1:1/none")
    assert code == 2 and "Không kết nối được máy chủ sổ đăng ký" in err and "Traceback" not in err
    code, _out, err = run(capsys, "issue", str(tmp_path / "missing.json"), "--database", str(tmp_path / "r.db"))
    assert code == 2 and "Traceback" not in err


def test_new_term_moves_the_profiles_term_and_numbers_start_again(tmp_path, capsys, register_settings):
    db = ["--database", register_settings.database]
    profile = json.loads((EXAMPLES / "profiles" / "party_van_phong_thanh_uy.json").read_text(encoding="utf-8"))
    profile["register"] = {"term_start": "2025-10-20"}
    profile_path = tmp_path / "p.json"
    profile_path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    draft = tmp_path / "tb.json"
    for day in ("2026-12-31", "2027-01-02"):
        shutil.copy(EXAMPLES / "party_thong_bao.json", draft)
        code, out, err = run(capsys, "issue", str(draft), "--date", day, "--profile", str(profile_path), *db)
        assert code == 0, err
    assert "Đã cấp số 02-TB/" in out  # across 1 January: the term goes on
    code, out, err = run(capsys, "new-term", "2025-01-01", "--profile", str(profile_path), *db)
    assert code == 2 and "phải bắt đầu sau" in err
    code, out, _ = run(capsys, "new-term", "2030-10-16", "--profile", str(profile_path), *db)
    assert code == 0 and "16/10/2030" in out
    assert json.loads(profile_path.read_text(encoding="utf-8"))["register"]["term_start"] == "2030-10-16"
    shutil.copy(EXAMPLES / "party_thong_bao.json", draft)
    code, out, _ = run(capsys, "issue", str(draft), "--date", "2030-10-20", "--profile", str(profile_path), *db)
    assert code == 0 and "Đã cấp số 01-TB/" in out
    state = tmp_path / "s.json"
    shutil.copy(EXAMPLES / "profiles" / "state_so_noi_vu.json", state)
    code, _out, err = run(capsys, "new-term", "2030-10-16", "--profile", str(state), *db)
    assert code == 2 and "theo năm" in err


def test_vanban_check_register_warns_on_a_number_given_to_another_document(tmp_path, capsys, register_settings):
    db = ["--database", register_settings.database]
    first = tmp_path / "a.json"
    shutil.copy(EXAMPLES / "state_quyet_dinh.json", first)
    assert run(capsys, "issue", str(first), "--date", "2026-02-05", *db)[0] == 0
    other = json.loads(first.read_text(encoding="utf-8"))
    other.pop("issued")
    other["summary"] = "Về việc khác hẳn"
    (tmp_path / "c.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    assert main(["render", str(tmp_path / "c.json"), "-o", str(tmp_path / "c.docx")]) == 0
    capsys.readouterr()
    code = main(["check", str(tmp_path / "c.docx"), "--json", "--register", register_settings.database])
    out = capsys.readouterr().out
    findings = json.loads(out)["documents"][0]["findings"]
    taken = [f for f in findings if f["code"] == "register:number_taken"]
    assert len(taken) == 1 and taken[0]["severity"] == "warning" and "01/QĐ-UBND" in taken[0]["message"]
    assert code in (0, 1)  # a warning never changes the exit code by itself
    assert main(["check", str(first.with_name("a.docx")), "--json", "--register", register_settings.database]) in (0, 1)
    own = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    assert not [f for f in own if f["code"] == "register:number_taken"]  # its own row is no other document
