"""``parindex composite``: build a composite indicator from a spec, writing every step's data."""
from __future__ import annotations

import click

from parindex.cli.main import reports_problems


@click.group()
def composite():
    """Composite indicators (COINr's pipeline in Python): denominate, impute, screen, treat,
    normalise, aggregate — every step's data set kept and written."""


@composite.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for one CSV per step, results.csv and build.json.")
@reports_problems
def build(spec, out):
    """Build the composite described by SPEC (YAML) and write each step's data set (units as rows),
    the step details, results.csv (unit code, rank, every aggregate's score) and build.json."""
    from parindex.composite.build import build as build_coin, write_build
    from parindex.composite.results import results_table

    coin = build_coin(spec)
    written = write_build(coin, out)
    top = results_table(coin).head(5)
    for row in top.itertuples(index=False):
        click.echo(f"{row.Rank:>4}  {row.uCode:<6} {row[2]:8.2f}")
    click.echo(f"wrote {len(written)} files to {out}")
