"""Inputs of a cycle: templates generated from a methodology, and all-or-nothing import."""
from parindex.core.inputs.model import Adjustment, CycleInputs, PreviousResults, UnitInputs
from parindex.core.inputs.reader import read_inputs
from parindex.core.inputs.template import write_template

__all__ = ["Adjustment", "CycleInputs", "PreviousResults", "UnitInputs", "read_inputs", "write_template"]
