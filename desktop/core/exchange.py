"""Metadata for document exchange: the NĐ 30 Phụ lục VI record and the unsigned edXML header.

:func:`build_record` turns a draft (and the agency's mã định danh, the page count) into the JSON
record of schemas/exchange-metadata.schema.json; :func:`record_problems` names each field that is
missing or too long by its Phụ lục VI name. :func:`edxml_header` writes the QCVN 102 message header
from the mapping in resources/exchange/edxml_fields.json (one data file, the standard's names).
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from typing import Any

from desktop.core.model import Draft
from desktop.core.rules import load_rule_set
from desktop.resources import resource_path

LANGUAGE = "Tiếng Việt"
SECRECY = {"MẬT": "Mật", "TỐI MẬT": "Tối mật", "TUYỆT MẬT": "Tuyệt mật"}
URGENCY = {"KHẨN": "Khẩn", "THƯỢNG KHẨN": "Thượng khẩn", "HỎA TỐC": "Hỏa tốc", "HOẢ TỐC": "Hỏa tốc"}


@cache
def edxml_mapping() -> dict[str, Any]:
    """resources/exchange/edxml_fields.json."""
    return json.loads(resource_path("resources", "exchange", "edxml_fields.json").read_text(encoding="utf-8"))


def _upper_key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).upper()


def build_record(draft: Draft, agency_id: str, page_count: int, *, issue_ready: bool = False) -> dict[str, Any]:
    """The Phụ lục VI record of a draft. ``issue_ready`` leaves the number and the date blank for
    the e-office system to fill (rules ``electronic.issue_ready``)."""
    from desktop.core.compute import document_code, parse_iso_date, title_name

    rules = load_rule_set(draft.rule_set)
    doc_type = rules.doc_type(draft.doc_type)
    listed = [*draft.addressees, *draft.recipients.report, *draft.recipients.others]
    recipients = [" ".join(text.split()).strip(" -;,.") for text in listed]
    record: dict[str, Any] = {
        "ma_dinh_danh_co_quan": agency_id.strip(),
        "ten_co_quan_ban_hanh": " ".join(draft.issuer.split()),
        "so_van_ban": "" if issue_ready else draft.number.strip(),
        "ky_hieu": document_code(draft, rules),
        "ngay_van_ban": None if issue_ready or parse_iso_date(draft.date) is None else draft.date,  # not '2026-04'
        "ten_loai": doc_type.label,
        "trich_yeu": " ".join(draft.summary.split()) or doc_type.label,  # a giấy (Mẫu 1.8, 1.10) has none
        "ngon_ngu": LANGUAGE,
        "so_trang": page_count,
        "nguoi_ky": title_name(draft.signature.name.strip()),
        "chuc_vu_nguoi_ky": " ".join(draft.signature.position.split()),
        "noi_nhan": [text for text in recipients if text],
        "do_mat": SECRECY.get(_upper_key(draft.extras.secrecy), ""),
        "do_khan": URGENCY.get(_upper_key(draft.extras.urgency), ""),
        "so_ban": draft.extras.copies,
        "ghi_chu": "",
    }
    return record


def record_problems(record: Any) -> list[str]:
    """Vietnamese messages, one per field that breaks the schema, naming the field by its title."""
    from desktop.core.i18n import tr
    from desktop.core.schema import load_schema, schema_validator

    properties = load_schema("exchange-metadata")["properties"]
    messages: list[str] = []
    for error in sorted(schema_validator("exchange-metadata").iter_errors(record), key=lambda e: list(e.path)):
        name = error.path[0] if error.path else (error.message.split("'")[1] if "'" in error.message else "")
        title = properties.get(name, {}).get("title", str(name))
        kind = error.validator if error.validator in ("maxLength", "required", "pattern", "minLength", "enum") \
            else "other"
        limit = error.validator_value if kind == "maxLength" else ""
        messages.append(tr(f"sign.meta.{kind}", field=title, name=name, limit=limit,
                           length=len(error.instance) if isinstance(error.instance, str) else ""))
    return messages


def record_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def document_id(record: dict[str, Any]) -> str:
    return edxml_mapping()["document_id"].format(**{k: "" if v is None else v for k, v in record.items()})


def edxml_header(record: dict[str, Any], *, place: str = "", authority: str = "") -> bytes:
    """The unsigned edXML envelope with its MessageHeader (QCVN 102), UTF-8 XML bytes."""
    from lxml import etree

    mapping = edxml_mapping()
    ns = mapping["namespace"]
    prefix = mapping["prefix"]

    def tag(name: str) -> str:
        return f"{{{ns}}}{name}"

    envelope = etree.Element(tag("edXMLEnvelope"), nsmap={prefix: ns})
    header = etree.SubElement(etree.SubElement(envelope, tag("edXMLHeader")), tag("MessageHeader"))
    values = {**record, "document_id": document_id(record), "place": place, "authority": authority}
    for spec in mapping["fields"]:
        value = values.get(spec["source"])
        items = value if spec.get("repeat") else [value]
        path = spec["element"].split("/")
        for item in items:
            parent = header
            for depth, part in enumerate(path[:-1]):
                existing = parent.find(tag(part))
                if existing is None or (spec.get("repeat") and depth == 0):
                    existing = etree.SubElement(parent, tag(part))
                parent = existing
            text = spec.get("codes", {}).get(item, item) if "codes" in spec else item
            etree.SubElement(parent, tag(path[-1])).text = "" if text is None else str(text)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8", pretty_print=True)
