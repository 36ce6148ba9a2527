"""Write docs/cli.md from the commands' own --help, so the reference never drifts from the code.

Run ``.venv/bin/python scripts/cli_reference.py``; ``tests/test_docs.py`` fails if it is stale.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from parindex.cli.main import cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def commands(group: click.Group, prefix: list[str]):
    yield prefix
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from commands(command, prefix + [name])
        else:
            yield prefix + [name]


def render() -> str:
    runner = CliRunner()
    parts = ["# Command line reference", "", "Generated from `--help` by `scripts/cli_reference.py`.", ""]
    for path in commands(cli, []):
        result = runner.invoke(cli, [*path, "--help"], prog_name="parindex", terminal_width=100)
        parts += [f"## parindex {' '.join(path)}".rstrip(), "", "```text", result.output.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
