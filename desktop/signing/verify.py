"""Verify every signature of a PDF, offline, against the roots the user configured.

For each signature: the signer, the signing time, integrity (the hash and the CMS signature), how
much of the file it covers, whether the file was changed after it (pyHanko's difference analysis:
a later signature or form filling is allowed, anything else is not), and trust (a path to one of
the configured roots; no revocation check, offline). A file that cannot be read, a damaged
signature dictionary, or a signature that does not cover its whole revision is never "valid".
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import UnreadableInputError

CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der")
VIETNAM = dt.timezone(dt.timedelta(hours=7))


@dataclass
class SignatureReport:
    """One signature, judged."""

    field: str
    signer: str = ""
    signed_at: str | None = None  # ISO 8601 with the offset written in the file
    timestamped: bool = False
    intact: bool = False  # the signed bytes hash to what the signature says
    valid: bool = False  # and the CMS signature over them checks out
    coverage: str = "unclear"  # entire_file | entire_revision | partial | unclear
    modified_after: str = "unknown"  # none | signatures_only | form_filling | other | unknown
    trusted: bool = False
    problems: list[str] = field(default_factory=list)  # message keys (sign.verify.problem.*)

    @property
    def ok(self) -> bool:
        """Intact, valid, covering its revision, untouched since but for allowed updates."""
        return (self.intact and self.valid and self.coverage in ("entire_file", "entire_revision")
                and self.modified_after in ("none", "signatures_only", "form_filling"))

    @property
    def verdict(self) -> str:
        if not self.ok:
            return "invalid"
        return "valid" if self.trusted else "untrusted"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


def load_roots(paths: list[Path]) -> list[Any]:
    """Certificates (PEM or DER) from files and folders; an unreadable one raises, naming it."""
    from asn1crypto import pem, x509

    roots: list[Any] = []
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in CERT_SUFFIXES)
        else:
            files.append(path)
    for path in files:
        try:
            raw = path.read_bytes()
            blobs = [der for _t, _h, der in pem.unarmor(raw, multiple=True)] if pem.detect(raw) else [raw]
            roots += [x509.Certificate.load(der) for der in blobs]
            for cert in roots[-len(blobs):]:
                _ = cert.subject  # parse now: a damaged file fails here, not during validation
        except (OSError, ValueError, TypeError) as exc:
            raise UnreadableInputError("sign.verify.bad_root", path=str(path)) from exc
    return roots


def _coverage(level: Any) -> str:
    from pyhanko.sign.validation.status import SignatureCoverageLevel as Level

    return {Level.ENTIRE_FILE: "entire_file", Level.ENTIRE_REVISION: "entire_revision",
            Level.CONTIGUOUS_BLOCK_FROM_START: "partial"}.get(level, "unclear")


def _modification(status: Any) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel as Level

    diff = getattr(status, "diff_result", None)
    if diff is not None and not hasattr(diff, "modification_level"):
        return "other"  # SuspiciousModification
    level = getattr(status, "modification_level", None)
    if status.coverage is not None and _coverage(status.coverage) == "entire_file":
        return "none"
    return {Level.NONE: "none", Level.LTA_UPDATES: "signatures_only", Level.FORM_FILLING: "form_filling",
            }.get(level, "other" if level is not None else "unknown")


def _signer_name(cert: Any) -> str:
    try:
        subject = cert.subject.native
        return subject.get("common_name") or cert.subject.human_friendly
    except Exception:  # an odd certificate still gets reported
        return "?"


def verify_pdf(data: bytes, roots: list[Any]) -> list[SignatureReport]:
    """Reports for every signature in ``data``; a file that is not a readable PDF raises."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise UnreadableInputError("sign.verify.not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise UnreadableInputError("sign.verify.broken_pdf", reason=str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # pyHanko's reader raises other kinds on hostile files
        raise UnreadableInputError("sign.verify.broken_pdf", reason=type(exc).__name__) from exc
    reports: list[SignatureReport] = []
    for signature in signatures:
        report = SignatureReport(field=str(getattr(signature, "field_name", "") or "?"))
        reports.append(report)
        try:
            context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
            status = validate_pdf_signature(signature, signer_validation_context=context)
        except Exception as exc:  # a broken signature dictionary, CMS or byte range
            report.problems.append("sign.verify.problem.broken")
            report.problems.append(f"!{type(exc).__name__}: {exc}"[:200])
            continue
        report.signer = _signer_name(status.signing_cert)
        moment = status.signer_reported_dt
        if status.timestamp_validity is not None:
            report.timestamped = True
            moment = status.timestamp_validity.timestamp
        report.signed_at = moment.astimezone(VIETNAM).isoformat() if moment else None
        report.intact, report.valid = bool(status.intact), bool(status.valid)
        report.coverage = _coverage(status.coverage)
        report.modified_after = _modification(status)
        report.trusted = bool(status.trusted)
        if not report.intact:
            report.problems.append("sign.verify.problem.altered")
        elif not report.valid:
            report.problems.append("sign.verify.problem.bad_signature")
        if report.coverage not in ("entire_file", "entire_revision"):
            report.problems.append("sign.verify.problem.partial")
        if report.modified_after in ("other", "unknown"):
            report.problems.append("sign.verify.problem.modified")
        if not report.trusted:
            report.problems.append("sign.verify.problem.untrusted")
    return reports
