"""A PAR criterion fed by the dossier records: the annual index takes its service-data inputs from
the same records, counted the same way, as the continuous one — so the two never disagree.

A leaf of any methodology that declares ``records`` is counted over the evaluated year for each
unit of the cycle (a province counts the records of all its units, as the service index does). A
value the unit also entered for such a leaf must be the records' value: a different one is refused
with its row and column, and nothing is computed — the records are the source, and a
disagreement is a question to settle, not to overwrite silently. A unit without any record keeps
what it entered (or no input).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.inputs.model import CycleInputs
from parindex.core.methodology.model import Methodology
from parindex.core.phrases import t


def fill_from_records(methodology: Methodology, inputs: CycleInputs,
                      counts: Mapping[tuple[str, str], Mapping[str, tuple[int, int]]]) -> CycleInputs:
    """``inputs`` with every records leaf's numerator and denominator from ``counts``
    (``engine.counts_for_period`` over the evaluated year)."""
    leaves = [leaf.code for leaf in methodology.leaves() if leaf.records is not None]
    problems, units = [], []
    for unit_inputs in inputs.units:
        found = counts.get((methodology.unit_kind, unit_inputs.unit.id))
        if found is None:
            units.append(unit_inputs)
            continue
        values = {code: dict(v) for code, v in unit_inputs.values.items()}
        for code in leaves:
            numerator, denominator = found.get(code, (0, 0))
            counted = {"numerator": float(numerator), "denominator": float(denominator)}
            entered = values.setdefault(code, {})
            for name, value in counted.items():
                if entered.get(name) is not None and entered[name] != value:
                    problems.append(ParindexError(
                        "records_disagree",
                        t("{unit}: {code} was entered as {entered} but the dossier records give {counted}",
                          unit=unit_inputs.unit.name.vi, code=code, entered=f"{entered[name]:g}", counted=f"{value:g}"),
                        Where(file=inputs.source, row=unit_inputs.row, column=f"{code}:{name}"),
                        expected=t('the value the records give, or an empty cell'), got=entered[name]))
            entered.update(counted)
        units.append(replace(unit_inputs, values=values))
    if problems:
        raise ValidationFailed(inputs.source, problems)
    return replace(inputs, units=tuple(units))
