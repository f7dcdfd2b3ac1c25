"""The editor offers every document type of the system, grouped as clerks think of them (văn bản có
tên loại, công văn, giấy tờ hành chính), and the form's parts appear and disappear with the type."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.i18n import tr
from desktop.core.model import Draft
from desktop.core.rules import load_rule_set
from desktop.ui.draft_form import DraftForm


def _entries(form: DraftForm) -> list[tuple[str, str | None, bool]]:
    box = form.type_box
    model = box.model()
    return [(box.itemText(i), box.itemData(i), bool(model.item(i).flags() & Qt.ItemFlag.ItemIsEnabled))
            for i in range(box.count())]


def _row_shown(form: DraftForm, path: str) -> bool:
    layout, widget = form.rows[path]
    return layout.isRowVisible(widget)


def test_every_type_is_offered_under_its_group(qtbot):
    form = DraftForm()
    qtbot.addWidget(form)
    for rule_set in ("state_nd30", "party_hd36"):
        form.set_draft(Draft(rule_set=rule_set, doc_type="thong_bao"))
        rules = load_rule_set(rule_set)
        entries = _entries(form)
        headings = [text for text, key, enabled in entries if key is None]
        assert headings == [tr(f"types.group.{g}") for g in rules.types_by_group()]
        assert all(not enabled for _text, key, enabled in entries if key is None)  # a heading is not a choice
        offered = [key for _text, key, enabled in entries if key is not None and enabled]
        assert sorted(offered) == sorted(rules.doc_types)
        group_of = {}
        current = None
        for text, key, _enabled in entries:
            if key is None:
                current = text
            else:
                group_of[key] = current
        assert group_of["cong_van"] == tr("types.group.letter")
        assert group_of["giay_moi"] == group_of["giay_gioi_thieu"] == tr("types.group.paper")
        assert group_of["chi_thi"] == group_of["thong_bao"] == tr("types.group.named")
    assert form.draft().doc_type == "thong_bao"


def test_choosing_a_type_shows_its_form_parts(qtbot):
    form = DraftForm()
    qtbot.addWidget(form)
    form.show()
    form.set_draft(Draft(rule_set="state_nd30", doc_type="thong_bao"))

    def choose(key: str) -> None:
        form.type_box.setCurrentIndex(form.type_box.findData(key))
        assert form.draft().doc_type == key

    choose("chi_thi")  # Mẫu 1.4: tên loại and trích yếu, no Kính gửi, no căn cứ
    assert _row_shown(form, "summary") and form.type_name_label.isVisibleTo(form)
    assert not form.groups["addressees"].isVisibleTo(form) and not form.groups["legal_bases"].isVisibleTo(form)
    assert form.type_name_label.text() == "CHỈ THỊ"
    choose("giay_gioi_thieu")  # Mẫu 1.8: no trích yếu
    assert not _row_shown(form, "summary") and form.type_name_label.text() == "GIẤY GIỚI THIỆU"
    choose("quyet_dinh")  # Mẫu 1.2: thẩm quyền ban hành and căn cứ
    assert _row_shown(form, "enacting_authority") and form.groups["legal_bases"].isVisibleTo(form)
    choose("cong_van")  # Mẫu 1.5: Kính gửi, the V/v trích yếu, no tên loại line
    assert form.groups["addressees"].isVisibleTo(form) and not _row_shown(form, "enacting_authority")
    assert not form.type_name_label.isVisibleTo(form) and _row_shown(form, "summary")
    choose("bao_cao")  # optional Kính gửi
    assert form.groups["addressees"].isVisibleTo(form) and not _row_shown(form, "enacting_authority")


def test_picking_a_group_heading_picks_its_first_type(qtbot):
    form = DraftForm()
    qtbot.addWidget(form)
    form.set_draft(Draft(rule_set="state_nd30", doc_type="thong_bao"))
    heading = form.type_box.findText(tr("types.group.letter"))
    form.type_box.setCurrentIndex(heading)
    assert form.type_box.currentIndex() == heading + 1 and form.draft().doc_type == "cong_van"
