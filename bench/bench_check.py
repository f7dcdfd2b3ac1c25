#!/usr/bin/env python3
"""Benchmark of the checker (issue #3). Run: ``.venv/bin/python bench/bench_check.py [--files 1000]``.

1. One check of a seed .docx fixture (tests/fixtures_docx.py, seed 002 in the Word-like style):
   median of many ``check_file`` calls, next to the floor = unzip the file and parse its
   word/document.xml with lxml (median), and their ratio. Target: within 3× the floor. The
   calls are interleaved (check, floor, cold check, parts floor, again …) so load hits all alike;
   "cold" clears the reader's cache of style sheets first, and its floor parses every part a
   formatting check reads (styles.xml of python-docx's template is 8× document.xml).
2. A batch: N drafts rendered from examples/*.json with variations (number, date, summary,
   signer) into a temp folder, then ``desktop.core.check.batch.check_files`` over them on every
   core. Target: 1,000 drafts in under 30 s on 2 cores.

Prints a Markdown table (paste it into bench/check.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from desktop.core.check import check_file  # noqa: E402
from desktop.core.check.batch import check_files  # noqa: E402
from desktop.core.check.package import clear_derived_cache  # noqa: E402
from desktop.core.model import Draft, load_draft  # noqa: E402
from desktop.core.render import render_to_file  # noqa: E402
from desktop.core.schema import validate_draft  # noqa: E402
from tests.fixtures_docx import build_seed_docx  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def interleaved_medians_ms(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median time of each function, run in turn (one of each per round) so load hits all alike."""
    for fn in fns.values():
        fn()  # warm-up: imports, caches
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def floor(path: Path) -> None:
    """The least any checker must do: unzip and parse the document part."""
    with zipfile.ZipFile(path) as package:
        etree.fromstring(package.read("word/document.xml"))


NEEDED_PARTS = ("word/document.xml", "word/styles.xml", "word/theme/theme1.xml", "word/numbering.xml",
                "word/fontTable.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels")


def needed_floor(path: Path) -> None:
    """Unzip and parse every part a check that resolves formatting reads (headers/footers too)."""
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        wanted = [n for n in NEEDED_PARTS if n in names]
        wanted += [n for n in names if n.startswith(("word/header", "word/footer")) and n.endswith(".xml")]
        for name in wanted:
            etree.fromstring(package.read(name))


def cold_check(path: Path) -> None:
    """A check of a file whose style sheet, theme and numbering were never seen before."""
    clear_derived_cache()
    check_file(path)


def complete_examples() -> list[Draft]:
    drafts = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        try:
            draft = load_draft(path)
        except Exception:
            continue
        if not any(p.severity == "error" for p in validate_draft(draft)):
            drafts.append(draft)
    return drafts


def variation(draft: Draft, index: int) -> Draft:
    """The draft with its number, date, summary and signer varied."""
    day = dt.date(2025, 1, 1) + dt.timedelta(days=index % 365)
    signature = dataclasses.replace(draft.signature, name=f"Nguyễn Văn {chr(ord('A') + index % 26)}")
    return dataclasses.replace(draft, number=str(index + 1), date=day.isoformat(),
                               summary=f"{draft.summary} (lần {index + 1})", signature=signature, attachments=[])


def _render_one(job: tuple[dict, int, str]) -> str:
    data, index, folder = job
    draft = variation(Draft.from_dict(data), index)
    return str(render_to_file(draft, Path(folder) / f"vb_{index:04d}_{draft.rule_set}_{draft.doc_type}.docx"))


def render_batch(count: int, folder: Path) -> list[Path]:
    drafts = complete_examples()
    jobs = [(drafts[i % len(drafts)].to_dict(), i, str(folder)) for i in range(count)]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return [Path(p) for p in pool.map(_render_one, jobs, chunksize=16)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--folder", type=Path, default=None,
                        help="render the batch here and reuse it on the next run (default: a temp folder)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        tmp_path = Path(tmp)
        seed = build_seed_docx("002", "word", tmp_path / "seed_002_word.docx")
        one = interleaved_medians_ms({"check": lambda: check_file(seed), "floor": lambda: floor(seed),
                                      "cold": lambda: cold_check(seed), "needed": lambda: needed_floor(seed)},
                                     args.repeat)
        check_ms, floor_ms = one["check"], one["floor"]

        folder = args.folder or tmp_path / "batch"
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        files = sorted(folder.glob("vb_*.docx"))[: args.files]
        if len(files) < args.files:
            files = render_batch(args.files, folder)
        render_s = time.perf_counter() - start
        sample = files[:100]
        start = time.perf_counter()
        for path in sample:
            check_file(path)
        serial_ms = (time.perf_counter() - start) * 1000 / len(sample)
        start = time.perf_counter()
        reports = check_files(files)
        batch_s = time.perf_counter() - start
    unreadable = sum(1 for r in reports if not r.readable)
    print(f"| machine | {cores} cores, Python {sys.version.split()[0]} |")
    print("|---|---|")
    print(f"| one check, seed 002 (Word-like .docx, {seed.name}) | {check_ms:.1f} ms (median of {args.repeat}) |")
    print(f"| floor: unzip + lxml parse of document.xml | {floor_ms:.2f} ms (median of {args.repeat}) |")
    print(f"| ratio check / floor | {check_ms / floor_ms:.1f}× (target ≤ 3×) |")
    print(f"| one check, styles never seen before (derived cache cleared) | {one['cold']:.1f} ms |")
    print(f"| floor of the parts a formatting check reads (document, styles, theme, numbering, "
          f"fontTable, rels, headers) | {one['needed']:.2f} ms |")
    print(f"| ratio cold check / that floor | {one['cold'] / one['needed']:.1f}× |")
    print(f"| rendering the {len(files)} drafts (0 when reused; not a target) | {render_s:.1f} s |")
    print(f"| one rendered draft checked in process (mean of the first {len(sample)}) | {serial_ms:.1f} ms |")
    print(f"| ideal batch time = files × that / cores | {len(files) * serial_ms / cores / 1000:.1f} s |")
    print(f"| `check_files` over {len(files)} drafts, {cores} workers | {batch_s:.1f} s "
          f"({len(files) / batch_s:.0f} files/s; target < 30 s on 2 cores) |")
    print(f"| unreadable in the batch | {unreadable} |")
    print(f"| load average (1 min) at the end | {os.getloadavg()[0]:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
