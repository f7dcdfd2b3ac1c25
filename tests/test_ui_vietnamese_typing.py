"""Vietnamese typed through input methods, key by key, into a form field and the body editor.

Unikey and EVKey (Windows) and their Telex and VNI modes do not send the letters a clerk presses:
they watch the keys and, when a key changes a letter already typed (``ee`` → ``ê``, ``j`` → the
dot below), send backspaces then the composed letters again — often the rest of the syllable too
(``vieet`` + ``j`` → ⌫⌫ ``ệt``). Telex and VNI differ only in the keys pressed; what reaches the
program is the same stream, written below with ⌫ for one backspace. Some set-ups send combining
marks (``Unicode tổ hợp``) instead of composed letters; Linux IMEs (ibus-unikey, ibus-bamboo)
commit through input-method events after a pre-edit. Every way must store NFC text, exactly the
word meant, and undo must walk back through real states only (never a raw key like ``vieetj``).
"""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.core.model import strip_marks
from desktop.core.rules import load_rule_set
from desktop.ui.body_editor import BodyEditor
from desktop.ui.draft_form import DraftForm
from tests.test_ui_workflow import make_window

BS = "⌫"

# (what the clerk means, Telex keys, VNI keys, what Unikey/EVKey send)
WORDS = [
    ("Việt", "Vieetj", "Vie65t", f"Vie{BS}êt{BS}{BS}ệt"),
    ("Nam", "Nam", "Nam", "Nam"),
    ("Quyết định", "Quyeets ddinhj", "Quye6t1 d9inh5", f"Quye{BS}êt{BS}{BS}ết d{BS}đinh{BS}{BS}{BS}ịnh"),
    ("Hà Nội", "Haf Nooij", "Ha2 No6i5", f"Ha{BS}à No{BS}ôi{BS}{BS}ội"),
    ("đồng chí", "ddoongf chis", "d9o6ng2 chi1", f"d{BS}đo{BS}ông{BS}{BS}{BS}ồng chi{BS}í"),
    ("Trưởng ban", "Truowngr ban", "Truo7ng3 ban", f"Truo{BS}{BS}ương{BS}{BS}{BS}{BS}ưởng ban"),
    ("Ủy ban nhân dân", "Uyr ban nhaan daan", "Uy3 ban nha6n da6n",
     f"Uy{BS}{BS}Ủy ban nha{BS}ân da{BS}ân"),
]
TEXT = " ".join(word for word, *_ in WORDS)
STREAM = " ".join(stream for *_, stream in WORDS)
COMBINING = "Vie\u0302\u0323t Nam, Quye\u0302\u0301t đi\u0323nh"  # Unicode tổ hợp: letters then marks


def play(widget, stream: str) -> None:
    """Send what the input method sends: ⌫ as a Backspace key, anything else as typed text."""
    for ch in stream:
        if ch == BS:
            QTest.keyClick(widget, Qt.Key.Key_Backspace)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def ibus_commit(widget, syllables: list[tuple[str, str]]) -> None:
    """ibus-unikey / ibus-bamboo: a pre-edit string while typing, then the word committed."""
    for preedit, commit in syllables:
        QApplication.sendEvent(widget, QInputMethodEvent(preedit, []))
        event = QInputMethodEvent("", [])
        event.setCommitString(commit)
        QApplication.sendEvent(widget, event)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def test_the_streams_are_what_the_keys_make():
    """The table's streams replayed on plain text give the words (a check of the test data itself)."""
    for word, _telex, _vni, stream in WORDS:
        out: list[str] = []
        for ch in stream:
            if ch == BS:
                out.pop()
            else:
                out.append(ch)
        assert "".join(out) == word


@pytest.fixture
def form(qtbot):
    widget = DraftForm()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize("path", ["summary", "signature.name"])
def test_form_field_stores_the_word_meant_in_nfc(form, path):
    field = form.fields[path]  # a multi-line field (trích yếu) and a one-line field (họ tên)
    assert isinstance(field, QLineEdit) == (path == "signature.name")
    field.setFocus()
    play(field, STREAM)
    value = form.text(path)
    assert value == TEXT and is_nfc(value)
    draft_value = form.draft().summary if path == "summary" else form.draft().signature.name
    assert draft_value == TEXT and is_nfc(draft_value)


def test_form_field_combining_marks_are_stored_composed(form):
    field = form.fields["summary"]
    field.setFocus()
    play(field, COMBINING)
    assert form.draft().summary == "Việt Nam, Quyết định"
    assert is_nfc(form.draft().summary)


@pytest.fixture
def body(qtbot):
    widget = BodyEditor()
    widget.set_rules(load_rule_set("state_nd30"))
    qtbot.addWidget(widget)
    widget.show()
    widget.setFocus()
    return widget


def test_body_editor_stores_the_words_meant_in_nfc(body):
    play(body, STREAM)
    QTest.keyClick(body, Qt.Key.Key_Return)
    play(body, COMBINING)
    paragraphs = body.paragraphs()
    assert [p.text for p in paragraphs] == [TEXT, "Việt Nam, Quyết định"]
    assert all(is_nfc(run.text) for p in paragraphs for run in p.runs)


def test_body_editor_bold_word_typed_by_telex_keeps_its_format(body):
    play(body, "Kính gửi ")
    body.toggle_bold()
    play(body, f"Vie{BS}êt{BS}{BS}ệt")
    body.toggle_bold()
    runs = body.paragraphs()[0].runs
    assert [(r.text, r.bold) for r in runs] == [("Kính gửi ", False), ("Việt", True)]


def test_linux_input_method_commit_after_preedit(body, form):
    syllables = [("V", ""), ("Vi", ""), ("Vie", ""), ("Viê", ""), ("Việ", ""), ("Việt", ""), ("", "Việt"),
                 ("", " "), ("N", ""), ("Na", ""), ("Nam", ""), ("", "Nam")]
    ibus_commit(body, syllables)
    assert body.paragraphs()[0].text == "Việt Nam"
    field = form.fields["summary"]
    field.setFocus()
    ibus_commit(field, syllables)
    assert form.draft().summary == "Việt Nam"


def undo_states(widget, read, key: Qt.Key, limit: int = 60) -> list[str]:
    """Press Ctrl+<key> until the text stops changing; every state seen, the last one included."""
    states = [read()]
    for _ in range(limit):
        QTest.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)
        if read() == states[-1]:
            break
        states.append(read())
    return states


def assert_sane(states: list[str], final: str, start: str) -> None:
    """Every state is NFC and a step on the way to ``final`` (no raw Telex key, no doubled vowel)."""
    for state in states:
        assert is_nfc(state), state
        assert strip_marks(final).startswith(strip_marks(state)), (state, final)
    assert states[-1] == start


@pytest.mark.parametrize("where", ["summary", "body"])
def test_undo_and_redo_walk_back_through_real_states(qtbot, tmp_path, where):
    window = make_window(qtbot, tmp_path)
    form = window.form
    widget = form.fields[where]
    widget.setFocus()

    def read() -> str:
        return form.draft().summary if where == "summary" else "\n".join(p.text for p in form.body.paragraphs())

    start = read()
    play(widget, STREAM)
    assert read() == TEXT
    back = undo_states(widget, read, Qt.Key.Key_Z)
    assert_sane(back, TEXT, start)
    forward = undo_states(widget, read, Qt.Key.Key_Y)
    assert forward[-1] == TEXT and all(is_nfc(s) for s in forward)
