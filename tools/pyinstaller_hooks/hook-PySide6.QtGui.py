"""VănBản: PyInstaller's stock ``PySide6.QtGui`` hook, minus the plugins tools/bundle_rules.py drops.

Dropping them here, before PyInstaller's dependency analysis, also keeps out the libraries only
those plugins need (GTK, cairo and pango for qgtk3; Wayland, EGL and Qt Network for the rest).
build.spec puts this folder first on ``hookspath`` and tools/ on ``sys.path``.
"""

import os

from bundle_rules import keep_in_bundle
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if keep_in_bundle(f"{dest}/{os.path.basename(src)}")]
datas = [(src, dest) for src, dest in datas if keep_in_bundle(f"{dest}/{os.path.basename(src)}")]
