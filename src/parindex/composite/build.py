"""A composite built from a YAML spec, and every step's data set written out.

The spec names the data, the framework and the steps in order, each with its parameters, so the
same spec rebuilds the same numbers::

    name: ASEM Sustainable Connectivity
    data: ASEM_iData.csv            # paths relative to the spec
    meta: ASEM_iMeta.csv
    steps:
      - denominate: {}
      - impute: {f_i: i_mean_grp, use_group: EurAsia_group}
      - screen: {dat_thresh: 0.9}
      - treat: {winmax: 5}
      - normalise: {f_n: n_minmax, f_n_para: {l_u: [0, 100]}}
      - aggregate: {f_ag: a_amean}

Each step reads the previous step's data set unless it names ``dset``.
"""
from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path

import pandas as pd

from parindex.composite.aggregate import aggregate
from parindex.composite.coin import Coin, load_coin
from parindex.composite.denominate import denominate
from parindex.composite.impute import impute
from parindex.composite.normalise import normalise
from parindex.composite.results import results_table
from parindex.composite.screen import screen
from parindex.composite.treat import treat
from parindex.core.cells import frame_to_csv
from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.methodology.yaml_source import MAX_YAML_BYTES, load_yaml, too_large
from parindex.core.phrases import t

STEPS = {"denominate": denominate, "impute": impute, "screen": screen, "treat": treat, "normalise": normalise,
         "aggregate": aggregate}


def read_spec(path: str | Path) -> dict:
    path = Path(path)
    with path.open("rb") as f:  # the same caps as a methodology: bounded read, no aliases, bounded depth
        raw = f.read(MAX_YAML_BYTES + 1)
    if len(raw) > MAX_YAML_BYTES:
        raise too_large(str(path), path.stat().st_size)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ParindexError("bad_encoding", t('the spec is not UTF-8 text'), Where(file=str(path)), expected=t('a UTF-8 YAML file')) from None
    spec = load_yaml(text, str(path)).data
    problems = []
    if not isinstance(spec, dict):
        raise ParindexError("bad_spec", t('the spec is not a mapping'), Where(file=str(path)), expected=t('keys name, data, meta, steps'))
    for key in set(spec) - {"name", "data", "meta", "steps", "time", "uncertainty", "note"}:
        problems.append(ParindexError("unknown_field", t("the spec has an unknown field '{key}'", key=key), Where(file=str(path), path=key),
                                      expected=t('name, data, meta, time, steps, uncertainty, note'), got=key))
    for key in ("data", "meta", "steps"):
        if key not in spec:
            problems.append(ParindexError("missing_field", t("the spec has no '{key}'", key=key), Where(file=str(path), path=key),
                                          expected={"data": "the iData CSV", "meta": "the iMeta CSV", "steps": "a list of steps"}[key]))
    for i, step in enumerate(spec.get("steps") or []):
        where = Where(file=str(path), path=f"steps[{i}]")
        if not isinstance(step, dict) or len(step) != 1 or next(iter(step)) not in STEPS:
            problems.append(ParindexError("bad_step", t('a step is one of the known steps with its parameters'), where,
                                          expected=t('one of {items}', items=", ".join(STEPS)), got=step))
            continue
        name, params = next(iter(step.items()))
        accepted = set(inspect.signature(STEPS[name]).parameters) - {"coin"}
        for key in (params or {}):
            if key not in accepted:
                problems.append(ParindexError("unknown_parameter", t("{name} has no parameter '{key}'", name=name, key=key),
                                              Where(file=str(path), path=f"steps[{i}].{name}.{key}"),
                                              expected=t('one of {items}', items=", ".join(sorted(accepted))), got=key))
    if problems:
        raise ValidationFailed(str(path), problems)
    return spec


OUTPUTS = {"denominate": "Denominated", "impute": "Imputed", "screen": "Screened", "treat": "Treated",
           "normalise": "Normalised", "aggregate": "Aggregated"}


def run_steps(coin: Coin, steps: list[dict]) -> Coin:
    """Run ``steps`` (the spec's list) on a coin holding its ``Raw`` data set."""
    previous = "Raw"
    for step in steps:
        name, params = next(iter(step.items()))
        params = dict(params or {})
        params.setdefault("dset", previous)
        if name == "aggregate" and isinstance(params.get("weights"), dict):
            params["weights"] = pd.Series(params["weights"], dtype=float)
        STEPS[name](coin, **params)
        previous = params.get("out") or OUTPUTS[name]
    return coin


def fresh(coin: Coin) -> Coin:
    """A coin with the same data and framework and only its ``Raw`` data set."""
    return Coin(coin.data, coin.meta, {"Raw": coin.datasets["Raw"]}, [dict(coin.log[0])] if coin.log else [])


def load_spec_coin(spec_path: str | Path) -> tuple[dict, Coin]:
    spec_path = Path(spec_path)
    spec = read_spec(spec_path)
    coin = load_coin(spec_path.parent / spec["data"], spec_path.parent / spec["meta"], spec.get("time"))
    return spec, coin


def build(spec_path: str | Path) -> Coin:
    """Run the spec's steps in order; each step reads the previous one's data set by default."""
    spec_path = Path(spec_path)
    spec, coin = load_spec_coin(spec_path)
    run_steps(coin, spec["steps"])
    coin.log.insert(0, {"spec": str(spec_path), "sha256": hashlib.sha256(spec_path.read_bytes()).hexdigest(), "name": spec.get("name")})
    return coin


def write_build(coin: Coin, out: str | Path) -> list[Path]:
    """One CSV per data set (units as rows, in step order), the results table, the step details
    and ``build.json`` (the steps with their parameters)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i, (name, frame) in enumerate(coin.datasets.items(), start=1):
        path = out / f"{i:02d}-{name}.csv"
        frame_to_csv(frame.reset_index(), path, index=False)
        written.append(path)
    for name, frame in coin.details.items():
        path = out / f"details-{name}.csv"
        frame_to_csv(frame, path, index=False)
        written.append(path)
    if "Aggregated" in coin.datasets:
        path = out / "results.csv"
        frame_to_csv(results_table(coin, decimals=None), path, index=False)
        written.append(path)
    path = out / "build.json"
    path.write_text(json.dumps(coin.log, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return written + [path]
