"""The batch runner (desktop/core/check/batch.py): order, chunks, crashes, hangs, progress.

These tests drive the pool with small check functions defined here (worker processes inherit
this module), so they do not depend on the detector; the CLI tests use the real checker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from desktop.core.check.batch import (
    FORK_ISOLATION,
    check_files,
    check_forked,
    check_isolated,
    check_one,
    chunk_size_for,
    expand_paths,
    safe_check,
)
from desktop.core.check.report import DocumentReport, FileReport


def fake_check(path: str) -> FileReport:
    """Misbehaves on purpose according to the file name."""
    name = Path(path).name
    if "crash" in name:
        os.kill(os.getpid(), signal.SIGKILL)  # the worker dies at once, like a crash in a C extension
    if "hang" in name:
        time.sleep(60)
    if "boom" in name:
        raise RuntimeError("hỏng")
    if "stuck" in name:  # one long C loop: Python signal handlers cannot run until it returns
        sum(range(10**12))
    if "soffice" in name:  # waits on a child process, as a .doc conversion waits on LibreOffice
        pid_file = Path(path).with_suffix(".pid")
        subprocess.run(["sh", "-c", f"echo $$ > {pid_file}; exec sleep 60"], check=False)
    return FileReport(file=path, documents=[DocumentReport(system="party", doc_type=name)])


def names(reports: list[FileReport]) -> list[str]:
    return [Path(r.file).name for r in reports]


def test_results_come_back_in_input_order_over_many_chunks():
    paths = [f"/nowhere/{i:03d}.docx" for i in range(97)]
    reports = check_files(paths, jobs=2, check=fake_check, chunk_size=5)
    assert [r.file for r in reports] == paths
    assert all(r.readable for r in reports)
    assert [r.documents[0].doc_type for r in reports] == [Path(p).name for p in paths]


def test_a_file_that_crashes_its_worker_is_unreadable_and_the_batch_goes_on():
    paths = [f"/x/{i:02d}.docx" for i in range(10)]
    paths[4] = "/x/04-crash.docx"
    reports = check_files(paths, jobs=2, check=fake_check, chunk_size=3, timeout_s=30)
    assert names(reports) == [Path(p).name for p in paths]
    bad = reports[4]
    assert not bad.readable
    assert "dừng đột ngột" in bad.error
    assert all(r.readable for i, r in enumerate(reports) if i != 4)


def test_a_file_that_hangs_times_out_and_the_batch_goes_on():
    paths = ["/x/a.docx", "/x/b-hang.docx", "/x/c.docx", "/x/d.docx"]
    started = time.monotonic()
    reports = check_files(paths, jobs=2, check=fake_check, timeout_s=1)
    assert time.monotonic() - started < 30  # far below the 60 s the hang would take
    assert [r.readable for r in reports] == [True, False, True, True]
    assert "quá 1 giây" in reports[1].error


def test_an_exception_in_the_checker_becomes_a_vietnamese_message():
    reports = check_files(["/x/boom.docx", "/x/ok.docx"], jobs=2, check=fake_check)
    assert not reports[0].readable
    assert reports[0].error.startswith("Lỗi khi kiểm tra tệp này: RuntimeError: hỏng")
    assert reports[1].readable


def test_a_single_file_runs_isolated_so_a_crash_cannot_kill_the_caller():
    report = check_isolated("/x/crash.docx", fake_check, timeout_s=10)
    assert not report.readable
    assert "dừng đột ngột" in report.error
    assert check_files(["/x/one.docx"], check=fake_check)[0].readable


needs_fork = pytest.mark.skipif(not FORK_ISOLATION, reason="the plain-fork child is the Linux path")


@needs_fork
def test_a_forked_check_gives_back_the_same_report_as_checking_in_process(tmp_path: Path):
    from desktop.core.check import check_file
    from desktop.core.model import load_draft
    from desktop.core.render import render_to_file
    from tests.conftest import EXAMPLES

    target = render_to_file(load_draft(EXAMPLES / "state_quyet_dinh.json"), tmp_path / "qd.docx")
    assert check_forked(str(target)) == check_file(target)
    missing = str(tmp_path / "missing.docx")
    assert check_forked(missing) == safe_check(missing, check_one)
    assert not check_forked(missing).readable


@needs_fork
@pytest.mark.parametrize("name, words", [("crash.docx", "dừng đột ngột"), ("hang.docx", "quá 1 giây"),
                                         ("stuck.docx", "quá 1 giây"), ("boom.docx", "RuntimeError: hỏng")])
def test_a_forked_check_that_crashes_hangs_or_fails_gives_a_vietnamese_report(name: str, words: str):
    started = time.monotonic()
    report = check_forked(f"/x/{name}", fake_check, timeout_s=1)
    assert time.monotonic() - started < 30
    assert not report.readable and words in report.error


@needs_fork
def test_a_forked_check_leaves_no_child_behind():
    check_forked("/x/ok.docx", fake_check, timeout_s=5)
    check_forked("/x/hang.docx", fake_check, timeout_s=1)
    try:
        reaped = os.waitpid(-1, os.WNOHANG)  # (0, 0): children still running (other fixtures'), none exited
    except ChildProcessError:
        reaped = (0, 0)  # no child at all
    assert reaped == (0, 0)  # no exited child left unreaped (a zombie)


def test_progress_counts_up_to_the_total():
    seen: list[tuple[int, int]] = []
    check_files([f"/x/{i}.docx" for i in range(20)], jobs=2, check=fake_check, chunk_size=4,
                progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (20, 20)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_chunks_are_small_for_few_files_and_capped_for_many():
    assert chunk_size_for(10, 2) == 1
    assert chunk_size_for(1000, 2) == 16
    assert chunk_size_for(160, 2) == 10


def test_folders_expand_recursively_sorted_to_document_files_only(tmp_path: Path):
    for rel in ("b/z.docx", "b/a.TXT", "a.md", "c/d/e.odt", "x.doc", "y.docm", "skip.pdf", "b/~$z.docx", "n.json"):
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert found == ["a.md", "b/a.TXT", "b/z.docx", "c/d/e.odt", "x.doc", "y.docm"]
    # A file named explicitly is kept whatever its extension: the reader explains what is wrong.
    assert expand_paths([tmp_path / "skip.pdf"]) == [tmp_path / "skip.pdf"]


@pytest.mark.parametrize("jobs", [1, 3])
def test_any_number_of_jobs_gives_the_same_reports(jobs: int):
    paths = [f"/x/{i}.docx" for i in range(7)]
    assert names(check_files(paths, jobs=jobs, check=fake_check)) == [f"{i}.docx" for i in range(7)]


def test_a_time_out_does_not_break_the_pool_and_kills_the_child_process(tmp_path: Path):
    """The soft deadline unwinds the checker: subprocess.run kills the program it waited for."""
    paths = [str(tmp_path / "a.docx"), str(tmp_path / "b-soffice.docx"), str(tmp_path / "c.docx")]
    reports = check_files(paths, jobs=2, check=fake_check, timeout_s=1)
    assert [r.readable for r in reports] == [True, False, True]
    assert "quá 1 giây" in reports[1].error
    pid = int((tmp_path / "b-soffice.pid").read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the 'sleep 60' child is gone, not orphaned


def test_a_file_stuck_in_c_code_is_stopped_by_the_cpu_time_limit():
    paths = ["/x/a.docx", "/x/b-stuck.docx", "/x/c.docx"]
    started = time.monotonic()
    reports = check_files(paths, jobs=2, check=fake_check, timeout_s=1)
    assert time.monotonic() - started < 30
    assert [r.readable for r in reports] == [True, False, True]
    assert "quá 1 giây" in reports[1].error
