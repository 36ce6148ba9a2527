"""The "math" quantile where p × the total weight lands exactly on a cumulative weight (issue 15,
item 11): the smallest value whose weighted CDF reaches p, as R and the definition give — not the
next one, which a comparison made before dividing by the total could pick through rounding.

Reference: tests/data/reference/survey/quantile_ties/ (R 4.2.2, survey 4.1-1; the R script beside
it writes the data and the figures).
"""
import json

import pandas as pd
import pytest

from parindex.core.survey import Design, quantile
from tests.conftest import REFERENCE

FOLDER = REFERENCE / "survey" / "quantile_ties"
SPEC = json.loads((FOLDER / "quantile_ties.json").read_text(encoding="utf-8"))
DATA = pd.read_csv(FOLDER / "quantile_ties.csv")


@pytest.mark.parametrize("case", SPEC["cases"], ids=[f"{c['group']}-p{c['p']}" for c in SPEC["cases"]])
def test_a_quantile_on_a_tie_of_the_cdf_is_the_value_that_reaches_p(case):
    design = Design.from_frame(DATA[DATA["group"] == case["group"]].reset_index(drop=True), weights="w")
    assert quantile(design, "x", case["p"], qrule="math").estimate == case["quantile"]
