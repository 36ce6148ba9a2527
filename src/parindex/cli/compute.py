"""``parindex template`` and ``parindex compute``: from the methodology to a sheet, and back to results."""
from __future__ import annotations

from datetime import date

import click

from parindex.cli.conventions import LANG, Store, reports_problems
from parindex.cli.render import explain_unit, group_counts, ranking, region_averages
from parindex.core.errors import capped_lines
from parindex.core.inputs import read_inputs, write_template
from parindex.core.inputs.previous import read_previous
from parindex.core.methodology import resolve
from parindex.core.results import compute_cycle
from parindex.core.results.export import write_results
from parindex.core.services.engine import DuckDBEngine, Period, counts_for_period
from parindex.core.services.link import fill_from_records
from parindex.core.units import builtin_units
from parindex.core.units.lineage import AGGREGATIONS

OUT = click.option("--out", required=True, type=click.Path(dir_okay=False),
                   help="File to write; the format follows the suffix.")


@click.command()
@click.argument("methodology_id")
@OUT
@click.option("--year", type=int, default=None, help="Evaluated year; pre-fills the units valid on 31 Dec. Default: the methodology's year.")
@click.option("--empty", is_flag=True, help="Do not pre-fill the unit rows.")
@LANG
@reports_problems
def template(methodology_id, out, year, empty, lang):
    """Write an input template (.xlsx or .csv) for METHODOLOGY_ID: one row per unit, one column per input.

    Headers are Vietnamese text ending in the column's key in brackets, e.g.
    "1.1.2 Mức độ hoàn thành kế hoạch — số đạt [1.1.2:numerator]". The .xlsx has cell validation
    and a guide sheet (criterion, rule, maximum, evidence for every column).
    """
    m = resolve(methodology_id)
    year = year or m.year
    units = [] if empty else builtin_units().on(date(year, 12, 31), m.unit_kind)
    write_template(m, out, units, lang)
    click.echo(f"wrote {out}: {len(units)} units × {sum(len(leaf.rule.inputs) for leaf in m.leaves())} input columns")


@click.command()
@click.argument("methodology_id")
@click.option("--inputs", "inputs_path", required=True, type=click.Path(dir_okay=False),
              help="Units' inputs (.xlsx or .csv), laid out as `parindex template` writes them.")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write results to .xlsx (published layout), .csv, .json or .parquet (every node; needs the arrow extra).")
@click.option("--year", type=int, default=None, help="Evaluated year (unit codes are resolved on 31 Dec). Default: the methodology's year.")
@click.option("--previous", "previous_path", type=click.Path(dir_okay=False), default=None,
              help="Last cycle's results (a file this command wrote, or any table with unit and index columns).")
@click.option("--previous-year", type=int, default=None, help="Year of --previous if the file has no year column.")
@click.option("--lineage-rule", type=click.Choice(AGGREGATIONS), default="mean", show_default=True,
              help="How predecessors' values are combined when units merged.")
@click.option("--explain", "explain", multiple=True, help="Print every point of this unit (code or name). Repeatable.")
@click.option("--services", "services_store", type=Store(exists=True), default=None,
              help="A dossier-record store (parindex services; a directory or an object store's URL): "
                   "the criteria that count records take the year's counts from it.")
@LANG
@reports_problems
def compute(methodology_id, inputs_path, out, year, previous_path, previous_year, lineage_rule, explain, services_store, lang):
    """Compute points, index, rank and group of every unit from INPUTS under METHODOLOGY_ID.

    The input file is checked in full first: if any cell is wrong, every problem is listed with its
    sheet, row and column, and nothing is written (exit code 1).
    """
    m = resolve(methodology_id)
    inputs = read_inputs(inputs_path, m, year or m.year)
    for line in capped_lines(inputs.notes, "note"):  # e.g. formulas read from their saved values
        click.echo(f"note: {line}", err=True)
    if services_store:
        inputs = fill_from_records(m, inputs, counts_for_period(m, DuckDBEngine(services_store).daily(m), Period.year(inputs.year)))
    previous = read_previous(previous_path, m.unit_kind, year=previous_year) if previous_path else None
    results = compute_cycle(m, inputs, previous=previous, lineage_rule=lineage_rule)
    click.echo(ranking(results, lang))
    click.echo("\n" + group_counts(results, lang))
    if results.averages.by_region:
        click.echo("\n" + region_averages(results, lang))
    for key in explain:
        unit = builtin_units().resolve(key, inputs.reference_day, m.unit_kind)
        click.echo("\n" + explain_unit(results, unit.id, lang))
    if out:
        write_results(results, out)
        click.echo(f"\nwrote {out} (methodology {m.id} sha256 {m.content_hash[:12]}, inputs sha256 {inputs.content_hash[:12]})")
