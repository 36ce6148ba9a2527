"""National and regional averages of every node's points, the total and the index."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from parindex.core.methodology.model import Methodology
from parindex.core.results.model import Averages, UnitResult

TOTAL, INDEX = "total", "index"


def averages(methodology: Methodology, results: Sequence[UnitResult]) -> Averages:
    codes = [n.code for n in methodology.walk()]
    by_region: dict[str, list[UnitResult]] = defaultdict(list)
    for r in results:
        if r.unit.region:
            by_region[r.unit.region].append(r)
    return Averages(
        national=_mean(codes, results),
        by_region={region: _mean(codes, rs) for region, rs in sorted(by_region.items())},
        n_national=len(results),
        n_by_region={region: len(rs) for region, rs in sorted(by_region.items())},
    )


def _mean(codes: list[str], results: Sequence[UnitResult]) -> dict[str, float]:
    if not results:
        return {}
    n = len(results)
    out = {code: sum(r.nodes[code].points for r in results) / n for code in codes}
    out[TOTAL] = sum(r.total for r in results) / n
    out[INDEX] = sum(r.index for r in results) / n
    return out
