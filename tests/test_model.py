"""The draft model: JSON round trip, NFC, versions, unreadable files (exit 2)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from desktop.core.errors import UnreadableInputError
from desktop.core.model import SCHEMA_VERSION, Draft, Paragraph, Run, load_draft, save_draft


def test_json_round_trip_keeps_every_field(tmp_path):
    draft = Draft(
        issuer="VĂN PHÒNG", summary="về <việc> & {{ x }}", body=[Paragraph("heading1", [Run("Một", bold=True)])]
    )
    path = tmp_path / "d.json"
    save_draft(draft, path)
    assert load_draft(path) == draft


def test_nfd_text_is_stored_nfc(tmp_path):
    path = tmp_path / "d.json"
    nfd = unicodedata.normalize("NFD", "THÀNH ỦY HÀ NỘI")
    path.write_text(json.dumps({"schema_version": 1, "issuer": nfd, "addressees": [nfd]}), encoding="utf-8")
    draft = load_draft(path)
    assert draft.issuer == "THÀNH ỦY HÀ NỘI" and draft.addressees == ["THÀNH ỦY HÀ NỘI"]


def test_paragraph_text_shorthand(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"schema_version": 1, "body": [{"style": "dash", "text": "Một"}]}), encoding="utf-8")
    assert load_draft(path).body == [Paragraph("dash", [Run("Một")])]


def test_newer_schema_version_is_refused_with_a_vietnamese_message(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}), encoding="utf-8")
    with pytest.raises(UnreadableInputError) as info:
        load_draft(path)
    assert "phiên bản" in info.value.message and info.value.exit_code == 2


@pytest.mark.parametrize(
    ("content", "word"),
    [(b"{not json", "JSON"), (b"\xff\xfe\x00garbage", "UTF-8"), (b"[1, 2]", "đối tượng")],
)
def test_broken_files_give_a_clear_message(tmp_path, content, word):
    path = tmp_path / "d.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableInputError) as info:
        load_draft(path)
    assert word in info.value.message


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(UnreadableInputError) as info:
        load_draft(tmp_path / "không-có.json")
    assert "không-có.json" in info.value.message
