"""Working days: Monday to Friday except public holidays, as a one-stop system counts a procedure's
time limit ("15 ngày làm việc"). The holidays are data (``data/holidays.csv``), per year, each
with its provenance: the fixed days of the Labour Code 2019 (Art. 112) are official; the lunar
days (Tết, the Hùng Kings) and the adjacent National Day are set by each year's notice and are
marked illustrative until checked against it. A province may pass its own calendar.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.text import Text


@dataclass(frozen=True)
class Holiday:
    day: date
    name: Text
    provenance: str
    source: str


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: tuple[Holiday, ...]

    @property
    def years(self) -> set[int]:
        return {h.day.year for h in self.holidays}

    def _days_off(self) -> np.ndarray:
        return np.array([h.day for h in self.holidays], dtype="datetime64[D]")

    def _check(self, *days: np.ndarray) -> None:
        for values in days:
            years = set(np.unique(np.asarray(values, dtype="datetime64[Y]").astype(int) + 1970).tolist())
            missing = sorted(years - self.years)
            if missing:
                raise ParindexError("no_holidays", t("the holiday calendar has no year {year}", year=missing[0]),
                                    expected=t('holidays for every year counted: {years}', years=", ".join(map(str, sorted(self.years)))),
                                    got=missing[0])

    def add_working_days(self, start, days) -> np.ndarray:
        """The working day ``days`` working days after ``start`` (a due date from a time limit).
        Receiving on a day off counts from the next working day, as the offices do."""
        start = np.asarray(start, dtype="datetime64[D]")
        self._check(start)
        return np.busday_offset(start, days, roll="forward", holidays=self._days_off())

    def working_days_between(self, first, last) -> np.ndarray:
        """Working days from ``first`` (included) to ``last`` (excluded)."""
        first, last = np.asarray(first, dtype="datetime64[D]"), np.asarray(last, dtype="datetime64[D]")
        self._check(first, last)
        return np.busday_count(first, last, holidays=self._days_off())


@lru_cache(maxsize=1)
def vietnam() -> WorkingCalendar:
    """Việt Nam's public holidays for the years the file holds."""
    text = resources.files("parindex.core.services").joinpath("data/holidays.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return WorkingCalendar(tuple(Holiday(date.fromisoformat(r["date"]), Text(vi=r["name_vi"], en=r["name_en"]),
                                         r["provenance"], r["source"]) for r in rows))
