"""``vanban sign DOC.pdf --p12 FILE | --pkcs11 LIB [--slot N | --label L]``: a visible PAdES signature.

The signer's signature image goes in box 7c (``--agency``: the seal in box 8; ``--attachment SỐ``:
the agency's stamp text on an attachment). The password or PIN is asked (getpass), or read from
``VANBAN_P12_PASSWORD`` / ``VANBAN_PKCS11_PIN``; it is never an argument. The file is signed in
place (incremental update) unless ``-o`` names another file; written through desktop.core.atomic.
"""

from __future__ import annotations

import argparse
import getpass
import os
import unicodedata
from pathlib import Path
from typing import Any

from desktop.core.atomic import atomic_write_bytes, has_extension
from desktop.core.errors import EXIT_OK, UnreadableInputError
from desktop.core.i18n import tr

P12_PASSWORD_ENV = "VANBAN_P12_PASSWORD"
PKCS11_PIN_ENV = "VANBAN_PKCS11_PIN"
TSA_ENV = "VANBAN_TSA_URL"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sign", help=tr("sign.cli.help"), description=tr("sign.cli.description"))
    parser.add_argument("pdf", type=Path, metavar="DOC.pdf", help=tr("sign.cli.arg_pdf"))
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.pdf", default=None, help=tr("sign.cli.arg_output"))
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--p12", type=Path, metavar="FILE.p12", help=tr("sign.cli.arg_p12"))
    source.add_argument("--pkcs11", metavar="LIB", help=tr("sign.cli.arg_pkcs11"))
    token = parser.add_mutually_exclusive_group()
    token.add_argument("--slot", type=int, metavar="N", help=tr("sign.cli.arg_slot"))
    token.add_argument("--label", metavar="NHÃN", help=tr("sign.cli.arg_label"))
    role = parser.add_mutually_exclusive_group()
    role.add_argument("--agency", action="store_true", help=tr("sign.cli.arg_agency"))
    role.add_argument("--attachment", metavar="SỐ/KÝ-HIỆU", help=tr("sign.cli.arg_attachment"))
    role.add_argument("--copy", metavar="LOẠI-BẢN-SAO", help=tr("sign.cli.arg_copy"))
    parser.add_argument("--copying-body", metavar="CƠ-QUAN", help=tr("sign.cli.arg_copying_body"))
    parser.add_argument("--image", type=Path, metavar="ẢNH.png", help=tr("sign.cli.arg_image"))
    parser.add_argument("--profile", type=Path, metavar="HỒ-SƠ.json", help=tr("sign.cli.arg_profile"))
    parser.add_argument("--name", metavar="HỌ-TÊN", help=tr("sign.cli.arg_name"))
    parser.add_argument("--rule-set", default=None, help=tr("sign.cli.arg_rule_set"))
    parser.add_argument("--tsa", metavar="URL", default=None, help=tr("sign.cli.arg_tsa"))
    parser.set_defaults(run=run)


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def choose_image(role: str, image: Path | None, profile: Any, name: str | None, data: bytes) -> Path | None:
    """The image to draw: ``--image``, else the profile's seal (agency) or the named signer's image."""
    if image is not None or role in ("attachment", "copy") or profile is None:
        return image
    if role == "agency":
        return Path(profile.seal_image) if profile.seal_image else None
    if name is None:
        from desktop.signing.placement import find_closing_block

        name = find_closing_block(data).name.text
    for signer in profile.signers:
        if _key(signer.name) == _key(name) and signer.signature_image:
            return Path(signer.signature_image)
    return None


def secret(env: str, prompt_key: str) -> str:
    """The password or PIN: from ``env`` (tests, scripts) or asked without echo."""
    value = os.environ.get(env)
    if value is not None:
        return value
    try:
        return getpass.getpass(tr(prompt_key))
    except (EOFError, OSError) as exc:
        raise UnreadableInputError("sign.cli.no_secret", env=env) from exc


def run(args: argparse.Namespace) -> int:
    from desktop.signing import require

    require(with_pkcs11=bool(args.pkcs11))
    from desktop.core.rules import load_rule_set
    from desktop.core.stamp_images import check_image
    from desktop.signing.sign import load_p12, pkcs11_signer, sign_pdf

    try:
        data = args.pdf.read_bytes()
    except OSError as exc:
        raise UnreadableInputError("file.not_found", path=str(args.pdf)) from exc
    if not data.startswith(b"%PDF-"):
        raise UnreadableInputError("sign.verify.not_pdf")
    output = args.output or args.pdf
    if args.output is not None and not has_extension(output, ".pdf"):
        raise UnreadableInputError("sign.cli.output_not_pdf", path=str(output))
    profile = None
    if args.profile is not None:
        from desktop.core.profile import load_profile

        profile = load_profile(args.profile)
    rule_set = args.rule_set or (profile.rule_set if profile else "state_nd30")
    rules = load_rule_set(rule_set).electronic
    role = "agency" if args.agency else "attachment" if args.attachment else "copy" if args.copy else "signer"
    stamp_text: tuple[str, ...] = (args.attachment,) if args.attachment else ()
    if role == "copy":
        from desktop.core.model import nfc

        labels = {nfc(label).upper(): nfc(label) for label in load_rule_set(rule_set).copy["labels"].values()}
        if nfc(args.copy).upper() not in labels or not (args.copying_body or "").strip():
            raise UnreadableInputError("sign.cli.copy_args", labels=", ".join(labels.values()))
        stamp_text = (labels[nfc(args.copy).upper()], " ".join(args.copying_body.split()))
    image = choose_image(role, args.image, profile, args.name, data)
    if role in ("signer", "agency"):
        if image is None:
            raise UnreadableInputError(f"sign.no_image.{role}")
        problems = check_image(image, "seal_image" if role == "agency" else "signature_image", rules)
        if problems:
            raise UnreadableInputError("sign.cli.image_rejected", path=str(image),
                                       problems=" ".join(p.message for p in problems))
    tsa = args.tsa or os.environ.get(TSA_ENV) or None
    options = {"role": role, "rules": rules, "image": image, "name": args.name,
               "stamp_text": stamp_text, "tsa_url": tsa}
    if args.p12 is not None:
        signer = load_p12(args.p12, secret(P12_PASSWORD_ENV, "sign.cli.ask_password"))
        signed = sign_pdf(data, signer, **options)
    else:
        pin = secret(PKCS11_PIN_ENV, "sign.cli.ask_pin")
        with pkcs11_signer(args.pkcs11, pin, slot=args.slot, label=args.label) as signer:
            signed = sign_pdf(data, signer, **options)
    atomic_write_bytes(output, signed)
    level = "B-T" if tsa else "B-B"
    print(tr(f"sign.cli.done.{role}", path=str(output), level=level))
    return EXIT_OK



