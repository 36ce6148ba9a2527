"""Behaviour of designs and estimators beyond the R reference cases."""
import numpy as np
import pandas as pd
import pytest

from parindex.core.errors import ParindexError
from parindex.core.survey import Design, bootstrap, brr, from_columns, jackknife, mean, proportion, total, trim_weights
from tests.conftest import REFERENCE

API = REFERENCE / "survey" / "api"


@pytest.fixture
def strat():
    return Design.from_frame(pd.read_csv(API / "apistrat.csv"), strata="stype", weights="pw", fpc="fpc")


def lonely_sample():
    return pd.DataFrame({"h": ["a", "a", "b", "c", "c"], "psu": [1, 2, 3, 4, 5], "w": [10.0] * 5, "y": [1.0, 3.0, 5.0, 2.0, 6.0]})


def test_a_lonely_psu_fails_by_default_naming_its_stratum():
    d = Design.from_frame(lonely_sample(), ids="psu", strata="h", weights="w")
    with pytest.raises(ParindexError) as caught:
        mean(d, "y")
    assert caught.value.code == "lonely_psu" and "'b'" in caught.value.title


def test_lonely_psu_options_follow_r():
    se = {mode: mean(Design.from_frame(lonely_sample(), ids="psu", strata="h", weights="w", lonely_psu=mode), "y")[0].se
          for mode in ("remove", "certainty", "adjust", "average")}
    assert se["remove"] == se["certainty"]
    assert se["adjust"] > se["remove"]  # the lonely PSU is compared with the grand mean
    assert se["average"] == pytest.approx(se["remove"] * np.sqrt(3 / 2))  # 3 strata, 1 lonely


def test_an_unknown_column_is_named(strat):
    with pytest.raises(ParindexError) as caught:
        mean(strat, "api_00")
    assert caught.value.code == "missing_column" and caught.value.where.column == "api_00"


def test_weights_follow_from_the_fpc_when_not_given():
    data = pd.read_csv(API / "apisrs.csv")
    d = Design.from_frame(data, fpc="fpc")
    assert d.weights == pytest.approx(np.full(200, 6194 / 200))


def test_proportion_intervals_stay_within_zero_and_one(strat):
    for e in proportion(strat, "awards", by="stype"):
        assert 0 <= e.ci_low <= e.estimate <= e.ci_high <= 1


def test_jkn_agrees_with_linearisation_for_a_stratified_mean(strat):
    taylor = mean(strat, "api00")[0].se
    assert mean(jackknife(strat, "JKn"), "api00")[0].se == pytest.approx(taylor, rel=1e-3)


def test_brr_and_fay_on_two_psus_per_stratum():
    rng = np.random.default_rng(1)
    data = pd.DataFrame({"h": np.repeat(np.arange(8), 2), "psu": np.arange(16), "w": 5.0, "y": rng.normal(10, 2, 16)})
    d = Design.from_frame(data, ids="psu", strata="h", weights="w")
    taylor = mean(d, "y")[0].se
    assert mean(brr(d), "y")[0].se == pytest.approx(taylor, rel=1e-9)  # BRR is exact for linear statistics
    assert mean(brr(d, fay_rho=0.5), "y")[0].se == pytest.approx(taylor, rel=1e-9)


def test_bootstrap_is_reproducible_from_its_seed(strat):
    a = mean(bootstrap(strat, 30, seed=7), "api00")[0].se
    assert a == mean(bootstrap(strat, 30, seed=7), "api00")[0].se
    assert a != mean(bootstrap(strat, 30, seed=8), "api00")[0].se


def test_replicate_weights_read_from_columns(strat):
    jk = jackknife(Design.from_frame(pd.read_csv(API / "apiclus1.csv"), ids="dnum", weights="pw"))
    data = jk.data.copy()
    for r in range(jk.repweights.shape[1]):
        data[f"rw{r + 1}"] = jk.repweights[:, r]
    read = from_columns(data, "pw", "rw", "JK1")
    assert mean(read, "api00")[0].se == pytest.approx(mean(jk, "api00")[0].se, rel=1e-12)


def test_trimming_keeps_the_total_weight(strat):
    trimmed = trim_weights(strat, upper=40)
    assert trimmed.weights.sum() == pytest.approx(strat.weights.sum())
    assert trimmed.weights.max() <= 40 + 1e-9


def test_trimming_below_the_mean_weight_is_refused(strat):
    with pytest.raises(ParindexError) as caught:
        trim_weights(strat, upper=30)  # 200 schools stand for 6,194: the mean weight is 31
    assert caught.value.code == "trim_infeasible"


def test_totals_of_domains_add_up_to_the_total(strat):
    overall = total(strat, "enroll")[0].estimate
    assert sum(e.estimate for e in total(strat, "enroll", by="stype")) == pytest.approx(overall)
