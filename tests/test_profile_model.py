"""Organisation profiles: schema, load/save round trip, apply_profile, storage helpers."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from desktop.core.errors import UnreadableInputError, VanBanError
from desktop.core.model import Draft, Paragraph, load_draft
from desktop.core.profile import (
    Profile,
    RecipientList,
    Signer,
    apply_profile,
    default_profile_dir,
    list_profiles,
    load_profile,
    profile_file_name,
    profile_problems,
    save_profile,
    save_profile_in,
)
from desktop.core.schema import validate_draft
from tests.conftest import EXAMPLES

PARTY = EXAMPLES / "profiles" / "party_van_phong_thanh_uy.json"
STATE = EXAMPLES / "profiles" / "state_so_noi_vu.json"


def test_round_trip(tmp_path):
    profile = load_profile(STATE)
    target = tmp_path / "p.json"
    save_profile(profile, target)
    assert load_profile(target) == profile
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(STATE.read_text(encoding="utf-8"))


def test_nfd_profile_is_stored_nfc(tmp_path):
    profile = load_profile(PARTY)
    profile.issuer = unicodedata.normalize("NFD", "VĂN PHÒNG")
    profile.signers[0].name = unicodedata.normalize("NFD", "Phạm Quốc Bảo")
    target = tmp_path / "nfd.json"
    save_profile(profile, target)
    text = target.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text) and "Phạm Quốc Bảo" in text
    raw = json.loads(PARTY.read_text(encoding="utf-8"))
    raw["place"] = unicodedata.normalize("NFD", raw["place"])
    nfd_file = tmp_path / "raw.json"
    nfd_file.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert load_profile(nfd_file).place == "Đà Nẵng"


def test_invalid_profiles_are_refused_with_vietnamese_messages(tmp_path):
    bad = {"schema_version": 1, "rule_set": "party_hd36", "issuer": "", "agency_code": "TU", "place": "Hà Nội",
           "signers": [{"name": "A", "position": "PHÓ BÍ THƯ", "mode": "on_behalf"}]}
    problems = profile_problems(bad)
    assert {p.field for p in problems} == {"issuer", "signers[0].whom"}
    assert any("Người ký 1" in p.message for p in problems)
    assert [p.label for p in profile_problems({**bad, "issuer": "X", "signers": [], "name": 5})] == ["Tên hồ sơ"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(UnreadableInputError) as caught:
        load_profile(path)
    assert caught.value.exit_code == 2 and "Tên cơ quan ban hành" in caught.value.message
    path.write_text(json.dumps({**bad, "schema_version": 7}), encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="phiên bản 7"):
        load_profile(path)
    with pytest.raises(UnreadableInputError):
        load_profile(tmp_path / "missing.json")
    with pytest.raises(UnreadableInputError):
        save_profile(Profile(), tmp_path / "empty.json")
    assert not (tmp_path / "empty.json").exists()


def test_apply_profile_fills_an_empty_draft():
    profile = load_profile(STATE)
    draft = Draft(doc_type="giay_moi", summary="Dự họp", body=[Paragraph.plain("Kính mời dự họp./.")],
                  date="2025-01-06", number="5")
    filled = apply_profile(draft, profile)
    header = (filled.rule_set, filled.issuer, filled.agency_code, filled.place)
    assert header == ("state_nd30", "SỞ NỘI VỤ", "SNV", "Quảng Ninh")
    assert filled.signature.name == "Vũ Đức Thắng" and filled.recipients.archive == "VP"
    assert draft.issuer == "" and draft.signature.name == ""  # the input is not changed
    assert validate_draft(filled) == []


def test_apply_profile_picks_signer_and_list_and_keeps_choices():
    profile = load_profile(STATE)
    draft = load_draft(EXAMPLES / "state_thong_bao.json")
    kept = apply_profile(draft, profile)
    assert kept.signature == draft.signature and kept.recipients == draft.recipients
    chosen = apply_profile(draft, profile, signer_index=2, recipient_list="Giấy mời các sở, ngành")
    assert chosen.signature.mode == "by_order_deputy" and chosen.signature.deputy_whom == "CHÁNH VĂN PHÒNG"
    assert chosen.recipients.others[0] == "Các sở, ban, ngành thuộc tỉnh"
    assert apply_profile(draft, profile, recipient_list=0).recipients.archive == "VP"
    with pytest.raises(VanBanError):
        apply_profile(draft, profile, signer_index=9)
    with pytest.raises(VanBanError):
        apply_profile(draft, profile, recipient_list="không có")


def test_party_profile_on_a_party_draft_validates():
    profile = load_profile(PARTY)
    draft = load_draft(EXAMPLES / "party_giay_moi.json")
    filled = apply_profile(draft, profile, signer_index=0, recipient_list=1)
    assert validate_draft(filled) == []


def test_profile_folder_helpers(tmp_path):
    folder = default_profile_dir()
    assert folder.name == "profiles" and "VanBan" in str(folder)
    assert list_profiles(tmp_path / "none") == []
    profile = Profile(name="Văn phòng Thành ủy Huế", rule_set="party_hd36", issuer="VĂN PHÒNG", agency_code="VPTU",
                      place="Huế", signers=[Signer(name="A B", position="CHÁNH VĂN PHÒNG")],
                      recipient_lists=[RecipientList(name="Chung", others=["Các ban đảng"],
                                                     archive="Văn phòng Thành ủy")])
    path = save_profile_in(profile, tmp_path)
    assert path.name == "van-phong-thanh-uy-hue.json"
    assert list_profiles(tmp_path) == [path] and load_profile(path) == profile
    assert profile_file_name("") == "ho-so.json"
    assert isinstance(path, Path)


def test_a_new_profile_never_overwrites_one_of_the_same_name(tmp_path):
    first = Profile(name="Văn phòng", rule_set="party_hd36", issuer="VĂN PHÒNG", agency_code="VPTU", place="Huế")
    second = Profile(name="Văn phòng", rule_set="state_nd30", issuer="VĂN PHÒNG", agency_code="VP", place="Huế")
    third = Profile(name="Văn phòng", rule_set="state_nd30", issuer="VĂN PHÒNG", agency_code="VPUB", place="Huế")
    paths = [save_profile_in(p, tmp_path, keep_others=True) for p in (first, second, third)]
    assert [p.name for p in paths] == ["van-phong.json", "van-phong-2.json", "van-phong-3.json"]
    assert [load_profile(p).agency_code for p in paths] == ["VPTU", "VP", "VPUB"]
    assert save_profile_in(third, tmp_path).name == "van-phong.json"  # editing keeps its own file
