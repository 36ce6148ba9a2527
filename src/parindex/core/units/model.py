"""Units (ministries, provinces, …) valid over a period, and the lineage that links them over time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from parindex.core.text import Text

REGIONS: dict[str, Text] = {
    "northern_midlands_mountains": Text(vi="Trung du và miền núi phía Bắc", en="Northern Midlands and Mountains"),
    "red_river_delta": Text(vi="Đồng bằng sông Hồng", en="Red River Delta"),
    "north_central_central_coast": Text(vi="Bắc Trung Bộ và duyên hải miền Trung", en="North Central and Central Coast"),
    "central_highlands": Text(vi="Tây Nguyên", en="Central Highlands"),
    "south_east": Text(vi="Đông Nam Bộ", en="South East"),
    "mekong_delta": Text(vi="Đồng bằng sông Cửu Long", en="Mekong River Delta"),
}


@dataclass(frozen=True)
class Unit:
    id: str
    code: str
    kind: str
    name: Text
    full_name_vi: str = ""
    region: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # the id of the unit it belongs to (a commune's province), when known

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def region_name(self) -> Text | None:
        return REGIONS.get(self.region) if self.region else None

    def as_published(self) -> dict[str, Any]:
        """The unit as results name it: id, code, bilingual name, region."""
        return {"id": self.id, "code": self.code, "name": self.name.as_dict(), "region": self.region}


@dataclass(frozen=True)
class LineageEvent:
    """One link: ``predecessor`` became (part of) ``successor`` on ``date`` (merge or split)."""

    date: date
    event: str
    predecessor: str
    successor: str
    legal_basis: str = ""
