"""Sampling weights are checked before anything uses them.

A weight is how many people of the population a respondent stands for, so it must be a finite
number above zero. A weight of -1500 or 0 (a typing slip, a placeholder) or a ``NaN`` / ``inf`` /
text cell would not fail any estimator: it would quietly move every index computed from the wave.
Every bad cell is reported with its row (as a spreadsheet shows it, header = row 1) and column.

>>> import pandas as pd
>>> [(e.where.row, e.got) for e in weight_problems(pd.DataFrame({"w": [10, -1500, 3]}), "w")]
[(3, -1500)]
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t

MAX_PROBLEMS = 200  # as for the other checks of a wave: enough to see the pattern
EXPECTED = t("a finite number greater than 0 (how many people the respondent stands for)")


def weight_problems(frame: pd.DataFrame, column: str, source: str = "<data>") -> list[ParindexError]:
    """One problem per filled cell of ``column`` that is not a finite number > 0.

    Empty cells are left to the missing-design-value check, so that a blank is reported once.
    """
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        bad = raw.notna().to_numpy() & ~(np.isfinite(values) & (values > 0))
    return [ParindexError("bad_weight", t("sampling weight in '{column}' is not a positive number", column=column),
                          Where(file=source, row=int(i) + 2, column=column), EXPECTED, _plain(raw.iloc[i]))
            for i in np.flatnonzero(bad)[:MAX_PROBLEMS]]


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds, so that messages read ``-1500``, not ``np.int64(-1500)``."""
    return value.item() if isinstance(value, np.generic) else value
