"""The demo's dossier records for the service index (Decision 766): a seeded year of 2026 for the
ministries, the 34 provinces and ten communes or wards of each, and the public dashboard's board
built from them, so that ``/services/`` has figures on the first start.

About 200,000 dossiers: generated, aggregated and scored in about two seconds, a few hundred a month
per province and a few dozen per commune — enough for every indicator to move from month to month.
The records are synthetic, as the demo's other data are; a store that already holds dossiers (an
earlier start, or real records) is left as it is and only its board brought up to date.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from parindex.core.services import board
from parindex.core.services.generator import Units, generate
from parindex.core.services.store import files
from parindex.web.services.pages import methodology

YEAR_START, DAYS = date(2026, 1, 1), 365
DOSSIERS = 200_000
COMMUNES_PER_PROVINCE = 10
SEED = 766


def demo_units(per_province: int = COMMUNES_PER_PROVINCE) -> Units:
    """The ministries, the 34 provinces and the first ``per_province`` communes of each."""
    every = Units.vietnam()
    taken: dict[str, int] = {}
    keep = []
    for level, province in zip(every.levels.tolist(), every.provinces.tolist()):
        if level == "commune":
            taken[province] = taken.get(province, 0) + 1
        keep.append(level != "commune" or taken[province] <= per_province)
    chosen = np.array(keep)
    return Units(every.codes[chosen], every.levels[chosen], every.provinces[chosen])


def seed_dossiers(root: str | Path, dossiers: int = DOSSIERS) -> board.Board | None:
    """Generate the demo's year into ``root`` unless it holds dossiers already; then the board."""
    if not files(root, "dossiers"):
        generate(root, demo_units(), YEAR_START, DAYS, dossiers, seed=SEED)
    return board.refresh(root, methodology())
