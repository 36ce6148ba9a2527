"""Docs that cannot drift: README commands, CI, the CLI reference, one section per rule and field."""
import re
from pathlib import Path

from parindex.core.methodology.loader import GROUP_KEYS, NODE_KEYS, TOP_KEYS
from parindex.core.scoring import RULES

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opens_with_the_run_and_test_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["./bin/run", "./bin/test"]
    assert text.index("```sh") < text.index("\n## ")


def test_ci_proves_the_run_command_first_then_runs_the_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index("scripts/smoke_run.py") < ci.index("\n./bin/test\n")


def test_the_test_command_runs_the_database_tests_on_postgresql_too():
    test = (ROOT / "bin" / "test").read_text()
    assert "bin/with-postgres" in test and "tests/web" in test


def test_cli_reference_is_generated_from_the_current_help():
    import importlib.util

    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == module.render(), \
        "docs/cli.md is stale: run scripts/cli_reference.py"


def test_every_rule_type_has_a_section_in_the_rules_doc():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert {m for m in re.findall(r"^## (\w+)$", text, re.M)} >= set(RULES)


def test_every_methodology_field_is_documented():
    text = (ROOT / "docs" / "methodology-format.md").read_text(encoding="utf-8")
    for key in TOP_KEYS | NODE_KEYS | GROUP_KEYS:
        assert f"`{key}`" in text, key
