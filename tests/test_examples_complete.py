"""One complete draft per document type and system: each validates with no problem at all."""

from __future__ import annotations

import json

import pytest

from desktop.core.model import load_draft
from desktop.core.profile import load_profile
from desktop.core.rules import available_rule_sets, load_rule_set
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES

SYSTEM_PREFIX = {"party": "party", "state": "state"}
COMPLETE = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.startswith("seed_"))


VARIANTS = {"state_quyet_dinh_ban_hanh_quy_che.json"}
"""Complete examples of a type beyond its own: a quyết định with the Quy chế it issues (NĐ 30 Mẫu 1.3)."""


def test_one_complete_example_per_doc_type_and_system():
    expected = {f"{load_rule_set(rid).system}_{key}.json"
                for rid in available_rule_sets() for key in load_rule_set(rid).doc_types}
    assert {p.name for p in COMPLETE} == expected | VARIANTS
    declared = {load_rule_set(rid).doc_type(key).example
                for rid in available_rule_sets() for key in load_rule_set(rid).doc_types}
    assert declared == expected  # each type names its example in the rule data
    assert len(expected) >= 36


@pytest.mark.parametrize("path", COMPLETE, ids=lambda p: p.stem)
def test_complete_example_validates_clean(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = validate_draft(data)
    assert [(p.code, p.field, p.message) for p in problems] == []
    draft = load_draft(path)
    assert load_rule_set(draft.rule_set).system == path.stem.split("_")[0]
    assert path.stem.split("_", 1)[1] == draft.doc_type or path.name in VARIANTS
    assert draft.number and draft.date and "2021-01-01" <= draft.date <= "2026-12-31"


def test_examples_cover_the_optional_features():
    drafts = {p.stem: load_draft(p) for p in COMPLETE}
    systems_with_copy = {load_rule_set(d.rule_set).system for d in drafts.values() if d.copy is not None}
    assert systems_with_copy == {"party", "state"}
    assert any(d.signature.mode == "by_order_deputy" and load_rule_set(d.rule_set).system == "state"
               for d in drafts.values())
    assert any(d.extras.secrecy for d in drafts.values()) and any(d.extras.urgency for d in drafts.values())
    assert sum(bool(d.recipients.report) for d in drafts.values()) >= 3
    assert all(d.legal_bases for k, d in drafts.items() if k.endswith("quyet_dinh"))
    assert all(d.addressees for k, d in drafts.items() if k.endswith("cong_van"))
    systems_with_table = {load_rule_set(d.rule_set).system for d in drafts.values()
                          if any(p.table is not None for p in d.body)}
    assert systems_with_table == {"party", "state"}


def test_readme_lists_every_example():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in sorted(EXAMPLES.rglob("*.json")):
        assert path.name in readme, path.name


@pytest.mark.parametrize("path", sorted((EXAMPLES / "profiles").glob("*.json")), ids=lambda p: p.stem)
def test_example_profiles_load(path):
    profile = load_profile(path)
    assert profile.issuer and profile.signers and profile.recipient_lists
