"""``parindex``: describe a programme year, collect units' inputs, compute and explain the results.

Exit codes: 0 success; 1 a file or value you gave has problems (each one is listed with its file,
sheet, row, column or line); 2 the command was called wrongly (unknown option, missing argument).
"""
from __future__ import annotations

import click

from parindex import __version__
from parindex.cli import analyse as _analyse
from parindex.cli import composite as _composite
from parindex.cli import compute as _compute
from parindex.cli import demo as _demo
from parindex.cli import methodology as _methodology
from parindex.cli import report as _report
from parindex.cli import services as _services
from parindex.cli import survey as _survey
from parindex.cli import units as _units


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


cli.add_command(_methodology.methodology)
cli.add_command(_compute.template)
cli.add_command(_compute.compute)
cli.add_command(_units.units)
cli.add_command(_demo.demo)
cli.add_command(_survey.survey)
cli.add_command(_report.report)
cli.add_command(_composite.composite)
cli.add_command(_analyse.analyse)
cli.add_command(_services.services)


def main() -> None:
    cli(prog_name="parindex")
