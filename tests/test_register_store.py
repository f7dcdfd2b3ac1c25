"""The register's storage interface, run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from desktop.core.register import open_register
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import CANCELLED, ISSUED, RESERVED, Entry, EntryData, Query, RegisterError

YEAR = SeriesKey("all", "2026")


def data(**kw) -> EntryData:
    base = {"code": "QĐ-UBND", "issued_on": "2026-03-02", "doc_type": "quyet_dinh",
            "type_summary": "Quyết định về việc thành lập Tổ công tác", "signer": "Nguyễn Văn An",
            "recipients": "Sở Nội vụ", "archive": "VT, TCCB", "copies": 5}
    base.update(kw)
    return EntryData(**base)


def test_numbers_start_at_01_and_follow_each_other(register_store):
    first = register_store.issue(YEAR, data())
    second = register_store.issue(YEAR, data())
    assert (first.number, first.number_text, first.symbol) == (1, "01", "01/QĐ-UBND")
    assert (second.number, second.symbol) == (2, "02/QĐ-UBND")
    stored = register_store.get(second.id)
    assert stored.status == ISSUED and stored.signer == "Nguyễn Văn An" and stored.copies == 5


def test_series_and_cycles_are_independent(register_store):
    register_store.issue(YEAR, data())
    register_store.issue(YEAR, data())
    assert register_store.issue(SeriesKey("secret", "2026"), data()).number == 1
    assert register_store.issue(SeriesKey("all", "2027"), data(issued_on="2027-01-01")).number == 1
    assert register_store.issue(YEAR, data()).number == 3


def test_party_pattern_and_no_leading_zero(register_store):
    entry = register_store.issue(SeriesKey("type:thong_bao", "term:2025-10-20"),
                                 data(code="TB/ĐU", symbol_pattern="{number}-{code}"), pad=1)
    assert entry.symbol == "1-TB/ĐU"


def test_reserve_then_issue_with_the_reserved_number(register_store):
    reserved = register_store.reserve(YEAR)
    later = register_store.issue(YEAR, data())
    assert (reserved.number, reserved.status, later.number) == (1, RESERVED, 2)
    issued = register_store.issue_reserved(reserved.id, data(type_summary="Quyết định khen thưởng"))
    assert (issued.number, issued.status, issued.symbol) == (1, ISSUED, "01/QĐ-UBND")
    with pytest.raises(RegisterError) as caught:
        register_store.issue_reserved(reserved.id, data())
    assert "không phải số giữ trước" in caught.value.message


def test_a_cancelled_number_is_never_given_again(register_store):
    reserved = register_store.reserve(YEAR)
    with pytest.raises(RegisterError) as caught:
        register_store.cancel(reserved.id, "   ")
    assert "lý do" in caught.value.message
    cancelled = register_store.cancel(reserved.id, "Văn bản không ban hành nữa")
    assert cancelled.status == CANCELLED and cancelled.cancel_reason == "Văn bản không ban hành nữa"
    assert register_store.issue(YEAR, data()).number == 2
    with pytest.raises(RegisterError):
        register_store.cancel(reserved.id, "lần nữa")
    assert register_store.report().clean  # a cancelled number is recorded, not a gap


def test_a_failure_before_commit_takes_no_number_and_writes_no_row(register_store):
    def fail(entry: Entry) -> None:
        assert entry.number == 1
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        register_store.issue(YEAR, data(), before_commit=fail)
    assert register_store.count() == 0
    assert register_store.issue(YEAR, data()).number == 1


def test_list_search_and_filter(register_store):
    register_store.issue(YEAR, data(type_summary="Quyết định về việc khen thưởng", signer="Trần Thị Bình"))
    register_store.issue(YEAR, data(doc_type="thong_bao", code="TB-UBND", type_summary="Thông báo lịch họp"))
    register_store.issue(SeriesKey("all", "2025"), data(issued_on="2025-12-30", type_summary="Báo cáo năm"))
    assert register_store.count() == 3
    assert [e.symbol for e in register_store.entries(Query(year=2026))] == ["01/QĐ-UBND", "02/TB-UBND"]
    assert [e.number for e in register_store.entries(Query(doc_type="thong_bao"))] == [2]
    assert [e.signer for e in register_store.entries(Query(signer="tran thi"))] == ["Trần Thị Bình"]
    assert [e.number for e in register_store.entries(Query(text="khen thuong"))] == [1]
    assert [e.number for e in register_store.entries(Query(text="Lịch họp"))] == [2]
    assert [e.cycle for e in register_store.entries(Query(date_from="2025-01-01", date_to="2025-12-31"))] == ["2025"]
    assert register_store.cycles() == ["2025", "2026"]
    assert len(register_store.entries(Query(limit=1, offset=1))) == 1


def test_report_finds_gaps_and_duplicates(register_store):
    rows = [Entry(**data(code="TB/ĐU", symbol_pattern="{number}-{code}").__dict__, series="type:thong_bao",
                  cycle="term:2025-10-20", number=n, number_text=f"{n:02d}", symbol=f"{n:02d}-TB/ĐU")
            for n in (1, 2, 5, 6, 9)]
    rows.append(Entry(**data().__dict__, series="type:other", cycle="term:2025-10-20", number=1,
                      number_text="01", symbol="05-TB/ĐU"))
    assert register_store.import_entries(rows) == 6
    report = register_store.report()
    assert [(g.series, g.numbers) for g in report.gaps] == [("type:thong_bao", [3, 4, 7, 8])]
    assert [(d.symbol, len(d.entry_ids)) for d in report.duplicates] == [("05-TB/ĐU", 2)]
    key = SeriesKey("type:thong_bao", "term:2025-10-20")
    assert register_store.issue(key, data()).number == 10  # after the imported rows


def test_import_is_all_or_nothing(register_store):
    register_store.issue(YEAR, data())
    clash = [Entry(**data().__dict__, series="all", cycle="2026", number=n, number_text=f"{n:02d}",
                   symbol=f"{n:02d}/QĐ-UBND") for n in (2, 1)]
    with pytest.raises(RegisterError) as caught:
        register_store.import_entries(clash)
    assert "đã có trong sổ" in caught.value.message
    assert register_store.count() == 1 and register_store.issue(YEAR, data()).number == 2


def test_schema_is_versioned_and_migrated_once(register_settings, monkeypatch):
    from desktop.core.register import store as store_module

    latest = store_module.MIGRATIONS[-1][0]
    assert latest == 3
    with monkeypatch.context() as patched:  # a register made by the version before the text index
        patched.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
        if register_settings.backend == "sqlite":
            from desktop.core.register import sqlite_store

            patched.setattr(sqlite_store, "MIGRATIONS", store_module.MIGRATIONS[:1])
        with open_register(register_settings) as first:
            assert first.schema_version() == 1
            first.issue(YEAR, data())
    with open_register(register_settings) as again:
        assert again.schema_version() == latest and again.count() == 1
        assert again.text_index_state() == ("local" if register_settings.backend == "sqlite" else "indexed")
        assert again.entries(Query(text="to cong tac"))[0].number == 1
    with open_register(register_settings) as third:
        assert third.schema_version() == latest and third.count() == 1
