"""Check many files at once, on every core, surviving files that crash or hang the checker.

Files go to a :class:`~concurrent.futures.ProcessPoolExecutor` in chunks. Inside a worker each
file runs under a deadline (POSIX): when its time is up a SIGALRM handler raises
:class:`CheckTimeout`, which unwinds the checker (``subprocess.run`` kills a LibreOffice it was
waiting for) and the worker goes on with the next file. Code stuck in C does not see that
signal, so a second timer on CPU time (ITIMER_PROF, default action: terminate) kills the worker
a little later. Elsewhere a watchdog thread ends the worker. A killed or crashed worker breaks
the pool: the files that may have been running are then re-checked one by one, each in its own
process, and the rest go to a fresh pool. A file that still crashes or runs out of time becomes
``FileReport(readable=False)`` with a Vietnamese message, and the batch goes on. Results come
back in input order.

One file alone (``vanban check FILE``) is still checked in a process of its own, so a crash in C
code cannot take the caller down. On Linux that process is a plain ``os.fork`` whose report comes
back as JSON through a pipe: :mod:`multiprocessing` (8–10 ms to import) stays out of a cold run
(issue #16). Elsewhere, and wherever a caller passes a context (the editor: "spawn", never a fork
of a process running Qt threads), the child is a :mod:`multiprocessing` process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.check.report import FileReport
from desktop.core.errors import VanBanError
from desktop.core.i18n import tr

if TYPE_CHECKING:
    import multiprocessing.context

CHECK_EXTENSIONS = (".docx", ".docm", ".doc", ".odt", ".txt", ".md")
"""What a folder expands to (issue #3)."""

DEFAULT_TIMEOUT_S = 60.0
"""Longest time one file may take (a .doc goes through LibreOffice, which is slow)."""

MAX_CHUNK = 16
TIMEOUT_EXIT_CODE = 86
"""Exit code of a worker stopped by the watchdog thread (systems without SIGALRM)."""

CheckFn = Callable[[str], FileReport]
ProgressFn = Callable[[int, int], None]


def check_one(path: str) -> FileReport:
    """The default per-file check: :func:`desktop.core.check.check_file`."""
    from desktop.core.check import check_file

    return check_file(path)


# --- paths -----------------------------------------------------------------------------------


def is_checkable(path: Path) -> bool:
    """A document file a folder expands to (Word's '~$' lock files are not documents)."""
    return path.suffix.lower() in CHECK_EXTENSIONS and not path.name.startswith("~$")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files stay as given; a folder becomes the checkable files inside it, recursively, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted((p for p in path.rglob("*") if p.is_file() and is_checkable(p)),
                          key=lambda p: p.as_posix())
        else:
            out.append(path)
    return out


# --- one file, safely --------------------------------------------------------------------------


def unreadable(path: str, message: str) -> FileReport:
    return FileReport(file=path, readable=False, error=message)


def safe_check(path: str, check: CheckFn) -> FileReport:
    """Run ``check``; an exception becomes an unreadable report instead of ending the batch."""
    try:
        return check(path)
    except VanBanError as exc:
        return unreadable(path, exc.message)
    except (Exception, RecursionError) as exc:  # a checker bug must not lose the other files
        return unreadable(path, tr("checkcli.internal_error", reason=f"{type(exc).__name__}: {exc}"))


class CheckTimeout(BaseException):
    """A file's time is up (a BaseException, so checker code cannot swallow it by accident)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise CheckTimeout


def hard_limit_s(timeout_s: float) -> float:
    """CPU seconds after which a worker stuck in C code is terminated."""
    return timeout_s + max(1.0, min(5.0, timeout_s))


_IN_WORKER = False


def _worker_init() -> None:
    """Mark this process as a worker: deadlines apply. SIGPROF keeps its default action (terminate)."""
    global _IN_WORKER
    _IN_WORKER = True
    if hasattr(signal, "SIGPROF"):
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, ValueError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle


@contextlib.contextmanager
def _deadline(timeout_s: float) -> Iterator[None]:
    """Raise :class:`CheckTimeout` in this worker after ``timeout_s``; terminate it if stuck in C."""
    if not _IN_WORKER or timeout_s <= 0:
        yield
        return
    if hasattr(signal, "setitimer"):
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_PROF, hard_limit_s(timeout_s))
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    watchdog = threading.Timer(timeout_s, os._exit, args=(TIMEOUT_EXIT_CODE,))
    watchdog.daemon = True
    watchdog.start()
    try:
        yield
    finally:
        watchdog.cancel()


def timed_check(path: str, check: CheckFn, timeout_s: float) -> FileReport:
    """Worker side: one file under its deadline; running out of time gives an unreadable report."""
    try:
        with _deadline(timeout_s):
            return safe_check(path, check)
    except CheckTimeout:
        return unreadable(path, tr("checkcli.timeout", seconds=_seconds(timeout_s)))


def _check_chunk(items: list[tuple[int, str]], check: CheckFn, timeout_s: float) -> list[tuple[int, FileReport]]:
    """Worker side: check each file of a chunk."""
    return [(index, timed_check(path, check, timeout_s)) for index, path in items]


def _isolated_main(conn, path: str, check: CheckFn, timeout_s: float) -> None:
    _worker_init()
    conn.send(timed_check(path, check, timeout_s))
    conn.close()


def check_isolated(path: str, check: CheckFn = check_one, timeout_s: float = DEFAULT_TIMEOUT_S,
                   context: multiprocessing.context.BaseContext | None = None) -> FileReport:
    """Check one file in a process of its own: a crash or a hang cannot reach the caller."""
    if context is None and FORK_ISOLATION:
        return check_forked(path, check, timeout_s)
    import multiprocessing

    ctx = context or multiprocessing.get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_isolated_main, args=(sender, path, check, timeout_s), daemon=True)
    started = time.monotonic()
    proc.start()
    sender.close()
    report: FileReport | None = None
    limit = hard_limit_s(timeout_s) + 5.0 if timeout_s > 0 else None
    try:
        if receiver.poll(limit):
            report = receiver.recv()
    except (EOFError, OSError):
        report = None
    finally:
        receiver.close()
    proc.join(5.0)
    killed = proc.is_alive()
    if killed:
        proc.kill()
        proc.join()
    if report is not None:
        return report
    return _child_failed(path, proc.exitcode, killed, started, timeout_s)


def _child_failed(path: str, exitcode: int | None, killed: bool, started: float, timeout_s: float) -> FileReport:
    """The report of a checking child that sent none: it ran out of time, or it crashed."""
    timed_out = killed or exitcode in (-getattr(signal, "SIGPROF", 0), TIMEOUT_EXIT_CODE) or (
        timeout_s > 0 and time.monotonic() - started >= timeout_s)
    if timed_out:
        return unreadable(path, tr("checkcli.timeout", seconds=_seconds(timeout_s)))
    return unreadable(path, tr("checkcli.worker_crashed", code=exitcode))


FORK_ISOLATION = sys.platform == "linux" and hasattr(os, "fork")
"""Check a single file in a plain forked child (Linux, where forking is what multiprocessing does too)."""


def check_forked(path: str, check: CheckFn = check_one, timeout_s: float = DEFAULT_TIMEOUT_S) -> FileReport:
    """Check one file in a forked child; its report comes back as JSON on a pipe (POSIX only).

    The child never returns into the caller's code: it leaves with ``os._exit`` (no buffered
    output flushed twice, no exit handlers). A child that dies, or sends nothing in its time,
    gives the same Vietnamese report as :func:`check_isolated`.
    """
    import select

    receiver, sender = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(receiver)
            _worker_init()
            data = timed_check(path, check, timeout_s).to_json().encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(sender, view):]
        except BaseException:  # whatever happens, the child must not return into the caller's code
            code = 70
        os._exit(code)
    os.close(sender)
    chunks: list[bytes] = []
    deadline = started + hard_limit_s(timeout_s) + 5.0 if timeout_s > 0 else None
    killed = False
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([receiver], [], [], wait)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            chunk = os.read(receiver, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:  # Ctrl+C in the caller: the child goes too
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(receiver)
    _, status = os.waitpid(pid, 0)
    exitcode = os.waitstatus_to_exitcode(status)
    if exitcode == 0 and chunks and not killed:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return FileReport.from_json(b"".join(chunks).decode("utf-8"))
    return _child_failed(path, exitcode, killed, started, timeout_s)


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --- many files --------------------------------------------------------------------------------


def default_jobs() -> int:
    return os.cpu_count() or 1


def chunk_size_for(count: int, workers: int) -> int:
    """About eight chunks per worker (good balance), at most MAX_CHUNK files each."""
    return max(1, min(MAX_CHUNK, count // (workers * 8)))


def check_files(paths: Sequence[str | Path], *, jobs: int | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
                progress: ProgressFn | None = None, check: CheckFn = check_one,
                chunk_size: int | None = None) -> list[FileReport]:
    """Check every file on ``jobs`` processes (default: every core); reports in input order.

    ``progress(done, total)`` is called in the parent after each finished chunk.
    """
    names = [str(p) for p in paths]
    total = len(names)
    results: dict[int, FileReport] = {}

    def finish(index: int, report: FileReport) -> None:
        results[index] = report
        if progress is not None:
            progress(len(results), total)

    if total == 0:
        return []
    workers = max(1, min(jobs or default_jobs(), total))
    if total == 1:
        finish(0, check_isolated(names[0], check, timeout_s))
        return [results[0]]
    import multiprocessing  # a batch: a pool of worker processes

    ctx = multiprocessing.get_context()
    pending = list(range(total))
    while pending:
        size = chunk_size or chunk_size_for(len(pending), workers)
        chunks = [pending[i:i + size] for i in range(0, len(pending), size)]
        if not _run_pool(chunks, names, check, timeout_s, workers, ctx, finish):
            break
        # The pool broke: the chunks that may have been running are suspects; check their files alone.
        unfinished = [chunk for chunk in chunks if any(i not in results for i in chunk)]
        for chunk in unfinished[: workers + 1]:
            for index in chunk:
                if index not in results:
                    finish(index, check_isolated(names[index], check, timeout_s, ctx))
        pending = [i for i in pending if i not in results]
    return [results[i] for i in range(total)]


def _run_pool(chunks: list[list[int]], names: list[str], check: CheckFn, timeout_s: float, workers: int,
              ctx: multiprocessing.context.BaseContext, finish: Callable[[int, FileReport], None]) -> bool:
    """Run the chunks on a fresh pool. True when the pool broke (a worker died)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only a batch needs a pool
    from concurrent.futures.process import BrokenProcessPool

    broken = False
    pool = ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=ctx, initializer=_worker_init)
    try:
        futures = [pool.submit(_check_chunk, [(i, names[i]) for i in chunk], check, timeout_s) for chunk in chunks]
        for future in as_completed(futures):
            try:
                for index, report in future.result():
                    finish(index, report)
            except BrokenProcessPool:
                broken = True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return broken
