"""Several office profiles in the editor: the menu lists them, one click switches, the choice is
remembered, a new profile never overwrites another, a broken one is named, not fatal."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.core.profile import Profile, load_profile
from desktop.ui.askers import ScriptedAsker
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.test_ui_workflow import PARTY_PROFILE, STATE_PROFILE, make_window, type_text


def two_profiles(data_dir: Path) -> Path:
    folder = data_dir / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    for source in (PARTY_PROFILE, STATE_PROFILE):
        shutil.copy(source, folder / source.name)
    return folder


def menu_entries(window: MainWindow) -> list[tuple[str, bool, bool]]:
    return [(a.text(), a.isChecked(), a.isEnabled()) for a in window.profile_menu.actions()]


def pick(window: MainWindow, name: str) -> None:
    action = next(a for a in window.profile_menu.actions() if a.text() == name)
    action.trigger()


def test_menu_lists_every_profile_and_ticks_the_one_in_use(qtbot, tmp_path):
    two_profiles(tmp_path / "data")
    w = make_window(qtbot, tmp_path / "data")
    assert menu_entries(w) == [("Văn phòng Thành ủy Đà Nẵng", True, True), ("Sở Nội vụ tỉnh Quảng Ninh", False, True)]
    assert w.form.draft().rule_set == "party_hd36"
    assert w.profile_label.text() == "Hồ sơ: Văn phòng Thành ủy Đà Nẵng"


def test_switching_starts_an_untouched_draft_again_and_is_remembered(qtbot, tmp_path):
    data = tmp_path / "data"
    two_profiles(data)
    w = make_window(qtbot, data)
    pick(w, "Sở Nội vụ tỉnh Quảng Ninh")
    draft = w.form.draft()
    assert (draft.rule_set, draft.issuer, draft.place) == ("state_nd30", "SỞ NỘI VỤ", "Quảng Ninh")
    assert not w.modified
    assert [a.isChecked() for a in w.profile_menu.actions()] == [False, True]
    assert "Sở Nội vụ tỉnh Quảng Ninh" in w.status_label.text()
    assert Settings.load(data).current_profile == STATE_PROFILE.name
    again = make_window(qtbot, data)
    assert again.form.draft().issuer == "SỞ NỘI VỤ"


def test_switching_keeps_a_draft_being_written_and_offers_the_new_signers(qtbot, tmp_path):
    two_profiles(tmp_path / "data")
    w = make_window(qtbot, tmp_path / "data")
    w.form.fields["summary"].setFocus()
    type_text(w.form.fields["summary"], "về lịch làm việc")
    qtbot.waitUntil(lambda: w.modified, timeout=3000)
    pick(w, "Sở Nội vụ tỉnh Quảng Ninh")
    assert w.form.draft().rule_set == "party_hd36" and "về lịch làm việc" in w.form.draft().summary
    state = load_profile(STATE_PROFILE)
    offered = [w.form.signer_box.itemText(i) for i in range(w.form.signer_box.count())]
    assert any(state.signers[0].name in text for text in offered)


def test_a_new_profile_with_a_taken_name_gets_its_own_file(qtbot, tmp_path, monkeypatch):
    folder = two_profiles(tmp_path / "data")
    w = make_window(qtbot, tmp_path / "data")
    twin = load_profile(PARTY_PROFILE)
    twin.place, twin.agency_code = "Huế", "VPTU"
    monkeypatch.setattr(MainWindow, "run_dialog", lambda self, dialog: True)
    monkeypatch.setattr("desktop.ui.profile_dialog.ProfileDialog.profile", lambda self: twin)
    w.actions["new_profile"].trigger()
    files = sorted(p.name for p in folder.glob("*.json"))
    assert len(files) == 3 and load_profile(PARTY_PROFILE).place != "Huế"
    assert w.profile_path is not None and w.profile_path.name not in (PARTY_PROFILE.name, STATE_PROFILE.name)
    assert w.form.draft().place == "Huế"
    assert sum(a.isChecked() for a in w.profile_menu.actions()) == 1


def test_a_broken_profile_is_greyed_out_with_its_reason_and_never_fatal(qtbot, tmp_path):
    folder = two_profiles(tmp_path / "data")
    (folder / "aaa-hong.json").write_text("{ không phải JSON", encoding="utf-8")
    asker = ScriptedAsker()
    w = make_window(qtbot, tmp_path / "data", asker)
    broken = w.profile_menu.actions()[0]
    assert not broken.isEnabled() and "aaa-hong.json" in broken.statusTip()
    assert w.profile is not None and w.profile.name == "Văn phòng Thành ủy Đà Nẵng"  # the next good one
    w.switch_profile(folder / "aaa-hong.json")
    assert asker.topics()[-1] == "profile_failed" and w.profile.name == "Văn phòng Thành ủy Đà Nẵng"


def test_without_profiles_the_menu_is_empty_and_the_status_says_so(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "data")
    assert menu_entries(w) == [] and not w.profile_menu.isEnabled()
    assert w.profile_label.text() == "Chưa có hồ sơ cơ quan"
    assert isinstance(Profile(), Profile)
