"""``parindex survey estimate``: design-based estimates from the command line, as R's survey package gives them."""
from __future__ import annotations

import json
import math

import click

from parindex.cli.conventions import reports_problems
from parindex.cli.render import table
from parindex.cli.render import table as table_text
from parindex.core.errors import ParindexError
from parindex.core.methodology import resolve
from parindex.core.survey import Design, calibrate, from_columns, mean, poststratify, proportion, quantile, rake, ratio, total
from parindex.core.survey.contrasts import contrast, domain_covariance
from parindex.core.survey.design import LONELY_PSU
from parindex.core.survey.estimators import CI_METHODS
from parindex.core.survey.io import read_margin, read_survey_data, read_totals
from parindex.core.survey.replicate import REPLICATE_TYPES
from parindex.core.survey.responses import import_wave
from parindex.core.survey.sipas import sipas
from parindex.core.units import builtin_units


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
@click.option("--calibrate", "calfun", type=click.Choice(["linear", "raking", "logit"]),
              help="Calibrate the weights to --calibrate-totals (R's calibrate(calfun=…)).")
@click.option("--calibrate-totals", "calibration_totals", type=click.Path(dir_okay=False),
              help="CSV with columns name,total: (Intercept), VARIABLELEVEL for categories (first level left out), numeric columns.")
@click.option("--calibrate-categorical", help="Categorical calibration variables, comma-separated.")
@click.option("--calibrate-numeric", help="Numeric calibration variables, comma-separated.")
@click.option("--bounds", help="L,U: bounds on the ratio of calibrated to design weights (needed by logit).")
@click.option("--mean", "means", multiple=True, help="Variable to estimate the mean of. Repeatable.")
@click.option("--total", "totals", multiple=True, help="Variable to estimate the total of. Repeatable.")
@click.option("--proportion", "proportions", multiple=True, help="Categorical variable: the share of every level.")
@click.option("--ci-method", type=click.Choice(CI_METHODS), default="logit", show_default=True,
              help="Interval of a share, as R's svyciprop(method=…); wald: confint(svymean(…)).")
@click.option("--df", "degrees", type=click.Choice(["domain", "design"]), default="domain", show_default=True,
              help="Degrees of freedom of a share's interval: the domain's (R's svyciprop on a subset) or the design's.")
@click.option("--ratio", "ratios", multiple=True, help="NUM/DEN: ratio of two totals.")
@click.option("--quantile", "quantiles", multiple=True, help="VAR:P, e.g. income:0.5 (R's 'math' rule, Woodruff interval).")
@click.option("--contrast", "contrasts", multiple=True,
              help="VAR:LEVEL=C,LEVEL=C — a contrast of the domain means of --by, e.g. api00:E=1,H=-1, with its SE "
                   "from the covariance between domains (R's svycontrast(svyby(…, covmat=TRUE), …)).")
@click.option("--by", help="Domain column: estimate within each of its values.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one record per result.")
@reports_problems
def estimate(data, weights, strata, ids, fpc, lonely_psu, replicate_prefix, replicate_type, poststrat, rakes, calfun,
             calibration_totals, calibrate_categorical, calibrate_numeric, bounds, means, totals, proportions, ci_method,
             degrees, ratios, quantiles, contrasts, by, as_json):
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
    if calfun:
        if not calibration_totals:
            raise click.UsageError("--calibrate needs --calibrate-totals FILE")
        design = calibrate(design, _split(calibrate_categorical) or [], _split(calibrate_numeric) or [],
                           read_totals(calibration_totals), calfun=calfun, bounds=_bounds(bounds))
    results = []
    for v in means:
        results += mean(design, v, by=by)
    for v in totals:
        results += total(design, v, by=by)
    for v in proportions:
        results += proportion(design, v, by=by, ci=ci_method, df=degrees)
    for spec in ratios:
        if "/" not in spec:
            raise ParindexError("bad_ratio", f"ratio {spec!r} is not NUM/DEN", expected="e.g. api.stu/enroll", got=spec)
        results += ratio(design, *spec.split("/", 1), by=by)
    for spec in quantiles:
        variable, _, p = spec.partition(":")
        results.append(quantile(design, variable, float(p or 0.5)))
    for spec in contrasts:
        results.append(_contrast(design, spec, by))
    if not results:
        raise click.UsageError("ask for at least one statistic: --mean, --total, --proportion, --ratio, --quantile or --contrast")
    records = [_clean(r.as_dict()) for r in results]
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    columns = ["statistic", "variable", "level", "domain", "estimate", "se", "ci_low", "ci_high", "deff", "n"]
    click.echo(table(columns, [[_cell(r[c]) for c in columns] for r in records], right={4, 5, 6, 7, 8, 9}))


def _bounds(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    low, _, high = value.partition(",")
    try:
        return float(low), float(high)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not L,U (two numbers)", param_hint="--bounds") from None


def _contrast(design, spec: str, by: str | None):
    """``VAR:LEVEL=C,LEVEL=C`` — a linear contrast of the domain means of ``by``."""
    variable, _, terms = spec.partition(":")
    if not by or not terms:
        raise click.UsageError("--contrast needs --by and the form VAR:LEVEL=C,LEVEL=C, e.g. api00:E=1,H=-1")
    coefficients = {}
    for term in terms.split(","):
        level, _, value = term.partition("=")
        try:
            coefficients[level] = float(value)
        except ValueError:
            raise click.BadParameter(f"{term!r} is not LEVEL=NUMBER", param_hint="--contrast") from None
    return contrast(domain_covariance(design, variable, by, "mean"), coefficients, name=terms)


def _clean(record: dict) -> dict:
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in record.items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(value)


@survey.command(name="import")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--methodology", "methodology_id", required=True, help="Methodology (id or YAML) holding the questionnaire.")
@click.option("--questionnaire", "questionnaire_id", default="sipas", show_default=True)
@click.option("--design-columns", help="Design columns that must be filled in every row, comma-separated.")
@click.option("--weights", help="Sampling-weight column: filled in every row with a finite number > 0.")
@click.option("--units-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Check unit codes against the units valid on this date (YYYY-MM-DD).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The checked wave, as .parquet.")
@reports_problems
def import_(data, methodology_id, questionnaire_id, design_columns, weights, units_on, out):
    """Check a survey wave (.csv, .parquet, .xlsx) against its questionnaire and store it as Parquet.

    Every problem — unknown unit, answer off the scale, duplicate respondent ID, missing design
    value or column, a weight that is not a finite number > 0 — is listed with its row and column,
    and nothing is written (exit code 1).
    """
    m = resolve(methodology_id)
    questionnaire = m.questionnaire(questionnaire_id)
    known = None
    if units_on:
        known = {u.code for u in builtin_units().on(units_on.date(), m.unit_kind)}
    frame = import_wave(data, questionnaire, out, design_columns=_split(design_columns) or [], known_units=known,
                        weights=weights)
    click.echo(f"wrote {out}: {len(frame):,} respondents, {len(questionnaire.item_codes)} items checked")


@survey.command(name="sipas")
@click.argument("wave", type=click.Path(dir_okay=False))
@click.option("--methodology", "methodology_id", required=True)
@click.option("--questionnaire", "questionnaire_id", default="sipas", show_default=True)
@click.option("--weights")
@click.option("--strata")
@click.option("--ids")
@click.option("--fpc")
@click.option("--lonely-psu", type=click.Choice(LONELY_PSU), default="fail", show_default=True)
@click.option("--national/--by-unit", default=False, help="National indices, or one row per unit (default).")
@click.option("--json", "as_json", is_flag=True)
@reports_problems
def sipas_(wave, methodology_id, questionnaire_id, weights, strata, ids, fpc, lonely_psu, national, as_json):
    """Element and overall satisfaction indices with SE, 95 % interval and a reliability flag (CV > 20 %)."""
    questionnaire = resolve(methodology_id).questionnaire(questionnaire_id)
    frame = read_survey_data(wave)
    design = Design.from_frame(frame, ids=_split(ids), strata=strata, weights=weights, fpc=_split(fpc),
                               lonely_psu=lonely_psu, source=wave)
    table = sipas(design, questionnaire, by=None if national else questionnaire.unit_column)
    if as_json:
        click.echo(table.to_json(orient="records", force_ascii=False, indent=1))
        return
    rows = [[r.domain, r.element, f"{r.estimate:.4f}", f"{r.se:.4f}", f"{r.ci_low:.4f}", f"{r.ci_high:.4f}", r.n,
             "" if r.reliable else "CV > 20 %"] for r in table.itertuples()]
    click.echo(table_text(["unit", "element", "index", "se", "ci_low", "ci_high", "n", "flag"], rows))
