#!/usr/bin/env python3
"""One cold ``vanban check FILE`` process against a cold Python process that unzips and parses every
word/*.xml part of the same file (issue #16: within 2×). Run:
``.venv/bin/python bench/bench_check_cold.py [--rounds 15] [FILE]``.

Both are fresh interpreters started the same way (``python -m desktop.cli check FILE`` and
``python -c …``), run in turn round after round (interleaved) so load hits both alike; the
figure is the ratio of the medians. Bytecode caching is on for both (``PYTHONDONTWRITEBYTECODE``
removed), as in an installed program. Without FILE, seed 002 in the Word-like style
(tests/fixtures_docx.py) is built in a temporary folder. ``--importtime`` also prints the slowest
imports of one check process (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = (
    "import sys, zipfile\n"
    "from lxml import etree\n"
    "with zipfile.ZipFile(sys.argv[1]) as z:\n"
    "    for name in z.namelist():\n"
    "        if name.startswith('word/') and name.endswith('.xml'):\n"
    "            etree.fromstring(z.read(name))\n"
)


def environment(tree: Path = ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    return env


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one process, started in the checkout it runs (``-m`` puts the current folder first)."""
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   cwd=env["PYTHONPATH"])
    return (time.perf_counter() - start) * 1000


def slowest_imports(path: Path, env: dict[str, str], count: int = 15) -> list[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop.cli", "check", str(path)], env=env,
                          capture_output=True, text=True, cwd=ROOT)
    rows = [line for line in done.stderr.splitlines() if line.startswith("import time:") and "|" in line]
    rows = [r for r in rows if r.split("|")[1].strip().isdigit()]
    return sorted(rows, key=lambda r: -int(r.split("|")[1]))[:count]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--also", type=Path, metavar="TREE",
                        help="also time `vanban check` of another checkout (e.g. before a change), interleaved")
    args = parser.parse_args()
    env = environment()
    with tempfile.TemporaryDirectory() as folder:
        path = args.file
        if path is None:
            from tests.fixtures_docx import build_seed_docx

            path = build_seed_docx("002", "word", Path(folder) / "seed002.docx")
        runs = {
            "vanban check FILE": [sys.executable, "-m", "desktop.cli", "check", str(path)],
            "python: unzip + parse word/*.xml": [sys.executable, "-c", FLOOR, str(path)],
            "python: empty interpreter": [sys.executable, "-c", "pass"],
        }
        envs = dict.fromkeys(runs, env)
        if args.also:
            name = f"vanban check FILE ({args.also})"
            runs[name], envs[name] = runs["vanban check FILE"], environment(args.also)
        for name, argv in runs.items():  # warm-up: bytecode caches written, files in the page cache
            timed(argv, envs[name])
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, argv in runs.items():
                times[name].append(timed(argv, envs[name]))
        medians = {name: statistics.median(values) for name, values in times.items()}
        load = os.getloadavg()[0]
        print(f"file: {path.name}, {args.rounds} interleaved rounds, load average {load:.1f}\n")
        print("| process | median | min |")
        print("|---|---|---|")
        for name, values in times.items():
            print(f"| {name} | {medians[name]:.0f} ms | {min(values):.0f} ms |")
        ratio = medians["vanban check FILE"] / medians["python: unzip + parse word/*.xml"]
        print(f"\nratio check / floor: **{ratio:.2f}×** (target ≤ 2×)")
        if args.also:
            other = medians[f"vanban check FILE ({args.also})"] / medians["python: unzip + parse word/*.xml"]
            print(f"ratio check of {args.also} / floor: {other:.2f}×")
        if args.importtime:
            print("\nslowest imports (cumulative µs):")
            for row in slowest_imports(path, env):
                print("   ", row)


if __name__ == "__main__":
    main()
