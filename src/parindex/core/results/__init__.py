"""Results of a cycle: points per node, index, rank, group, change, averages and analysis."""
from parindex.core.results.analysis import UnitAnalysis, analyse
from parindex.core.results.compute import PreviousResults, compute_cycle, score_unit
from parindex.core.results.model import CycleResults, NodeResult, UnitResult
from parindex.core.results.ranking import rank

__all__ = ["CycleResults", "NodeResult", "PreviousResults", "UnitAnalysis", "UnitResult", "analyse", "compute_cycle",
           "rank", "score_unit"]
