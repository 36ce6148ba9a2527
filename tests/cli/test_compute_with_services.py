"""``parindex compute --services STORE``: the PAR criteria that count dossier records take the
year's counts from the store, and a typed value the records contradict stops the computation."""
import csv

from click.testing import CliRunner

from parindex.cli.main import cli


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)


def template_with(path, key: str, value: str) -> None:
    """The 2025 template of the 34 provinces with one cell filled: the first province's ``key``."""
    assert run("template", "vn-par-province-2022", "--out", path, "--year", 2025).exit_code == 0
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    column = next(i for i, heading in enumerate(rows[0]) if heading.endswith(f"[{key}]"))
    rows[1][column] = value
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def test_the_records_fill_the_service_criteria_of_every_province(tmp_path):
    store, template, out = tmp_path / "store", tmp_path / "inputs.csv", tmp_path / "results.csv"
    assert run("services", "generate", store, "--dossiers", 5_000, "--communes", 40, "--start", "2025-01-01").exit_code == 0
    template_with(template, "1.1.1:days_late", "0")
    plain = run("compute", "vn-par-province-2022", "--inputs", template, "--year", 2025)
    linked = run("compute", "vn-par-province-2022", "--inputs", template, "--year", 2025, "--services", store, "--out", out)
    assert linked.exit_code == 0, linked.output
    assert linked.output != plain.output  # the records gave points the empty template did not
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows


def test_a_value_the_records_contradict_exits_1_naming_its_cell(tmp_path):
    store, template = tmp_path / "store", tmp_path / "inputs.csv"
    run("services", "generate", store, "--dossiers", 5_000, "--communes", 40, "--start", "2025-01-01")
    template_with(template, "3.3.1:numerator", "999999")
    result = run("compute", "vn-par-province-2022", "--inputs", template, "--year", 2025, "--services", store)
    assert result.exit_code == 1
    assert "3.3.1:numerator" in result.output and "999999" in result.output and "dữ liệu hồ sơ" in result.output
