"""The rule data (resources/rules/*.json) is complete, consistent and cites the spec."""

from __future__ import annotations

import re

import pytest

from desktop.core.rules import available_rule_sets, load_rule_set, rule_set_in_force, rule_sets_for
from tests.conftest import SHARED

RULE_SETS = available_rule_sets()
SPEC = SHARED / "spec" / "layout-rules.md"


def test_both_systems_have_a_rule_set():
    assert {load_rule_set(r).system for r in RULE_SETS} == {"party", "state"}
    assert [r.id for r in rule_sets_for("party")] == ["party_hd36"]
    assert [r.id for r in rule_sets_for("state")] == ["state_nd30"]


def test_rule_sets_share_the_same_shape():
    """A renderer, validator or checker written against one rule set works with the other."""
    party, state = load_rule_set("party_hd36"), load_rule_set("state_nd30")
    assert set(party.raw) == set(state.raw)
    assert set(party.parts) - {"draft_marker"} == set(state.parts) - {"motto"}
    common = {"thong_bao", "cong_van", "bao_cao", "ke_hoach", "to_trinh", "quyet_dinh", "giay_moi"}
    assert common <= set(party.doc_types) & set(state.doc_types)  # each system adds its own types
    assert {"van_ban", "cong_van", "giay_moi"} <= set(party.forms) & set(state.forms)
    for section in ("number", "date", "signature", "recipients", "copy", "letter", "body_end"):
        assert set(party.raw[section]) == set(state.raw[section]), section
    assert set(party.signature["prefixes"]) == set(state.signature["prefixes"])


@pytest.mark.parametrize("rule_set_id", RULE_SETS)
def test_every_part_cites_a_spec_section_and_a_confidence(rule_set_id):
    rules = load_rule_set(rule_set_id)
    for part in rules.parts.values():
        assert re.match(r"^[A-F]\.\d", part.ref), (part.name, part.ref)
        assert part.conf in ("V", "P", "R"), part.name
        assert part.size.min <= part.size.default <= part.size.max, part.name


@pytest.mark.skipif(not SPEC.exists(), reason="shared spec not present")
@pytest.mark.parametrize("rule_set_id", RULE_SETS)
def test_cited_sections_exist_in_the_spec(rule_set_id):
    spec = SPEC.read_text(encoding="utf-8")
    rules = load_rule_set(rule_set_id)
    for part in rules.parts.values():
        section = part.ref.split()[0]  # "B.1", "A.2", "C.4"
        assert f"### {section} " in spec or f"### {section}\n" in spec, (part.name, section)


def test_party_sizes_match_spec_b1():
    """Spot checks against spec B.1 (Party, HD 36)."""
    rules = load_rule_set("party_hd36")
    assert rules.part("header_title").size.default == 15 and rules.part("header_title").bold
    assert rules.part("issuer").bold and rules.part("issuer").line.kind == "asterisk"
    assert not rules.part("superior").bold
    assert rules.part("place_date").italic
    assert rules.part("letter_summary").size.default == 12 and rules.part("letter_summary").italic
    assert rules.part("recipients_label").underline and rules.part("recipients").size.default == 12
    assert rules.part("summary").line.kind == "hyphens" and rules.part("summary").line.conf == "R"


def test_state_sizes_match_spec_b2():
    """Spot checks against spec B.2 (state, NĐ 30 Phụ lục I)."""
    rules = load_rule_set("state_nd30")
    assert (rules.part("header_title").size.min, rules.part("header_title").size.max) == (12, 13)
    assert rules.part("motto").line.length == "text"
    assert rules.part("issuer").line.length == "third_to_half"
    assert rules.part("number").size.default == 13
    assert rules.part("letter_summary").italic is False
    assert rules.part("recipients_label").bold and rules.part("recipients_label").italic
    assert rules.part("recipients").size.default == 11
    assert rules.margin("left").min == 30 and rules.margin("left").max == 35


def test_state_cong_van_has_no_type_code():
    """C.2: a state công văn's ký hiệu is <agency>-<unit>; a Party công văn has the code CV (C.3)."""
    assert load_rule_set("state_nd30").doc_type("cong_van").code is None
    assert load_rule_set("party_hd36").doc_type("cong_van").code == "CV"


def test_mixed_case_codes_are_kept():
    """C.2: CTr, TTr, QyĐ, TrS are written exactly so."""
    state = load_rule_set("state_nd30")
    assert state.type_codes["Quy định"] == "QyĐ" and state.doc_type("to_trinh").code == "TTr"
    assert load_rule_set("party_hd36").type_codes["Quy định"] == "QĐ"


def test_the_rule_set_in_force_is_chosen_by_the_document_date():
    """Each system's rule set applies from its "version" date (HD 36: 2018-04-03; NĐ 30: 2020-03-05)."""
    assert rule_set_in_force("party").id == "party_hd36"
    assert rule_set_in_force("state", "2024-05-27").id == "state_nd30"
    assert rule_set_in_force("state", "2019-01-01").id == "state_nd30"  # older than every rule set: the oldest
