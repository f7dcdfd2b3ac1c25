"""The bundled program (build.spec + tools/build_bundle.py; issue #5).

Fast tests: the bundle filters with Linux and Windows file names, the Windows version resource,
the icon, and the frozen entry script run from source. Slow tests (``-m slow``): build the
bundle once per session with PyInstaller into a temporary folder, then run its two executables
like a clerk would and compare what they produce with the same commands run from source.
"""

from __future__ import annotations

import importlib.util
import os
import struct
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from desktop.cli import main as cli_main
from desktop.frozen_main import SMOKE_ENV, SMOKE_REPORT_PREFIX, wants_cli
from desktop.resources import DATA_FOLDERS
from tests.conftest import EXAMPLES, ROOT
from tests.test_resources import checkout_files


def load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_bundle = load_tool("build_bundle")
rules = build_bundle.rules
SIZE_LIMIT_MB = 160  # the unpacked folder: 150 until the register (psycopg binary, 10.6 MB) and validate-docx
# (openxml-audit schemas, 9.3 MB) came in (151.7 MB measured 2026-12-04); figures in bench/build.md


# --- fast: filters, version resource, icon, entry script ------------------------------------------

KEPT = [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt6Core.dll", "PySide6\\Qt6Widgets.dll", "PySide6/Qt6Gui.dll",
    "PySide6/Qt/lib/libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt6Svg.dll",
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/plugins/platforms/qwindows.dll", "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/plugins/platforms/qoffscreen.dll", "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/plugins/imageformats/qico.dll", "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/plugins/iconengines/qsvgicon.dll",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/translations/qtbase_en.qm", "PySide6/translations/qt_vi.qm",
    "babel/locale-data/vi.dat", "babel/locale-data/vi_VN.dat", "babel/locale-data/root.dat",
    "babel/locale-data/en.dat", "babel/locale-data/en_US.dat",
    "lxml/etree.cpython-311-x86_64-linux-gnu.so", "templates_docx/state_nd30/cong_van.docx", "libpython3.11.so.1.0",
]
DROPPED = [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt6Quick.dll", "PySide6/Qt6QuickControls2Basic.dll",
    "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt6Network.dll", "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "PySide6/Qt6OpenGLWidgets.dll", "PySide6/Qt/lib/libQt6WaylandClient.so.6", "PySide6/Qt6Pdf.dll",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "PySide6/opengl32sw.dll",
    "PySide6/plugins/platforms/qdirect2d.dll", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/plugins/tls/qschannelbackend.dll", "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/plugins/networkinformation/qnetworklistmanager.dll", "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", "PySide6/plugins/imageformats/qpdf.dll",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "PySide6/plugins/qmltooling/qmldbg_tcp.dll",
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6/translations/qt_help_en.qm",
    "babel/locale-data/ken.dat", "babel/locale-data/de.dat", "babel/locale-data/vi_US.dat",
]


@pytest.mark.parametrize("dest", KEPT)
def test_filter_keeps_what_the_app_needs(dest: str):
    assert rules.keep_in_bundle(dest)


@pytest.mark.parametrize("dest", DROPPED)
def test_filter_drops_what_the_app_never_loads(dest: str):
    assert not rules.keep_in_bundle(dest)


def test_filter_toc_keeps_entry_tuples():
    toc = [("PySide6/Qt6Core.dll", "C:/x/Qt6Core.dll", "BINARY"), ("PySide6/Qt6Quick.dll", "C:/x/q.dll", "BINARY")]
    assert rules.filter_toc(toc) == toc[:1]


class Recorded:
    """Stands in for PyInstaller's version-resource classes (they need pefile, Windows only)."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


def test_windows_version_text_is_vietnamese_with_four_numbers():
    text = rules.windows_version_text("1.2.3", rules.GUI_DESCRIPTION, "VanBan.exe")
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo",
             "VarStruct")
    info = eval(text, {name: type(name, (Recorded,), {}) for name in names})  # what PyInstaller does on Windows
    fixed = info.kwargs["ffi"].kwargs
    assert fixed["filevers"] == fixed["prodvers"] == (1, 2, 3, 0)
    string_file_info, var_file_info = info.kwargs["kids"]
    (table,) = string_file_info.args[0]
    language, structs = table.args
    assert language == "042A04B0"
    strings = dict(struct.args for struct in structs)
    assert strings["ProductName"] == "VănBản"
    assert strings["FileDescription"] == rules.GUI_DESCRIPTION
    assert strings["OriginalFilename"] == "VanBan.exe"
    assert strings["FileVersion"] == "1.2.3"
    assert var_file_info.args[0][0].args == ("Translation", [0x042A, 1200])


@pytest.mark.parametrize(("version", "numbers"), [("0.1.0", (0, 1, 0, 0)), ("2.3", (2, 3, 0, 0)),
                                                  ("1.2rc1", (1, 2, 0, 0)), ("4.5.6.7.8", (4, 5, 6, 7))])
def test_version_tuple(version: str, numbers: tuple[int, int, int, int]):
    assert rules.version_tuple(version) == numbers


def test_cli_and_gui_executables_differ_in_more_than_case():
    """Windows file names ignore case: ``vanban.exe`` would overwrite ``VanBan.exe``."""
    assert rules.APP_NAME.lower() != rules.CLI_NAME.lower()


def test_icon_is_a_windows_ico_with_png_images(qapp):
    data = build_bundle.ico_from_pngs(build_bundle.render_icon_pngs((16, 32, 256)))
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 3)
    from PySide6.QtGui import QImage

    sides = []
    for index in range(count):
        width, height, _, _, planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        image = QImage.fromData(data[offset:offset + size], "PNG")
        assert not image.isNull()
        assert (image.width(), image.height()) == ((width or 256), (height or 256))
        assert (planes, bits) == (1, 32)
        sides.append(image.width())
    assert sides == [16, 32, 256]


@pytest.mark.parametrize(("argv", "cli"), [([], False), (["draft.json"], False), (["render", "a.json"], True),
                                           (["check", "a.docx"], True), (["--version"], True), (["gui"], True),
                                           (["-h"], True), (["--data-dir", "D:/x"], False)])
def test_frozen_entry_routes_subcommands_to_the_cli(argv: list[str], cli: bool):
    assert wants_cli(argv) is cli


def test_smoke_exit_hook_from_source(tmp_path: Path):
    """desktop/frozen_main.py, run from source: the editor paints offscreen, then exits 0."""
    env = build_bundle.isolated_env(tmp_path, QT_QPA_PLATFORM="offscreen", **{SMOKE_ENV: "1"})
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "desktop.frozen_main"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert SMOKE_REPORT_PREFIX in result.stderr


def test_fallback_draft_renders(tmp_path: Path):
    """The draft tools/build_bundle.py uses when examples/ is empty is complete."""
    draft = build_bundle.fallback_draft(tmp_path)
    assert cli_main(["render", str(draft), "-o", str(tmp_path / "fallback.docx")]) == 0
    assert first_cell_lines(tmp_path / "fallback.docx")[:2] == ["ỦY BAN NHÂN DÂN TỈNH HÀ NAM", "SỞ NỘI VỤ"]


# --- slow: the real bundle ----------------------------------------------------------------------


def paragraph_texts(path: Path) -> list[str]:
    """Every non-empty paragraph of a .docx (tables included), in document order."""
    body = docx.Document(str(path)).element.body
    texts = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return [text for text in texts if text.strip()]


def first_cell_lines(path: Path) -> list[str]:
    """Lines of the header's first cell (the issuing body, top left), line breaks included."""
    cell = docx.Document(str(path)).tables[0].rows[0].cells[0]
    return [line.strip() for line in cell.text.splitlines() if line.strip()]


def expected_issuer_lines(draft: Path) -> list[str]:
    import json

    data = json.loads(draft.read_text(encoding="utf-8"))
    return [line.strip().upper() for line in f"{data['superior']}\n{data['issuer']}".splitlines() if line.strip()]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory):
    """The bundle, built once for this module with the same code as tools/build_bundle.py."""
    base = tmp_path_factory.mktemp("bundle")
    built, seconds = build_bundle.build(dist=base / "dist", work=base / "work")
    print(f"\nbundle built in {seconds:.0f} s: {built.folder}")
    return built


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def smoke_examples() -> list[Path]:
    return [EXAMPLES / name for name in build_bundle.PREFERRED_EXAMPLES if (EXAMPLES / name).is_file()]


@pytest.mark.slow
def test_bundle_holds_the_data_folders(bundle):
    internal = bundle.folder / "_internal"
    for folder in DATA_FOLDERS:
        bundled = {p.relative_to(internal).as_posix() for p in (internal / folder).rglob("*") if p.is_file()}
        assert checkout_files(folder) <= bundled


@pytest.mark.slow
def test_bundle_has_only_the_qt_parts_it_needs(bundle):
    internal = bundle.folder / "_internal"
    files = [p for p in internal.rglob("*") if p.is_file() or p.is_symlink()]
    platforms = {rules.plugin_name(p.name) for p in files if p.parent.name == "platforms"}
    assert {"qoffscreen", "qwindows" if os.name == "nt" else "qxcb"} <= platforms
    leaked = [rel for p in files if not rules.keep_in_bundle(rel := p.relative_to(internal).as_posix())]
    assert not leaked, "files the filters drop reached the bundle"
    assert not [p for p in files if p.is_symlink() and not p.exists()], "dangling symlinks"
    assert not [p for p in files if "gtk" in p.name or "Quick" in p.name or "Network" in p.name]


@pytest.mark.slow
@pytest.mark.parametrize("example", smoke_examples(), ids=lambda p: p.stem)
def test_cli_renders_like_the_source(bundle, example: Path, tmp_path: Path, home: Path):
    frozen, source = tmp_path / "frozen.docx", tmp_path / "source.docx"
    result = build_bundle.run_exe(bundle.cli, ["render", str(example), "-o", str(frozen)], home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert cli_main(["render", str(example), "-o", str(source)]) == 0
    assert paragraph_texts(frozen) == paragraph_texts(source)
    assert first_cell_lines(frozen)[: len(expected_issuer_lines(example))] == expected_issuer_lines(example)


@pytest.mark.slow
def test_cli_renders_every_example(bundle, tmp_path: Path, home: Path):
    examples = [str(p) for p in sorted(EXAMPLES.glob("*.json"))]
    if not examples:
        pytest.skip("examples/ is empty")
    args = ["render", "--skip-incomplete", *examples, "-o"]
    frozen = build_bundle.run_exe(bundle.cli, [*args, f"{tmp_path / 'f'}{os.sep}"], home)
    source_code = cli_main([*args, f"{tmp_path / 's'}{os.sep}"])
    assert frozen.returncode == source_code, frozen.stderr
    assert "Traceback" not in frozen.stderr
    frozen_files = sorted(p.name for p in (tmp_path / "f").glob("*.docx"))
    assert frozen_files == sorted(p.name for p in (tmp_path / "s").glob("*.docx"))
    assert frozen_files


@pytest.mark.slow
def test_cli_reports_bad_input_in_vietnamese(bundle, tmp_path: Path, home: Path):
    result = build_bundle.run_exe(bundle.cli, ["render", str(tmp_path / "không có.json")], home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "không có.json" in result.stderr


@pytest.mark.slow
def test_cli_checks_like_the_source(bundle, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]):
    if not build_bundle.has_command(bundle, "check", home):
        pytest.skip("this build has no 'vanban check' command")
    examples = smoke_examples()
    if not examples:
        pytest.skip("no example to render")
    rendered = tmp_path / "checked.docx"
    assert cli_main(["render", str(examples[0]), "-o", str(rendered)]) == 0
    capsys.readouterr()
    source_code = cli_main(["check", str(rendered)])
    source_out = capsys.readouterr().out
    frozen = build_bundle.run_exe(bundle.cli, ["check", str(rendered)], home)
    assert "Traceback" not in frozen.stderr
    assert (frozen.returncode, frozen.stdout.strip()) == (source_code, source_out.strip())


@pytest.mark.slow
def test_gui_paints_offscreen_and_exits_0(bundle, home: Path):
    smoke = build_bundle.smoke_gui(bundle, home)
    assert smoke.ok, smoke.detail


@pytest.mark.slow
def test_bundle_size(bundle):
    size = build_bundle.measure(bundle.folder)
    print(f"\nbundle: {size.total / 1e6:.1f} MB in {size.files} files")
    for name, total in size.groups.items():
        print(f"  {total / 1e6:7.1f} MB  {name}")
    assert size.groups[build_bundle.GROUPS["data"]] > 0
    assert size.total < SIZE_LIMIT_MB * 1e6, "bigger than the target: see bench/build.md for what takes the space"


@pytest.mark.slow
def test_cli_validates_for_word(bundle, tmp_path: Path, home: Path):
    """``vanban-cli validate-docx``: openxml-audit and its schema data travel in the bundle
    (tools/pyinstaller_hooks/hook-openxml_audit.py)."""
    rendered = tmp_path / "công văn.docx"
    assert build_bundle.run_exe(bundle.cli, ["render", str(EXAMPLES / "state_cong_van.json"), "-o", str(rendered)],
                                home).returncode == 0
    result = build_bundle.run_exe(bundle.cli, ["validate-docx", str(rendered)], home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hợp lệ với Word 2010" in result.stdout and "Traceback" not in result.stderr
