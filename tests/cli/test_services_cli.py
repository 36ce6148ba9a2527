"""``parindex services``: generate a seeded stream, compute a month, write it out, refuse bad input."""
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from parindex.cli.main import cli


def run(*args):
    return CliRunner().invoke(cli, ["services", *map(str, args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("services")
    result = run("generate", root, "--dossiers", 20_000, "--communes", 60, "--start", "2026-09-01", "--days", 61)
    assert result.exit_code == 0, result.output
    assert "20,000 dossiers" in result.output
    return root


def test_compute_prints_the_ranking_of_a_level_with_names_and_ratings_in_words(store):
    result = run("compute", store, "--period", "2026-10", "--level", "province")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Tỉnh, thành phố")]
    assert len(lines) == 34 and lines[0].split()[3] == "1"
    assert "Hà Nội" in result.output and "Xếp loại" in result.output and "VN-01" not in result.output
    english = run("compute", store, "--period", "2026-10", "--level", "province", "--lang", "en").output
    assert "Hanoi" in english or "Ha Noi" in english
    assert [line.split()[0] for line in english.splitlines()].count("Province") == 34


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx", ".json"])
def test_compute_writes_every_units_figures(store, tmp_path, suffix):
    out = tmp_path / f"october{suffix}"
    assert run("compute", store, "--period", "2026-10", "--out", out).exit_code == 0
    frame = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".xlsx": lambda p: pd.read_excel(p, engine="calamine"),
             ".json": lambda p: pd.DataFrame(json.loads(p.read_text(encoding="utf-8")))}[suffix](out)
    assert set(frame["level"]) == {"ministry", "province", "commune"}
    assert {"total", "band", "rank", "2.1_numerator", "2.1_denominator", "2.1_points"} <= set(frame.columns)
    assert (frame["2.1_numerator"] <= frame["2.1_denominator"]).all()


def test_the_same_seed_gives_the_same_index(store, tmp_path):
    again = tmp_path / "again"
    run("generate", again, "--dossiers", 20_000, "--communes", 60, "--start", "2026-09-01", "--days", 61)
    first = run("compute", store, "--period", "2026-10", "--level", "commune").output
    assert run("compute", again, "--period", "2026-10", "--level", "commune").output == first


def test_a_month_that_is_not_one_exits_1_saying_so_in_the_commands_language_without_a_code(store):
    result = run("compute", store, "--period", "2026-13")
    assert result.exit_code == 1
    assert "'2026-13' không phải là một tháng" in result.output and "YYYY-MM" in result.output and "[bad_period]" not in result.output
    english = run("compute", store, "--period", "2026-13", "--lang", "en").output
    assert "'2026-13' is not a month" in english and "[bad_period]" not in english


def test_breakdown_lists_a_units_indicators_by_procedure_worst_first(store):
    unit = _first_province(store)
    result = run("breakdown", store, "--unit", unit, "--level", "province", "--period", "2026-10")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["procedure", "indicator", "numerator", "denominator", "ratio"]


def test_overdue_names_the_handling_official_most_overdue_first(store, tmp_path):
    unit = _first_province(store)
    out = tmp_path / "late.csv"
    assert run("overdue", store, "--unit", unit, "--level", "province", "--period", "2026-10", "--out", out).exit_code == 0
    late = pd.read_csv(out)
    assert len(late) and late["official"].notna().all()
    assert late["days_overdue"].is_monotonic_decreasing and (late["days_overdue"] > 0).all()


def _first_province(store) -> str:
    out = store.parent / "provinces.csv"
    run("compute", store, "--period", "2026-10", "--level", "province", "--out", out)
    return pd.read_csv(out)["unit"].iloc[0]
