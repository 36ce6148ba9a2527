"""Who holds a unit's late dossiers: the overdue ones (``engine.overdue``), the ones about to be
(still processing, due within a few working days), and a week's digest for the unit's leader.

For authorised users only: every frame here names the handling official. The web shows them to a
unit's leaders and its province's office, never on a public page.

>>> from datetime import date
>>> last_week(date(2026, 10, 31))
Period(start=datetime.date(2026, 10, 25), end=datetime.date(2026, 10, 31))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from parindex.core.services import sql
from parindex.core.services.calendar import WorkingCalendar, vietnam
from parindex.core.services.engine import Period, overdue

NEARLY_DUE_DAYS = 3  # working days: what a leader can still act on this week
WORST_SHOWN = 5  # the worst cases a digest names per unit
NEARLY_DUE_COLUMNS = (*sql.OVERDUE_COLUMNS, "working_days_left")


def last_week(until: date) -> Period:
    """The seven days ending on ``until`` (included): what a Monday digest covers."""
    return Period(until - timedelta(days=6), until)


def nearly_due(engine, level: str, unit: str, on: date, within: int = NEARLY_DUE_DAYS,
               calendar: WorkingCalendar | None = None) -> pd.DataFrame:
    """A unit's dossiers still processing on ``on`` and due within ``within`` working days of it
    (due ``on`` itself: 0 left), soonest first, with the handling official."""
    calendar = calendar or vietnam()
    last = pd.Timestamp(calendar.add_working_days(np.datetime64(on), within)).date()
    statement = (f"SELECT {', '.join(sql.OVERDUE_COLUMNS)} FROM source WHERE {sql.scope(level, unit)} "
                 f"AND state = 'processing' AND completed_on IS NULL "
                 f"AND received_on <= DATE '{on.isoformat()}' "
                 f"AND due_on BETWEEN DATE '{on.isoformat()}' AND DATE '{last.isoformat()}'")
    frame = engine.query("dossiers", statement)
    if frame is None or frame.empty:
        return pd.DataFrame(columns=list(NEARLY_DUE_COLUMNS))
    frame["working_days_left"] = calendar.working_days_between(np.full(len(frame), np.datetime64(on)),
                                                               np.array(frame["due_on"].tolist(), dtype="datetime64[D]"))
    return frame.sort_values(["due_on", "dossier_id"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class UnitWeek:
    """One unit's week: dossiers that became or stayed overdue, and those about to."""

    unit: str
    overdue: int  # still processing past due at the week's end, or completed late within it
    still_open: int  # of those, still processing
    nearly_due: int
    worst: pd.DataFrame = field(repr=False)  # the most overdue, at most WORST_SHOWN


@dataclass(frozen=True)
class Digest:
    """What a leader reads on Monday: the week, and each of the units they answer for, worst first."""

    level: str
    unit: str
    period: Period
    units: tuple[UnitWeek, ...]

    @property
    def overdue(self) -> int:
        return sum(u.overdue for u in self.units)

    @property
    def nearly_due(self) -> int:
        return sum(u.nearly_due for u in self.units)


def weekly_digest(engine, level: str, unit: str, until: date, worst: int = WORST_SHOWN,
                  calendar: WorkingCalendar | None = None) -> Digest:
    """The week ending ``until`` for a unit (a province: each of its units): counts and the worst
    overdue dossiers per unit, the units with the most overdue first."""
    period = last_week(until)
    late = overdue(engine, level, unit, period)
    soon = nearly_due(engine, level, unit, until, calendar=calendar)
    weeks = []
    for code in sorted(set(late["unit"]) | set(soon["unit"])):
        mine = late[late["unit"] == code]
        weeks.append(UnitWeek(code, len(mine), int((mine["state"] == "processing").sum()),
                              int((soon["unit"] == code).sum()), mine.head(worst).reset_index(drop=True)))
    weeks.sort(key=lambda w: (-w.overdue, -w.nearly_due, w.unit))
    return Digest(level, unit, period, tuple(weeks))
