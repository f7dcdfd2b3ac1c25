"""The PySide6 editor: one main window, its dialogs, panels and background jobs (issue #4).

PySide6 6.12.0 is excluded in pyproject.toml: on CPython 3.11 each call of a C++ method
returning void drops one reference to None, and the editor aborts after a few minutes of
typing (bench/ui.md). tests/test_ui_editor.py guards any later version against the same.
"""
