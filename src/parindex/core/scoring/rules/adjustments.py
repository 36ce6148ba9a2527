"""Bonus and penalty points: a count times points per item, capped at the leaf's maximum.

They sit outside the maxima: a parent's maximum is the sum of its ordinary children, a bonus adds
to the parent's points and a penalty takes from them, and the parent is then kept within 0..max.
A penalty's ``points`` are negative so that parents simply add their children.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parindex.core.scoring.inputs import InputField
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import label, number, reject_unknown
from parindex.core.scoring.registry import register
from parindex.core.text import LazyText, Text, format_number as n, of_lang

COUNT = (InputField("count", "integer", Text(vi="số lượng", en="count")),)


def _cap(cap: float, lang: str) -> str:
    return of_lang(lang, f", trần {n(cap, 'vi')}", f", capped at {n(cap, 'en')}")


def _capped(count: int, per_item: float, cap: float) -> tuple[float, bool]:
    raw = count * per_item
    return (min(raw, cap), raw > cap + 1e-12)


@register
@dataclass(frozen=True)
class Bonus:
    type: ClassVar[str] = "bonus"
    summary: ClassVar[Text] = Text(vi="Điểm thưởng: số lượng × điểm mỗi lần, có mức trần", en="Bonus: count × points each, capped")
    inputs: ClassVar[tuple[InputField, ...]] = COUNT
    max_points: float
    per_item: float
    item: Text

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"per_item", "item"})
        per = number(params, "per_item", minimum=0, maximum=max_points)
        return cls(max_points, per, label(params, "item", Text("", "")))

    def score(self, values) -> Score:
        points, capped = _capped(values["count"], self.per_item, self.max_points)
        return Score(points, self.max_points, LazyText(lambda lang: (
            f"{values['count']} {self.item.get(lang)}".rstrip() + f" × {n(self.per_item, lang)}"
            + (_cap(self.max_points, lang) if capped else "") + f" → +{n(points, lang)}")))


@register
@dataclass(frozen=True)
class Penalty:
    type: ClassVar[str] = "penalty"
    summary: ClassVar[Text] = Text(vi="Điểm trừ: số vi phạm × điểm trừ mỗi lần, có mức trần", en="Penalty: violations × points each, capped")
    inputs: ClassVar[tuple[InputField, ...]] = COUNT
    max_points: float
    per_item: float
    item: Text

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"per_item", "item"})
        per = number(params, "per_item", minimum=0, maximum=max_points)
        return cls(max_points, per, label(params, "item", Text(vi="vi phạm", en="violations")))

    def score(self, values) -> Score:
        deduction, capped = _capped(values["count"], self.per_item, self.max_points)
        return Score(-deduction, self.max_points, LazyText(lambda lang: (
            f"{values['count']} {self.item.get(lang)} × {n(self.per_item, lang)}"
            + (_cap(self.max_points, lang) if capped else "") + f" → −{n(deduction, lang)}")))
