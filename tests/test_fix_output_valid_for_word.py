"""What `vanban fix` writes is a valid Word document (issue #12 with #15: Office 2010 rules).

Every damaged document of the fixer's acceptance set, once fixed, gives zero validator findings;
a real office's file, whose own XML may already break a rule, gives no finding it did not have.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from desktop.core.fix import fix_file
from desktop.core.word_validation import validate_docx, validate_docx_bytes
from tests.conftest import SHARED
from tests.fixtures_docx import edit_docx_xml
from tests.test_fix_damaged import DAMAGES, rendered  # noqa: F401  (the module fixture)

REAL = sorted((SHARED / "real-docx").glob("*.docx"))


def _kinds(findings) -> Counter:
    """Findings by message: a page number moved from the footer to the header keeps the footer's own
    (LibreOffice-converted, misordered) run properties, and its finding moves part with it."""
    return Counter(f.message for f in findings)


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_a_fixed_damaged_document_is_valid_for_word(rendered, name: str, tmp_path: Path):  # noqa: F811
    spec = DAMAGES[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(edit_docx_xml(rendered[spec.example], spec.edits))
    result = fix_file(path, recheck=False)
    assert result.readable and result.data, result.error
    assert [str(f) for f in validate_docx_bytes(result.data)] == []


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_fixing_a_real_file_adds_no_word_validation_finding(path: Path):
    result = fix_file(path, recheck=False)
    assert result.readable, result.error
    if result.data is None:  # nothing to fix
        return
    added = _kinds(validate_docx_bytes(result.data)) - _kinds(validate_docx(path))
    assert not added, sorted(added)
