"""SIPAS: citizens' satisfaction with public administrative services, with its precision.

For each element, a respondent's answers to the element's items are counted: satisfied answers
(4–5 by default) over valid answers ("don't know" and missing are not valid). The element index
is the weighted share of satisfied answers among valid answers — a ratio estimator, as the
published figures are percentages of answers. The overall SIPAS is the mean of the element
indices; its linearised variable is the mean of the elements', so its SE accounts for their
correlation. Expectation items are reported separately and never enter the index.

Every index comes with SE, 95 % interval, n and a reliability flag: a coefficient of variation
above 20 % marks a unit whose sample is too small for a reliable figure.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from parindex.core.survey.design import Design
from parindex.core.survey.domains import Z975, domain_sums, linearised_ssu, variance_of
from parindex.core.survey.questionnaire import Questionnaire

CV_LIMIT = 0.20
OVERALL = "overall"


def answer_counts(data: pd.DataFrame, questionnaire: Questionnaire) -> tuple[dict, dict]:
    """Per respondent and element: satisfied answers and valid answers over the element's items."""
    satisfied, valid = {}, {}
    for element in questionnaire.elements:
        s, v = _item_counts(data, questionnaire, element.items)
        satisfied[element.code], valid[element.code] = sum(s.values()), sum(v.values())
    return satisfied, valid


def sipas(design: Design, questionnaire: Questionnaire, by: str | None = None) -> pd.DataFrame:
    """Element indices and the overall index, nationally (``by=None``) or per value of ``by``; then
    each expectation item's share of agreeing answers (4–5), marked ``in_index = False``."""
    satisfied, valid = answer_counts(design.data, questionnaire)
    table = _indices(design, satisfied, valid, by)
    if questionnaire.expectations:
        s, v = _item_counts(design.data, questionnaire, questionnaire.expectations)
        extra = _indices(design, s, v, by, overall=False)
        extra["element"] = "expectation:" + extra["element"]
        extra["in_index"] = False
        table = pd.concat([table, extra], ignore_index=True)
    return table


def _item_counts(data: pd.DataFrame, questionnaire: Questionnaire, items) -> tuple[dict, dict]:
    low, high = questionnaire.scale
    satisfied, valid = {}, {}
    for item in items:
        answers = pd.to_numeric(data[item.code], errors="coerce").to_numpy()
        ok = (answers >= low) & (answers <= high)
        valid[item.code] = ok.astype(float)
        satisfied[item.code] = (ok & np.isin(answers, questionnaire.satisfied)).astype(float)
    return satisfied, valid


def _indices(design: Design, satisfied: dict, valid: dict, by: str | None, overall: bool = True) -> pd.DataFrame:
    sums = domain_sums(design, satisfied, valid, by)
    ratios = sums.ratios()
    clusters, ssus = sums.linearised(), linearised_ssu(sums)
    variance = variance_of(sums, clusters, ssus)
    overall_var = variance_of(sums, np.nan_to_num(clusters).mean(axis=-1),
                              None if ssus is None else np.nan_to_num(ssus).mean(axis=-1)) if overall else None
    rows = []
    for d, domain in enumerate(sums.domains):
        for k, element in enumerate(sums.names):
            rows.append(_row(domain, element, ratios[d, k], variance[d, k], sums.n[d, k]))
        if overall_var is not None:
            rows.append(_row(domain, OVERALL, np.mean(ratios[d]), overall_var[d], sums.n[d].max()))
    table = pd.DataFrame(rows)
    table["in_index"] = True
    return table


def _row(domain, element, estimate, variance, n) -> dict:
    se = float(np.sqrt(max(variance, 0.0)))
    cv = se / estimate if estimate else float("inf")
    return {"domain": domain, "element": element, "estimate": float(estimate), "se": se,
            "ci_low": float(max(0.0, estimate - Z975 * se)), "ci_high": float(min(1.0, estimate + Z975 * se)),
            "n": int(n), "cv": cv, "reliable": bool(cv <= CV_LIMIT)}


def survey_inputs(methodology, table: pd.DataFrame, questionnaire_id: str, unit_of_domain: dict[str, str]) -> dict:
    """PAR survey leaves fed by the questionnaire (``estimate_from``): ``{unit_id: {leaf: {"estimate": x}}}``."""
    out: dict[str, dict] = {}
    index = {(r.domain, r.element): r.estimate for r in table.itertuples()}
    for leaf in methodology.leaves():
        if leaf.estimate_from is None or leaf.estimate_from[0] != questionnaire_id:
            continue
        for domain, unit_id in unit_of_domain.items():
            value = index.get((domain, leaf.estimate_from[1]))
            if value is not None and not np.isnan(value):
                out.setdefault(unit_id, {})[leaf.code] = {"estimate": float(value)}
    return out
