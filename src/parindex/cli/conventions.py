"""What every ``parindex`` subcommand shares: the ``--lang`` option, and how a problem in the files or
values a user gave becomes its located message on stderr and exit code 1 instead of a traceback.

It sits below ``main`` (which defines the group and imports the subcommands), so a subcommand never
imports ``main`` back.
"""
from __future__ import annotations

import functools
import sys

import click

from parindex.core.errors import ParindexError, ValidationFailed, capped_lines
from parindex.core.phrases import in_lang
from parindex.core.services.place import is_url

LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                    help="Language of names and explanations.")
EXIT_INPUT_PROBLEM = 1


class Store(click.ParamType):
    """A service-record store: a local directory (checked to exist where ``exists``) or an fsspec
    URL of an object store (``s3://bucket/services``), passed on as it is for the store to open."""

    name = "store"

    def __init__(self, exists: bool = False) -> None:
        self.directory = click.Path(file_okay=False, exists=exists)

    def convert(self, value, param, ctx):
        return value if is_url(str(value)) else self.directory.convert(value, param, ctx)


def reports_problems(command):
    """Turn a ParindexError into sentences on stderr, in the command's ``--lang`` (Vietnamese when it
    has none), and exit code 1, instead of a traceback: the person at the terminal reads what is
    wrong and where, in words, not a code."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ParindexError as err:
            click.echo(said(err, kwargs.get("lang") or "vi"), err=True)
            sys.exit(EXIT_INPUT_PROBLEM)
    return wrapper


def said(err: ParindexError, lang: str) -> str:
    """The error in sentences: a file's problems one a line under its title (which names the file),
    the first ones shown and the rest counted."""
    if isinstance(err, ValidationFailed):
        title = in_lang(err.title, lang)
        return "\n".join([title[:1].upper() + title[1:] + ".", *("  " + line for line in capped_lines(err.problems, lang=lang))])
    return err.sentence(lang)
