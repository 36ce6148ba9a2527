"""A province's own units from its registry file (issue 14): communes before and after the merger of
1 July 2025 with their predecessors, compared across the merger as provinces are; a registry with
mistakes is refused whole, each mistake at its row and column."""
import csv
from datetime import date

import pytest

from parindex.core.errors import ValidationFailed
from parindex.core.inputs.registry import read_registry
from parindex.core.units.lineage import carry_forward

HEAD = ["code", "name_vi", "name_en", "kind", "parent", "valid_from", "valid_to", "predecessors"]


def write(path, rows, head=HEAD):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(head)
        writer.writerows(rows)
    return path


def hundred_communes():
    """75 communes of Hải Phòng until 30 June 2025, then 25 formed from three of them each."""
    old = [[f"{i:05d}", f"Xã Cũ {i}", "", "xã", "31", "", "2025-06-30", ""] for i in range(1, 76)]
    new = [[f"{i * 3 - 2:05d}", f"Xã Mới {i}", "", "xã", "31", "2025-07-01", "",
            ";".join(f"{j:05d}" for j in range(i * 3 - 2, i * 3 + 1))] for i in range(1, 26)]
    return old + new


def test_a_registry_of_a_hundred_communes_compares_a_new_commune_with_its_three_predecessors(tmp_path):
    catalogue = read_registry(write(tmp_path / "xa.csv", hundred_communes()), prefix="HP")
    assert len(catalogue.units) == 100 and len(catalogue.lineage) == 75
    new_one = catalogue.resolve("Xã Mới 2", date(2026, 12, 31), "commune")
    assert new_one.id == "HP-00004-2025" and new_one.parent == "VN-31-2025" and new_one.name.en == "Xa Moi 2"
    assert [u.name.vi for u in catalogue.ancestors_on(new_one.id, date(2024, 12, 31))] == ["Xã Cũ 4", "Xã Cũ 5", "Xã Cũ 6"]
    old_values = {catalogue.resolve(f"Xã Cũ {i}", date(2024, 12, 31), "commune").id: 60.0 + i for i in range(1, 76)}
    compared = carry_forward(old_values, date(2024, 12, 31), [new_one.id], catalogue)[new_one.id]
    assert compared.value == pytest.approx((64 + 65 + 66) / 3) and compared.rule == "mean"
    assert "Xã Cũ 4" in compared.explanation.vi


def test_the_same_code_is_two_units_only_one_after_the_other(tmp_path):
    catalogue = read_registry(write(tmp_path / "xa.csv", hundred_communes()), prefix="HP")
    assert catalogue.resolve("00004", date(2024, 1, 1), "commune").name.vi == "Xã Cũ 4"
    assert catalogue.resolve("00004", date(2026, 1, 1), "commune").name.vi == "Xã Mới 2"


def test_a_registry_with_mistakes_is_refused_whole_each_at_its_row_and_column(tmp_path):
    rows = [
        ["S01", "Sở Nội vụ", "Department of Home Affairs", "sở", "", "", "", ""],
        ["S02", "", "", "sở", "", "", "", ""],                       # row 3: no name
        ["S03", "Sở Tài chính", "", "bộ", "", "", "", ""],           # row 4: a kind the registry does not know
        ["S01", "Sở Nội vụ (lặp)", "", "sở", "", "", "", ""],        # row 5: the same code at the same time
        ["X01", "Xã Mới", "", "xã", "99", "2025-07-01", "", "X00"],  # row 6: no parent 99, no predecessor X00
        ["X02", "Xã Khác", "", "xã", "", "1/7/2025", "", ""],        # row 7: not a date
    ]
    with pytest.raises(ValidationFailed) as refused:
        read_registry(write(tmp_path / "so.csv", rows), prefix="HP")
    located = {(p.where.row, p.where.column) for p in refused.value.problems}
    assert {(3, "B"), (4, "D"), (5, "A"), (6, "E"), (6, "H"), (7, "F")} <= located
    said = " ".join(p.sentence("vi") for p in refused.value.problems)
    assert "dòng 4, cột 'D'" in said and "[" not in said


def test_vietnamese_headings_are_read_as_well(tmp_path):
    head = ["Mã", "Tên", "Tên tiếng Anh", "Loại", "Trực thuộc", "Hiệu lực từ", "Hiệu lực đến", "Đơn vị trước"]
    catalogue = read_registry(write(tmp_path / "so.csv", [["S01", "Sở Nội vụ", "", "sở, ban, ngành", "", "", "", ""]], head), prefix="HP")
    assert catalogue.units[0].kind == "department" and catalogue.units[0].id == "HP-S01"
