"""Design-based survey estimation, checked against R's ``survey`` package.

``Design`` describes how a sample was drawn (weights, strata, stages of clusters, finite-population
corrections); the estimators return ``Estimate`` objects with standard error, 95 % interval,
design effect and n. Variances are by Taylor linearisation (multistage, as R's ``svyrecvar``) or
by replicate weights (JK1, JKn, BRR/Fay, bootstrap). Where R's convention differs from a
textbook's, R's is followed and the docstring says so.
"""
from parindex.core.survey.calibration import calibrate, calibrate_linear, poststratify, rake, trim_weights
from parindex.core.survey.design import Design
from parindex.core.survey.estimate import Estimate
from parindex.core.survey.estimators import mean, proportion, ratio, total
from parindex.core.survey.quantiles import quantile
from parindex.core.survey.replicate import ReplicateDesign, bootstrap, brr, from_columns, jackknife

__all__ = ["Design", "Estimate", "ReplicateDesign", "bootstrap", "brr", "calibrate", "calibrate_linear", "from_columns", "jackknife",
           "mean", "poststratify", "proportion", "quantile", "rake", "ratio", "total", "trim_weights"]
