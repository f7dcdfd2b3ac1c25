"""QApplication set-up (font, icon, names) and ``main()`` for ``vanban gui`` / ``python -m desktop``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import tr
from desktop.resources import resource_path

UI_FONTS = ("Noto Sans", "Liberation Sans", "Segoe UI")
"""Fonts that draw Vietnamese capitals whole. Debian's default DejaVu Sans clips the top mark
of stacked diacritics in labels (ĐẢNG shows as ĐÁNG), so the font is always set explicitly."""
UI_FONT_SIZE = 10


def ui_font() -> QFont:
    families = set(QFontDatabase.families())
    name = next((f for f in UI_FONTS if f in families), None)
    font = QFont(name) if name else QApplication.font()
    font.setPointSize(UI_FONT_SIZE)
    return font


QT_STRINGS = {
    "&Undo": "ui.qt.undo", "&Redo": "ui.qt.redo", "Cu&t": "ui.qt.cut", "&Copy": "ui.qt.copy",
    "&Paste": "ui.qt.paste", "Delete": "ui.qt.delete", "Select All": "ui.qt.select_all",
    "Copy &Link Location": "ui.qt.copy_link", "OK": "ui.button.ok", "&OK": "ui.button.ok",
    "Cancel": "ui.button.cancel", "&Cancel": "ui.button.cancel", "Yes": "ui.button.yes", "&Yes": "ui.button.yes",
    "No": "ui.button.no", "&No": "ui.button.no", "Save": "ui.button.save", "&Save": "ui.button.save",
    "Open": "ui.button.open", "&Open": "ui.button.open", "Close": "ui.qt.close", "&Close": "ui.qt.close",
    "Discard": "ui.button.discard", "Apply": "ui.qt.apply", "Help": "ui.qt.help",
}
"""Qt's own English strings (context menus of text fields, standard buttons), in Vietnamese."""


class QtStringsTranslator(QTranslator):
    """Qt ships no Vietnamese .qm: give its standard strings our catalog's texts instead."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        """Our text, or None (a null QString) so that Qt keeps its own: "" would blank it out."""
        key = QT_STRINGS.get(source)
        return tr(key) if key else None

    def isEmpty(self) -> bool:
        return False


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("vanban.svg", "vanban.png"):
        path = resource_path("resources", "icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon


def create_app(argv: Sequence[str] = ()) -> QApplication:
    """The one QApplication of the process (reused when it exists, as under pytest-qt)."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "vanban", *argv])
    app.setApplicationName("VanBan")
    app.setApplicationDisplayName(tr("ui.app_name"))
    app.setOrganizationName("VanBan")
    app.setWindowIcon(app_icon())
    app.setFont(ui_font())
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese))  # vi_VN: calendar popup, numbers
    if not hasattr(app, "vanban_translator"):
        app.vanban_translator = QtStringsTranslator(app)
        app.installTranslator(app.vanban_translator)
    return app


def main(argv: Sequence[str] | None = None, *, data_dir: Path | None = None) -> int:
    """Open the editor window; ``argv`` may hold one file to open (draft .json or a .docx to check)."""
    args = list(sys.argv[1:] if argv is None else argv)
    app = create_app()
    from desktop.ui.main_window import MainWindow

    window = MainWindow(data_dir=data_dir)
    window.show()
    path = Path(args[0]) if args else None
    QTimer.singleShot(0, lambda: window.start(path))
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
