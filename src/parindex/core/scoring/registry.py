"""The one place rule types are registered.

A rule type is a frozen class with a ``type`` name, the ``inputs`` it asks of a unit, a
``from_params`` constructor that validates its parameters from the methodology file, a pure
``score(values)``, and its own examples: ``example_params`` (a typical 1-point leaf's parameters)
and ``example_inputs(rng, share)`` (inputs a unit could enter). Registering a new kind is one
decorator; the methodology loader, the input templates, the CLI, the demo's synthetic inputs and
the shared conformance test pick it up from here. ``docs/design/rule-type.md`` is the checklist.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol, TypeVar

import numpy as np

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import Words, t
from parindex.core.scoring.inputs import InputField
from parindex.core.scoring.outcome import Score
from parindex.core.text import LazyText, Text, of_lang


class Rule(Protocol):
    type: ClassVar[str]
    inputs: ClassVar[tuple[InputField, ...]]
    summary: ClassVar[Text]
    example_params: ClassVar[Mapping[str, Any]]  # valid for a leaf worth 1 point: the conformance test builds the rule from them
    max_points: float

    @classmethod
    def from_params(cls, params: Mapping[str, Any], max_points: float) -> "Rule": ...

    def score(self, values: Mapping[str, Any]) -> Score: ...

    def example_inputs(self, rng: random.Random, share: float | None = None) -> dict[str, Any]:
        """Inputs a unit could enter for this leaf, one per input field, drawn from ``rng`` alone (the
        same state gives the same inputs). With ``share`` (0..1): a unit earning about that share of
        the maximum, as the demo's synthetic inputs need. Without: any values the fields accept, their
        edges included (``inputs.any_inputs``), as the property tests need."""
        ...


RULES: dict[str, type[Rule]] = {}
R = TypeVar("R", bound=type)  # a rule class, returned as itself so the decorator keeps its type


def register(cls: R) -> R:
    rule_type = cls.type  # type: ignore[attr-defined]  # every rule class declares it (the Rule protocol)
    if rule_type in RULES:
        raise RuntimeError(f"rule type {rule_type!r} registered twice")
    RULES[rule_type] = cls
    return cls


class RuleParamError(ParindexError):
    """A rule parameter out of range; ``where.path`` is relative to the rule (``bands[1].from``)."""

    def __init__(self, param: str, title: Words, expected: Words | None = None, got: Any = None):
        super().__init__("rule_param", title, Where(path=param), expected, got)


def build_rule(spec: Mapping[str, Any], max_points: float) -> Rule:
    """Make the rule a methodology leaf describes: ``{"type": "ratio_bands", "bands": [...]}``."""
    rule_type = spec.get("type")
    if rule_type not in RULES:
        raise ParindexError(
            "unknown_rule",
            t("unknown rule type '{rule_type}'", rule_type=rule_type),
            Where(path="type"),
            expected=t('one of {items}', items=", ".join(sorted(RULES))),
            got=rule_type,
        )
    params = {k: v for k, v in spec.items() if k != "type"}
    return RULES[rule_type].from_params(params, max_points)


def score_inputs(rule: Rule, raw: Mapping[str, Any]) -> Score:
    """Score a leaf from already-coerced input values; any missing input scores 0, marked missing."""
    values = {field.name: raw.get(field.name) for field in rule.inputs}
    if any(v is None for v in values.values()):
        absent = [f.name for f in rule.inputs if values[f.name] is None]
        names = ", ".join(absent)
        return Score(0.0, rule.max_points,
                     LazyText(lambda lang: of_lang(lang, f"chưa có số liệu ({names}) → 0 điểm", f"no input ({names}) → 0 points")),
                     missing=True)
    check = getattr(rule, "check_inputs", None)
    if check is not None:  # inputs that contradict each other, refused before any branch of the rule can award points
        check(values)
    return rule.score(values)


def score_many(rule: Rule, values: Mapping[str, Any]) -> np.ndarray:
    """The points of many units' inputs at once (``values``: one array per input field, all present),
    as ``score_inputs`` would give them one by one — for an index computed for thousands of units
    and periods. A rule with ``points_array`` scores the arrays itself (its conformance test pins it
    to ``score``); any other is scored once per distinct set of inputs."""
    arrays = {field.name: np.asarray(values[field.name]) for field in rule.inputs}
    vectorised = getattr(rule, "points_array", None)
    if vectorised is not None:
        return vectorised(arrays)
    rows = list(zip(*(arrays[field.name].tolist() for field in rule.inputs)))
    seen: dict[tuple, float] = {}
    for row in dict.fromkeys(rows):
        seen[row] = score_inputs(rule, dict(zip((f.name for f in rule.inputs), row))).points
    return np.array([seen[row] for row in rows], dtype=float)
