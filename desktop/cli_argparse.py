"""argparse in Vietnamese: its own words ("usage:", "error:", "the following arguments are
required", help headings …) translated through the gettext hook argparse already has.

argparse looks its messages up with ``argparse._`` and ``argparse.ngettext`` (gettext) when it
builds a parser, prints help and reports an error. :func:`vietnamese_argparse` points those two at
:class:`ArgparseTranslations` while the ``vanban`` parser is built and used, and puts them back
after, so no other user of argparse in the process is affected. The English message ids are
argparse's (Python 3.11–3.14, :data:`MESSAGE_KEYS`); their Vietnamese texts are data in
resources/i18n/vi/argparse.json. A message not listed stays in English rather than breaking.
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Iterator
from contextlib import contextmanager

from desktop.core.i18n import catalog

MESSAGE_KEYS: dict[str, str] = {
    "usage: ": "argparse.usage",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "positional arguments": "argparse.positionals",
    "options": "argparse.options",
    "optional arguments": "argparse.options",
    "show this help message and exit": "argparse.help",
    "show program's version number and exit": "argparse.version",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "argparse.invalid_choice_closest",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "one of the arguments %s is required": "argparse.one_required",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "unexpected option string: %s": "argparse.unexpected_option",
    "ignored explicit argument %r": "argparse.ignored_explicit",
    "can't open '%(filename)s': %(error)s": "argparse.cannot_open",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "argparse.unknown_parser",
    "option '%(option)s' is deprecated": "argparse.deprecated_option",
    "argument '%(argument_name)s' is deprecated": "argparse.deprecated_argument",
    "command '%(parser_name)s' is deprecated": "argparse.deprecated_command",
    # errors in the program itself (a clerk never causes them), translated all the same
    "conflicting option string: %s": "argparse.conflicting_option",
    "conflicting option strings: %s": "argparse.conflicting_options",
    ".__call__() not defined": "argparse.call_not_defined",
    "'required' is an invalid argument for positionals": "argparse.required_positional",
    "mutually exclusive arguments must be optional": "argparse.exclusive_optional",
    "%r is not callable": "argparse.not_callable",
    "cannot merge actions - two groups are named %r": "argparse.cannot_merge",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": "argparse.invalid_option",
    "dest= is required for options like %r": "argparse.dest_required",
    "invalid conflict_resolution value: %r": "argparse.invalid_conflict",
    "cannot have multiple subparser arguments": "argparse.multiple_subparsers",
    "conflicting subparser: %s": "argparse.conflicting_subparser",
    "conflicting subparser alias: %s": "argparse.conflicting_alias",
    "argument \"-\" with mode %r": "argparse.dash_mode",
    "expected %s argument": "argparse.expected_n",
    "expected %s arguments": "argparse.expected_n_plural",
}


class ArgparseTranslations(gettext.NullTranslations):
    """argparse's messages in the UI language (see :data:`MESSAGE_KEYS`)."""

    def gettext(self, message: str) -> str:
        key = MESSAGE_KEYS.get(message)
        return catalog().get(key, message) if key else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


@contextmanager
def vietnamese_argparse() -> Iterator[None]:
    """argparse speaks Vietnamese inside the ``with`` block, English again after it."""
    translations = ArgparseTranslations()
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translations.gettext, translations.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
