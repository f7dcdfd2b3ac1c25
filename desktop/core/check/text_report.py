"""The checker's report as text a clerk reads: one block per file, a summary table for several.

Everything shown goes through :func:`desktop.core.i18n.tr` (domain ``checkcli``). The JSON
form stays in :mod:`desktop.core.check.report`; this module only formats it.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.check.report import PARTS, DocumentReport, FileReport, Finding
from desktop.core.i18n import format_number, tr

QUOTE_LIMIT = 60
"""Longest part text quoted in the parts list; longer texts are cut with an ellipsis."""


def system_label(system: str) -> str:
    return tr(f"checkcli.system.{system}" if system in ("party", "state") else "checkcli.system.unknown")


def doc_type_label(doc: DocumentReport) -> str:
    """The document type's menu label ('Thông báo'), or 'chưa xác định'."""
    if not doc.doc_type:
        return tr("checkcli.doc_type.unknown")
    if doc.rule_set:
        from desktop.core.rules import load_rule_set

        try:
            return load_rule_set(doc.rule_set).doc_type(doc.doc_type).label
        except KeyError:
            return doc.doc_type
    return doc.doc_type


def part_label(name: str) -> str:
    return tr(f"checkcli.part.{name}")


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line, at most ``limit`` characters: line breaks become ' / '."""
    flat = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _finding_lines(finding: Finding) -> list[str]:
    key = "checkcli.finding" if finding.where.strip() else "checkcli.finding_nowhere"
    head = tr(key, rule=finding.rule, where=finding.where, message=finding.message)
    lines = [f"    - {head}"]
    if finding.fix:
        lines.append("      " + tr("checkcli.fix", fix=finding.fix))
    return lines


def _findings_section(title_key: str, findings: list[Finding]) -> list[str]:
    if not findings:
        return []
    lines = ["  " + tr(title_key, count=len(findings))]
    for finding in findings:
        lines += _finding_lines(finding)
    return lines


def format_document(doc: DocumentReport, index: int, count: int) -> list[str]:
    """The lines for one document of a file: system, type, parts, findings, what was not judged."""
    title = tr("checkcli.document", index=index, count=count, system=system_label(doc.system),
               doc_type=doc_type_label(doc))
    if doc.is_copy:
        title += " " + tr("checkcli.is_copy")
    lines = [title]
    if doc.system_reason:
        lines.append("  " + tr("checkcli.system_reason", reason=doc.system_reason))
    lines.append("  " + tr("checkcli.parts_title"))
    for name in PARTS:
        part = doc.parts.get(name)
        if part is None:
            continue
        label = part_label(name)
        if part.found:
            where = f" ({part.where})" if part.where else ""
            lines.append(f"    ✓ {label}: «{shorten(part.text)}»{where}")
        else:
            lines.append(f"    ✗ {label}: {tr('checkcli.part_missing')}")
    by_severity = {sev: [f for f in doc.findings if f.severity == sev] for sev in ("error", "warning", "info")}
    lines += _findings_section("checkcli.errors_title", by_severity["error"])
    lines += _findings_section("checkcli.warnings_title", by_severity["warning"])
    lines += _findings_section("checkcli.infos_title", by_severity["info"])
    if doc.not_evaluated:
        lines.append("  " + tr("checkcli.not_evaluated_title"))
        lines += [f"    - {item}" for item in doc.not_evaluated]
    lines.append("  " + tr("checkcli.document_result", errors=len(by_severity["error"]),
                           warnings=len(by_severity["warning"]), infos=len(by_severity["info"])))
    return lines


def format_file_report(report: FileReport) -> str:
    """The readable report of one file (no trailing newline)."""
    lines = [tr("checkcli.file", file=report.file)]
    if not report.readable:
        lines.append("  " + tr("checkcli.unreadable", error=report.error or tr("checkcli.unknown_error")))
        return "\n".join(lines)
    if not report.documents:
        lines.append("  " + tr("checkcli.no_document"))
    for index, doc in enumerate(report.documents, start=1):
        lines += ["  " + line for line in format_document(doc, index, len(report.documents))]
    return "\n".join(lines)


# --- summary table ------------------------------------------------------------------------


def summary_rows(reports: Sequence[FileReport]) -> list[list[str]]:
    """One row per document (an unreadable file: one row), in the table's column order."""
    rows: list[list[str]] = []
    yes, no = tr("checkcli.yes"), tr("checkcli.no")
    for report in reports:
        if not report.readable or not report.documents:
            rows.append([report.file, "—", "—", "—", "—", yes if report.readable else no])
            continue
        for doc in report.documents:
            rows.append([report.file, system_label(doc.system), doc_type_label(doc),
                         str(len(doc.errors)), str(len(doc.warnings)), yes])
    return rows


def format_table(header: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    """A plain text table with a rule under the header; numeric columns right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def format_summary(reports: Sequence[FileReport]) -> str:
    """The table at the end of a batch: file, system, type, errors, warnings, readable; then totals."""
    header = [tr("checkcli.col.file"), tr("checkcli.col.system"), tr("checkcli.col.type"),
              tr("checkcli.col.errors"), tr("checkcli.col.warnings"), tr("checkcli.col.readable")]
    table = format_table(header, summary_rows(reports), numeric={3, 4})
    unreadable = sum(1 for r in reports if not r.readable)
    with_errors = sum(1 for r in reports if r.readable and r.has_errors)
    counts = {"files": len(reports), "with_errors": with_errors, "unreadable": unreadable,
              "clean": len(reports) - unreadable - with_errors}
    totals = tr("checkcli.totals", **{name: format_number(count) for name, count in counts.items()})
    return "\n".join([tr("checkcli.summary_title"), table, totals])
