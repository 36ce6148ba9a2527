"""``parindex analyse``: how sure the published ranks are, what moves them, what each unit must fix."""
from __future__ import annotations

import click

from parindex.cli.conventions import reports_problems
from parindex.cli.report import read_bundle
from parindex.core.analysis.tables import analyse_published, write_tables


@click.command()
@click.argument("snapshot", type=click.Path(exists=True, dir_okay=False))
@click.option("--methodology", "methodology_id", required=True, help="The methodology file of the bundle (or a built-in id).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the tables and analysis.json.")
@click.option("--replications", type=int, default=10_000, show_default=True, help="Monte Carlo replications.")
@click.option("--seed", type=int, default=2025, show_default=True, help="Random seed, recorded in analysis.json.")
@click.option("--weight-noise", type=float, default=0.25, show_default=True, help="Each area weight varies uniformly by ± this share.")
@click.option("--sobol", "sobol_samples", type=int, default=2000, show_default=True, help="Base samples for Sobol indices (0: skip).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@reports_problems
def analyse(snapshot, methodology_id, out, replications, seed, weight_noise, sobol_samples, fmt, lang):
    """Analyse SNAPSHOT (the snapshot.json of a published bundle): rank intervals and group
    probabilities under weight and survey uncertainty, Sobol indices, leave-one-out rank shifts,
    what each unit must fix to reach the next group, and self-assessment inflation."""
    payload, methodology = read_bundle(snapshot, methodology_id)
    tables, facts = analyse_published(payload, methodology, replications, seed, weight_noise, sobol_samples, lang)
    written = write_tables(tables, facts, out, fmt)
    widest = tables["rank_uncertainty"].assign(width=lambda t: t["rank_q95"] - t["rank_q05"]).nlargest(3, "width")
    for row in widest.itertuples(index=False):
        click.echo(f"{row.unit:<20} rank {row.nominal_rank:>3}  90 % interval {row.rank_q05}–{row.rank_q95}")
    click.echo(f"wrote {len(written)} files to {out} (seed {seed}, {replications} replications)")
