import json

import pytest
from python_calamine import CalamineWorkbook

from parindex.core.errors import ParindexError
from parindex.core.results import compute_cycle
from tests.core.results.helpers import full_marks, inputs_for


@pytest.fixture
def results(small_methodology):
    weak = full_marks() | {"1.2": {"value": False}}
    return compute_cycle(small_methodology, inputs_for({"01": full_marks(), "31": weak}))


def test_unit_frame_is_the_ranking(results):
    frame = results.to_frame()
    assert list(frame["unit_code"]) == ["01", "31"]
    assert list(frame["index"]) == [100, 80]
    assert {"appraisal_points", "survey_points", "total", "group", "area_1", "area_2"} <= set(frame.columns)


def test_node_frame_has_every_node_of_every_unit_with_its_reason(results, small_methodology):
    frame = results.to_frame("node")
    assert len(frame) == 2 * len(list(small_methodology.walk()))
    row = frame[(frame.unit_code == "31") & (frame.code == "1.2")].iloc[0]
    assert row.points == 0 and row.explanation_en == "requirement: no → 0.0 of 2.0"


def test_csv_and_json_carry_the_same_figures(results, tmp_path):
    results.write(tmp_path / "r.csv")
    results.write(tmp_path / "r.json")
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("rank,unit_id,unit_code")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [u["index"] for u in data["units"]] == [100, 80]
    assert data["units"][1]["nodes"]["1.2"]["explanation"]["vi"] == "yêu cầu: không → 0,0 trên 2,0"
    assert data["provenance"]["methodology_id"] == "test-small"


def test_xlsx_is_laid_out_like_the_published_table(results, tmp_path):
    results.write(tmp_path / "r.xlsx")
    book = CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    assert book.sheet_names == ["Xếp hạng", "Lĩnh vực", "Chi tiết", "Dữ liệu", "Nguồn gốc"]
    rows = book.get_sheet_by_name("Xếp hạng").to_python()
    header = rows[2]
    assert header[:6] == ["Xếp hạng\nRank", "Đơn vị\nUnit", "Điểm thẩm định\nAppraisal points",
                          "Điểm điều tra XHH\nSurvey points", "Tổng điểm\nTotal points", "Chỉ số (%)\nIndex (%)"]
    assert rows[3][:6] == [1, "Hà Nội", 6, 4, 10, 100]
    assert rows[4][1] == "Hải Phòng" and rows[4][5] == 80


def test_unknown_suffix_is_refused_and_nothing_is_written(results, tmp_path):
    with pytest.raises(ParindexError, match="xlsx, .csv, .json or .parquet"):
        results.write(tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_existing_file_untouched(results, tmp_path, monkeypatch):
    target = tmp_path / "r.csv"
    target.write_text("previous results", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setitem(__import__("parindex.core.results.export", fromlist=["WRITERS"]).WRITERS, ".csv", broken)
    with pytest.raises(OSError):
        results.write(target)
    assert target.read_text(encoding="utf-8") == "previous results"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_parquet_holds_the_node_table(results, tmp_path):
    import pandas as pd

    results.write(tmp_path / "r.parquet")
    frame = pd.read_parquet(tmp_path / "r.parquet")
    assert len(frame) == len(results.to_frame("node"))
    assert frame[(frame.unit_code == "31") & (frame.code == "1.2")].iloc[0].points == 0


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
def test_every_results_file_reads_back_as_previous_results(results, tmp_path, suffix):
    from parindex.core.inputs.previous import read_previous

    results.write(tmp_path / f"r{suffix}")
    previous = read_previous(tmp_path / f"r{suffix}", "province")
    assert previous.index_by_unit == {"VN-01": 100, "VN-31": 80}
    assert previous.reference_day.year == 2024
