"""Uncertainty and sensitivity of a composite: COINr's sensitivity example, leave-one-out, Sobol."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parindex.cli.main import cli
from parindex.composite.build import build, load_spec_coin
from parindex.composite.sensitivity import leave_one_out, read_assumptions, sobol_indices, uncertainty
from parindex.core.errors import ParindexError

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "examples/asem/spec.yaml"
REFERENCE = {c["id"]: c for c in json.loads((ROOT / "tests/data/reference/asem_reference.json").read_text(encoding="utf-8"))["cases"]}


@pytest.fixture(scope="module")
def setup():
    spec, coin = load_spec_coin(SPEC)
    return spec, coin, read_assumptions(spec["uncertainty"]["assumptions"])


def test_rank_statistics_match_coinrs_sensitivity_example(setup):
    """Nominal ranks exactly; the simulated statistics are random in COINr too, so loosely."""
    spec, coin, assumptions = setup
    table = uncertainty(coin, spec["steps"], assumptions, 100, 1).set_index("uCode")
    for row in REFERENCE["uncertainty_rankstats_head"]["rows"]:
        got = table.loc[row["uCode"]]
        assert got["Nominal"] == row["Nominal"]
        assert abs(got["Median"] - row["Median"]) <= 1 and abs(got["Mean"] - row["Mean"]) <= 1.5
        assert abs(got["Q5"] - row["Q5"]) <= 2 and abs(got["Q95"] - row["Q95"]) <= 2


def test_the_same_seed_gives_the_same_statistics(setup):
    spec, coin, assumptions = setup
    a = uncertainty(coin, spec["steps"], assumptions[1:], 10, 7)
    assert a.equals(uncertainty(coin, spec["steps"], assumptions[1:], 10, 7))
    assert not a.equals(uncertainty(coin, spec["steps"], assumptions[1:], 10, 8))


def test_leave_one_out_reports_every_indicator_and_dropping_moves_ranks():
    table = leave_one_out(build(SPEC))
    assert len(table) == 49 and (table["mean_abs_rank_shift"] >= 0).all() and table["max_abs_rank_shift"].max() > 0


def test_sobol_indices_of_normalisation_weights_and_aggregation(setup):
    spec, coin, assumptions = setup
    table = sobol_indices(coin, spec["steps"], assumptions[1:], n=8, seed=3)
    assert list(table["assumption"]) == ["Normalisation", "Weights", "Aggregation"]
    assert table[["first_order", "total"]].notna().all().all()
    assert (table["total"] > 0).all()  # each of the three choices moves some rank: none can have no effect


def test_an_assumption_whose_alternatives_are_the_same_has_no_sobol_index(setup):
    """A known answer: choosing between two identical aggregations cannot move a rank, so its
    first-order and total indices are 0, while the normalisation beside it does move ranks."""
    spec, coin, _ = setup
    same = read_assumptions([{"name": "Same", "step": "aggregate", "parameter": "f_ag", "alternatives": ["a_amean", "a_amean"]},
                             {"name": "Normalisation", "step": "normalise", "alternatives": [
                                 {"f_n": "n_minmax", "f_n_para": {"l_u": [1, 100]}}, {"f_n": "n_zscore", "f_n_para": {"m_sd": [10, 2]}}]}])
    table = sobol_indices(coin, spec["steps"], same, n=8, seed=3).set_index("assumption")
    assert table.loc["Same", "first_order"] == pytest.approx(0, abs=1e-12)
    assert table.loc["Same", "total"] == pytest.approx(0, abs=1e-12)
    assert table.loc["Normalisation", "total"] > 0.5


def test_an_assumption_without_alternatives_is_refused():
    with pytest.raises(ParindexError, match="neither alternatives nor noise"):
        read_assumptions([{"name": "x", "step": "treat", "parameter": "winmax"}])


def test_the_cli_builds_and_analyses_the_example(tmp_path):
    result = CliRunner().invoke(cli, ["composite", "build", str(SPEC), "--out", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "build").iterdir())
    assert written[:7] == ["01-Raw.csv", "02-Denominated.csv", "03-Imputed.csv", "04-Screened.csv", "05-Treated.csv",
                           "06-Normalised.csv", "07-Aggregated.csv"] and "results.csv" in written
    first = (tmp_path / "build/results.csv").read_text().splitlines()[1].split(",")
    assert first[:2] == ["CHE", "1"] and abs(float(first[2]) - 68.38) < 0.005
    result = CliRunner().invoke(cli, ["composite", "analyse", str(SPEC), "--out", str(tmp_path / "a"), "--replications", "5"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "a/analysis.json").read_text())["seed"] == 1
    assert len((tmp_path / "a/rank_stats.csv").read_text().splitlines()) == 52


def test_a_spec_with_an_unknown_step_parameter_names_it(tmp_path):
    bad = tmp_path / "spec.yaml"
    bad.write_text(SPEC.read_text().replace("winmax: 5}", "winmx: 5}"))
    result = CliRunner().invoke(cli, ["composite", "build", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "steps[3].treat.winmx" in result.output and "winmax" in result.output
