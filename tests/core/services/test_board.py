"""The board keeps the dashboard's periods as the engine scores them, ends them on the last day with
records, knows when an ingest has made it stale, and ranks communes within their province."""
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from parindex.core.methodology import resolve
from parindex.core.results.ranking import rank
from parindex.core.services import aggregates, board
from parindex.core.services.engine import DuckDBEngine, Period, breakdown, score_periods, with_previous
from parindex.core.services.generator import Units, generate
from parindex.core.services.ingest import ingest
from parindex.core.services.store import files

METHODOLOGY = resolve("vn-766-2022")
START, DAYS = date(2026, 1, 1), 100  # received until 10 April 2026
LAST = date(2026, 4, 10)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("services")
    generate(root, Units.vietnam(communes=60), START, DAYS, 12_000, seed=17)
    return root


@pytest.fixture(scope="module")
def built(store):
    return board.build(store, METHODOLOGY)


def scored(store, periods):
    return score_periods(METHODOLOGY, aggregates.daily_from_store(store, METHODOLOGY), periods)


def test_the_periods_end_on_the_last_day_dossiers_were_received_not_today(built):
    assert built.last_day == LAST
    month, before = built.period("month")
    assert (month, before) == (Period.month("2026-04"), Period.month("2026-03"))
    assert built.period("year") == (Period(date(2026, 1, 1), LAST), Period(date(2025, 1, 1), date(2025, 4, 10)))
    assert built.period("rolling")[0] == Period(date(2026, 3, 12), LAST)
    assert built.months == ["2026-01", "2026-02", "2026-03", "2026-04"]


@pytest.mark.parametrize("key", board.PERIODS)
def test_each_period_holds_what_the_engine_scores(store, built, key):
    current, previous = built.period(key)
    results = scored(store, [current, previous])
    expected = with_previous(results[current], results[previous] if previous.start >= START else [])
    table = built.table(key)
    assert table.num_rows == len(expected) > 90
    for r in expected:
        row = built.unit(key, r.level, r.unit)
        assert (row["total"], row["band"], row["rank"]) == (r.total, r.band, r.rank), r.unit
        assert (row["previous_total"], row["previous_rank"]) == (r.previous_total, r.previous_rank)
        assert {code: row[f"group_{code}"] for code in r.groups} == r.groups
        for v in r.indicators:
            assert (row[f"{v.code}_numerator"], row[f"{v.code}_denominator"], row[f"{v.code}_points"]) == (v.numerator, v.denominator, v.points)


def test_the_last_month_is_compared_with_the_month_before(store, built):
    results = scored(store, [Period.month("2026-02")])[Period.month("2026-02")]
    row = built.standings("last_month", "province")[0]
    before = next(r for r in results if r.unit == row["unit"] and r.level == "province")
    assert (row["previous_total"], row["previous_rank"]) == (before.total, before.rank)


def test_a_period_is_not_compared_with_one_before_the_records_began(built):
    assert built.period("year")[1].start < START  # the same days of 2025: only the catalogue would count there
    assert all(r["previous_total"] is None and r["previous_rank"] is None for r in built.standings("year", "province"))
    assert all(r["previous_rank"] is not None for r in built.standings("month", "province"))


def test_standings_are_best_first_and_communes_are_ranked_within_their_province(built):
    provinces = built.standings("month", "province")
    assert [r["rank"] for r in provinces] == sorted(r["rank"] for r in provinces) and len(provinces) == 34
    province = next(r["province"] for r in built.standings("month", "commune") if r["province"])
    communes = built.standings("month", "commune", province)
    assert communes and {r["province"] for r in communes} == {province}
    assert [r["province_rank"] for r in communes] == rank([r["total"] for r in communes], "min", 2)
    assert built.count("month", "commune", province) == len(communes)
    assert built.provinces_of_communes("month") == ["VN-01"]  # the first 60 communes of the catalogue are Hà Nội's


def test_the_trend_is_each_months_score(store, built):
    months = [Period.month(m) for m in built.months]
    results = scored(store, months)
    unit = built.standings("month", "province")[0]["unit"]
    trend = built.trend("province", unit)
    assert [t["month"] for t in trend] == built.months
    for period, point in zip(months, trend):
        mine = next(r for r in results[period] if r.level == "province" and r.unit == unit)
        assert (point["total"], point["rank"], point["band"]) == (mine.total, mine.rank, mine.band)
        assert point["ranked"] == sum(r.level == "province" for r in results[period])


def test_a_built_board_is_in_step_and_loads_without_computing(store, built):
    assert not board.stale(store, METHODOLOGY)
    assert board.load(store, METHODOLOGY.id).folder == built.folder
    assert board.refresh(store, METHODOLOGY).folder == built.folder


def test_an_ingest_makes_it_stale_and_a_refresh_builds_it_again_from_the_new_records(tmp_path):
    root = tmp_path / "store"
    generate(root, Units.vietnam(communes=10), START, DAYS, 3_000, seed=5)
    first = board.refresh(root, METHODOLOGY)
    late = pq.ParquetFile(files(root, "dossiers")[-1]).read().slice(0, 40)
    late = late.set_column(0, "dossier_id", pc.binary_join_element_wise(late["dossier_id"], pa.scalar("-new"), ""))
    late = late.set_column(late.schema.get_field_index("received_on"), "received_on",
                           pa.array([date(2026, 4, 20)] * late.num_rows, pa.date32()))
    late = late.set_column(late.schema.get_field_index("due_on"), "due_on", pa.array([date(2026, 5, 4)] * late.num_rows, pa.date32()))
    late = late.set_column(late.schema.get_field_index("completed_on"), "completed_on", pa.nulls(late.num_rows, pa.date32()))
    late = late.set_column(late.schema.get_field_index("state"), "state", pa.array(["processing"] * late.num_rows))
    pq.write_table(late, tmp_path / "batch.parquet")
    ingest(root, [tmp_path / "batch.parquet"])
    assert board.stale(root, METHODOLOGY)
    assert board.load(root, METHODOLOGY.id).last_day == LAST  # still the old build until refreshed
    second = board.refresh(root, METHODOLOGY)
    assert second.folder != first.folder and second.last_day == date(2026, 4, 20) and not board.stale(root, METHODOLOGY)
    assert first.folder.is_dir(), "the build before stays for a reader still in it"
    third = board.build(root, METHODOLOGY)
    assert not first.folder.exists() and second.folder.is_dir() and third.folder.is_dir()


def test_a_store_without_records_has_no_board(tmp_path):
    assert board.refresh(tmp_path, METHODOLOGY) is None
    assert board.load(tmp_path, METHODOLOGY.id) is None


def test_points_lost_are_shared_among_procedures_by_their_missed_dossiers(store, built):
    row = max(built.standings("month", "province"), key=lambda r: r["rank"])
    unit = built.unit("month", "province", row["unit"])
    lost = built.procedures(METHODOLOGY, "month", "province", row["unit"])
    assert lost and lost == sorted(lost, key=lambda r: -r["points_lost"])[:len(lost)]
    by_indicator: dict[str, float] = {}
    for r in lost:
        by_indicator[r["indicator"]] = by_indicator.get(r["indicator"], 0.0) + r["points_lost"]
        assert r["missed"] == r["denominator"] - r["numerator"] > 0
    leaves = {leaf.code: leaf.max_points for leaf in METHODOLOGY.leaves()}
    for code, points in by_indicator.items():
        assert points == pytest.approx(leaves[code] - unit[f"{code}_points"])
    month, _ = built.period("month")
    frame = breakdown(DuckDBEngine(store), METHODOLOGY, "procedure", "province", row["unit"], month)
    assert set(frame["procedure"]) >= {r["procedure"] for r in lost}
    assert built.procedures(METHODOLOGY, "month", "province", row["unit"], top=3) == lost[:3]  # kept in the build
    assert (built.folder / "procedures" / "month" / "province" / f"{row['unit']}.parquet").is_file()


def test_a_unit_without_records_in_the_period_has_no_row_and_loses_nothing(built):
    assert built.unit("month", "province", "VN-99") is None
    assert built.procedures(METHODOLOGY, "month", "province", "VN-99") == []
