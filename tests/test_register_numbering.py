"""Numbering rules as data (spec C.1 "Numbering cycle", D.1) and issuing with fixed clocks:
the state's yearly cycle, the Party's term cycle (numbers continue across 1 January)."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from docx import Document

from desktop.core.errors import VanBanError
from desktop.core.model import load_draft
from desktop.core.profile import RegisterSettings
from desktop.core.register.issuing import IssueOptions, issue_draft
from desktop.core.register.numbering import cycle_for, format_number, series_for, split_number_code
from desktop.core.rules import load_rule_set
from tests.conftest import EXAMPLES, SHARED

STATE, PARTY = load_rule_set("state_nd30"), load_rule_set("party_hd36")


def test_register_rules_cite_the_spec():
    spec = (SHARED / "spec" / "layout-rules.md").read_text(encoding="utf-8")
    for rules in (STATE, PARTY):
        reg = rules.raw["register"]
        assert reg["conf"] in ("V", "P", "R")
        for section in [reg["ref"], reg["leading_zero"]["ref"], *(s["ref"] for s in reg["separate_series"].values())]:
            for ref in section.split(";"):
                assert f"### {ref.split()[0]} " in spec, ref
    assert STATE.raw["register"]["cycle"] == "calendar_year" and PARTY.raw["register"]["cycle"] == "term"


def test_state_series():
    shared, per_type = RegisterSettings(series_mode="shared"), RegisterSettings(series_mode="per_type")
    assert series_for(STATE, shared, "quyet_dinh") == "all"
    assert series_for(STATE, per_type, "quyet_dinh") == "type:quyet_dinh"
    assert series_for(STATE, shared, "quyet_dinh", kind="legal") == "legal:quyet_dinh"
    assert series_for(STATE, per_type, "cong_van", secret=True) == "secret"
    assert series_for(STATE, shared, "thong_bao", kind="advisory", advisory_body="Hội đồng  thi đua") \
        == "advisory:Hội đồng thi đua"
    assert series_for(STATE, shared, "thong_bao", kind="copy") == "copy"
    assert cycle_for(STATE, shared, dt.date(2026, 12, 31)) == "2026"
    assert format_number(3, STATE, RegisterSettings(leading_zero=False)) == "03"  # state: always


def test_party_series():
    term = RegisterSettings(term_start="2025-10-20")
    assert series_for(PARTY, term, "thong_bao") == "type:thong_bao"
    assert series_for(PARTY, term, "thong_bao", secret=True) == "type:thong_bao"  # secret shares its type's
    assert series_for(PARTY, RegisterSettings(congress=True), "thong_bao") == "congress"
    assert series_for(PARTY, RegisterSettings(congress=True), "bao_cao") == "congress"
    with pytest.raises(VanBanError):
        series_for(PARTY, term, "quyet_dinh", kind="legal")
    assert cycle_for(PARTY, term, dt.date(2027, 1, 1)) == "term:2025-10-20"
    with pytest.raises(VanBanError) as caught:
        cycle_for(PARTY, RegisterSettings(), dt.date(2026, 1, 1))
    assert "nhiệm kỳ" in caught.value.message
    with pytest.raises(VanBanError):
        cycle_for(PARTY, term, dt.date(2025, 10, 19))
    assert format_number(3, PARTY, RegisterSettings(leading_zero=False)) == "3"
    assert format_number(3, PARTY, term) == "03"


def test_split_number_code():
    assert split_number_code("72-TB/ĐU") == (72, "72", "TB/ĐU")
    assert split_number_code("Số: 05/QĐ-UBND") == (5, "05", "QĐ-UBND")
    assert split_number_code("QĐ-UBND") is None and split_number_code("0/QĐ") is None


def _copy(tmp_path, name):
    target = tmp_path / name
    shutil.copy(EXAMPLES / name, target)
    return target


def _issue(store, settings, path, day):
    return issue_draft(store, load_draft(path), settings, today=day, draft_path=path,
                       docx_path=path.with_name(path.stem + ".docx"))


def _reset(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("issued", None)
    data["number"], data["date"] = "", None
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_state_numbers_start_again_on_1_january(register_store, tmp_path):
    settings = RegisterSettings(series_mode="shared")
    path = _copy(tmp_path, "state_quyet_dinh.json")
    got = []
    for day in (dt.date(2026, 12, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 1, 2)):
        _reset(path)
        got.append(_issue(register_store, settings, path, day).entry.symbol)
    assert got == ["01/QĐ-UBND", "02/QĐ-UBND", "01/QĐ-UBND", "02/QĐ-UBND"]
    assert register_store.cycles() == ["2026", "2027"]


def test_party_numbers_continue_across_1_january_and_restart_with_a_new_term(register_store, tmp_path):
    path = _copy(tmp_path, "party_thong_bao.json")
    term = RegisterSettings(term_start="2025-10-20")
    got = []
    for day in (dt.date(2026, 12, 31), dt.date(2027, 1, 1)):
        _reset(path)
        got.append(_issue(register_store, term, path, day).entry.number_text)
    new_term = RegisterSettings(term_start="2030-10-15")
    _reset(path)
    got.append(_issue(register_store, new_term, path, dt.date(2030, 10, 16)).entry.number_text)
    assert got == ["01", "02", "01"]
    entries = register_store.entries()
    assert [e.cycle for e in entries] == ["term:2025-10-20", "term:2025-10-20", "term:2030-10-15"]
    assert entries[0].symbol.startswith("01-TB/")


def test_issue_fills_number_and_date_renders_and_marks_the_draft(register_store, tmp_path):
    path = _copy(tmp_path, "state_quyet_dinh.json")
    result = _issue(register_store, RegisterSettings(), path, dt.date(2026, 2, 5))
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["number"] == "01" and saved["date"] == "2026-02-05"
    assert saved["issued"]["symbol"] == "01/QĐ-UBND" and saved["issued"]["entry_id"] == result.entry.id
    text = "\n".join(p.text for p in Document(str(path.with_name("state_quyet_dinh.docx"))).paragraphs)
    tables = Document(str(path.with_name("state_quyet_dinh.docx"))).tables
    cells = "\n".join(c.text for t in tables for row in t.rows for c in row.cells)
    assert "Số: 01/QĐ-UBND" in text + cells and "ngày 05 tháng 02 năm 2026" in text + cells
    row = register_store.get(result.entry.id)
    assert row.issued_on == "2026-02-05" and row.draft_ref == str(path.resolve())
    assert row.type_summary.startswith("Quyết định") and row.signer
    with pytest.raises(VanBanError) as caught:  # issued: read-only, never a second number
        _issue(register_store, RegisterSettings(), path, dt.date(2026, 2, 6))
    assert "đã được cấp số 01/QĐ-UBND" in caught.value.message
    assert register_store.count() == 1


def test_cancel_reopens_the_draft_and_the_number_is_not_reused(register_store, tmp_path):
    from desktop.core.register.issuing import cancel_number, is_read_only

    path = _copy(tmp_path, "state_quyet_dinh.json")
    first = _issue(register_store, RegisterSettings(), path, dt.date(2026, 2, 5))
    assert is_read_only(register_store, load_draft(path))
    entry, reopened = cancel_number(register_store, first.entry.id, "Sai thẩm quyền ký")
    assert reopened == path and not is_read_only(register_store, load_draft(path))
    assert json.loads(path.read_text(encoding="utf-8"))["number"] == ""
    again = _issue(register_store, RegisterSettings(), path, dt.date(2026, 2, 6))
    assert again.entry.number == 2 and register_store.get(entry.id).status == "cancelled"


def test_an_invalid_draft_takes_no_number(register_store, tmp_path):
    path = _copy(tmp_path, "state_quyet_dinh.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["summary"] = ""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(VanBanError) as caught:
        _issue(register_store, RegisterSettings(), path, dt.date(2026, 2, 5))
    assert "chưa cấp số" in caught.value.message
    assert register_store.count() == 0 and not path.with_name("state_quyet_dinh.docx").exists()


def test_issue_with_a_reserved_number(register_store, tmp_path):
    from desktop.core.register.numbering import SeriesKey

    reserved = register_store.reserve(SeriesKey("all", "2026"))
    path = _copy(tmp_path, "state_quyet_dinh.json")
    result = issue_draft(register_store, load_draft(path), RegisterSettings(), today=dt.date(2026, 3, 1),
                         draft_path=path, options=IssueOptions(reserved_id=reserved.id))
    assert result.entry.symbol == "01/QĐ-UBND" and result.entry.status == "issued"
    assert json.loads(path.read_text(encoding="utf-8"))["number"] == "01"


def test_a_draft_issued_from_another_register_is_never_numbered_again(register_store, tmp_path):
    from desktop.core.register import open_register
    from desktop.core.register.issuing import is_read_only

    path = _copy(tmp_path, "state_quyet_dinh.json")
    with open_register(RegisterSettings(database=str(tmp_path / "other-desk.db"))) as other:
        _issue(other, RegisterSettings(), path, dt.date(2026, 2, 5))
    draft = load_draft(path)
    assert is_read_only(register_store, draft)
    with pytest.raises(VanBanError) as caught:
        _issue(register_store, RegisterSettings(), path, dt.date(2026, 2, 6))
    assert "từ sổ đăng ký khác" in caught.value.message and register_store.count() == 0
