"""Long work off the GUI thread: exact preview, PDF export, batch check of a folder, import of a .docx.

A :class:`Job` runs a plain function in Qt's thread pool and reports back through
signals (progress, done, failed) that arrive on the GUI thread. Errors become their
Vietnamese message; the window never freezes and never shows a traceback.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.core.errors import VanBanError
from desktop.core.i18n import tr
from desktop.core.model import Draft

Progress = Callable[[int, int], None]


class JobSignals(QObject):
    progress = Signal(int, int)  # done, total
    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """``fn(*args, progress=callback)`` in a worker thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn, self.args = fn, args
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, progress=self.signals.progress.emit)
        except VanBanError as exc:
            from desktop.ui.guards import write_message

            self.signals.failed.emit(write_message(exc))
        except OSError as exc:  # disk full, a dropped share: said in words, not as a bug
            from desktop.ui.guards import os_reason

            where = tr("editor.worker.where", path=exc.filename) if exc.filename else ""
            self.signals.failed.emit(tr("editor.worker.os_failed", where=where, reason=os_reason(exc)))
        except Exception as exc:  # a bug must not kill the window: report it in words
            traceback.print_exc()
            self.signals.failed.emit(tr("ui.error.unexpected", reason=f"{type(exc).__name__}: {exc}"))
        else:
            self.signals.done.emit(result)


class JobRunner(QObject):
    """Starts jobs and keeps them alive until they finish; ``busy`` tells the status bar."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.running: set[Job] = set()

    def start(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
              on_failed: Callable[[str], None], on_progress: Progress | None = None) -> Job:
        job = Job(fn, *args)
        job.setAutoDelete(False)
        job.signals.done.connect(on_done)
        job.signals.failed.connect(on_failed)
        if on_progress is not None:
            job.signals.progress.connect(on_progress)
        job.signals.done.connect(lambda _r, j=job: self._finished(j))
        job.signals.failed.connect(lambda _m, j=job: self._finished(j))
        self.running.add(job)
        self.busy_changed.emit(True)
        self.pool.start(job)
        return job

    def _finished(self, job: Job) -> None:
        self.running.discard(job)
        self.busy_changed.emit(bool(self.running))

    def wait(self, msecs: int = 60000) -> bool:
        return self.pool.waitForDone(msecs)


# --- the jobs themselves (plain functions, testable without threads) --------------------


def exact_pages(draft: Draft, out_dir: Path, dpi: int = 96, *, progress: Progress) -> list[Path]:
    """The draft as LibreOffice prints it: .docx → PDF → one PNG per page."""
    from desktop.core import office, render

    progress(0, 3)
    docx = render.render_to_file(draft, Path(out_dir) / "preview.docx")
    progress(1, 3)
    pdf = office.docx_to_pdf(docx, Path(out_dir))
    progress(2, 3)
    pages = office.pdf_to_pngs(pdf, Path(out_dir) / "page", dpi)
    progress(3, 3)
    return pages


def export_pdf(draft: Draft, target: Path, *, progress: Progress) -> Path:
    """Export a PDF next to nothing temporary: render, convert (Word, else LibreOffice), move into place atomically."""
    from desktop.core import pdf_export, render
    from desktop.core.atomic import atomic_write_bytes

    progress(0, 2)
    with tempfile.TemporaryDirectory(prefix="vanban-pdf-") as tmp:
        docx = render.render_to_file(draft, Path(tmp) / f"{Path(target).stem}.docx")
        progress(1, 2)
        pdf = Path(tmp) / "export.pdf"
        pdf_export.docx_to_pdf(docx, pdf)
        atomic_write_bytes(Path(target), pdf.read_bytes())
    progress(2, 2)
    return Path(target)


CHECKABLE = (".docx", ".doc", ".odt")


def check_folder(folder: Path, *, progress: Progress) -> list[Any]:
    """Check every document in a folder (not recursive); one FileReport per file."""
    from desktop.core.check import check_file

    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in CHECKABLE and not p.name.startswith("~$"))
    reports = []
    for index, path in enumerate(files):
        progress(index, len(files))
        reports.append(check_file(path))
    progress(len(files), len(files))
    return reports


def check_one(path: Path, *, progress: Progress) -> Any:
    """Check one document in a process of its own (spawned: never a fork of the Qt process), so
    its XML parsing never holds this process's interpreter and the window keeps answering."""
    from desktop.core.check.batch import check_isolated

    progress(0, 1)
    report = check_isolated(str(path), context=multiprocessing.get_context("spawn"))
    progress(1, 1)
    return report


IMPORT_MEMORY_BYTES = 2 * 1024**3
"""Address space an import may use (POSIX): a .docx that needs more is refused in words, well
below what a clerk's machine has, instead of swapping it to a halt."""
IMPORT_TIMEOUT_S = 600.0


class WorkerFailed(VanBanError):
    """A message already in Vietnamese, from a worker process."""

    def __init__(self, message: str) -> None:
        super().__init__("editor.worker.failed", message=message)


def _import_child(conn: Any, path: str) -> None:
    """In a process of its own: read the .docx (the heavy XML parsing) and send the draft back as
    JSON, or ("error", a Vietnamese message)."""
    try:
        if os.name != "nt":
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = IMPORT_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(hard, IMPORT_MEMORY_BYTES)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        from desktop.core.check.importer import import_docx

        conn.send(("ok", import_docx(Path(path)).to_json()))
    except VanBanError as exc:
        conn.send(("error", exc.message))
    except MemoryError:
        conn.send(("error", tr("editor.import.too_big", path=path, limit=IMPORT_MEMORY_BYTES // 1024**2)))
    except Exception as exc:  # a bug must not reach the window as a traceback
        conn.send(("error", tr("ui.error.unexpected", reason=f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def import_docx_isolated(path: Path) -> Draft:
    """The draft read from a .docx by a separate process: its XML parsing never holds this
    process's interpreter (the window keeps answering) and its memory is bounded and given back."""
    ctx = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_import_child, args=(sender, str(path)), daemon=True)
    proc.start()
    sender.close()
    answer: tuple[str, str] | None = None
    try:
        if receiver.poll(IMPORT_TIMEOUT_S):
            answer = receiver.recv()
    except (EOFError, OSError):
        answer = None
    finally:
        receiver.close()
    proc.join(5.0)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if answer is None:
        raise WorkerFailed(tr("editor.import.crashed", path=str(path), code=proc.exitcode))
    kind, value = answer
    if kind != "ok":
        raise WorkerFailed(value)
    return Draft.from_dict(json.loads(value))


@dataclass
class LoadedDraft:
    """A draft read off the GUI thread, vetted whole, with its page laid out and its problems
    listed, so the window only has to show it."""

    draft: Draft
    layout: Any
    problems: list[Any]
    snapshot: str  # the draft's JSON: the start of the undo history


def import_one(path: Path, *, progress: Progress) -> LoadedDraft:
    """Read a .docx (checked, then imported, in a process of its own) into a vetted Draft, laid
    out and validated, off the GUI thread."""
    from desktop.core.layout import layout_draft
    from desktop.core.schema import validate_draft
    from desktop.ui.guards import vet_draft

    progress(0, 3)
    draft = import_docx_isolated(Path(path))
    progress(1, 3)
    draft = vet_draft(draft, str(path))
    progress(2, 3)
    loaded = LoadedDraft(draft, layout_draft(draft), validate_draft(draft), draft.to_json())
    progress(3, 3)
    return loaded
