"""Taylor-linearisation variance of estimated totals under a multistage design (R's ``svyrecvar``).

The caller passes ``x``: each row's weighted influence value (weight × linearised variable). At each
stage, within each stratum, the totals of ``x`` over the stage's units are compared around their
stratum mean, with the finite-population correction (1 − n/N) and the factor n/(n − 1). When the
first stage has an fpc and there are further stages, each first-stage unit's within-unit variance
is added, scaled by that unit's first-stage sampling fraction, as in R.

A stratum whose one unit is the whole stratum (a certainty unit, f = 1) adds nothing and is not
lonely. The lonely-PSU option applies at every stage, as in R: at a later stage the "stratum" is
the unit above, so a first-stage unit in which one unit was drawn (with f < 1) stops under
``fail``, adds f·t² under ``adjust``, nothing under ``remove``/``certainty``, and makes the
variance NaN under ``average`` (nothing to average over, R's NA).

A domain or a variable with missing answers is a *subset* (``rows``): as R's ``subset()`` of a
design, strata and units without any row of the subset take no part — they are not lonely, and
``average`` divides by the strata present in the subset — while units of a present stratum that
have no row of the subset count as zeros, so the stratum keeps its full number of units.
A calibrated design keeps every row (R gives the others weight 0 instead of dropping them).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError
from parindex.core.phrases import t


def design_variance(design, x: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    x2 = x.reshape(len(x), -1)
    for step in design.calibration:
        x2 = step(x2)
    if rows is None or design.calibration:
        rows = np.ones(len(x), dtype=bool)
    v = _multistage(x2, design.strata, list(design.clusters), list(design.popsize), design.lonely_psu, rows,
                    design.strata_labels)
    return v if x.ndim > 1 else v[0, 0]


def _multistage(x, strata, clusters, popsize, lonely, rows, labels=(), stage=1) -> np.ndarray:
    v = _onestage(x, strata, clusters[0], popsize[0], lonely, rows, labels, stage)
    if len(clusters) > 1 and popsize[0] is not None:
        psu = clusters[0]
        for code in np.unique(psu[rows]):
            unit = psu == code
            n_h = len(np.unique(psu[strata == strata[unit][0]]))
            fraction = n_h / popsize[0][unit][0]
            sub = _multistage(x[unit], psu[unit], [c[unit] for c in clusters[1:]],
                              [p[unit] if p is not None else None for p in popsize[1:]], lonely, rows[unit],
                              stage=stage + 1)
            v = v + fraction * sub
    return v


def _onestage(x, strata, psu, popsize, lonely, rows, labels=(), stage=1) -> np.ndarray:
    k = x.shape[1]
    totals = pd.DataFrame(x).groupby([strata, psu]).sum()
    stratum_of = totals.index.get_level_values(0).to_numpy()
    psu_totals = totals.to_numpy()
    v = np.zeros((k, k))
    singles = 0
    strata_present = np.unique(strata[rows])
    for h in strata_present:
        th = psu_totals[stratum_of == h]
        n_h = len(th)
        f_h = 0.0
        if popsize is not None:
            f_h = n_h / popsize[strata == h][0]
        if f_h >= 1:
            continue  # every unit of the stratum was taken (a certainty unit): no variance, and not lonely — as in R
        if n_h == 1:
            singles += 1
            if lonely == "fail":
                name = labels[h] if stage == 1 and h < len(labels) else h
                raise ParindexError("lonely_psu", t("stratum '{name}' has only one PSU", name=name) if stage == 1
                                    else t("one unit was drawn at stage {stage} within a unit of stage {above}",
                                           stage=stage, above=stage - 1),
                                    expected=t('at least two PSUs per stratum, or a lonely-PSU option (remove, certainty, adjust, average)'))
            if lonely == "adjust":
                # R's "adjust" compares the lonely PSU's total with 0, not with the mean PSU total of the
                # design: the same for means and shares (their influence totals are centred already),
                # larger for totals — as R computes it
                d = th[0]
                v += (1 - f_h) * np.outer(d, d)
            continue  # remove / certainty / average: no contribution from this stratum here
        d = th - th.mean(axis=0)
        v += (1 - f_h) * n_h / (n_h - 1) * d.T @ d
    if lonely == "average" and singles:
        # the other strata's variance scaled up to all strata present; with no other stratum there is
        # nothing to average, and R says NaN rather than 0
        n_present = len(strata_present)
        v = v * n_present / (n_present - singles) if singles < n_present else np.full_like(v, np.nan)
    return v
