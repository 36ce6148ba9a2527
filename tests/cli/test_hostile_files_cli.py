"""Hostile files through the commands an analyst types: exit 1, the place to look on stderr, and no
output file written or changed."""
import csv
import zipfile

import pytest
import xlsxwriter
from click.testing import CliRunner

from parindex.cli.main import cli
from parindex.core.errors import MAX_SHOWN_PROBLEMS
from tests.conftest import DATA

HEADER = ["[unit]", "[1.1:numerator]", "[1.1:denominator]", "[1.2:value]", "[2:estimate]"]
KEPT = b"last year's results, not to be touched"


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.fixture
def out(tmp_path):
    path = tmp_path / "results.json"
    path.write_bytes(KEPT)
    return path


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def wave(path, weights):
    from parindex.core.methodology import load_builtin

    items = load_builtin("vn-par-province-2022").questionnaire("sipas").item_codes
    rows = [["respondent_id", "province", "commune", "w", *items]]
    rows += [[i, "01", f"c{i % 3}", w, *([4] * len(items))] for i, w in enumerate(weights, start=1)]
    path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    return path


def test_survey_import_refuses_bad_weights_by_row_and_column_and_writes_nothing(run, tmp_path):
    stored = tmp_path / "wave.parquet"
    result = run("survey", "import", wave(tmp_path / "w.csv", [100, -1500, 0, "NaN", "inf", "lots"]),
                 "--methodology", "vn-par-province-2022", "--weights", "w", "--out", stored)
    assert result.exit_code == 1
    for row in range(3, 8):
        assert f"dòng {row}, cột 'w': trọng số mẫu trong 'w' không phải số dương" in result.stderr
    assert result.stderr.count("không phải số dương") == 5 and not stored.exists()


def test_survey_estimate_refuses_a_negative_weight(run, tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("h,w,y\na,10,1\na,-1500,3\nb,10,5\n", encoding="utf-8")
    result = run("survey", "estimate", data, "--weights", "w", "--mean", "y")
    assert result.exit_code == 1 and "dòng 3, cột 'w'" in result.stderr and "không phải số dương" in result.stderr


def test_compute_refuses_a_formula_without_a_value_and_leaves_the_results_alone(run, tmp_path, out):
    path = tmp_path / "in.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        ws = book.add_worksheet("Nhập liệu")
        ws.write_row(0, 0, HEADER)
        ws.write_row(1, 0, ["01", None, 10, "có", 0.9])
        ws.write_formula(1, 1, "=C2*0.8")
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"<v>0</v>", b"")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = run("compute", DATA / "valid-small.yaml", "--inputs", path, "--year", "2024", "--out", out)
    assert result.exit_code == 1
    assert "trang tính 'Nhập liệu', dòng 2, cột 'B': công thức =C2*0.8 chưa có giá trị đã tính" in result.stderr
    assert out.read_bytes() == KEPT


def test_compute_notes_each_formula_read_from_its_saved_value(run, tmp_path):
    path = tmp_path / "in.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        ws = book.add_worksheet("Nhập liệu")
        ws.write_row(0, 0, HEADER)
        ws.write_row(1, 0, ["01", None, 10, "có", 0.9])
        ws.write_formula(1, 1, "=C2*0.8", value=8)
    result = run("compute", DATA / "valid-small.yaml", "--inputs", path, "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "note: [formula_cached]" in result.stderr and "row 2, column 'B'" in result.stderr


def test_compute_refuses_numbers_past_every_bound_by_row_and_column(run, tmp_path, out):
    inputs = write_csv(tmp_path / "in.csv", [["01", "1" * 400, 10, "có", 0.9], ["31", 5, "1e400", "có", "NaN"]])
    result = run("compute", DATA / "valid-small.yaml", "--inputs", inputs, "--year", "2024", "--out", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    for where in ["dòng 2, cột '1.1:numerator'", "dòng 3, cột '1.1:denominator'", "dòng 3, cột '2:estimate'"]:
        assert where in result.stderr
    assert result.stderr.count("một số hữu hạn trong giới hạn") == 3 and out.read_bytes() == KEPT


def test_template_refuses_an_alias_bomb_and_writes_no_template(run, tmp_path):
    methodology = tmp_path / "laughs.yaml"
    methodology.write_text("id: x\na: &a [lol, lol, lol]\nb: [*a, *a, *a]\n", encoding="utf-8")
    template = tmp_path / "t.xlsx"
    result = run("template", methodology, "--out", template)
    assert result.exit_code == 1 and f"{methodology} (dòng 2)" in result.stderr and "bí danh" in result.stderr
    assert not template.exists()


def test_a_file_with_hundreds_of_problems_prints_the_first_ones_and_counts_the_rest(run, tmp_path, out):
    inputs = write_csv(tmp_path / "in.csv", [["99", 1, 1, "có", 0.5] for _ in range(300)])
    result = run("compute", DATA / "valid-small.yaml", "--inputs", inputs, "--year", "2024", "--out", out)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 1 + MAX_SHOWN_PROBLEMS + 1
    assert "có 300 lỗi" in lines[0] and lines[-1] == f"  … và {300 - MAX_SHOWN_PROBLEMS:,} lỗi khác."
    assert out.read_bytes() == KEPT
