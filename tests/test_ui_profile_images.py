"""The profile dialog keeps the agency's mã định danh, its seal image and each signer's signature
image, and checks the images when OK is pressed (spec B.2 ô 7c, ô 8)."""

from __future__ import annotations

from desktop.core.profile import load_profile
from desktop.ui.askers import ScriptedAsker
from desktop.ui.profile_dialog import SIGNER_COLUMNS, ProfileDialog
from tests.conftest import EXAMPLES
from tests.signing_helpers import seal_png, signature_png


def _dialog(qtbot, profile, asker):
    dialog = ProfileDialog(profile, asker)
    qtbot.addWidget(dialog)
    return dialog


def test_images_and_agency_id_survive_the_dialog(qtbot, tmp_path):
    profile = load_profile(EXAMPLES / "profiles" / "state_so_noi_vu.json")
    profile.agency_id = "000.00.00.H40"
    profile.seal_image = str(seal_png(tmp_path / "dau.png"))
    profile.signers[0].signature_image = str(signature_png(tmp_path / "ky.png"))
    asker = ScriptedAsker()
    dialog = _dialog(qtbot, profile, asker)
    edited = dialog.profile()
    assert edited.agency_id == "000.00.00.H40" and edited.seal_image == profile.seal_image
    assert edited.signers[0].signature_image == profile.signers[0].signature_image
    dialog.accept_checked()
    assert dialog.result() == ProfileDialog.DialogCode.Accepted and asker.asked == []


def test_a_bad_image_keeps_the_dialog_open_and_says_why(qtbot, tmp_path):
    profile = load_profile(EXAMPLES / "profiles" / "state_so_noi_vu.json")
    asker = ScriptedAsker()
    dialog = _dialog(qtbot, profile, asker)
    dialog.seal_image.setText(str(signature_png(tmp_path / "xanh.png")))  # a blue stroke, no DPI: not a seal
    column = SIGNER_COLUMNS.index("signature_image")
    dialog.signers.item(0, column).setText(str(tmp_path / "khong-co.png"))
    dialog.accept_checked()
    assert dialog.result() != ProfileDialog.DialogCode.Accepted
    message = asker.last("profile_images")
    assert message.kind == "error" and len(message.details) == 2
    assert "DPI" in message.details[0] and "màu đỏ" in message.details[0]
    assert "Vũ Đức Thắng" in message.details[1] and "Không đọc được" in message.details[1]
