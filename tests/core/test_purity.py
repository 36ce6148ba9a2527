"""The core must stay importable without Django or a database (ARCHITECTURE: "the one rule").

That no pure module names one in an import is read from the source in tests/test_import_graph.py;
this checks what importing them actually loads."""
import pkgutil
import subprocess
import sys

import parindex.composite
import parindex.core
import parindex.reports

# The web layer and the application database. DuckDB is allowed: the core computes on DuckDB
# relations in process (ARCHITECTURE: "tables (pandas / Arrow / DuckDB relations)").
FORBIDDEN = ("django", "ninja", "rules", "psycopg", "sqlite3", "sqlalchemy")
# Pure too: the composite toolkit and the reports (the CLI prints them from a bundle, no database).
PURE_PACKAGES = (parindex.core, parindex.composite, parindex.reports)


def test_importing_every_core_module_loads_no_django():
    modules = [m.name for package in PURE_PACKAGES for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + \
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\nprint(bad)\nsys.exit(1 if bad else 0)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(modules) > 20
