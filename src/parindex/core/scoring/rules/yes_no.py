"""Yes/no: full points (or ``points_if_yes``) when the requirement is met, else ``points_if_no``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parindex.core.scoring.inputs import InputField, any_inputs
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import label, number, reject_unknown
from parindex.core.scoring.registry import register
from parindex.core.text import LazyText, Text, of_lang
from parindex.core.text import format_number as n


@register
@dataclass(frozen=True)
class YesNo:
    type: ClassVar[str] = "yes_no"
    summary: ClassVar[Text] = Text(vi="Đạt / không đạt", en="Yes or no")
    inputs: ClassVar[tuple[InputField, ...]] = (InputField("value", "boolean", Text(vi="đạt (có/không)", en="met (yes/no)")),)
    example_params: ClassVar[dict] = {}
    max_points: float
    points_if_yes: float
    points_if_no: float
    requirement: Text

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"points_if_yes", "points_if_no", "requirement"})
        yes = number(params, "points_if_yes", max_points, minimum=0, maximum=max_points)
        no = number(params, "points_if_no", 0.0, minimum=0, maximum=max_points)
        return cls(max_points, yes, no, label(params, "requirement", Text(vi="yêu cầu", en="requirement")))

    def example_inputs(self, rng, share=None) -> dict:
        if share is None:
            return any_inputs(self.inputs, rng)
        return {"value": rng.random() < share + 0.05}  # requirements are met a little more often than points are earned

    def score(self, values) -> Score:
        met = values["value"]
        p = self.points_if_yes if met else self.points_if_no
        return Score(p, self.max_points, LazyText(lambda lang: (
            f"{self.requirement.get(lang)}: {of_lang(lang, 'có' if met else 'không', 'yes' if met else 'no')} → "
            f"{n(p, lang)} {of_lang(lang, 'trên', 'of')} {n(self.max_points, lang)}")))
