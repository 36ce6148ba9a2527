"""Seeded dossier streams that look like a country's: for tests, the demo and the benchmarks.

Ministries, provinces' own agencies and communes handle very different volumes (sizes drawn
log-normally); each level has its catalogue of procedures with their own time limits and
popularity; volume follows the week (little on weekends) and the year (a trough around Tết);
each unit has its own habits — how often it is late, how much arrives online, how much is paid
online, digitised, synchronised. Dossiers received near the end of the data are still being
processed. The same seed gives the same records.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa

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


def generate(root, units: Units, start: date, days: int, dossiers: int, seed: int = 766) -> dict[str, int]:
    """Write ``dossiers`` dossiers received over ``days`` days from ``start``, their feedback and
    the procedure catalogue, into the store at ``root``; returns the counts written."""
    rng = np.random.default_rng(seed)
    habits = _habits(rng, len(units.codes))
    catalogue = _catalogue(rng)
    handler = _handlers(rng, units, dossiers)
    received = np.datetime64(start, "D") + _days(rng, start, days, dossiers)
    procedure, limit = _procedures(rng, catalogue, units.levels[handler])
    due = received + limit.astype("timedelta64[D]")
    late = rng.random(dossiers) < habits["late"][handler]
    taken = np.where(late, limit + rng.geometric(0.25, dossiers), np.floor(limit * rng.uniform(0.2, 1.0, dossiers)))
    completed = received + taken.astype(np.int64).astype("timedelta64[D]")
    end = np.datetime64(start + timedelta(days=days - 1))
    state = np.where(completed > end, "processing", np.where(rng.random(dossiers) < 0.01, "returned", "completed"))
    done = state != "processing"
    online = rng.random(dossiers) < habits["online"][handler]
    fee_due = rng.random(dossiers) < 0.35
    rows = {
        "dossier_id": np.char.add("HS", np.arange(dossiers).astype(str)), "version": np.ones(dossiers, dtype=np.int64),
        "unit": units.codes[handler], "province": _blank(units.provinces[handler] != "", units.provinces[handler]),
        "level": units.levels[handler], "agency": np.char.add(units.codes[handler], "-BPMC"), "procedure": procedure,
        "service_level": np.where(online, "full_online", np.where(rng.random(dossiers) < 0.5, "partly_online", "offline")),
        "channel": np.where(online, "online", np.where(rng.random(dossiers) < 0.9, "counter", "post")),
        "received_on": received, "due_on": due, "completed_on": np.where(done, completed, np.datetime64("NaT")),
        "state": state, "result_electronic": done & (rng.random(dossiers) < habits["electronic"][handler]),
        "digitised": rng.random(dossiers) < habits["digitised"][handler],
        "reused_data": rng.random(dossiers) < habits["digitised"][handler] * 0.6,
        "fee_due": fee_due, "paid_online": fee_due & online & (rng.random(dossiers) < 0.7),
        "synced": rng.random(dossiers) < habits["synced"][handler], "rated_dislike": rng.random(dossiers) < 0.02,
        "official": np.char.add(np.char.add(units.codes[handler], "-CB"), rng.integers(1, 9, dossiers).astype(str)),
    }
    write_table(root, "dossiers", _table(rows, DOSSIERS.schema))
    feedback = _feedback(rng, rows, handler, habits)
    write_table(root, "feedback", _table(feedback, FEEDBACK.schema))
    procedures = _catalogue_records(rng, units, catalogue)
    write_table(root, "procedures", _table(procedures, PROCEDURES.schema))
    return {"dossiers": dossiers, "feedback": len(feedback["feedback_id"]), "procedures": len(procedures["procedure_key"])}


def _habits(rng, n: int) -> dict[str, np.ndarray]:
    """Each unit's ways: its share of late, online, digitised, synchronised and electronic results."""
    return {"late": rng.beta(1.2, 12, n), "online": rng.beta(2, 3, n), "digitised": rng.beta(5, 2, n),
            "synced": rng.beta(20, 1.5, n), "electronic": rng.beta(3, 3, n), "satisfied": rng.beta(12, 2, n)}


def _handlers(rng, units: Units, n: int) -> np.ndarray:
    size = rng.lognormal(0, 1.0, len(units.codes))
    weight = np.zeros(len(units.codes))
    for level, share in LEVEL_SHARE.items():
        at = units.levels == level
        if at.any():
            weight[at] = share * size[at] / size[at].sum()
    return rng.choice(len(units.codes), n, p=weight / weight.sum())


def _days(rng, start: date, days: int, n: int) -> np.ndarray:
    """Day offsets: weekdays busy, weekends quiet, a trough around the lunar new year (late Jan–Feb)."""
    calendar = np.array([start + timedelta(days=d) for d in range(days)], dtype="datetime64[D]")
    weekday = (calendar.astype("datetime64[D]").view("int64") - 4) % 7  # 0 = Monday
    weight = np.where(weekday < 5, 1.0, 0.12)
    month_day = calendar.astype("datetime64[M]").astype(int) % 12 + 1
    weight = weight * np.where(month_day == 2, 0.55, 1.0)
    return rng.choice(days, n, p=weight / weight.sum()).astype("timedelta64[D]")


def _catalogue(rng) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per level: procedure codes, their time limits (calendar days) and their popularity."""
    out = {}
    for level, count in PROCEDURES_PER_LEVEL.items():
        codes = np.array([f"{level[0].upper()}{i:03d}" for i in range(count)])
        limits = rng.choice([1, 3, 5, 7, 10, 15, 20, 30], count, p=[0.08, 0.2, 0.22, 0.15, 0.15, 0.1, 0.06, 0.04])
        popularity = 1 / np.arange(1, count + 1) ** 1.1
        out[level] = (codes, limits, popularity / popularity.sum())
    return out


def _procedures(rng, catalogue, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    procedure = np.empty(len(levels), dtype=object)
    limit = np.zeros(len(levels), dtype=np.int64)
    for level, (codes, limits, popularity) in catalogue.items():
        at = np.flatnonzero(levels == level)
        pick = rng.choice(len(codes), len(at), p=popularity)
        procedure[at], limit[at] = codes[pick], limits[pick]
    return procedure, limit


def _feedback(rng, rows, handler, habits) -> dict[str, np.ndarray]:
    """About one dossier in eighty draws feedback, with ten days to answer it."""
    chosen = np.flatnonzero(rng.random(len(handler)) < 0.0125)
    n = len(chosen)
    received = rows["received_on"][chosen] + rng.integers(0, 10, n).astype("timedelta64[D]")
    due = received + np.timedelta64(10, "D")
    taken = rng.integers(1, 16, n).astype("timedelta64[D]")
    answered = rng.random(n) < 0.95
    rated = rng.random(n) < 0.7
    return {"feedback_id": np.char.add("PA", np.arange(n).astype(str)), "version": np.ones(n, dtype=np.int64),
            "unit": rows["unit"][chosen], "province": rows["province"][chosen], "level": rows["level"][chosen],
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
        if pa.types.is_date32(field.type):
            arrays.append(pa.array(np.asarray(values, dtype="datetime64[D]"), type=pa.date32()))
        else:
            arrays.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)
