"""Seeded dossier streams that look like a country's: for tests, the demo and the benchmarks.

Ministries, provinces' own agencies and communes handle very different volumes (sizes drawn
log-normally); each level has its catalogue of procedures with their own time limits and
popularity; volume follows the week (little on weekends and public holidays) and the year (a
trough around Tết); each unit has its own habits — how often it is late, how much arrives online,
how much is paid online, digitised, synchronised. Time limits are working days, as the one-stop
systems count them ("15 ngày làm việc"): a due date is ``calendar.vietnam().add_working_days``
of the day received and the limit, and a dossier is completed on a working day. Dossiers received
near the end of the data are still being processed; ``later_versions`` makes the status changes
that arrive for them days later. The same seed gives the same records.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.services.calendar import WorkingCalendar, vietnam
from parindex.core.services.records import DOSSIERS, FEEDBACK, PROCEDURES
from parindex.core.services.store import write_table
from parindex.core.units.catalogue import builtin_units, communes_2025

LEVEL_SHARE = {"ministry": 0.12, "province": 0.38, "commune": 0.50}  # of all dossiers
PROCEDURES_PER_LEVEL = {"ministry": 80, "province": 150, "commune": 45}


@dataclass(frozen=True)
class Units:
    """Who handles dossiers: codes, level and province of each."""

    codes: np.ndarray
    levels: np.ndarray
    provinces: np.ndarray  # "" for ministries

    @classmethod
    def vietnam(cls, on: date = date(2025, 7, 1), communes: int | None = None) -> "Units":
        """The 34 provinces, their communes (all 3,321, or the first ``communes``) and the ministries."""
        catalogue = builtin_units()
        provinces = [u.id for u in catalogue.on(on, "province")]
        ministries = [u.id for u in catalogue.on(on, "ministry")]
        commune_units = [u for u in communes_2025() if u.parent in provinces][:communes]
        codes = ministries + provinces + [u.id for u in commune_units]
        levels = ["ministry"] * len(ministries) + ["province"] * len(provinces) + ["commune"] * len(commune_units)
        province_of = [""] * len(ministries) + provinces + [u.parent or "" for u in commune_units]
        return cls(np.array(codes), np.array(levels), np.array(province_of))


def generate(root, units: Units, start: date, days: int, dossiers: int, seed: int = 766,
             chunk: int | None = None) -> dict[str, int]:
    """Write ``dossiers`` dossiers received over ``days`` days from ``start``, their feedback and
    the procedure catalogue, into the store at ``root``; returns the counts written.

    ``chunk`` draws and writes that many dossiers at a time, each chunk ``k`` as its own part
    (``part-k.parquet`` in every month folder), so memory follows the chunk rather than the total
    (100 million dossiers in chunks of 5 million need about 2 GiB). Every chunk shares the units'
    sizes and habits and the catalogue; the chunks are drawn one after the other from the one
    generator, so the same seed and chunk give the same records, and one chunk (the default) the
    same records as writing everything at once.

    Due and completion dates count working days by ``calendar.vietnam()``, which refuses a day
    received in a year it holds no holidays for (it holds 2025–2027).
    """
    calendar = vietnam()
    span = np.datetime64(start, "D") + np.arange(days)
    working = calendar.add_working_days(span, 0) == span
    rng = np.random.default_rng(seed)
    habits = _habits(rng, len(units.codes))
    catalogue = _catalogue(rng)
    weight = _unit_weights(rng, units)
    names = _Names.of(units, catalogue)
    per_part = max(chunk or dossiers, 1)
    written = {"dossiers": 0, "feedback": 0}
    for part, first in enumerate(range(0, max(dossiers, 1), per_part)):
        n = min(per_part, dossiers - first)
        handler = rng.choice(len(units.codes), n, p=weight)
        rows = _dossiers(rng, names, habits, catalogue, handler, calendar, span, working, first)
        _write_by_month(root, "dossiers", _table(rows, DOSSIERS.schema), rows["received_on"], f"part-{part}")
        feedback = _feedback(rng, names, rows, handler, habits, written["feedback"])
        _write_by_month(root, "feedback", _table(feedback, FEEDBACK.schema), feedback["received_on"], f"part-{part}")
        written["dossiers"] += n
        written["feedback"] += len(feedback["received_on"])
    procedures = _catalogue_records(rng, units, catalogue)
    write_table(root, "procedures", _table(procedures, PROCEDURES.schema))
    return {**written, "procedures": len(procedures["procedure_key"])}


def later_versions(dossiers: pa.Table, day: date, share: float, seed: int = 766) -> pa.Table:
    """The next versions of dossiers still processing, now completed on ``day``: the status changes
    a one-stop system sends days after the dossier itself. A store fed once holds only first
    versions; these are what tests and benchmarks send it to see a late completion replace the
    stored record (``ingest`` keeps each id's highest version) and move its count to ``day``.

    ``share`` of the dossiers in ``dossiers`` that are still processing and were received by ``day``
    are chosen at random; each is late exactly when ``day`` is after its due date, so old ones come
    late and recent ones on time. Its result is electronic as often as its unit's completed
    dossiers among ``dossiers`` are — the unit's habit — or, for a unit with none, as often as all
    the completed ones are (half the time when there are none). The version is one more and every
    other field is kept. The same dossiers, day, share and seed give the same versions.
    """
    if not 0 <= share <= 1:
        raise ParindexError("bad_value", t("the share of dossiers still processing to complete is out of range"),
                            expected=t("a number from {low} to {high}", low=0, high=1), got=share)
    rows = dossiers.select(DOSSIERS.schema.names).cast(DOSSIERS.schema)
    rng = np.random.default_rng(seed)
    processing = _mask(pc.equal(rows["state"], "processing"))
    waiting = np.flatnonzero(processing & (rows["received_on"].to_numpy() <= np.datetime64(day, "D")))
    chosen = np.sort(rng.choice(waiting, int(round(share * len(waiting))), replace=False))
    picked = rows.take(pa.array(chosen, pa.int64()))
    habit = _electronic_habit(rows, picked["unit"])
    n = picked.num_rows
    changes = {"version": pc.add(picked["version"], 1), "state": pa.array(["completed"] * n, pa.string()),
               "completed_on": pa.array([day] * n, pa.date32()), "result_electronic": pa.array(rng.random(n) < habit)}
    for name, values in changes.items():
        picked = picked.set_column(picked.schema.get_field_index(name), DOSSIERS.schema.field(name), values)
    return picked


def _electronic_habit(rows: pa.Table, units: pa.ChunkedArray) -> np.ndarray:
    """For each of ``units``, the share of its completed dossiers in ``rows`` with an electronic result;
    the share of all completed dossiers for a unit with none, and one half when none is completed."""
    completed = rows.filter(pc.equal(rows["state"], "completed"))
    overall = pc.mean(completed["result_electronic"]).as_py() if completed.num_rows else None
    by_unit = completed.group_by("unit").aggregate([("result_electronic", "mean")])
    at = pc.index_in(units, value_set=by_unit["unit"].combine_chunks())
    habit = pc.take(by_unit["result_electronic_mean"].combine_chunks(), at)
    return pc.fill_null(habit, 0.5 if overall is None else overall).to_numpy(zero_copy_only=False)


def _mask(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


@dataclass(frozen=True)
class _Names:
    """The text a dossier's fields take, looked up by index: building 100 million strings one by
    one is what would make generation slow, taking them from a few thousand is not."""

    units: pa.Array
    provinces: pa.Array  # null for ministries
    levels: pa.Array
    agencies: pa.Array
    officials: pa.Array  # eight per unit: unit k's official j at 8k + j - 1
    procedures: pa.Array  # every level's codes, one after the other
    first_procedure: dict[str, int]  # where each level's codes start

    @classmethod
    def of(cls, units: Units, catalogue) -> "_Names":
        codes = [str(c) for c in units.codes]
        offsets, at = {}, 0
        for level, (procedure_codes, _, _) in catalogue.items():
            offsets[level], at = at, at + len(procedure_codes)
        return cls(pa.array(codes), pa.array([p or None for p in units.provinces], type=pa.string()),
                   pa.array([str(x) for x in units.levels]), pa.array([c + "-BPMC" for c in codes]),
                   pa.array([f"{c}-CB{j}" for c in codes for j in range(1, 9)]),
                   pa.array([str(p) for procedure_codes, _, _ in catalogue.values() for p in procedure_codes]), offsets)


SERVICE_LEVEL_NAMES = pa.array(["full_online", "partly_online", "offline"])
CHANNEL_NAMES = pa.array(["online", "counter", "post"])
STATE_NAMES = pa.array(["processing", "completed", "returned"])


def _dossiers(rng, names: _Names, habits, catalogue, handler: np.ndarray, calendar: WorkingCalendar, span: np.ndarray,
              working: np.ndarray, first: int) -> dict:
    """One chunk's dossiers, numbered from ``first``: each due its procedure's time limit in working
    days after the day received, and completed within it, or some working days after it when late."""
    n = len(handler)
    day = _days(rng, span, working, n)
    received = span[day]
    procedure, limit = _procedures(rng, catalogue, names, handler)
    late = rng.random(n) < habits["late"][handler]
    taken = np.where(late, limit + rng.geometric(0.25, n), np.floor(limit * rng.uniform(0.2, 1.0, n))).astype(np.int64)
    after = _working_days_after(calendar, span, int(max(limit.max(initial=0), taken.max(initial=0))))
    due, completed = after[day, limit], after[day, taken]
    state = np.where(completed > span[-1], 0, np.where(rng.random(n) < 0.01, 2, 1))
    done = state != 0
    online = rng.random(n) < habits["online"][handler]
    fee_due = rng.random(n) < 0.35
    index = pa.array(handler)
    return {
        "dossier_id": pc.binary_join_element_wise("HS", pc.cast(pa.array(np.arange(first, first + n)), pa.string()), ""),
        "version": np.ones(n, dtype=np.int64),
        "unit": names.units.take(index), "province": names.provinces.take(index), "level": names.levels.take(index),
        "agency": names.agencies.take(index), "procedure": names.procedures.take(pa.array(procedure)),
        "service_level": SERVICE_LEVEL_NAMES.take(pa.array(np.where(online, 0, np.where(rng.random(n) < 0.5, 1, 2)))),
        "channel": CHANNEL_NAMES.take(pa.array(np.where(online, 0, np.where(rng.random(n) < 0.9, 1, 2)))),
        "received_on": received, "due_on": due, "completed_on": np.where(done, completed, np.datetime64("NaT")),
        "state": STATE_NAMES.take(pa.array(state)), "result_electronic": done & (rng.random(n) < habits["electronic"][handler]),
        "digitised": rng.random(n) < habits["digitised"][handler],
        "reused_data": rng.random(n) < habits["digitised"][handler] * 0.6,
        "fee_due": fee_due, "paid_online": fee_due & online & (rng.random(n) < 0.7),
        "synced": rng.random(n) < habits["synced"][handler], "rated_dislike": rng.random(n) < 0.02,
        "official": names.officials.take(pa.array(handler * 8 + rng.integers(1, 9, n) - 1)),
    }


def _write_by_month(root, table: str, rows: pa.Table, day: np.ndarray, name: str) -> None:
    """The store's own writer, given one month at a time: it splits by month anyway, and a month
    at a time spares it comparing every row's month text twelve times."""
    months = np.asarray(day, dtype="datetime64[D]").astype("datetime64[M]")
    for month in np.unique(months):
        write_table(root, table, rows.filter(pa.array(months == month)), name=name)


def _habits(rng, n: int) -> dict[str, np.ndarray]:
    """Each unit's ways: its share of late, online, digitised, synchronised and electronic results."""
    return {"late": rng.beta(1.2, 12, n), "online": rng.beta(2, 3, n), "digitised": rng.beta(5, 2, n),
            "synced": rng.beta(20, 1.5, n), "electronic": rng.beta(3, 3, n), "satisfied": rng.beta(12, 2, n)}


def _unit_weights(rng, units: Units) -> np.ndarray:
    """Each unit's share of the dossiers: its level's share, split by sizes drawn log-normally."""
    size = rng.lognormal(0, 1.0, len(units.codes))
    weight = np.zeros(len(units.codes))
    for level, share in LEVEL_SHARE.items():
        at = units.levels == level
        if at.any():
            weight[at] = share * size[at] / size[at].sum()
    return weight / weight.sum()


def _days(rng, span: np.ndarray, working: np.ndarray, n: int) -> np.ndarray:
    """Each dossier's day received, as an index into ``span``: working days busy, weekends and
    holidays quiet (online dossiers still come), a trough around the lunar new year (late Jan–Feb)."""
    weight = np.where(working, 1.0, 0.12)
    month = span.astype("datetime64[M]").astype(int) % 12 + 1
    weight = weight * np.where(month == 2, 0.55, 1.0)
    return rng.choice(len(span), n, p=weight / weight.sum())


def _working_days_after(calendar: WorkingCalendar, span: np.ndarray, most: int) -> np.ndarray:
    """Row ``d``, column ``k``: the working day ``k`` working days after ``span[d]``. The data hold a
    few hundred distinct days and up to 100 million dossiers, so every dossier's due and completion
    dates are looked up in this small table rather than counted through the calendar one by one."""
    return calendar.add_working_days(span[:, None], np.arange(most + 1))


def _catalogue(rng) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per level: procedure codes, their time limits (working days) and their popularity."""
    out = {}
    for level, count in PROCEDURES_PER_LEVEL.items():
        codes = np.array([f"{level[0].upper()}{i:03d}" for i in range(count)])
        limits = rng.choice([1, 3, 5, 7, 10, 15, 20, 30], count, p=[0.08, 0.2, 0.22, 0.15, 0.15, 0.1, 0.06, 0.04])
        popularity = 1 / np.arange(1, count + 1) ** 1.1
        out[level] = (codes, limits, popularity / popularity.sum())
    return out


def _procedures(rng, catalogue, names: _Names, handler: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each dossier's procedure (an index into ``names.procedures``) and its time limit."""
    levels = np.asarray(names.levels.to_numpy(zero_copy_only=False))[handler]
    procedure = np.zeros(len(handler), dtype=np.int64)
    limit = np.zeros(len(handler), dtype=np.int64)
    for level, (codes, limits, popularity) in catalogue.items():
        at = np.flatnonzero(levels == level)
        pick = rng.choice(len(codes), len(at), p=popularity)
        procedure[at], limit[at] = names.first_procedure[level] + pick, limits[pick]
    return procedure, limit


def _feedback(rng, names: _Names, rows, handler, habits, first: int) -> dict:
    """About one dossier in eighty draws feedback, with ten days to answer it; numbered from ``first``."""
    chosen = np.flatnonzero(rng.random(len(handler)) < 0.0125)
    n = len(chosen)
    received = rows["received_on"][chosen] + rng.integers(0, 10, n).astype("timedelta64[D]")
    due = received + np.timedelta64(10, "D")
    taken = rng.integers(1, 16, n).astype("timedelta64[D]")
    answered = rng.random(n) < 0.95
    rated = rng.random(n) < 0.7
    index = pa.array(handler[chosen])
    return {"feedback_id": pc.binary_join_element_wise("PA", pc.cast(pa.array(np.arange(first, first + n)), pa.string()), ""),
            "version": np.ones(n, dtype=np.int64),
            "unit": names.units.take(index), "province": names.provinces.take(index), "level": names.levels.take(index),
            "received_on": received, "due_on": due, "resolved_on": np.where(answered, received + taken, np.datetime64("NaT")),
            "satisfied": _blank(rated, rng.random(n) < habits["satisfied"][handler[chosen]])}


def _catalogue_records(rng, units: Units, catalogue) -> dict[str, np.ndarray]:
    """Each ministry and province announces its level's procedures; communes carry out their province's."""
    keys, procedures, owners, levels = [], [], [], []
    for code, level in zip(units.codes, units.levels):
        if level == "commune":
            continue
        for announced in (catalogue[level][0], catalogue["commune"][0] if level == "province" else ()):
            for p in announced:
                keys.append(f"{code}/{p}")
                procedures.append(p)
                owners.append(code)
                levels.append(level)
    n = len(keys)
    care = rng.beta(6, 1.5, len(units.codes))
    owner_care = care[np.searchsorted(units.codes, owners, sorter=np.argsort(units.codes))] if n else np.zeros(0)
    has_fee = rng.random(n) < 0.4
    return {"procedure_key": np.array(keys), "version": np.ones(n, dtype=np.int64), "procedure": np.array(procedures),
            "unit": np.array(owners), "level": np.array(levels),
            "announced_on_time": rng.random(n) < owner_care, "published_on_time": rng.random(n) < owner_care,
            "fully_disclosed": rng.random(n) < 0.97, "online_capable": rng.random(n) < owner_care * 0.95,
            "has_fee": has_fee, "payment_integrated": has_fee & (rng.random(n) < owner_care * 0.8)}


def _blank(known: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The values where known, missing (None) elsewhere."""
    out = values.astype(object)
    out[~known] = None
    return out


def _table(columns: dict[str, np.ndarray], schema: pa.Schema) -> pa.Table:
    arrays = []
    for field in schema:
        values = columns[field.name]
        if isinstance(values, pa.Array):
            arrays.append(values.cast(field.type))
        elif pa.types.is_date32(field.type):
            arrays.append(pa.array(np.asarray(values, dtype="datetime64[D]"), type=pa.date32()))
        else:
            arrays.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)
