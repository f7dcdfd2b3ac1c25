"""Errors that carry a Vietnamese message (through :func:`desktop.core.i18n.tr`) and an exit code.

Exit codes follow the CLI contract: 0 fine, 1 the document has problems, 2 the input could
not be read (or the output could not be written).
"""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


class VanBanError(Exception):
    """An error a clerk may see: a message key and its parameters."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    @property
    def message(self) -> str:
        from desktop.core.i18n import tr

        return tr(self.key, **self.params)

    def __str__(self) -> str:
        return self.message


class UnreadableInputError(VanBanError):
    """The input file is missing, locked, corrupt, hostile or of an unknown kind."""

    exit_code = EXIT_UNREADABLE


class OutputError(VanBanError):
    """The output could not be written (locked by Word, read-only folder, disk full)."""

    exit_code = EXIT_UNREADABLE


class FileLockedError(OutputError):
    """The target is open in another program (Word keeps .docx files locked on Windows)."""
