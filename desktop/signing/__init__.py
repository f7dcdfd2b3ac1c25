"""Electronic issuance: PAdES signing and verification, PDF/A checks (the optional ``sign`` extra).

Nothing under desktop/core imports this package (tests/test_signing_isolation.py proves it);
the commands and the editor import it lazily and call :func:`require` first, so a clerk without
the extra gets one Vietnamese sentence telling how to install it, not a traceback.
"""

from __future__ import annotations

import importlib.util
import logging

from desktop.core.errors import VanBanError

EXTRA_MODULES = ("pyhanko", "pyhanko_certvalidator", "pikepdf", "pdfminer", "cryptography", "PIL", "fontTools",
                 "uharfbuzz")


class SigningUnavailable(VanBanError):
    """The ``sign`` extra is not installed."""


class SigningError(VanBanError):
    """Signing could not be done: a wrong password, no token, no image, a PDF that cannot be signed."""


def missing_modules() -> list[str]:
    """The modules of the extra that cannot be imported here."""
    return [name for name in EXTRA_MODULES if importlib.util.find_spec(name) is None]


def require(with_pkcs11: bool = False) -> None:
    """Raise :class:`SigningUnavailable` naming what is missing, when the extra is not installed."""
    missing = missing_modules()
    if with_pkcs11 and importlib.util.find_spec("pkcs11") is None:
        missing.append("pkcs11")
    if missing:
        raise SigningUnavailable("sign.extra_missing", modules=", ".join(missing))
    quiet_libraries()


def quiet_libraries() -> None:
    """pyHanko logs tracebacks for every untrusted path; the report says it in Vietnamese instead."""
    for name in ("pyhanko", "pyhanko_certvalidator", "pdfminer", "fontTools"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
