"""'Cấp số và ngày ban hành' in the editor with the register's other series and reserved numbers
(pytest-qt, offscreen, every prompt scripted; SQLite and PostgreSQL): a quyết định issued in the
legal series, a thông báo issued with a number reserved earlier, the other reserved number
cancelled with a reason from the register window, an advisory body's own series."""

from __future__ import annotations

import shutil
from dataclasses import replace

from docx import Document

from desktop.core.model import load_draft
from desktop.core.profile import load_profile
from desktop.core.register import open_register
from desktop.core.register.choices import series_kinds
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import CANCELLED, ISSUED, RESERVED, EntryData, Query
from desktop.core.rules import load_rule_set
from desktop.ui.askers import ScriptedAsker
from tests.conftest import EXAMPLES
from tests.test_ui_workflow import STATE_PROFILE, make_window

SHARED = SeriesKey("all", "2026")


def _editor(qtbot, tmp_path, register_settings, asker, example: str):
    draft_path = tmp_path / f"{example}.json"
    shutil.copy(EXAMPLES / f"{example}.json", draft_path)
    window = make_window(qtbot, tmp_path / "data", asker)
    window.profile = replace(load_profile(STATE_PROFILE), register=register_settings)
    assert window.open_path(draft_path)
    assert window.form.isEnabled()
    return window, draft_path


def _docx_text(path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_quyet_dinh_issued_in_the_legal_series(qtbot, tmp_path, register_settings, monkeypatch):
    monkeypatch.setenv("VANBAN_TODAY", "2026-02-05")
    with open_register(register_settings) as store:
        for _ in range(2):  # the agency's shared series is at 02
            store.issue(SHARED, EntryData(code="TB-UBND", issued_on="2026-01-10", type_summary="Thông báo"))
    target = tmp_path / "QĐ quy phạm"
    asker = ScriptedAsker({"register_series": "quy phạm pháp luật", "register_issue": True,
                           "register_docx": str(target)})
    window, draft_path = _editor(qtbot, tmp_path, register_settings, asker, "state_quyet_dinh")

    window.actions["register_issue"].trigger()
    offered = asker.last("register_series")
    assert offered.kind == "choose"
    assert offered.details[0] == "Sổ chung của cơ quan: số tiếp theo 03"  # the rules' pick comes first
    assert "Sổ văn bản quy phạm pháp luật: Quyết định: số tiếp theo 01" in offered.details
    assert "Sổ văn bản mật: số tiếp theo 01" in offered.details
    assert "Sổ bản sao (sao y, sao lục, trích sao): số tiếp theo 01" in offered.details
    assert "register_reserved" not in asker.topics()  # nothing reserved in that series
    confirm = asker.last("register_issue").text
    assert "01" in confirm and "quy phạm pháp luật" in confirm and "05/02/2026" in confirm

    saved = load_draft(draft_path)
    assert (saved.number, saved.date) == ("01", "2026-02-05")
    assert saved.issued.series == "legal:quyet_dinh" and saved.issued.symbol.startswith("01/")
    assert not window.form.isEnabled() and not window.actions["register_issue"].isEnabled()
    assert window.form.draft().number == "01" and not window.modified
    assert saved.issued.symbol in _docx_text(tmp_path / "QĐ quy phạm.docx")
    with open_register(register_settings) as store:
        row = store.get(saved.issued.entry_id)
        assert (row.series, row.cycle, row.number, row.status) == ("legal:quyet_dinh", "2026", 1, ISSUED)
        assert row.issued_on == "2026-02-05" and row.draft_ref == str(draft_path.resolve())
        assert row.type_summary.startswith("Quyết định") and store.last_number(SHARED) == 2  # shared untouched


def test_a_thong_bao_issued_with_a_reserved_number_and_the_other_cancelled(qtbot, tmp_path, register_settings,
                                                                           monkeypatch):
    monkeypatch.setenv("VANBAN_TODAY", "2026-03-10")
    with open_register(register_settings) as store:
        first = store.reserve(SHARED, EntryData(doc_type="thong_bao", note="Chờ Chủ tịch ký"))
        second = store.reserve(SHARED, EntryData(doc_type="thong_bao", note="Thông báo kết luận họp"))
        store.issue(SHARED, EntryData(code="QĐ-UBND", issued_on="2026-03-01", type_summary="Quyết định"))
    target = tmp_path / "TB ban hành"
    asker = ScriptedAsker({"register_reserved": "Số giữ trước 02", "register_issue": True,
                           "register_docx": str(target), "register_cancel": True})
    window, draft_path = _editor(qtbot, tmp_path, register_settings, asker, "state_thong_bao")

    window.actions["register_issue"].trigger()
    assert asker.last("register_series").details[0] == "Sổ chung của cơ quan: số tiếp theo 04 (có 2 số giữ trước)"
    numbers = asker.last("register_reserved").details
    assert numbers[0] == "Cấp số mới: 04"
    assert "Số giữ trước 01" in numbers[1] and "Chờ Chủ tịch ký" in numbers[1]
    assert "Số giữ trước 02" in numbers[2]
    assert "số giữ trước 02" in asker.last("register_issue").text

    saved = load_draft(draft_path)
    assert (saved.number, saved.date, saved.issued.entry_id) == ("02", "2026-03-10", second.id)
    assert not window.form.isEnabled()
    assert saved.issued.symbol in _docx_text(tmp_path / "TB ban hành.docx")
    with open_register(register_settings) as store:
        row = store.get(second.id)
        assert (row.number, row.status, row.issued_on, row.symbol) == (2, ISSUED, "2026-03-10", saved.issued.symbol)
        assert row.type_summary.startswith("Thông báo") and row.draft_ref == str(draft_path.resolve())
        assert store.get(first.id).status == RESERVED and store.last_number(SHARED) == 3  # no new number taken

    window.actions["register_open"].trigger()  # the other reserved number, cancelled from the window
    view = window.register_window
    qtbot.addWidget(view)
    view.status_box.setCurrentIndex(view.status_box.findData(RESERVED))
    assert view.row_count() == 1 and view.cell(0, 0) == "01" and view.cell(0, 10) == "giữ trước"
    view.table.selectRow(0)
    view.reason_edit.setText("Văn bản không ban hành nữa")
    view.cancel_button.click()
    assert "Văn bản không ban hành nữa" in asker.last("register_cancel").text
    assert view.row_count() == 0  # no reserved number left
    view.status_box.setCurrentIndex(view.status_box.findData(CANCELLED))
    assert view.row_count() == 1 and view.cell(0, 10) == "đã hủy" and "Văn bản không ban hành nữa" in view.cell(0, 9)
    with open_register(register_settings) as store:
        cancelled = store.get(first.id)
        assert (cancelled.status, cancelled.cancel_reason) == (CANCELLED, "Văn bản không ban hành nữa")
        assert store.entries(Query(status=RESERVED)) == []
    view.close()


def test_an_advisory_body_numbers_in_its_own_series_and_a_stop_issues_nothing(qtbot, tmp_path, register_settings,
                                                                              monkeypatch):
    monkeypatch.setenv("VANBAN_TODAY", "2026-04-01")
    asker = ScriptedAsker({"register_series": [None, "hội đồng"], "register_advisory_body": "  Hội đồng  thi đua ",
                           "register_issue": True, "register_docx": str(tmp_path / "TB hội đồng")})
    window, draft_path = _editor(qtbot, tmp_path, register_settings, asker, "state_thong_bao")
    window.actions["register_issue"].trigger()  # the clerk closes the series question: nothing happens
    assert "register_issue" not in asker.topics() and window.form.isEnabled()
    assert load_draft(draft_path).issued is None

    window.actions["register_issue"].trigger()
    saved = load_draft(draft_path)
    assert saved.issued.series == "advisory:Hội đồng thi đua" and saved.number == "01"
    assert "Sổ của Hội đồng thi đua" in asker.last("register_issue").text
    with open_register(register_settings) as store:
        assert store.count(Query(series="advisory:Hội đồng thi đua")) == 1 and store.last_number(SHARED) == 0


def test_which_series_a_draft_may_take():
    state = load_rule_set("state_nd30")
    party = load_rule_set("party_hd36")
    quyet_dinh = load_draft(EXAMPLES / "state_quyet_dinh.json")
    thong_bao = load_draft(EXAMPLES / "state_thong_bao.json")
    assert quyet_dinh.copy is not None and thong_bao.copy is None  # the example carries a copy block
    assert series_kinds(quyet_dinh, state) == ["auto", "legal", "secret", "advisory", "copy"]
    assert series_kinds(thong_bao, state) == ["auto", "secret", "advisory"]
    thong_bao.extras.secrecy = "MẬT"
    assert series_kinds(thong_bao, state) == ["auto"]  # a secret document: the secret series, no other
    assert series_kinds(load_draft(EXAMPLES / "party_thong_bao.json"), party) == ["auto"]


def test_a_number_reserved_in_the_register_window_is_issued_from_the_editor(qtbot, tmp_path, register_settings,
                                                                            monkeypatch):
    from desktop.ui.register_window import RegisterWindow

    monkeypatch.setenv("VANBAN_TODAY", "2026-05-04")
    asker = ScriptedAsker({"register_reserve_type": [None, "Quyết định"],
                           "register_reserve_series": "quy phạm pháp luật",
                           "register_reserve_note": "  QĐ ban hành quy chế,  chờ ký ", "register_reserve": True})
    with open_register(register_settings) as store:
        view = RegisterWindow(store, asker, load_rule_set("state_nd30"))
        qtbot.addWidget(view)
        assert view.reserve_number() is None and store.count() == 0  # the clerk closed the first question
        view.reserve_button.click()
        offered = asker.last("register_reserve_series").details
        assert "Sổ văn bản quy phạm pháp luật: Quyết định: số tiếp theo 01" in offered
        confirm, told = [a for a in asker.asked if a.topic == "register_reserve"]
        assert confirm.kind == "confirm" and "Giữ số 01 ở Sổ văn bản quy phạm pháp luật" in confirm.text
        assert told.kind == "inform" and "Đã giữ số 01" in told.text
        held = store.entries(Query(status=RESERVED))
        assert [(e.series, e.cycle, e.number_text, e.note) for e in held] == \
            [("legal:quyet_dinh", "2026", "01", "QĐ ban hành quy chế, chờ ký")]
        assert view.row_count() == 1 and view.cell(0, 10) == "giữ trước"
        view.close()

    asker = ScriptedAsker({"register_series": "quy phạm pháp luật", "register_reserved": "Số giữ trước 01",
                           "register_issue": True, "register_docx": str(tmp_path / "QĐ quy chế")})
    window, draft_path = _editor(qtbot, tmp_path, register_settings, asker, "state_quyet_dinh")
    window.actions["register_issue"].trigger()
    assert "QĐ ban hành quy chế, chờ ký" in asker.last("register_reserved").details[1]
    saved = load_draft(draft_path)
    assert (saved.number, saved.date, saved.issued.entry_id) == ("01", "2026-05-04", held[0].id)
    assert not window.form.isEnabled()
    with open_register(register_settings) as store:
        assert store.get(held[0].id).status == ISSUED and store.last_number(SeriesKey("legal:quyet_dinh", "2026")) == 1
