"""From a methodology and a cycle's inputs to every unit's points, index, rank and group.

Leaves are scored by their rules; a parent's points are the sum of its children's (bonus adds,
penalty takes away) kept within 0..its maximum; the index is the total as a percent of the scale.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone

from parindex import __version__
from parindex.core.errors import ParindexError, Where
from parindex.core.inputs.model import Adjustment, CycleInputs, UnitInputs
from parindex.core.methodology.model import Methodology, Node
from parindex.core.phrases import t
from parindex.core.results.averages import averages
from parindex.core.results.model import CycleResults, NodeResult, ResultProvenance, UnitResult
from parindex.core.results.ranking import rank
from parindex.core.scoring.outcome import Score
from parindex.core.scoring.registry import score_inputs
from parindex.core.text import LazyText, Text, format_number, of_lang
from parindex.core.units.catalogue import UnitCatalogue, builtin_units
from parindex.core.units.lineage import carry_forward


def compute_cycle(methodology: Methodology, inputs: CycleInputs, *, previous: "PreviousResults | None" = None,
                  lineage_rule: str = "mean", catalogue: UnitCatalogue | None = None) -> CycleResults:
    catalogue = catalogue or builtin_units()
    scored = [score_unit(methodology, u) for u in inputs.units]
    ranks = rank([r.index for r in scored], methodology.ranking.ties, methodology.ranking.decimals)
    comparisons = {}
    if previous is not None:
        comparisons = carry_forward(previous.index_by_unit, previous.reference_day, [r.unit.id for r in scored],
                                    catalogue, lineage_rule)
    results = [
        UnitResult(r.unit, r.nodes, r.total, r.index, r.parts, rank=k, group=methodology.group_for(round(r.index, methodology.ranking.decimals)),
                   previous=comparisons.get(r.unit.id))
        for r, k in zip(scored, ranks)
    ]
    results.sort(key=lambda r: (r.rank, r.unit.code))
    provenance = ResultProvenance(
        methodology_id=methodology.id, methodology_hash=methodology.content_hash, methodology_file=methodology.source_file,
        inputs_source=inputs.source, inputs_hash=inputs.content_hash, year=inputs.year,
        ranking=f"ties={methodology.ranking.ties}, decimals={methodology.ranking.decimals}",
        lineage_rule=lineage_rule if previous is not None else None,
        previous_source=previous.source if previous is not None else None,
        computed_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), parindex_version=__version__,
    )
    return CycleResults(methodology, tuple(results), averages(methodology, results), provenance)


def score_unit(methodology: Methodology, unit_inputs: UnitInputs) -> UnitResult:
    """Score every leaf and add up the tree for one unit (rank and group are set by the caller)."""
    nodes: dict[str, NodeResult] = {}
    for area in methodology.areas:
        _score_node(area, unit_inputs.values, unit_inputs.adjustments, nodes)
    total = min(max(sum(nodes[a.code].points for a in methodology.areas), 0.0), methodology.scale)
    parts = {"appraisal": 0.0, "survey": 0.0}
    for leaf in methodology.leaves():
        parts["survey" if leaf.source == "survey" else "appraisal"] += nodes[leaf.code].points
    return UnitResult(unit_inputs.unit, nodes, total, total / methodology.scale * 100, parts)


def _score_node(node: Node, values: Mapping[str, Mapping], adjustments: Mapping[str, Adjustment],
                out: dict[str, NodeResult]) -> NodeResult:
    if node.is_leaf:
        raw = values.get(node.code, {})
        assert node.rule is not None, node.code  # the loader gives every leaf a rule
        score = score_inputs(node.rule, raw)
        points, explanation = score.points, score.explanation
        if node.code in adjustments:
            points, explanation = adjusted(node, score, adjustments[node.code])
        result = NodeResult(node.code, points, 0.0 if node.is_adjustment else node.max_points,
                            explanation, score.missing and node.code not in adjustments, dict(raw))
    else:
        children = [_score_node(child, values, adjustments, out) for child in node.children]
        points = min(max(sum(c.points for c in children), 0.0), node.max_points)
        result = NodeResult(node.code, points, node.max_points)
    out[node.code] = result
    return result


def check_adjustment(node: Node, points: float) -> None:
    """Appraised points must stay within the leaf's range: 0..max, or −max..0 for a penalty."""
    low, high = (-node.max_points, 0.0) if node.source == "penalty" else (0.0, node.max_points)
    if not low - 1e-9 <= points <= high + 1e-9:
        raise ParindexError("adjustment_out_of_range", t('appraised points for {code} are out of range', code=node.code),
                            Where(path=node.code), expected=t('from {low} to {high}', low=low, high=high), got=points)


def adjusted(node: Node, score: Score, adjustment: Adjustment) -> tuple[float, Text | LazyText]:
    """The appraised points, explained with what the rule gave and why it was changed."""
    check_adjustment(node, adjustment.points)
    if abs(adjustment.points - score.points) < 1e-12:
        return score.points, score.explanation
    return adjustment.points, LazyText(lambda lang: (
        f"{of_lang(lang, 'thẩm định', 'appraised')}: {format_number(adjustment.points, lang)} "
        f"({of_lang(lang, 'tự đánh giá', 'self-assessed')} {format_number(score.points, lang)}: {score.explanation.get(lang)}) "
        f"— {adjustment.reason}"))


class PreviousResults:
    """Last cycle's index per unit id, and the day its units are resolved on."""

    def __init__(self, index_by_unit: dict[str, float], reference_day: date, source: str = "<previous>"):
        self.index_by_unit = index_by_unit
        self.reference_day = reference_day
        self.source = source
