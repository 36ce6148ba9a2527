"""Manual points: an appraiser or council gives points within 0..max directly."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parindex.core.scoring.inputs import InputField, any_inputs
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import reject_unknown
from parindex.core.scoring.registry import register
from parindex.core.text import LazyText, Text, of_lang
from parindex.core.text import format_number as n


@register
@dataclass(frozen=True)
class Manual:
    type: ClassVar[str] = "manual"
    summary: ClassVar[Text] = Text(vi="Chấm điểm trực tiếp trong khoảng 0..tối đa", en="Points given directly within 0..max")
    example_params: ClassVar[dict] = {}
    max_points: float

    @property
    def inputs(self) -> tuple[InputField, ...]:
        return (InputField("points", "number", Text(vi="điểm", en="points"), 0.0, self.max_points),)

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, set())
        return cls(max_points)

    def example_inputs(self, rng, share=None) -> dict:
        if share is None:
            return any_inputs(self.inputs, rng)
        return {"points": round(self.max_points * share * 4) / 4}  # in quarter points, as appraisers give them

    def score(self, values) -> Score:
        p = values["points"]
        return Score(p, self.max_points, LazyText(lambda lang: of_lang(
            lang, f"chấm {n(p, 'vi')} trên {n(self.max_points, 'vi')} điểm", f"given {n(p, 'en')} of {n(self.max_points, 'en')}")))
