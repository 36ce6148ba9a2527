import pytest

from parindex.core.errors import ParindexError, ValidationFailed
from parindex.core.inputs.previous import read_previous


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_any_table_with_unit_index_and_year_is_read(tmp_path):
    previous = read_previous(write(tmp_path / "p.csv", "unit,index,year\nHải Phòng,91.87,2023\n30,88.0,2023\n"), "province")
    assert previous.index_by_unit == {"VN-31": 91.87, "VN-30": 88.0}


def test_bad_rows_are_named(tmp_path):
    path = write(tmp_path / "p.csv", "unit,index,year\nHải Phòng,91.87,2023\nAtlantis,80,2023\n01,120,2023\n")
    with pytest.raises(ValidationFailed) as caught:
        read_previous(path, "province")
    assert [(p.code, p.where.row) for p in caught.value.problems] == [("unknown_unit", 3), ("bad_value", 4)]


def test_the_year_must_be_known(tmp_path):
    path = write(tmp_path / "p.csv", "unit,index\n01,90\n")
    with pytest.raises(ParindexError) as caught:
        read_previous(path, "province")
    assert caught.value.code == "missing_year"
    assert read_previous(path, "province", year=2024).reference_day.year == 2024
