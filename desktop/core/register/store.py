"""The register's storage interface and the SQL both backends share.

One :class:`RegisterStore` API above two backends (``sqlite_store``, ``pg_store``):

- :meth:`issue` takes the next number of a series and writes the register row in ONE
  transaction (``before_commit`` runs inside it: a failure there rolls the number back);
- :meth:`reserve` keeps a number for later, :meth:`issue_reserved` issues with it;
- :meth:`cancel` marks a number cancelled with a reason — it is never given again (the
  series counter only moves forward);
- :meth:`entries` lists, searches and filters; :meth:`report` finds gaps and duplicates;
- :meth:`import_entries` writes an existing register in one transaction, or nothing.

Rows carry the columns of NĐ 30 Phụ lục IV (the sổ đăng ký văn bản đi).
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from desktop.core.errors import VanBanError
from desktop.core.model import nfc, strip_marks
from desktop.core.register.numbering import SeriesKey

ISSUED, RESERVED, CANCELLED = "issued", "reserved", "cancelled"


class RegisterError(VanBanError):
    """A register operation failed; nothing was written (the transaction rolled back)."""


@dataclass
class EntryData:
    """What the clerk's register row says about one document (Phụ lục IV columns)."""

    code: str = ""  # the ký hiệu: 'TB/VPTU', 'QĐ-UBND'
    symbol_pattern: str = "{number}/{code}"  # 'Số, ký hiệu' as written: Party '{number}-{code}'
    issued_on: str | None = None  # ISO date of the document
    doc_type: str = ""
    type_summary: str = ""  # tên loại và trích yếu nội dung
    signer: str = ""
    recipients: str = ""  # nơi nhận
    archive: str = ""  # đơn vị, người nhận bản lưu
    copies: int | None = None  # số lượng bản
    transfer_date: str = ""  # ngày chuyển
    receiver_sign: str = ""  # ký nhận
    note: str = ""  # ghi chú
    draft_ref: str = ""  # the draft file issued with this number


@dataclass
class Entry(EntryData):
    """One row of the register."""

    id: int = 0
    series: str = ""
    cycle: str = ""
    number: int = 0
    number_text: str = ""  # '03'
    symbol: str = ""  # 'Số, ký hiệu': '03-TB/VPTU', '05/QĐ-UBND'
    status: str = ISSUED
    cancel_reason: str = ""
    source: str = "app"  # "app" | "import"
    created_at: str = ""

    @property
    def key(self) -> SeriesKey:
        return SeriesKey(self.series, self.cycle)


COLUMNS = tuple(f.name for f in fields(Entry))


@dataclass
class Query:
    """A filter on the register; every field optional."""

    cycle: str | None = None
    year: int | None = None  # the issue date's year
    series: str | None = None
    doc_type: str | None = None
    signer: str | None = None
    text: str | None = None  # in the number, summary, signer, recipients or note; marks optional
    date_from: str | None = None
    date_to: str | None = None
    status: str | None = None
    limit: int | None = 1000
    offset: int = 0
    backwards: bool = False  # the register order reversed (a page near the end read from the end)


@dataclass
class Gap:
    series: str
    cycle: str
    numbers: list[int]


@dataclass
class Duplicate:
    cycle: str
    symbol: str
    entry_ids: list[int]


@dataclass
class Report:
    gaps: list[Gap] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.gaps and not self.duplicates


def search_text(entry: EntryData | Entry) -> str:
    parts = [getattr(entry, "symbol", ""), entry.type_summary, entry.signer, entry.recipients, entry.note]
    return fold(" ".join(p for p in parts if p))


def fold(text: str) -> str:
    """Lower case without Vietnamese marks: what text search compares ('Quyết định' → 'quyet dinh')."""
    return strip_marks(nfc(text)).lower()


def symbol_of(pattern: str, number_text: str, code: str) -> str:
    return pattern.format(number=number_text, code=code) if code else number_text


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE series_counter (
               series TEXT NOT NULL, cycle TEXT NOT NULL, last_number INTEGER NOT NULL,
               PRIMARY KEY (series, cycle))""",
        """CREATE TABLE register_entry (
               id {serial},
               series TEXT NOT NULL, cycle TEXT NOT NULL, number INTEGER NOT NULL CHECK (number > 0),
               number_text TEXT NOT NULL, code TEXT NOT NULL, symbol_pattern TEXT NOT NULL, symbol TEXT NOT NULL,
               issued_on TEXT, doc_type TEXT NOT NULL, type_summary TEXT NOT NULL, signer TEXT NOT NULL,
               recipients TEXT NOT NULL, archive TEXT NOT NULL, copies INTEGER, transfer_date TEXT NOT NULL,
               receiver_sign TEXT NOT NULL, note TEXT NOT NULL, draft_ref TEXT NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('issued', 'reserved', 'cancelled')),
               cancel_reason TEXT NOT NULL, source TEXT NOT NULL, created_at TEXT NOT NULL,
               search TEXT NOT NULL, signer_search TEXT NOT NULL,
               CONSTRAINT register_entry_number_once UNIQUE (series, cycle, number))""",
        "CREATE INDEX register_entry_issued_on ON register_entry (issued_on)",
        "CREATE INDEX register_entry_cycle ON register_entry (cycle, series, number)",
        "CREATE INDEX register_entry_symbol ON register_entry (cycle, symbol)",
    ]),
    # 2: a trigram index for the text search where the backend has one (PostgreSQL's pg_trgm,
    # a trusted extension since PostgreSQL 13); without it the search scans the rows.
    (2, [lambda store, cur: store.create_text_index(cur)]),
    # 3: duplicates are found in the index alone (a number's status is in it)
    (3, ["CREATE INDEX register_entry_symbol_status ON register_entry (cycle, symbol, status)",
         "DROP INDEX register_entry_symbol"]),
]
"""Versioned schema: (version, statements). A new version is appended, never edited. A
statement is SQL, or a callable ``(store, cursor)`` for a step that depends on the backend."""

TEXT_INDEX = "register_entry_search_trgm"


def like_pattern(text: str) -> str:
    """'50%' → '%50\\%%': a LIKE pattern finding ``text`` literally (ESCAPE '\\' on both backends)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class RegisterStore(abc.ABC):
    """The SQL common to both backends; subclasses give the connection and the dialect."""

    placeholder = "?"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"
    location = ""

    # --- backend hooks ------------------------------------------------------------------
    @abc.abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[Any]:
        """A write transaction holding the register's lock; yields a cursor."""

    @abc.abstractmethod
    def read_cursor(self) -> Any:
        """A cursor for reading (no lock)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def lock_series(self, cur: Any, key: SeriesKey) -> None:  # noqa: B027 - a hook: nothing to do by default
        """Serialise issuers of one series (SQLite: BEGIN IMMEDIATE already did)."""

    def create_text_index(self, cur: Any) -> bool:
        """Index the text search where the backend can (inside the caller's transaction);
        True when an index now serves it. SQLite: none, a local scan is fast enough."""
        return False

    def text_index_state(self) -> str:
        """How the text search runs: "indexed", "scan" (the index could not be made here) or
        "local" (SQLite: no index needed)."""
        return "local"

    def __enter__(self) -> RegisterStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- helpers ------------------------------------------------------------------------
    def sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def migrate_in(self, cur: Any) -> int:
        """Apply the migrations not yet applied (inside the caller's transaction)."""
        cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                    "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        cur.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        current = int(cur.fetchone()[0])
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            for statement in statements:
                if callable(statement):
                    statement(self, cur)
                else:
                    cur.execute(statement.format(serial=self.serial))
            cur.execute(self.sql("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
                        (version, now_iso()))
            current = version
        return current

    def schema_version(self) -> int:
        cur = self.read_cursor()
        cur.execute("SELECT MAX(version) FROM schema_migrations")
        return int(cur.fetchone()[0])

    def _take_number(self, cur: Any, key: SeriesKey) -> int:
        self.lock_series(cur, key)
        cur.execute(self.sql(
            "INSERT INTO series_counter (series, cycle, last_number) VALUES (?, ?, 1) "
            "ON CONFLICT (series, cycle) DO UPDATE SET last_number = series_counter.last_number + 1 "
            "RETURNING last_number"), (key.series, key.cycle))
        return int(cur.fetchone()[0])

    def _insert(self, cur: Any, entry: Entry) -> Entry:
        names = [c for c in COLUMNS if c != "id"]
        values = [getattr(entry, c) for c in names] + [search_text(entry), fold(entry.signer)]
        marks = ", ".join("?" for _ in values)
        cur.execute(self.sql(f"INSERT INTO register_entry ({', '.join(names)}, search, signer_search) "
                             f"VALUES ({marks}) RETURNING id"), values)
        return replace(entry, id=int(cur.fetchone()[0]))

    def _update(self, cur: Any, entry: Entry) -> None:
        names = [c for c in COLUMNS if c != "id"]
        assignments = ", ".join(f"{c} = ?" for c in names) + ", search = ?, signer_search = ?"
        values = [getattr(entry, c) for c in names] + [search_text(entry), fold(entry.signer), entry.id]
        cur.execute(self.sql(f"UPDATE register_entry SET {assignments} WHERE id = ?"), values)

    def _get(self, cur: Any, entry_id: int, *, lock: bool = False) -> Entry:
        suffix = " FOR UPDATE" if lock and self.placeholder != "?" else ""
        cur.execute(self.sql(f"SELECT {', '.join(COLUMNS)} FROM register_entry WHERE id = ?{suffix}"), (entry_id,))
        row = cur.fetchone()
        if row is None:
            raise RegisterError("register.not_found", id=entry_id)
        return Entry(**dict(zip(COLUMNS, row, strict=True)))

    @staticmethod
    def _new_entry(key: SeriesKey, number: int, data: EntryData, pad: int, status: str) -> Entry:
        number_text = str(number).zfill(pad)
        return Entry(**asdict(data), series=key.series, cycle=key.cycle, number=number, number_text=number_text,
                     symbol=symbol_of(data.symbol_pattern, number_text, data.code), status=status,
                     created_at=now_iso())

    # --- the interface ------------------------------------------------------------------
    def issue(self, key: SeriesKey, data: EntryData, *, pad: int = 2,
              before_commit: Callable[[Entry], None] | None = None) -> Entry:
        """Take the next number of ``key`` and record the row, in one transaction."""
        with self.transaction() as cur:
            entry = self._insert(cur, self._new_entry(key, self._take_number(cur, key), data, pad, ISSUED))
            if before_commit is not None:
                before_commit(entry)
        return entry

    def reserve(self, key: SeriesKey, data: EntryData | None = None, *, pad: int = 2) -> Entry:
        """Keep the next number for a document issued later (status ``reserved``)."""
        data = data or EntryData()
        with self.transaction() as cur:
            return self._insert(cur, self._new_entry(key, self._take_number(cur, key), data, pad, RESERVED))

    def issue_reserved(self, entry_id: int, data: EntryData, *,
                       before_commit: Callable[[Entry], None] | None = None) -> Entry:
        """Issue a document with a number reserved earlier."""
        with self.transaction() as cur:
            old = self._get(cur, entry_id, lock=True)
            if old.status != RESERVED:
                raise RegisterError("register.not_reserved", symbol=old.symbol or old.number_text,
                                    status=old.status)
            entry = replace(old, **asdict(data), status=ISSUED,
                            symbol=symbol_of(data.symbol_pattern, old.number_text, data.code))
            self._update(cur, entry)
            if before_commit is not None:
                before_commit(entry)
        return entry

    def cancel(self, entry_id: int, reason: str) -> Entry:
        """Cancel a number with a reason; it stays in the register and is never given again."""
        reason = " ".join(nfc(reason).split())
        if not reason:
            raise RegisterError("register.cancel_needs_reason")
        with self.transaction() as cur:
            old = self._get(cur, entry_id, lock=True)
            if old.status == CANCELLED:
                raise RegisterError("register.already_cancelled", symbol=old.symbol)
            entry = replace(old, status=CANCELLED, cancel_reason=reason)
            self._update(cur, entry)
        return entry

    def get(self, entry_id: int) -> Entry:
        return self._get(self.read_cursor(), entry_id)

    def find(self, key: SeriesKey, number: int) -> Entry | None:
        cur = self.read_cursor()
        cur.execute(self.sql(f"SELECT {', '.join(COLUMNS)} FROM register_entry WHERE series = ? AND cycle = ? "
                             "AND number = ?"), (key.series, key.cycle, number))
        row = cur.fetchone()
        return Entry(**dict(zip(COLUMNS, row, strict=True))) if row else None

    def find_symbol(self, symbol: str, year: int | None = None) -> list[Entry]:
        """Rows whose 'Số, ký hiệu' is ``symbol`` (in the issue year ``year`` when given)."""
        return self.entries(Query(text=None, limit=None), symbol=symbol, year=year)

    def _where(self, query: Query, symbol: str | None = None, year: int | None = None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        year = year if year is not None else query.year
        for column, value in (("cycle", query.cycle), ("series", query.series), ("doc_type", query.doc_type),
                              ("status", query.status), ("symbol", symbol)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if year is not None:
            clauses.append("issued_on >= ? AND issued_on <= ?")
            params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
        if query.date_from:
            clauses.append("issued_on >= ?")
            params.append(query.date_from)
        if query.date_to:
            clauses.append("issued_on <= ?")
            params.append(query.date_to)
        if query.signer:
            clauses.append("signer_search LIKE ? ESCAPE '\\'")
            params.append(like_pattern(fold(query.signer)))
        if query.text:
            clauses.append("search LIKE ? ESCAPE '\\'")
            params.append(like_pattern(fold(query.text)))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def select_sql(self, query: Query, *, symbol: str | None = None,
                   year: int | None = None) -> tuple[str, list[Any]]:
        """The SELECT :meth:`entries` runs for ``query`` (and its parameters): EXPLAIN reads it."""
        where, params = self._where(query, symbol, year)
        page = ""
        if query.limit is not None:
            page = f" LIMIT {int(query.limit)} OFFSET {int(query.offset)}"
        order = "cycle DESC, series DESC, number DESC" if query.backwards else "cycle, series, number"
        return self.sql(f"SELECT {', '.join(COLUMNS)} FROM register_entry{where} ORDER BY {order}{page}"), params

    def entries(self, query: Query | None = None, *, symbol: str | None = None, year: int | None = None) -> list[Entry]:
        """The rows matching ``query``, in register order (cycle, series, number)."""
        sql, params = self.select_sql(query or Query(), symbol=symbol, year=year)
        cur = self.read_cursor()
        cur.execute(sql, params)
        return [Entry(*row) for row in cur.fetchall()]  # COLUMNS are Entry's fields, in order

    def count(self, query: Query | None = None) -> int:
        where, params = self._where(query or Query())
        cur = self.read_cursor()
        cur.execute(self.sql(f"SELECT COUNT(*) FROM register_entry{where}"), params)
        return int(cur.fetchone()[0])

    def cycles(self) -> list[str]:
        cur = self.read_cursor()
        # One index probe per cycle (a loose index scan), not a pass over every row.
        cur.execute("WITH RECURSIVE c (cycle) AS (SELECT MIN(cycle) FROM register_entry UNION ALL "
                    "SELECT (SELECT MIN(cycle) FROM register_entry WHERE cycle > c.cycle) FROM c "
                    "WHERE c.cycle IS NOT NULL) SELECT cycle FROM c WHERE cycle IS NOT NULL")
        return [row[0] for row in cur.fetchall()]

    def report(self, cycle: str | None = None) -> Report:
        """Gaps (numbers never given in a series) and duplicates (one 'Số, ký hiệu' twice in a cycle)."""
        cur = self.read_cursor()
        where, params = (" WHERE cycle = ?", [cycle]) if cycle else ("", [])
        cur.execute(self.sql(f"SELECT COUNT(*), COALESCE(SUM(top), 0) FROM (SELECT MAX(number) AS top "
                             f"FROM register_entry{where} GROUP BY cycle, series) AS series_top"), params)
        rows, tops = cur.fetchone()
        if int(rows) and int(tops) == self.count(Query(cycle=cycle, limit=None)):  # every series 1..max: no gap
            return Report(gaps=[], duplicates=self._duplicates(cur, where, params))
        # Only the rows right after a gap come back (the server compares each number with the one before).
        cur.execute(self.sql(
            "SELECT series, cycle, previous, number FROM ("
            "SELECT series, cycle, number, "
            "COALESCE(LAG(number) OVER (PARTITION BY series, cycle ORDER BY number), 0) AS previous "
            f"FROM register_entry{where}) AS numbered WHERE number - previous > 1 ORDER BY series, cycle, number"),
            params)
        gaps: dict[tuple[str, str], list[int]] = {}
        for series, cyc, previous, number in cur.fetchall():
            gaps.setdefault((series, cyc), []).extend(range(int(previous) + 1, int(number)))
        return Report(gaps=[Gap(s, c, numbers) for (s, c), numbers in gaps.items()],
                      duplicates=self._duplicates(cur, where, params))

    def _duplicates(self, cur: Any, where: str, params: list[Any]) -> list[Duplicate]:
        extra = (where + " AND" if where else " WHERE") + " status <> 'cancelled'"
        cur.execute(self.sql(f"SELECT e.cycle, e.symbol, e.id FROM register_entry AS e JOIN ("
                             f"SELECT cycle, symbol FROM register_entry{extra} GROUP BY cycle, symbol "
                             "HAVING COUNT(*) > 1) AS d ON d.cycle = e.cycle AND d.symbol = e.symbol "
                             "WHERE e.status <> 'cancelled' ORDER BY e.cycle, e.symbol, e.id"), params)
        found: dict[tuple[str, str], list[int]] = {}
        for cyc, symbol, entry_id in cur.fetchall():
            found.setdefault((cyc, symbol), []).append(int(entry_id))
        return [Duplicate(c, s, ids) for (c, s), ids in found.items() if len(ids) > 1]

    def import_entries(self, entries: Sequence[Entry]) -> int:
        """Write imported rows in one transaction (all or nothing); counters move past them."""
        with self.transaction() as cur:
            for entry in entries:
                self._insert(cur, replace(entry, source="import", created_at=entry.created_at or now_iso()))
            tops: dict[tuple[str, str], int] = {}
            for entry in entries:
                tops[(entry.series, entry.cycle)] = max(tops.get((entry.series, entry.cycle), 0), entry.number)
            for (series, cycle), top in tops.items():
                cur.execute(self.sql(
                    "INSERT INTO series_counter (series, cycle, last_number) VALUES (?, ?, ?) "
                    "ON CONFLICT (series, cycle) DO UPDATE SET last_number = "
                    "CASE WHEN series_counter.last_number > excluded.last_number "
                    "THEN series_counter.last_number ELSE excluded.last_number END"), (series, cycle, top))
        return len(entries)

    def last_number(self, key: SeriesKey) -> int:
        cur = self.read_cursor()
        cur.execute(self.sql("SELECT last_number FROM series_counter WHERE series = ? AND cycle = ?"),
                    (key.series, key.cycle))
        row = cur.fetchone()
        return int(row[0]) if row else 0


def number_ranges(numbers: Sequence[int]) -> str:
    """[3, 4, 5, 9] → '03–05, 09': how a list of missing numbers is said."""
    parts: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and (n is None or n != prev + 1):
            parts.append(f"{start:02d}" if start == prev else f"{start:02d}–{prev:02d}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(parts)


def report_of(numbers: Sequence[tuple[str, str, int]], duplicates: list[Duplicate]) -> Report:
    """Gaps from (series, cycle, number) rows sorted by series, cycle, number."""
    gaps: list[Gap] = []
    current: tuple[str, str] | None = None
    expected = 1
    missing: list[int] = []
    for series, cycle, number in [*numbers, ("", "", 0)]:
        if (series, cycle) != current:
            if current is not None and missing:
                gaps.append(Gap(current[0], current[1], missing))
            current, expected, missing = (series, cycle), 1, []
        if number >= expected:
            missing.extend(range(expected, number))
            expected = number + 1
    return Report(gaps=gaps, duplicates=duplicates)
