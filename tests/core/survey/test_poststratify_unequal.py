"""Post-stratification where weights vary inside a post-stratum, as in nearly every real design
(issue 15, item 6): each unit's influence is centred on Σ(x·w_old/w_ps)/Σw_old within its cell, as
R's ``svyrecvar`` does, not on the cell's unweighted mean — the shipped reference case has equal
weights, so it could not tell the two apart.

Reference: tests/data/reference/survey/poststratify_unequal/ (R 4.2.2, survey 4.1-1; the R script
beside it writes the data and the figures).
"""
import json

import pandas as pd
import pytest

from parindex.core.survey import Design, mean, poststratify, total
from tests.conftest import REFERENCE

FOLDER = REFERENCE / "survey" / "poststratify_unequal"
SPEC = json.loads((FOLDER / "poststratify_unequal.json").read_text(encoding="utf-8"))
DATA = pd.read_csv(FOLDER / "poststratify_unequal.csv")


@pytest.mark.parametrize("case", SPEC["cases"], ids=[f"{c['design']}-{c['statistic']}" for c in SPEC["cases"]])
def test_post_stratified_estimates_with_unequal_weights_match_r(case):
    strata = "stratum" if case["design"] == "stratified" else None
    design = poststratify(Design.from_frame(DATA, ids="psu", strata=strata, weights="w"), "sex", SPEC["population"])
    found = (mean if case["statistic"] == "mean" else total)(design, "y", deff=False)[0]
    assert found.estimate == pytest.approx(case["estimate"], rel=1e-8)
    assert found.se == pytest.approx(case["se"], rel=1e-6)
