"""Schema violations become Vietnamese problems that name the field, by keyword and path."""

from __future__ import annotations

import copy
import json
import re

import pytest

from desktop.core.i18n import catalog
from desktop.core.schema import Problem, field_label, field_path, validate_draft
from tests.conftest import EXAMPLES, ROOT

BASE = json.loads((EXAMPLES / "party_thong_bao.json").read_text(encoding="utf-8"))
COPY = json.loads((EXAMPLES / "party_quyet_dinh.json").read_text(encoding="utf-8"))["copy"]
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def problems_after(change) -> list[Problem]:
    data = copy.deepcopy(BASE)
    change(data)
    return validate_draft(data)


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [(p.code, p.field) for p in problems]
    return found[0]


CASES = [
    # (what changes, code, field, Vietnamese label that must be named)
    (lambda d: d["signature"].pop("name"), "schema.required", "signature.name", "Người ký › Họ tên"),
    (lambda d: d.update(number=3), "schema.type", "number", "Số văn bản"),
    (lambda d: d.update(doc_type="hop_dong"), "schema.enum", "doc_type", "Loại văn bản"),
    (lambda d: d["body"][2].update(style="title"), "schema.enum", "body[2].style", "Nội dung › đoạn 3 › Kiểu đoạn"),
    (lambda d: d.update(number="3a"), "schema.pattern", "number", "Số văn bản"),
    (lambda d: d.update(issuer=""), "schema.minLength", "issuer", "Tên cơ quan ban hành"),
    (lambda d: d.update(ghi_chu="x"), "schema.additionalProperties", "ghi_chu", "ghi_chu"),
    (lambda d: d.update(date="2021-02-30"), "schema.format", "date", "Ngày ban hành"),
    (lambda d: d.update(body=[]), "schema.minItems", "body", "Nội dung"),
    (lambda d: d.update(addressees=["Ban Thường vụ"]), "schema.maxItems", "addressees", "Kính gửi"),
    (lambda d: d.update(schema_version=2), "schema.const", "schema_version", "Phiên bản tệp"),
    (lambda d: d["extras"].update(copies=0), "schema.minimum", "extras.copies", "Thành phần bổ sung › Số lượng bản"),
    (lambda d: d["body"].append({"style": "body"}), "schema.anyOf", f"body[{len(BASE['body'])}]",
     f"Nội dung › đoạn {len(BASE['body']) + 1}"),
    (lambda d: d["signature"].update(mode="deputy", whom=""), "schema.minLength", "signature.whom",
     "Người ký › Quyền hạn"),
    (lambda d: d.update(copy={**COPY, "recipients": {**COPY["recipients"], "archive": ""}}), "schema.minLength",
     "copy.recipients.archive",
     "Bản sao › Nơi nhận › Lưu"),
]


@pytest.mark.parametrize(("change", "code", "field", "label"), CASES, ids=[c[1] + ":" + c[2] for c in CASES])
def test_schema_error_names_the_field_in_vietnamese(change, code, field, label):
    problem = only(problems_after(change), code)
    assert problem.field == field
    assert problem.severity == "error"
    assert problem.label.startswith(label)
    assert label in problem.message and VIETNAMESE.search(problem.message)
    assert problem.fix and VIETNAMESE.search(problem.fix)
    assert "is not" not in problem.message and "required property" not in problem.message


def test_every_problem_is_reported_at_once():
    def break_many(d):
        d.update(issuer="", place="", number="x", date="2021-13-01", summary="")
        d["signature"].pop("name")
    fields = {p.field for p in problems_after(break_many)}
    assert {"issuer", "place", "number", "date", "summary", "signature.name"} <= fields


def test_required_names_each_missing_key_once():
    problems = validate_draft({"schema_version": 1, "rule_set": "state_nd30", "doc_type": "cong_van"})
    required = [p.field for p in problems if p.code == "schema.required"]
    assert sorted(required) == sorted(["issuer", "agency_code", "place", "summary", "body", "signature",
                                       "recipients", "addressees"])


def test_letter_needs_addressees_and_decision_allows_legal_bases():
    letter = json.loads((EXAMPLES / "state_cong_van.json").read_text(encoding="utf-8"))
    letter["addressees"] = []
    assert only(validate_draft(letter), "schema.minItems").field == "addressees"
    decision = json.loads((EXAMPLES / "state_quyet_dinh.json").read_text(encoding="utf-8"))
    assert decision["legal_bases"] and validate_draft(decision) == []
    no_bases = only(problems_after(lambda d: d.update(legal_bases=["Căn cứ Điều lệ Đảng"])), "schema.maxItems")
    assert no_bases.field == "legal_bases" and "Thông báo" in no_bases.message


def test_refs_come_from_the_rule_set_of_the_draft():
    party = only(problems_after(lambda d: d.update(issuer="")), "schema.minLength")
    assert party.ref.startswith("B.1")
    state = json.loads((EXAMPLES / "state_thong_bao.json").read_text(encoding="utf-8"))
    state["issuer"] = ""
    assert only(validate_draft(state), "schema.minLength").ref.startswith("B.2")


def test_paths_and_labels():
    assert field_path(("attachments", 0, "signature", "name")) == "attachments[0].signature.name"
    assert field_label(("attachments", 0, "signature", "name")) == "Văn bản kèm theo 1 › Người ký › Họ tên"
    assert field_label(()) == "Tệp dự thảo"


def test_every_code_has_a_message_and_a_fix():
    keys = catalog()
    messages = [k for k in keys if k.startswith(("validate.schema.", "validate.rule.")) and not k.endswith(".fix")]
    assert len(messages) > 40
    for key in messages:
        assert f"{key}.fix" in keys, key
    source = (ROOT / "desktop" / "core" / "schema.py").read_text(encoding="utf-8")
    emitted = set(re.findall(r'report\.add\(\s*"([a-z_]+)"', source))
    assert len(emitted) > 25
    for code in emitted:
        assert f"validate.rule.{code}" in keys and f"validate.rule.{code}.fix" in keys, code
