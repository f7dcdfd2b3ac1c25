"""The editor's electronic-issuance actions: "Xuất PDF để ký" and "Ký số" (signer, agency).

Installed on the File menu by :func:`install`. Every question goes through the window's asker
(``sign_pdf``, ``sign_certificate``, ``sign_password``, ``export_pdfa`` …); without the ``sign``
extra, a certificate or a token, the clerk gets one Vietnamese sentence saying what is missing.
The PDF/A export runs in a worker thread; signing itself is short and runs in the window.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from desktop.core.atomic import atomic_write_bytes, has_extension, with_extension
from desktop.core.errors import VanBanError
from desktop.core.i18n import tr

PKCS11_LIB_ENV = "VANBAN_PKCS11_LIB"  # the token's PKCS#11 library (from its vendor's driver)
ACTIONS = {"sign_export": "Ctrl+Alt+E", "sign_signer": "Ctrl+Alt+K", "sign_agency": None}


def install(window: Any, menu: Any) -> None:
    """Add the three actions to ``menu`` (the File menu), kept in ``window.actions``."""
    menu.addSeparator()
    slots = {"sign_export": lambda: export_for_signing(window),
             "sign_signer": lambda: sign_document(window, "signer"),
             "sign_agency": lambda: sign_document(window, "agency")}
    for key, shortcut in ACTIONS.items():
        action = QAction(tr(f"sign.ui.action.{key}"), window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tr(f"sign.ui.tip.{key}"))
        action.triggered.connect(lambda _checked=False, slot=slots[key]: slot())
        menu.addAction(action)
        window.actions[key] = action


def _extra_missing(window: Any) -> bool:
    from desktop.signing import SigningUnavailable, require

    try:
        require()
    except SigningUnavailable as exc:
        window.asker.inform("sign_unavailable", tr("sign.ui.title"), exc.message, error=True)
        return True
    return False


def export_job(draft: Any, target: Path, *, progress: Any) -> Path:
    """Worker: PDF/A-2b through LibreOffice, read back, then written atomically."""
    from desktop.commands.issue import export_pdfa
    from desktop.signing import SigningError
    from desktop.signing.pdfa_check import check_pdfa

    progress(0, 2)
    pdf = export_pdfa(draft)
    progress(1, 2)
    report = check_pdfa(pdf)
    if not report.ok:
        raise SigningError("sign.ui.not_pdfa", problems=" ".join(report.messages()))
    atomic_write_bytes(target, pdf)
    progress(2, 2)
    return target


def export_for_signing(window: Any, target: Path | None = None) -> None:
    """Xuất PDF để ký: the draft as PDF/A-2b, ready for the signer's and the agency's signatures."""
    if _extra_missing(window):
        return
    draft = window.form.draft()
    if window.export_blockers(draft):
        return
    if target is None:
        stem = window.path.name[:-5] if window.path and window.path.name.endswith(".json") else tr("ui.default_file")
        base = window.last_export.parent if window.last_export else window._start_dir()
        target = window.asker.save_path("export_pdfa", tr("sign.ui.action.sign_export"), tr("sign.ui.filter_pdf"),
                                        base / f"{stem}.pdf")
        if target is None:
            return
    target = with_extension(target, ".pdf")

    def done(path: Path) -> None:
        window.last_export = path
        window.status(tr("sign.ui.exported", path=str(path)))

    window.status(tr("sign.ui.exporting"))
    window.jobs.start(export_job, draft, target, on_done=done,
                      on_failed=window._job_failed("sign_export_failed", "sign.ui.title"), on_progress=window._progress)


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def profile_image(window: Any, role: str) -> Path | None:
    """The seal of the profile in use (agency), or the image of the draft's signer (signer)."""
    profile = window.profile
    if profile is None:
        return None
    if role == "agency":
        return Path(profile.seal_image) if profile.seal_image else None
    name = _key(window.form.draft().signature.name)
    for signer in profile.signers:
        if _key(signer.name) == name and signer.signature_image:
            return Path(signer.signature_image)
    return None


def sign_document(window: Any, role: str, pdf: Path | None = None) -> bool:
    """Ký số: a visible PAdES signature on a PDF (``role`` "signer": box 7c; "agency": box 8)."""
    if _extra_missing(window):
        return False
    asker, title = window.asker, tr(f"sign.ui.action.sign_{role}")
    if pdf is None:
        pdf = asker.open_path("sign_pdf", title, tr("sign.ui.filter_pdf"),
                              window.last_export.parent if window.last_export else window._start_dir())
        if pdf is None:
            return False
    if not has_extension(pdf, ".pdf"):
        asker.inform("sign_failed", title, tr("sign.cli.output_not_pdf", path=str(pdf)), error=True)
        return False
    library = os.environ.get(PKCS11_LIB_ENV, "")
    certificate = None
    if not (library and Path(library).exists()):
        certificate = asker.open_path("sign_certificate", tr("sign.ui.choose_certificate"), tr("sign.ui.filter_p12"))
        if certificate is None:
            asker.inform("sign_no_certificate", title, tr("sign.ui.no_certificate"), error=True)
            return False
    image = profile_image(window, role)
    if image is None:
        asker.inform("sign_no_image", title, tr(f"sign.ui.no_image.{role}"), error=True)
        return False
    try:
        return _sign(window, role, pdf, certificate, library, image, title)
    except VanBanError as exc:
        asker.inform("sign_failed", title, exc.message, error=True)
        return False


def _sign(window: Any, role: str, pdf: Path, certificate: Path | None, library: str, image: Path, title: str) -> bool:
    from desktop.core.rules import load_rule_set
    from desktop.core.stamp_images import check_image
    from desktop.signing.sign import load_p12, pkcs11_signer, sign_pdf

    asker = window.asker
    rules = load_rule_set(window.form.draft().rule_set).electronic
    problems = check_image(image, "seal_image" if role == "agency" else "signature_image", rules)
    if problems:
        asker.inform("sign_bad_image", title, tr("sign.cli.image_rejected", path=str(image),
                                                  problems=" ".join(p.message for p in problems)), error=True)
        return False
    try:
        data = pdf.read_bytes()
    except OSError:
        asker.inform("sign_failed", title, tr("file.not_found", path=str(pdf)), error=True)
        return False
    name = window.form.draft().signature.name or None
    secret = asker.secret("sign_password", title,
                          tr("sign.cli.ask_password" if certificate is not None else "sign.cli.ask_pin"))
    if secret is None:
        return False
    if certificate is not None:
        signed = sign_pdf(data, load_p12(certificate, secret), role=role, rules=rules, image=image, name=name)
    else:
        with pkcs11_signer(library, secret) as signer:
            signed = sign_pdf(data, signer, role=role, rules=rules, image=image, name=name)
    atomic_write_bytes(pdf, signed)
    window.status(tr(f"sign.cli.done.{role}", path=str(pdf), level="B-B"))
    asker.inform("sign_done", title, tr(f"sign.cli.done.{role}", path=str(pdf), level="B-B"))
    return True
