"""Read YAML keeping the line of every value, so errors can point at the line a person must fix.

PyYAML's composer already knows each node's position; we build plain Python values from the node
graph ourselves and record ``path -> line`` on the way. Duplicate keys, which PyYAML would silently
let the last one win, are reported: in a methodology file a repeated key is always a mistake.

A methodology file may come from anyone who can upload one, so the reader refuses, each time with
the line: a file over ``MAX_YAML_BYTES``; nesting deeper than ``MAX_DEPTH``; any anchor or alias
(``&a`` / ``*a``: a few lines of them expand to billions of nodes, the "billion laughs" — refused
from the parser's events, before anything is composed); numbers that are not finite or larger than
``MAX_NUMBER`` (``.nan`` passes every range check, a 400-digit integer overflows ``float()``); and
every value PyYAML cannot construct (a 5,000-digit integer, 30 February) — never a traceback.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import yaml

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t

# The built-in methodologies are about 33 kB; 1 MiB leaves room for a programme thirty times larger.
# The cap bounds the time a file can cost: a mapping-dense file at the cap takes about a second to read
# (libyaml parses, the nodes and values are built in Python), and what could cost more than its size
# (anchors, deep nesting) is refused from the parser's events before anything is built.
MAX_YAML_BYTES = 1024 * 1024
# A methodology nests area → criterion → sub-criterion → rule → bands, two levels (a list and a
# mapping) each: about 15 deep. 50 is far past any real file and far below Python's recursion limit.
MAX_DEPTH = 50
# Points, percentages, counts and years are all far below this; beyond it a float no longer holds
# every whole number exactly (2**53 ≈ 9.0e15).
MAX_NUMBER = 1e15

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
    """Parse ``text`` (named ``source`` in messages).

    >>> load_yaml("a: &x [1]\\nb: *x\\n", "m.yaml")
    Traceback (most recent call last):
    ...
    parindex.core.errors.ParindexError: [yaml_alias] m.yaml:1: anchors and aliases (&name, *name) are not allowed; ...
    """
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise too_large(source, size)
    try:
        _refuse_anchors_and_depth(text, source)
        node = yaml.compose(text, Loader=_LIBYAML)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, source) from None
    doc = YamlDocument(data=None, source=source)
    if node is None:
        return doc
    constructor = yaml.SafeLoader("")  # only used to turn scalar nodes into Python values
    doc.data = _build(node, (), doc, constructor)
    return doc


def too_large(source: str, size: int) -> ParindexError:
    return ParindexError("yaml_too_large", t('the file is too large for a methodology'), Where(file=source),
                         expected=t('at most {MAX_YAML_BYTES} bytes', MAX_YAML_BYTES=MAX_YAML_BYTES), got=f"{size:,} bytes")


def _refuse_anchors_and_depth(text: str, source: str) -> None:
    """Walk the parser's events (libyaml's, at C speed, when PyYAML has it) before anything is composed.

    Composing is where PyYAML expands an alias into the node it names and recurses into nesting, so
    both are refused here first: a billion-laughs file stops at its first anchor, a file of 100,000
    ``[`` at the 51st, whatever its size.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_LIBYAML):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise ParindexError("yaml_alias", t('anchors and aliases (&name, *name) are not allowed'),
                                Where(file=source, line=event.start_mark.line + 1),
                                expected=t('every value written out where it is used'), got=f"{sign}{event.anchor}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ParindexError("yaml_too_deep", t('the file nests lists and mappings too deeply'),
                                    Where(file=source, line=event.start_mark.line + 1),
                                    expected=t('at most {MAX_DEPTH} levels of nesting', MAX_DEPTH=MAX_DEPTH))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# libyaml's parser when PyYAML was built with it (the wheels are), else PyYAML's own: same events,
# same nodes and marks, about four times faster.
_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _syntax_error(exc: yaml.YAMLError, text: str, source: str) -> ParindexError:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, problem = mark.line + 1, exc.problem
    elif isinstance(getattr(exc, "position", None), int):  # ReaderError: a character YAML does not allow
        line, problem = text.count("\n", 0, exc.position) + 1, exc.reason
    else:
        line, problem = None, str(exc)
    return ParindexError("yaml_syntax", t('not valid YAML: {problem}', problem=problem), Where(file=source, line=line),
                         expected=t('well-formed YAML (check indentation, colons and quotes)'))


def _build(node: yaml.Node, path: Path, doc: YamlDocument, constructor: yaml.SafeLoader) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, path, doc, constructor)
            key = str(key)
            if key in out:
                raise ParindexError(
                    "yaml_duplicate_key",
                    t("key '{key}' appears twice in the same mapping", key=key),
                    Where(file=doc.source, line=key_node.start_mark.line + 1, path=format_path(path + (key,))),
                    expected=t('each key once'),
                )
            out[key] = _build(value_node, path + (key,), doc, constructor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, constructor) for i, item in enumerate(node.value)]
    return _scalar(node, path, doc, constructor)


def _scalar(node: yaml.Node, path: Path, doc: YamlDocument, constructor: yaml.SafeLoader) -> Any:
    """A scalar's Python value; a value PyYAML cannot build, or a number out of bounds, is located."""
    where = Where(file=doc.source, line=node.start_mark.line + 1, path=format_path(path))
    shown = node.value if isinstance(node.value, str) and len(node.value) <= 40 else _short(node.value)
    try:
        value = constructor.construct_object(node)
    except yaml.YAMLError as exc:  # e.g. an unknown tag such as !!python/object
        raise ParindexError("yaml_bad_value", t('cannot read the value: {value}', value=getattr(exc, 'problem', None) or exc), where,
                            expected=t('plain YAML values (text, numbers, dates, true/false)'), got=shown) from None
    except (ValueError, OverflowError):  # a 5,000-digit integer (Python's int-string limit), 2024-02-30
        expected = {"tag:yaml.org,2002:timestamp": "a valid date (YYYY-MM-DD)"}.get(node.tag, f"a number no larger than {MAX_NUMBER:g}")
        raise ParindexError("yaml_bad_value", t('the value cannot be read'), where, expected=expected, got=shown) from None
    if _out_of_bounds(value):
        raise ParindexError("number_out_of_range", t('the number is not finite or too large'), where,
                            expected=t('a finite number no larger than {MAX_NUMBER} in size', MAX_NUMBER=MAX_NUMBER), got=shown)
    return value


def _out_of_bounds(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_NUMBER  # exact: never converted to a float, which could overflow
    return not math.isfinite(value) or abs(value) > MAX_NUMBER


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:30]}… ({len(text):,} characters)"
