#!/usr/bin/env python3
"""Copy ../shared's test material into tests/data/shared and write its SHA-256 manifest.

    python tools/refresh_shared.py        # after ../shared changed
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "data" / "shared"
SNAPSHOT_FOLDERS = ("seeds", "reference", "spec", "real-docx", "tools")
MANIFEST = "MANIFEST.sha256"


def manifest_of(top: Path) -> dict[str, str]:
    """Relative path (POSIX) -> SHA-256 of every file of the snapshot folders under ``top``."""
    sums = {}
    for folder in SNAPSHOT_FOLDERS:
        for path in sorted((top / folder).rglob("*")):
            if path.is_file():
                sums[path.relative_to(top).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def refresh(original: Path) -> None:
    for folder in SNAPSHOT_FOLDERS:
        shutil.rmtree(SNAPSHOT / folder, ignore_errors=True)
        shutil.copytree(original / folder, SNAPSHOT / folder)
    lines = [f"{digest}  {name}" for name, digest in manifest_of(SNAPSHOT).items()]
    (SNAPSHOT / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    refresh(source)
    print(f"tests/data/shared refreshed from {source}")
