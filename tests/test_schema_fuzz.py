"""Random data never crashes validate_draft: it always returns a list of Problems."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.model import Draft
from desktop.core.schema import SEVERITIES, Problem, load_schema, validate_draft
from tests.conftest import EXAMPLES

DRAFT_KEYS = sorted(load_schema("draft")["properties"])
BASE = json.loads((EXAMPLES / "party_thong_bao.json").read_text(encoding="utf-8"))

scalars = st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=12) | st.sampled_from(
    ["party_hd36", "state_nd30", "thong_bao", "cong_van", "own", "deputy", "on_behalf", "body", "heading1",
     "2021-02-05", "2021-02-30", "TB/TU", "PHÓ GIÁM ĐỐC", "", "  "])
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8) | st.sampled_from(DRAFT_KEYS), inner, max_size=5),
                           max_leaves=25)


def check(problems) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem) and problem.severity in SEVERITIES and problem.message


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_value_gives_problems_not_a_crash(value):
    check(validate_draft(value))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from([*DRAFT_KEYS, "copy", "extras"]), json_values, max_size=8))
def test_a_real_draft_with_random_fields_never_crashes(changes):
    data = {**BASE, **changes}
    check(validate_draft(data))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["number", "code_override", "agency_code", "unit_code", "summary", "place"]),
       st.text(max_size=20))
def test_random_text_in_key_fields(key, text):
    data = {**BASE, key: text}
    check(validate_draft(data))
    check(validate_draft(Draft.from_dict(data)))
