"""The methodologies shipped with parindex, found by id (``vn-par-province-2022``) or by path."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from parindex.core.errors import ParindexError
from parindex.core.methodology.loader import load_methodology_file
from parindex.core.methodology.model import Methodology
from parindex.core.methodology.yaml_source import MAX_YAML_BYTES, load_yaml, too_large
from parindex.core.phrases import t

BUILTIN_PACKAGE = "parindex.core.methodology.builtin"


def builtin_ids() -> list[str]:
    folder = resources.files(BUILTIN_PACKAGE)
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def builtin_path(methodology_id: str) -> Path:
    if methodology_id not in builtin_ids():
        raise ParindexError("unknown_methodology", t("no built-in methodology '{methodology_id}'", methodology_id=methodology_id),
                            expected=t('one of {items}, or a path to a .yaml file', items=", ".join(builtin_ids())),
                            got=methodology_id)
    return Path(str(resources.files(BUILTIN_PACKAGE) / f"{methodology_id}.yaml"))


@lru_cache(maxsize=None)
def load_builtin(methodology_id: str) -> Methodology:
    return load_methodology_file(builtin_path(methodology_id))


def resolve(id_or_path: str) -> Methodology:
    """A built-in id, or a path to a methodology file: what the CLI's ``ID`` arguments accept."""
    if id_or_path in builtin_ids():
        return load_builtin(id_or_path)
    if id_or_path.endswith((".yaml", ".yml")) or Path(id_or_path).exists():
        return load_methodology_file(id_or_path)
    return load_builtin(id_or_path)  # raises unknown_methodology with the list of ids


def resolve_data(id_or_path: str) -> tuple[dict, Methodology]:
    """The file's data as written (what an export must give back whole) and the methodology it validates to."""
    methodology = resolve(id_or_path)
    path = builtin_path(id_or_path) if id_or_path in builtin_ids() else Path(id_or_path)
    if path.stat().st_size > MAX_YAML_BYTES:
        raise too_large(str(path), path.stat().st_size)
    return load_yaml(path.read_text(encoding="utf-8"), str(path)).data, methodology
