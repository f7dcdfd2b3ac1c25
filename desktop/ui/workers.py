"""Long work off the GUI thread: exact preview, PDF export, batch check of a folder, import of a .docx.

A :class:`Job` runs a plain function in Qt's thread pool and reports back through
signals (progress, done, failed) that arrive on the GUI thread. Errors become their
Vietnamese message; the window never freezes and never shows a traceback.
"""

from __future__ import annotations

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
            self.signals.failed.emit(exc.message)
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
    """Export a PDF next to nothing temporary: render, convert, move into place atomically."""
    from desktop.core import office, render
    from desktop.core.atomic import atomic_write_bytes

    progress(0, 2)
    with tempfile.TemporaryDirectory(prefix="vanban-pdf-") as tmp:
        docx = render.render_to_file(draft, Path(tmp) / f"{Path(target).stem}.docx")
        progress(1, 2)
        pdf = office.docx_to_pdf(docx, Path(tmp))
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
    from desktop.core.check import check_file

    progress(0, 1)
    report = check_file(path)
    progress(1, 1)
    return report


@dataclass
class LoadedDraft:
    """A draft read off the GUI thread, vetted whole, with its page laid out and its problems
    listed, so the window only has to show it."""

    draft: Draft
    layout: Any
    problems: list[Any]


def import_one(path: Path, *, progress: Progress) -> LoadedDraft:
    """Read a .docx (checked, then imported) into a vetted Draft, off the GUI thread."""
    from desktop.core.check.importer import import_docx
    from desktop.core.layout import layout_draft
    from desktop.core.schema import validate_draft
    from desktop.ui.guards import vet_draft

    progress(0, 3)
    draft = import_docx(path)
    progress(1, 3)
    draft = vet_draft(draft, str(path))
    progress(2, 3)
    loaded = LoadedDraft(draft, layout_draft(draft), validate_draft(draft))
    progress(3, 3)
    return loaded
