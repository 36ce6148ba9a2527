"""Counts scored by band, e.g. the number of reform initiatives applied in the year."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parindex.core.scoring.inputs import EXAMPLE_SPAN, InputField, any_inputs
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import label, reject_unknown
from parindex.core.scoring.point_bands import PointBand, band_for, describe_band, parse_point_bands
from parindex.core.scoring.registry import register
from parindex.core.text import LazyText, Text, of_lang
from parindex.core.text import format_number as n


@register
@dataclass(frozen=True)
class CountBands:
    type: ClassVar[str] = "count_bands"
    summary: ClassVar[Text] = Text(vi="Số lượng, chấm theo khung", en="A count scored by band")
    inputs: ClassVar[tuple[InputField, ...]] = (InputField("count", "integer", Text(vi="số lượng", en="count")),)
    example_params: ClassVar[dict] = {"bands": [{"from": 0, "below": 2, "points": 0}, {"from": 2, "points": 1}]}
    max_points: float
    bands: tuple[PointBand, ...]
    item: Text

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"bands", "item"})
        return cls(max_points, parse_point_bands(params, max_points), label(params, "item", Text("", "")))

    def example_inputs(self, rng, share=None) -> dict:
        if share is None:
            return any_inputs(self.inputs, rng)
        # a handful of initiatives, more for a stronger unit (and never an absurd number, whatever the rng)
        return {"count": min(EXAMPLE_SPAN, max(0, int(rng.gauss(share * 4, 1.2))))}

    def score(self, values) -> Score:
        count = values["count"]
        pb = band_for(self.bands, count)
        return Score(pb.points, self.max_points, LazyText(lambda lang: (
            f"{count} {self.item.get(lang)}".rstrip() + f", {of_lang(lang, 'khung', 'band')} {describe_band(pb.band, '', lang)} → "
            f"{n(pb.points, lang)} {of_lang(lang, 'trên', 'of')} {n(self.max_points, lang)}")))
