"""tests/data/shared is a byte-for-byte snapshot of ../shared (seeds, NĐ 30 files, spec, real offices' files).

The snapshot carries a manifest of SHA-256 sums, so a clean clone (no ../shared beside it) still proves the
snapshot is whole; beside ../shared the snapshot must also equal it (refresh it with tools/refresh_shared.py).
"""

from __future__ import annotations

import hashlib

from tests.conftest import ROOT, SHARED
from tools.refresh_shared import MANIFEST, SNAPSHOT_FOLDERS, manifest_of

ORIGINAL = ROOT.parent / "shared"


def test_snapshot_holds_every_fixture_the_tests_read():
    assert len(list((SHARED / "seeds").glob("*.txt"))) == 5
    assert {p.name for p in (SHARED / "reference" / "nd30").glob("*.docx")} == {"Phuluc1.docx", "Phuluc3.docx"}
    assert (SHARED / "spec" / "layout-rules.md").is_file()
    assert len(list((SHARED / "real-docx").glob("*.docx"))) == 15


def test_snapshot_matches_its_manifest():
    recorded = dict(line.split("  ", 1)[::-1] for line in (SHARED / MANIFEST).read_text("utf-8").splitlines())
    actual = {name: hashlib.sha256((SHARED / name).read_bytes()).hexdigest() for name in recorded}
    assert actual == recorded
    assert set(manifest_of(SHARED)) == set(recorded), "a file was added or removed: run tools/refresh_shared.py"


def test_snapshot_equals_the_shared_folder_when_it_is_beside_the_checkout():
    if not ORIGINAL.is_dir():  # a clean clone alone: the manifest test above is the proof
        assert (SHARED / MANIFEST).is_file()
        return
    assert manifest_of(ORIGINAL) == manifest_of(SHARED), "run tools/refresh_shared.py"
    assert set(SNAPSHOT_FOLDERS) <= {p.name for p in ORIGINAL.iterdir()}
