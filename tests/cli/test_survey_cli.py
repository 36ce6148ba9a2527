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
    assert result.exit_code == 1 and "tầng 'b' chỉ có một đơn vị mẫu cấp 1" in result.stderr.lower()
    assert run(data, "--strata", "h", "--ids", "psu", "--weights", "w", "--mean", "y", "--lonely-psu", "remove").exit_code == 0


def test_a_missing_column_exits_1_naming_it():
    result = run(API / "apistrat.csv", "--strata", "stype", "--weights", "weight", "--mean", "api00")
    assert result.exit_code == 1 and "cột 'weight'" in result.stderr


def sipas_wave(path, rows=None):
    from parindex.core.methodology import load_builtin

    items = load_builtin("vn-par-province-2022").questionnaire("sipas").item_codes
    header = ["respondent_id", "province", "commune", "w", *items]
    rows = rows or [[i, "31" if i % 2 else "01", f"c{i % 6}", 100, *([4] * len(items))] for i in range(1, 25)]
    path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n")
    return path


def test_a_wave_is_checked_and_stored_as_parquet(tmp_path):
    result = CliRunner().invoke(cli, ["survey", "import", str(sipas_wave(tmp_path / "w.csv")), "--methodology", "vn-par-province-2022",
                                      "--design-columns", "commune,w", "--units-on", "2025-12-31", "--out", str(tmp_path / "w.parquet")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "w.parquet").exists()


def test_a_bad_wave_lists_every_problem_and_writes_nothing(tmp_path):
    from parindex.core.methodology import load_builtin

    n_items = len(load_builtin("vn-par-province-2022").questionnaire("sipas").item_codes)
    rows = [[1, "31", "c1", 100, *([4] * n_items)],
            [1, "31", "c1", 100, *([7] + [4] * (n_items - 1))],  # duplicate ID, 7 is off the 1–5 scale
            [3, "99", "", 100, *([4] * n_items)]]               # unknown province, missing commune
    result = CliRunner().invoke(cli, ["survey", "import", str(sipas_wave(tmp_path / "w.csv", rows)), "--methodology", "vn-par-province-2022",
                                      "--design-columns", "commune,w", "--units-on", "2025-12-31", "--out", str(tmp_path / "w.parquet")])
    assert result.exit_code == 1
    for expected in ["dòng 3, cột 'respondent_id'", "dòng 3, cột 'a1'", "dòng 4, cột 'province'", "dòng 4, cột 'commune'"]:
        assert expected in result.stderr
    assert not (tmp_path / "w.parquet").exists()


def test_sipas_indices_per_unit(tmp_path):
    result = CliRunner().invoke(cli, ["survey", "sipas", str(sipas_wave(tmp_path / "w.csv")), "--methodology", "vn-par-province-2022",
                                      "--weights", "w", "--ids", "commune", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["domain"] for r in rows} == {"01", "31"} and all(r["estimate"] == 1.0 for r in rows)


OPTIONS = REFERENCE / "survey" / "cli_options"
R_OPTIONS = json.loads((OPTIONS / "cli_options.json").read_text(encoding="utf-8"))
CLUS1 = [str(API / "apiclus1.csv"), "--ids", "dnum", "--weights", "pw", "--fpc", "fpc"]


@pytest.mark.parametrize("method", ["logit", "likelihood", "xlogit", "mean", "beta"])
def test_a_share_in_a_domain_takes_every_svyciprop_method_with_the_domains_df(method):
    out = records(run(*CLUS1, "--proportion", "awards", "--by", "stype", "--ci-method", method, "--json"))
    [share] = [r for r in out if r["domain"] == "stype=H" and r["level"] == "Yes"]
    expected = R_OPTIONS[f"ciprop_H_{method}"]
    assert share["estimate"] == pytest.approx(expected["estimate"], rel=1e-12)
    assert share["ci_low"] == pytest.approx(expected["ci_low"], rel=1e-6)
    assert share["ci_high"] == pytest.approx(expected["ci_high"], rel=1e-6)


def test_the_whole_designs_df_is_an_option_and_widens_nothing_it_should_not():
    domain_df = records(run(*CLUS1, "--proportion", "awards", "--by", "stype", "--ci-method", "mean", "--json"))
    design_df = records(run(*CLUS1, "--proportion", "awards", "--by", "stype", "--ci-method", "mean", "--df", "design", "--json"))
    [narrow_h] = [r for r in design_df if r["domain"] == "stype=H" and r["level"] == "Yes"]
    [wide_h] = [r for r in domain_df if r["domain"] == "stype=H" and r["level"] == "Yes"]
    assert narrow_h["estimate"] == wide_h["estimate"]
    assert narrow_h["ci_high"] - narrow_h["ci_low"] < wide_h["ci_high"] - wide_h["ci_low"]  # 14 df against the domain's 7


def test_a_contrast_of_domain_means_has_the_se_of_their_covariance():
    [k] = records(run(*CLUS1, "--by", "stype", "--contrast", "api00:E=1,H=-1", "--json"))
    assert k["statistic"] == "contrast"
    assert k["estimate"] == pytest.approx(R_OPTIONS["contrast_E_H"]["estimate"], rel=1e-10)
    assert k["se"] == pytest.approx(R_OPTIONS["contrast_E_H"]["se"], rel=1e-6)


@pytest.mark.parametrize("calfun, bounds", [("raking", []), ("logit", ["--bounds", "0.7,1.7"])])
def test_calibration_by_raking_or_logit_to_totals_with_a_numeric_variable(calfun, bounds):
    [m] = records(run(*CLUS1, "--calibrate", calfun, "--calibrate-totals", str(OPTIONS / "totals_stype_api99.csv"),
                      "--calibrate-categorical", "stype", "--calibrate-numeric", "api99", *bounds, "--mean", "api00", "--json"))
    assert m["estimate"] == pytest.approx(R_OPTIONS[f"calibrate_{calfun}"]["estimate"], rel=1e-8)
    assert m["se"] == pytest.approx(R_OPTIONS[f"calibrate_{calfun}"]["se"], rel=1e-6)


def test_a_contrast_naming_a_domain_that_is_not_there_exits_1_saying_which():
    result = run(*CLUS1, "--by", "stype", "--contrast", "api00:E=1,X=-1")
    assert result.exit_code == 1
    assert "'X'" in result.output
