"""The checker's report: per file, per document, parts found and findings.

The JSON form (``FileReport.to_json``) is a contract documented in the README:
``{"file", "readable", "error", "documents": [{"system", "doc_type", "is_copy",
"parts": {PART: {"found", "text", "where"}}, "findings": [{"code", "severity", "rule",
"where", "message", "fix"}], "not_evaluated": [...]}]}``.
"""

from __future__ import annotations

import json

from desktop.core.records import asdict, field, record

PARTS = (
    "header_title", "issuer", "number", "place_date", "type_name", "summary", "addressee", "body",
    "signature_authority", "signer_title", "signer_name", "recipients", "archive", "copy_block",
)
"""Every part the checker looks for, in page order (issue #3)."""

SEVERITIES = ("error", "warning", "info")


@record
class PartFound:
    found: bool = False
    text: str = ""
    where: str = ""


@record
class Finding:
    code: str  # "missing:<part>" | "format:<part>" | "layout:<part>" | "page:size" | "page:margins" |
    #            "page:numbering" | "font:non_unicode" | "mixed_system" | "text:<name>"
    severity: str  # "error" | "warning" | "info"
    rule: str  # spec section and row, e.g. "B.1 ô 3" or "C.4"
    where: str  # Vietnamese location with a short quote
    message: str  # Vietnamese: what is wrong
    fix: str  # Vietnamese: how to fix it


@record
class DocumentReport:
    system: str = "unknown"  # "party" | "state" | "unknown"
    system_reason: str = ""  # Vietnamese: why this system (or why unknown)
    rule_set: str | None = None
    doc_type: str | None = None  # key of rules.doc_types, or None
    is_copy: bool = False
    parts: dict[str, PartFound] = field(default_factory=lambda: {p: PartFound() for p in PARTS})
    findings: list[Finding] = field(default_factory=list)
    not_evaluated: list[str] = field(default_factory=list)  # Vietnamese: what could not be judged, and why

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict:
        return {
            "system": self.system,
            "system_reason": self.system_reason,
            "rule_set": self.rule_set,
            "doc_type": self.doc_type,
            "is_copy": self.is_copy,
            "parts": {name: asdict(part) for name, part in self.parts.items()},
            "findings": [asdict(f) for f in self.findings],
            "not_evaluated": list(self.not_evaluated),
        }

    @classmethod
    def from_dict(cls, data: dict) -> DocumentReport:
        """The inverse of :meth:`to_dict`."""
        return cls(system=data["system"], system_reason=data["system_reason"], rule_set=data["rule_set"],
                   doc_type=data["doc_type"], is_copy=data["is_copy"],
                   parts={name: PartFound(**part) for name, part in data["parts"].items()},
                   findings=[Finding(**finding) for finding in data["findings"]],
                   not_evaluated=list(data["not_evaluated"]))


@record
class FileReport:
    file: str
    readable: bool = True
    error: str | None = None  # Vietnamese, when not readable
    documents: list[DocumentReport] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(doc.errors for doc in self.documents)

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "readable": self.readable,
            "error": self.error,
            "documents": [doc.to_dict() for doc in self.documents],
        }

    def to_json(self) -> str:
        """One line of the ``--json`` JSON Lines output."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> FileReport:
        """The report again from :meth:`to_json` (a checking child sends it so)."""
        data = json.loads(text)
        return cls(file=data["file"], readable=data["readable"], error=data["error"],
                   documents=[DocumentReport.from_dict(doc) for doc in data["documents"]])
