#!/usr/bin/env python3
"""Benchmark of ``vanban fix`` (issue #12). Run: ``.venv/bin/python bench/bench_fix.py [--iterations 15]``.

A 20-page state thông báo (examples/state_thong_bao.json, its body repeated to 20 pages of
14 pt text, as LibreOffice counts them), damaged the way clerks' files are: margins out of
range, the date line's month with a zero, the number spaced, the body in Arial, the signer's
name not bold. Timed interleaved, call by call, so load hits all alike:

- ``check``: ``check_file`` of the damaged file (what the fix is measured against);
- ``fix``: ``fix_file(..., recheck=False)`` — read, every unit, the package written to bytes;
- ``fix+recheck``: ``fix_file`` as the CLI runs it (the result checked again to list what is left).

Target: fixing within 3× the time to check. Prints a Markdown table (paste it into bench/README.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.check import check_file  # noqa: E402
from desktop.core.fix import fix_file  # noqa: E402
from desktop.core.model import load_draft  # noqa: E402
from desktop.core.render import render_bytes  # noqa: E402
from tests.fixtures_docx import edit_docx_xml  # noqa: E402
from tests.test_fix_damaged import DOC, arial_body, retext, run_prop, sect_attr  # noqa: E402

BODY_REPEAT = 95
"""Body blocks repeated: 95 × 3 + 1 paragraphs give 20 A4 pages (counted once with LibreOffice)."""


def twenty_pages() -> bytes:
    draft = load_draft(ROOT / "examples" / "state_thong_bao.json")
    body = list(draft.body)
    long_body = body[:-1] * BODY_REPEAT + body[-1:]
    data = render_bytes(dataclasses.replace(draft, body=long_body))

    def damage(root) -> None:
        sect_attr("pgMar", {"left": "1134", "right": "1418"})(root)
        retext("VBPlaceDate", "tháng 6", "tháng 06")(root)
        retext("VBNumber", "/", " / ")(root)
        arial_body(root)
        run_prop("VBSignerName", "b", {"val": "0"})(root)

    return edit_docx_xml(data, {DOC: damage})


def pages(path: Path) -> int | None:
    """Pages as LibreOffice lays them out (None without LibreOffice)."""
    import subprocess

    from desktop.core import office

    if office.find_soffice() is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        pdf = office.docx_to_pdf(path, Path(folder))
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    return next((int(line.split()[-1]) for line in out.splitlines() if line.startswith("Pages:")), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--count-pages", action="store_true")
    parser.add_argument("--file", type=Path, default=None, help="a .docx of your own instead of the 20 pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "twenty pages.docx"
        path.write_bytes(args.file.read_bytes() if args.file else twenty_pages())
        if args.count_pages:
            print(f"pages: {pages(path)}")
        calls = {
            "check": lambda: check_file(path),
            "fix": lambda: fix_file(path, recheck=False),
            "fix+recheck": lambda: fix_file(path),
        }
        first = fix_file(path)
        assert first.readable and first.changes, first.error
        times: dict[str, list[float]] = {name: [] for name in calls}
        for fn in calls.values():
            fn()  # warm-up
        for _ in range(args.iterations):
            for name, fn in calls.items():
                start = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - start) * 1000)
        med = {name: statistics.median(values) for name, values in times.items()}
        ratios = {name: statistics.median(a / b for a, b in zip(times[name], times["check"], strict=True))
                  for name in ("fix", "fix+recheck")}
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"changes made: {len(first.changes)}; file {path.stat().st_size // 1024} KB; load {load:.2f}; "
              f"{args.iterations} interleaved rounds")
        print("| call | median | / check (median of per-round ratios) |")
        print("|---|---|---|")
        for name in calls:
            ratio = f"{ratios[name]:.2f}×" if name in ratios else "1×"
            print(f"| {name} | {med[name]:.1f} ms | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
