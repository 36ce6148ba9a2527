"""Where a unit lost its points, who holds its overdue dossiers, and how it moved since last month —
on records counted by hand."""
from datetime import date

import pyarrow as pa
import pytest

from parindex.core.services.engine import DuckDBEngine, Period, breakdown, overdue, score_period, with_previous
from parindex.core.services.records import DOSSIERS
from parindex.core.services.store import write_table
from tests.core.services.test_indicators_by_hand import METHODOLOGY, dossier

OCTOBER = Period.month("2026-10")


@pytest.fixture
def engine(tmp_path):
    rows = [
        # X1: procedure A on time twice, procedure B late once and still processing past due once
        dossier(1, "X1", "commune", "P1", procedure="A", completed_on=date(2026, 10, 8)),
        dossier(2, "X1", "commune", "P1", procedure="A", completed_on=date(2026, 10, 9)),
        dossier(3, "X1", "commune", "P1", procedure="B", agency="X1-other", due_on=date(2026, 10, 10),
                completed_on=date(2026, 10, 14), official="CB-7"),
        dossier(4, "X1", "commune", "P1", procedure="B", due_on=date(2026, 10, 20), completed_on=None, state="processing",
                official="CB-9"),
        # X2 of the same province: late in September only
        dossier(5, "X2", "commune", "P1", received_on=date(2026, 9, 1), due_on=date(2026, 9, 5), completed_on=date(2026, 9, 9)),
    ]
    write_table(tmp_path, "dossiers", pa.Table.from_pylist(rows, schema=DOSSIERS.schema))
    return DuckDBEngine(tmp_path)


def test_the_breakdown_by_procedure_shows_which_procedure_lost_the_points(engine):
    table = breakdown(engine, METHODOLOGY, "procedure", "commune", "X1", OCTOBER)
    on_time = table[table["indicator"] == "2.1"].set_index("procedure")
    assert on_time.loc["A", ["numerator", "denominator"]].tolist() == [2, 2]
    assert on_time.loc["B", ["numerator", "denominator"]].tolist() == [0, 1]  # the processing one is not yet counted
    assert on_time.index[0] == "B"  # worst first


def test_the_breakdown_by_agency_counts_each_receiving_agency(engine):
    table = breakdown(engine, METHODOLOGY, "agency", "commune", "X1", OCTOBER)
    received = table[table["indicator"] == "1.4"].set_index("agency")["denominator"].to_dict()
    assert received == {"X1-A": 3, "X1-other": 1}


def test_overdue_dossiers_come_with_their_official_most_overdue_first(engine):
    late = overdue(engine, "commune", "X1", OCTOBER)
    assert late["dossier_id"].tolist() == ["D4", "D3"]
    assert late["days_overdue"].tolist() == [11, 4]  # 20 → 31 October; 10 → 14 October
    assert late["official"].tolist() == ["CB-9", "CB-7"]


def test_a_province_sees_the_overdue_dossiers_of_all_its_units_in_the_period(engine):
    assert set(overdue(engine, "province", "P1", OCTOBER)["dossier_id"]) == {"D3", "D4"}  # X2's was in September
    assert overdue(engine, "province", "P1", Period.month("2026-09"))["dossier_id"].tolist() == ["D5"]


def test_the_change_on_last_month_is_the_difference_of_the_totals(engine):
    daily = engine.daily(METHODOLOGY)
    october = score_period(METHODOLOGY, daily, OCTOBER)
    september = score_period(METHODOLOGY, daily, OCTOBER.previous())
    compared = {(r.level, r.unit): r for r in with_previous(october, september)}
    p1 = compared["province", "P1"]
    before = next(r for r in september if r.unit == "P1")
    assert p1.previous_total == before.total and p1.change == pytest.approx(p1.total - before.total)
    assert compared["commune", "X1"].previous_total is None  # X1 had no records in September


@pytest.mark.parametrize("period, before", [
    (Period.month("2026-01"), Period(date(2025, 12, 1), date(2025, 12, 31))),
    (Period(date(2026, 7, 1), date(2026, 9, 30)), Period(date(2026, 4, 1), date(2026, 6, 30))),
    (Period(date(2026, 10, 2), date(2026, 10, 31)), Period(date(2026, 9, 2), date(2026, 10, 1))),
])
def test_the_previous_period_is_the_same_months_or_days_just_before(period, before):
    assert period.previous() == before
