"""The one-pass means of many items by domain (issue 15, "Speed to the floor") against the general
estimator, on a wave shaped like the national one: string PSU codes such as "P01-C0012", provinces
as strata, drawn with replacement, unequal weights, missing answers. Both aggregation paths
(numpy for small waves, DuckDB from ``SQL_FROM_ROWS`` respondents) must give the same figures,
whether the domains are the strata (whose codes the design already holds) or cut across PSUs.
"""
import numpy as np
import pandas as pd
import pytest

from parindex.core.survey import Design, mean
from parindex.core.survey import domains as fast

ITEMS = ["q1", "q2", "q3"]


def wave(seed: int = 15, n: int = 900) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    province = rng.integers(1, 5, n)
    frame = pd.DataFrame({
        "province": [f"P{p:02d}" for p in province],
        "commune": [f"P{p:02d}-C{c:04d}" for p, c in zip(province, rng.integers(1, 7, n))],
        "area": rng.choice(["urban", "rural"], n),
        "w": rng.lognormal(5, 0.6, n),
    })
    for item in ITEMS:
        frame[item] = np.where(rng.random(n) < 0.03, np.nan, rng.integers(1, 6, n).astype(float))
    return frame


DESIGN = Design.from_frame(wave(), ids="commune", strata="province", weights="w")


def general(design: Design, item: str, by: str, domain: str):
    """The general estimator's figure for one row of the one-pass table."""
    if domain == "(all)":
        return mean(design, item, deff=False)[0]
    return next(e for e in mean(design, item, by=by, deff=False) if e.domain == f"{by}={domain}")


@pytest.mark.parametrize("sql_from_rows", [10**9, 0], ids=["numpy", "duckdb"])
@pytest.mark.parametrize("by", ["province", "area"])
def test_one_pass_means_with_string_psus_equal_the_general_estimator(monkeypatch, by, sql_from_rows):
    monkeypatch.setattr(fast, "SQL_FROM_ROWS", sql_from_rows)
    table = fast.means_by_domain(DESIGN, ITEMS, by=by)
    assert len(table) == len(ITEMS) * (DESIGN.data[by].nunique() + 1)
    for row in table.itertuples():
        e = general(DESIGN, row.variable, by, row.domain)
        assert (row.estimate, row.se, row.n) == (pytest.approx(e.estimate, rel=1e-12), pytest.approx(e.se, rel=1e-9), e.n)


@pytest.mark.parametrize("sql_from_rows", [10**9, 0], ids=["numpy", "duckdb"])
def test_respondents_without_a_domain_count_nationally_but_in_no_domain(monkeypatch, sql_from_rows):
    monkeypatch.setattr(fast, "SQL_FROM_ROWS", sql_from_rows)
    frame = wave()
    frame.loc[::7, "area"] = None
    design = Design.from_frame(frame, ids="commune", strata="province", weights="w")
    table = fast.means_by_domain(design, ["q1"], by="area")
    assert sorted(table.domain) == ["(all)", "rural", "urban"]
    for row in table.itertuples():
        e = general(design, "q1", "area", row.domain)
        assert (row.estimate, row.se, row.n) == (pytest.approx(e.estimate, rel=1e-12), pytest.approx(e.se, rel=1e-9), e.n)


def test_a_subset_design_gives_the_many_domain_means_of_its_rows_only():
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({"province": rng.choice(["P1", "P2", "P3"], n), "w": rng.uniform(1, 9, n),
                          "y": rng.normal(3, 1, n), "women": rng.random(n) < 0.5})
    frame["commune"] = frame["province"] + "-C" + pd.Series(rng.integers(0, 6, n)).astype(str)
    design = Design.from_frame(frame, ids="commune", strata="province", weights="w")
    women = design.subset(frame["women"].to_numpy())
    table = fast.means_by_domain(women, ["y"], by="province", national=False).set_index("domain")
    for e in mean(women, "y", by="province"):
        level = e.domain.split("=", 1)[1]
        assert table.loc[level, "estimate"] == pytest.approx(e.estimate, rel=1e-12)
        assert table.loc[level, "se"] == pytest.approx(e.se, rel=1e-9)
