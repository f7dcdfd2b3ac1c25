"""Is a .docx valid for Word? The Open XML SDK's rules, through openxml-audit (a pure-Python port).

:func:`validate_docx` first opens the file with the checker's safe package reader
(desktop/core/check/package.py: size and zip-bomb limits, no DTD or entity in any XML part,
password-protected and non-Word files refused, each as an :class:`UnreadableInputError`),
then runs openxml-audit's package, schema and semantic rules for one Office version
(Office 2010 by default: the oldest Word the offices still run without the compatibility pack).
Each finding names the part (``/word/document.xml``), the XML path and the validator's message.

openxml-audit is imported only here and only when a file is validated: a missing install is a
:class:`WordValidatorMissingError` with a Vietnamese message, never an ImportError.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop.core.check.package import (
    MAX_FILE_BYTES,
    Package,
    ole_kind,
    os_errors_as_unreadable,
    sniff,
    unreadable,
)
from desktop.core.errors import UnreadableInputError, VanBanError

OFFICE_VERSIONS = ("2007", "2010", "2013", "2016", "2019", "2021", "365")
"""The Word versions whose rules can be asked for; each later one includes the earlier ones."""
DEFAULT_VERSION = "2010"

_FORMAT_NAMES = {"2007": "OFFICE_2007", "2010": "OFFICE_2010", "2013": "OFFICE_2013", "2016": "OFFICE_2016",
                 "2019": "OFFICE_2019", "2021": "OFFICE_2021", "365": "MICROSOFT_365"}
_XML_SUFFIXES = (".xml", ".rels", ".vml")
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")


class WordValidatorMissingError(VanBanError):
    """openxml-audit is not installed."""


@dataclass(frozen=True)
class WordFinding:
    """One rule a file breaks: where (part, XML path) and what (the validator's message)."""

    part: str
    path: str
    message: str
    kind: str = "schema"
    severity: str = "error"
    rule_id: str = ""

    def __str__(self) -> str:
        where = f"{self.part} {self.path}".strip()
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _audit():
    """The openxml_audit module, or a Vietnamese error saying how to install it."""
    try:
        import openxml_audit
    except ImportError as exc:
        raise WordValidatorMissingError("word.validator_missing") from exc
    return openxml_audit


@cache
def _validator(version: str):
    audit = _audit()
    file_format = getattr(audit.FileFormat, _FORMAT_NAMES[version])
    return audit.OpenXmlValidator(file_format=file_format, max_errors=0)


def refuse_unsafe(path: Path) -> None:
    """Raise UnreadableInputError unless ``path`` is a Word zip package the checker would open safely.

    Every XML member is parsed with the safe parser (no DTD, no entity, bounded sizes), so the
    validator never meets a hostile part.
    """
    with os_errors_as_unreadable(path, missing="not_found"):
        info = path.stat()
    if os.path.isdir(path):
        raise unreadable("is_directory", path)
    if info.st_size > MAX_FILE_BYTES:
        raise unreadable("too_large", path, size_mb=info.st_size // (1024 * 1024),
                         limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    kind = sniff(path)
    if kind == "empty":
        raise unreadable("empty_file", path)
    if kind == "ole":
        if ole_kind(path) == "encrypted":
            raise unreadable("encrypted", path)
        raise UnreadableInputError("word.old_doc", name=path.name, path=str(path))
    if kind != "zip":
        if path.suffix.lower() in WORD_SUFFIXES:
            raise unreadable("not_word_zip", path)
        raise UnreadableInputError("word.not_docx", name=path.name, path=str(path))
    with Package(path) as package:
        if not package.has("[Content_Types].xml") or not package.has("word/document.xml"):
            raise unreadable("not_word", path)
        for name in package.names():
            if name.lower().endswith(_XML_SUFFIXES):
                package.xml(name)


def validate_docx(path: Path | str, version: str = DEFAULT_VERSION) -> list[WordFinding]:
    """Every rule of Word ``version`` (see :data:`OFFICE_VERSIONS`) the file breaks; [] when valid.

    Raises UnreadableInputError for a file that is not a safe Word package, and
    WordValidatorMissingError when openxml-audit is not installed.
    """
    if version not in _FORMAT_NAMES:
        raise ValueError(f"unknown Office version {version!r}; one of {OFFICE_VERSIONS}")
    path = Path(path)
    refuse_unsafe(path)
    result = _validator(version).validate(path)
    return [WordFinding(part=e.part_uri or "/", path=e.path or "", message=e.description,
                        kind=e.error_type.value, severity=e.severity.value, rule_id=e.id or "")
            for e in result.errors]


def validate_docx_bytes(data: bytes, version: str = DEFAULT_VERSION) -> list[WordFinding]:
    """:func:`validate_docx` for a document held in memory (e.g. ``render.render_bytes``)."""
    with tempfile.TemporaryDirectory(prefix="vanban-word-") as folder:
        path = Path(folder) / "document.docx"
        path.write_bytes(data)
        return validate_docx(path, version)


def describe(findings: list[WordFinding]) -> str:
    """Findings one per line (part, XML path, message): what a failing test prints."""
    return "\n".join(str(finding) for finding in findings)
