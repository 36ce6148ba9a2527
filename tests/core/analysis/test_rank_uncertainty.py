"""Rank intervals, group probabilities, Sobol indices and leave-one-out on a PAR INDEX cycle."""
from dataclasses import replace

import numpy as np
import pytest

from parindex.core.analysis import from_results, rank_uncertainty
from parindex.core.analysis.improvement import next_group_plan, self_assessment_inflation
from parindex.core.analysis.sensitivity import leave_one_out, sobol
from parindex.core.methodology import load_builtin
from parindex.core.methodology.model import Ranking
from parindex.core.results.published import PublishedEntry
from parindex.demo.cycle import DEMO_METHODOLOGY, demo_results


@pytest.fixture(scope="module")
def cycle():
    methodology = load_builtin(DEMO_METHODOLOGY)
    return demo_results(), methodology


@pytest.fixture
def model(cycle):
    results, methodology = cycle
    m = from_results(results, methodology)
    m.survey_sd[:] = 0.04  # every SIPAS element estimated with a 4-point standard error
    return m


def test_the_model_reproduces_every_published_index_and_rank(cycle):
    results, methodology = cycle
    m = from_results(results, methodology)
    assert np.allclose(m.nominal_index(), [r.index for r in results.units], atol=1e-9)
    assert m.ranks(m.nominal_index()).tolist() == [r.rank for r in results.units]


def test_the_same_seed_gives_the_same_intervals_and_another_seed_does_not(model):
    a, b = rank_uncertainty(model, 2000, seed=11), rank_uncertainty(model, 2000, seed=11)
    assert a.rows() == b.rows() and a.seed == 11 and a.settings["rng"] == "numpy PCG64"
    assert rank_uncertainty(model, 2000, seed=12).rows() != a.rows()


def test_intervals_hold_the_nominal_rank_and_group_probabilities_sum_to_one(model):
    u = rank_uncertainty(model, 3000, seed=3)
    assert np.all(u.rank_q05 <= u.rank_q95) and np.all(u.rank_q05 >= 1) and np.all(u.rank_q95 <= len(model.units))
    assert np.mean((u.rank_q05 <= u.nominal_rank) & (u.nominal_rank <= u.rank_q95)) > 0.9
    assert np.allclose(u.group_probability.sum(axis=1), 1.0)


def test_rank_intervals_shrink_as_survey_samples_grow(model):
    """Four times the respondents halve every standard error; with weights fixed, only the survey
    moves the ranks, and the 90 % intervals narrow."""
    widths = []
    for respondents in (1, 4, 16):
        u = rank_uncertainty(model, 3000, seed=5, weight_noise=0.0, survey_scale=1 / np.sqrt(respondents))
        widths.append(float(np.mean(u.rank_q95 - u.rank_q05)))
    assert widths[0] > widths[1] > widths[2] >= 0


def test_with_nothing_uncertain_every_rank_is_certain(cycle):
    results, methodology = cycle
    u = rank_uncertainty(from_results(results, methodology), 500, seed=1, weight_noise=0.0)
    assert np.array_equal(u.rank_q05, u.nominal_rank) and np.array_equal(u.rank_q95, u.nominal_rank)


def test_sobol_attributes_rank_changes_to_the_only_uncertain_input(model):
    only_survey = sobol(model, 800, seed=2, weight_noise=0.0)
    assert dict(zip(only_survey.factors, only_survey.total))["weights"] == pytest.approx(0.0, abs=1e-12)
    assert dict(zip(only_survey.factors, only_survey.total))["survey"] > 0.9
    both = sobol(model, 800, seed=2)
    assert set(both.factors) == {"weights", "survey"} and np.all(both.total >= both.first_order - 0.1)


def test_leaving_out_an_area_everyone_scored_equally_moves_no_rank(model):
    model.points[:, model.leaf_area == 0] = model.leaf_max[model.leaf_area == 0]
    shifts = {row["dropped"]: row for row in leave_one_out(model)}
    assert set(shifts) == set(model.areas)
    assert shifts[model.areas[0]]["max_abs_shift"] == 0


def test_the_next_group_plan_takes_the_fewest_criteria(model):
    index = model.nominal_index()
    unit = model.units[int(np.argmin(index))]
    plan = next_group_plan(model, unit)
    assert plan["next_group"] is not None and plan["reachable"]
    i = model.units.index(unit)
    gains = sorted(model.leaf_max - model.points[i], reverse=True)
    fewer = len(plan["criteria"]) - 1
    assert sum(gains[:fewer]) < plan["points_needed"]  # no smaller set of full criteria closes the gap
    assert sum(c["gain"] for c in plan["criteria"]) >= plan["points_needed"] - 1e-9


def test_self_assessment_inflation_is_claimed_minus_given(model):
    leaf = model.leaves[0]
    def entry(claimed, given):
        return PublishedEntry(claimed, None, "", "", None, "", given)
    entries = {model.units[0]: {leaf: entry(1.0, 0.25)}, model.units[1]: {leaf: entry(0.5, None)}}
    rows = {r["unit_id"]: r for r in self_assessment_inflation(entries, model)}
    assert rows[model.units[0]]["total"] == pytest.approx(0.75) and rows[model.units[1]]["total"] == 0.0


def test_simulated_ranks_share_the_best_rank_on_ties_at_the_published_rounding(model):
    assert model.ranks(np.array([[90.001, 90.004, 85.0, 95.0], [1.0, 2.0, 2.0, 1.0]])).tolist() == [[2, 2, 4, 1], [3, 1, 1, 3]]


def test_simulated_ranks_follow_the_methodologys_tie_rule(cycle):
    results, methodology = cycle
    dense = from_results(results, replace(methodology, ranking=Ranking("dense", methodology.ranking.decimals)))
    assert dense.ranking_ties == "dense"
    assert dense.ranks(np.array([90.001, 90.004, 85.0, 95.0])).tolist() == [2, 2, 3, 1]


def test_a_methodology_can_declare_how_uncertain_an_appraised_leaf_is(cycle, tmp_path):
    from parindex.core.errors import ValidationFailed
    from parindex.core.methodology import builtin_path, load_methodology_file

    results, _ = cycle
    text = builtin_path(DEMO_METHODOLOGY).read_text(encoding="utf-8")
    leaf = next(leaf for leaf in load_builtin(DEMO_METHODOLOGY).leaves() if leaf.source == "appraisal")
    entry = f'{{code: "{leaf.code}", '
    assert entry in text

    def with_sd(value) -> str:
        return text.replace(entry, entry + f"appraisal_sd: {value}, ", 1)

    (tmp_path / "m.yaml").write_text(with_sd(0.25), encoding="utf-8")
    methodology = load_methodology_file(tmp_path / "m.yaml")
    assert methodology.node(leaf.code).appraisal_sd == 0.25
    model = from_results(results, methodology)
    assert model.appraisal_sd[model.leaves.index(leaf.code)] == 0.25 and model.appraisal_sd.sum() == 0.25
    (tmp_path / "bad.yaml").write_text(with_sd(-1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        load_methodology_file(tmp_path / "bad.yaml")
    assert len(failure.value.problems) == 1 and "appraisal_sd" in str(failure.value.problems[0])
