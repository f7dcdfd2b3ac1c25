"""The schemas cannot drift from the model or the rule data: enums, fields and if/then blocks are compared."""

from __future__ import annotations

from dataclasses import fields

from desktop.core.model import (
    BLOCK_STYLES,
    BODY_STYLES,
    COPY_KINDS,
    SCHEMA_VERSION,
    SIGNATURE_MODES,
    CopyBlock,
    Draft,
    Extras,
    Paragraph,
    Recipients,
    Run,
    Signature,
    Table,
)
from desktop.core.profile import PROFILE_SCHEMA_VERSION, Profile, RecipientList, Signer
from desktop.core.rules import available_rule_sets, load_rule_set
from desktop.core.schema import load_schema, schema_validator

DRAFT = load_schema("draft")
PROFILE = load_schema("profile")


def names(cls) -> set[str]:
    return {f.name for f in fields(cls)}


def test_schemas_are_valid_2020_12():
    assert DRAFT["$schema"].endswith("2020-12/schema")
    schema_validator("draft")
    schema_validator("profile")


def test_enums_match_rule_data_and_model():
    props = DRAFT["properties"]
    assert props["rule_set"]["enum"] == list(available_rule_sets())
    doc_types = {k for rid in available_rule_sets() for k in load_rule_set(rid).doc_types}
    assert set(props["doc_type"]["enum"]) == doc_types
    assert DRAFT["$defs"]["paragraph"]["properties"]["style"]["enum"] == list(BLOCK_STYLES)
    assert DRAFT["$defs"]["signature"]["properties"]["mode"]["enum"] == list(SIGNATURE_MODES)
    assert DRAFT["$defs"]["copy"]["properties"]["kind"]["enum"] == list(COPY_KINDS)
    for rid in available_rule_sets():
        rules = load_rule_set(rid)
        assert set(rules.copy["codes"]) == set(COPY_KINDS)
        assert set(rules.signature["prefixes"]) <= set(SIGNATURE_MODES)
        assert {k for k in rules.headings if k in BODY_STYLES} == set(rules.headings)
    assert props["schema_version"]["const"] == SCHEMA_VERSION
    assert PROFILE["properties"]["schema_version"]["const"] == PROFILE_SCHEMA_VERSION
    assert PROFILE["properties"]["rule_set"]["enum"] == list(available_rule_sets())
    assert PROFILE["properties"]["signers"]["items"]["properties"]["mode"]["enum"] == list(SIGNATURE_MODES)


def test_schema_fields_match_the_dataclasses():
    defs = DRAFT["$defs"]
    assert set(DRAFT["properties"]) == names(Draft)
    assert set(defs["signature"]["properties"]) == names(Signature)
    assert set(defs["recipients"]["properties"]) == names(Recipients)
    assert set(defs["extras"]["properties"]) == names(Extras)
    assert set(defs["copy"]["properties"]) == names(CopyBlock)
    assert set(defs["run"]["properties"]) == names(Run)
    assert set(defs["paragraph"]["properties"]) == names(Paragraph) | {"text"}  # {"style","text"} shorthand
    assert set(defs["table"]["properties"]) == names(Table)
    assert set(PROFILE["properties"]) == names(Profile)
    assert set(PROFILE["properties"]["signers"]["items"]["properties"]) == names(Signer)
    assert set(PROFILE["properties"]["recipient_lists"]["items"]["properties"]) == names(RecipientList)


def conditions() -> dict[tuple[str, str], set[str]]:
    """(rule set, what the then-block does) → the document types of its if-block."""
    out: dict[tuple[str, str], set[str]] = {}
    for block in DRAFT["allOf"]:
        cond = block["if"]["properties"]
        then = block["then"]["properties"]
        field, rule = next(iter(then.items()))
        out[(cond["rule_set"]["const"], f"{field}.{next(iter(rule))}={next(iter(rule.values()))}")] = \
            set(cond["doc_type"]["enum"])
    return out


def test_if_then_blocks_follow_the_doc_types():
    found = conditions()
    for rid in available_rule_sets():
        types = load_rule_set(rid).doc_types
        assert found[(rid, "addressees.minItems=1")] == {k for k, d in types.items() if d.addressee == "required"}
        assert found[(rid, "addressees.maxItems=0")] == {k for k, d in types.items() if d.addressee == "none"}
        assert found[(rid, "legal_bases.maxItems=0")] == {k for k, d in types.items() if not d.legal_bases}
        assert found.get((rid, "enacting_authority.minLength=1"), set()) == {
            k for k, d in types.items() if d.enacting or d.sender_suffix}  # a công điện's sender too


def test_a_default_draft_serialises_into_the_schema_shape():
    data = Draft().to_dict()
    errors = {e.validator for e in schema_validator("draft").iter_errors(data)}
    assert errors <= {"minLength", "minItems", "pattern"}  # an empty draft is incomplete, never malformed
