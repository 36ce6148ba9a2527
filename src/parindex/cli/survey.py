"""``parindex survey estimate``: design-based estimates from the command line, as R's survey package gives them."""
from __future__ import annotations

import json
import math

import click

from parindex.cli.main import reports_problems
from parindex.cli.render import table
from parindex.core.errors import ParindexError
from parindex.core.survey import (Design, from_columns, mean, poststratify, proportion, quantile, rake, ratio,
                                  total)
from parindex.core.survey.design import LONELY_PSU
from parindex.core.survey.io import read_margin, read_survey_data
from parindex.core.survey.replicate import REPLICATE_TYPES


def _split(value: str | None) -> list[str] | None:
    return [v for v in value.split(",") if v] if value else None


@click.group()
def survey():
    """Survey estimation: means, totals, proportions, ratios and quantiles with standard errors."""


@survey.command()
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--weights", help="Sampling-weight column. Without it, weights follow from --fpc (as in R), else 1.")
@click.option("--strata", help="First-stage stratum column.")
@click.option("--ids", help="Cluster columns, one per stage, comma-separated (STAGE1,STAGE2). Omit for element sampling.")
@click.option("--fpc", help="Finite-population columns, one per stage: population counts, or sampling fractions (≤ 1).")
@click.option("--lonely-psu", type=click.Choice(LONELY_PSU), default="fail", show_default=True,
              help="What to do with a stratum holding a single PSU (R's options).")
@click.option("--replicate-weights", "replicate_prefix", help="Prefix of replicate-weight columns (PREFIX1, PREFIX2, …).")
@click.option("--replicate-type", type=click.Choice(REPLICATE_TYPES), default="JK1", show_default=True)
@click.option("--poststratify", "poststrat", help="VARS=FILE: post-stratify to the Freq counts in FILE.")
@click.option("--rake", "rakes", multiple=True, help="VARS=FILE: a raking margin. Repeat for each margin.")
@click.option("--mean", "means", multiple=True, help="Variable to estimate the mean of. Repeatable.")
@click.option("--total", "totals", multiple=True, help="Variable to estimate the total of. Repeatable.")
@click.option("--proportion", "proportions", multiple=True, help="Categorical variable: the share of every level.")
@click.option("--ratio", "ratios", multiple=True, help="NUM/DEN: ratio of two totals.")
@click.option("--quantile", "quantiles", multiple=True, help="VAR:P, e.g. income:0.5 (R's 'math' rule, Woodruff interval).")
@click.option("--by", help="Domain column: estimate within each of its values.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one record per result.")
@reports_problems
def estimate(data, weights, strata, ids, fpc, lonely_psu, replicate_prefix, replicate_type, poststrat, rakes, means, totals,
             proportions, ratios, quantiles, by, as_json):
    """Estimate from survey DATA (.csv, .parquet or .xlsx) under its sample design.

    \b
    Examples (the California API samples of R's survey package):
      parindex survey estimate apistrat.csv --strata stype --weights pw --fpc fpc --mean api00
      parindex survey estimate apiclus2.csv --ids dnum,snum --fpc fpc1,fpc2 --total enroll --json
      parindex survey estimate apiclus1.csv --ids dnum --weights pw --fpc fpc \\
          --rake stype=pop_stype.csv --rake sch.wide=pop_schwide.csv --mean api00 --by stype

    Records hold statistic, variable, level, domain, estimate, se, ci_low, ci_high, deff and n.
    A lonely PSU under --lonely-psu fail, or a missing column, exits 1 naming the stratum or column.
    """
    frame = read_survey_data(data)
    if replicate_prefix:
        design = from_columns(frame, weights or "", replicate_prefix, replicate_type, source=data)
    else:
        design = Design.from_frame(frame, ids=_split(ids), strata=strata, weights=weights, fpc=_split(fpc),
                                   lonely_psu=lonely_psu, source=data)
    if poststrat:
        variables, population = read_margin(poststrat)
        design = poststratify(design, variables, population)
    if rakes:
        design = rake(design, [read_margin(spec) for spec in rakes])
    results = []
    for v in means:
        results += mean(design, v, by=by)
    for v in totals:
        results += total(design, v, by=by)
    for v in proportions:
        results += proportion(design, v, by=by)
    for spec in ratios:
        if "/" not in spec:
            raise ParindexError("bad_ratio", f"ratio {spec!r} is not NUM/DEN", expected="e.g. api.stu/enroll", got=spec)
        results += ratio(design, *spec.split("/", 1), by=by)
    for spec in quantiles:
        variable, _, p = spec.partition(":")
        results.append(quantile(design, variable, float(p or 0.5)))
    if not results:
        raise click.UsageError("ask for at least one statistic: --mean, --total, --proportion, --ratio or --quantile")
    records = [_clean(r.as_dict()) for r in results]
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    columns = ["statistic", "variable", "level", "domain", "estimate", "se", "ci_low", "ci_high", "deff", "n"]
    click.echo(table(columns, [[_cell(r[c]) for c in columns] for r in records], right={4, 5, 6, 7, 8, 9}))


def _clean(record: dict) -> dict:
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in record.items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(value)
