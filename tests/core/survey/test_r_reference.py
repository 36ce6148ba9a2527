"""Every estimate of R's survey package on the California API samples, reproduced.

Reference: tests/data/reference/survey/survey_api_reference.json (R 4.2.2, survey 4.1-1; origin
and licence in tests/data/reference/README.md). Tolerances are the issue's: estimates to a relative
1e-8, standard errors to 1e-6; intervals and design effects are held to the SE tolerance.
"""
import json

import pandas as pd
import pytest

from parindex.core.survey import Design, calibrate_linear, jackknife, mean, poststratify, proportion, quantile, rake, ratio, total
from tests.conftest import REFERENCE

ESTIMATE_RTOL = 1e-8
SE_RTOL = 1e-6
FOLDER = REFERENCE / "survey"
SPEC = json.loads((FOLDER / "survey_api_reference.json").read_text(encoding="utf-8"))


def base_design(name: str) -> Design:
    spec = SPEC["designs"][name]
    data = pd.read_csv(FOLDER / spec["data"], dtype={"cds": str})
    ids = None if spec["ids"] == "1" else spec["ids"]
    return Design.from_frame(data, ids=ids, strata=spec["strata"], weights=spec["weights"], fpc=spec["fpc"])


def design(name: str):
    spec = SPEC["designs"][name]
    if "base" not in spec:
        return base_design(name)
    base = base_design(spec["base"])
    population = spec.get("population", {})
    if spec.get("adjustment") == "postStratify":
        return poststratify(base, spec["by"], population[spec["by"]])
    if spec.get("adjustment") == "rake":
        return rake(base, [(m, population[m]) for m in spec["margins"]])
    if spec.get("adjustment", "").startswith("calibrate"):
        return calibrate_linear(base, ["stype"], ["api99"], population)
    return jackknife(base, spec["replicate"]["type"])


def estimate(case: dict):
    """R's call for the case, in parindex: the design, then the options R was given (``options``)."""
    options = case["options"]
    d = design(case["design"])
    if "poststratify" in options:
        by = options["poststratify"]
        d = poststratify(d, by, SPEC["population"][f"counts_{by}"])
    by = next(iter(case["domain"])) if case.get("domain") else None
    statistic = case["statistic"]
    if statistic == "quantile":
        return quantile(d, case["variable"], case["quantile"], options["qrule"])
    if statistic == "mean":
        found = mean(d, case["variable"], by=by, deff=options.get("deff", True))
    elif statistic == "total":
        found = total(d, case["variable"], by=by)
    elif statistic == "proportion":
        found = proportion(d, case["variable"], by=by, ci=options["ci"])
        found = [e for e in found if e.level == case["level"]]
    else:
        found = ratio(d, *case["variable"].split("/"))
    if by:
        found = [e for e in found if e.domain == f"{by}={case['domain'][by]}"]
    return found[0]


CASES = [c for c in SPEC["cases"] if c["statistic"] != "sum_of_weights"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_matches_r_survey(case):
    got = estimate(case)
    assert got.estimate == pytest.approx(case["estimate"], rel=ESTIMATE_RTOL)
    assert got.se == pytest.approx(case["se"], rel=SE_RTOL)
    if "ci95" in case:
        assert [got.ci_low, got.ci_high] == pytest.approx(case["ci95"], rel=SE_RTOL)
    if "deff" in case:
        assert got.deff == pytest.approx(case["deff"], rel=SE_RTOL)


def test_raked_weights_sum_to_the_population():
    case = next(c for c in SPEC["cases"] if c["statistic"] == "sum_of_weights")
    assert design(case["design"]).weights.sum() == pytest.approx(case["estimate"], rel=ESTIMATE_RTOL)


def test_every_reference_case_is_checked():
    assert len(CASES) + 1 == len(SPEC["cases"]) == 36
