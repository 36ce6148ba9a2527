"""A sample design: who was drawn how. Immutable once built, like svy's and R's design objects.

Follows R ``survey::svydesign``: ``ids`` names one column per stage of clusters (``None`` for
element sampling), ``strata`` the first-stage strata, ``fpc`` one column per stage holding either
the population count of that stage's units or the sampling fraction (values ≤ 1), and ``weights``
the sampling weights — derived from ``fpc`` when absent, as R does.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.phrases import t
from parindex.core.survey.weights import weight_problems

LONELY_PSU = ("fail", "remove", "certainty", "adjust", "average")


@dataclass(frozen=True, eq=False)
class Design:
    data: pd.DataFrame
    weights: np.ndarray
    strata: np.ndarray  # first-stage stratum code of each row
    clusters: tuple[np.ndarray, ...]  # cluster code of each row, per stage (stage 1 first)
    popsize: tuple[np.ndarray | None, ...]  # population count of the stage's units, per row; None: with replacement
    lonely_psu: str = "fail"
    strata_labels: tuple = ()
    source: str = "<data>"
    calibration: tuple = field(default=())  # residualising steps for linearisation after calibration
    rows: np.ndarray | None = None  # the subset estimates are about (``subset``); None: every row

    @classmethod
    def from_frame(cls, data: pd.DataFrame, *, ids: Sequence[str] | str | None = None, strata: str | None = None,
                   weights: str | None = None, fpc: Sequence[str] | str | None = None, lonely_psu: str = "fail",
                   source: str = "<data>") -> "Design":
        ids = [ids] if isinstance(ids, str) else list(ids or [])
        fpc = [fpc] if isinstance(fpc, str) else list(fpc or [])
        if lonely_psu not in LONELY_PSU:
            raise ParindexError("unknown_lonely_psu", t("unknown lonely-PSU option '{lonely_psu}'", lonely_psu=lonely_psu),
                                expected=t('one of {items}', items=", ".join(LONELY_PSU)), got=lonely_psu)
        # Code columns (PSU and stratum labels, often strings) are factorised once, here: a code of
        # -1 marks a missing label, so checking for one needs no second pass over a million strings.
        # The sort flag says how a column is coded (strata sorted, clusters as they come), None: not coded.
        checks = [*((c, False) for c in ids), *((c, None) for c in fpc), *([(strata, True)] if strata else []),
                  *([(weights, None)] if weights else [])]
        coded: dict[tuple[str, bool], tuple] = {}
        for column, sort in checks:
            if sort is not None and column in data.columns:
                coded[column, sort] = pd.factorize(data[column], sort=sort)
            if sort is None or column not in data.columns or (coded[column, sort][0] < 0).any():
                _require_column(data, column, source)
        n = len(data)
        stages = len(ids) or 1
        clusters = [coded[c, False][0].astype(np.int64) for c in ids] or [np.arange(n, dtype=np.int64)]
        if fpc and len(fpc) != stages:
            raise ParindexError("fpc_stages", t('one fpc column is needed per stage of clusters'), Where(file=source),
                                expected=t('{stages} fpc column(s)', stages=stages), got=fpc)
        if strata:
            codes, uniques = coded[strata, True]
            strata_codes, strata_labels = codes.astype(np.int64), tuple(str(u) for u in uniques)
        else:
            strata_codes, strata_labels = np.zeros(n, dtype=np.int64), ("(one stratum)",)
        # Later stages are stratified by the unit of the stage above, as in R. Codes are made unique
        # within their parent (equal labels in two strata stay apart), and for each row we note how
        # many units of its stage were drawn within its parent.
        parent = strata_codes
        nested, drawn = [], []
        for s in range(stages):
            code = raw = clusters[s]
            parent_of_unit = np.empty(int(raw.max()) + 1, dtype=np.int64)
            parent_of_unit[raw] = parent
            if not np.array_equal(parent_of_unit[raw], parent):  # labels repeat across parents: pair them
                code = pd.factorize(parent * (int(raw.max()) + 1) + raw)[0].astype(np.int64)
                parent_of_unit = np.empty(int(code.max()) + 1, dtype=np.int64)
                parent_of_unit[code] = parent
            per_parent = np.bincount(parent_of_unit, minlength=int(parent.max()) + 1)
            nested.append(code)
            drawn.append(per_parent[parent].astype(float))
            parent = code
        popsize: list[np.ndarray | None] = []
        for s in range(stages):
            if not fpc:
                popsize.append(None)
                continue
            values = data[fpc[s]].to_numpy(dtype=float)
            popsize.append(np.where(values <= 1, drawn[s] / np.where(values > 0, values, np.nan), values))
        if weights:
            # Checked here too, not only on import: the CLI's estimate and sipas commands and the
            # web's estimation after an upload all build their design through this constructor.
            if problems := weight_problems(data, weights, source):
                raise ValidationFailed(source, problems)
            # R keeps the probability 1/w and weighs by 1/(1/w), which can differ from w in the last
            # bit; a quantile's interval whose share lands on a step of the CDF sees that bit
            w = 1 / (1 / pd.to_numeric(data[weights]).to_numpy(dtype=float))
        elif fpc:
            probability = np.ones(n)
            for s in range(stages):
                size = popsize[s]
                assert size is not None  # with fpc every stage has its population size
                probability = probability * drawn[s] / size
            w = 1 / probability
        else:
            w = np.ones(n)
        if not isinstance(data.index, pd.RangeIndex) or data.index.start != 0:
            data = data.reset_index(drop=True)
        return cls(data, w, strata_codes, tuple(nested), tuple(popsize), lonely_psu,
                   strata_labels, source)

    @property
    def n(self) -> int:
        return len(self.weights)

    @property
    def degf(self) -> int:
        """Degrees of freedom: first-stage PSUs minus strata (R's ``degf``)."""
        return len(np.unique(self.clusters[0])) - len(np.unique(self.strata))

    def degf_in(self, rows: np.ndarray) -> int:
        """Degrees of freedom of a subset (a domain, or the respondents of an item with missing
        answers): first-stage PSUs with a row in it minus strata with a row in it — R's ``degf`` of
        ``subset(design, …)``, which ``svyquantile(na.rm = TRUE)`` and ``svyciprop`` on a domain use."""
        if self.calibration:  # R keeps a calibrated design's rows, weighted 0 outside: all count
            return self.degf
        return len(np.unique(self.clusters[0][rows])) - len(np.unique(self.strata[rows]))

    def with_weights(self, weights: np.ndarray, calibration: tuple = ()) -> "Design":
        return replace(self, weights=weights, calibration=self.calibration + calibration)

    def subset(self, rows: np.ndarray) -> "Design":
        """The design restricted to some rows — one province, the women — as R's ``subset()``: the
        other rows leave every estimate, but the design keeps them, so each stratum keeps its count
        of PSUs (a PSU without a row of the subset counts as zero) while strata without any row of
        the subset take no part in the variance or the degrees of freedom."""
        rows = np.asarray(rows, dtype=bool)
        return replace(self, rows=rows if self.rows is None else self.rows & rows)

    @property
    def in_subset(self) -> np.ndarray:
        return np.ones(self.n, dtype=bool) if self.rows is None else self.rows


def _require_column(data: pd.DataFrame, column: str, source: str) -> None:
    if column not in data.columns:
        raise ParindexError("missing_column", t("column '{column}' is not in the data", column=column), Where(file=source, column=column),
                            expected=t('one of {items}', items=", ".join(map(str, data.columns[:20]))), got=column)
    if data[column].isna().any():
        row = int(np.flatnonzero(data[column].isna().to_numpy())[0]) + 2
        raise ParindexError("missing_design_value", t("design variable '{column}' is missing", column=column),
                            Where(file=source, row=row, column=column),
                            expected=t('a value in every row for design variables'))
