"""The pure core of parindex.

Nothing under ``parindex.core`` imports Django, a database driver or the web layer: it takes plain
values, tables and methodology objects and returns result objects, so that the web app, the CLI and
a notebook compute the same number by construction. ``tests/core/test_purity.py`` enforces this.
"""
