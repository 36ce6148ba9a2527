"""Methodology files: a programme year described as data, validated with located errors."""
from parindex.core.methodology.catalogue import builtin_ids, builtin_path, load_builtin, resolve
from parindex.core.methodology.loader import load_methodology_file, load_methodology_text
from parindex.core.methodology.model import Group, Methodology, Node

__all__ = ["Group", "Methodology", "Node", "builtin_ids", "builtin_path", "load_builtin", "load_methodology_file",
           "load_methodology_text", "resolve"]
