"""Bonus and penalty points: a count times points per item, capped at the leaf's maximum.

They sit outside the maxima: a parent's maximum is the sum of its ordinary children, a bonus adds
to the parent's points and a penalty takes from them, and the parent is then kept within 0..max.
A penalty's ``points`` are negative so that parents simply add their children.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parindex.core.scoring.inputs import InputField, any_inputs
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import label, number, reject_unknown
from parindex.core.scoring.registry import register
from parindex.core.text import LazyText, Text, of_lang
from parindex.core.text import format_number as n


@dataclass(frozen=True)
class _PerItem:
    """count × ``per_item``, capped at the maximum; ``sign`` says whether it adds or takes away."""

    sign: ClassVar[int]
    default_item: ClassVar[Text] = Text("", "")
    inputs: ClassVar[tuple[InputField, ...]] = (InputField("count", "integer", Text(vi="số lượng", en="count")),)
    example_params: ClassVar[dict] = {"per_item": 0.3}
    max_points: float
    per_item: float
    item: Text

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"per_item", "item"})
        per = number(params, "per_item", minimum=0, maximum=max_points)
        return cls(max_points, per, label(params, "item", cls.default_item))

    def score(self, values) -> Score:
        count = values["count"]
        raw = count * self.per_item
        points = min(raw, self.max_points)
        capped = raw > self.max_points + 1e-12
        mark = "+" if self.sign > 0 else "−"

        def explain(lang: str) -> str:
            cap = of_lang(lang, f", trần {n(self.max_points, 'vi')}", f", capped at {n(self.max_points, 'en')}")
            return (f"{count} {self.item.get(lang)}".rstrip() + f" × {n(self.per_item, lang)}"
                    + (cap if capped else "") + f" → {mark}{n(points, lang)}")
        return Score(self.sign * points, self.max_points, LazyText(explain))


@register
@dataclass(frozen=True)
class Bonus(_PerItem):
    type: ClassVar[str] = "bonus"
    summary: ClassVar[Text] = Text(vi="Điểm thưởng: số lượng × điểm mỗi lần, có mức trần", en="Bonus: count × points each, capped")
    sign: ClassVar[int] = 1

    def example_inputs(self, rng, share=None) -> dict:
        if share is None:
            return any_inputs(self.inputs, rng)
        return {"count": rng.choice([0, 0, 0, 1, 2]) if share > 0.85 else 0}  # only strong units earn a bonus, now and then


@register
@dataclass(frozen=True)
class Penalty(_PerItem):
    type: ClassVar[str] = "penalty"
    summary: ClassVar[Text] = Text(vi="Điểm trừ: số vi phạm × điểm trừ mỗi lần, có mức trần", en="Penalty: violations × points each, capped")
    sign: ClassVar[int] = -1
    default_item: ClassVar[Text] = Text(vi="vi phạm", en="violations")

    def example_inputs(self, rng, share=None) -> dict:
        if share is None:
            return any_inputs(self.inputs, rng)
        return {"count": rng.choice([0, 0, 0, 1]) if share < 0.85 else 0}  # a weaker unit is sometimes found in breach
