"""Nothing imports a private name (``_x``) from another module: what is shared is public and lives
where it belongs. (Which module may import which is ``tests/test_import_graph.py``'s.)"""
import ast
from pathlib import Path

import parindex

SRC = Path(parindex.__file__).parent


def imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [a.name for a in node.names]


def test_no_module_imports_a_private_name_from_another():
    found = [(str(p.relative_to(SRC)), module, name) for p in SRC.rglob("*.py") for module, names in imports(p)
             if module.startswith("parindex.") for name in names if name.startswith("_") and not name.startswith("__")]
    assert found == []
