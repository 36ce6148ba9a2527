"""``parindex report``: documents from a published snapshot (the bundle's snapshot.json)."""
from __future__ import annotations

import json

import click

from parindex.cli.conventions import reports_problems
from parindex.core.errors import ParindexError, Where
from parindex.core.methodology import Methodology, resolve
from parindex.core.phrases import t
from parindex.core.results.published import PublishedResults, read_published
from parindex.reports import figures
from parindex.reports.pdf import national_report, unit_report, write
from parindex.reports.workbook import write_snapshot_workbook


@click.group()
def report():
    """Reports from published results: every figure is the published one."""


def read_bundle(snapshot: str, methodology_id: str) -> tuple[PublishedResults, Methodology]:
    """The published results of a bundle's snapshot.json and their methodology, checked to be the
    one they were computed with."""
    try:
        payload = json.loads(open(snapshot, encoding="utf-8").read())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ParindexError("bad_snapshot", "not a published snapshot", Where(file=snapshot),
                            expected=t("the snapshot.json of a bundle downloaded from {address}", address="/results/<cycle>/bundle.zip")) from None
    published = read_published(payload, source=snapshot)
    methodology = resolve(methodology_id)
    if methodology.content_hash != published.cycle.methodology_hash:
        raise ParindexError("methodology_mismatch", t("the methodology is not the one the snapshot was computed with"),
                            Where(file=methodology_id), expected=t("the methodology whose checksum begins {checksum}",
                                                                   checksum=published.cycle.methodology_hash[:16]),
                            got=methodology.content_hash[:16])
    return published, methodology


@report.command()
@click.argument("snapshot", type=click.Path(exists=True, dir_okay=False))
@click.option("--methodology", "methodology_id", required=True, help="The methodology file of the bundle (or a built-in id).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The .xlsx to write.")
@reports_problems
def workbook(snapshot, methodology_id, out):
    """Write the XLSX workbook (ranking laid out like the official table, areas, every criterion
    with its reasons, SIPAS, provenance) from SNAPSHOT, the snapshot.json of a published bundle."""
    payload, methodology = read_bundle(snapshot, methodology_id)
    write_snapshot_workbook(payload, methodology, out)
    click.echo(f"wrote {out}")


@report.command()
@click.argument("snapshot", type=click.Path(exists=True, dir_okay=False))
@click.option("--methodology", "methodology_id", required=True, help="The methodology file of the bundle (or a built-in id).")
@click.option("--unit", "unit_code", default=None, help="A unit's code or id: its report instead of the national one.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of the report.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The .pdf to write.")
@reports_problems
def pdf(snapshot, methodology_id, unit_code, lang, out):
    """Write the national report (map, ranking, averages, SIPAS) or, with --unit, one unit's
    report (areas, points lost and why, SIPAS, every criterion) as PDF from SNAPSHOT."""
    payload, methodology = read_bundle(snapshot, methodology_id)
    if unit_code is None:
        write(national_report(payload, methodology, lang), out)
    else:
        try:
            data = unit_report(payload, methodology, unit_code, lang)
        except figures.UnknownUnit:
            raise ParindexError("unknown_unit", f"no unit {unit_code!r} in this cycle", Where(file=snapshot, path="--unit"),
                                expected="the code or id of a published unit", got=unit_code) from None
        write(data, out)
    click.echo(f"wrote {out}")
