"""``parindex composite``: build a composite indicator from a spec, writing every step's data."""
from __future__ import annotations

import json
from pathlib import Path

import click

from parindex.cli.conventions import reports_problems
from parindex.composite.build import build as build_coin
from parindex.composite.build import load_spec_coin, write_build
from parindex.composite.results import results_table
from parindex.composite.sensitivity import leave_one_out, read_assumptions, sobol_indices, uncertainty
from parindex.core.cells import frame_to_csv
from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t


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
    coin = build_coin(spec)
    written = write_build(coin, out)
    top = results_table(coin).head(5)
    for row in top.itertuples(index=False):
        click.echo(f"{row.Rank:>4}  {row.uCode:<6} {row[2]:8.2f}")
    click.echo(f"wrote {len(written)} files to {out}")


@composite.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the analysis tables.")
@click.option("--replications", type=int, default=None, help="Monte Carlo replications (default: the spec's, else 100).")
@click.option("--seed", type=int, default=None, help="Random seed (default: the spec's, else 1); recorded in analysis.json.")
@click.option("--sobol", "sobol_n", type=int, default=0, show_default=True, help="Base sample size for Sobol indices (0: skip).")
@reports_problems
def analyse(spec, out, replications, seed, sobol_n):
    """Uncertainty and sensitivity of the composite described by SPEC, using its ``uncertainty``
    section: rank_stats.csv (nominal, mean, median, 5 % and 95 % rank per unit),
    leave_one_out.csv (rank shifts when each indicator is dropped), sobol.csv (with --sobol) and
    analysis.json (seed, replications, assumptions)."""
    settings, coin = load_spec_coin(spec)
    section = settings.get("uncertainty")
    if not section or not section.get("assumptions"):
        raise ParindexError("no_uncertainty", t("the spec has no uncertainty section"), Where(file=spec, path="uncertainty"),
                            expected=t("a section such as {example}", example="uncertainty: {replications, seed, target, assumptions: [...]}"))
    assumptions = read_assumptions(section["assumptions"])
    replications = replications or section.get("replications", 100)
    seed = seed if seed is not None else section.get("seed", 1)
    target = section.get("target", "Index")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    stats = uncertainty(coin, settings["steps"], assumptions, replications, seed, target)
    frame_to_csv(stats, folder / "rank_stats.csv", index=False)
    frame_to_csv(leave_one_out(build_coin(spec), target=target), folder / "leave_one_out.csv", index=False)
    if sobol_n:
        frame_to_csv(sobol_indices(coin, settings["steps"], assumptions, sobol_n, seed, target), folder / "sobol.csv", index=False)
    (folder / "analysis.json").write_text(json.dumps({"spec": spec, "seed": seed, "replications": replications, "target": target,
                                                      "sobol_base_samples": sobol_n, "rng": "numpy PCG64",
                                                      "assumptions": section["assumptions"]}, indent=1, ensure_ascii=False),
                                          encoding="utf-8")
    widest = stats.assign(width=stats["Q95"] - stats["Q5"]).sort_values("width", ascending=False).head(3)
    for row in widest.itertuples(index=False):
        click.echo(f"{row.uCode:<6} nominal {row.Nominal:>3}  5–95 %: {row.Q5:.0f}–{row.Q95:.0f}")
    click.echo(f"wrote {folder}")
