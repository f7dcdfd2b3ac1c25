"""QApplication set-up (font, icon, names) and ``main()`` for ``vanban gui`` / ``python -m desktop``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
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

QT_CONTEXT_STRINGS = {
    ("QPlatformTheme", "Save All"): "editor.qt.save_all", ("QPlatformTheme", "Retry"): "ui.button.retry",
    ("QPlatformTheme", "Ignore"): "editor.qt.ignore", ("QPlatformTheme", "Abort"): "editor.qt.abort",
    ("QPlatformTheme", "Yes to &All"): "editor.qt.yes_all", ("QPlatformTheme", "N&o to All"): "editor.qt.no_all",
    ("QPlatformTheme", "Reset"): "editor.qt.reset", ("QPlatformTheme", "Restore Defaults"): "editor.qt.defaults",
    ("QPlatformTheme", "Don't Save"): "ui.button.discard",
    ("QPlatformTheme", "Close without Saving"): "editor.qt.close_unsaved",
    ("QFileDialog", "&Look in:"): "ui.file_dialog.look_in", ("QFileDialog", "File &name:"): "ui.file_dialog.name",
    ("QFileDialog", "Files of &type:"): "ui.file_dialog.type", ("QFileDialog", "&New Folder"): "editor.qt.new_folder",
    ("QFileDialog", "New Folder"): "editor.qt.new_folder", ("QFileDialog", "Create New Folder"): "editor.qt.new_folder",
    ("QFileDialog", "Create a New Folder"): "editor.qt.new_folder", ("QFileDialog", "&Delete"): "ui.qt.delete",
    ("QFileDialog", "&Rename"): "editor.qt.rename", ("QFileDialog", "All Files (*)"): "editor.qt.all_files",
    ("QFileDialog", "Back"): "editor.qt.back", ("QFileDialog", "Go back"): "editor.qt.back",
    ("QFileDialog", "Forward"): "editor.qt.forward", ("QFileDialog", "Go forward"): "editor.qt.forward",
    ("QFileDialog", "Parent Directory"): "editor.qt.parent", ("QFileDialog", "Go to the parent directory"):
    "editor.qt.parent", ("QFileDialog", "Detail View"): "editor.qt.detail_view",
    ("QFileDialog", "List View"): "editor.qt.list_view", ("QFileDialog", "Show &hidden files"): "editor.qt.hidden",
    ("QFileDialog", "Open"): "ui.button.open", ("QFileDialog", "&Open"): "ui.button.open",
    ("QFileDialog", "Save As"): "editor.qt.save_as", ("QFileDialog", "&Save"): "ui.button.save",
    ("QFileDialog", "&Choose"): "editor.qt.choose", ("QFileDialog", "Directory:"): "editor.qt.folder",
    ("QFileDialog", "Files"): "editor.qt.files", ("QFileDialog", "Sidebar"): "editor.qt.sidebar",
    ("QFileDialog", "Find Directory"): "editor.qt.find_folder",
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"): "editor.qt.replace",
    ("QFileDialog", "Are you sure you want to delete '%1'?"): "editor.qt.delete_file",
    ("QFileSystemModel", "Name"): "editor.qt.name", ("QFileSystemModel", "Size"): "editor.qt.size",
    ("QFileSystemModel", "Type"): "editor.qt.type", ("QFileSystemModel", "Date Modified"): "editor.qt.modified",
    ("QFileSystemModel", "Computer"): "editor.qt.computer", ("QAbstractFileIconProvider", "Folder"):
    "editor.qt.folder_kind", ("QAbstractFileIconProvider", "Drive"): "editor.qt.drive",
    ("QAbstractFileIconProvider", "File"): "editor.qt.file_kind",
}
"""The rest of the standard buttons and Qt's file dialog, by (context, text): Qt 6 ships no
qtbase_vi.qm (checked in PySide6 6.11), so these are the app's own."""


class QtStringsTranslator(QTranslator):
    """Qt ships no Vietnamese .qm: give its standard strings our catalog's texts instead."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        """Our text, or None (a null QString) so that Qt keeps its own: "" would blank it out."""
        key = QT_CONTEXT_STRINGS.get((context, source)) or QT_STRINGS.get(source)
        return tr(key) if key else None

    def isEmpty(self) -> bool:
        return False


def qt_vietnamese_translator(parent: QApplication) -> QTranslator | None:
    """Qt's own Vietnamese translation (qtbase_vi, else qt_vi) from its translations folder, when
    this Qt ships one; None otherwise (the app's texts above then stand in)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(parent)
        if translator.load(QLocale(QLocale.Language.Vietnamese), name, "_", folder):
            return translator
    return None


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
        app.vanban_qt_translator = qt_vietnamese_translator(app)
        if app.vanban_qt_translator is not None:
            app.installTranslator(app.vanban_qt_translator)
        app.vanban_translator = QtStringsTranslator(app)  # installed last: asked first, falls back to Qt's
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
