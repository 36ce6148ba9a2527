"""Deadlines: points by how many days late a report or plan was (0 or less = on time)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parindex.core.scoring.inputs import InputField, any_inputs
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import label, reject_unknown
from parindex.core.scoring.point_bands import PointBand, band_for, describe_band, parse_point_bands
from parindex.core.scoring.registry import register
from parindex.core.text import LazyText, Text, of_lang
from parindex.core.text import format_number as n


@register
@dataclass(frozen=True)
class Deadline:
    type: ClassVar[str] = "deadline"
    summary: ClassVar[Text] = Text(vi="Thời hạn: điểm theo số ngày chậm", en="Deadline: points by days late")
    inputs: ClassVar[tuple[InputField, ...]] = (
        InputField("days_late", "integer", Text(vi="số ngày chậm (≤ 0: đúng hạn)", en="days late (≤ 0: on time)"), minimum=None),
    )
    example_params: ClassVar[dict] = {
        "bands": [{"from": 0, "below": 1, "points": 1}, {"from": 1, "below": 10, "points": 0.5}, {"from": 10, "points": 0}]}
    max_points: float
    bands: tuple[PointBand, ...]
    item: Text

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"bands", "item"})
        return cls(max_points, parse_point_bands(params, max_points), label(params, "item", Text(vi="báo cáo", en="report")))

    def example_inputs(self, rng, share=None) -> dict:
        if share is None:
            return any_inputs(self.inputs, rng)
        return {"days_late": 0 if rng.random() < share else rng.randint(1, 30)}  # on time, or up to a month late

    def score(self, values) -> Score:
        late = max(0, values["days_late"])
        pb = band_for(self.bands, late)

        def explain(lang: str) -> str:
            when = of_lang(lang, "đúng hạn", "on time") if late == 0 else of_lang(lang, f"chậm {late} ngày", f"{late} days late")
            band = describe_band(pb.band, of_lang(lang, " ngày", " days"), lang)
            return (f"{self.item.get(lang)} {when}, {of_lang(lang, 'khung', 'band')} {band} → "
                    f"{n(pb.points, lang)} {of_lang(lang, 'trên', 'of')} {n(self.max_points, lang)}")
        return Score(pb.points, self.max_points, LazyText(explain))
