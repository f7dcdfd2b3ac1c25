"""The PySide6 editor: one main window, its dialogs, panels and background jobs (issue #4)."""

from __future__ import annotations

import sys

NONE_REFERENCE_RESERVE = 1 << 40


def keep_none_alive() -> None:
    """Work around shiboken6 6.12 on CPython < 3.12: every call of a C++ method that returns
    void (QLabel.setText, QPainter.drawLine, QFont.setBold …) drops one reference to None.
    After some tens of thousands of calls CPython frees None and aborts ("none_dealloc:
    deallocating None"): the editor would crash after a few minutes of typing. CPython 3.12
    makes None immortal; on older versions give None the same protection once, by raising
    its reference count far beyond reach (2**40 calls). Checked by tests/test_ui_editor.py.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    if sys.getrefcount(None) < NONE_REFERENCE_RESERVE:
        ctypes.c_ssize_t.from_address(id(None)).value += NONE_REFERENCE_RESERVE


keep_none_alive()
