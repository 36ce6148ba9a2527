"""Sampling weights must be finite numbers above zero: each bad one is named by row and column, on
import and wherever a design is built, and nothing is written."""
import pandas as pd
import pytest
import xlsxwriter

from parindex.core.errors import ValidationFailed
from parindex.core.methodology import load_builtin
from parindex.core.survey import Design, from_columns
from parindex.core.survey.responses import import_wave

BAD_WEIGHTS = ["-1500", "0", "NaN", "inf", "many"]


@pytest.fixture(scope="module")
def sipas():
    return load_builtin("vn-par-province-2022").questionnaire("sipas")


def write_wave(path, questionnaire, weights):
    header = ["respondent_id", "province", "commune", "w", *questionnaire.item_codes]
    rows = [[i, "01", f"c{i % 3}", w, *([4] * len(questionnaire.item_codes))] for i, w in enumerate(weights, start=1)]
    path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_every_bad_weight_is_refused_with_its_row_and_column(sipas, tmp_path):
    out = tmp_path / "wave.parquet"
    wave = write_wave(tmp_path / "wave.csv", sipas, ["100", *BAD_WEIGHTS, "2.5"])
    with pytest.raises(ValidationFailed) as caught:
        import_wave(wave, sipas, out, weights="w")
    found = [(p.code, p.where.file, p.where.row, p.where.column, p.got) for p in caught.value.problems]
    assert found == [("bad_weight", str(wave), row, "w", got) for row, got in zip(range(3, 8), BAD_WEIGHTS)]
    assert caught.value.problems[0].expected.startswith("a finite number greater than 0")
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["wave.csv"]


def test_numeric_bad_weights_are_named_as_the_numbers_typed(sipas, tmp_path):
    wave = write_wave(tmp_path / "wave.csv", sipas, [100, -1500, 0, 3])
    with pytest.raises(ValidationFailed) as caught:
        import_wave(wave, sipas, tmp_path / "wave.parquet", weights="w")
    assert [(p.where.row, p.got) for p in caught.value.problems] == [(3, -1500), (4, 0)]


def test_an_empty_weight_is_reported_once_as_a_missing_design_value(sipas, tmp_path):
    wave = write_wave(tmp_path / "wave.csv", sipas, [100, "", 3])
    with pytest.raises(ValidationFailed) as caught:
        import_wave(wave, sipas, tmp_path / "wave.parquet", weights="w")
    assert [(p.code, p.where.row) for p in caught.value.problems] == [("missing_design_value", 3)]


def test_an_existing_wave_file_is_left_as_it_was(sipas, tmp_path):
    out = tmp_path / "wave.parquet"
    out.write_bytes(b"the wave imported last week")
    with pytest.raises(ValidationFailed):
        import_wave(write_wave(tmp_path / "wave.csv", sipas, [100, -1]), sipas, out, weights="w")
    assert out.read_bytes() == b"the wave imported last week"


def test_good_weights_import(sipas, tmp_path):
    frame = import_wave(write_wave(tmp_path / "wave.csv", sipas, [100, 2.5, "1e3"]), sipas, tmp_path / "w.parquet", weights="w")
    assert len(frame) == 3 and (tmp_path / "w.parquet").exists()


@pytest.mark.parametrize("bad", [-1500, 0, float("inf"), "many"])
def test_a_design_refuses_a_bad_weight_with_its_row(bad):
    data = pd.DataFrame({"w": pd.Series([10, bad, 5], dtype=object), "y": [1, 2, 3]})
    with pytest.raises(ValidationFailed) as caught:
        Design.from_frame(data, weights="w", source="wave.parquet")
    [problem] = caught.value.problems
    assert (problem.code, problem.where.file, problem.where.row, problem.where.column) == ("bad_weight", "wave.parquet", 3, "w")


def test_a_design_reports_nan_in_the_weights_as_missing():
    data = pd.DataFrame({"w": [10.0, float("nan"), 5.0], "y": [1, 2, 3]})
    with pytest.raises(Exception) as caught:
        Design.from_frame(data, weights="w", source="wave.parquet")
    assert (caught.value.code, caught.value.where.row, caught.value.where.column) == ("missing_design_value", 3, "w")


def test_replicate_designs_check_the_full_sample_weights():
    data = pd.DataFrame({"w": [10.0, -3.0], "rep1": [0.0, 20.0], "rep2": [20.0, 0.0], "y": [1, 2]})
    with pytest.raises(ValidationFailed) as caught:
        from_columns(data, "w", "rep", "JK1", source="wave.csv")
    assert [(p.code, p.where.row, p.where.column) for p in caught.value.problems] == [("bad_weight", 3, "w")]


def test_a_wave_workbook_declaring_a_million_rows_is_refused_before_reading(sipas, tmp_path):
    import zipfile

    wave, out = tmp_path / "wave.xlsx", tmp_path / "wave.parquet"
    with xlsxwriter.Workbook(str(wave)) as book:
        book.add_worksheet("wave").write_row(0, 0, ["respondent_id", "province", "w"])
    with zipfile.ZipFile(wave) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b'ref="A1:C1"', b'ref="A1:C1048576"')
    with zipfile.ZipFile(wave, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(Exception) as caught:
        import_wave(wave, sipas, out, weights="w")
    assert (caught.value.code, caught.value.where.file, caught.value.where.sheet) == ("sheet_too_large", str(wave), "wave")
    assert not out.exists()
