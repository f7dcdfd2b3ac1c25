"""tests/data/shared is a byte-for-byte snapshot of ../shared (seeds, NĐ 30 files, spec)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, SHARED

ORIGINAL = ROOT.parent / "shared"
SNAPSHOT_FOLDERS = ("seeds", "reference", "spec", "real-docx", "tools")


def test_snapshot_holds_every_fixture_the_tests_read():
    assert len(list((SHARED / "seeds").glob("*.txt"))) == 5
    assert {p.name for p in (SHARED / "reference" / "nd30").glob("*.docx")} == {"Phuluc1.docx", "Phuluc3.docx"}
    assert (SHARED / "spec" / "layout-rules.md").is_file()


@pytest.mark.skipif(not ORIGINAL.is_dir(), reason="../shared is not beside this checkout")
@pytest.mark.parametrize("folder", SNAPSHOT_FOLDERS)
def test_snapshot_equals_the_shared_folder(folder: str):
    original = {p.relative_to(ORIGINAL / folder): p.read_bytes() for p in (ORIGINAL / folder).rglob("*") if p.is_file()}
    copied = {p.relative_to(SHARED / folder): p.read_bytes() for p in (SHARED / folder).rglob("*") if p.is_file()}
    assert copied == original, f"refresh tests/data/shared/{folder} from ../shared/{folder}"
