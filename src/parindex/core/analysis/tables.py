"""The whole analysis of a published cycle as tables — what ``parindex analyse`` writes and what
the portal shows: rank intervals and group probabilities, Sobol indices, leave-one-out, what each
unit must fix, and self-assessment inflation."""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from parindex.core.analysis.improvement import inflation_against_citizens, lost_points, next_group_plan, self_assessment_inflation
from parindex.core.analysis.model import IndexModel, from_published
from parindex.core.analysis.sensitivity import leave_one_out, sobol
from parindex.core.analysis.uncertainty import rank_uncertainty
from parindex.core.cells import frame_to_csv
from parindex.core.methodology.model import Methodology
from parindex.core.results.published import PublishedEntry, PublishedResults

DEFAULT_SEED = 2025


def what_to_fix(model: IndexModel, unit: str, entries: Mapping[str, Mapping[str, PublishedEntry]] | None = None,
                names: Mapping[str, str] | None = None, top: int = 10) -> dict:
    """One unit's list: the next group's plan and the leaves where most points were lost, with the
    best performer's points and the appraisers' reasons."""
    reasons = (entries or {}).get(unit, {})

    def reason(leaf: str) -> str:
        entry = reasons.get(leaf)
        return entry.reason if entry else ""
    lost = [r | {"criterion": (names or {}).get(r["leaf"], r["leaf"]), "reason": reason(r["leaf"])}
            for r in lost_points(model, unit) if r["lost"] > 1e-9][:top]
    plan = next_group_plan(model, unit)
    plan["criteria"] = [c | {"criterion": (names or {}).get(c["leaf"], c["leaf"])} for c in plan["criteria"]]
    return {"next_group": plan, "lost": lost}


def analyse_published(published: PublishedResults, methodology: Methodology, replications: int = 10_000, seed: int = DEFAULT_SEED,
                     weight_noise: float = 0.25, sobol_samples: int = 2000, lang: str = "vi") -> tuple[dict[str, pd.DataFrame], dict]:
    """Every table of the analysis, and the facts needed to reproduce it (seed, settings)."""
    model = from_published(published, methodology)
    names = {n.code: n.name.get(lang) for n in methodology.walk()}
    unit_names = {u.unit.id: u.unit.label(lang) for u in published.units}
    uncertainty = rank_uncertainty(model, replications, seed, weight_noise)
    ranks_table = pd.DataFrame(uncertainty.rows())
    ranks_table.insert(1, "unit", ranks_table["unit_id"].map(unit_names))
    sensitivity = sobol(model, sobol_samples, seed, weight_noise) if sobol_samples else None
    criteria = {n.code: [leaf.code for leaf in n.leaves() if not leaf.is_adjustment] for a in methodology.areas for n in a.children}
    loo_areas = leave_one_out(model)
    loo_criteria = leave_one_out(model, "criterion", criteria)
    entries = published.entries
    fixes = []
    for unit in model.units:
        found = what_to_fix(model, unit, entries, names)
        plan = found["next_group"]
        fixes.append({"unit_id": unit, "unit": unit_names[unit], "group": plan["group"], "next_group": plan["next_group"],
                      "points_needed": plan.get("points_needed"), "reachable": plan["reachable"],
                      "criteria_to_fix": "; ".join(f"{c['leaf']} (+{c['gain']:.2f})" for c in plan["criteria"]),
                      "most_points_lost": "; ".join(f"{r['leaf']} (−{r['lost']:.2f}, best {r['best']:.2f})" for r in found["lost"][:5])})
    inflation = self_assessment_inflation(entries, model)
    overall = {e.domain: e.estimate for e in published.survey_estimates() if e.element == "overall"}
    code_to_id = {u.unit.code: u.unit.id for u in published.units}
    citizens = {code_to_id[c]: v for c, v in overall.items() if c in code_to_id}
    tables = {
        "rank_uncertainty": ranks_table,
        "leave_one_out_areas": pd.DataFrame([{k: v for k, v in r.items() if k != "shifts"} for r in loo_areas]),
        "leave_one_out_criteria": pd.DataFrame([{k: v for k, v in r.items() if k != "shifts"} for r in loo_criteria]),
        "what_to_fix": pd.DataFrame(fixes),
        "lost_points": pd.DataFrame([{"unit_id": u, **r, "criterion": names.get(r["leaf"], r["leaf"])}
                                     for u in model.units for r in lost_points(model, u) if r["lost"] > 1e-9]),
        "self_assessment_inflation": pd.DataFrame(inflation),
    }
    if sensitivity is not None:
        tables["sobol"] = pd.DataFrame(sensitivity.rows())
    facts = {"cycle": published.cycle.slug, "snapshot_checksum": published.checksum, "methodology": methodology.id,
             "replications": replications, "seed": seed, "settings": uncertainty.settings, "sobol_base_samples": sobol_samples,
             "sobol_runs": sensitivity.runs if sensitivity else 0, "survey_sources": model.sources,
             "inflation_vs_citizens": inflation_against_citizens(inflation, citizens)}
    return tables, facts


def write_tables(tables: dict[str, pd.DataFrame], facts: dict, out: str | Path, fmt: str = "csv") -> list[Path]:
    """CSV (one file per table), XLSX (one sheet per table) or JSON (one file), with the facts."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "xlsx":
        path = out / "analysis.xlsx"
        with pd.ExcelWriter(path, engine="xlsxwriter") as book:
            for name, table in tables.items():
                table.to_excel(book, sheet_name=name[:31], index=False)
        written.append(path)
    elif fmt == "json":
        path = out / "analysis-tables.json"
        path.write_text(json.dumps({n: t.to_dict("records") for n, t in tables.items()}, ensure_ascii=False, default=float), encoding="utf-8")
        written.append(path)
    else:
        for name, table in tables.items():
            path = out / f"{name}.csv"
            frame_to_csv(table, path, index=False)
            written.append(path)
    path = out / "analysis.json"
    path.write_text(json.dumps(facts, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return written + [path]
