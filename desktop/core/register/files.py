"""Import and export the register with the columns of NĐ 30 Phụ lục IV.

Import: a CSV (UTF-8, comma or semicolon) or an XLSX (the first sheet), header row found by
its column names (with or without marks), the column-number row of a printed register
skipped. Every row is read first; duplicates (one number twice in a series), malformed
numbers and unreadable dates are errors and nothing is written; gaps are reported.
Export: XLSX (openpyxl) and .docx (landscape, for printing and binding, NĐ 30 Điều 16)
for a date range, written atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import atomic_write_bytes
from desktop.core.errors import UnreadableInputError
from desktop.core.i18n import tr
from desktop.core.profile import RegisterSettings
from desktop.core.register.numbering import code_type, cycle_for, series_for, settings_for, split_number_code
from desktop.core.register.store import CANCELLED, Entry, Gap, RegisterStore, fold, report_of
from desktop.core.rules import RuleSet

PHU_LUC_IV = (
    ("symbol", "register.col.symbol"),
    ("issued_on", "register.col.date"),
    ("type_summary", "register.col.type_summary"),
    ("signer", "register.col.signer"),
    ("recipients", "register.col.recipients"),
    ("archive", "register.col.archive"),
    ("copies", "register.col.copies"),
    ("transfer_date", "register.col.transfer_date"),
    ("receiver_sign", "register.col.receiver_sign"),
    ("note", "register.col.note"),
)
"""The register's columns, in the order of Phụ lục IV."""

# Folded (no marks, lower case) header words -> column; the first match wins.
_HEADER_WORDS = (
    ("ngay chuyen", "transfer_date"), ("ky nhan", "receiver_sign"), ("ban luu", "archive"),
    ("so luong", "copies"), ("so, ky hieu", "symbol"), ("so ky hieu", "symbol"), ("so va ky hieu", "symbol"),
    ("ngay", "issued_on"), ("trich yeu", "type_summary"), ("ten loai", "type_summary"),
    ("nguoi ky", "signer"), ("noi nhan", "recipients"), ("ghi chu", "note"),
    ("symbol", "symbol"), ("issued_on", "issued_on"), ("type_summary", "type_summary"), ("signer", "signer"),
    ("recipients", "recipients"), ("archive", "archive"), ("copies", "copies"),
    ("transfer_date", "transfer_date"), ("receiver_sign", "receiver_sign"), ("note", "note"),
)
MAX_IMPORT_BYTES = 64 * 1024 * 1024


@dataclass
class ImportProblem:
    row: int  # the row in the file (1 = first line)
    message: str


@dataclass
class ImportResult:
    entries: list[Entry] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_column(cell: str) -> str | None:
    folded = " ".join(fold(cell).split())
    for words, column in _HEADER_WORDS:
        if folded.startswith(words) or (len(words) > 6 and words in folded):
            return column
    return None


def read_rows(path: Path) -> list[list[Any]]:
    """The cells of a CSV or XLSX file, row by row; unreadable files raise (exit 2)."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableInputError("file.not_found", path=str(path))
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise UnreadableInputError("register.import_too_big", path=str(path))
    suffix = path.name.lower().rsplit(".", 1)[-1]
    if suffix in ("xlsx", "xlsm"):
        try:
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            book.close()
            return rows
        except Exception as exc:
            raise UnreadableInputError("register.import_unreadable", path=str(path), reason=str(exc)) from exc
    if suffix in ("csv", "txt"):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnreadableInputError("register.import_not_utf8", path=str(path)) from exc
        dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=dialect)]
    raise UnreadableInputError("register.import_kind", path=str(path))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def parse_date(value: Any) -> str | None:
    """An ISO date from a cell: a date, '05/02/2026', '5-2-2026' or '2026-02-05'; None if unreadable."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    match = _DMY.match(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def import_file(path: Path, rules: RuleSet, settings: RegisterSettings | None,
                store: RegisterStore | None = None) -> ImportResult:
    """Read a register file into rows and report its problems; writes nothing."""
    settings = settings_for(rules, settings)
    rows = read_rows(path)
    result = ImportResult()
    header_at, columns = _find_header(rows)
    if header_at is None:
        raise UnreadableInputError("register.import_no_header", path=str(path))
    seen: dict[tuple[str, str, int], int] = {}
    for index in range(header_at + 1, len(rows)):
        cells = {col: rows[index][i] for i, col in columns.items() if i < len(rows[index])}
        texts = {col: _text(v) for col, v in cells.items()}
        if not any(texts.values()) or all(t.strip("()").isdigit() and len(t) <= 4 for t in texts.values() if t):
            continue  # blank, or the printed register's column numbers (1) (2) (3)…
        line = index + 1
        entry = _entry(line, cells, texts, rules, settings, result)
        if entry is None:
            continue
        where = (entry.series, entry.cycle, entry.number)
        if where in seen:
            result.errors.append(ImportProblem(line, tr("register.import.duplicate", symbol=entry.symbol,
                                                        other=seen[where])))
            continue
        seen[where] = line
        if store is not None and store.find(entry.key, entry.number) is not None:
            result.errors.append(ImportProblem(line, tr("register.import.in_register", symbol=entry.symbol)))
            continue
        result.entries.append(entry)
    ordered = sorted((e.series, e.cycle, e.number) for e in result.entries)
    result.gaps = report_of(ordered, []).gaps
    return result


def _find_header(rows: list[list[Any]]) -> tuple[int | None, dict[int, str]]:
    for index, row in enumerate(rows[:20]):
        columns: dict[int, str] = {}
        for i, cell in enumerate(row):
            column = _header_column(_text(cell)) if cell is not None else None
            if column and column not in columns.values():
                columns[i] = column
        if "symbol" in columns.values() and len(columns) >= 3:
            return index, columns
    return None, {}


def _entry(line: int, cells: dict[str, Any], texts: dict[str, str], rules: RuleSet, settings: RegisterSettings,
           result: ImportResult) -> Entry | None:
    parsed = split_number_code(texts.get("symbol", ""))
    if parsed is None:
        result.errors.append(ImportProblem(line, tr("register.import.malformed", text=texts.get("symbol", ""))))
        return None
    number, digits, code = parsed
    issued_on = parse_date(cells.get("issued_on"))
    if issued_on is None:
        result.errors.append(ImportProblem(line, tr("register.import.bad_date", text=texts.get("issued_on", ""))))
        return None
    copies_text = texts.get("copies", "")
    if copies_text and not copies_text.isdigit():
        result.errors.append(ImportProblem(line, tr("register.import.bad_copies", text=copies_text)))
        return None
    doc_type = code_type(code, rules)
    copy_codes = set(rules.copy["codes"].values())
    first = code.split("/")[0] if rules.system == "party" else code.split("-")[0]
    try:
        series = "copy" if first in copy_codes else series_for(rules, settings, doc_type)
        cycle = cycle_for(rules, settings, dt.date.fromisoformat(issued_on))
    except Exception as exc:
        result.errors.append(ImportProblem(line, getattr(exc, "message", str(exc))))
        return None
    sep = "-" if rules.system == "party" else "/"
    transfer = parse_date(cells.get("transfer_date")) or texts.get("transfer_date", "")
    return Entry(code=code, symbol_pattern="{number}" + sep + "{code}", issued_on=issued_on, doc_type=doc_type,
                 type_summary=texts.get("type_summary", ""), signer=texts.get("signer", ""),
                 recipients=texts.get("recipients", ""), archive=texts.get("archive", ""),
                 copies=int(copies_text) if copies_text else None, transfer_date=transfer,
                 receiver_sign=texts.get("receiver_sign", ""), note=texts.get("note", ""),
                 series=series, cycle=cycle, number=number, number_text=digits, symbol=f"{digits}{sep}{code}",
                 source="import")


# --- export ---------------------------------------------------------------------------


def _shown_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def export_row(entry: Entry) -> list[Any]:
    """One register row as printed: dates dd/mm/yyyy, a cancelled number says so in Ghi chú."""
    note = entry.note
    if entry.status == CANCELLED:
        note = tr("register.export.cancelled", reason=entry.cancel_reason) + (f" {note}" if note else "")
    elif entry.status == "reserved":
        note = tr("register.export.reserved") + (f" {note}" if note else "")
    return [entry.symbol, _shown_date(entry.issued_on), entry.type_summary, entry.signer, entry.recipients,
            entry.archive, entry.copies if entry.copies is not None else "",
            _shown_date(entry.transfer_date) if parse_date(entry.transfer_date) else entry.transfer_date,
            entry.receiver_sign, note]


def period_title(date_from: str | None, date_to: str | None) -> str:
    if date_from and date_to:
        return tr("register.export.period", start=_shown_date(date_from), end=_shown_date(date_to))
    if date_from:
        return tr("register.export.since", start=_shown_date(date_from))
    if date_to:
        return tr("register.export.until", end=_shown_date(date_to))
    return ""


def export_xlsx(entries: Sequence[Entry], path: Path, *, issuer: str = "", period: str = "") -> Path:
    """The register as an XLSX sheet in the Phụ lục IV layout (landscape, headers repeated)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "So di"
    bold = Font(name="Times New Roman", size=12, bold=True)
    plain = Font(name="Times New Roman", size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = len(PHU_LUC_IV)
    titles = [issuer, tr("register.export.title"), period]
    row = 1
    for text in titles:
        if text:
            sheet.cell(row=row, column=1, value=text).font = bold
            sheet.cell(row=row, column=1).alignment = centre
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            row += 1
    header_row = row + 1
    for col, (_name, key) in enumerate(PHU_LUC_IV, start=1):
        cell = sheet.cell(row=header_row, column=col, value=tr(key))
        cell.font, cell.alignment, cell.border = bold, centre, box
        number = sheet.cell(row=header_row + 1, column=col, value=f"({col})")
        number.font, number.alignment, number.border = plain, centre, box
    for offset, entry in enumerate(entries, start=header_row + 2):
        for col, value in enumerate(export_row(entry), start=1):
            cell = sheet.cell(row=offset, column=col, value=value)
            cell.font, cell.alignment, cell.border = plain, wrap, box
    for col, width in enumerate((14, 12, 45, 18, 30, 18, 8, 12, 12, 18), start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{header_row}:{header_row + 1}"
    sheet.freeze_panes = sheet.cell(row=header_row + 2, column=1)
    out = io.BytesIO()
    book.save(out)
    atomic_write_bytes(Path(path), out.getvalue())
    return Path(path)


def export_docx(entries: Sequence[Entry], path: Path, *, issuer: str = "", period: str = "") -> Path:
    """The register as a landscape A4 .docx table (Phụ lục IV), header rows repeated on each page."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    for text, size in ((issuer, 13), (tr("register.export.title"), 14), (period, 13)):
        if text:
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(text)
            run.bold, run.font.size = True, Pt(size)
    table = document.add_table(rows=2, cols=len(PHU_LUC_IV))
    table.style = "Table Grid"
    widths = (2.6, 2.2, 6.5, 2.6, 3.8, 2.6, 1.4, 1.8, 1.8, 2.4)
    for col, (_name, key) in enumerate(PHU_LUC_IV):
        for row_index, text in ((0, tr(key)), (1, f"({col + 1})")):
            cell = table.rows[row_index].cells[col]
            cell.width = Cm(widths[col])
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(text)
            run.bold = row_index == 0
    for row_index in (0, 1):
        tr_pr = table.rows[row_index]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
    for entry in entries:
        cells = table.add_row().cells
        for col, value in enumerate(export_row(entry)):
            cells[col].width = Cm(widths[col])
            cells[col].paragraphs[0].add_run(str(value))
    out = io.BytesIO()
    document.save(out)
    atomic_write_bytes(Path(path), out.getvalue())
    return Path(path)


def export_register(store: RegisterStore, path: Path, *, date_from: str | None = None, date_to: str | None = None,
                    issuer: str = "") -> tuple[Path, int]:
    """Export the rows issued in [date_from, date_to] to ``path`` (.xlsx or .docx); (path, rows)."""
    from desktop.core.register.store import Query

    entries = store.entries(Query(date_from=date_from, date_to=date_to, limit=None))
    period = period_title(date_from, date_to)
    if Path(path).name.lower().endswith(".docx"):
        return export_docx(entries, path, issuer=issuer, period=period), len(entries)
    return export_xlsx(entries, path, issuer=issuer, period=period), len(entries)

