"""The `vanban` command's own output: a pipe closed early or a full disk ends without a traceback,
and argparse's own words ("usage:", "error:", help headings …) are Vietnamese."""

from __future__ import annotations

import argparse
import ast
import errno
import inspect
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli_argparse import MESSAGE_KEYS, vietnamese_argparse
from desktop.cli_streams import EXIT_BROKEN_PIPE
from desktop.core.i18n import catalog
from tests.conftest import ROOT, SEEDS

CLI = [sys.executable, "-m", "desktop.cli"]


def cli_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")


def many_seeds() -> list[str]:
    """Enough files for `check --json` to write more than a pipe holds."""
    return [str(p) for p in sorted(SEEDS.glob("*.txt"))] * 3


# --- a pipe closed early, a full disk ---------------------------------------------------------------


def test_check_json_into_a_pipe_closed_early_ends_quietly_with_the_sigpipe_code():
    process = subprocess.Popen([*CLI, "check", "--json", "--jobs", "1", *many_seeds()], cwd=ROOT, env=cli_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -0`: the reader is gone before anything is written
    err = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=300) == EXIT_BROKEN_PIPE
    assert err == ""  # no BrokenPipeError traceback, no "Exception ignored" from the exit flush


def test_check_json_piped_into_head_prints_the_first_line_and_no_traceback():
    shell = subprocess.run(
        ["bash", "-o", "pipefail", "-c", " ".join([*map(_quote, CLI), "check", "--json", "--jobs", "1",
                                                   *map(_quote, many_seeds()), "| head -1"])],
        cwd=ROOT, env=cli_env(), capture_output=True, timeout=300, check=False)
    out, err = shell.stdout.decode("utf-8"), shell.stderr.decode("utf-8")
    assert len(out.splitlines()) == 1 and out.startswith('{"file": ')
    assert "Traceback" not in err and "Error" not in err
    assert shell.returncode in (0, 1, EXIT_BROKEN_PIPE)  # head may read everything before it exits


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is a Linux device")
def test_check_into_a_full_device_says_so_in_vietnamese_and_exits_2():
    with open("/dev/full", "wb") as full:
        result = subprocess.run([*CLI, "check", *many_seeds()[:2]], cwd=ROOT, env=cli_env(), stdout=full,
                                stderr=subprocess.PIPE, timeout=300, check=False)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert err.strip() == "Không ghi được kết quả ra đầu ra (tệp hoặc chương trình nhận kết quả): ổ đĩa đã đầy."


class FailingStdout(io.StringIO):
    """A stdout whose writes fail like a closed pipe or a full disk."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error

    def flush(self) -> None:
        raise self.error


def test_in_process_a_broken_pipe_returns_the_sigpipe_code_and_prints_nothing(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", FailingStdout(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    assert main(["validate", "--json", str(ROOT / "examples" / "party_thong_bao.json")]) == EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""


def test_in_process_a_full_disk_on_stdout_is_a_message_and_exit_2(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", FailingStdout(OSError(errno.ENOSPC, "No space left on device")))
    assert main(["validate", str(ROOT / "examples" / "party_thong_bao.json")]) == 2
    assert "ổ đĩa đã đầy" in capsys.readouterr().err


def test_in_process_a_dropped_network_share_on_stdout_is_a_message_and_exit_2(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", FailingStdout(OSError(errno.EIO, "Input/output error")))
    assert main(["validate", str(ROOT / "examples" / "party_thong_bao.json")]) == 2
    assert "mất kết nối tới ổ mạng" in capsys.readouterr().err


# --- argparse in Vietnamese ------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_missing_argument_is_reported_in_vietnamese(capsys):
    code, out, err = run(capsys, "render")
    assert code == 2 and out == ""
    assert err.startswith("Cách dùng: vanban render [-h]")
    assert err.splitlines()[-1] == "vanban render: lỗi: còn thiếu tham số bắt buộc: DRAFT.json"
    assert "usage" not in err and "error" not in err and "required" not in err


def test_an_unknown_option_is_reported_in_vietnamese(capsys):
    code, _, err = run(capsys, "validate", "x.json", "--nope")
    assert code == 2 and err.splitlines()[-1] == "vanban: lỗi: không hiểu tham số: --nope"


def test_an_unknown_command_is_reported_in_vietnamese(capsys):
    code, _, err = run(capsys, "in-ra")
    assert code == 2
    assert "vanban: lỗi: tham số LỆNH: lựa chọn không có: 'in-ra' (chọn một trong: 'render'," in err


def test_a_bad_number_is_reported_in_vietnamese(capsys):
    code, _, err = run(capsys, "check", "--jobs", "hai", "x.docx")
    assert code == 2 and "tham số --jobs/-j: giá trị không hợp lệ (cần kiểu int): 'hai'" in err


def test_help_headings_and_the_help_option_are_vietnamese(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("Cách dùng: vanban [-h] [--version] LỆNH ...")
    assert "\ntham số:\n" in out and "\ntùy chọn:\n" in out
    assert "in hướng dẫn này rồi thoát" in out and "in số phiên bản rồi thoát" in out
    assert "positional arguments" not in out and "show this help" not in out and "options:" not in out
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0 and "--force" in out and "usage" not in out


def test_argparse_speaks_english_again_after_the_command():
    main(["--version"])
    parser = argparse.ArgumentParser(prog="other")
    assert parser.format_usage().startswith("usage: other")
    assert "show this help message and exit" in parser.format_help()


def argparse_message_ids() -> set[str]:
    """Every literal message argparse of this Python passes to gettext."""
    ids: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            ids.update(arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return ids


def test_every_message_argparse_can_print_has_a_vietnamese_text():
    missing = sorted(argparse_message_ids() - set(MESSAGE_KEYS))
    assert missing == []
    assert all(key in catalog() for key in MESSAGE_KEYS.values())


def test_translated_messages_keep_argparse_placeholders():
    """A translation that drops %(prog)s or %s would crash argparse while it reports an error."""
    import re

    placeholders = re.compile(r"%(?:\([a-z_]+\))?[rsd]")
    for message, key in MESSAGE_KEYS.items():
        assert sorted(placeholders.findall(message)) == sorted(placeholders.findall(catalog()[key])), key


def test_the_translation_is_only_active_inside_the_block():
    with vietnamese_argparse():
        assert argparse.ArgumentParser(prog="x").format_usage().startswith("Cách dùng: x")
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: x")


def test_without_console_streams_like_the_windowed_build_the_command_still_ends_normally(monkeypatch):
    """VanBan.exe (windowed) has sys.stdout = sys.stderr = None; a closing flush must not crash it."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["--version"]) == 0
