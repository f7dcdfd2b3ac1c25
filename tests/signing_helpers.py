"""Test material for electronic issuance: a CA, a signer's and an agency's certificates
(cryptography), PKCS#12 files, and PNG signature/seal images written byte by byte."""

from __future__ import annotations

import datetime as dt
import math
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

P12_PASSWORD = "mật-khẩu-thử 123"


def _name(common: str, org: str = "Sở Nội vụ tỉnh Quảng Ninh") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_der(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def make_ca(common: str = "VanBan Test Root CA") -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    subject = _name(common, "VanBan Test")
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(key, cert)


def issue(ca: Issued, common: str) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(ca.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return Issued(key, cert)


def write_p12(path: Path, holder: Issued, ca: Issued, password: str = P12_PASSWORD) -> Path:
    blob = pkcs12.serialize_key_and_certificates(
        holder.cert.subject.rfc4514_string().encode(), holder.key, holder.cert, [ca.cert],
        serialization.BestAvailableEncryption(password.encode("utf-8")))
    path.write_bytes(blob)
    return path


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def write_png(path: Path, width: int, height: int, pixel, dpi: float | None = None, colour_type: int = 6) -> Path:
    """A PNG whose pixel (x, y) -> (r, g, b, a); colour type 6 (RGBA) or 2 (RGB, alpha ignored)."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            r, g, b, a = pixel(x, y)
            row += bytes((r, g, b, a)) if colour_type == 6 else bytes((r, g, b))
        rows.append(bytes(row))
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    if dpi:
        ppm = round(dpi / 0.0254)
        data += _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    data += _chunk(b"IDAT", zlib.compress(b"".join(rows))) + _chunk(b"IEND", b"")
    path.write_bytes(data)
    return path


def signature_png(path: Path, colour=(20, 40, 200), transparent: bool = True) -> Path:
    """A blue handwritten-looking stroke on a transparent background, 300×100 px."""
    def pixel(x: int, y: int):
        on = abs(y - (50 + 30 * math.sin(x / 25))) < 4
        if on:
            return (*colour, 255)
        return (255, 255, 255, 0 if transparent else 255)
    return write_png(path, 300, 100, pixel, colour_type=6)


def seal_png(path: Path, diameter_mm: float = 36, dpi: float = 150, colour=(220, 20, 30)) -> Path:
    """A red ring at real size (pHYs), transparent outside and inside."""
    size = round(diameter_mm / 25.4 * dpi)
    centre = size / 2

    def pixel(x: int, y: int):
        distance = math.hypot(x - centre, y - centre)
        if centre - 8 < distance < centre - 2 or distance < 6:
            return (*colour, 255)
        return (255, 255, 255, 0)
    return write_png(path, size, size, pixel, dpi=dpi)


def rendered_pdf(example: Path, folder: Path) -> bytes:
    """An example draft rendered to .docx and turned into PDF by LibreOffice (as a clerk exports it)."""
    from desktop.core.model import load_draft
    from desktop.core.office import docx_to_pdf
    from desktop.core.render import render_to_file

    docx = render_to_file(load_draft(example), folder / f"{example.stem}.docx")
    return docx_to_pdf(docx, folder).read_bytes()


@dataclass
class Keys:
    """Everything a signing test needs, made once per test module."""

    folder: Path
    ca: Issued
    signer: Issued
    agency: Issued
    signer_p12: Path
    agency_p12: Path
    ca_pem: Path
    signature_png: Path
    seal_png: Path


def make_keys(folder: Path) -> Keys:
    ca = make_ca()
    signer, agency = issue(ca, "Vũ Đức Thắng"), issue(ca, "Sở Nội vụ tỉnh Quảng Ninh")
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.cert_pem())
    return Keys(folder, ca, signer, agency, write_p12(folder / "signer.p12", signer, ca),
                write_p12(folder / "agency.p12", agency, ca), ca_pem,
                signature_png(folder / "chu-ky.png"), seal_png(folder / "dau.png"))


def plain_pdf() -> bytes:
    """A one-page PDF with a closing block (title, gap, name) drawn by pyHanko's writer."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    font = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"), generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Times-Bold")}))
    ops = b"BT /F1 14 Tf 1 0 0 1 400 470 Tm (GIAM DOC) Tj 1 0 0 1 385 390 Tm (Nguyen Van A) Tj ET " \
          b"BT /F1 13 Tf 1 0 0 1 85 700 Tm (Noi dung van ban) Tj ET"
    stream = writer.add_object(generic.StreamObject(stream_data=ops))
    page = generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Page"),
        generic.pdf_name("/MediaBox"): generic.ArrayObject(map(generic.NumberObject, (0, 0, 595, 842))),
        generic.pdf_name("/Contents"): stream,
        generic.pdf_name("/Resources"): generic.DictionaryObject({generic.pdf_name("/Font"): generic.DictionaryObject(
            {generic.pdf_name("/F1"): font})}),
    })
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
