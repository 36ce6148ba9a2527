"""Who holds a unit's late dossiers: the nearly-due ones counted in working days, and the week's
digest a leader reads — on a few records written by hand."""
from datetime import date

import pyarrow as pa
import pytest

from parindex.core.services.engine import DuckDBEngine, Period
from parindex.core.services.records import DOSSIERS
from parindex.core.services.responsibility import last_week, nearly_due, weekly_digest
from parindex.core.services.store import write_table
from tests.core.services.test_indicators_by_hand import dossier

FRIDAY = date(2026, 10, 23)
OPEN = {"completed_on": None, "state": "processing"}


@pytest.fixture
def engine(tmp_path):
    received = date(2026, 10, 12)
    rows = [
        # X1, a commune of P1: due Monday and Wednesday next week (in 1 and 3 working days), due in 5 working days
        dossier(1, "X1", "commune", "P1", received_on=received, due_on=date(2026, 10, 26), official="CB-1", **OPEN),
        dossier(2, "X1", "commune", "P1", received_on=received, due_on=date(2026, 10, 28), official="CB-2", **OPEN),
        dossier(3, "X1", "commune", "P1", received_on=received, due_on=date(2026, 10, 30), official="CB-3", **OPEN),
        # overdue: still open since 19 October, and completed late on 21 October
        dossier(4, "X1", "commune", "P1", received_on=received, due_on=date(2026, 10, 19), official="CB-4", **OPEN),
        dossier(5, "X1", "commune", "P1", received_on=received, due_on=date(2026, 10, 20), completed_on=date(2026, 10, 21),
                official="CB-5"),
        # X2 of the same province: one overdue since 1 October, one completed late a month ago (not this week)
        dossier(6, "X2", "commune", "P1", received_on=date(2026, 9, 20), due_on=date(2026, 10, 1), official="CB-6", **OPEN),
        dossier(7, "X2", "commune", "P1", received_on=date(2026, 9, 1), due_on=date(2026, 9, 5), completed_on=date(2026, 9, 9)),
        # completed on time: in no list
        dossier(8, "X1", "commune", "P1", received_on=received, due_on=date(2026, 10, 26), completed_on=date(2026, 10, 22)),
    ]
    write_table(tmp_path, "dossiers", pa.Table.from_pylist(rows, schema=DOSSIERS.schema))
    return DuckDBEngine(tmp_path)


def test_nearly_due_counts_working_days_and_skips_the_weekend(engine):
    soon = nearly_due(engine, "commune", "X1", FRIDAY)
    assert soon["dossier_id"].tolist() == ["D1", "D2"]  # Monday and Wednesday; Friday the 30th is 5 working days off
    assert soon["working_days_left"].tolist() == [1, 3]
    assert soon["official"].tolist() == ["CB-1", "CB-2"]


def test_nearly_due_within_more_days_reaches_further(engine):
    assert nearly_due(engine, "commune", "X1", FRIDAY, within=5)["dossier_id"].tolist() == ["D1", "D2", "D3"]


def test_a_dossier_already_overdue_or_completed_is_not_nearly_due(engine):
    assert not {"D4", "D5", "D8"} & set(nearly_due(engine, "commune", "X1", FRIDAY, within=10)["dossier_id"])


def test_a_province_sees_its_communes_nearly_due_dossiers(engine):
    assert set(nearly_due(engine, "province", "P1", FRIDAY)["dossier_id"]) == {"D1", "D2"}


def test_nothing_nearly_due_is_an_empty_frame_with_the_columns(engine):
    soon = nearly_due(engine, "commune", "X9", FRIDAY)
    assert soon.empty and "official" in soon.columns and "working_days_left" in soon.columns


def test_the_week_is_the_seven_days_ending_on_the_day():
    assert last_week(date(2026, 10, 25)) == Period(date(2026, 10, 19), date(2026, 10, 25))


def test_a_provinces_digest_counts_each_unit_worst_first(engine):
    digest = weekly_digest(engine, "province", "P1", date(2026, 10, 25))
    assert [u.unit for u in digest.units] == ["X1", "X2"]
    x1, x2 = digest.units
    assert (x1.overdue, x1.still_open, x1.nearly_due) == (2, 1, 2)  # D4 open, D5 late; D1 and D2 due soon
    assert (x2.overdue, x2.still_open, x2.nearly_due) == (1, 1, 0)  # D6; D7 was late in September
    assert x1.worst["dossier_id"].tolist() == ["D4", "D5"] and x1.worst["official"].tolist() == ["CB-4", "CB-5"]
    assert (digest.overdue, digest.nearly_due) == (3, 2)


def test_the_digest_names_at_most_the_worst_few(engine):
    digest = weekly_digest(engine, "province", "P1", date(2026, 10, 25), worst=1)
    assert [len(u.worst) for u in digest.units] == [1, 1] and digest.units[0].overdue == 2


def test_a_unit_without_late_dossiers_has_an_empty_digest(engine):
    assert weekly_digest(engine, "commune", "X9", date(2026, 10, 25)).units == ()
