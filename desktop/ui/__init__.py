"""The PySide6 editor: one main window, its dialogs, panels and background jobs (issue #4)."""
