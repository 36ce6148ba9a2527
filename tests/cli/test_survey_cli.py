"""``parindex survey estimate``: the analyst's command, checked against R's numbers."""
import json

import pytest
from click.testing import CliRunner

from parindex.cli.main import cli
from tests.conftest import REFERENCE

API = REFERENCE / "survey" / "api"
SPEC = json.loads((REFERENCE / "survey" / "survey_api_reference.json").read_text(encoding="utf-8"))
CASE = {c["id"]: c for c in SPEC["cases"]}


def run(*args):
    return CliRunner().invoke(cli, ["survey", "estimate", *map(str, args)], catch_exceptions=False)


def records(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_two_stage_total_with_weights_from_the_fpc():
    [r] = records(run(API / "apiclus2.csv", "--ids", "dnum,snum", "--fpc", "fpc1,fpc2", "--total", "enroll", "--json"))
    assert list(r) == ["statistic", "variable", "level", "domain", "estimate", "se", "ci_low", "ci_high", "deff", "n"]
    assert r["estimate"] == pytest.approx(CASE["dclus2_total_enroll"]["estimate"], rel=1e-8)
    assert r["se"] == pytest.approx(CASE["dclus2_total_enroll"]["se"], rel=1e-6)


def test_domain_means_and_proportions():
    out = records(run(API / "apistrat.csv", "--strata", "stype", "--weights", "pw", "--fpc", "fpc", "--mean", "api00",
                      "--by", "stype", "--proportion", "awards", "--json"))
    e = next(r for r in out if r["statistic"] == "mean" and r["domain"] == "stype=E")
    assert e["se"] == pytest.approx(CASE["dstrat_by_stype_mean_api00_E"]["se"], rel=1e-6)
    assert {r["level"] for r in out if r["statistic"] == "proportion"} == {"No", "Yes"}


def test_raking_from_population_files(tmp_path):
    (tmp_path / "stype.csv").write_text("stype,Freq\nE,4421\nH,755\nM,1018\n")
    (tmp_path / "schwide.csv").write_text("sch.wide,Freq\nNo,1072\nYes,5122\n")
    [r] = records(run(API / "apiclus1.csv", "--ids", "dnum", "--weights", "pw", "--fpc", "fpc",
                      "--rake", f"stype={tmp_path / 'stype.csv'}", "--rake", f"sch.wide={tmp_path / 'schwide.csv'}",
                      "--mean", "api00", "--json"))
    assert r["estimate"] == pytest.approx(CASE["dclus1_rake_mean_api00"]["estimate"], rel=1e-8)
    assert r["se"] == pytest.approx(CASE["dclus1_rake_mean_api00"]["se"], rel=1e-6)


def test_ratio_and_quantile_print_a_table():
    result = run(API / "apiclus1.csv", "--ids", "dnum", "--weights", "pw", "--fpc", "fpc", "--ratio", "api.stu/enroll",
                 "--quantile", "api00:0.5")
    assert result.exit_code == 0
    assert "api.stu/enroll" in result.stdout and "652" in result.stdout


def test_a_lonely_psu_exits_1_naming_the_stratum(tmp_path):
    data = tmp_path / "lonely.csv"
    data.write_text("h,psu,w,y\na,1,10,1\na,2,10,3\nb,3,10,5\n")
    result = run(data, "--strata", "h", "--ids", "psu", "--weights", "w", "--mean", "y")
    assert result.exit_code == 1 and "stratum 'b' has only one PSU" in result.stderr
    assert run(data, "--strata", "h", "--ids", "psu", "--weights", "w", "--mean", "y", "--lonely-psu", "remove").exit_code == 0


def test_a_missing_column_exits_1_naming_it():
    result = run(API / "apistrat.csv", "--strata", "stype", "--weights", "weight", "--mean", "api00")
    assert result.exit_code == 1 and "column 'weight'" in result.stderr
