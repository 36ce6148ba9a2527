"""Comparing a value across mergers: what was a 2024 province's value, seen as today's province?

When provinces merged, a 2026 value of the new province can only be compared with a value built
from its predecessors' 2024 values. The rule is always stated next to the result:

* ``mean`` (default): the unweighted mean of the predecessors' values — every predecessor was one
  ranked unit, as the index treats them;
* ``weighted_mean``: weighted by a figure the analyst supplies (population, number of dossiers…);
* ``min`` / ``max``: a pessimistic or optimistic bound.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.text import Text
from parindex.core.text import format_number as n
from parindex.core.units.catalogue import UnitCatalogue
from parindex.core.units.model import Unit

AGGREGATIONS = ("mean", "weighted_mean", "min", "max")


@dataclass(frozen=True)
class Comparison:
    """A previous value mapped onto a current unit, with the rule and the values it came from."""

    value: float
    rule: str
    sources: tuple[tuple[Unit, float], ...]
    explanation: Text

    @property
    def is_direct(self) -> bool:
        return len(self.sources) == 1 and self.rule == "same unit"


def carry_forward(previous: Mapping[str, float], previous_day: date, current_ids: list[str],
                  catalogue: UnitCatalogue, rule: str = "mean",
                  weights: Mapping[str, float] | None = None) -> dict[str, Comparison]:
    """Map ``previous`` values (by unit id, units valid on ``previous_day``) onto ``current_ids``.

    A current unit with no predecessor value gets no comparison rather than a made-up one.
    """
    if rule not in AGGREGATIONS:
        raise ParindexError("unknown_aggregation", t("unknown lineage aggregation '{rule}'", rule=rule),
                            expected=t('one of {items}', items=", ".join(AGGREGATIONS)), got=rule)
    out = {}
    for unit_id in current_ids:
        ancestors = [a for a in catalogue.ancestors_on(unit_id, previous_day) if a.id in previous]
        if not ancestors:
            continue
        sources = tuple((a, float(previous[a.id])) for a in ancestors)
        if len(sources) == 1 and ancestors[0].id == unit_id:
            value, used = sources[0][1], "same unit"
        else:
            value, used = _aggregate(sources, rule, weights), rule
        out[unit_id] = Comparison(value, used, sources, _explain(catalogue.get(unit_id), sources, used, value, previous_day))
    return out


def _aggregate(sources: tuple[tuple[Unit, float], ...], rule: str, weights: Mapping[str, float] | None) -> float:
    values = [v for _, v in sources]
    if rule == "min":
        return min(values)
    if rule == "max":
        return max(values)
    if rule == "weighted_mean":
        missing = [u.id for u, _ in sources if not weights or u.id not in weights]
        if missing:
            raise ParindexError("missing_weight", t('weighted lineage comparison needs a weight for every predecessor'),
                                expected=t('a weight for {items}', items=", ".join(missing)), got=None)
        known = weights or {}
        total = sum(known[u.id] for u, _ in sources)
        return sum(known[u.id] * v for u, v in sources) / total
    return sum(values) / len(values)


RULE_TEXT = {
    "mean": Text(vi="trung bình cộng", en="mean"),
    "weighted_mean": Text(vi="trung bình có trọng số", en="weighted mean"),
    "min": Text(vi="giá trị nhỏ nhất", en="minimum"),
    "max": Text(vi="giá trị lớn nhất", en="maximum"),
}


def _explain(unit: Unit, sources, rule: str, value: float, day: date) -> Text:
    if rule == "same unit":
        return Text(vi=f"cùng đơn vị năm {day.year}: {n(value, 'vi')}", en=f"same unit in {day.year}: {n(value, 'en')}")
    parts = {lang: ", ".join(f"{u.name.get(lang)} {n(v, lang)}" for u, v in sources) for lang in ("vi", "en")}
    return Text(
        vi=f"{unit.name.vi} (sau sáp nhập) so với {RULE_TEXT[rule].vi} năm {day.year} của {parts['vi']} = {n(value, 'vi')}",
        en=f"{unit.name.en} (merged) compared with the {RULE_TEXT[rule].en} of {day.year} values of {parts['en']} = {n(value, 'en')}",
    )
