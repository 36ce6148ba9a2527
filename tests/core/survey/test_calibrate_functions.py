"""Calibration by each of R's calibration functions, and raking that stops where R's does (issue 15,
items 16 and 7): ``calibrate`` to an intercept, two categorical margins and a numeric total with
``calfun`` linear, raking and logit (with and without bounds), and ``rake`` stopping on the joint
table of its margins — on a stratified cluster sample whose weights vary inside every PSU.

Reference: tests/data/reference/survey/calibrate_functions/ (R 4.2.2, survey 4.1-1; the R script
beside it writes the data and the figures). Tolerances are the issue's: estimates and weights to a
relative 1e-8, standard errors to 1e-6.
"""
import json
import re

import numpy as np
import pandas as pd
import pytest

from parindex.core.errors import ParindexError
from parindex.core.survey import Design, calibrate, calibrate_linear, mean, poststratify, rake, total
from tests.conftest import REFERENCE

ESTIMATE_RTOL = 1e-8
SE_RTOL = 1e-6
FOLDER = REFERENCE / "survey" / "calibrate_functions"
SPEC = json.loads((FOLDER / "calibrate_functions.json").read_text(encoding="utf-8"))
CATEGORICAL, NUMERIC = ["area", "agegrp"], ["hh"]


def sample(weights: str = "w") -> Design:
    """R's ``svydesign(ids = ~psu, strata = ~stratum, weights = ~<weights>)`` on the seeded sample."""
    data = pd.read_csv(FOLDER / "calibrate_functions.csv")
    return Design.from_frame(data, ids="psu", strata="stratum", weights=weights)


def calibrated(case: dict) -> Design:
    bounds = tuple(case["bounds"]) if case["bounds"] else None
    return calibrate(sample(case["weights"]), CATEGORICAL, NUMERIC, SPEC["population"], calfun=case["calfun"], bounds=bounds)


def raked(case: dict, maxit: int | None = None) -> Design:
    margins = [(name, SPEC["margins"][name]) for name in ("area", "agegrp")]
    return rake(sample(), margins, maxit=maxit or case["maxit"], epsilon=case["epsilon"])


def assert_figures_match_r(design: Design, figures: list[dict]) -> None:
    for figure in figures:
        found = (mean if figure["statistic"] == "mean" else total)(design, figure["variable"], deff=False)[0]
        assert found.estimate == pytest.approx(figure["estimate"], rel=ESTIMATE_RTOL), figure["statistic"]
        assert found.se == pytest.approx(figure["se"], rel=SE_RTOL), figure["statistic"]


CASES = SPEC["cases"]
RAKES = SPEC["rakes"]
REFUSALS = SPEC["refusals"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_calibrated_weights_match_r(case):
    assert calibrated(case).weights == pytest.approx(np.array(case["calibrated_weights"]), rel=ESTIMATE_RTOL)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_calibrated_means_and_totals_and_their_ses_match_r(case):
    assert_figures_match_r(calibrated(case), case["figures"])


def test_calibrated_weights_meet_every_population_total():
    case = next(c for c in CASES if c["name"] == "raking")
    design = calibrated(case)
    area = design.data["area"] == "thanhthi"
    assert design.weights.sum() == pytest.approx(SPEC["population"]["(Intercept)"], rel=1e-7)
    assert design.weights[area.to_numpy()].sum() == pytest.approx(SPEC["population"]["areathanhthi"], rel=1e-7)
    assert design.weights @ design.data["hh"].to_numpy() == pytest.approx(SPEC["population"]["hh"], rel=1e-7)


def test_bounded_calibration_keeps_every_g_within_its_bounds():
    case = next(c for c in CASES if c["name"] == "logit_bounded")
    g = calibrated(case).weights / sample().weights
    low, high = case["bounds"]
    assert low < g.min() and g.max() < high


def test_calibrate_linear_is_calibrate_with_r_defaults():
    case = next(c for c in CASES if c["name"] == "linear")
    found = calibrate_linear(sample(), CATEGORICAL, NUMERIC, SPEC["population"])
    assert found.weights == pytest.approx(np.array(case["calibrated_weights"]), rel=ESTIMATE_RTOL)


@pytest.mark.parametrize("case", RAKES, ids=[c["name"] for c in RAKES])
def test_raked_weights_and_estimates_match_r(case):
    design = raked(case)
    assert design.weights == pytest.approx(np.array(case["calibrated_weights"]), rel=ESTIMATE_RTOL)
    assert_figures_match_r(design, case["figures"])


@pytest.mark.parametrize("case", RAKES, ids=[c["name"] for c in RAKES])
def test_rake_stops_on_the_joint_table_after_the_sweep_r_stops_after(case):
    # The case is built so the joint table has settled (moved < tolerance) in a sweep where a margin
    # still moved by more: checking margin by margin would have gone on for another sweep, whose
    # weights R's are not.
    stop = case["changes"][case["sweeps"] - 1]
    assert stop["joint"] < case["tolerance"] <= stop["margins"]
    design = raked(case)
    assert np.array_equal(design.weights, raked(case, maxit=case["sweeps"]).weights)
    one_more_sweep = poststratify(poststratify(design, "area", SPEC["margins"]["area"]), "agegrp", SPEC["margins"]["agegrp"])
    assert one_more_sweep.weights != pytest.approx(np.array(case["calibrated_weights"]), rel=ESTIMATE_RTOL)


@pytest.mark.parametrize("case", REFUSALS, ids=[c["name"] for c in REFUSALS])
def test_a_calibration_that_does_not_converge_is_refused_with_a_sentence(case):
    assert case["r_says"] == "error: Calibration failed"
    design = sample()
    before = design.weights.copy()
    bounds = tuple(case["bounds"]) if case["bounds"] else None
    with pytest.raises(ParindexError) as refused:
        calibrate(design, CATEGORICAL, NUMERIC, SPEC["population"], calfun=case["calfun"], bounds=bounds, maxit=case["maxit"])
    assert refused.value.code == "calibration_not_converged"
    assert f"in {case['maxit']} iterations" in refused.value.sentence("en")
    assert f"sau {case['maxit']} vòng lặp" in refused.value.sentence("vi")
    r_misfit = float(re.search(r"eps=([0-9.e-]+)", case["r_warnings"]).group(1))
    assert refused.value.got == pytest.approx(r_misfit, rel=SE_RTOL)  # the same iterations as R's, to the same gap
    assert np.array_equal(design.weights, before) and design.calibration == ()


def test_logit_calibration_without_bounds_is_refused():
    with pytest.raises(ParindexError) as refused:
        calibrate(sample(), CATEGORICAL, NUMERIC, SPEC["population"], calfun="logit")
    assert refused.value.code == "logit_bounds"


def test_an_unknown_calibration_function_is_refused():
    with pytest.raises(ParindexError) as refused:
        calibrate(sample(), CATEGORICAL, NUMERIC, SPEC["population"], calfun="probit")
    assert refused.value.code == "unknown_calfun"


def test_a_total_for_no_column_of_the_calibration_is_refused():
    totals = {**SPEC["population"], "areamiennui": 1000}
    with pytest.raises(ParindexError) as refused:
        calibrate(sample(), CATEGORICAL, NUMERIC, totals)
    assert refused.value.code == "unknown_population_total"
    assert "areamiennui" in refused.value.sentence("en")
