"""PAdES B-T: with a timestamp server configured, the signature carries an RFC 3161 token and
verify reports the time from it. The server is a local one (127.0.0.1) answering with pyHanko's
DummyTimeStamper under a TSA certificate of the test CA; nothing leaves the machine."""

from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.cli import main
from desktop.signing.verify import load_roots, verify_pdf
from tests.signing_helpers import P12_PASSWORD, make_keys
from tests.signing_helpers import plain_pdf as _plain_pdf


def _tsa(ca):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "VanBan Test TSA")]))
            .issuer_name(ca.cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(ca.key, hashes.SHA256()))
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return (asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            asn1_keys.PrivateKeyInfo.load(der_key))


@pytest.fixture
def tsa_url(tmp_path):
    from pyhanko.sign.timestamps import DummyTimeStamper

    keys = make_keys(tmp_path)
    cert, key = _tsa(keys.ca)
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=key,
                               certs_to_embed=[asn1_x509.Certificate.load(keys.ca.cert.public_bytes(
                                   serialization.Encoding.DER))])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            """Quiet: the test reads the answers, not the server's log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield keys, f"http://127.0.0.1:{server.server_address[1]}/tsa"
    server.shutdown()
    server.server_close()


def test_b_t_signature_with_a_local_timestamp_server(tsa_url, tmp_path, monkeypatch, capsys):
    keys, url = tsa_url
    doc = tmp_path / "a.pdf"
    doc.write_bytes(_plain_pdf())
    monkeypatch.setenv("VANBAN_P12_PASSWORD", P12_PASSWORD)
    assert main(["sign", str(doc), "--p12", str(keys.signer_p12), "--image", str(keys.signature_png),
                 "--tsa", url]) == 0
    assert "PAdES B-T" in capsys.readouterr().out
    report = verify_pdf(doc.read_bytes(), load_roots([keys.ca_pem]))[0]
    assert report.timestamped and report.verdict == "valid" and report.signed_at.endswith("+07:00")
    assert main(["verify", str(doc), "--trust", str(keys.ca_pem)]) == 0
    assert "theo dấu thời gian" in capsys.readouterr().out


def test_an_unreachable_timestamp_server_fails_clearly(tmp_path, monkeypatch, capsys):
    keys = make_keys(tmp_path)
    doc = tmp_path / "a.pdf"
    original = _plain_pdf()
    doc.write_bytes(original)
    monkeypatch.setenv("VANBAN_P12_PASSWORD", P12_PASSWORD)
    code = main(["sign", str(doc), "--p12", str(keys.signer_p12), "--image", str(keys.signature_png),
                 "--tsa", "http://127.0.0.1:9/tsa"])
    err = capsys.readouterr().err
    assert code == 2 and "Ký số không thành công" in err and "Traceback" not in err
    assert doc.read_bytes() == original
