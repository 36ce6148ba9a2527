"""The import graph, read from the source: every import of every module under ``src/parindex``, at
module level and inside functions.

Layers, lowest first: ``parindex.core`` < ``parindex.composite``, ``parindex.reports``,
``parindex.demo`` < ``parindex.cli``, ``parindex.web``. A module imports its own package and the
layers below its own, never one beside or above it; the pure layers import no web framework or
database; a web app's views are imported by that app alone; the web apps import only the apps
before them in ``APP_ORDER``, and the web's shared modules import no app; nothing has an import
cycle; and an import inside a function says on its line why it is not at the top. Imports under
``if TYPE_CHECKING:`` are for annotations and are not counted.

Every failure names the importing file and line, the importing module and the module imported.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import parindex
from tests.core.test_purity import FORBIDDEN, PURE_PACKAGES

SRC = Path(parindex.__file__).parent
# ``parindex`` itself holds only ``__version__`` (the core stamps it on results): below everything.
# ``__main__`` is ``python -m parindex``, the door to the CLI: above it.
LAYER = {"parindex": -1, "parindex.core": 0, "parindex.composite": 1, "parindex.reports": 1, "parindex.demo": 1,
         "parindex.cli": 2, "parindex.web": 2, "parindex.__main__": 3}
PURE = tuple(package.__name__ for package in PURE_PACKAGES)
APPS = sorted(path.parent.name for path in (SRC / "web").glob("*/apps.py"))
DEFERRED = re.compile(r"#\s*deferred:\s*\S")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@dataclass(frozen=True)
class Import:
    importer: str
    line: int
    imported: str
    function: str | None  # the enclosing function; None at module level
    statement: str  # the source lines of the import statement, comments included

    def __str__(self) -> str:
        inside = f" (in {self.function})" if self.function else ""
        return f"{MODULES[self.importer].relative_to(SRC.parent)}:{self.line} {self.importer}{inside} imports {self.imported}"


def imported_modules(node: ast.Import | ast.ImportFrom, importer: str) -> list[str]:
    """``from a import b`` imports the module ``a.b`` when there is one, else ``a``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = importer if MODULES[importer].name == "__init__.py" else importer.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
    return submodules + ([base] if len(submodules) < len(node.names) else [])


def imports_of(module: str) -> list[Import]:
    text = MODULES[module].read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                continue  # an import for annotations only is no edge at run time
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                statement = "\n".join(lines[child.lineno - 1:child.end_lineno])
                found.extend(Import(module, child.lineno, imported, function, statement) for imported in imported_modules(child, module))
            visit(child, child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function)

    visit(ast.parse(text), None)
    return found


IMPORTS = [i for module in MODULES for i in imports_of(module)]


def layer_of(module: str) -> str:
    return max((package for package in LAYER if within(module, package)), key=len)


def test_every_module_belongs_to_a_layer():
    assert [m for m in MODULES if layer_of(m) == "parindex" and m != "parindex"] == []


@pytest.mark.parametrize("layer", [p for p in LAYER if p != "parindex"])
def test_a_layer_imports_only_itself_and_the_layers_below(layer):
    upward = [str(i) for i in IMPORTS if within(i.importer, layer) and within(i.imported, "parindex")
              and layer_of(i.imported) != layer and LAYER[layer_of(i.imported)] >= LAYER[layer]]
    assert upward == [], f"{layer} may import only itself and the layers below it:\n" + "\n".join(upward)


@pytest.mark.parametrize("package", PURE)
def test_a_pure_package_imports_no_web_framework_or_database(package):
    found = [str(i) for i in IMPORTS if within(i.importer, package) and i.imported.split(".")[0] in FORBIDDEN]
    assert found == [], f"{package} must run without {', '.join(FORBIDDEN)}:\n" + "\n".join(found)


def test_an_apps_views_are_imported_only_by_that_app():
    found = [str(i) for i in IMPORTS for app in APPS
             if within(i.imported, f"parindex.web.{app}.views") and not within(i.importer, f"parindex.web.{app}")]
    assert APPS
    assert found == [], "another app's views are reached into (share the function where it belongs):\n" + "\n".join(found)


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that each reach one another through imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            components.append(sorted(component))

    for node in nodes:
        if node not in index:
            connect(node)
    return components


def cycles_in(package: str) -> list[str]:
    inside = [i for i in IMPORTS if within(i.importer, package) and within(i.imported, package) and i.imported != i.importer]
    edges: dict[str, set[str]] = {}
    for i in inside:
        edges.setdefault(i.importer, set()).add(i.imported)
    nodes = sorted(m for m in MODULES if within(m, package))
    return [f"cycle {' <-> '.join(c)}:\n  " + "\n  ".join(str(i) for i in inside if i.importer in c and i.imported in c)
            for c in strongly_connected(nodes, edges) if len(c) > 1]


@pytest.mark.parametrize("package", ["parindex.cli", "parindex.core.results", "parindex.core", "parindex.web"])
def test_a_package_has_no_import_cycle(package):
    found = cycles_in(package)
    assert found == [], "\n".join(found)


def test_an_import_inside_a_function_says_why_it_is_deferred():
    unexplained = sorted({f"{i}: add `# deferred: <reason>` (a cycle it breaks, or a heavy dependency it defers) or move it to the top"
                          for i in IMPORTS if i.function and not DEFERRED.search(i.statement)})
    assert unexplained == [], "\n".join(unexplained)


# The web apps, lowest first: an app imports only itself and the apps before it. The audit log's
# own modules sit below every app (each writes to it); its page and rules sit above ``cycles``,
# whose roles they ask about.
AUDIT_LOG = ("parindex.web.audit.models", "parindex.web.audit.chain", "parindex.web.audit.append_only",
             "parindex.web.audit.integrity", "parindex.web.audit.migrations", "parindex.web.audit.management")
APP_ORDER = [AUDIT_LOG, ("parindex.web.cycles",), ("parindex.web.audit",), ("parindex.web.accounts",), ("parindex.web.surveys",),
             ("parindex.web.publication",),
             ("parindex.web.backup",), ("parindex.web.services",), ("parindex.web.demo",)]
# What every app may use: shared web modules that import no app.
WEB_SHARED = ("parindex.web.guards", "parindex.web.uploads", "parindex.web.api_contract", "parindex.web.language",
              "parindex.web.passwords", "parindex.web.settings")


def app_rank(module: str) -> int | None:
    """The position of the module's app in ``APP_ORDER`` (the most specific match), None outside the apps."""
    matches = [(len(prefix), rank) for rank, prefixes in enumerate(APP_ORDER) for prefix in prefixes if within(module, prefix)]
    return max(matches)[1] if matches else None


def test_every_app_has_its_place_in_the_order():
    assert sorted(APPS) == sorted(p.rpartition(".")[2] for group in APP_ORDER[1:] for p in group)


def test_an_app_imports_only_the_apps_before_it():
    upward = [str(i) for i in IMPORTS if app_rank(i.importer) is not None and app_rank(i.imported) is not None
              and app_rank(i.imported) > app_rank(i.importer)]
    assert upward == [], "an app imports one after it in APP_ORDER (pass the value in, or register from above):\n" + "\n".join(upward)


def test_the_webs_shared_modules_import_no_app():
    found = [str(i) for i in IMPORTS if any(within(i.importer, m) for m in WEB_SHARED) and app_rank(i.imported) is not None]
    assert found == [], "\n".join(found)
