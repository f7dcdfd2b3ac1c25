"""Validation is as strict as the checker: every text field has a length limit and a character class
(no control, bidi or invisible characters), lists are bounded, attachments nest three deep at most,
and a new, empty form lists every missing part instead of saying "Biểu mẫu không có lỗi"."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import UnreadableInputError
from desktop.core.model import Draft, Paragraph, Run
from desktop.core.profile import parse_profile
from desktop.core.schema import has_errors, load_schema, validate_draft
from tests.conftest import EXAMPLES
from tests.hostile_drafts import base_draft, hostile_draft, mutated, write_hostile_draft


def errors_of(data) -> dict[str, str]:
    return {p.field: p.message for p in validate_draft(data) if p.severity == "error"}


def test_the_example_stays_valid():
    assert not has_errors(validate_draft(base_draft()))


@pytest.mark.parametrize(("name", "field", "words"), [
    ("bidi_override_name", "signature.name", ["«Người ký › Họ tên»", "đảo chiều chữ (U+202E)", "ký tự thứ 8"]),
    ("bidi_isolate_place", "place", ["«Địa danh»", "(U+2066)", "ký tự thứ 1"]),
    ("bidi_in_body", "body[0].runs[0].text", ["đảo chiều chữ (U+202E)"]),
    ("control_chars_issuer", "issuer", ["«Tên cơ quan ban hành»", "ký tự điều khiển (U+0007)", "ký tự thứ 4"]),
    ("c1_control_place", "place", ["ký tự điều khiển (U+0085)"]),
    ("zero_width_agency_code", "agency_code", ["ký tự vô hình (U+200B)", "ký tự thứ 3"]),
    ("bom_in_name", "signature.name", ["ký tự vô hình (U+FEFF)", "ký tự thứ 1"]),
    ("newline_in_place", "place", ["phải viết trên một dòng", "(U+000A)"]),
    ("place_5000_chars", "place", ["«Địa danh» quá dài (tối đa 60 ký tự)"]),
    ("summary_2mb", "summary", ["«Trích yếu» quá dài (tối đa 1000 ký tự)"]),
    ("run_text_2mb", "body[0].runs[0].text", ["quá dài (tối đa 20000 ký tự)"]),
    ("too_many_paragraphs", "body", ["«Nội dung» có quá nhiều mục (tối đa 5000)"]),
    ("too_many_recipients", "recipients.others", ["quá nhiều mục (tối đa 200)"]),
    ("attachments_4_deep", "attachments[0].attachments[0].attachments[0].attachments",
     ["chỉ được lồng tối đa ba tầng"]),
])
def test_each_hostile_value_is_one_error_naming_its_field(name: str, field: str, words: list[str], tmp_path: Path,
                                                          capsys):
    import json

    data = json.loads(hostile_draft(name)[0])
    errors = errors_of(data)
    assert field in errors, errors
    for word in words:
        assert word in errors[field]
    assert len(errors) == 1, errors  # only the hostile part: the rest of the example is valid
    assert main(["validate", str(write_hostile_draft(name, tmp_path))]) == 1
    assert words[0] in capsys.readouterr().out


def test_one_problem_per_field_even_when_it_is_long_and_dirty():
    data = mutated(lambda d: d.update(place="Hà\x07Nội" * 100))
    assert [p.field for p in validate_draft(data) if p.severity == "error"] == ["place"]


def test_line_breaks_and_tabs_are_allowed_where_the_text_runs_on():
    data = mutated(lambda d: d.update(issuer="BAN TUYÊN GIÁO\nTỈNH ỦY", summary="về việc\nthứ hai"))
    data["body"][0]["runs"][0]["text"] = "Cột một\tcột hai\ndòng mới"
    assert not has_errors(validate_draft(data))


def test_vietnamese_text_and_usual_punctuation_pass_the_character_classes():
    data = mutated(lambda d: d.update(place="Thừa Thiên Huế", issuer="SỞ NỘI VỤ – VĂN PHÒNG “A”",
                                      summary="về việc triển khai Nghị quyết số 15-NQ/TW (lần 2); năm 2026…"))
    data["signature"]["name"] = "Nguyễn Thị Thu Hà"
    assert not has_errors(validate_draft(data))


def test_every_text_field_of_both_schemas_has_a_length_limit_and_a_character_class():
    import re

    def walk(node, path, found):
        if isinstance(node, dict):
            if node.get("type") == "string" and "enum" not in node and not path.endswith(("date", "number")):
                found.append((path, node))
            for key, value in node.items():
                walk(value, f"{path}/{key}", found)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}/{index}", found)
        return found

    checked = 0
    for name in ("draft", "profile"):
        schema = load_schema(name)
        for path, node in walk(schema["properties"], "", []) + walk(schema.get("$defs", {}), "#", []):
            if any(part in path for part in ("/then/", "/allOf/", "/if")):  # conditions on a limited field
                continue
            assert "maxLength" in node and "pattern" in node, (name, path)
            for refused in ("\u202e", "\u2066", "\x07", "\x00", "\x85", "\ud800"):
                assert not re.search(node["pattern"], f"Hà{refused}Nội"), (name, path, refused)
            if "(?![\\s\\S]*[" in node["pattern"]:  # a text field: the class refuses, Vietnamese passes
                assert re.search(node["pattern"], "Ủy ban nhân dân – “Hà Nội” (2026)…")
            else:  # a code of a fixed form (an identifier, a date, a mã định danh): anchored at both ends
                assert node["pattern"].startswith("^") and node["pattern"].endswith("$"), (name, path)
            checked += 1
    assert checked >= 40


def test_a_new_empty_draft_lists_the_missing_parts():
    problems = {p.field for p in validate_draft(Draft()) if p.severity == "error"}
    assert {"issuer", "agency_code", "place", "summary", "body", "signature.position", "signature.name",
            "recipients.archive"} <= problems


def test_blank_text_counts_as_missing():
    import json

    errors = errors_of(json.loads(hostile_draft("blank_strings")[0]))
    for field in ("issuer", "agency_code", "place", "summary", "signature.position", "signature.name",
                  "recipients.archive", "body"):
        assert field in errors, (field, errors)
    assert "«Địa danh» đang để trống" in errors["place"] or "Địa danh" in errors["place"]
    assert "chưa có chữ nào" in errors["body"]


def test_a_body_of_blank_paragraphs_is_an_error_not_only_warnings():
    draft = Draft(**{**vars(Draft.from_dict(base_draft()))})
    draft.body = [Paragraph("body", [Run("   ")]), Paragraph("body", [])]
    problems = [p for p in validate_draft(draft) if p.field == "body"]
    assert [p.severity for p in problems] == ["error"] and "chưa có chữ nào" in problems[0].message


def test_the_editor_lists_the_missing_parts_of_its_new_empty_form(qtbot, tmp_path):
    from tests.test_ui_workflow import make_window

    window = make_window(qtbot, tmp_path / "data")
    qtbot.waitUntil(lambda: bool(window.validation.problems), timeout=5000)
    assert "không có lỗi" not in window.validation.summary.text()
    assert {"issuer", "place", "summary", "signature.name"} <= {p.field for p in window.validation.errors()}


def test_a_profile_with_a_bidi_override_in_its_name_is_refused():
    import json

    data = json.loads((EXAMPLES / "profiles" / "party_van_phong_thanh_uy.json").read_text(encoding="utf-8"))
    parse_profile(data)  # the example itself is valid
    data["signers"][0]["name"] = "Nguyễn \u202eA nĂV"
    with pytest.raises(UnreadableInputError) as info:
        parse_profile(data)
    assert "đảo chiều chữ (U+202E)" in info.value.message


def test_an_unknown_key_is_shown_short_and_with_its_invisible_characters_escaped():
    import json

    errors = errors_of(json.loads(hostile_draft("unknown_key_1mb_with_bidi")[0]))
    [(field, message)] = errors.items()
    assert field.startswith("\\u202exxx") and field.endswith("x…") and len(field) < 80
    assert "\u202e" not in message and len(message) < 400 and "không thuộc mẫu dự thảo" in message


@pytest.mark.parametrize("name", ["blank_recipients_150000", "unknown_keys_100000", "lowercase_recipients_20000"])
def test_a_flood_of_problems_is_cut_at_300_with_a_note(name: str):
    import json

    from desktop.core.schema import MAX_PROBLEMS

    problems = validate_draft(json.loads(hostile_draft(name)[0]))
    assert len(problems) <= MAX_PROBLEMS + 1
    assert any(p.code == "schema.too_many" and "chỉ liệt kê 300 vấn đề đầu tiên" in p.message for p in problems)
