"""Every hostile draft (tests/hostile_drafts.py) ends as a Vietnamese message and an exit code:
``vanban validate`` (2 unreadable, 1 malformed or invalid), ``vanban render`` (non-zero, nothing
written, no temporary file left) and ``load_draft`` (UnreadableInputError, or a Draft whose every
field has its declared type) — never TypeError, AttributeError, RecursionError or a traceback."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import EXIT_PROBLEMS, EXIT_UNREADABLE, UnreadableInputError
from desktop.core.model import Draft, load_draft
from tests.hostile_drafts import KINDS, hostile_draft_names, hostile_drafts, write_hostile_draft

VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
UNREADABLE = hostile_draft_names("unreadable")
MALFORMED = hostile_draft_names("malformed")
INVALID = hostile_draft_names("invalid")


def _well_typed(value: object, hint: object) -> bool:
    """Whether a built dataclass holds only what its fields declare (str, bool, int, lists, nested)."""
    if dataclasses.is_dataclass(value):
        hints = {f.name: f.type for f in dataclasses.fields(value)}
        return all(_well_typed(getattr(value, name), kind) for name, kind in hints.items())
    if isinstance(value, list):
        return all(_well_typed(item, None) for item in value)
    return value is None or isinstance(value, (str, bool, int))


def test_the_set_covers_each_kind_and_every_case_is_bytes():
    cases = hostile_drafts()
    assert {kind for _name, _data, kind in cases} == set(KINDS)
    assert len({name for name, _data, _kind in cases}) == len(cases)
    assert all(isinstance(data, bytes) for _name, data, _kind in cases)
    assert len(UNREADABLE) >= 15 and len(MALFORMED) >= 20 and len(INVALID) >= 15


@pytest.mark.parametrize("name", UNREADABLE + MALFORMED)
def test_load_draft_refuses_with_a_vietnamese_message(name: str, tmp_path: Path):
    path = write_hostile_draft(name, tmp_path)
    with pytest.raises(UnreadableInputError) as info:
        load_draft(path)
    message = info.value.message
    assert VIETNAMESE.search(message) and "Traceback" not in message
    assert info.value.exit_code == EXIT_UNREADABLE


@pytest.mark.parametrize("name", MALFORMED)
def test_a_wrong_shape_is_named_by_its_field_path(name: str, tmp_path: Path):
    with pytest.raises(UnreadableInputError) as info:
        load_draft(write_hostile_draft(name, tmp_path))
    assert "có cấu trúc không đúng: trường «" in info.value.message


@pytest.mark.parametrize(("name", "field"), [
    ("signature_null", "«signature» phải là đối tượng (nhóm trường), đang là để trống (null)"),
    ("run_text_number", "«body[0].runs[0].text» phải là chuỗi chữ, đang là số nguyên"),
    ("attachment_signature_name_list", "«attachments[0].signature.name» phải là chuỗi chữ, đang là danh sách"),
    ("recipient_item_null", "«recipients.others[0]» phải là chuỗi chữ"),
])
def test_the_path_reaches_the_deepest_wrong_value(name: str, field: str, tmp_path: Path):
    with pytest.raises(UnreadableInputError) as info:
        load_draft(write_hostile_draft(name, tmp_path))
    assert field in info.value.message


@pytest.mark.parametrize("name", INVALID)
def test_load_draft_opens_an_invalid_draft_with_every_field_of_its_type(name: str, tmp_path: Path):
    draft = load_draft(write_hostile_draft(name, tmp_path))
    assert isinstance(draft, Draft) and _well_typed(draft, Draft)


@pytest.mark.parametrize(("name", "message"), [
    ("not_json", "không phải JSON hợp lệ"),
    ("not_utf8_latin1", "không phải văn bản UTF-8"),
    ("array_root", "cần một đối tượng JSON {…}, đang là danh sách"),
    ("nan_copies", "NaN, không phải số hợp lệ"),
    ("float_overflow", "1e999, không phải số hợp lệ"),
    ("integer_5000_digits", "một số dài hàng nghìn chữ số"),
    ("duplicate_key", "trường «issuer» ghi hai lần"),
    ("deep_arrays_10000", "lồng nhau quá sâu"),
    ("lone_surrogate", "nửa cặp UTF-16) ở trường «place»"),
    ("too_large", "quá lớn (giới hạn 20 MB)"),
    ("runs_1200000", "có hơn 1000000 nhóm dữ liệu"),
])
def test_each_unreadable_file_says_why(name: str, message: str, tmp_path: Path):
    with pytest.raises(UnreadableInputError) as info:
        load_draft(write_hostile_draft(name, tmp_path))
    assert message in info.value.message


@pytest.mark.parametrize("name", UNREADABLE + MALFORMED + INVALID)
def test_vanban_validate_gives_an_exit_code_and_vietnamese_never_a_traceback(name: str, tmp_path: Path, capsys):
    path = write_hostile_draft(name, tmp_path)
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if name in UNREADABLE:
        assert code == EXIT_UNREADABLE
        assert err.startswith("Không đọc được") or VIETNAMESE.search(err), err
    else:
        assert code == EXIT_PROBLEMS, out
        assert out.startswith(f"«{path}»: ") and " lỗi, " in out


@pytest.mark.parametrize("name", UNREADABLE + MALFORMED + INVALID)
def test_vanban_render_writes_nothing_and_leaves_no_temporary_file(name: str, tmp_path: Path, capsys):
    source = write_hostile_draft(name, tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    # An invalid draft is refused by --skip-incomplete; the unreadable and malformed ones by plain render.
    extra = ["--skip-incomplete"] if name in INVALID else []
    code = main(["render", str(source), "-o", str(out_dir / "ket_qua.docx"), *extra])
    out, err = capsys.readouterr()
    assert code == (EXIT_PROBLEMS if name in INVALID else EXIT_UNREADABLE)
    assert list(out_dir.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, "out"])
    assert "Traceback" not in out + err and VIETNAMESE.search(err)
