"""'TM. ỦY BAN NHÂN DÂN' / 'KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH': the commonest state signature (NĐ 30 Mẫu 1.1)
has two authority lines; the draft holds both (mode ``on_behalf_deputy``), so an import loses neither."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.core import compute
from desktop.core.check import check_file
from desktop.core.check.importer import import_docx, normalize_for_roundtrip
from desktop.core.model import Signature
from desktop.core.render import render_to_file
from desktop.core.rules import load_rule_set
from desktop.core.schema import has_errors, validate_draft
from tests import render_helpers

DEPUTY = Signature(mode="on_behalf_deputy", whom="ỦY BAN NHÂN DÂN", deputy_whom="CHỦ TỊCH",
                   position="PHÓ CHỦ TỊCH", name="Nguyễn Văn Hiệp")


def test_the_two_authority_lines_are_printed_in_order():
    rules = load_rule_set("state_nd30")
    assert compute.signature_lines(DEPUTY, rules) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]


def test_a_draft_signed_on_behalf_by_a_deputy_validates_renders_checks_and_imports_back(tmp_path: Path):
    draft = replace(render_helpers.state_quyet_dinh(), signature=DEPUTY)
    assert not has_errors(validate_draft(draft))
    path = render_to_file(draft, tmp_path / "tm_kt.docx")
    parts = check_file(path).documents[0].parts
    assert parts["signature_authority"].text == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"
    back = import_docx(path)
    assert back.signature == DEPUTY
    assert normalize_for_roundtrip(back).to_dict() == normalize_for_roundtrip(draft).to_dict()


def test_a_draft_without_the_second_line_is_refused():
    draft = replace(render_helpers.state_quyet_dinh(), signature=replace(DEPUTY, deputy_whom=""))
    assert any(p.field == "signature.deputy_whom" for p in validate_draft(draft))


def test_the_editor_offers_the_mode_and_shows_both_lines(qtbot):
    """The form lists 'TM. + KT.' among the state modes and shows the second authority line's field."""
    from desktop.core.model import Draft
    from desktop.ui.draft_form import DraftForm

    form = DraftForm()
    qtbot.addWidget(form)
    form.show()
    form.set_draft(replace(Draft(rule_set="state_nd30", doc_type="quyet_dinh"), signature=DEPUTY))
    at = form.mode_box.findData("on_behalf_deputy")
    assert at >= 0 and form.mode_box.itemText(at).startswith("TM. + KT. — ")
    assert form.fields["signature.deputy_whom"].isVisible()
    assert form.authority_label.text() == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    assert form.draft().signature == DEPUTY
