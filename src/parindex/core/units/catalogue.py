"""The units parindex knows, read from the CSV files shipped in ``units/data``.

A code typed in an input file ("31", "Hải Phòng", "MOJ") is resolved *on a date*: before
1 July 2025 "31" is the old Hải Phòng, after it the Hải Phòng formed with Hải Dương.
"""
from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.text import Text
from parindex.core.units.model import LineageEvent, Unit

DATA_PACKAGE = "parindex.core.units.data"


def fold(text: str) -> str:
    """Lower-case, without diacritics or spaces: how people's spellings of a name are compared."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return "".join(c for c in text.lower() if c.isalnum())


@dataclass(frozen=True)
class UnitCatalogue:
    units: tuple[Unit, ...]
    lineage: tuple[LineageEvent, ...] = ()
    _by_id: dict[str, Unit] = field(default_factory=dict, compare=False, repr=False)
    _names: dict[tuple[date, str | None], dict[str, Unit]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({u.id: u for u in self.units})

    def get(self, unit_id: str) -> Unit:
        return self._by_id[unit_id]

    def find(self, unit_id: str) -> Unit | None:
        return self._by_id.get(unit_id)

    def on(self, day: date, kind: str | None = None) -> list[Unit]:
        return [u for u in self.units if u.valid_on(day) and (kind is None or u.kind == kind)]

    def resolve(self, key: str, day: date, kind: str | None = None) -> Unit:
        """Find the unit valid on ``day`` whose id, code, name or alias is ``key``."""
        unit = self._names_on(day, kind).get(fold(str(key)))
        if unit is not None:
            return unit
        raise ParindexError("unknown_unit", t("no {kind} '{key}' on {day}", kind=kind or "unit", key=key, day=day.isoformat()),
                            expected=t("a code or name of a {kind} valid on that date (see `parindex units list --on {day}`)",
                                       kind=kind or "unit", day=day.isoformat()),
                            got=key)

    def _names_on(self, day: date, kind: str | None) -> dict[str, Unit]:
        """Every spelling of every unit valid on ``day``, folded; built once per day and kind."""
        if (day, kind) not in self._names:
            index: dict[str, Unit] = {}
            for unit in self.on(day, kind):
                for name in (unit.id, unit.code, unit.name.vi, unit.name.en, unit.full_name_vi, *unit.aliases):
                    if name:
                        index.setdefault(fold(name), unit)
            self._names[(day, kind)] = index
        return self._names[(day, kind)]

    def ancestors_on(self, unit_id: str, day: date) -> list[Unit]:
        """The units valid on ``day`` that ``unit_id`` descends from (itself if it was valid then)."""
        unit = self.get(unit_id)
        if unit.valid_on(day):
            return [unit]
        found: list[Unit] = []
        for event in self.lineage:
            if event.successor == unit_id and event.date > day:
                for ancestor in self.ancestors_on(event.predecessor, day):
                    if ancestor not in found:
                        found.append(ancestor)
        return found


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files(DATA_PACKAGE).joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _units(name: str, kind: str) -> Iterable[Unit]:
    for r in _read_csv(name):
        yield Unit(id=r["id"], code=r["code"], kind=kind, name=Text(vi=r["name_vi"], en=r["name_en"]),
                   full_name_vi=r["full_name_vi"], region=r["region"] or None, valid_from=_day(r["valid_from"]),
                   valid_to=_day(r["valid_to"]), aliases=tuple(a for a in r["aliases"].split(";") if a))


def _events(name: str) -> Iterable[LineageEvent]:
    for r in _read_csv(name):
        yield LineageEvent(date.fromisoformat(r["date"]), r["event"], r["predecessor"], r["successor"], r["legal_basis"])


@lru_cache(maxsize=1)
def builtin_units() -> UnitCatalogue:
    """Provinces (63 before 1 July 2025, 34 after) and ministries, with their lineage."""
    units = (*_units("provinces.csv", "province"), *_units("ministries.csv", "ministry"))
    lineage = (*_events("province_lineage.csv"), *_events("ministry_lineage.csv"))
    return UnitCatalogue(tuple(units), tuple(lineage))


@lru_cache(maxsize=1)
def communes_2025() -> tuple[Unit, ...]:
    """The 3,321 communes, wards and special zones of 1 July 2025, each with its province as parent
    (a province's own index of its communes starts from these; see ``inputs.registry``)."""
    return tuple(Unit(id=r["id"], code=r["code"], kind=r["kind"], name=Text(vi=r["name_vi"], en=r["name_en"]),
                      valid_from=_day(r["valid_from"]), parent=r["province"])
                 for r in _read_csv("communes_2025.csv"))
