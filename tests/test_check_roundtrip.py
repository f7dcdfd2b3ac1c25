"""Round trip of every complete example: render → check finds nothing; import(render(d)) == d.

Complete examples are examples/*.json that validate without errors (desktop.core.schema).
Both sides go through :func:`desktop.core.check.importer.normalize_for_roundtrip` (NFC; the
closing sentence printed as body text; heading1, agency, authority and title lines in the
capitals the rules print; the name in title case; runs with the same formatting merged; bold
inside a bold style not stored; number padding; 'V/v'; recipient punctuation).

Two fields are not in the reader's blocks: the reader reads page headers and footers only for
page numbers, so the contact line (footer, B.1/B.2 ô 13) and the Party draft marker (page
header, B.1 ô 11b) never reach ``import_source``. ``import_docx`` reads them from those parts
itself; they are compared apart, through ``import_docx``.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from desktop.core.check import check_file
from desktop.core.check.importer import import_source, normalize_for_roundtrip
from desktop.core.check.reader import open_source
from desktop.core.model import Draft, load_draft
from desktop.core.render import render_to_file
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES

NOT_IN_BLOCKS = ("contact", "draft_marker")
"""Extras printed in page headers/footers, which the reader does not expose as blocks."""


def complete_examples() -> list[Path]:
    out = []
    for path in sorted(EXAMPLES.glob("*.json")):
        try:
            draft = load_draft(path)
        except Exception:  # profiles or other JSON that is not a draft
            continue
        if not any(p.severity == "error" for p in validate_draft(draft)):
            out.append(path)
    return out


EXAMPLE_PATHS = complete_examples()
IDS = [p.stem for p in EXAMPLE_PATHS]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("roundtrip")
    return {p.stem: render_to_file(load_draft(p), folder / f"{p.stem}.docx") for p in EXAMPLE_PATHS}


def without_page_furniture(draft: Draft) -> Draft:
    for d in [draft, *draft.attachments]:
        for name in NOT_IN_BLOCKS:
            setattr(d.extras, name, "")
    return draft


def readable_diff(want: Draft, got: Draft) -> str:
    a = json.dumps(want.to_dict(), ensure_ascii=False, indent=1).splitlines()
    b = json.dumps(got.to_dict(), ensure_ascii=False, indent=1).splitlines()
    return "\n".join(difflib.unified_diff(a, b, "draft", "import(render(draft))", lineterm="", n=2))


def test_there_are_complete_examples_of_both_systems():
    assert len(EXAMPLE_PATHS) >= 14
    assert {load_draft(p).rule_set for p in EXAMPLE_PATHS} == {"party_hd36", "state_nd30"}


@pytest.mark.parametrize("path", EXAMPLE_PATHS, ids=IDS)
def test_render_then_check_finds_no_error_and_no_warning(rendered, path: Path):
    report = check_file(rendered[path.stem])
    assert report.readable, report.error
    problems = [(d.doc_type, f.severity, f.code, f.where, f.message) for d in report.documents for f in d.findings
                if f.severity in ("error", "warning")]
    assert problems == []


@pytest.mark.parametrize("path", EXAMPLE_PATHS, ids=IDS)
def test_import_of_render_gives_the_draft_back(rendered, path: Path):
    want = without_page_furniture(normalize_for_roundtrip(load_draft(path)))
    got = without_page_furniture(normalize_for_roundtrip(import_source(open_source(rendered[path.stem]), None)))
    assert got.to_dict() == want.to_dict(), "\n" + readable_diff(want, got)


def test_import_with_the_checkers_reports_gives_the_same_draft(rendered):
    """import_docx (reader + check_source + importer) agrees with the report-free import."""
    from desktop.core.check.importer import import_docx

    for stem in ("party_thong_bao", "state_cong_van"):
        via_reports = normalize_for_roundtrip(import_docx(rendered[stem]))
        plain = normalize_for_roundtrip(import_source(open_source(rendered[stem]), None))
        assert via_reports.to_dict() == plain.to_dict(), readable_diff(plain, via_reports)


@pytest.mark.parametrize("field", NOT_IN_BLOCKS)
def test_page_header_and_footer_extras_come_back_through_import_docx(tmp_path: Path, field: str):
    """Not in the reader's blocks, but import_docx reads them from the header/footer parts.

    No complete example sets them, so the renderer's own test drafts are used (both set both).
    """
    from desktop.core.check.importer import import_docx
    from tests.render_helpers import party_thong_bao

    draft = party_thong_bao()
    assert getattr(draft.extras, field)
    path = render_to_file(draft, tmp_path / "furniture.docx")
    assert getattr(import_source(open_source(path), None).extras, field) == ""  # the blocks do not carry it
    assert getattr(import_docx(path).extras, field) == getattr(draft.extras, field)


@pytest.mark.parametrize("maker", ["party_thong_bao", "state_cong_van", "state_quyet_dinh", "party_with_copy"])
def test_renderer_test_drafts_round_trip_in_full_through_import_docx(tmp_path: Path, maker: str):
    """The renderer's own test drafts (extras, copy block, several addressees, legal bases): no field left out."""
    from desktop.core.check.importer import import_docx
    from tests import render_helpers

    draft = getattr(render_helpers, maker)()
    path = render_to_file(draft, tmp_path / f"{maker}.docx")
    want, got = normalize_for_roundtrip(draft), normalize_for_roundtrip(import_docx(path))
    assert got.to_dict() == want.to_dict(), "\n" + readable_diff(want, got)
