"""``vanban render``: one file, a folder of outputs, --skip-incomplete, exit codes, examples/."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from desktop.commands import render as render_command
from desktop.core.model import Draft, load_draft, save_draft
from desktop.core.render import render_bytes
from tests.conftest import EXAMPLES
from tests.render_helpers import full_text, open_docx, party_thong_bao, state_cong_van


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    render_command.register(parser.add_subparsers())
    args = parser.parse_args(["render", *argv])
    return args.run(args)


@pytest.fixture
def drafts(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / "tb.json", tmp_path / "cv.json"]
    save_draft(party_thong_bao(), paths[0])
    save_draft(state_cong_van(), paths[1])
    return paths


def test_single_file(drafts: list[Path], tmp_path: Path, capsys) -> None:
    out = tmp_path / "ra" / "thong-bao.docx"
    assert run(str(drafts[0]), "-o", str(out)) == 0
    assert "Số 03-TB/BCĐ" in full_text(open_docx(out.read_bytes()))
    assert "Đã xuất" in capsys.readouterr().out


def test_default_output_next_to_draft(drafts: list[Path]) -> None:
    assert run(str(drafts[0])) == 0
    assert drafts[0].with_suffix(".docx").is_file()


@pytest.mark.parametrize("trailing", ["/", ""])
def test_several_inputs_go_to_a_folder(drafts: list[Path], tmp_path: Path, trailing: str) -> None:
    folder = tmp_path / "out"
    assert run(*map(str, drafts), "-o", f"{folder}{trailing}") == 0
    assert sorted(p.name for p in folder.iterdir()) == ["cv.docx", "tb.docx"]


def test_one_input_to_existing_folder_or_trailing_separator(drafts: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    assert run(str(drafts[0]), "-o", str(folder)) == 0
    assert (folder / "tb.docx").is_file()
    assert run(str(drafts[1]), "-o", f"{tmp_path / 'new'}/") == 0
    assert (tmp_path / "new" / "cv.docx").is_file()


def test_unreadable_input_exit_2_and_batch_continues(drafts: list[Path], tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    folder = tmp_path / "out"
    assert run(str(broken), str(tmp_path / "missing.json"), str(drafts[0]), "-o", str(folder)) == 2
    assert [p.name for p in folder.iterdir()] == ["tb.docx"]
    err = capsys.readouterr().err
    assert "không phải JSON hợp lệ" in err and "Không tìm thấy tệp" in err


def test_unwritable_output_exit_2(drafts: list[Path], tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert run(str(drafts[0]), "-o", str(blocker / "sub" / "x.docx")) == 2
    assert "Không ghi được" in capsys.readouterr().err


def test_unknown_rule_set_is_refused_as_invalid_and_forcing_it_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"schema_version": 1, "rule_set": "party_hd99"}), encoding="utf-8")
    assert run(str(path), "-o", str(tmp_path / "x.docx")) == 1
    assert "party_hd99" in capsys.readouterr().err
    assert run("--force", str(path), "-o", str(tmp_path / "x.docx")) == 2
    assert "party_hd99" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_skip_incomplete(drafts: list[Path], tmp_path: Path, capsys) -> None:
    incomplete = tmp_path / "thieu.json"
    save_draft(Draft(rule_set="party_hd36", doc_type="thong_bao"), incomplete)
    folder = tmp_path / "out"
    assert run("--skip-incomplete", str(incomplete), *map(str, drafts), "-o", f"{folder}/") == 1
    assert sorted(p.name for p in folder.iterdir()) == ["cv.docx", "tb.docx"]
    assert "Bỏ qua" in capsys.readouterr().err
    assert run("--skip-incomplete", *map(str, drafts), "-o", f"{tmp_path / 'ok'}/") == 0


def test_incomplete_draft_renders_only_with_force(tmp_path: Path) -> None:
    incomplete = tmp_path / "thieu.json"
    save_draft(Draft(rule_set="state_nd30", doc_type="cong_van"), incomplete)
    assert run(str(incomplete), "-o", str(tmp_path / "thieu.docx")) == 1
    assert not (tmp_path / "thieu.docx").exists()
    assert run("--force", str(incomplete), "-o", str(tmp_path / "thieu.docx")) == 0
    assert (tmp_path / "thieu.docx").is_file()


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json")) if EXAMPLES.is_dir() else []


@pytest.mark.skipif(not EXAMPLE_FILES, reason="examples/ not written yet")
def test_all_complete_examples_render(tmp_path: Path) -> None:
    """Every example that validates without errors renders, with its number line in the header."""
    from desktop.core.schema import validate_draft

    rendered = 0
    for path in EXAMPLE_FILES:
        draft = load_draft(path)
        if any(p.severity == "error" for p in validate_draft(draft)):
            continue
        document = open_docx(render_bytes(draft))
        header = "\n".join(p.text for p in document.tables[0].cell(1, 0).paragraphs)
        assert header.startswith("Số"), path.name
        rendered += 1
    assert rendered >= 2


def test_wrong_field_types_are_an_unreadable_draft_named_by_field_even_when_forced(tmp_path: Path, capsys) -> None:
    """A JSON type the draft cannot hold is refused while the draft is read (exit 2, the field named),
    before validation: --force renders invalid drafts, never malformed ones."""
    path = tmp_path / "types.json"
    data = party_thong_bao().to_dict()
    data["number"] = 3
    data["signature"] = None
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for args in ((), ("--force",)):
        assert run(*args, str(path), "-o", str(tmp_path / "types.docx")) == 2
        err = capsys.readouterr().err
        assert "cấu trúc không đúng" in err and "«number» phải là chuỗi chữ" in err
    assert not (tmp_path / "types.docx").exists()
