"""installer/vanban.iss, the Inno Setup script CI compiles (.github/workflows/windows.yml): a per-user
install without admin rights, a Start menu entry, the package's version, the folder build_bundle.py
builds, and an uninstall that never touches the clerk's data in %LOCALAPPDATA%\\VanBan."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from desktop import __version__
from tests.conftest import ROOT

ISS = ROOT / "installer" / "vanban.iss"


def load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def sections() -> dict[str, list[str]]:
    """Section name (lower case) -> its non-comment lines; "" holds the preprocessor lines before [Setup]."""
    out: dict[str, list[str]] = {"": []}
    current = ""
    for raw in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1).lower()
            out.setdefault(current, [])
        else:
            out[current].append(line)
    return out


def setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections()["setup"])


def entries(section: str) -> list[dict[str, str]]:
    """Lines like ``Name: "…"; Filename: "…"; Flags: …`` as dictionaries."""
    out = []
    for line in sections().get(section, []):
        if line.startswith("#"):
            continue
        fields = {}
        for part in re.findall(r'(\w+):\s*("[^"]*"|[^;]+)', line):
            fields[part[0].lower()] = part[1].strip().strip('"')
        out.append(fields)
    return out


def test_script_is_utf8_with_bom_so_inno_setup_reads_the_vietnamese():
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")
    assert setup()["AppName"] == "{#AppName}" and '#define AppName "VănBản"' in ISS.read_text(encoding="utf-8-sig")


def test_per_user_install_needs_no_admin_rights():
    directives = setup()
    assert directives["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in directives  # no "install for all users" elevation
    assert directives["DefaultDirName"] == r"{autopf}\VanBan"  # = %LOCALAPPDATA%\Programs\VanBan when lowest
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-([0-9A-F]{4}-){3}[0-9A-F]{12}\}", directives["AppId"])


def test_start_menu_entry_starts_the_editor():
    rules = load_tool("bundle_rules")
    icons = entries("icons")
    start = [icon for icon in icons if icon["name"].startswith("{autoprograms}")]
    assert len(start) == 1 and start[0]["filename"] == r"{app}\{#AppExe}"
    assert f'#define AppExe "{rules.APP_NAME}.exe"' in ISS.read_text(encoding="utf-8-sig")
    assert f'#define CliExe "{rules.CLI_NAME}.exe"' in ISS.read_text(encoding="utf-8-sig")


def test_installs_the_folder_build_bundle_makes():
    build_bundle = load_tool("build_bundle")
    rules = load_tool("bundle_rules")
    built = (build_bundle.DEFAULT_DIST / rules.APP_NAME).relative_to(ROOT)
    assert built.as_posix() == "build/dist/VanBan"
    text = ISS.read_text(encoding="utf-8-sig")
    assert r'#define SourceDir AddBackslash(SourcePath) + "..\build\dist\VanBan"' in text
    files = entries("files")
    assert files == [{"source": r"{#SourceDir}\*", "destdir": "{app}",
                      "flags": "ignoreversion recursesubdirs createallsubdirs"}]
    assert (ROOT / "resources" / "icons" / "vanban.ico").is_file()  # SetupIconFile


def test_version_is_the_packages():
    directives = setup()
    assert directives["AppVersion"] == "{#AppVersion}"
    assert directives["OutputBaseFilename"] == "VanBan-{#AppVersion}-setup"
    text = ISS.read_text(encoding="utf-8-sig")
    # without /DAppVersion: VanBan.exe's version resource, which build.spec writes from desktop.__version__
    assert 'GetVersionNumbersString(AddBackslash(SourceDir) + "VanBan.exe")' in text
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


@pytest.mark.parametrize("section", ["uninstalldelete", "installdelete", "dirs", "run", "files", "registry"])
def test_uninstall_keeps_the_users_data(section):
    for line in sections().get(section, []):
        lowered = line.lower()
        assert "{localappdata}" not in lowered and "%localappdata%" not in lowered, line
        assert "{userappdata}" not in lowered and "{app}\\.." not in lowered, line
    for entry in entries("uninstalldelete"):
        assert entry["name"].startswith("{app}"), entry
