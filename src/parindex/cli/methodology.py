"""``parindex methodology …``: check, show and list methodology files; import and export them as criteria tables."""
from __future__ import annotations

import click

from parindex.cli.conventions import EXIT_INPUT_PROBLEM, LANG, reports_problems
from parindex.cli.render import methodology_tree, table
from parindex.core.errors import ParindexError
from parindex.core.files import replace_atomically
from parindex.core.methodology import builtin_ids, load_builtin, load_methodology_file, resolve
from parindex.core.methodology.catalogue import resolve_data
from parindex.core.methodology.criteria_table import CRITERIA_SHEET, GENERAL_SHEET, methodology_yaml, read_criteria_table
from parindex.core.text import format_number
from parindex.reports.criteria_table import write_criteria_pdf, write_criteria_workbook

TEMPLATE_METHODOLOGY = "vn-par-department-example"


@click.group()
def methodology():
    """Methodology files: the framework of a programme year as data."""


@methodology.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check(files):
    """Validate methodology FILES; list every problem with its file, line and field.

    \b
    Checks: required fields, bilingual names, unique codes, known sources and rule types, rule
    parameters, children's maxima adding up to their parent's, areas adding up to the scale,
    group bands covering 0–100 % with no gap or overlap.
    Exit code 1 if any file has a problem.
    """
    failed = 0
    for path in files:
        try:
            m = load_methodology_file(path)
        except ParindexError as err:
            failed += 1
            click.echo(err.render(), err=True)
            continue
        counts = m.counts()
        parts = ", ".join(f"{k} {v:g}" for k, v in m.max_by_source().items())
        click.echo(f"OK {path}: {m.id}, {counts.get(1, 0)} areas, {counts.get(2, 0)} criteria, "
                   f"{counts.get(3, 0)} sub-criteria, {len(m.leaves())} scored leaves; {m.scale:g} points ({parts}); "
                   f"sha256 {m.content_hash[:16]}")
    if failed:
        raise SystemExit(EXIT_INPUT_PROBLEM)


@methodology.command()
@click.argument("methodology_id")
@click.option("--depth", type=click.IntRange(1, 9), default=9, help="Show levels down to this depth (1 = areas).")
@LANG
@reports_problems
def show(methodology_id, depth, lang):
    """Print the tree of METHODOLOGY_ID with points, sources and rules."""
    click.echo(methodology_tree(resolve(methodology_id), lang, depth))


@methodology.command(name="list")
@LANG
def list_(lang):
    """List the built-in methodologies."""
    rows = []
    for mid in builtin_ids():
        m = load_builtin(mid)
        rows.append([mid, m.year, m.unit_kind, format_number(m.scale, lang, keep_one=False), m.legal_source.document])
    click.echo(table(["id", "year", "unit kind", "scale", "legal source"], rows))


@methodology.command(name="import")
@click.argument("table", type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The methodology file to write (.yaml).")
@reports_problems
def import_(table, output):
    """Turn a criteria TABLE (.xlsx, the layout of `parindex methodology template`) into a methodology file.

    \b
    Every problem is listed with its sheet, row and column, and nothing is written unless the whole
    table is right. Methods in words that cannot be read as a rule are scored by hand up to their
    maximum; the import lists them.
    """
    imported = read_criteria_table(table)
    replace_atomically(output, lambda tmp: tmp.write_text(methodology_yaml(imported.data), encoding="utf-8"))
    for note in imported.notes:
        click.echo(f"note: {note.sentence('en')}", err=True)
    m = imported.methodology
    click.echo(f"OK {output}: {m.id}, {len(m.leaves())} scored leaves, {m.scale:g} points; sha256 {m.content_hash[:16]}")


@methodology.command()
@click.argument("methodology_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The table to write: .xlsx (reads back with `import`) or .pdf (to print and sign).")
@LANG
@reports_problems
def export(methodology_id, output, lang):
    """Write METHODOLOGY_ID (a built-in id or a .yaml file) as its criteria table."""
    data, m = resolve_data(methodology_id)
    if output.lower().endswith(".pdf"):
        write_criteria_pdf(data, m, output, lang)
    else:
        write_criteria_workbook(data, m, output)
    click.echo(f"OK {output}: {len(list(m.walk()))} rows")


@methodology.command()
@click.option("-o", "--output", default="tieu-chi.xlsx", show_default=True, type=click.Path(dir_okay=False))
@click.option("--like", default=TEMPLATE_METHODOLOGY, show_default=True, help="The built-in methodology to start from.")
@reports_problems
def template(output, like):
    """Write a criteria table to fill in: a built-in methodology's table, to edit and import."""
    data, m = resolve_data(like)
    write_criteria_workbook(data, m, output)
    click.echo(f"OK {output}: edit the sheets '{CRITERIA_SHEET}' and '{GENERAL_SHEET}', then `parindex methodology import`")
