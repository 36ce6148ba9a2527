"""Composite indicators in Python, step for step as COINr builds them.

A ``Coin`` holds the units' raw data, the indicator framework and every data set a step produces
(``Raw``, ``Denominated``, ``Imputed``, ``Screened``, ``Treated``, ``Normalised``, ``Aggregated``),
so each step's output can be inspected and written out. A YAML spec describes the whole build
(``parindex composite build SPEC --out DIR``) and rebuilds it exactly. Pure Python/NumPy/pandas:
no Django, no database.
"""
from parindex.composite.coin import Coin, load_coin

__all__ = ["Coin", "load_coin"]
