"""The seams between the web apps: no app reaches into another's views, and nothing imports a
private name (``_x``) from another module — what is shared is public and lives where it belongs."""
import ast
from pathlib import Path

import parindex

SRC = Path(parindex.__file__).parent
APPS = ("cycles", "audit", "publication", "surveys", "backup", "demo")


def imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [a.name for a in node.names]


def test_no_module_imports_a_private_name_from_another():
    found = [(str(p.relative_to(SRC)), module, name) for p in SRC.rglob("*.py") for module, names in imports(p)
             if module.startswith("parindex.") for name in names if name.startswith("_") and not name.startswith("__")]
    assert found == []


def test_no_app_imports_another_apps_views():
    found = []
    for app in APPS:
        for path in (SRC / "web" / app).rglob("*.py"):
            for module, _ in imports(path):
                parts = module.split(".")
                if module.startswith("parindex.web.") and parts[-1] == "views" and parts[2] != app:
                    found.append((str(path.relative_to(SRC)), module))
    api = [m for m, _ in imports(SRC / "web" / "api.py") if m.endswith(".views")]
    assert found == [] and api == []


def test_nothing_but_the_demo_imports_the_demo():
    found = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[:2] != ("web", "demo")
             for module, _ in imports(p) if module.startswith("parindex.web.demo")]
    assert found == []
