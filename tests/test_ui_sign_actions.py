"""The editor's "Xuất PDF để ký" and "Ký số" (pytest-qt, every prompt through the ScriptedAsker)."""

from __future__ import annotations

import json

from desktop.core.model import load_draft
from desktop.signing.sign import signature_widgets
from desktop.signing.verify import load_roots, verify_pdf
from desktop.ui import sign_actions
from desktop.ui.askers import ScriptedAsker
from tests.conftest import EXAMPLES
from tests.signing_helpers import P12_PASSWORD, make_keys
from tests.test_ui_workflow import make_window


def _profile_with_images(tmp_path, keys):
    data = json.loads((EXAMPLES / "profiles" / "state_so_noi_vu.json").read_text(encoding="utf-8"))
    data["signers"][0]["signature_image"] = str(keys.signature_png)
    data["seal_image"] = str(keys.seal_png)
    data["agency_id"] = "000.00.00.H40"
    path = tmp_path / "state_so_noi_vu.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_menu_has_the_actions(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "data")
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Xuất PDF để &ký…" in texts and "&Ký số…" in texts and "Ký số của cơ &quan (đóng dấu)…" in texts
    assert window.actions["sign_signer"].shortcut().toString() == "Ctrl+Alt+K"


def test_export_then_sign_twice_from_the_editor(qtbot, tmp_path, monkeypatch, soffice):
    keys = make_keys(tmp_path)
    monkeypatch.delenv(sign_actions.PKCS11_LIB_ENV, raising=False)
    target = tmp_path / "TB 45.v2"
    asker = ScriptedAsker({"export_pdfa": str(target), "first_profile": False})
    window = make_window(qtbot, tmp_path / "data", asker, profile=_profile_with_images(tmp_path, keys))
    window.set_draft(load_draft(EXAMPLES / "state_thong_bao.json"), modified=False)
    window.actions["sign_export"].trigger()
    pdf = tmp_path / "TB 45.v2.pdf"
    qtbot.waitUntil(lambda: pdf.exists() and not window.jobs.running, timeout=120000)
    assert [a for a in asker.asked if a.kind == "error"] == []
    assert pdf.read_bytes().startswith(b"%PDF-")

    asker.answers.update({"sign_pdf": str(pdf), "sign_certificate": [str(keys.signer_p12), str(keys.agency_p12)],
                          "sign_password": [P12_PASSWORD, P12_PASSWORD]})
    window.actions["sign_signer"].trigger()
    window.actions["sign_agency"].trigger()
    assert [a.topic for a in asker.asked if a.kind == "error"] == []
    assert asker.topics().count("sign_done") == 2
    assert "ô 8" in asker.last("sign_done").text
    data = pdf.read_bytes()
    assert [w.name for w in signature_widgets(data)] == ["VanBan_ChuKy", "VanBan_DauCoQuan"]
    assert [r.verdict for r in verify_pdf(data, load_roots([keys.ca_pem]))] == ["valid", "valid"]


def test_no_certificate_or_token_says_so(qtbot, tmp_path, monkeypatch):
    keys = make_keys(tmp_path)
    monkeypatch.delenv(sign_actions.PKCS11_LIB_ENV, raising=False)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    asker = ScriptedAsker({"first_profile": False})
    window = make_window(qtbot, tmp_path / "data", asker, profile=_profile_with_images(tmp_path, keys))
    assert sign_actions.sign_document(window, "signer", pdf) is False
    message = asker.last("sign_no_certificate")
    assert message.kind == "error" and "Không có chứng thư số hoặc thiết bị ký số" in message.text
    assert pdf.read_bytes() == b"%PDF-1.7\n%%EOF\n"


def test_a_wrong_password_and_a_missing_image_get_messages(qtbot, tmp_path, monkeypatch):
    keys = make_keys(tmp_path)
    monkeypatch.delenv(sign_actions.PKCS11_LIB_ENV, raising=False)
    from tests.signing_helpers import plain_pdf as _plain_pdf

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(_plain_pdf())
    asker = ScriptedAsker({"first_profile": False, "sign_certificate": str(keys.signer_p12), "sign_password": "sai"})
    window = make_window(qtbot, tmp_path / "data", asker, profile=_profile_with_images(tmp_path, keys))
    window.set_draft(load_draft(EXAMPLES / "state_thong_bao.json"), modified=False)
    assert sign_actions.sign_document(window, "signer", pdf) is False
    assert "sai mật khẩu" in asker.last("sign_failed").text
    window.profile.seal_image = ""
    assert sign_actions.sign_document(window, "agency", pdf) is False
    assert "chưa có ảnh dấu" in asker.last("sign_no_image").text


def test_cancelling_the_password_signs_nothing(qtbot, tmp_path, monkeypatch):
    keys = make_keys(tmp_path)
    monkeypatch.delenv(sign_actions.PKCS11_LIB_ENV, raising=False)
    from tests.signing_helpers import plain_pdf as _plain_pdf

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(_plain_pdf())
    original = pdf.read_bytes()
    asker = ScriptedAsker({"first_profile": False, "sign_certificate": str(keys.signer_p12)})
    window = make_window(qtbot, tmp_path / "data", asker, profile=_profile_with_images(tmp_path, keys))
    assert sign_actions.sign_document(window, "signer", pdf) is False
    assert asker.last("sign_password").kind == "secret" and pdf.read_bytes() == original
