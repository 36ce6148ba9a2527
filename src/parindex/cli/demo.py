"""``parindex demo``: compute and print the built-in demo cycle."""
from __future__ import annotations

import click

from parindex.cli.conventions import LANG, reports_problems
from parindex.cli.render import group_counts, ranking, region_averages, unit_summary
from parindex.core.results.export import write_results
from parindex.demo.cycle import DEMO_METHODOLOGY, DEMO_YEAR, demo_results


@click.command()
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Also write the results (.xlsx, .csv or .json).")
@LANG
@reports_problems
def demo(out, lang):
    """Compute and print the demo cycle: the 34 provinces in 2025 under vn-par-province-2022.

    Inputs are synthetic (seeded, reproducible) and the per-criterion rules are illustrative: the
    figures show how parindex works, they are not anyone's published results. The change column
    compares with a synthetic 2024 cycle of the 63 provinces, through the 2025 merge lineage.
    """
    results = demo_results()
    vi = lang == "vi"
    click.echo((f"Chu kỳ minh họa {DEMO_YEAR} — {DEMO_METHODOLOGY} (số liệu giả lập, không phải kết quả công bố)" if vi
                else f"Demo cycle {DEMO_YEAR} — {DEMO_METHODOLOGY} (synthetic data, not published results)") + "\n")
    click.echo(ranking(results, lang))
    click.echo("\n" + group_counts(results, lang))
    click.echo("\n" + region_averages(results, lang))
    click.echo("\n" + unit_summary(results, results.units[0].unit.id, lang))
    click.echo("\n" + ("Xem từng điểm của một đơn vị: parindex compute … --explain <mã>" if vi
                       else "Every point of one unit: parindex compute … --explain <code>"))
    if out:
        write_results(results, out)
        click.echo(f"\nwrote {out}")
