"""``parindex methodology …``: check, show and list methodology files."""
from __future__ import annotations

import click

from parindex.cli.conventions import EXIT_INPUT_PROBLEM, LANG, reports_problems
from parindex.cli.render import methodology_tree, table
from parindex.core.errors import ParindexError
from parindex.core.methodology import builtin_ids, load_builtin, load_methodology_file, resolve
from parindex.core.text import format_number


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
