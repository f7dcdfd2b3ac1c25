"""Clerk text reaches the .docx literally: markup, Jinja syntax, tabs, line breaks (toolchain notes §3).

docxtpl's default (autoescape off) silently truncates a document at the first '&' or '<'; the
renderer must also stop Jinja from ever seeing clerk text as a template, and drop the
characters XML cannot hold.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import compute
from desktop.core.model import CopyBlock, Draft, Extras, Paragraph, Recipients, Run, Signature
from desktop.core.render import apply_case, clean, render_bytes
from desktop.core.rules import load_rule_set
from tests.render_helpers import full_text, open_docx

FRAGMENTS = ["{{ x }}", "{% if 1 %}ok{% endif %}", "{#", "#}", "{%p if x %}", "{{r y }}", "{_{", "}_}", "{_%",
             "%_}", "<w:t>", "</w:p>", "&amp;", "&", "<", ">", '"', "'", "“”", "\t", "\n", "\r\n", "\x0b", "\x00",
             "\x07", "\x0c", "\ufffe", "\u2028", "Đảng Cộng sản Việt Nam", "ủy ban", "Hòa Bình", "ẫ"]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=6).map("".join)


def _wrap(text: str) -> str:
    """Delimit a value so stripping and punctuation rules never touch the generated core."""
    return f"«{text}»"


def _draft(rule_set: str, values: list[str]) -> Draft:
    v = itertools.cycle(values)
    return Draft(
        rule_set=rule_set, doc_type="quyet_dinh", superior=_wrap(next(v)), issuer=_wrap(next(v)),
        number="7", agency_code="TU", place="Hà Nội", date="2021-02-05", summary=_wrap(next(v)),
        addressees=[_wrap(next(v))], legal_bases=[_wrap(next(v))],
        body=[Paragraph("body", [Run(_wrap(next(v))), Run(_wrap(next(v)), bold=True)]),
              Paragraph("heading1", [Run(_wrap(next(v)), italic=True)])],
        closing=_wrap(next(v)),
        signature=Signature(mode="on_behalf", whom=_wrap(next(v)), position=_wrap(next(v)), name="Nguyễn Văn A"),
        recipients=Recipients(report=[_wrap(next(v))], others=[_wrap(next(v))], archive=_wrap(next(v))),
        extras=Extras(secrecy=_wrap(next(v)), typist=_wrap(next(v)), contact=_wrap(next(v))),
        copy=CopyBlock(kind="sao_y", issuer=_wrap(next(v)), number="2", agency_code="VP", place=_wrap(next(v)),
                       signature=Signature(position=_wrap(next(v)), name="Trần Văn B"),
                       recipients=Recipients(others=[_wrap(next(v))], archive=_wrap(next(v)))),
    )


def _expected(draft: Draft, rule_set: str) -> list[str]:
    """What must appear in the document text, per field, after the rules' case changes."""
    rules = load_rule_set(rule_set)

    def part(name: str, text: str) -> str:
        return apply_case(clean(text).strip(), rules.parts.get(name))

    expected = [part("superior", draft.superior), part("issuer", draft.issuer), clean(draft.summary),
                clean(draft.addressees[0]), clean(draft.legal_bases[0]), part("secrecy", draft.extras.secrecy),
                clean(draft.extras.contact), clean(draft.extras.typist), part("signer_title", draft.signature.position),
                *[clean(line) for line in compute.signature_lines(draft.signature, rules)],
                part("issuer", draft.copy.issuer), part("signer_title", draft.copy.signature.position)]
    for text in (draft.recipients.report[0], draft.recipients.others[0], draft.copy.recipients.others[0]):
        expected.append(clean(text))
    for para in draft.body:
        for run in para.runs:
            expected += [apply_case(piece, rules.parts.get(para.style)) for piece in clean(run.text).split("\n")]
    expected += clean(draft.closing).split("\n")
    return [e for e in expected if e]


@pytest.mark.parametrize("rule_set", ["party_hd36", "state_nd30"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(texts, min_size=6, max_size=6))
def test_every_field_comes_out_literally(rule_set: str, values: list[str]) -> None:
    draft = _draft(rule_set, values)
    document = open_docx(render_bytes(draft))
    text = full_text(document)
    for expected in _expected(draft, rule_set):
        assert expected in text, expected


def test_markup_and_jinja_literal_spot_check() -> None:
    hostile = 'Công ty A & B <TNHH> "{{ x }}" {% if 1 %}ok{% endif %} {#c#} {_{ a }_}'
    draft = _draft("party_hd36", [hostile])
    text = full_text(open_docx(render_bytes(draft)))
    assert f"«{hostile}»" in text
    assert text.count("SAO Y BẢN CHÍNH") == 1  # the document was not truncated


def test_tabs_stay_tabs_and_header_newlines_are_soft_breaks() -> None:
    draft = _draft("state_nd30", ["a\tb", "dòng 1\ndòng 2"])
    document = open_docx(render_bytes(draft))
    issuer = document.tables[0].cell(0, 0).paragraphs
    assert any(p.text == "«DÒNG 1\nDÒNG 2»" for p in issuer)
    assert "«A\tB»" in full_text(document)


def test_illegal_characters_and_lone_surrogates_are_dropped() -> None:
    draft = _draft("party_hd36", ["x\x00y\x1f\ud800z\ufffe"])
    text = full_text(open_docx(render_bytes(draft)))
    assert "«xyz»" in text


def test_clean_normalises_line_breaks_and_nfc() -> None:
    assert clean("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert clean("Hoa\u0300") == "Hoà"
