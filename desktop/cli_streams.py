"""The ``vanban`` command's own output when it cannot be written.

``vanban check --json | head -1`` closes the pipe early: the command ends quietly with
:data:`EXIT_BROKEN_PIPE` (128 + SIGPIPE, what a shell reports for any Unix tool stopped that way).
``vanban check > /dev/full`` (a full disk, a dropped share): a Vietnamese message on stderr and exit
code 2. Either way no traceback, also not from the flush Python does at exit: the broken stream is
pointed at the null device first.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys

from desktop.core.errors import EXIT_UNREADABLE
from desktop.core.i18n import tr

EXIT_BROKEN_PIPE = 141
_PIPE_ERRNOS = {errno.EPIPE, getattr(errno, "ESHUTDOWN", errno.EPIPE)}


def silence(name: str) -> None:
    """Point ``sys.stdout``/``sys.stderr`` at the null device (its descriptor too, when it has one)."""
    stream = getattr(sys, name)
    if stream is None:  # the windowed Windows build has no console streams
        return
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's capture) or already closed
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives until exit


def say(message: str) -> None:
    """A line on stderr, unless stderr itself cannot be written."""
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)


def stream_failure(exc: OSError) -> int:
    """End after ``exc`` escaped a command: quietly for a closed pipe, else with a message."""
    from desktop.core.atomic import describe_os_error

    if isinstance(exc, BrokenPipeError) or exc.errno in _PIPE_ERRNOS:
        silence("stdout")
        silence("stderr")
        return EXIT_BROKEN_PIPE
    # the commands turn their own file errors into messages: what escapes them is their output
    silence("stdout")
    say(tr("output.stream_failed", reason=describe_os_error(exc)))
    return EXIT_UNREADABLE
