"""``parindex report``: documents from a published snapshot (the bundle's snapshot.json)."""
from __future__ import annotations

import json

import click

from parindex.cli.main import reports_problems
from parindex.core.errors import ParindexError, Where
from parindex.core.methodology import resolve


@click.group()
def report():
    """Reports from published results: every figure is the published one."""


@report.command()
@click.argument("snapshot", type=click.Path(exists=True, dir_okay=False))
@click.option("--methodology", "methodology_id", required=True, help="The methodology file of the bundle (or a built-in id).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The .xlsx to write.")
@reports_problems
def workbook(snapshot, methodology_id, out):
    """Write the XLSX workbook (ranking laid out like the official table, areas, every criterion
    with its reasons, SIPAS, provenance) from SNAPSHOT, the snapshot.json of a published bundle."""
    from parindex.reports.workbook import write_snapshot_workbook

    try:
        payload = json.loads(open(snapshot, encoding="utf-8").read())
        payload["results"]["units"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise ParindexError("bad_snapshot", "not a published snapshot", Where(file=snapshot),
                            expected="the snapshot.json of a bundle downloaded from /results/<cycle>/bundle.zip") from None
    methodology = resolve(methodology_id)
    if methodology.content_hash != payload["cycle"]["methodology_hash"]:
        raise ParindexError("methodology_mismatch", "the methodology is not the one the snapshot was computed with",
                            Where(file=methodology_id), expected=f"sha256 {payload['cycle']['methodology_hash'][:16]}",
                            got=methodology.content_hash[:16])
    write_snapshot_workbook(payload, methodology, out)
    click.echo(f"wrote {out}")
