"""Reading-layer timings: the unzip+parse floor of a .docx versus the full ``open_source``.

``floor_seconds(path)`` is reusable by other benches: the best time to open the package with
the hardened reader and parse every XML part, without walking or resolving formatting.
Run: ``.venv/bin/python bench/bench_check_read.py [files...]`` (default: the NĐ 30 files and
a generated ~50 MB document).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from desktop.core.check.package import Package  # noqa: E402
from desktop.core.check.reader import open_source  # noqa: E402


def best_of(action: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def parse_all_parts(path: Path) -> int:
    with Package(path) as package:
        names = [n for n in package.names() if n.endswith((".xml", ".rels"))]
        for name in names:
            package.xml(name)
        return len(names)


def floor_seconds(path: Path | str, repeat: int = 3) -> float:
    """Best time (s) to open ``path`` safely and parse all its XML parts: the reader's floor."""
    return best_of(lambda: parse_all_parts(Path(path)), repeat)


def read_seconds(path: Path | str, repeat: int = 3) -> float:
    """Best time (s) of the whole ``open_source`` (walk + effective formatting)."""
    return best_of(lambda: open_source(path), repeat)


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv]
    with tempfile.TemporaryDirectory() as tmp:
        if not files:
            from hostile_files import write_big_docx

            nd30 = ROOT / "tests" / "data" / "shared" / "reference" / "nd30"
            files = [nd30 / "Phuluc1.docx", nd30 / "Phuluc3.docx",
                     write_big_docx(Path(tmp) / "big.docx", media_mb=48, paragraphs=30000)]
        print(f"{'file':<16} {'MB':>6} {'blocks':>7} {'floor s':>8} {'read s':>8} {'ratio':>6}")
        for path in files:
            floor = floor_seconds(path)
            full = read_seconds(path)
            blocks = len(open_source(path).blocks)
            size = path.stat().st_size / 1e6
            print(f"{path.name:<16} {size:6.1f} {blocks:7d} {floor:8.3f} {full:8.3f} {full / floor:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
