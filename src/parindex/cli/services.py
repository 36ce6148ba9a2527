"""``parindex services``: the Decision 766 service index from dossier records."""
from __future__ import annotations

from pathlib import Path

import click

from parindex.cli.conventions import LANG, Store, reports_problems
from parindex.cli.render import table
from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.methodology import resolve
from parindex.core.phrases import t
from parindex.core.services.engine import DuckDBEngine, Period, as_frame, breakdown, overdue, score_period
from parindex.core.services.generator import Units, generate
from parindex.core.services.ingest import ingest
from parindex.core.services.locator import compact
from parindex.core.services.records import TABLES
from parindex.core.services.spark import SparkEngine
from parindex.core.services.store import locked
from parindex.core.text import Text, format_count, format_fixed, of_lang
from parindex.core.units.catalogue import builtin_units, communes_2025

OUTPUTS = (".csv", ".parquet", ".xlsx", ".json")
ENGINES = {"duckdb": DuckDBEngine, "spark": SparkEngine}  # the same statements, the same figures


@click.group()
def services():
    """The service index of Decision 766/QĐ-TTg, computed from dossier records.

    STORE is a directory, or an object store's URL (s3://bucket/folder; options and credentials as
    docs/services.md says)."""


@services.command(name="generate")
@click.argument("store", type=Store())
@click.option("--dossiers", type=click.IntRange(1), default=100_000, show_default=True, help="How many dossiers.")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), default="2026-01-01", show_default=True)
@click.option("--days", type=click.IntRange(1, 3660), default=365, show_default=True)
@click.option("--communes", type=click.IntRange(0), default=None, help="Only the first N communes (all 3,321 by default).")
@click.option("--seed", type=int, default=766, show_default=True)
@click.option("--chunk", type=click.IntRange(1), default=None,
              help="Draw and write N dossiers at a time, so memory follows N (all at once by default); the same seed and N give the same records.")
@reports_problems
def generate_(store, dossiers, start, days, communes, seed, chunk):
    """Write a seeded, realistic stream of dossiers, feedback and the procedure catalogue into STORE.

    \b
    Example:
      parindex services generate data/services --dossiers 1000000
    """
    written = generate(store, Units.vietnam(communes=communes), start.date(), days, dossiers, seed, chunk=chunk)
    click.echo(f"wrote {store}: " + ", ".join(f"{n:,} {what}" for what, n in written.items()))


@services.command(name="ingest")
@click.argument("store", type=Store())
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--table", type=click.Choice(["dossiers", "feedback", "procedures"]), default=None,
              help="The table every file holds (by default, the one whose key column each file has).")
@click.option("--quarantine", type=click.Path(dir_okay=False), default=None,
              help="On a problem, also write the rejected rows with their reasons to this CSV file.")
@LANG
@reports_problems
def ingest_(store, files, table, quarantine, lang):
    """Check every row of FILES (.csv, .parquet, .jsonl) and add them to STORE, all or nothing: on any
    problem nothing is stored and every problem is listed with its file, row and field (exit 1).
    A record replaces the stored one of its id only with a higher version; sending a batch again
    changes nothing.

    \b
    Example:
      parindex services ingest data/services today-dossiers.csv today-feedback.jsonl --quarantine rejected.csv
    """
    try:
        report = ingest(store, files, quarantine=quarantine, table=table, lang=lang)
    except ValidationFailed:
        if quarantine:
            click.echo(of_lang(lang, f"Các dòng bị từ chối đã được ghi vào {quarantine}; không có gì được lưu.",
                               f"The rejected rows are written to {quarantine}; nothing was stored."), err=True)
        raise
    n = lambda x: format_count(x, lang)  # noqa: E731
    click.echo(of_lang(lang, f"Đã đọc {n(len(report.files))} tệp, {n(report.rows)} dòng.",
                       f"Read {n(len(report.files))} file{'s' if len(report.files) != 1 else ''}, {n(report.rows)} rows."))
    for c in report.changes:
        rewrote = ", ".join(p or c.table for p in c.partitions) or of_lang(lang, "không có", "none")
        days = of_lang(lang, f"; {n(c.days)} ngày của số liệu tổng hợp thay đổi", f"; {n(c.days)} days of kept aggregates changed")
        click.echo(of_lang(lang, f"{c.table}: {n(c.added)} mới, {n(c.updated)} cập nhật, {n(c.unchanged)} không đổi; ghi vào: {rewrote}",
                           f"{c.table}: {n(c.added)} added, {n(c.updated)} updated, {n(c.unchanged)} unchanged; deltas written: {rewrote}")
                   + (days if c.days else "") + ".")


@services.command(name="compact")
@click.argument("store", type=Store(exists=True))
@reports_problems
def compact_(store):
    """Fold the records that loads put in deltas into the base files of their months, and rebuild the
    key index: readers then read the base files alone. Loads do it themselves past 2 million records
    in deltas; run it from cron at a quiet hour to keep readers fastest.

    \b
    Example:
      parindex services compact data/services
    """
    with locked(store):
        for name in TABLES:
            rewritten = compact(store, name)
            click.echo(f"{name}: " + (f"rewrote {', '.join(p or name for p in rewritten)}" if rewritten else "no deltas"))


@services.command(name="compute")
@click.argument("store", type=Store(exists=True))
@click.option("--period", required=True, help="A month, YYYY-MM.")
@click.option("--methodology", "methodology_id", default="vn-766-2022", show_default=True)
@click.option("--level", type=click.Choice(["ministry", "province", "commune"]), default=None, help="Only this level.")
@click.option("--engine", type=click.Choice(list(ENGINES)), default="duckdb", show_default=True,
              help="DuckDB in process, or Spark for records beyond one machine (the 'spark' extra and Java 17+).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write every unit's figures (.csv, .parquet, .xlsx or .json).")
@LANG
@reports_problems
def compute(store, period, methodology_id, level, engine, out, lang):
    """Every unit's index for a period: indicators (numerator, denominator, points), groups, total,
    band and rank within its level. Without --out, prints the ranking.

    \b
    Example:
      parindex services compute data/services --period 2026-10 --level province
    """
    month = _month(period)
    m = resolve(methodology_id)
    results = score_period(m, ENGINES[engine](store).daily(m), month)
    if level:
        results = [r for r in results if r.level == level]
    frame = as_frame(results)
    if out:
        _write(frame, out)
        click.echo(f"wrote {out}: {len(frame):,} units")
        return
    names, bands = unit_names(lang), {g.code: g.name.get(lang).split(" (")[0] for g in m.groups}
    n = lambda x: format_fixed(x, lang)  # noqa: E731
    rows = [[LEVEL_WORDS[r.level].get(lang), r.rank, names.get(r.unit, r.unit), n(r.total), bands.get(r.band, r.band),
             *(n(r.groups.get(a.code, 0)) for a in m.areas)]
            for r in sorted(results, key=lambda r: (r.level, r.rank, r.unit))]
    heads = [Text("Cấp", "Level"), Text("Hạng", "Rank"), Text("Đơn vị", "Unit"), Text("Tổng điểm", "Total"), Text("Xếp loại", "Rating")]
    click.echo(table([h.get(lang) for h in heads] + [a.name.get(lang) for a in m.areas], rows, right={1, 3, 5, 6, 7, 8, 9}))


LEVEL_WORDS = {"ministry": Text("Bộ, ngành", "Ministry"), "province": Text("Tỉnh, thành phố", "Province"),
               "commune": Text("Xã, phường", "Commune")}


def unit_names(lang: str) -> dict[str, str]:
    """Every unit the catalogue knows (ministries, provinces, the 2025 communes) by its name; a unit
    the records name and the catalogue does not is printed by its code."""
    return {u.id: u.name.get(lang) for u in (*builtin_units().units, *communes_2025())}


def _month(text: str) -> Period:
    try:
        return Period.month(text)
    except ValueError:
        raise ParindexError("bad_period", t("'{value}' is not a month", value=text), Where(path="--period"),
                            expected=t('YYYY-MM, e.g. 2026-10'), got=text) from None


def _write(frame, out: str) -> None:
    suffix = Path(out).suffix.lower()
    if suffix == ".csv":
        frame.to_csv(out, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(out, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(out, index=False, engine="xlsxwriter")
    elif suffix == ".json":
        frame.to_json(out, orient="records", force_ascii=False, indent=1)
    else:
        raise ParindexError("unsupported_file", t('cannot write {name}', name=Path(out).name), Where(file=out),
                            expected=", ".join(OUTPUTS), got=suffix)


@services.command(name="breakdown")
@click.argument("store", type=Store(exists=True))
@click.option("--unit", required=True, help="The unit's code as the records name it.")
@click.option("--level", type=click.Choice(["ministry", "province", "commune"]), required=True)
@click.option("--period", required=True, help="A month, YYYY-MM.")
@click.option("--by", "by", type=click.Choice(["procedure", "agency"]), default="procedure", show_default=True)
@click.option("--methodology", "methodology_id", default="vn-766-2022", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write the table (.csv, .parquet, .xlsx or .json).")
@reports_problems
def breakdown_(store, unit, level, period, by, methodology_id, out):
    """A unit's dossier indicators by procedure or receiving agency, worst first: where its points went.

    \b
    Example:
      parindex services breakdown data/services --unit VN-01 --level province --period 2026-10
    """
    month = _month(period)
    frame = breakdown(DuckDBEngine(store), resolve(methodology_id), by, level, unit, month)
    _show(frame, out, [by, "indicator", "numerator", "denominator", "ratio"])


@services.command(name="overdue")
@click.argument("store", type=Store(exists=True))
@click.option("--unit", required=True, help="The unit's code as the records name it.")
@click.option("--level", type=click.Choice(["ministry", "province", "commune"]), required=True)
@click.option("--period", required=True, help="A month, YYYY-MM.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the list (.csv, .parquet, .xlsx or .json).")
@reports_problems
def overdue_(store, unit, level, period, out):
    """A unit's overdue dossiers in a period, most overdue first, with the receiving agency and the
    handling official (for the unit's leaders and the province's office: officials are named).

    \b
    Example:
      parindex services overdue data/services --unit VN-01 --level province --period 2026-10
    """
    month = _month(period)
    frame = overdue(DuckDBEngine(store), level, unit, month)
    _show(frame, out, ["dossier_id", "unit", "agency", "procedure", "due_on", "completed_on", "official", "days_overdue"])


def _show(frame, out: str | None, columns: list[str]) -> None:
    if out:
        _write(frame, out)
        click.echo(f"wrote {out}: {len(frame):,} rows")
        return
    shown = frame.head(50)
    rows = [[f"{v:.1%}" if c == "ratio" else str(v) for c, v in zip(columns, record)] for record in shown[columns].itertuples(index=False)]
    click.echo(table(columns, rows))
    if len(frame) > len(shown):
        click.echo(f"… {len(frame) - len(shown):,} more rows (--out writes them all)")

