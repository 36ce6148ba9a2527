"""Survey share: an estimated share from the sociological survey (0..1) times the leaf's maximum."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parindex.core.scoring.inputs import InputField, any_inputs
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import reject_unknown
from parindex.core.scoring.registry import register
from parindex.core.text import LazyText, Text, of_lang
from parindex.core.text import format_number as n
from parindex.core.text import format_percent as pct


@register
@dataclass(frozen=True)
class SurveyShare:
    type: ClassVar[str] = "survey_share"
    summary: ClassVar[Text] = Text(vi="Kết quả điều tra xã hội học × điểm tối đa", en="Survey estimate × maximum points")
    inputs: ClassVar[tuple[InputField, ...]] = (
        InputField("estimate", "number", Text(vi="tỷ lệ ước lượng (0..1)", en="estimated share (0..1)"), 0.0, 1.0),
    )
    example_params: ClassVar[dict] = {}
    max_points: float

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, set())
        return cls(max_points)

    def example_inputs(self, rng, share=None) -> dict:
        if share is None:
            return any_inputs(self.inputs, rng)
        return {"estimate": round(min(1.0, max(0.0, rng.gauss(share, 0.03))), 4)}  # sampling error of a few points

    def score(self, values) -> Score:
        est = values["estimate"]
        points = est * self.max_points
        return Score(points, self.max_points, LazyText(lambda lang: (
            f"{of_lang(lang, 'khảo sát', 'survey')} {pct(est, lang)} × {n(self.max_points, lang)} = {n(points, lang)}")))
