"""SIPAS indices, the many-domain estimator, sample planning, and interval coverage by simulation."""
import numpy as np
import pandas as pd
import pytest

from parindex.core.methodology import load_builtin
from parindex.core.survey import Design, mean, ratio
from parindex.core.survey.domains import domain_means
from parindex.core.survey.sampling import allocate, draw_two_stage
from parindex.core.survey.sipas import answer_counts, sipas, survey_inputs
from tests.conftest import REFERENCE

SIPAS = load_builtin("vn-par-province-2022").questionnaire("sipas")


def population(n_provinces=6, communes=30, people=60, seed=1) -> pd.DataFrame:
    """A synthetic country where each province has its own true satisfaction level."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(n_provinces):
        level = 0.5 + 0.07 * p
        for c in range(communes):
            commune_effect = rng.normal(0, 0.05)
            k = people
            base = {"province": f"P{p:02d}", "commune": f"P{p:02d}-C{c:02d}"}
            prob = np.clip(level + commune_effect, 0.05, 0.95)
            answers = {}
            for e in SIPAS.elements:
                for item in e.items:
                    sat = rng.random(k) < prob
                    answers[item.code] = np.where(sat, rng.choice([4, 5], k), rng.choice([1, 2, 3], k))
                    answers[item.code] = np.where(rng.random(k) < 0.05, 9, answers[item.code])  # don't know
            answers["e1"] = rng.choice([1, 2, 3, 4, 5], k)  # expectation item: asked, never in the index
            block = pd.DataFrame(answers)
            for key, value in base.items():
                block[key] = value
            rows.append(block)
    frame = pd.concat(rows, ignore_index=True)
    frame["respondent_id"] = np.arange(len(frame))
    return frame


def true_indices(frame: pd.DataFrame) -> pd.Series:
    s, v = answer_counts(frame, SIPAS)
    table = pd.DataFrame({e: s[e] for e in s}).groupby(frame["province"]).sum() / pd.DataFrame({e: v[e] for e in v}).groupby(frame["province"]).sum()
    return table.stack()


def test_element_index_is_the_share_of_satisfied_among_valid_answers():
    frame = pd.DataFrame({"province": ["A"] * 4, "respondent_id": range(4), "w": 1.0,
                          **{i.code: [5, 4, 2, 9] for e in SIPAS.elements for i in e.items}, "e1": 1})
    table = sipas(Design.from_frame(frame, weights="w"), SIPAS)
    access = table[table.element == "access"].iloc[0]
    assert access.estimate == pytest.approx(2 / 3)  # "don't know" (9) is not a valid answer
    assert table[table.element == "overall"].iloc[0].estimate == pytest.approx(2 / 3)


def test_element_indices_match_the_general_ratio_estimator():
    frame = draw_two_stage(population(), "province", "commune", 6, 15, seed=3)
    design = Design.from_frame(frame, ids=["commune", "row"], strata="province", fpc=["fpc1", "fpc2"])
    s, v = answer_counts(frame, SIPAS)
    data = design.data.assign(s=s["access"], v=v["access"])
    general = Design.from_frame(data, ids=["commune", "row"], strata="province", fpc=["fpc1", "fpc2"])
    expected = {e.domain: e for e in ratio(general, "s", "v", by="province")}
    table = sipas(design, SIPAS, by="province")
    for row in table[table.element == "access"].itertuples():
        assert row.estimate == pytest.approx(expected[f"province={row.domain}"].estimate, rel=1e-12)
        assert row.se == pytest.approx(expected[f"province={row.domain}"].se, rel=1e-9)


def test_many_domain_means_match_the_general_estimator_on_the_r_data():
    d = Design.from_frame(pd.read_csv(REFERENCE / "survey" / "api" / "apiclus2.csv"), ids=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    fast = domain_means(d, ["api00"], by="stype").set_index("domain")
    for e in mean(d, "api00", by="stype"):
        assert fast.loc[e.domain.split("=")[1], "se"] == pytest.approx(e.se, rel=1e-12)


def test_small_samples_are_flagged_as_unreliable():
    frame = draw_two_stage(population(), "province", "commune", {f"P{p:02d}": (2 if p == 0 else 8) for p in range(6)}, 3, seed=5)
    table = sipas(Design.from_frame(frame, ids=["commune", "row"], strata="province", fpc=["fpc1", "fpc2"]), SIPAS, by="province")
    assert (table.cv > 0.2).eq(~table.reliable).all()
    assert not table[(table.domain == "P00")].reliable.all()


def test_ninety_five_percent_intervals_cover_the_truth_at_close_to_the_nominal_rate():
    pop = population(seed=11)
    truth = true_indices(pop)
    covered, total = 0, 0
    for seed in range(60):
        frame = draw_two_stage(pop, "province", "commune", 10, 12, seed=seed)
        table = sipas(Design.from_frame(frame, ids=["commune", "row"], strata="province", fpc=["fpc1", "fpc2"]), SIPAS, by="province")
        for row in table[table.in_index & (table.element != "overall")].itertuples():
            total += 1
            covered += row.ci_low <= truth[(row.domain, row.element)] <= row.ci_high
    assert 0.91 <= covered / total <= 0.98, covered / total


def test_allocation_keeps_the_total_and_the_minimum():
    sizes = {"A": 1_000_000, "B": 200_000, "C": 10_000}
    assert allocate(sizes, 1000) == {"A": 827, "B": 165, "C": 8}  # 826.4 / 165.3 / 8.3, largest remainder to A
    assert allocate(sizes, 1000, minimum=100) == {"A": 750, "B": 150, "C": 100}  # C raised, the rest shared again
    neyman = allocate(sizes, 1000, "neyman", sd={"A": 1, "B": 6, "C": 1})  # B: 200,000 × 6 outweighs A: 1,000,000 × 1
    assert sum(neyman.values()) == 1000 and neyman["B"] > neyman["A"]


def test_a_draw_is_repeatable_from_its_seed_and_weights_sum_to_the_frame():
    pop = population()
    a = draw_two_stage(pop, "province", "commune", 5, 10, seed=42)
    b = draw_two_stage(pop, "province", "commune", 5, 10, seed=42)
    assert a["respondent_id"].tolist() == b["respondent_id"].tolist()
    assert a["weight"].sum() == pytest.approx(len(pop))


def test_survey_results_become_par_points_through_the_methodology():
    m = load_builtin("vn-par-province-2022")
    table = pd.DataFrame([{"domain": "31", "element": e.code, "estimate": 0.8} for e in SIPAS.elements])
    inputs = survey_inputs(m, table, "sipas", {"31": "VN-31-2025"})
    assert inputs == {"VN-31-2025": {f"8.1.{i}": {"estimate": 0.8} for i in range(1, 6)}}


@pytest.mark.parametrize("sql_from_rows", [10**9, 0], ids=["numpy", "duckdb"])
@pytest.mark.parametrize("spec", [
    ("apistrat.csv", dict(strata="stype", weights="pw", fpc="fpc")),
    ("apiclus1.csv", dict(ids="dnum", weights="pw", fpc="fpc")),
    ("apiclus2.csv", dict(ids=["dnum", "snum"], fpc=["fpc1", "fpc2"])),
], ids=["stratified", "one-stage", "two-stage"])
def test_one_pass_means_equal_the_general_estimator(monkeypatch, spec, sql_from_rows):
    import parindex.core.survey.domains as domains

    monkeypatch.setattr(domains, "SQL_FROM_ROWS", sql_from_rows)
    d = Design.from_frame(pd.read_csv(REFERENCE / "survey" / "api" / spec[0]), **spec[1])
    table = domains.means_by_domain(d, ["api00", "enroll"], by="stype")
    assert len(table) == 2 * 3 + 2  # three school types and the whole state
    for row in table.itertuples():
        general = mean(d, row.variable, by=None if row.domain == "(all)" else "stype")
        e = general[0] if row.domain == "(all)" else next(x for x in general if x.domain == f"stype={row.domain}")
        assert row.estimate == pytest.approx(e.estimate, rel=1e-12)
        assert row.se == pytest.approx(e.se, rel=1e-9)
        assert row.n == e.n


def test_expectation_items_are_reported_beside_the_index_never_in_it():
    frame = pd.DataFrame({"province": ["A"] * 4, "respondent_id": range(4), "w": 1.0,
                          **{i.code: [5, 4, 2, 1] for e in SIPAS.elements for i in e.items}, "e1": [5, 5, 5, 1]})
    table = sipas(Design.from_frame(frame, weights="w"), SIPAS)
    expectation = table[table.element == "expectation:e1"].iloc[0]
    assert expectation.estimate == pytest.approx(0.75) and not expectation.in_index
    assert table[table.element == "overall"].iloc[0].estimate == pytest.approx(0.5)
