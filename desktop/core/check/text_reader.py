"""Read a .txt/.md draft (like the seeds, spec E) into a :class:`SourceDocument`.

Blank lines separate paragraphs. Inside a paragraph every line break is kept as "\\n" (a
markdown hard break "two trailing spaces" and a plain OCR line break alike: in these
files each line is a line of the printed page). ``**bold**``, ``*italic*`` and
``<u>underline</u>`` become run formatting. Where a file uses a kind of markup, text it
leaves unmarked is known *not* bold (or italic, or underlined): False. A kind of markup
the file never uses says nothing (None: OCR may have dropped it, spec E.2/E.3), and
neither does a paragraph whose ``**`` markers do not pair up. Sizes, fonts
and alignment are unknown, so ``layout_evaluable`` is False.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.check.blocks import Block, Location, ParaFormat, RunFormat, SourceDocument
from desktop.core.check.normalize import nfc
from desktop.core.files import read_utf8_text
from desktop.core.records import record

MAX_BYTES = 20 * 1024 * 1024
_ITALIC = re.compile(r"(?<![\s*])\*(?!\*)|(?<!\*)\*(?![\s*])")
_TOKEN = re.compile(r"\*\*|\*|<u>|</u>", re.I)


@record(frozen=True)
class Known:
    """Per kind of markup: False when the file uses it (unmarked text is plain), else None."""

    bold: bool | None
    italic: bool | None
    underline: bool | None


def read_text(path: str | Path) -> SourceDocument:
    """Parse a text draft; unreadable input raises UnreadableInputError with a Vietnamese message."""
    path = Path(path)
    text = read_utf8_text(path, MAX_BYTES)
    return parse_text(text, str(path))


def parse_text(text: str, path: str = "<text>") -> SourceDocument:
    """Build the SourceDocument of a text draft already in memory."""
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    known = Known(bold=False if "**" in text else None, italic=False if _ITALIC.search(text) else None,
                  underline=False if "<u>" in text.lower() else None)
    blocks: list[Block] = []
    group: list[tuple[int, str]] = []
    for number, line in enumerate([*text.split("\n"), ""], 1):
        if line.strip():
            group.append((number, line))
            continue
        if group:
            blocks.append(_block(len(blocks), group, known))
            group = []
    return SourceDocument(path=path, kind="text", blocks=blocks, layout_evaluable=False)


def _block(index: int, lines: list[tuple[int, str]], known: Known) -> Block:
    joined = "\n".join(line.rstrip() for _, line in lines)
    runs = _runs(joined, known)
    text = "".join(run.text for run in runs)
    location = Location(container="line", paragraph=index + 1, line=lines[0][0])
    return Block(index=index, text=text, runs=tuple(runs), para=ParaFormat(), location=location)


def _runs(text: str, known: Known) -> list[RunFormat]:
    """Split a paragraph into runs at its markup; markers that do not pair stay as text."""
    tokens = list(_TOKEN.finditer(text))
    active = _paired(text, tokens)
    bold_known = known.bold if sum(1 for t in tokens if t.group() == "**") % 2 == 0 else None
    state = {"b": False, "i": False, "u": False}
    runs: list[RunFormat] = []
    start = 0

    def emit(end: int) -> None:
        if end > start:
            runs.append(RunFormat(
                text=text[start:end],
                bold=state["b"] if bold_known is not None else None,
                italic=state["i"] if known.italic is not None else None,
                underline=state["u"] if known.underline is not None else None,
            ))

    for token in tokens:
        if token.start() not in active:
            continue
        emit(token.start())
        mark = token.group().lower()
        if mark == "**":
            state["b"] = not state["b"]
        elif mark == "*":
            state["i"] = not state["i"]
        else:
            state["u"] = mark == "<u>"
        start = token.end()
    emit(len(text))
    return runs or [RunFormat(text="", bold=known.bold, italic=known.italic, underline=known.underline)]


def _paired(text: str, tokens: list[re.Match[str]]) -> set[int]:
    """Start offsets of the markers that act as markup (single stars must open and close)."""
    active = {t.start() for t in tokens if t.group() != "*"}
    opener: int | None = None
    for token in tokens:
        if token.group() != "*":
            continue
        before = text[token.start() - 1] if token.start() > 0 else " "
        after = text[token.end()] if token.end() < len(text) else " "
        if opener is None and not after.isspace():
            opener = token.start()
        elif opener is not None and not before.isspace():
            active.update((opener, token.start()))
            opener = None
    return active
