"""``parindex``: describe a programme year, collect units' inputs, compute and explain the results.

Exit codes: 0 success; 1 a file or value you gave has problems (each one is listed with its file,
sheet, row, column or line); 2 the command was called wrongly (unknown option, missing argument).
"""
from __future__ import annotations

import functools
import sys

import click

from parindex import __version__
from parindex.core.errors import ParindexError

LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                    help="Language of names and explanations.")
EXIT_INPUT_PROBLEM = 1


def reports_problems(command):
    """Turn a ParindexError into its message on stderr and exit code 1, instead of a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ParindexError as err:
            click.echo(err.render(), err=True)
            sys.exit(EXIT_INPUT_PROBLEM)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="parindex")
def cli():
    """Run a government performance index (PAR INDEX, SIPAS…) from the command line.

    \b
    A typical year:
      parindex methodology show vn-par-province-2022        # read the framework
      parindex template vn-par-province-2022 --out in.xlsx  # send to units
      parindex compute vn-par-province-2022 --inputs in.xlsx --out results.xlsx
      parindex compute … --previous results-2024.csv        # with change vs last year
      parindex compute … --explain "Hải Phòng"              # every point of one unit

    METHODOLOGY arguments take a built-in id (see `parindex methodology list`) or a path to a YAML file.
    """


from parindex.cli import analyse as _analyse  # noqa: E402
from parindex.cli import composite as _composite
from parindex.cli import compute as _compute
from parindex.cli import demo as _demo
from parindex.cli import methodology as _methodology
from parindex.cli import report as _report
from parindex.cli import survey as _survey
from parindex.cli import units as _units

cli.add_command(_methodology.methodology)
cli.add_command(_compute.template)
cli.add_command(_compute.compute)
cli.add_command(_units.units)
cli.add_command(_demo.demo)
cli.add_command(_survey.survey)
cli.add_command(_report.report)
cli.add_command(_composite.composite)
cli.add_command(_analyse.analyse)


def main() -> None:
    cli(prog_name="parindex")
