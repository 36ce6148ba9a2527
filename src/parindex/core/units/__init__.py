"""Units and lineage: who is evaluated, when each unit existed, and what it became."""
from parindex.core.units.catalogue import UnitCatalogue, builtin_units, fold
from parindex.core.units.lineage import Comparison, carry_forward
from parindex.core.units.model import REGIONS, LineageEvent, Unit

__all__ = ["REGIONS", "Comparison", "LineageEvent", "Unit", "UnitCatalogue", "builtin_units", "carry_forward", "fold"]
