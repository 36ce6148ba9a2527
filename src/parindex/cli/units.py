"""``parindex units list``: the units valid on a date."""
from __future__ import annotations

from datetime import date

import click

from parindex.cli.render import table
from parindex.core.units import REGIONS, builtin_units


@click.group()
def units():
    """Units (ministries, provinces) and their lineage."""


@units.command(name="list")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="List units valid on this date (YYYY-MM-DD). Default: today.")
@click.option("--kind", type=click.Choice(["province", "ministry"]), default=None, help="Only this kind of unit.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def list_(on, kind, lang):
    """List units valid on a date, with codes, regions and predecessors.

    \b
    Examples:
      parindex units list --on 2024-12-31 --kind province   # the 63 provinces
      parindex units list --on 2025-07-01 --kind province   # the 34 provinces
    """
    day = on.date() if on else date.today()
    catalogue = builtin_units()
    rows = []
    for u in catalogue.on(day, kind):
        before = [e.predecessor for e in catalogue.lineage if e.successor == u.id]
        region = REGIONS[u.region].get(lang) if u.region else ""
        rows.append([u.code, u.id, u.name.get(lang), u.kind, region, ", ".join(before)])
    click.echo(table(["code", "id", "name", "kind", "region", "formed from"], rows))
    click.echo(f"\n{len(rows)} units valid on {day.isoformat()}")
