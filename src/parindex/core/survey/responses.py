"""Importing a survey wave: every answer checked against the questionnaire, all or nothing, then
stored as Parquet so that millions of rows stay fast to read.

Problems reported with their row (as a spreadsheet shows it, header = row 1) and column: unknown
unit codes, answers outside the scale (and not a "don't know" code), duplicate respondent IDs,
missing design variables, sampling weights that are not a finite number > 0, and columns the
questionnaire needs but the file lacks.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from parindex.core.cells import SafeCsvWriter, open_workbook
from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.phrases import t
from parindex.core.survey.io import read_survey_data
from parindex.core.survey.questionnaire import Questionnaire
from parindex.core.survey.weights import weight_problems

MAX_PROBLEMS = 200  # enough to see the pattern; the rest are counted
# Column names that usually hold sampling weights (English, Vietnamese, and the common short forms).
WEIGHT_NAMES = re.compile(r"^(w|wt|wgt|weights?|pw|pweight|final_?weight|trong_?so|quyen_?so|he_?so_?(suy_?rong|gia_?quyen))$", re.I)


def likely_weight_columns(columns: Iterable[str]) -> list[str]:
    """Columns whose name says they are sampling weights.

    >>> likely_weight_columns(["respondent_id", "province", "trong_so", "a1"])
    ['trong_so']
    """
    return [str(c) for c in columns if WEIGHT_NAMES.match(str(c).strip())]


def check_wave(frame: pd.DataFrame, questionnaire: Questionnaire, *, design_columns: Iterable[str] = (),
               known_units: Iterable[str] | None = None, weights: str | None = None,
               source: str = "<wave>", unweighted: bool = True) -> list[ParindexError]:
    """Every problem of the wave, in the order a person reads the file. ``weights`` names the
    sampling-weight column: it is a design column, and each of its values must be a finite number > 0.
    With ``unweighted=False`` a wave without ``weights`` whose file has a column that looks like
    weights is refused: estimates that silently ignore the weights would be wrong."""
    problems: list[ParindexError] = []
    if not weights and not unweighted:
        for column in likely_weight_columns(frame.columns):
            problems.append(ParindexError("unused_weights",
                                          t("column '{column}' looks like sampling weights, but no weight column was chosen", column=column),
                                          Where(file=source, row=1, column=column),
                                          t('the weight column chosen, or the wave declared unweighted (every respondent counts the same)'),
                                          column))
    design_columns = list(dict.fromkeys([*design_columns, *([weights] if weights else [])]))

    def add(code, title, row, column, expected, got):
        problems.append(ParindexError(code, title, Where(file=source, row=row, column=column), expected, got))

    needed = [questionnaire.respondent_id, questionnaire.unit_column, *design_columns, *questionnaire.item_codes]
    missing = [c for c in dict.fromkeys(needed) if c not in frame.columns]
    for column in missing:
        add("missing_column", t("column '{column}' is missing", column=column), 1, column,
            t('a column for every item, the unit, the respondent ID and the design'), None)
    if missing:
        return problems
    ids = frame[questionnaire.respondent_id]
    for i in np.flatnonzero(ids.duplicated(keep="first").to_numpy())[:MAX_PROBLEMS]:
        first = int(np.flatnonzero((ids == ids.iloc[i]).to_numpy())[0]) + 2
        add("duplicate_respondent", t("respondent '{value}' appears twice (first in row {first})", value=ids.iloc[i], first=first), int(i) + 2,
            questionnaire.respondent_id, t('one row per respondent'), ids.iloc[i])
    for column in design_columns:
        for i in np.flatnonzero(frame[column].isna().to_numpy())[:MAX_PROBLEMS]:
            add("missing_design_value", t("design variable '{column}' is missing", column=column), int(i) + 2, column,
                t('a value in every row'), None)
    if weights:
        problems += weight_problems(frame, weights, source)
    if known_units is not None:
        known = {str(u) for u in known_units}
        units = frame[questionnaire.unit_column].astype(str)
        for i in np.flatnonzero(~units.isin(known).to_numpy())[:MAX_PROBLEMS]:
            add("unknown_unit", t("unknown unit '{value}'", value=units.iloc[i]), int(i) + 2, questionnaire.unit_column,
                t('a unit code of the cycle'), units.iloc[i])
    low, high = questionnaire.scale
    allowed = set(range(low, high + 1)) | set(questionnaire.dont_know)
    for item in questionnaire.item_codes:
        raw = frame[item]
        answers = pd.to_numeric(raw, errors="coerce")
        bad = (raw.notna() & (answers.isna() | ~answers.isin(allowed))).to_numpy()
        for i in np.flatnonzero(bad)[:MAX_PROBLEMS]:
            add("out_of_scale", t("answer to '{item}' is not on the scale", item=item), int(i) + 2, item,
                t("{low}–{high} or {dont_know} (don't know)", low=low, high=high, dont_know=", ".join(map(str, questionnaire.dont_know)))
                if questionnaire.dont_know else t("{low}–{high}", low=low, high=high),
                raw.iloc[i])
        if len(problems) > MAX_PROBLEMS:
            break
    return problems[:MAX_PROBLEMS]


def import_wave(path: str | Path, questionnaire: Questionnaire, out: str | Path, *, design_columns: Iterable[str] = (),
                known_units: Iterable[str] | None = None, weights: str | None = None, unweighted: bool = True) -> pd.DataFrame:
    """Read, check and store a wave. On any problem nothing is written and every problem is listed."""
    out = Path(out)
    if out.suffix.lower() != ".parquet":
        raise ParindexError("unsupported_file", t('waves are stored as Parquet'), Where(file=str(out)), expected=t('.parquet'), got=out.suffix)
    frame = read_survey_data(path)
    problems = check_wave(frame, questionnaire, design_columns=list(design_columns), known_units=known_units,
                          weights=weights, source=str(path), unweighted=unweighted)
    if problems:
        raise ValidationFailed(str(path), problems)
    partial = out.with_name(f".{out.stem}.partial.parquet")
    try:
        frame.to_parquet(partial, index=False)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return frame


# -- the template a survey team fills ----------------------------------------------------------------

DESIGN_GUIDE = (
    ("w", "Trọng số mẫu (số > 0): số người trong tổng thể mà người trả lời đại diện",
     "Sampling weight (a number > 0): how many people of the population the respondent stands for"),
    ("stratum", "Tầng (nếu mẫu phân tầng)", "Stratum (if the sample is stratified)"),
    ("commune", "Cụm giai đoạn 1, ví dụ xã/phường (nếu mẫu chọn theo cụm)",
     "First-stage cluster, e.g. the commune (if the sample is clustered)"),
    ("fpc", "Tổng số cụm trong tầng, để hiệu chỉnh tổng thể hữu hạn (nếu có)",
     "Number of clusters in the stratum, for the finite population correction (if known)"),
)


def wave_guide(questionnaire: Questionnaire) -> list[tuple[str, str, str]]:
    """Every column of a wave file — (name, what it holds in Vietnamese, in English) — in file order:
    the respondent, the unit, each item with its answers, then the usual design columns."""
    low, high = questionnaire.scale
    answers_vi = f"câu trả lời {low}–{high}" + (f"; {', '.join(map(str, questionnaire.dont_know))} = không biết" if questionnaire.dont_know else "")
    answers_en = f"answer {low}–{high}" + (f"; {', '.join(map(str, questionnaire.dont_know))} = don't know" if questionnaire.dont_know else "")
    items = [i for e in questionnaire.elements for i in e.items] + list(questionnaire.expectations)
    return [(questionnaire.respondent_id, "Mã người trả lời (không trùng)", "Respondent ID (unique)"),
            (questionnaire.unit_column, "Mã đơn vị được đánh giá", "Code of the unit assessed"),
            *[(i.code, f"{i.text.vi} — {answers_vi}", f"{i.text.en} — {answers_en}") for i in items],
            *DESIGN_GUIDE]


def write_wave_template(path: str | Path, questionnaire: Questionnaire) -> Path:
    """The header a wave file must have (CSV), or that header and the column guide (XLSX)."""
    path = Path(path)
    columns = [name for name, _, _ in wave_guide(questionnaire)]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            SafeCsvWriter(f).writerow(columns)
        return path
    book = open_workbook(path)
    book.add_worksheet("Dữ liệu").write_row(0, 0, columns, book.add_format({"bold": True}))
    guide = book.add_worksheet("Hướng dẫn")
    guide.write_row(0, 0, ["Cột / Column", "Tiếng Việt", "English"], book.add_format({"bold": True}))
    for r, line in enumerate(wave_guide(questionnaire), start=1):
        guide.write_row(r, 0, line)
    guide.set_column(1, 2, 70)
    book.close()
    return path
