"""How long does a province-scale cycle take? 1,000 sub-units × the 96 leaves of vn-par-province-2022.

Speed is measured, not asserted: this prints times and ratios against baselines run in the same
process, so the figures compare across machines. Run: ``.venv/bin/python benchmarks/province_programme.py``.

* import: ``read_inputs`` (parse + validate every cell + trial-score) against calamine's raw read
  of the same workbook — the price of checking everything a user gives us;
* compute: ``compute_cycle`` (score, aggregate, rank, group, averages) against the same raw read;
* export: writing the results workbook (ranking, areas, every node with its reasons, provenance)
  against pandas writing the same node table with the same engine (``to_excel``, xlsxwriter).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

from parindex.core.inputs import read_inputs
from parindex.core.inputs.columns import input_columns
from parindex.core.methodology import load_builtin
from parindex.core.results import compute_cycle
from parindex.core.text import Text
from parindex.core.units import Unit, UnitCatalogue
from parindex.demo.synthetic import synthetic_inputs

N_UNITS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
REPEATS = 5


def best_of(fn, repeats=REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    m = load_builtin("vn-par-province-2022")
    units = tuple(Unit(id=f"U{i:04d}", code=f"U{i:04d}", kind="province", name=Text(f"Đơn vị {i}", f"Unit {i}"),
                       region="south_east") for i in range(N_UNITS))
    catalogue = UnitCatalogue(units)
    inputs = synthetic_inputs(m, units, 2025)
    columns = input_columns(m)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inputs.xlsx"
        rows = [[u.unit.code] + [_cell(u.values[c.leaf.code][c.field.name]) for c in columns] for u in inputs.units]
        _write_xlsx(path, ["[unit]"] + [f"[{c.key}]" for c in columns], rows)

        raw = best_of(lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Nhập liệu").to_python())
        imported = best_of(lambda: read_inputs(path, m, 2025, catalogue=catalogue))
        parsed = read_inputs(path, m, 2025, catalogue=catalogue)
        computed = best_of(lambda: compute_cycle(m, parsed, catalogue=catalogue))
        results = compute_cycle(m, parsed, catalogue=catalogue)
        frame = results.to_frame("node")
        plain = best_of(lambda: frame.to_excel(Path(tmp) / "plain.xlsx", index=False, engine="xlsxwriter"), 1)
        workbook = best_of(lambda: results.write(Path(tmp) / "r.xlsx"), 1)

    cells = N_UNITS * len(columns)
    print(f"{N_UNITS} units × {len(m.leaves())} leaves ({cells:,} input cells), best of {REPEATS}")
    print(f"raw read (baseline)     {raw * 1000:9.1f} ms")
    print(f"import + validation     {imported * 1000:9.1f} ms   {imported / raw:6.1f}× raw read")
    print(f"compute cycle           {computed * 1000:9.1f} ms   {computed / raw:6.1f}× raw read")
    print(f"pandas to_excel (base)  {plain * 1000:9.1f} ms   ({len(frame):,} node rows)")
    print(f"results workbook        {workbook * 1000:9.1f} ms   {workbook / plain:6.1f}× pandas to_excel")
    print(f"per unit: import {imported / N_UNITS * 1e3:.2f} ms, compute {computed / N_UNITS * 1e3:.2f} ms")
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}")


def _cell(value):
    if isinstance(value, bool):
        return "có" if value else "không"
    return value


def _write_xlsx(path: Path, header: list[str], rows: list[list]) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Nhập liệu")
        sheet.write_row(0, 0, header)
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, row)


if __name__ == "__main__":
    main()
