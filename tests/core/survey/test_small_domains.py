"""Domains of one or two respondents, and one whose variable is all missing, by domain in one call
(issue 15, item 1): R gives each its estimate and SE — 0 for a single respondent's mean — with a
NaN design effect; parindex did not get that far (a division by n − 1 in the design effect, even when
no design effect was asked for, failed the whole call).

Reference: tests/data/reference/survey/small_domains/ (R 4.2.2, survey 4.1-1; the R script beside
it writes the data and the figures). Where parindex chooses otherwise it is said here: a domain
without respondents has no mean (NaN; R writes 0 with SE 0) and a total of 0, as in R.
"""
import json
import math

import pandas as pd
import pytest

from parindex.core.survey import Design, mean, proportion, total
from tests.conftest import REFERENCE

FOLDER = REFERENCE / "survey" / "small_domains"
SPEC = json.loads((FOLDER / "small_domains.json").read_text(encoding="utf-8"))
DESIGN = Design.from_frame(pd.read_csv(FOLDER / "small_domains.csv"), ids="psu", strata="stratum", weights="w")
CASES = [c for c in SPEC["cases"] if not (c["statistic"] == "mean" and c["domain"] == "gone")]


def number(value):
    return math.nan if value == "NaN" else value


@pytest.mark.parametrize("case", CASES, ids=[f"{c['statistic']}-{c['domain']}" for c in CASES])
def test_each_domain_matches_r_however_few_its_respondents(case):
    estimator = mean if case["statistic"] == "mean" else total
    found = {e.domain: e for e in estimator(DESIGN, "y", by="dom", deff=case["statistic"] == "mean")}[f"dom={case['domain']}"]
    assert found.estimate == pytest.approx(case["estimate"], rel=1e-8, abs=1e-9)
    assert found.se == pytest.approx(case["se"], rel=1e-6, abs=1e-9)
    if case["statistic"] == "mean":  # R gave the design effect of means only
        assert found.deff == pytest.approx(number(case["deff"]), rel=1e-6, nan_ok=True)


def test_a_domain_without_respondents_has_no_mean_and_no_share_but_a_total_of_zero():
    means = {e.domain: e for e in mean(DESIGN, "y", by="dom", deff=False)}
    assert math.isnan(means["dom=gone"].estimate) and means["dom=gone"].n == 0
    assert {e.domain: e.estimate for e in total(DESIGN, "y", by="dom")}["dom=gone"] == 0
    data = DESIGN.data.assign(high=lambda d: (d["y"] > 60).map({True: "yes", False: "no"}).where(d["y"].notna()))
    shares = [e for e in proportion(Design.from_frame(data, ids="psu", strata="stratum", weights="w"), "high", by="dom")
              if e.domain == "dom=gone"]
    assert shares and all(math.isnan(e.estimate) for e in shares)
