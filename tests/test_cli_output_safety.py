"""`vanban render` and `vanban import` never lose a clerk's file (issue #11), through desktop.cli.main:
dotted names, a full disk, their own inputs, colliding batch names, wrong extensions, read-only
targets, umask permissions, created folders, invalid drafts, and drafts too large to reopen."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import model
from desktop.core.model import Draft, load_draft, save_draft
from desktop.core.render import render_to_file
from tests.conftest import EXAMPLES
from tests.render_helpers import full_text, open_docx, party_thong_bao, state_cong_van

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits and links")


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "tb.json"
    save_draft(party_thong_bao(), path)
    return path


@pytest.fixture(scope="module")
def word_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real .docx to import: the Party notice example, rendered."""
    folder = tmp_path_factory.mktemp("word")
    return render_to_file(load_draft(EXAMPLES / "party_thong_bao.json"), folder / "Thông báo.docx")


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --- names with dots -------------------------------------------------------------------------------


def test_a_dotted_draft_name_renders_beside_itself_and_leaves_the_shorter_name_alone(tmp_path, capsys):
    dotted = tmp_path / "KH 2025.v2.json"
    save_draft(party_thong_bao(), dotted)
    other = tmp_path / "KH 2025.docx"
    other.write_bytes(b"another document")
    code, out, _ = cli(capsys, "render", str(dotted))
    assert code == 0
    assert (tmp_path / "KH 2025.v2.docx").is_file() and other.read_bytes() == b"another document"
    assert f"Đã xuất: {tmp_path / 'KH 2025.v2.docx'}" in out


def test_a_dotted_output_name_is_written_as_typed(draft, tmp_path, capsys):
    other = tmp_path / "Dự thảo 15.3.docx"
    other.write_bytes(b"another document")
    target = tmp_path / "Dự thảo 15.3.2025.docx"
    assert cli(capsys, "render", str(draft), "-o", str(target))[0] == 0
    assert "Số 03-TB/BCĐ" in full_text(open_docx(target.read_bytes()))
    assert other.read_bytes() == b"another document"


def test_a_batch_of_dotted_drafts_keeps_every_dot(tmp_path, capsys):
    drafts = [tmp_path / "KH 2025.v1.json", tmp_path / "KH 2025.v2.json"]
    for path in drafts:
        save_draft(party_thong_bao(), path)
    assert cli(capsys, "render", *map(str, drafts), "-o", str(tmp_path / "ra"))[0] == 0
    assert names(tmp_path / "ra") == ["KH 2025.v1.docx", "KH 2025.v2.docx"]


def test_import_to_a_dotted_name_leaves_the_shorter_name_alone(word_file, tmp_path, capsys):
    other = tmp_path / "KH 2025.json"
    other.write_text("{}", encoding="utf-8")
    target = tmp_path / "KH 2025.v2.json"
    assert cli(capsys, "import", str(word_file), "-o", str(target))[0] == 0
    assert load_draft(target).rule_set == "party_hd36"
    assert other.read_text(encoding="utf-8") == "{}"


# --- a full disk -------------------------------------------------------------------------------


def test_render_on_a_full_disk_exits_2_keeps_the_earlier_file_and_leaves_no_temp(draft, tmp_path, capsys,
                                                                                 monkeypatch):
    out = tmp_path / "ra"
    out.mkdir()
    target = out / "tb.docx"
    target.write_bytes(b"earlier")
    monkeypatch.setattr(os, "write", disk_full)
    code, stdout, err = cli(capsys, "render", str(draft), "-o", str(target))
    monkeypatch.undo()
    assert code == 2
    assert "ổ đĩa đã đầy" in err and "Tệp cũ (nếu có) vẫn được giữ nguyên" in err and "Traceback" not in err
    assert "Đã xuất" not in stdout
    assert target.read_bytes() == b"earlier" and names(out) == ["tb.docx"]


def test_import_on_a_full_disk_exits_2_keeps_the_earlier_file_and_leaves_no_temp(word_file, tmp_path, capsys,
                                                                                 monkeypatch):
    target = tmp_path / "nhap.json"
    target.write_text("earlier", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", disk_full)
    code, _, err = cli(capsys, "import", str(word_file), "-o", str(target))
    monkeypatch.undo()
    assert code == 2 and "ổ đĩa đã đầy" in err and "Đã nhập" not in err
    assert target.read_text(encoding="utf-8") == "earlier" and names(tmp_path) == ["nhap.json"]


# --- own inputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_import_refuses_to_write_over_its_own_word_file(word_file, tmp_path, capsys, force):
    source = tmp_path / "X.docx"
    source.write_bytes(word_file.read_bytes())
    code, _, err = cli(capsys, "import", str(source), "-o", str(source), *force)
    assert code == 2 and "chính là tệp đầu vào" in err
    assert source.read_bytes() == word_file.read_bytes()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_render_refuses_to_write_over_its_own_draft(draft, capsys, force):
    before = draft.read_bytes()
    code, out, err = cli(capsys, "render", str(draft), "-o", str(draft), *force)
    assert code == 2 and "chính là tệp đầu vào" in err and "Đã xuất" not in out
    assert draft.read_bytes() == before


@posix_only
def test_render_refuses_its_own_draft_through_a_symlink_or_another_spelling(draft, tmp_path, capsys):
    before = draft.read_bytes()
    link = tmp_path / "link.docx"
    link.symlink_to(draft)
    assert cli(capsys, "render", str(draft), "-o", str(link), "--force")[0] == 2
    (tmp_path / "sub").mkdir()
    assert cli(capsys, "render", str(draft), "-o", str(tmp_path / "sub" / ".." / "tb.json"), "--force")[0] == 2
    assert draft.read_bytes() == before


# --- batches -------------------------------------------------------------------------------------


def test_a_batch_whose_outputs_collide_is_refused_before_anything_is_written(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "x.json", tmp_path / "b" / "x.json"
    save_draft(party_thong_bao(), first)
    save_draft(state_cong_van(), second)
    other = tmp_path / "c.json"
    save_draft(state_cong_van(), other)
    code, out, err = cli(capsys, "render", str(first), str(second), str(other), "-o", str(tmp_path / "ra"))
    assert code == 2
    assert f"2 dự thảo sẽ cùng ghi ra «{tmp_path / 'ra' / 'x.docx'}»" in err
    assert str(first) in err and str(second) in err and "Không xuất tệp nào" in err
    assert out == "" and not (tmp_path / "ra").exists()


def test_names_differing_only_in_case_collide_too(tmp_path, capsys):
    """Windows, macOS and USB sticks ignore case: KH.docx and kh.docx would be one file there."""
    (tmp_path / "a").mkdir()
    first, second = tmp_path / "KH.json", tmp_path / "a" / "kh.json"
    save_draft(party_thong_bao(), first)
    save_draft(party_thong_bao(), second)
    assert cli(capsys, "render", str(first), str(second), "-o", f"{tmp_path / 'ra'}/")[0] == 2
    assert not (tmp_path / "ra").exists()


def test_the_same_draft_twice_in_a_batch_is_refused(draft, tmp_path, capsys):
    assert cli(capsys, "render", str(draft), str(draft), "-o", str(tmp_path / "ra"))[0] == 2


def test_a_batch_reports_only_files_it_wrote(draft, tmp_path, capsys):
    broken = tmp_path / "hong.json"
    broken.write_text("{", encoding="utf-8")
    code, out, err = cli(capsys, "render", str(draft), str(broken), "-o", str(tmp_path / "ra"))
    assert code == 2
    written = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Đã xuất: ")]
    assert written == [str(tmp_path / "ra" / "tb.docx")]
    assert all(Path(p).is_file() for p in written) and names(tmp_path / "ra") == ["tb.docx"]
    assert "Đã xuất 1 tệp vào" in err and "1 tệp không đọc hoặc không ghi được" in err


# --- extensions and read-only targets -----------------------------------------------------------


def test_render_to_a_name_not_ending_in_docx_needs_force(draft, tmp_path, capsys):
    target = tmp_path / "ra.json"
    code, _, err = cli(capsys, "render", str(draft), "-o", str(target))
    assert code == 2 and "không kết thúc bằng .docx" in err and f"«{tmp_path / 'ra.json.docx'}»" in err
    assert not target.exists()
    assert cli(capsys, "render", str(draft), "-o", str(target), "--force")[0] == 0
    assert "Số 03-TB/BCĐ" in full_text(open_docx(target.read_bytes()))


def test_import_to_a_name_not_ending_in_json_needs_force(word_file, tmp_path, capsys):
    target = tmp_path / "nhap.docx"
    code, _, err = cli(capsys, "import", str(word_file), "-o", str(target))
    assert code == 2 and "không kết thúc bằng .json" in err and not target.exists()
    assert cli(capsys, "import", str(word_file), "-o", str(target), "--force")[0] == 0
    assert load_draft(target).doc_type == "thong_bao"


@posix_only
def test_a_read_only_target_is_refused_unless_forced_and_stays_read_only(draft, tmp_path, capsys):
    target = tmp_path / "da-ban-hanh.docx"
    target.write_bytes(b"issued")
    target.chmod(0o444)
    code, out, err = cli(capsys, "render", str(draft), "-o", str(target))
    assert code == 2 and "chỉ đọc" in err and "--force" in err and "Đã xuất" not in out
    assert target.read_bytes() == b"issued"
    assert cli(capsys, "render", str(draft), "-o", str(target), "--force")[0] == 0
    assert target.read_bytes().startswith(b"PK")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


@posix_only
def test_import_refuses_a_read_only_target_unless_forced(word_file, tmp_path, capsys):
    target = tmp_path / "nhap.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o444)
    assert cli(capsys, "import", str(word_file), "-o", str(target))[0] == 2
    assert target.read_text(encoding="utf-8") == "{}"
    assert cli(capsys, "import", str(word_file), "-o", str(target), "--force")[0] == 0


# --- permissions and folders ----------------------------------------------------------------------


@posix_only
def test_outputs_get_the_umask_permissions_so_colleagues_can_open_them(draft, word_file, tmp_path, capsys):
    saved = os.umask(0o022)
    try:
        assert cli(capsys, "render", str(draft), "-o", str(tmp_path / "ra.docx"))[0] == 0
        assert cli(capsys, "import", str(word_file), "-o", str(tmp_path / "nhap.json"))[0] == 0
    finally:
        os.umask(saved)
    assert stat.S_IMODE((tmp_path / "ra.docx").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "nhap.json").stat().st_mode) == 0o644


def test_missing_folders_are_created_and_said(draft, word_file, tmp_path, capsys):
    target = tmp_path / "chua-co" / "con" / "x.docx"
    code, out, _ = cli(capsys, "render", str(draft), "-o", str(target))
    assert code == 0 and target.is_file()
    assert f"Đã tạo thư mục chưa có: «{tmp_path / 'chua-co'}», «{tmp_path / 'chua-co' / 'con'}»" in out
    code, out, _ = cli(capsys, "render", str(draft), "-o", str(target))
    assert "Đã tạo thư mục" not in out
    code, _, err = cli(capsys, "import", str(word_file), "-o", str(tmp_path / "moi" / "nhap.json"))
    assert code == 0 and f"Đã tạo thư mục chưa có: «{tmp_path / 'moi'}»" in err


# --- invalid drafts ------------------------------------------------------------------------------


def test_render_refuses_an_invalid_draft_listing_field_and_message_unless_forced(tmp_path, capsys):
    incomplete = tmp_path / "thieu.json"
    data = party_thong_bao()
    data.place = ""
    data.issuer = ""
    save_draft(data, incomplete)
    target = tmp_path / "thieu.docx"
    code, out, err = cli(capsys, "render", str(incomplete), "-o", str(target))
    assert code == 1 and not target.exists() and out == ""
    assert "dự thảo còn 2 lỗi" in err and "--force" in err
    assert "  - place: «Địa danh» đang để trống." in err
    assert "  - issuer: «Tên cơ quan ban hành» đang để trống." in err
    code, out, err = cli(capsys, "render", str(incomplete), "-o", str(target), "--force")
    assert code == 0 and target.is_file() and "Vẫn xuất" in err and "Đã xuất" in out


def test_skip_incomplete_wins_over_force_and_quiet_leaves_one_summary_line(draft, tmp_path, capsys):
    incomplete = tmp_path / "thieu.json"
    save_draft(Draft(rule_set="party_hd36", doc_type="thong_bao"), incomplete)
    code, out, err = cli(capsys, "render", "--skip-incomplete", "--force", "--quiet", str(incomplete), str(draft),
                         "-o", f"{tmp_path / 'ra'}/")
    assert code == 1 and names(tmp_path / "ra") == ["tb.docx"]
    assert out == ""
    assert err.splitlines() == [f"Đã xuất 1 tệp vào «{tmp_path / 'ra'}»; bỏ qua 1 dự thảo chưa hoàn chỉnh."]


def test_tasks_run_prints_one_calm_line_for_the_examples(tmp_path, monkeypatch, capsys):
    """`python3 tasks.py run` renders examples/ with the seeds skipped: one summary line, no error list."""
    import tasks

    calls: list[list[str]] = []

    def run_in_process(cmd: list[str], **_kwargs) -> int:
        calls.append(cmd)
        assert cmd[1:3] == ["-m", "desktop.cli"]
        return main(cmd[3:])

    monkeypatch.setattr(tasks, "run", run_in_process)
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    (tmp_path / "examples").mkdir()
    for example in EXAMPLES.glob("*.json"):
        (tmp_path / "examples" / example.name).write_bytes(example.read_bytes())
    monkeypatch.setattr(tasks, "has_display", lambda: False)
    assert tasks.cmd_run([]) == 0
    out, err = capsys.readouterr()
    assert len(calls) == 1
    assert len(err.splitlines()) == 1 and "bỏ qua" in err and "lỗi" not in err
    assert "Đã xuất:" not in out
    assert (tmp_path / "out" / "examples" / "party_thong_bao.docx").is_file()


# --- drafts too large to reopen ------------------------------------------------------------------


def test_import_refuses_a_draft_the_editor_could_not_open(word_file, tmp_path, capsys, monkeypatch):
    """The limit is the one the program reads drafts with (model.MAX_DRAFT_BYTES, 20 MB); a small
    limit stands for a 33 MB import here."""
    monkeypatch.setattr(model, "MAX_DRAFT_BYTES", 2048)
    target = tmp_path / "nhap.json"
    code, _, err = cli(capsys, "import", str(word_file), "-o", str(target))
    assert code == 2 and not target.exists()
    assert "quá giới hạn 2 KB mà VănBản mở được" in err and "Hãy tách" in err
    assert f"«{word_file}»" in err


def test_what_import_writes_under_the_limit_opens_again(word_file, tmp_path, capsys, monkeypatch):
    target = tmp_path / "nhap.json"
    size = len(load_draft(EXAMPLES / "party_thong_bao.json").to_json().encode("utf-8"))
    monkeypatch.setattr(model, "MAX_DRAFT_BYTES", size * 4)
    assert cli(capsys, "import", str(word_file), "-o", str(target))[0] == 0
    assert target.stat().st_size <= model.MAX_DRAFT_BYTES
    assert load_draft(target).doc_type == "thong_bao"


def test_saving_a_draft_too_large_to_reopen_is_refused(tmp_path, monkeypatch):
    from desktop.core.errors import OutputError

    monkeypatch.setattr(model, "MAX_DRAFT_BYTES", 1024)
    with pytest.raises(OutputError) as info:
        save_draft(party_thong_bao(), tmp_path / "lon.json")
    assert "sẽ không mở lại được" in info.value.message and not (tmp_path / "lon.json").exists()


def can_mount() -> bool:
    import shutil

    return os.name == "posix" and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not can_mount(), reason="mounting a tmpfs needs root; the injected ENOSPC tests cover this")
def test_render_onto_a_real_tiny_full_disk_exits_2_and_keeps_the_earlier_file(draft, tmp_path, capsys):
    import subprocess

    disk = tmp_path / "usb"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(disk)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"mount refused here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        target = disk / "Thông báo.docx"
        target.write_bytes(b"earlier")
        code, out, err = cli(capsys, "render", str(draft), "-o", str(target))
        assert code == 2 and "ổ đĩa đã đầy" in err and "Đã xuất" not in out
        assert target.read_bytes() == b"earlier" and names(disk) == ["Thông báo.docx"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)
