"""Scoring rules: small pure functions from a unit's inputs to points and a sentence saying why."""
from parindex.core.scoring import rules  # noqa: F401  (registers the built-in rule types)
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.registry import RULES, Rule, build_rule, register, score_inputs

__all__ = ["RULES", "Rule", "Score", "build_rule", "register", "score_inputs"]
