"""Replicate-weight designs: variance from re-estimating with each set of replicate weights.

``variance = scale × Σ_r rscale_r (θ_r − θ̄)²`` with θ̄ the mean of the replicates, or the full-sample
estimate when ``mse`` is true — R's ``svrVar``. Replicates are built from a ``Design`` (JK1, JKn,
BRR with Fay's adjustment, Rao–Wu bootstrap with a recorded seed) or read from columns.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.linalg import hadamard

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.phrases import t
from parindex.core.survey.design import Design
from parindex.core.survey.weights import weight_problems

REPLICATE_TYPES = ("JK1", "JKn", "BRR", "Fay", "bootstrap")


@dataclass(frozen=True, eq=False)
class ReplicateDesign:
    data: pd.DataFrame
    weights: np.ndarray
    repweights: np.ndarray  # (n, R): full replicate weights (not factors)
    scale: float
    rscales: np.ndarray  # (R,)
    mse: bool
    type: str
    source: str = "<data>"
    rows: np.ndarray | None = None  # the subset estimates are about (``subset``); None: every row

    @property
    def n(self) -> int:
        return len(self.weights)

    @cached_property
    def degf(self) -> int:
        """R's ``degf`` of a replicate design: the rank of the replicate weights minus one — fewer than
        the replicates when some are copies (BRR's padding to a Hadamard size) or all-equal."""
        return int(np.linalg.matrix_rank(self.repweights)) - 1

    def degf_in(self, rows: np.ndarray) -> int:
        """A subset of a replicate design keeps the design's degrees of freedom, as in R."""
        return self.degf

    def variance(self, replicates: np.ndarray, estimate: float) -> float:
        """R's ``svrVar`` of one statistic (see ``covariance``)."""
        return float(self.covariance(replicates[:, None], np.array([estimate]))[0, 0])

    def covariance(self, replicates: np.ndarray, estimates: np.ndarray) -> np.ndarray:
        """R's ``svrVar`` for (replicates × statistics). A replicate with no answer (NaN: a small
        domain left empty by a replicate) is dropped, as R drops NA replicates with a warning; when
        all are, there is no variance (NaN, where R stops). The replicates' mean leaves out those
        scaled 0 (certainty strata), which add nothing but would move the mean; with only those,
        the variance is 0 (R's selfrep)."""
        k = replicates.shape[1]
        kept = ~np.isnan(replicates).any(axis=1)
        if not kept.any():
            return np.full((k, k), math.nan)
        replicates, rscales = replicates[kept], self.rscales[kept]
        if not (rscales > 0).any():
            return np.zeros((k, k))
        centre = estimates if self.mse else replicates[rscales > 0].mean(axis=0)
        d = (replicates - centre) * np.sqrt(rscales)[:, None]
        return self.scale * d.T @ d

    def with_weights(self, weights: np.ndarray, repweights: np.ndarray) -> "ReplicateDesign":
        return replace(self, weights=weights, repweights=repweights)

    def subset(self, rows: np.ndarray) -> "ReplicateDesign":
        """Estimates about some rows only (R's ``subset()``: the replicate weights of the others no
        longer matter)."""
        rows = np.asarray(rows, dtype=bool)
        return replace(self, rows=rows if self.rows is None else self.rows & rows)

    @property
    def in_subset(self) -> np.ndarray:
        return np.ones(self.n, dtype=bool) if self.rows is None else self.rows


def _psus_by_stratum(design: Design) -> dict[int, np.ndarray]:
    return {h: np.unique(design.clusters[0][design.strata == h]) for h in np.unique(design.strata)}


def _fpc_factor(design: Design, h: int) -> float:
    if design.popsize[0] is None:
        return 1.0
    n_h = len(np.unique(design.clusters[0][design.strata == h]))
    return 1 - n_h / design.popsize[0][design.strata == h][0]


def jackknife(design: Design, kind: str = "JK1") -> ReplicateDesign:
    """JK1 (one stratum): drop each PSU, reweight the others by n/(n − 1); scale (n − 1)/n × fpc.
    JKn: the same within each stratum, each replicate scaled by (n_h − 1)/n_h × fpc_h (R's conventions).

    A JKn stratum of one PSU follows the design's lonely-PSU option as R's ``jknweights`` does: ``fail``
    refuses; ``remove`` and ``certainty`` make no replicate for it; ``average`` makes none and scales
    the variance up by PSUs / replicates; ``adjust`` makes one replicate that drops the stratum and
    reweights every other PSU by H/(H − 1), scaled (H − 1)/H (H strata). A stratum whose PSUs were
    all taken (certainty, f = 1) adds no variance and makes no replicate, as R with its default
    ``survey.drop.replicates``; under ``average`` R then scales the variance by PSUs / replicates
    counting the certainty PSUs too, and so does this."""
    strata = _psus_by_stratum(design)
    if kind == "JK1" and len(strata) > 1:
        raise ParindexError("jk1_strata", t('JK1 is for unstratified designs'), expected=t('JKn for a stratified design'), got=len(strata))
    columns, rscales = [], []
    for h, psus in strata.items():
        n_h = len(psus)
        in_h = design.strata == h
        if kind == "JKn" and _fpc_factor(design, h) == 0:
            continue  # every PSU of the stratum was taken: no replicate (R's survey.drop.replicates)
        if n_h == 1 and kind == "JKn":
            if design.lonely_psu == "fail":
                name = design.strata_labels[h] if h < len(design.strata_labels) else h
                raise ParindexError("lonely_psu", t("stratum '{name}' has only one PSU", name=name),
                                    expected=t('at least two PSUs per stratum, or a lonely-PSU option (remove, certainty, adjust, average)'))
            if design.lonely_psu == "adjust" and len(strata) > 1:  # (alone, R's H/(H − 1) is 1/0: nothing to adjust by)
                n_strata = len(strata)
                columns.append(design.weights * np.where(in_h, 0.0, n_strata / (n_strata - 1)))
                rscales.append((n_strata - 1) / n_strata)
            continue
        for psu in psus:
            factor = np.ones(design.n)
            factor[in_h] = n_h / (n_h - 1)
            factor[design.clusters[0] == psu] = 0.0
            columns.append(design.weights * factor)
            rscales.append((n_h - 1) / n_h * _fpc_factor(design, h) if kind == "JKn" else 1.0)
    total_psus = sum(len(p) for p in strata.values())
    if not columns:
        raise ParindexError("no_replicates", t('every stratum has a single PSU: there is nothing to replicate'),
                            expected=t('at least two PSUs in some stratum'))
    h0 = next(iter(strata))
    if kind == "JK1":
        scale = (total_psus - 1) / total_psus * _fpc_factor(design, h0)
    else:
        scale = total_psus / len(columns) if design.lonely_psu == "average" else 1.0
    return ReplicateDesign(design.data, design.weights, np.column_stack(columns), scale, np.array(rscales), False, kind,
                           design.source)


def brr(design: Design, fay_rho: float = 0.0) -> ReplicateDesign:
    """Balanced repeated replication for designs with two PSUs per stratum (Fay's method when ρ > 0)."""
    strata = _psus_by_stratum(design)
    if any(len(p) != 2 for p in strata.values()):
        raise ParindexError("brr_two_psus", t('BRR needs exactly two PSUs in every stratum'), expected=t('2 PSUs per stratum'))
    size = 4
    while size < len(strata) + 1:
        size *= 2
    signs = hadamard(size)[1:len(strata) + 1]  # one row per stratum, skipping the all-ones row
    columns = []
    for r in range(size):
        factor = np.ones(design.n)
        for (_h, psus), row in zip(strata.items(), signs):
            first = design.clusters[0] == psus[0]
            second = design.clusters[0] == psus[1]
            up, down = 2 - fay_rho, fay_rho
            factor[first] = up if row[r] > 0 else down
            factor[second] = down if row[r] > 0 else up
        columns.append(design.weights * factor)
    return ReplicateDesign(design.data, design.weights, np.column_stack(columns), 1 / (size * (1 - fay_rho) ** 2),
                           np.ones(size), False, "Fay" if fay_rho else "BRR", design.source)


def bootstrap(design: Design, replicates: int = 50, seed: int = 20240101) -> ReplicateDesign:
    """Rao–Wu rescaling bootstrap: in each stratum draw n_h − 1 PSUs with replacement; the seed is kept."""
    rng = np.random.default_rng(seed)
    strata = _psus_by_stratum(design)
    columns = []
    for _ in range(replicates):
        factor = np.zeros(design.n)
        for _h, psus in strata.items():
            n_h = len(psus)
            drawn = rng.choice(psus, size=max(n_h - 1, 1), replace=True)
            counts = pd.Series(drawn).value_counts()
            for psu in psus:
                factor[design.clusters[0] == psu] = counts.get(psu, 0) * n_h / max(n_h - 1, 1)
        columns.append(design.weights * factor)
    return ReplicateDesign(design.data, design.weights, np.column_stack(columns), 1 / (replicates - 1),
                           np.ones(replicates), False, f"bootstrap(seed={seed})", design.source)


def from_columns(data: pd.DataFrame, weights: str, prefix: str, kind: str, source: str = "<data>",
                 scale: float | None = None, fay_rho: float = 0.0) -> ReplicateDesign:
    """Replicate weights already in the file, as columns named PREFIX1, PREFIX2, …"""
    if kind not in REPLICATE_TYPES:
        raise ParindexError("unknown_replicate_type", t("unknown replicate type '{kind}'", kind=kind),
                            expected=t('one of {items}', items=", ".join(REPLICATE_TYPES)), got=kind)
    columns = [c for c in data.columns if str(c).startswith(prefix) and str(c)[len(prefix):].isdigit()]
    if not columns:
        raise ParindexError("missing_column", t("no replicate-weight columns start with '{prefix}'", prefix=prefix),
                            Where(file=source, column=prefix),
                            expected=t('columns {prefix}1, {prefix2}2, …', prefix=prefix, prefix2=prefix))
    if weights not in data.columns:
        raise ParindexError("missing_column", t("column '{weights}' is not in the data", weights=weights), Where(file=source, column=weights))
    if problems := weight_problems(data, weights, source):  # the full-sample weights; a replicate's may be 0
        raise ValidationFailed(source, problems)
    columns.sort(key=lambda c: int(str(c)[len(prefix):]))
    rep = data[columns].to_numpy(dtype=float)
    r = rep.shape[1]
    default = {"JK1": (r - 1) / r, "JKn": 1.0, "BRR": 1 / r, "Fay": 1 / (r * (1 - fay_rho) ** 2), "bootstrap": 1 / (r - 1)}[kind]
    return ReplicateDesign(data.reset_index(drop=True), data[weights].to_numpy(dtype=float), rep,
                           scale if scale is not None else default, np.ones(r), False, kind, source)
