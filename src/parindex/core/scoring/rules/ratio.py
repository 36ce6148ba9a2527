"""Ratios of done to due: points by band (``ratio_bands``) or in proportion (``ratio_linear``).

Bounds are written in percent in the methodology file, as the decisions write them
("từ 80 % đến dưới 100 %"). When nothing was due (denominator 0), ``if_none_due`` decides: the
decisions usually award full points, since the unit had no obligation to fail.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from parindex.core.phrases import t
from parindex.core.scoring.inputs import EXAMPLE_SPAN, InputField, InputValueError
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.params import choice, label, number, reject_unknown
from parindex.core.scoring.point_bands import PointBand, band_for, describe_band, parse_point_bands
from parindex.core.scoring.registry import RuleParamError, register
from parindex.core.text import LazyText, Text, of_lang
from parindex.core.text import format_number as n
from parindex.core.text import format_percent as pct

RATIO_INPUTS = (
    InputField("numerator", "number", Text(vi="số đạt", en="achieved")),
    InputField("denominator", "number", Text(vi="tổng số phải thực hiện", en="due")),
)
NONE_DUE = ("full", "zero")


def achieved_within_due(values) -> None:
    """What both ratio rules require of their inputs, checked by ``score_inputs`` before scoring:
    never more achieved than due — also when nothing was due, where 5 of 0 would otherwise take
    the "none due" branch and full points."""
    num, den = values["numerator"], values["denominator"]
    if num > den:
        raise InputValueError(t('achieved ≤ due ({value})', value=n(den, 'en')), num)


def example_ratio(rng, share=None) -> dict:
    """Both ratio rules' example inputs: done and due are counts, never more done than due. Without a
    share anything from nothing due up to ``EXAMPLE_SPAN`` due; with one, 4 to 120 due and done a
    little above the share."""
    if share is None:
        due = rng.randint(0, EXAMPLE_SPAN)
        return {"numerator": float(rng.randint(0, due)), "denominator": float(due)}
    due = rng.randint(4, 120)
    done = min(due, round(due * min(1.0, share + 0.05)))
    return {"numerator": float(done), "denominator": float(due)}


def _ratio(values) -> float:
    return values["numerator"] / values["denominator"]


def _none_due(rule, points: float) -> Score:
    return Score(points, rule.max_points, LazyText(lambda lang: of_lang(
        lang, f"không có {rule.item.vi} phải thực hiện → {n(points, 'vi')} trên {n(rule.max_points, 'vi')}",
        f"no {rule.item.en} due → {n(points, 'en')} of {n(rule.max_points, 'en')}").replace("  ", " ")))


def _lead(values, item: Text, ratio: float, lang: str) -> str:
    num, den = n(values["numerator"], lang, keep_one=False), n(values["denominator"], lang, keep_one=False)
    word = of_lang(lang, "trên", "of")
    return f"{num} {word} {den} {item.get(lang)} = {pct(ratio, lang)}".replace("  ", " ")


@register
@dataclass(frozen=True)
class RatioBands:
    type: ClassVar[str] = "ratio_bands"
    summary: ClassVar[Text] = Text(vi="Tỷ lệ hoàn thành, chấm theo khung", en="Completion ratio scored by band")
    inputs: ClassVar[tuple[InputField, ...]] = RATIO_INPUTS
    max_points: float
    bands: tuple[PointBand, ...]
    item: Text
    if_none_due: str
    check_inputs: ClassVar = staticmethod(achieved_within_due)
    example_params: ClassVar[dict] = {
        "bands": [{"from": 0, "below": 50, "points": 0}, {"from": 50, "below": 80, "points": 0.5}, {"from": 80, "points": 1.0}]}

    def example_inputs(self, rng, share=None) -> dict:
        return example_ratio(rng, share)

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"bands", "item", "if_none_due"})
        return cls(max_points, parse_point_bands(params, max_points), label(params, "item", Text("", "")),
                   choice(params, "if_none_due", NONE_DUE, "full"))

    def score(self, values) -> Score:
        if values["denominator"] == 0:
            return _none_due(self, self.max_points if self.if_none_due == "full" else 0.0)
        ratio = _ratio(values)
        pb = band_for(self.bands, ratio * 100)
        return Score(pb.points, self.max_points, LazyText(lambda lang: (
            f"{_lead(values, self.item, ratio, lang)}, {of_lang(lang, 'khung', 'band')} {describe_band(pb.band, ' %', lang)} → "
            f"{n(pb.points, lang)} {of_lang(lang, 'trên', 'of')} {n(self.max_points, lang)}")))


@register
@dataclass(frozen=True)
class RatioLinear:
    type: ClassVar[str] = "ratio_linear"
    summary: ClassVar[Text] = Text(vi="Tỷ lệ hoàn thành, chấm tỷ lệ thuận", en="Completion ratio scored in proportion")
    inputs: ClassVar[tuple[InputField, ...]] = RATIO_INPUTS
    max_points: float
    zero_at: float  # percent at or below which the leaf scores 0
    full_at: float  # percent from which it scores full points
    item: Text
    if_none_due: str
    check_inputs: ClassVar = staticmethod(achieved_within_due)
    example_params: ClassVar[dict] = {"zero_at": 20, "full_at": 90}

    def example_inputs(self, rng, share=None) -> dict:
        return example_ratio(rng, share)

    @classmethod
    def from_params(cls, params, max_points):
        reject_unknown(params, {"zero_at", "full_at", "item", "if_none_due"})
        zero = number(params, "zero_at", 0.0, minimum=0, maximum=100)
        full = number(params, "full_at", 100.0, minimum=0, maximum=100)
        if full <= zero:
            raise RuleParamError("full_at", t("'full_at' must be above 'zero_at'"), t('a percent > {zero}', zero=zero), full)
        return cls(max_points, zero, full, label(params, "item", Text("", "")), choice(params, "if_none_due", NONE_DUE, "full"))

    def score(self, values) -> Score:
        if values["denominator"] == 0:
            return _none_due(self, self.max_points if self.if_none_due == "full" else 0.0)
        ratio = _ratio(values)
        share = min(1.0, max(0.0, (ratio * 100 - self.zero_at) / (self.full_at - self.zero_at)))
        points = share * self.max_points
        return Score(points, self.max_points, LazyText(lambda lang: (
            f"{_lead(values, self.item, ratio, lang)} → {pct(share, lang)} {of_lang(lang, 'của', 'of')} "
            f"{n(self.max_points, lang)} = {n(points, lang)}")))

    def points_array(self, values) -> np.ndarray:
        """``score``'s points for arrays of numerators and denominators: the same operations in the
        same order, so each point is the float ``score`` gives (pinned by the conformance test)."""
        num, den = np.asarray(values["numerator"], float), np.asarray(values["denominator"], float)
        over = np.flatnonzero(num > den)
        if len(over):  # the first unit whose inputs contradict each other, refused as score_inputs refuses it
            achieved_within_due({"numerator": float(num[over[0]]), "denominator": float(den[over[0]])})
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = num / den
        share = np.minimum(1.0, np.maximum(0.0, (ratio * 100 - self.zero_at) / (self.full_at - self.zero_at)))
        none_due = self.max_points if self.if_none_due == "full" else 0.0
        return np.where(den == 0, none_due, share * self.max_points)
