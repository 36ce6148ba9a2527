"""Importing a survey wave: every answer checked against the questionnaire, all or nothing, then
stored as Parquet so that millions of rows stay fast to read.

Problems reported with their row (as a spreadsheet shows it, header = row 1) and column: unknown
unit codes, answers outside the scale (and not a "don't know" code), duplicate respondent IDs,
missing design variables, sampling weights that are not a finite number > 0, and columns the
questionnaire needs but the file lacks.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.survey.io import read_survey_data
from parindex.core.survey.questionnaire import Questionnaire
from parindex.core.survey.weights import weight_problems

MAX_PROBLEMS = 200  # enough to see the pattern; the rest are counted


def check_wave(frame: pd.DataFrame, questionnaire: Questionnaire, *, design_columns: Iterable[str] = (),
               known_units: Iterable[str] | None = None, weights: str | None = None,
               source: str = "<wave>") -> list[ParindexError]:
    """Every problem of the wave, in the order a person reads the file. ``weights`` names the
    sampling-weight column: it is a design column, and each of its values must be a finite number > 0."""
    problems: list[ParindexError] = []
    design_columns = list(dict.fromkeys([*design_columns, *([weights] if weights else [])]))

    def add(code, title, row, column, expected, got):
        problems.append(ParindexError(code, title, Where(file=source, row=row, column=column), expected, got))

    needed = [questionnaire.respondent_id, questionnaire.unit_column, *design_columns, *questionnaire.item_codes]
    missing = [c for c in dict.fromkeys(needed) if c not in frame.columns]
    for column in missing:
        add("missing_column", f"column {column!r} is missing", 1, column, "a column for every item, the unit, the respondent ID and the design", None)
    if missing:
        return problems
    ids = frame[questionnaire.respondent_id]
    for i in np.flatnonzero(ids.duplicated(keep="first").to_numpy())[:MAX_PROBLEMS]:
        first = int(np.flatnonzero((ids == ids.iloc[i]).to_numpy())[0]) + 2
        add("duplicate_respondent", f"respondent {ids.iloc[i]!r} appears twice (first in row {first})", int(i) + 2,
            questionnaire.respondent_id, "one row per respondent", ids.iloc[i])
    for column in design_columns:
        for i in np.flatnonzero(frame[column].isna().to_numpy())[:MAX_PROBLEMS]:
            add("missing_design_value", f"design variable {column!r} is missing", int(i) + 2, column, "a value in every row", None)
    if weights:
        problems += weight_problems(frame, weights, source)
    if known_units is not None:
        known = {str(u) for u in known_units}
        units = frame[questionnaire.unit_column].astype(str)
        for i in np.flatnonzero(~units.isin(known).to_numpy())[:MAX_PROBLEMS]:
            add("unknown_unit", f"unknown unit {units.iloc[i]!r}", int(i) + 2, questionnaire.unit_column,
                "a unit code of the cycle", units.iloc[i])
    low, high = questionnaire.scale
    allowed = set(range(low, high + 1)) | set(questionnaire.dont_know)
    for item in questionnaire.item_codes:
        raw = frame[item]
        answers = pd.to_numeric(raw, errors="coerce")
        bad = (raw.notna() & (answers.isna() | ~answers.isin(allowed))).to_numpy()
        for i in np.flatnonzero(bad)[:MAX_PROBLEMS]:
            add("out_of_scale", f"answer to {item!r} is not on the scale", int(i) + 2, item,
                f"{low}–{high}" + (f" or {', '.join(map(str, questionnaire.dont_know))} (don't know)" if questionnaire.dont_know else ""),
                raw.iloc[i])
        if len(problems) > MAX_PROBLEMS:
            break
    return problems[:MAX_PROBLEMS]


def import_wave(path: str | Path, questionnaire: Questionnaire, out: str | Path, *, design_columns: Iterable[str] = (),
                known_units: Iterable[str] | None = None, weights: str | None = None) -> pd.DataFrame:
    """Read, check and store a wave. On any problem nothing is written and every problem is listed."""
    out = Path(out)
    if out.suffix.lower() != ".parquet":
        raise ParindexError("unsupported_file", "waves are stored as Parquet", Where(file=str(out)), expected=".parquet", got=out.suffix)
    frame = read_survey_data(path)
    problems = check_wave(frame, questionnaire, design_columns=list(design_columns), known_units=known_units,
                          weights=weights, source=str(path))
    if problems:
        raise ValidationFailed(str(path), problems)
    partial = out.with_name(f".{out.stem}.partial.parquet")
    try:
        frame.to_parquet(partial, index=False)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return frame
