"""A real PKCS#11 token: SoftHSM2 (Debian package softhsm2, installed by tasks.py), not a mock.

The fixture makes a token in a temporary folder (SOFTHSM2_CONF), imports the signer's key with
softhsm2-util and its certificate with python-pkcs11, then ``vanban sign --pkcs11`` signs a PDF
with it and ``vanban verify`` confirms the signature. A missing SoftHSM2 fails: it does not skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from desktop.cli import main
from desktop.signing.sign import signature_widgets
from tests.signing_helpers import make_keys
from tests.signing_helpers import plain_pdf as _plain_pdf

PIN = "123456"
LABEL = "VanBan-Test"
LIBRARY_PLACES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                  "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so")


def softhsm_library() -> str:
    for place in (os.environ.get("SOFTHSM2_LIB", ""), *LIBRARY_PLACES):
        if place and Path(place).exists():
            return place
    pytest.fail("SoftHSM2 is not installed (Debian: apt-get install softhsm2; `python3 tasks.py test` does it)")


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    library = softhsm_library()
    util = shutil.which("softhsm2-util")
    if util is None:
        pytest.fail("softhsm2-util is missing (Debian package softhsm2)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    keys = make_keys(folder)
    key_pem = folder / "signer-key.pem"
    key_pem.write_bytes(keys.signer.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    for command in ([util, "--init-token", "--free", "--label", LABEL, "--so-pin", "87654321", "--pin", PIN],
                    [util, "--import", str(key_pem), "--token", LABEL, "--label", "signer", "--id", "01",
                     "--pin", PIN]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    import pkcs11

    lib = pkcs11.lib(library)
    with lib.get_token(token_label=LABEL).open(user_pin=PIN, rw=True) as session:
        session.create_object({
            pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
            pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
            pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: "signer", pkcs11.Attribute.ID: b"\x01",
            pkcs11.Attribute.VALUE: keys.signer.cert.public_bytes(serialization.Encoding.DER),
            pkcs11.Attribute.SUBJECT: keys.signer.cert.subject.public_bytes(),
            pkcs11.Attribute.ISSUER: keys.signer.cert.issuer.public_bytes(),
        })
    yield library, keys
    if old is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old


def test_sign_with_the_token_and_verify(token, tmp_path, monkeypatch, capsys):
    library, keys = token
    doc = tmp_path / "cong-van.pdf"
    doc.write_bytes(_plain_pdf())
    monkeypatch.setenv("VANBAN_PKCS11_PIN", PIN)
    code = main(["sign", str(doc), "--pkcs11", library, "--label", LABEL, "--image", str(keys.signature_png),
                 "--name", "Nguyen Van A"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert [w.name for w in signature_widgets(doc.read_bytes())] == ["VanBan_ChuKy"]
    assert main(["verify", str(doc), "--trust", str(keys.ca_pem), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["signatures"][0]["signer"] == "Vũ Đức Thắng" and report["signatures"][0]["verdict"] == "valid"


def test_a_wrong_pin_and_a_missing_token_get_clear_messages(token, tmp_path, monkeypatch, capsys):
    library, keys = token
    doc = tmp_path / "a.pdf"
    original = _plain_pdf()
    doc.write_bytes(original)
    monkeypatch.setenv("VANBAN_PKCS11_PIN", "000000")
    assert main(["sign", str(doc), "--pkcs11", library, "--label", LABEL, "--image", str(keys.signature_png)]) == 2
    assert "PIN" in capsys.readouterr().err
    monkeypatch.setenv("VANBAN_PKCS11_PIN", PIN)
    assert main(["sign", str(doc), "--pkcs11", library, "--label", "khong-co", "--image",
                 str(keys.signature_png)]) == 2
    err = capsys.readouterr().err
    assert "Không có thiết bị ký số" in err and "Traceback" not in err
    assert main(["sign", str(doc), "--pkcs11", str(tmp_path / "none.so"), "--image", str(keys.signature_png)]) == 2
    assert "thư viện" in capsys.readouterr().err
    assert doc.read_bytes() == original
