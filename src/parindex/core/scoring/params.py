"""Reading and checking rule parameters: each helper names the parameter and what it must be."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from parindex.core.phrases import t
from parindex.core.scoring.registry import RuleParamError
from parindex.core.text import Text


def reject_unknown(params: Mapping[str, Any], known: set[str]) -> None:
    for key in params:
        if key not in known:
            raise RuleParamError(key,
                                 t("unknown parameter '{key}'", key=key), "one of " + ", ".join(sorted(known)) if known else "no parameters", key)


def number(params: Mapping[str, Any], key: str, default: float | None = None, *, minimum: float | None = None,
           maximum: float | None = None) -> float:
    value = params.get(key, default)
    if value is None:
        raise RuleParamError(key, t("parameter '{key}' is required", key=key), t('a number'))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleParamError(key, t("parameter '{key}' must be a number", key=key), t('a number'), value)
    if minimum is not None and value < minimum:
        raise RuleParamError(key, t("parameter '{key}' is out of range", key=key), t('a number ≥ {minimum}', minimum=minimum), value)
    if maximum is not None and value > maximum + 1e-9:
        raise RuleParamError(key, t("parameter '{key}' is out of range", key=key), t('a number ≤ {maximum}', maximum=maximum), value)
    return float(value)


def choice(params: Mapping[str, Any], key: str, options: tuple[str, ...], default: str) -> str:
    value = params.get(key, default)
    if value not in options:
        raise RuleParamError(key, t("parameter '{key}' has an unknown value", key=key), t('one of {items}', items=", ".join(options)), value)
    return value


def label(params: Mapping[str, Any], key: str, default: Text) -> Text:
    """An optional bilingual noun, e.g. ``item: {vi: văn bản, en: documents}``."""
    value = params.get(key)
    if value is None:
        return default
    if not isinstance(value, Mapping) or not all(isinstance(value.get(lang), str) for lang in ("vi", "en")):
        raise RuleParamError(key, t("parameter '{key}' must give text in both languages", key=key), t('{{vi: ..., en: ...}}'), value)
    return Text(vi=value["vi"], en=value["en"])
