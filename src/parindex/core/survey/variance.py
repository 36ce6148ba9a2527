"""Taylor-linearisation variance of estimated totals under a multistage design (R's ``svyrecvar``).

The caller passes ``x``: each row's weighted influence value (weight × linearised variable). At each
stage, within each stratum, the totals of ``x`` over the stage's units are compared around their
stratum mean, with the finite-population correction (1 − n/N) and the factor n/(n − 1). When the
first stage has an fpc and there are further stages, each first-stage unit's within-unit variance
is added, scaled by that unit's first-stage sampling fraction, as in R. The lonely-PSU option
applies to first-stage strata; a stratum whose one PSU is the whole stratum (a certainty unit, f = 1)
adds nothing and is not lonely; under ``average`` with every stratum lonely the variance is NaN. A
first-stage unit in which a single unit was drawn at a later stage adds nothing at that stage, as in R.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError
from parindex.core.phrases import t


def design_variance(design, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    x2 = x.reshape(len(x), -1)
    for step in design.calibration:
        x2 = step(x2)
    v = _multistage(x2, design.strata, list(design.clusters), list(design.popsize), design.lonely_psu, design.strata_labels)
    return v if x.ndim > 1 else v[0, 0]


def _multistage(x, strata, clusters, popsize, lonely, labels=(), stage=1) -> np.ndarray:
    v = _onestage(x, strata, clusters[0], popsize[0], lonely if stage == 1 else "remove", labels)
    if len(clusters) > 1 and popsize[0] is not None:
        psu = clusters[0]
        for code in np.unique(psu):
            rows = psu == code
            n_h = len(np.unique(psu[strata == strata[rows][0]]))
            fraction = n_h / popsize[0][rows][0]
            sub = _multistage(x[rows], psu[rows], [c[rows] for c in clusters[1:]],
                              [p[rows] if p is not None else None for p in popsize[1:]], lonely, stage=stage + 1)
            v = v + fraction * sub
    return v


def _onestage(x, strata, psu, popsize, lonely, labels=()) -> np.ndarray:
    k = x.shape[1]
    totals = pd.DataFrame(x).groupby([strata, psu]).sum()
    stratum_of = totals.index.get_level_values(0).to_numpy()
    psu_totals = totals.to_numpy()
    v = np.zeros((k, k))
    singles = 0
    strata_seen = np.unique(stratum_of)
    for h in strata_seen:
        th = psu_totals[stratum_of == h]
        n_h = len(th)
        f_h = 0.0
        if popsize is not None:
            f_h = n_h / popsize[strata == h][0]
        if n_h == 1 and f_h >= 1:
            continue  # a certainty unit (the whole stratum was taken): no variance, and not lonely — as in R
        if n_h == 1:
            singles += 1
            if lonely == "fail":
                name = labels[h] if h < len(labels) else h
                raise ParindexError("lonely_psu", t("stratum '{name}' has only one PSU", name=name),
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
        # the other strata's variance scaled up to all strata; with no other stratum there is nothing
        # to average, and R says NaN rather than 0
        v = v * len(strata_seen) / (len(strata_seen) - singles) if singles < len(strata_seen) else np.full_like(v, np.nan)
    return v
