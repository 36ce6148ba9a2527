"""Import of units' inputs: every bad cell named by sheet, row and column; all or nothing."""
import csv

import pytest
import xlsxwriter

from parindex.core.errors import ValidationFailed
from parindex.core.inputs import read_inputs, write_template
from parindex.core.inputs.columns import input_columns
from parindex.core.units import builtin_units

HEADER = ["[unit]", "[unit_name]", "[1.1:numerator]", "[1.1:denominator]", "[1.2:value]", "[1.3:count]", "[2:estimate]"]
GOOD = [["01", "Hà Nội", 8, 10, "có", 0, 0.9], ["31", "Hải Phòng", 5, 10, "không", 1, 0.8]]


def write_xlsx(path, rows, sheet="Nhập liệu"):
    with xlsxwriter.Workbook(str(path)) as book:
        ws = book.add_worksheet(sheet)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    return path


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def problems(path, methodology):
    with pytest.raises(ValidationFailed) as caught:
        read_inputs(path, methodology, 2024)
    return caught.value.problems


def test_a_good_workbook_is_read_with_typed_values(small_methodology, tmp_path):
    inputs = read_inputs(write_xlsx(tmp_path / "in.xlsx", [HEADER, *GOOD]), small_methodology, 2024)
    assert [u.unit.id for u in inputs.units] == ["VN-01", "VN-31"]
    assert inputs.units[0].values["1.1"] == {"numerator": 8.0, "denominator": 10.0}
    assert inputs.units[1].values["1.2"] == {"value": False}
    assert inputs.units[1].values["1.3"] == {"count": 1}


def test_csv_and_xlsx_give_the_same_inputs(small_methodology, tmp_path):
    a = read_inputs(write_xlsx(tmp_path / "in.xlsx", [HEADER, *GOOD]), small_methodology, 2024)
    b = read_inputs(write_csv(tmp_path / "in.csv", [HEADER, *GOOD]), small_methodology, 2024)
    assert a.content_hash == b.content_hash


def test_every_bad_cell_is_reported_with_sheet_row_and_column(small_methodology, tmp_path):
    rows = [HEADER,
            ["01", "", "about 8", 10, "có", 0, 0.9],      # text where a number belongs
            ["Hà Tây", "", 8, 10, "có", 0, 0.9],          # unknown unit
            ["04", "", 8, 10, "có", 0, 1.7],              # over the maximum
            ["06", "", 12, 10, "có", 0, 0.9],             # more done than due
            ["01", "", 8, 10, "có", 0, 0.9]]              # duplicate unit
    found = problems(write_xlsx(tmp_path / "in.xlsx", rows), small_methodology)
    located = [(p.code, p.where.sheet, p.where.row, p.where.column) for p in found]
    assert located == [
        ("bad_value", "Nhập liệu", 2, "C (1.1:numerator)"),
        ("unknown_unit", "Nhập liệu", 3, "A (unit)"),
        ("bad_value", "Nhập liệu", 4, "G (2:estimate)"),
        ("bad_value", "Nhập liệu", 5, "C (1.1:numerator)"),
        ("duplicate_unit", "Nhập liệu", 6, "A (unit)"),
    ]
    assert found[0].expected == "a number ≥ 0" and found[0].got == "about 8"
    assert found[2].expected == "a number from 0 to 1"
    assert "first in row 2" in found[4].title


def test_a_missing_column_is_named_with_its_vietnamese_header(small_methodology, tmp_path):
    header = [h for h in HEADER if h != "[1.2:value]"]
    found = problems(write_csv(tmp_path / "in.csv", [header, ["01", "", 8, 10, 0, 0.9]]), small_methodology)
    assert [(p.code, p.where.row) for p in found] == [("missing_column", 1)]
    assert "1.2 Có/không" in found[0].title and found[0].expected == "a header cell ending in [1.2:value]"


def test_an_unknown_column_key_is_refused_but_plain_note_columns_are_kept_out(small_methodology, tmp_path):
    found = problems(write_csv(tmp_path / "in.csv", [HEADER + ["Ghi chú", "[1.9:points]"], GOOD[0] + ["ok", 1]]),
                     small_methodology)
    assert [(p.code, p.where.column) for p in found] == [("unknown_column", "1.9:points")]


def test_a_failed_import_returns_nothing_even_for_the_good_rows(small_methodology, tmp_path):
    rows = [HEADER, *GOOD, ["04", "", 8, 10, "có", 0, "n/a"]]
    with pytest.raises(ValidationFailed) as caught:
        read_inputs(write_csv(tmp_path / "in.csv", rows), small_methodology, 2024)
    assert len(caught.value.problems) == 1
    assert "in.csv" in caught.value.render() and "row 4" in caught.value.render()


def test_blank_rows_are_skipped_and_blank_cells_mean_no_input(small_methodology, tmp_path):
    rows = [HEADER, ["01", "", "", "", "", "", ""], ["", "", "", "", "", "", ""], ["31", "", "", "", "có", "", ""]]
    inputs = read_inputs(write_csv(tmp_path / "in.csv", rows), small_methodology, 2024)
    assert len(inputs.units) == 2 and inputs.units[0].values["1.1"] == {"numerator": None, "denominator": None}


def test_a_gso_code_typed_as_a_number_is_read_as_the_code(small_methodology, tmp_path):
    rows = [HEADER, [1, "", 8, 10, "có", 0, 0.9]]
    assert read_inputs(write_xlsx(tmp_path / "in.xlsx", rows), small_methodology, 2024).units[0].unit.id == "VN-01"


def test_units_are_resolved_in_the_evaluated_year(small_methodology, tmp_path):
    path = write_csv(tmp_path / "in.csv", [HEADER, ["31", "", 8, 10, "có", 0, 0.9]])
    assert read_inputs(path, small_methodology, 2024).units[0].unit.id == "VN-31"
    assert read_inputs(path, small_methodology, 2025).units[0].unit.id == "VN-31-2025"


def test_unsupported_file_type_is_named(small_methodology, tmp_path):
    (tmp_path / "in.txt").write_text("x")
    with pytest.raises(Exception) as caught:
        read_inputs(tmp_path / "in.txt", small_methodology, 2024)
    assert caught.value.code == "unsupported_file"


def test_generated_template_reads_back_with_its_units(small_methodology, tmp_path):
    units = builtin_units().on(__import__("datetime").date(2025, 12, 31), "province")
    path = write_template(small_methodology, tmp_path / "t.csv", units)
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    rows[1] = rows[1][:2] + ["8"]  # one value typed, so that the file is not an unfilled template
    write_csv(path, rows)
    inputs = read_inputs(path, small_methodology, 2025)
    assert len(inputs.units) == 34 and inputs.units[0].values["1.1"]["numerator"] == 8.0
    assert all(v is None for u in inputs.units[1:] for leaf in u.values.values() for v in leaf.values())


def test_template_headers_are_vietnamese_with_the_key_in_brackets(small_methodology, tmp_path):
    path = write_template(small_methodology, tmp_path / "t.csv")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[2] == "1.1 Tỷ lệ — số đạt [1.1:numerator]"
    assert len(header) == 2 + len(input_columns(small_methodology))
