"""`vanban fix` on the command line (issue #12): the fixed copy beside the original, never over it,
every change printed, exit codes, --dry-run, --json, --only, batches, hostile inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.check import check_file
from desktop.core.model import load_draft
from desktop.core.render import render_bytes
from tests.conftest import EXAMPLES
from tests.fixtures_docx import edit_docx_xml
from tests.hostile_files import HOSTILE, write_docm
from tests.test_fix_damaged import DOC, retext, sect_attr


@pytest.fixture(scope="module")
def state_notice() -> bytes:
    return render_bytes(load_draft(EXAMPLES / "state_thong_bao.json"))


def damaged(data: bytes) -> bytes:
    return edit_docx_xml(data, {DOC: lambda root: (sect_attr("pgMar", {"left": "1134"})(root),
                                                   retext("VBPlaceDate", "tháng 6", "tháng 06")(root))})


def test_fix_writes_a_copy_beside_the_original(state_notice, tmp_path: Path, capsys):
    draft = tmp_path / "KH 2025.v2.docx"
    draft.write_bytes(damaged(state_notice))
    before = draft.read_bytes()
    assert main(["fix", str(draft)]) == 0
    out = capsys.readouterr().out
    fixed = tmp_path / "KH 2025.v2 (đã sửa).docx"
    assert fixed.exists() and draft.read_bytes() == before
    assert "tháng 06" in out and "tháng 6" in out and "→" in out
    assert "A.1 Margins" in out and str(fixed) in out
    report = check_file(fixed)
    assert not report.has_errors


def test_output_option_and_refusing_the_original(state_notice, tmp_path: Path, capsys):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(damaged(state_notice))
    assert main(["fix", str(draft), "-o", str(tmp_path / "out" / "sửa xong")]) == 0
    assert (tmp_path / "out" / "sửa xong.docx").exists()
    before = draft.read_bytes()
    assert main(["fix", str(draft), "-o", str(draft)]) == 2
    assert "bản gốc" in capsys.readouterr().err
    assert draft.read_bytes() == before


def test_dry_run_writes_nothing(state_notice, tmp_path: Path, capsys):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(damaged(state_notice))
    assert main(["fix", str(draft), "--dry-run"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx"]
    assert "chạy thử" in capsys.readouterr().out


def test_json_lists_changes_and_what_is_left(state_notice, tmp_path: Path, capsys):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(damaged(state_notice))
    assert main(["fix", str(draft), "--json", "--only", "page:margins"]) == 1  # the date error is left
    record = json.loads(capsys.readouterr().out.strip())
    assert [c["code"] for c in record["changes"]] == ["page:margins"]
    assert {"part", "where", "before", "after", "rule"} <= set(record["changes"][0])
    left = {f["code"] for doc in record["left"] for f in doc["findings"]}
    assert "format:place_date" in left and "page:margins" not in left
    assert record["output"].endswith("draft (đã sửa).docx")


def test_a_folder_is_fixed_as_a_batch(state_notice, tmp_path: Path, capsys):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name in ("a.docx", "b.docx"):
        (folder / name).write_bytes(damaged(state_notice))
    (folder / "c.docx").write_bytes(b"not a zip at all")
    assert main(["fix", str(folder), "-j", "2"]) == 2  # c.docx unreadable: 2 wins
    captured = capsys.readouterr()
    assert (folder / "a (đã sửa).docx").exists() and (folder / "b (đã sửa).docx").exists()
    assert not (folder / "c (đã sửa).docx").exists()
    assert "[3/3]" in captured.err
    # a second run leaves the fixed copies alone
    assert main(["fix", str(folder), "--dry-run", "-j", "1"]) == 2
    assert "(đã sửa) (đã sửa)" not in capsys.readouterr().out


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_inputs_clear_message_no_output(kind, tmp_path: Path, capsys):
    path = HOSTILE[kind](tmp_path / f"{kind}.docx")
    before = path.read_bytes()
    assert main(["fix", str(path)]) == 2
    out = capsys.readouterr().out
    assert "Traceback" not in out and "Không đọc được" in out
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no partial output file


def test_a_docm_keeps_its_extension(tmp_path: Path):
    from desktop.core.fix import fixed_name

    assert fixed_name(Path("macro.docm")).name == "macro (đã sửa).docm"
    assert fixed_name(Path("KH 2025.v2.DOCX")).name == "KH 2025.v2 (đã sửa).DOCX"
    path = write_docm(tmp_path / "macro.docm")
    assert main(["fix", str(path)]) in (0, 1)  # read like any Word file; macros never run


def test_missing_file(tmp_path: Path, capsys):
    assert main(["fix", str(tmp_path / "none.docx")]) == 2
    assert "Traceback" not in capsys.readouterr().out


def test_only_word_files_are_fixed(tmp_path: Path, capsys):
    text = tmp_path / "ghi chú.txt"
    text.write_text("Hà Nội, ngày 5 tháng 3 năm 2025\n", encoding="utf-8")
    assert main(["fix", str(text)]) == 2
    out = capsys.readouterr().out
    assert ".docx" in out and "Traceback" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ghi chú.txt"]


def test_nothing_to_fix_writes_no_copy(state_notice, tmp_path: Path, capsys):
    draft = tmp_path / "tốt.docx"
    draft.write_bytes(state_notice)
    assert main(["fix", str(draft)]) == 0
    out = capsys.readouterr().out
    assert "Không có gì để sửa tự động" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tốt.docx"]


def test_unknown_only_code_is_refused(state_notice, tmp_path: Path, capsys):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(damaged(state_notice))
    assert main(["fix", str(draft), "--only", "page:margins,page:colour"]) == 2
    assert "page:colour" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx"]
    assert main(["fix", str(draft), "--only", "page", "--dry-run"]) == 1  # a family: page:size, margins, numbers
