"""Lonely PSUs where R says otherwise (issue 15, items 3, 4 and 8): a stratum whose one PSU is the whole
stratum (a certainty unit, n_h = N_h = 1) adds no variance and is not lonely, under every option —
parindex refused it under "fail" and let it inflate the SE under "average"; under "adjust" a lonely
PSU's total is compared with 0, not the design's mean PSU total (a total's SE was 2,665 where R gives
1,093); and under "average" a design whose every stratum is lonely has no variance to average — R
says NaN, parindex said 0.

Reference: tests/data/reference/survey/lonely/ (R 4.2.2, survey 4.1-1; the R script beside it writes
the data and the figures).
"""
import json
import math

import pandas as pd
import pytest

from parindex.core.survey import Design, mean, total
from tests.conftest import REFERENCE

FOLDER = REFERENCE / "survey" / "lonely"
SPEC = json.loads((FOLDER / "lonely.json").read_text(encoding="utf-8"))
DATA = pd.read_csv(FOLDER / "lonely.csv")


def design(name: str, lonely: str) -> Design:
    if name == "certainty":
        return Design.from_frame(DATA, ids="psu", strata="stratum", fpc="N", weights="w", lonely_psu=lonely)
    if name == "one_lonely":
        return Design.from_frame(DATA, ids="psu", strata="stratum", weights="w", lonely_psu=lonely)
    return Design.from_frame(DATA, ids="lonely_psu", strata="lonely_stratum", weights="w", lonely_psu=lonely)


@pytest.mark.parametrize("case", SPEC["cases"], ids=[f"{c['design']}-{c['lonely']}-{c['statistic']}" for c in SPEC["cases"]])
def test_lonely_strata_are_treated_as_r_treats_them(case):
    estimator = mean if case["statistic"] == "mean" else total
    found = estimator(design(case["design"], case["lonely"]), "y", deff=False)[0]
    assert found.estimate == pytest.approx(case["estimate"], rel=1e-8)
    expected = math.nan if case["se"] == "NaN" else case["se"]
    assert found.se == pytest.approx(expected, rel=1e-6, nan_ok=True)
