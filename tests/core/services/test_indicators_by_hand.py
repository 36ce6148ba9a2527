"""The 766 index on records small enough to count by hand: every indicator's numerator,
denominator and points, on both sides of its threshold, for a commune, a province (all its units)
and a ministry — computed by the DuckDB engine from Parquet files, scored by the methodology's rules.
"""
from datetime import date, timedelta

import pyarrow as pa
import pytest

from parindex.core.methodology import resolve
from parindex.core.services.engine import DuckDBEngine, Period, score_period
from parindex.core.services.records import DOSSIERS, FEEDBACK, PROCEDURES
from parindex.core.services.store import write_table

METHODOLOGY = resolve("vn-766-2022")
OCTOBER = Period.month("2026-10")
DAY = date(2026, 10, 5)


def dossier(n, unit, level, province, **changes):
    row = {"dossier_id": f"D{n}", "version": 1, "unit": unit, "province": province, "level": level, "agency": f"{unit}-A",
           "procedure": "P-1", "service_level": "partly_online", "channel": "counter", "received_on": DAY,
           "due_on": DAY + timedelta(days=10), "completed_on": DAY + timedelta(days=5), "state": "completed",
           "result_electronic": False, "digitised": False, "reused_data": False, "fee_due": False, "paid_online": False,
           "synced": True, "rated_dislike": False, "official": "CB-1"}
    row.update(changes)
    return row


def feedback(n, unit, level, province, **changes):
    row = {"feedback_id": f"F{n}", "version": 1, "unit": unit, "province": province, "level": level,
           "received_on": DAY, "due_on": DAY + timedelta(days=7), "resolved_on": DAY + timedelta(days=3), "satisfied": True}
    row.update(changes)
    return row


def procedure(key, unit, level, **changes):
    row = {"procedure_key": key, "version": 1, "procedure": key, "unit": unit, "level": level, "announced_on_time": True,
           "published_on_time": True, "fully_disclosed": True, "online_capable": True, "has_fee": False,
           "payment_integrated": False}
    row.update(changes)
    return row


@pytest.fixture
def results(tmp_path):
    # Commune X1 of province P1: five dossiers received in October.
    #   4 of 5 digitised (80 % = full_at → 8 of 8); 3 of 5 reusing data (60 % of full_at 80 → 6 × 0.75 = 4.5)
    #   2 of 5 online (40 % of full_at 50 → 8 × 0.8 = 6.4); 4 of 5 synced (6 × 0.8 = 4.8)
    #   completed in October: 4 (one still processing); on time 3 of 4 (20 × 0.75 = 15)
    #   with an electronic result 2 of 4 (8 × 0.5 = 4); fee due on 2, paid online 1 (50 % = full_at → 6)
    #   satisfaction 5.3: on time and not disliked, 2 of 4 (50 % of full_at 90 → 6 × 50/90)
    x1 = [
        dossier(1, "X1", "commune", "P1", digitised=True, reused_data=True, channel="online", result_electronic=True, fee_due=True, paid_online=True),
        dossier(2, "X1", "commune", "P1", digitised=True, reused_data=True, channel="online", result_electronic=True, fee_due=True,
                rated_dislike=True),
        dossier(3, "X1", "commune", "P1", digitised=True, reused_data=True, completed_on=DAY + timedelta(days=12)),
        dossier(4, "X1", "commune", "P1", digitised=True, synced=False),
        dossier(5, "X1", "commune", "P1", completed_on=None, state="processing"),
    ]
    # Province P1's own agencies: one dossier, late; a September dossier completed in October, on time.
    p1 = [dossier(6, "P1", "province", "P1", completed_on=DAY + timedelta(days=20)),
          dossier(7, "P1", "province", "P1", received_on=date(2026, 9, 28), due_on=date(2026, 10, 8), completed_on=date(2026, 10, 2))]
    ministry = [dossier(8, "M1", "ministry", None, channel="online")]
    write_table(tmp_path, "dossiers", pa.Table.from_pylist(x1 + p1 + ministry, schema=DOSSIERS.schema))
    # Feedback to X1: 4 received; resolved on time 3 (6 × 0.75 = 4.5); not satisfied 1, unknown 1 → 3 of 4 (4.5)
    fb = [feedback(1, "X1", "commune", "P1"), feedback(2, "X1", "commune", "P1", satisfied=False),
          feedback(3, "X1", "commune", "P1", satisfied=None), feedback(4, "X1", "commune", "P1", resolved_on=None)]
    write_table(tmp_path, "feedback", pa.Table.from_pylist(fb, schema=FEEDBACK.schema))
    # P1 announced 4 procedures: on time 3 (6 × 0.75 = 4.5); 2 with a fee, 1 integrated (50 % of 80 → 4 × 0.625 = 2.5)
    catalogue = [procedure("K1", "P1", "province", has_fee=True, payment_integrated=True),
                 procedure("K2", "P1", "province", has_fee=True, online_capable=False),
                 procedure("K3", "P1", "province", announced_on_time=False),
                 procedure("K4", "P1", "province"),
                 procedure("K9", "M1", "ministry", fully_disclosed=False)]
    write_table(tmp_path, "procedures", pa.Table.from_pylist(catalogue, schema=PROCEDURES.schema))
    found = score_period(METHODOLOGY, DuckDBEngine(tmp_path).daily(METHODOLOGY), OCTOBER)
    return {(r.level, r.unit): r for r in found}


def values(result):
    return {v.code: (v.numerator, v.denominator, v.points) for v in result.indicators}


def test_a_communes_indicators_are_its_own_records_and_its_provinces_catalogue(results):
    x1 = values(results["commune", "X1"])
    assert x1["3.2"] == (4, 5, pytest.approx(8.0))  # 80 % = full_at
    assert x1["3.3"] == (3, 5, pytest.approx(4.5))  # 60 % of full_at 80
    assert x1["4.2"] == (2, 5, pytest.approx(6.4))  # 40 % of full_at 50
    assert x1["1.4"] == (4, 5, pytest.approx(4.8))
    assert x1["2.1"] == (3, 4, pytest.approx(15.0))  # the dossier still processing is not yet counted
    assert x1["3.1"] == (2, 4, pytest.approx(4.0))
    assert x1["4.4"] == (1, 2, pytest.approx(6.0))  # 50 % = full_at
    assert x1["5.3"] == (2, 4, pytest.approx(6 * 50 / 90))
    assert x1["5.1"] == (3, 4, pytest.approx(4.5))  # unresolved feedback is not on time
    assert x1["5.2"] == (3, 4, pytest.approx(4.5))  # unrated feedback is not "not satisfied"
    assert x1["1.1"] == (3, 4, pytest.approx(4.5))  # the province's catalogue
    assert x1["4.3"] == (1, 2, pytest.approx(2.5))
    assert x1["4.1"] == (3, 4, pytest.approx(4 * 75 / 80))


def test_a_province_counts_the_records_of_all_its_units(results):
    p1 = values(results["province", "P1"])
    assert p1["3.2"][:2] == (4, 6)  # five of X1 and the province's one received in October (the other in September)
    assert p1["2.1"][:2] == (4, 6)  # completed in October: X1's four, the late one, September's on-time one


def test_a_unit_with_nothing_due_gets_the_rules_full_points(results):
    m1 = values(results["ministry", "M1"])
    assert m1["5.1"] == (0, 0, pytest.approx(6.0))  # no feedback: nothing was due
    assert m1["1.3"] == (0, 1, pytest.approx(0.0))


def test_groups_total_band_and_rank_add_up(results):
    x1 = results["commune", "X1"]
    assert sum(x1.groups.values()) == pytest.approx(x1.total)
    assert x1.groups["2"] == pytest.approx(15.0)
    assert x1.band == METHODOLOGY.group_for(x1.total).code
    assert x1.rank == 1  # alone among communes
