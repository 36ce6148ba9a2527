"""How sure are the ranks, what moves them, and what each unit must fix.

* ``model``: an additive points index (PAR INDEX and its kin) as arrays, built from results;
* ``uncertainty``: Monte Carlo over area weights, the survey's sampling error and declared
  appraisal error → rank intervals and group probabilities;
* ``sensitivity``: Sobol indices of those assumptions, and leave-one-out rank shifts;
* ``improvement``: points lost against the maximum and the best performer, the fewest criteria
  that lift a unit into the next group, and self-assessment inflation.
"""
from parindex.core.analysis.model import IndexModel, from_published, from_results, index_model
from parindex.core.analysis.uncertainty import RankUncertainty, rank_uncertainty

__all__ = ["IndexModel", "index_model", "from_results", "from_published", "RankUncertainty", "rank_uncertainty"]
