"""The core must stay importable without Django or a database (ARCHITECTURE: "the one rule")."""
import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import parindex.composite
import parindex.core
import parindex.reports

# The web layer and the application database. DuckDB is allowed: the core computes on DuckDB
# relations in process (ARCHITECTURE: "tables (pandas / Arrow / DuckDB relations)").
FORBIDDEN = ("django", "ninja", "rules", "psycopg", "sqlite3", "sqlalchemy")
CORE = Path(parindex.core.__file__).parent
# Pure too: the composite toolkit and the reports (the CLI prints them from a bundle, no database).
PURE_PACKAGES = (parindex.core, parindex.composite, parindex.reports)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_django_or_a_database():
    offenders = {str(p): sorted(imported_modules(p) & set(FORBIDDEN))
                 for package in PURE_PACKAGES for p in Path(package.__file__).parent.rglob("*.py") if imported_modules(p) & set(FORBIDDEN)}
    assert offenders == {}


def test_importing_every_core_module_loads_no_django():
    modules = [m.name for package in PURE_PACKAGES for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + \
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\nprint(bad)\nsys.exit(1 if bad else 0)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(modules) > 20
