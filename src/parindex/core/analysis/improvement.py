"""What each unit must fix: where it lost points against the maximum and against the best
performer, the fewest criteria that would lift it into the next group, and how far its
self-assessment ran ahead of the appraisal."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from parindex.core.analysis.model import IndexModel
from parindex.core.results.published import PublishedEntry


def lost_points(model: IndexModel, unit: str) -> list[dict]:
    """Per leaf: points lost against the maximum and against the best performer on that leaf."""
    i = model.units.index(unit)
    best = model.points.max(axis=0)
    rows = [{"leaf": leaf, "area": model.areas[model.leaf_area[j]], "points": float(model.points[i, j]),
             "max": float(model.leaf_max[j]), "lost": float(model.leaf_max[j] - model.points[i, j]),
             "best": float(best[j]), "behind_best": float(best[j] - model.points[i, j])}
            for j, leaf in enumerate(model.leaves)]
    return sorted(rows, key=lambda r: (-r["lost"], r["leaf"]))


def next_group_plan(model: IndexModel, unit: str) -> dict:
    """The fewest leaves whose full points would lift the unit into the next group up.

    Taking the largest attainable gains first gives the fewest criteria (each gain is what the leaf
    can add within its area's maximum, after bonus or penalty). The target is the next group's
    lower bound at the published rounding."""
    i = model.units.index(unit)
    index = float(model.nominal_index()[i])
    current = model.group_of(np.array([round(index, model.ranking_decimals)]))[0]
    above = sorted((low, code) for code, low in model.groups if low > model.groups[current][1])
    if not above:
        return {"unit": unit, "index": index, "group": model.groups[current][0], "next_group": None, "criteria": [], "reachable": True}
    target_low, target = above[0]
    scale = model.area_max.sum()

    def reached(gained: float) -> bool:
        return bool(round(index + gained * 100 / scale, model.ranking_decimals) >= target_low)

    points = model.points[i]
    headroom = model.area_max - np.clip(points @ model.area_matrix() + model.adjustments[i], 0.0, model.area_max)
    chosen, gained = [], 0.0
    attainable = np.minimum(model.leaf_max - points, headroom[model.leaf_area])
    for j in np.argsort(-attainable, kind="stable"):
        if reached(gained):
            break
        gain = min(model.leaf_max[j] - points[j], headroom[model.leaf_area[j]])
        if gain <= 1e-9:
            continue
        headroom[model.leaf_area[j]] -= gain
        gained += gain
        chosen.append({"leaf": model.leaves[j], "area": model.areas[model.leaf_area[j]], "gain": float(gain)})
    return {"unit": unit, "index": index, "group": model.groups[current][0], "next_group": target,
            "points_needed": float((target_low - index) * scale / 100), "criteria": chosen, "reachable": reached(gained)}


def self_assessment_inflation(entries: Mapping[str, Mapping[str, PublishedEntry]], model: IndexModel) -> list[dict]:
    """Per unit and area: self-assessed points minus the points finally given (appraised, or final
    after explanations). Positive = the unit claimed more than the appraisers allowed."""
    area_of = dict(zip(model.leaves, (model.areas[a] for a in model.leaf_area)))
    rows = []
    for unit in model.units:
        by_area: dict[str, float] = {}
        for leaf, e in (entries.get(unit) or {}).items():
            if leaf not in area_of or e.self_points is None:
                continue
            given = e.points if e.points is not None else e.self_points
            by_area[area_of[leaf]] = by_area.get(area_of[leaf], 0.0) + e.self_points - given
        rows.append({"unit_id": unit, "total": sum(by_area.values()), **{f"area_{a}": by_area.get(a, 0.0) for a in model.areas}})
    return rows


def inflation_against_citizens(inflation: list[dict], citizens: Mapping[str, float]) -> dict:
    """Does claiming more go with citizens being less satisfied? Pearson correlation, across units,
    of self-assessment inflation with the unit's overall satisfaction (``citizens``: unit id → share)."""
    pairs = [(r["total"], citizens[r["unit_id"]]) for r in inflation if r["unit_id"] in citizens]
    if len(pairs) < 3 or np.std([p[0] for p in pairs]) == 0:
        return {"units": len(pairs), "correlation": None}
    x, y = np.array(pairs).T
    return {"units": len(pairs), "correlation": float(np.corrcoef(x, y)[0, 1])}
