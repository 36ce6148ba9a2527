"""Read YAML keeping the line of every value, so errors can point at the line a person must fix.

PyYAML's composer already knows each node's position; we build plain Python values from the node
graph ourselves and record ``path -> line`` on the way. Duplicate keys, which PyYAML would silently
let the last one win, are reported: in a methodology file a repeated key is always a mistake.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from parindex.core.errors import ParindexError, Where

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("tree", 2, "children", 0, "max")`` → ``tree[2].children[0].max``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


@dataclass
class YamlDocument:
    """Plain data from a YAML file plus the line of every path in it."""

    data: Any
    source: str
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def where(self, path: Path) -> Where:
        return Where(file=self.source, line=self.line_of(path), path=format_path(tuple(path)))


def load_yaml(text: str, source: str) -> YamlDocument:
    """Parse ``text`` (named ``source`` in messages)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ParindexError(
            "yaml_syntax",
            f"not valid YAML: {exc.problem}",
            Where(file=source, line=mark.line + 1 if mark else None),
            expected="well-formed YAML (check indentation, colons and quotes)",
        ) from None
    doc = YamlDocument(data=None, source=source)
    if node is None:
        return doc
    constructor = yaml.SafeLoader("")  # only used to turn scalar nodes into Python values
    doc.data = _build(node, (), doc, constructor)
    return doc


def _build(node: yaml.Node, path: Path, doc: YamlDocument, constructor: yaml.SafeLoader) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node)
            key = str(key)
            if key in out:
                raise ParindexError(
                    "yaml_duplicate_key",
                    f"key {key!r} appears twice in the same mapping",
                    Where(file=doc.source, line=key_node.start_mark.line + 1, path=format_path(path + (key,))),
                    expected="each key once",
                )
            out[key] = _build(value_node, path + (key,), doc, constructor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, constructor) for i, item in enumerate(node.value)]
    return constructor.construct_object(node)
