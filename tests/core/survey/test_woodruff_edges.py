"""Woodruff intervals of quantiles near the ends (issue 15, item 12): where share − t × SE falls below
0, R gives no lower end (NaN, and so a NaN SE) — parindex clamped it silently to the smallest value.
R's woodruffCI gives NaN for an upper end past 1 likewise, and so does parindex (the random designs
of test_random_designs.py check it); at p = 0.97 here the SE is 0 and the interval is the quantile.

Reference: tests/data/reference/survey/woodruff_edges/ (R 4.2.2, survey 4.1-1; the R script beside
it writes the data and the figures).
"""
import json
import math

import pandas as pd
import pytest

from parindex.core.survey import Design, quantile
from tests.conftest import REFERENCE

FOLDER = REFERENCE / "survey" / "woodruff_edges"
SPEC = json.loads((FOLDER / "woodruff_edges.json").read_text(encoding="utf-8"))
DESIGN = Design.from_frame(pd.read_csv(FOLDER / "woodruff_edges.csv"), weights="w")


def number(value):
    return math.nan if value == "NaN" else value


@pytest.mark.parametrize("case", SPEC["cases"], ids=[f"p{c['p']}" for c in SPEC["cases"]])
def test_an_interval_past_the_ends_of_the_cdf_is_as_r_gives_it(case):
    found = quantile(DESIGN, "x", case["p"], qrule="math")
    assert found.estimate == case["quantile"]
    assert found.ci_low == pytest.approx(number(case["ci_low"]), nan_ok=True)
    assert found.ci_high == pytest.approx(case["ci_high"])
    assert found.se == pytest.approx(number(case["se"]), rel=1e-6, nan_ok=True)
