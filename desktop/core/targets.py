"""Before a command writes: is this output safe to write? (Qt-free; the CLI and windows may ask.)

An output is refused when it is one of the inputs (also through a symlink, a hard link or a
case-insensitive disk: that would destroy the input, ``--force`` or not), when its name does not
end with the expected extension or it is marked read-only (unless forced), and a batch whose
outputs would land on the same file is refused before anything is written. The write itself is
:mod:`desktop.core.atomic`'s.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from desktop.core.atomic import has_extension, is_read_only, same_file, with_extension
from desktop.core.errors import OutputError


def check_target(target: Path, sources: Sequence[Path], extension: str, *, force: bool) -> None:
    """Raise :class:`OutputError` when ``target`` must not be written (see the module docstring)."""
    target = Path(target)
    for source in sources:
        if same_file(source, target):
            raise OutputError("output.same_as_input", output=str(target), source=str(source))
    if force:
        return
    if not has_extension(target, extension):
        raise OutputError("output.wrong_extension", output=str(target), extension=extension,
                          suggestion=str(with_extension(target, extension)))
    if is_read_only(target):
        raise OutputError("output.read_only", output=str(target))


def path_key(path: Path) -> str:
    """A key equal for two spellings of one file on any disk: absolute, NFC, case-folded
    (Windows, macOS and USB sticks ignore case; macOS may hand back decomposed accents)."""
    absolute = os.path.normpath(os.path.abspath(path))
    return unicodedata.normalize("NFC", os.path.normcase(absolute)).casefold()


def collisions(targets: Sequence[Path], sources: Sequence[Path]) -> list[tuple[Path, list[Path]]]:
    """Each output that two or more inputs would write, with those inputs (input order)."""
    groups: dict[str, list[int]] = {}
    for index, target in enumerate(targets):
        groups.setdefault(path_key(target), []).append(index)
    return [(Path(targets[indexes[0]]), [Path(sources[i]) for i in indexes])
            for indexes in groups.values() if len(indexes) > 1]


def collision_error(clashes: list[tuple[Path, list[Path]]]) -> OutputError:
    """The message for the first clash (the others are alike)."""
    target, sources = clashes[0]
    return OutputError("output.collision", count=len(sources), output=str(target),
                       sources=", ".join(f"«{s}»" for s in sources))
