"""Find the data folders (templates_docx/, schemas/, resources/) wherever the app runs.

Three places, one rule:
- the frozen bundle (PyInstaller): next to the executable's unpacked data, ``sys._MEIPASS``;
- a source checkout: the repository root, one level above this package;
- an installed wheel: the ``vanban_data`` package that pyproject.toml maps the folders into.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

DATA_FOLDERS = ("templates_docx", "schemas", "resources")


@cache
def data_root() -> Path:
    """The folder that holds templates_docx/, schemas/ and resources/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    checkout = Path(__file__).resolve().parent.parent
    if all((checkout / name).is_dir() for name in DATA_FOLDERS):
        return checkout
    import importlib.util

    spec = importlib.util.find_spec("vanban_data")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise FileNotFoundError("templates_docx/, schemas/ and resources/ not found")


def resource_path(folder: str, *parts: str) -> Path:
    """Path of a data file, e.g. ``resource_path("schemas", "draft.schema.json")``."""
    if folder not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {folder!r}")
    return data_root().joinpath(folder, *parts)
