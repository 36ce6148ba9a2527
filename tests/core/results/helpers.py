"""Build cycle inputs in tests without going through a file."""
from datetime import date

from parindex.core.inputs.model import CycleInputs, UnitInputs
from parindex.core.units import builtin_units


def inputs_for(values_by_code: dict[str, dict], year: int = 2024) -> CycleInputs:
    """``{"01": {"1.1": {"numerator": 3, "denominator": 4}, ...}, ...}`` → CycleInputs of provinces."""
    units = builtin_units()
    day = date(year, 12, 31)
    return CycleInputs(year, tuple(UnitInputs(units.resolve(code, day, "province"), values)
                                   for code, values in values_by_code.items()))


def full_marks() -> dict:
    return {"1.1": {"numerator": 10, "denominator": 10}, "1.2": {"value": True}, "1.3": {"count": 0}, "2": {"estimate": 1.0}}
