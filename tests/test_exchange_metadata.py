"""The Phụ lục VI metadata record and the edXML header (issue #14): every complete example gives a
record that validates; a field too long gets a message naming it; the header carries the mapping."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from desktop.core.exchange import build_record, edxml_header, edxml_mapping, record_problems
from desktop.core.model import load_draft
from desktop.core.schema import schema_validator
from tests.conftest import EXAMPLES

AGENCY_ID = "000.00.00.H40"
COMPLETE = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.startswith("seed_"))


def test_the_schema_is_valid_2020_12_and_every_field_has_a_vietnamese_title():
    schema = json.loads((EXAMPLES.parent / "schemas" / "exchange-metadata.schema.json").read_text(encoding="utf-8"))
    schema_validator("exchange-metadata")
    assert all(spec.get("title") for spec in schema["properties"].values())
    assert schema["properties"]["trich_yeu"]["maxLength"] == 500
    assert schema["properties"]["ky_hieu"]["maxLength"] == 30


@pytest.mark.parametrize("example", COMPLETE, ids=lambda p: p.stem)
def test_every_complete_example_gives_a_valid_record(example):
    draft = load_draft(example)
    record = build_record(draft, AGENCY_ID, 2)
    assert record_problems(record) == []
    assert record["ky_hieu"] and record["trich_yeu"] and record["nguoi_ky"] == draft.signature.name
    assert record["ngay_van_ban"] == draft.date and record["so_van_ban"] == draft.number
    ready = build_record(draft, AGENCY_ID, 2, issue_ready=True)
    assert ready["so_van_ban"] == "" and ready["ngay_van_ban"] is None and record_problems(ready) == []


def test_a_field_too_long_is_named():
    draft = load_draft(EXAMPLES / "state_thong_bao.json")
    draft.summary = "Về việc " + "rất dài " * 80
    problems = record_problems(build_record(draft, AGENCY_ID, 1))
    assert len(problems) == 1 and "«Trích yếu nội dung»" in problems[0] and "500" in problems[0]


def test_a_missing_or_malformed_agency_id_is_named():
    draft = load_draft(EXAMPLES / "state_thong_bao.json")
    problems = record_problems(build_record(draft, "H40", 1))
    assert problems == ["«Mã định danh của cơ quan, tổ chức» không đúng định dạng."]
    record = build_record(draft, AGENCY_ID, 1)
    del record["ky_hieu"]
    assert record_problems(record) == ["Thiếu trường «Ký hiệu của văn bản» (ky_hieu)."]


def test_secrecy_and_urgency_take_the_decree_words():
    draft = load_draft(EXAMPLES / "state_thong_bao.json")
    draft.extras.secrecy, draft.extras.urgency = "MẬT", "HỎA TỐC"
    record = build_record(draft, AGENCY_ID, 1)
    assert (record["do_mat"], record["do_khan"]) == ("Mật", "Hỏa tốc") and record_problems(record) == []


def test_edxml_header_follows_the_mapping_file():
    draft = load_draft(EXAMPLES / "state_cong_van.json")
    record = build_record(draft, AGENCY_ID, 3)
    xml = edxml_header(record, place=draft.place, authority="")
    root = etree.fromstring(xml)
    ns = {"e": edxml_mapping()["namespace"]}
    header = root.find("e:edXMLHeader/e:MessageHeader", ns)
    assert header.findtext("e:From/e:OrganId", namespaces=ns) == AGENCY_ID
    assert header.findtext("e:Code/e:CodeNotation", namespaces=ns) == record["ky_hieu"]
    assert header.findtext("e:Code/e:CodeNumber", namespaces=ns) == record["so_van_ban"]
    assert header.findtext("e:PromulgationInfo/e:PromulgationDate", namespaces=ns) == draft.date
    assert header.findtext("e:Subject", namespaces=ns) == record["trich_yeu"]
    assert header.findtext("e:SignerInfo/e:FullName", namespaces=ns) == record["nguoi_ky"]
    assert [t.findtext("e:OrganName", namespaces=ns) for t in header.findall("e:To", ns)] == record["noi_nhan"]
    codes = next(spec["codes"] for spec in edxml_mapping()["fields"] if spec["source"] == "do_khan")
    assert header.findtext("e:OtherInfo/e:Priority", namespaces=ns) == codes[record["do_khan"]]
    assert header.findtext("e:OtherInfo/e:PageAmount", namespaces=ns) == "3"
    assert AGENCY_ID in header.findtext("e:DocumentId", namespaces=ns)
    assert root.find(".//e:Signature", ns) is None  # unsigned
    mapped = {spec["element"].split("/")[0] for spec in edxml_mapping()["fields"]}
    assert {"From", "To", "Code", "PromulgationInfo", "DocumentType", "Subject", "SignerInfo", "OtherInfo",
            "DocumentId"} <= mapped
