"""What goes into the VănBản bundle: shared by build.spec, tools/build_bundle.py and the tests.

Pure functions and constants, importable without running PyInstaller, so the filters can be
tested with both Linux names (``libQt6Quick.so.6``, ``plugins/platforms/libqxcb.so``) and
Windows names (``Qt6Quick.dll``, ``plugins\\platforms\\qwindows.dll``).

Filtering rules (see /work/shared/notes/toolchain.md section 7):
- Qt libraries of modules a widgets app never loads (Quick, QML, Pdf, Network, OpenGL, ...)
  are dropped by module name, whatever the platform's prefix and suffix;
- Qt plugins are kept by folder and, for some folders, by name (``qwindows``, ``qxcb``,
  ``qoffscreen`` stay; eglfs, vnc, wayland, tls, ... go);
- Qt translations: English and Vietnamese only (Qt ships no ``qtbase_vi.qm`` today);
- babel locale data: ``root``, ``vi``, ``vi_VN``, ``en``, ``en_US`` by exact file name.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

APP_NAME = "VanBan"
"""The folder and the windowed (GUI) executable: ``VanBan.exe``."""
CLI_NAME = "vanban-cli"
"""The console executable. Not ``vanban.exe``: Windows file names ignore case, so it would be
the same file as ``VanBan.exe``."""

PRODUCT_NAME = "VănBản"
COMPANY_NAME = "Nhóm phát triển VănBản"
GUI_DESCRIPTION = "VănBản – soạn và kiểm tra văn bản của Đảng và nhà nước"
CLI_DESCRIPTION = "VănBản – dòng lệnh (tạo, kiểm tra văn bản .docx)"
COPYRIGHT = "© Nhóm phát triển VănBản"
LANGUAGE_VIETNAMESE_UNICODE = "042A04B0"
"""Version resource string table key: language 0x042A (Vietnamese), code page 1200 (UTF-16)."""

PYTHON_EXCLUDES = [
    "tkinter", "_tkinter", "unittest", "pydoc", "test", "lib2to3", "idlelib", "pytest", "_pytest",
    "hypothesis", "pytest_qt", "pytestqt", "pytest_benchmark", "IPython", "setuptools", "pip", "readline",
    "ssl", "_ssl", "_hashlib",  # hashlib falls back to its built-in hashes; nothing here opens TLS
    # lxml's hook collects every submodule; python-docx and docxtpl use lxml.etree only
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax", "lxml.cssselect", "lxml.doctestcompare",
    "lxml.usedoctest",
    # the optional sign extra (issue #14, docs/signing.md) is not bundled: +45 MB over the size target; the
    # bundle's signing actions say it is not installed
    "pyhanko", "pyhanko_certvalidator", "pkcs11", "pikepdf", "pdfminer", "PIL", "aiohttp", "oscrypto",
    "asn1crypto", "cryptography", "fontTools", "uharfbuzz",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtPdf",
    "PySide6.QtPdfWidgets", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.QtQuick3D", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtXml", "PySide6.QtConcurrent",
    "PySide6.QtLabsStyleKit",
    "PIL",  # openpyxl (register import/export) imports Pillow for pictures only; the register has none
    # keyring's Linux Secret Service backend (SecretStorage -> cryptography, 12 MB): the bundle reads the
    # PostgreSQL password from VANBAN_PG_PASSWORD there; Windows uses its own vault, without these
    "secretstorage", "jeepney", "cryptography",
]
"""Python modules never frozen: test tools, Tk, and the Qt bindings the app does not use."""

QT_LIBRARIES_DROPPED = re.compile(
    r"^(?:Quick|Qml|Pdf|VirtualKeyboard|Network|OpenGL|Wayland|Wl|EglFS|EglFs|Labs|Lottie|WebEngine|WebChannel"
    r"|WebSockets|Multimedia|Spatial|3D|Designer|Help|Sql|Test|UiTools|Xml|Concurrent|ShaderTools|Graphs"
    r"|Charts|DataVisualization|Positioning|Location|Sensors|SerialPort|SerialBus|Bluetooth|Nfc|RemoteObjects"
    r"|Scxml|StateMachine|TextToSpeech|HttpServer)"
)
"""Qt module names (after ``Qt6``) whose libraries a widgets app never loads."""

QT_LIBRARY_NAME = re.compile(r"^(?:lib)?Qt6([A-Za-z0-9]+)\.(?:so|dll|dylib)\b")

OTHER_BINARIES_DROPPED = {"opengl32sw.dll", "d3dcompiler_47.dll", "libEGL.dll", "libGLESv2.dll"}
"""Windows OpenGL fallbacks the PyInstaller Qt hook collects (~20 MB); widgets paint with raster."""

QT_PLUGINS_KEPT: dict[str, set[str] | None] = {
    "platforms": {"qwindows", "qxcb", "qoffscreen", "qminimal", "qcocoa"},
    "styles": None,  # None: every plugin of the folder (qmodernwindowsstyle on Windows)
    "imageformats": {"qico", "qsvg", "qjpeg", "qgif"},  # PNG is built into QtGui
    "iconengines": None,  # qsvgicon: SVG icons in QIcon
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "platformthemes": {"qxdgdesktopportal"},  # not qgtk3: it would pull the build machine's GTK in
    "xcbglintegrations": None,
    "printsupport": None,
    "accessiblebridge": None,
}
"""Qt plugin folders kept, and in each the plugin names kept (without ``lib`` and extension).
Every other folder goes: tls, networkinformation, egldeviceintegrations, generic, wayland-*,
sqldrivers, qmltooling, designer, vectorimageformats."""

QT_TRANSLATION_KEPT = re.compile(r"^(?:qt|qtbase)_(?:vi|en)(?:_[A-Za-z]+)?\.qm$")
BABEL_LOCALES_KEPT = {"root.dat", "vi.dat", "vi_VN.dat", "en.dat", "en_US.dat"}
"""Exact file names: ``endswith("en.dat")`` would also keep ``ken.dat``."""

PLUGIN_PATH = re.compile(r"/plugins/([^/]+)/([^/]+)$")


def plugin_name(file_name: str) -> str:
    """``libqxcb.so`` and ``qxcb.dll`` both give ``qxcb``."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_in_bundle(dest: str) -> bool:
    """Whether a collected file (its destination path inside the bundle) stays in the bundle."""
    path = dest.replace("\\", "/")
    name = PurePosixPath(path).name
    if path.startswith("babel/locale-data/"):
        return name in BABEL_LOCALES_KEPT
    if not path.startswith("PySide6/"):
        return name not in OTHER_BINARIES_DROPPED
    if name in OTHER_BINARIES_DROPPED:
        return False
    if "/translations/" in path and name.endswith(".qm"):
        return bool(QT_TRANSLATION_KEPT.match(name))
    plugin = PLUGIN_PATH.search(path)
    if plugin:
        folder, file_name = plugin.groups()
        if folder not in QT_PLUGINS_KEPT:
            return False
        kept_names = QT_PLUGINS_KEPT[folder]
        return kept_names is None or plugin_name(file_name) in kept_names
    library = QT_LIBRARY_NAME.match(name)
    return not (library and QT_LIBRARIES_DROPPED.match(library.group(1)))


def filter_toc(entries: list[Any]) -> list[Any]:
    """A PyInstaller TOC (``(dest, source, kind)`` tuples) without the files the bundle does not need."""
    return [entry for entry in entries if keep_in_bundle(entry[0])]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"0.1.0"`` -> ``(0, 1, 0, 0)``; ``"1.2rc1"`` -> ``(1, 2, 0, 0)``: Windows wants four numbers."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    numbers = [int(part) for part in release.group(0).split(".")] if release else []
    a, b, c, d = [*numbers, 0, 0, 0, 0][:4]
    return a, b, c, d


def windows_version_text(version: str, description: str, file_name: str) -> str:
    """The Windows version resource (Properties > Details) of one executable, in Vietnamese.

    Written in PyInstaller's version-file syntax (``EXE(version="file.txt")`` evaluates it with
    its ``VSVersionInfo`` classes on Windows), because those classes cannot be imported on Linux:
    they need ``pefile``, a Windows-only dependency of PyInstaller.
    """
    numbers = version_tuple(version)
    strings = {
        "CompanyName": COMPANY_NAME,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": file_name.rsplit(".", 1)[0],
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": file_name,
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return (
        "# -*- coding: utf-8 -*-\n"
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers!r}, prodvers={numbers!r}, mask=0x3f, flags=0x0,\n"
        "                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        f"    StringFileInfo([StringTable({LANGUAGE_VIETNAMESE_UNICODE!r}, [\n{string_structs}])]),\n"
        "    VarFileInfo([VarStruct('Translation', [0x042A, 1200])]),\n"
        "  ],\n"
        ")\n"
    )
