"""The command line: what an analyst types, what they see, and the exit codes scripts rely on."""
import csv
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from parindex.cli.main import cli
from parindex.core.methodology import builtin_path
from tests.conftest import DATA


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return invoke


def test_methodology_check_accepts_every_builtin(run):
    paths = [builtin_path(i) for i in ("vn-par-ministry-2022", "vn-par-province-2017", "vn-par-province-2022")]
    result = run("methodology", "check", *paths)
    assert result.exit_code == 0
    assert result.stdout.count("OK ") == 3
    assert "vn-par-province-2022, 8 areas, 37 criteria, 88 sub-criteria" in result.stdout


def test_methodology_check_lists_problems_on_stderr_and_exits_1(run):
    result = run("methodology", "check", DATA / "valid-small.yaml", DATA / "broken" / "max-mismatch.yaml")
    assert result.exit_code == 1
    assert "OK " in result.stdout
    assert "max-mismatch.yaml:15, tree[0].max: children of 1 add up to 5.5 points" in result.stderr


def test_methodology_show_prints_the_tree_with_points(run):
    result = run("methodology", "show", "vn-par-province-2017", "--lang", "en", "--depth", "1")
    assert result.exit_code == 0
    assert "3 14.5 Administrative procedure reform" in result.stdout
    assert "Total: 100.0" in result.stdout


def test_unknown_methodology_id_lists_the_builtins(run):
    result = run("methodology", "show", "vn-par-2030")
    assert result.exit_code == 1
    assert "vn-par-province-2022" in result.stderr


def test_units_list_on_a_date(run):
    result = run("units", "list", "--on", "2025-07-01", "--kind", "province")
    assert result.exit_code == 0
    assert "34 units valid on 2025-07-01" in result.stdout
    assert "VN-30, VN-31" in result.stdout  # Hải Phòng formed from Hải Dương and Hải Phòng


def test_template_then_compute_round_trip(run, tmp_path):
    template = tmp_path / "in.csv"
    assert run("template", "vn-par-province-2022", "--out", template, "--year", "2025").exit_code == 0
    rows = list(csv.reader(template.open(encoding="utf-8-sig")))
    rows[1] = rows[1][:2] + ["1"]  # one value typed for the first unit; every other leaf is missing and scores 0
    with template.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    result = run("compute", "vn-par-province-2022", "--inputs", template, "--year", "2025", "--out", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(data["units"]) == 34 and sum(u["index"] == 0 for u in data["units"]) >= 33


def test_an_unfilled_template_is_refused_and_the_results_file_is_left_alone(run, tmp_path):
    template, out = tmp_path / "in.xlsx", tmp_path / "r.json"
    assert run("template", "vn-par-province-2022", "--out", template, "--year", "2025").exit_code == 0
    out.write_text('{"kept": true}', encoding="utf-8")
    result = run("compute", "vn-par-province-2022", "--inputs", template, "--year", "2025", "--out", out)
    assert result.exit_code == 1
    assert "trang tính 'Nhập liệu'" in result.stderr and "chưa có số liệu nào được nhập" in result.stderr and "[no_values]" not in result.stderr
    assert out.read_text(encoding="utf-8") == '{"kept": true}'


def write_inputs(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["[unit]", "[1.1:numerator]", "[1.1:denominator]", "[1.2:value]", "[2:estimate]"], *rows])
    return path


def test_compute_prints_the_ranking_and_explains_a_unit(run, tmp_path):
    inputs = write_inputs(tmp_path / "in.csv", [["01", 10, 10, "có", 0.9], ["31", 5, 10, "không", 0.8]])
    result = run("compute", DATA / "valid-small.yaml", "--inputs", inputs, "--year", "2024", "--explain", "Hải Phòng", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "1  Ha Noi" in result.stdout
    assert "1.1 Ratio: 2.0 / 4.0 — 5 of 10 = 50 %, band 50–<100 % → 2.0 of 4.0" in result.stdout


def test_compute_with_bad_inputs_writes_nothing_and_exits_1(run, tmp_path):
    out = tmp_path / "r.xlsx"
    inputs = write_inputs(tmp_path / "in.csv", [["01", 10, 10, "có", 0.9], ["99", 5, 10, "maybe", 0.8]])
    result = run("compute", DATA / "valid-small.yaml", "--inputs", inputs, "--year", "2024", "--out", out)
    assert result.exit_code == 1
    assert "dòng 3, cột 'unit'" in result.stderr
    assert not out.exists()


def test_compute_with_previous_results_shows_the_change_through_lineage(run, tmp_path):
    run("compute", DATA / "valid-small.yaml", "--inputs",
        write_inputs(tmp_path / "2024.csv", [["30", 10, 10, "có", 0.5], ["31", 10, 10, "có", 1.0]]),
        "--year", "2024", "--out", tmp_path / "2024.csv.out.csv")
    result = run("compute", DATA / "valid-small.yaml", "--inputs",
                 write_inputs(tmp_path / "2025.csv", [["31", 10, 10, "có", 1.0]]), "--year", "2025",
                 "--previous", tmp_path / "2024.csv.out.csv", "--explain", "31", "--lang", "en", "--out", tmp_path / "2025.json")
    assert result.exit_code == 0, result.output
    assert "mean of 2024 values of Hai Duong 80.0, Hai Phong 100.0 = 90.0" in result.stdout
    unit = json.loads((tmp_path / "2025.json").read_text(encoding="utf-8"))["units"][0]
    assert unit["change"] == 10 and unit["previous"]["rule"] == "mean"


def test_demo_prints_the_ranking_of_34_provinces(run):
    result = run("demo", "--lang", "en")
    assert result.exit_code == 0
    ranking = [line for line in result.stdout.splitlines() if line[:4].strip().isdigit()]
    assert len(ranking) == 34
    assert "synthetic data, not published results" in result.stdout


@pytest.mark.parametrize("command", [[], ["methodology", "check"], ["compute"], ["template"], ["units", "list"], ["demo"]])
def test_every_command_has_help(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_usage_errors_exit_2(run):
    assert run("compute", "vn-par-province-2022").exit_code == 2


def test_the_installed_command_runs():
    done = subprocess.run([sys.executable, "-m", "parindex", "methodology", "list"], capture_output=True, text=True)
    assert done.returncode == 0 and "vn-par-province-2022" in done.stdout
