"""A PAR criterion takes its input from the dossier records of the same unit and year, counted as
the service index counts them — so the annual index and the continuous one never disagree."""
from datetime import date

import pyarrow as pa
import pytest

from parindex.core.errors import ValidationFailed
from parindex.core.inputs.model import CycleInputs, UnitInputs
from parindex.core.methodology import resolve
from parindex.core.services.engine import DuckDBEngine, Period, counts_for_period
from parindex.core.services.link import fill_from_records
from parindex.core.services.records import DOSSIERS
from parindex.core.services.store import write_table
from parindex.core.units import builtin_units
from tests.core.services.test_indicators_by_hand import dossier

PAR = resolve("vn-par-province-2022")
SERVICE = resolve("vn-766-2022")
PROVINCES = builtin_units().on(date(2025, 12, 31), "province")


@pytest.fixture
def store(tmp_path):
    first = PROVINCES[0].id
    may = {"received_on": date(2025, 5, 6), "due_on": date(2025, 5, 16), "completed_on": date(2025, 5, 12)}
    rows = [dossier(1, first, "province", first, **may, digitised=True),
            dossier(2, first, "province", first, **{**may, "completed_on": date(2025, 5, 30)}),  # late
            dossier(3, "X1", "commune", first, **may, digitised=True),
            dossier(4, "M1", "ministry", None, **may),
            dossier(5, first, "province", first, received_on=date(2024, 12, 2), due_on=date(2024, 12, 9),
                    completed_on=date(2024, 12, 5))]  # last year's
    write_table(tmp_path, "dossiers", pa.Table.from_pylist(rows, schema=DOSSIERS.schema))
    return tmp_path


def inputs(values=None):
    units = (UnitInputs(PROVINCES[0], values or {}, row=2), UnitInputs(PROVINCES[1], {}, row=3))
    return CycleInputs(2025, units, source="inputs.csv")


def counts(store, methodology):
    return counts_for_period(methodology, DuckDBEngine(store).daily(methodology), Period.year(2025))


def test_the_criteria_that_count_records_take_the_years_counts_of_the_unit(store):
    filled = fill_from_records(PAR, inputs(), counts(store, PAR))
    first = filled.units[0].values
    assert first["3.2.1"] == {"numerator": 1.0, "denominator": 2.0}  # the province's own agencies, this year
    assert first["3.2.3"] == {"numerator": 1.0, "denominator": 1.0}  # its commune
    assert first["3.3.1"] == {"numerator": 2.0, "denominator": 3.0}
    assert filled.units[1].values == {}  # no record of the second province: it keeps what it entered (nothing)


def test_the_annual_criterion_and_the_service_indicator_count_the_same_records(store):
    par = counts(store, PAR)["province", PROVINCES[0].id]["3.3.1"]
    service = counts(store, SERVICE)["province", PROVINCES[0].id]["3.2"]
    assert par == service == (2, 3)


def test_an_entered_value_the_records_contradict_is_refused_at_its_cell(store):
    with pytest.raises(ValidationFailed) as refused:
        fill_from_records(PAR, inputs({"3.3.1": {"numerator": 3.0, "denominator": 3.0}}), counts(store, PAR))
    [problem] = refused.value.problems
    assert problem.code == "records_disagree"
    assert problem.where.row == 2 and problem.where.column == "3.3.1:numerator"


def test_an_entered_value_equal_to_the_records_is_kept(store):
    filled = fill_from_records(PAR, inputs({"3.3.1": {"numerator": 2.0, "denominator": None}}), counts(store, PAR))
    assert filled.units[0].values["3.3.1"] == {"numerator": 2.0, "denominator": 3.0}
