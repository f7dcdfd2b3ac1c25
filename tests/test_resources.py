"""Data files (templates_docx/, schemas/, resources/) are found the same way in a source checkout,
an installed wheel and the frozen bundle (desktop/resources.py; issue #5)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop import resources
from desktop.resources import DATA_FOLDERS, data_root, resource_path
from tests.conftest import ROOT

WHEEL_DATA_PACKAGE = "vanban_data"


def checkout_files(folder: str) -> set[str]:
    """Every data file of one folder, as ``folder/relative/path`` (no caches, no dot files)."""
    base = ROOT / folder
    return {
        f"{folder}/{path.relative_to(base).as_posix()}"
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    }


def desktop_modules() -> set[str]:
    return {path.relative_to(ROOT).as_posix() for path in (ROOT / "desktop").rglob("*.py")
            if "__pycache__" not in path.parts}


@pytest.fixture(autouse=True)
def fresh_data_root():
    """data_root() is cached; every test starts and ends with an empty cache."""
    data_root.cache_clear()
    yield
    data_root.cache_clear()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once (``pip wheel . --no-deps``; pip fetches setuptools if needed)."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("vanban-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_checkout_resolves_to_the_repository():
    assert data_root() == ROOT
    rules = resource_path("resources", "rules", "state_nd30.json")
    assert rules == ROOT / "resources" / "rules" / "state_nd30.json"
    assert rules.is_file()
    assert resource_path("schemas", "draft.schema.json").is_file()
    assert any(resource_path("templates_docx").rglob("*.docx"))


def test_unknown_folder_is_refused():
    with pytest.raises(ValueError, match="unknown data folder"):
        resource_path("examples", "x.json")


def test_frozen_bundle_resolves_under_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for folder in DATA_FOLDERS:
        (tmp_path / folder).mkdir()
    (tmp_path / "schemas" / "draft.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert data_root() == tmp_path
    assert resource_path("schemas", "draft.schema.json") == tmp_path / "schemas" / "draft.schema.json"
    template = resource_path("templates_docx", "state_nd30", "cong_van.docx")
    assert template == tmp_path / "templates_docx" / "state_nd30" / "cong_van.docx"


def test_wheel_resolution_uses_the_vanban_data_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Outside a checkout (no data folders beside desktop/), the ``vanban_data`` package is used."""
    site = tmp_path / "site-packages"
    for folder in DATA_FOLDERS:
        (site / WHEEL_DATA_PACKAGE / folder).mkdir(parents=True)
    package = site / "desktop"
    package.mkdir()
    monkeypatch.setattr(resources, "__file__", str(package / "resources.py"))
    monkeypatch.syspath_prepend(str(site))
    assert data_root() == site / WHEEL_DATA_PACKAGE
    assert resource_path("resources", "rules") == site / WHEEL_DATA_PACKAGE / "resources" / "rules"


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_wheel_contains_every_data_file(wheel_names: set[str], folder: str):
    expected = {f"{WHEEL_DATA_PACKAGE}/{name}" for name in checkout_files(folder)}
    assert expected, f"{folder}/ is empty in the checkout"
    missing = sorted(expected - wheel_names)
    assert not missing, f"missing from the wheel (pyproject.toml [tool.setuptools.package-data]): {missing}"


def test_wheel_contains_every_desktop_module(wheel_names: set[str]):
    missing = sorted(desktop_modules() - wheel_names)
    assert not missing, f"missing from the wheel (add the package to [tool.setuptools] packages): {missing}"


def test_unpacked_wheel_finds_its_data_in_site_packages(wheel: Path, tmp_path: Path):
    """The wheel's own desktop/resources.py, imported from an unpacked wheel, finds vanban_data/."""
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = ("import desktop.resources as r; "
             "print(r.__file__); print(r.resource_path('resources', 'rules', 'party_hd36.json'))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    module_file, rules_file = (Path(line) for line in result.stdout.splitlines())
    assert module_file == site / "desktop" / "resources.py"
    assert rules_file == site / WHEEL_DATA_PACKAGE / "resources" / "rules" / "party_hd36.json"
    assert rules_file.is_file()
