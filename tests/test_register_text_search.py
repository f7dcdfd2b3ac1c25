"""The register's text search: the same rows found on SQLite and PostgreSQL (marks, case and the
LIKE wildcards typed by the clerk taken literally), and on PostgreSQL a pg_trgm trigram index the
planner uses — or, where the server does not allow the extension, the same results by a scan,
said once as information (never an error)."""

from __future__ import annotations

import logging
import uuid

import psycopg

from desktop.cli import main
from desktop.core.profile import RegisterSettings
from desktop.core.register import open_register
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import TEXT_INDEX, Entry, EntryData, Query, fold, search_text

SUMMARIES = ("Quyết định khen thưởng tập thể", "Thông báo KẾT LUẬN giao ban", "Công văn V/v góp ý 50% kinh phí",
             "Kế hoạch a_b thử nghiệm", "Báo cáo tình hình \\ đặc biệt", "Giấy mời dự họp Đảng ủy",
             "Quyết định khen thuong (gõ thiếu dấu)", "Tờ trình đề nghị phê duyệt 5 0 %")
SIGNERS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
SEARCHES = ("khen thuong", "KHEN THƯỞNG", "Khen thưởng", "kết luận", "50%", "5 0 %", "%", "_", "a_b", "ab",
            "\\", "v/v", "đảng", "dang uy", "xyz", "q", "02/QĐ")


def _rows(count: int) -> list[Entry]:
    rows = []
    for n in range(1, count + 1):
        summary = SUMMARIES[n % len(SUMMARIES)]
        rows.append(Entry(**EntryData(code="QĐ-UBND", issued_on=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
                                      doc_type="quyet_dinh", type_summary=summary,
                                      signer=SIGNERS[n % len(SIGNERS)], recipients="Các phòng; Lưu VT").__dict__,
                          series="all", cycle="2026", number=n, number_text=f"{n:02d}", symbol=f"{n:02d}/QĐ-UBND"))
    return rows


def test_text_and_signer_search_find_the_same_rows_on_both_backends(register_store):
    rows = _rows(40)
    register_store.import_entries(rows)
    for text in SEARCHES:
        expected = [r.number for r in rows if fold(text) in search_text(r)]
        found = [e.number for e in register_store.entries(Query(text=text, limit=None))]
        assert found == expected, text
        assert register_store.count(Query(text=text)) == len(expected)
    for signer in ("tran thi", "LÊ VĂN", "_", "%"):
        expected = [r.number for r in rows if fold(signer) in fold(r.signer)]
        assert [e.number for e in register_store.entries(Query(signer=signer, limit=None))] == expected, signer
    paged = register_store.entries(Query(text="khen", limit=3, offset=2))
    matching = [r.number for r in rows if "khen" in search_text(r)]
    assert [e.number for e in paged] == matching[2:5]
    from_the_end = register_store.entries(Query(text="khen", limit=3, offset=1, backwards=True))
    assert [e.number for e in from_the_end] == matching[::-1][1:4]


def _pg_store(server, conninfo: str):
    return open_register(RegisterSettings(backend="postgresql", database=conninfo))


def test_postgresql_searches_through_the_trigram_index(pg_server):
    with psycopg.connect(pg_server.admin_url) as conn:
        assert conn.info.server_version >= 130000  # pg_trgm is a trusted extension since 13
    with _pg_store(pg_server, pg_server.new_database()) as store:
        assert store.schema_version() == 3 and store.text_index_state() == "indexed"
        with store.transaction() as cur:  # 30,000 rows made on the server (a planner prefers a scan on a few)
            cur.execute("INSERT INTO register_entry (series, cycle, number, number_text, code, symbol_pattern, "
                        "symbol, issued_on, doc_type, type_summary, signer, recipients, archive, transfer_date, "
                        "receiver_sign, note, draft_ref, status, cancel_reason, source, created_at, search, "
                        "signer_search) SELECT 'all', '2026', n, n::text, 'QĐ-UBND', '{number}/{code}', "
                        "n || '/QĐ-UBND', '2026-05-04', 'quyet_dinh', 'Quyết định mã ' || md5(n::text), "
                        "'Người ký ' || n % 7, '', '', '', '', '', '', 'issued', '', 'import', '', "
                        "n || '/qđ-ubnd quyet dinh ma ' || md5(n::text), 'nguoi ky ' || n % 7 "
                        "FROM generate_series(1, 30000) AS n")
            cur.execute("SELECT md5('12345')")
            code = cur.fetchone()[0][3:13]
        cur = store.read_cursor()
        cur.execute("ANALYZE register_entry")
        sql, params = store.select_sql(Query(text=code.upper(), limit=1000))
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
        assert TEXT_INDEX in plan, plan
        found = store.entries(Query(text=code.upper()))
        assert [e.number for e in found] == [12345]
        sql, params = store.select_sql(Query(signer="Người ký 6", text=code))
        cur.execute("EXPLAIN " + sql, params)
        assert "_trgm" in "\n".join(row[0] for row in cur.fetchall())
        assert store.entries(Query(signer="người ký 1", text=code)) == []
        assert [e.number for e in store.entries(Query(signer="người ký 4", text=code))] == [12345]


def _role_database(server, *, owner: bool) -> str:
    """A login role that is not a superuser, and a database it may use: its own (``owner``: it
    may create trusted extensions) or the superuser's with only CREATE on the public schema."""
    role, name = f"clerk_{uuid.uuid4().hex[:8]}", f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' OWNER "{role}"' if owner else ""))
    if not owner:
        with psycopg.connect(server.url(name), autocommit=True) as conn:
            conn.execute(f'GRANT USAGE, CREATE ON SCHEMA public TO "{role}"')
    return f"postgresql://{role}@127.0.0.1:{server.port}/{name}"


def test_a_database_owner_who_is_no_superuser_gets_the_index(pg_server):
    with _pg_store(pg_server, _role_database(pg_server, owner=True)) as store:
        assert store.text_index_state() == "indexed"


def test_without_the_right_to_create_the_extension_the_search_scans_and_says_so_once(pg_server, caplog, capsys,
                                                                                   monkeypatch, tmp_path):
    monkeypatch.setenv("VANBAN_DATA_DIR", str(tmp_path))
    conninfo = _role_database(pg_server, owner=False)
    with caplog.at_level(logging.WARNING, logger="vanban.register"):
        with _pg_store(pg_server, conninfo) as store:
            assert store.schema_version() == 3 and store.text_index_state() == "scan"
            assert "pg_trgm" in store.text_index_problem or "extension" in store.text_index_problem
            rows = _rows(30)
            store.import_entries(rows)
            assert [e.number for e in store.entries(Query(text="khen thuong", limit=None))] == \
                [r.number for r in rows if "khen thuong" in search_text(r)]
            store.issue(SeriesKey("all", "2026"), EntryData(code="QĐ-UBND", issued_on="2026-12-01",
                                                            type_summary="Quyết định mới"))
        with _pg_store(pg_server, conninfo) as store:  # a second window: nothing said twice
            assert store.text_index_state() == "scan"
    said = [r for r in caplog.records if "pg_trgm" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.WARNING
    assert main(["register", "check", "--database", conninfo]) == 0
    out = capsys.readouterr().out
    assert "Thông tin" in out and "pg_trgm" in out and "Traceback" not in out
    assert "31" in out  # the register is clean: its 31 rows counted
