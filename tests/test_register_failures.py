"""Bad input and bad luck: a locked register, a lost server connection mid-issue, a password
in the profile — each a clear Vietnamese message, nothing half-written."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest

from desktop.core.model import load_draft
from desktop.core.profile import RegisterSettings
from desktop.core.register import open_register
from desktop.core.register.issuing import issue_draft
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import EntryData, RegisterError
from tests.conftest import EXAMPLES

KEY = SeriesKey("all", "2026")


def test_a_locked_sqlite_register_says_so_and_writes_nothing(tmp_path):
    path = tmp_path / "register.sqlite3"
    settings = RegisterSettings(database=str(path))
    open_register(settings).close()
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another window holds the register
    store = open_register(settings, timeout_s=0.3)
    draft_path = tmp_path / "qd.json"
    shutil.copy(EXAMPLES / "state_quyet_dinh.json", draft_path)
    before = draft_path.read_bytes()
    with pytest.raises(RegisterError) as caught:
        issue_draft(store, load_draft(draft_path), settings, today=dt.date(2026, 2, 5), draft_path=draft_path,
                    docx_path=tmp_path / "qd.docx")
    assert "đang bị khóa" in caught.value.message and "Chưa cấp số nào" in caught.value.message
    assert draft_path.read_bytes() == before and not (tmp_path / "qd.docx").exists()
    other.execute("ROLLBACK")
    other.close()
    assert store.count() == 0 and store.issue(KEY, EntryData()).number == 1
    store.close()


def test_a_connection_lost_mid_issue_writes_nothing(pg_server, tmp_path, monkeypatch):
    import psycopg

    settings = RegisterSettings(backend="postgresql", database=pg_server.new_database())
    store = open_register(settings)
    draft_path = tmp_path / "qd.json"
    shutil.copy(EXAMPLES / "state_quyet_dinh.json", draft_path)
    before = draft_path.read_bytes()
    pid = store.backend_pid()

    def cut_then_render(draft):  # the server goes away while the number is held
        with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        return b"never written"

    monkeypatch.setattr("desktop.core.render.render_bytes", cut_then_render)
    with pytest.raises(RegisterError) as caught:
        issue_draft(store, load_draft(draft_path), settings, today=dt.date(2026, 2, 5), draft_path=draft_path,
                    docx_path=tmp_path / "qd.docx")
    assert "Mất kết nối" in caught.value.message and "không có dòng nào được ghi" in caught.value.message
    assert draft_path.read_bytes() == before and not (tmp_path / "qd.docx").exists()
    with pytest.raises(RegisterError):  # the dead connection keeps saying so, never a traceback
        store.count()
    store.close()
    with open_register(settings) as again:
        assert again.count() == 0
        assert again.issue(KEY, EntryData()).number == 1  # the number was not lost


def test_an_unreachable_server_is_a_message(tmp_path):
    from tests.pg_server import _free_port

    settings = RegisterSettings(backend="postgresql", database=f"postgresql://vanban@127.0.0.1:{_free_port()}/x")
    with pytest.raises(RegisterError) as caught:
        open_register(settings)
    assert "Không kết nối được máy chủ sổ đăng ký" in caught.value.message


def test_a_password_in_the_connection_string_is_refused():
    with pytest.raises(RegisterError) as caught:
        open_register(RegisterSettings(backend="postgresql", database="postgresql://clerk:secret@db/vanban"))
    assert "mật khẩu" in caught.value.message
    with pytest.raises(RegisterError):
        open_register(RegisterSettings(backend="postgresql", database="host=db dbname=vb password=secret"))


def test_the_password_comes_from_the_environment(monkeypatch):
    from desktop.core.register.pg_store import lookup_password

    monkeypatch.setenv("OFFICE_PG_PASSWORD", "from-env")
    assert lookup_password("postgresql://clerk@db/vb", "OFFICE_PG_PASSWORD") == "from-env"
    monkeypatch.delenv("OFFICE_PG_PASSWORD")
    monkeypatch.setenv("VANBAN_PG_PASSWORD", "default-env")
    assert lookup_password("postgresql://clerk@db/vb", "OFFICE_PG_PASSWORD") == "default-env"


def test_a_profile_file_never_holds_a_password():
    from desktop.core.profile import profile_problems

    data = json.loads((EXAMPLES / "profiles" / "state_so_noi_vu.json").read_text(encoding="utf-8"))
    data["register"] = {"backend": "postgresql", "database": "postgresql://clerk:secret@db/vb"}
    assert [p.field for p in profile_problems(data)] == ["register.database"]
    data["register"]["database"] = "postgresql://clerk@db/vb"
    assert profile_problems(data) == []
