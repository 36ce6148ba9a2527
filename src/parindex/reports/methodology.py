"""A methodology as the public reads it: the tree of criteria with their maxima, how each is scored
and where each came from, the result groups, and how the index is formed from the points.

The portal's methodology page, the one-line explanation under the ranking and the scorecard, and
their ``.json``/``.csv`` twins read these functions; nothing here touches the database.
"""
from __future__ import annotations

from typing import Any

from parindex.core.methodology import Methodology
from parindex.core.methodology.model import Node
from parindex.core.phrases import Phrase, t
from parindex.core.scoring.point_bands import describe_band
from parindex.core.text import of_lang

SOURCES = {"appraisal": ("Thẩm định", "Appraisal"), "survey": ("Điều tra xã hội học", "Survey"),
           "service_data": ("Dữ liệu dịch vụ công", "Service records"), "bonus": ("Điểm thưởng", "Bonus"),
           "penalty": ("Điểm trừ", "Penalty")}
PROVENANCE = {"official": ("chính thức", "official"), "illustrative": ("minh họa", "illustrative")}


def index_formula(methodology: Methodology) -> Phrase:
    """How the index is formed from the points, in one sentence: why appraisal plus survey points,
    each rounded on its own, need not add up to the rounded index to the last digit."""
    decimals = methodology.ranking.decimals
    if methodology.scale == 100:
        return t("The index is the appraisal points plus the survey points, bonus and penalty points included, "
                 "kept between 0 and 100; every figure is rounded to {decimals} decimals on its own, "
                 "so the rounded parts may differ from the rounded index in the last digit.", decimals=decimals)
    return t("The index is the appraisal points plus the survey points, bonus and penalty points included, "
             "divided by {scale} and written in percent, kept between 0 and 100 %; every figure is rounded to "
             "{decimals} decimals on its own.", scale=methodology.scale, decimals=decimals)


def methodology_columns(lang: str) -> list[tuple[str, str]]:
    return [("code", of_lang(lang, "Mã", "Code")), ("name", of_lang(lang, "Lĩnh vực, tiêu chí", "Area, criterion")),
            ("max", of_lang(lang, "Điểm tối đa", "Maximum points")), ("source", of_lang(lang, "Nguồn điểm", "Scored from")),
            ("rule", of_lang(lang, "Cách chấm", "How it is scored")), ("provenance", of_lang(lang, "Căn cứ", "Provenance"))]


def methodology_rows(methodology: Methodology, lang: str) -> list[dict[str, Any]]:
    """Every area, criterion and sub-criterion in the methodology's order."""
    return [_row(node, lang) for node in methodology.walk()]


def _row(node: Node, lang: str) -> dict[str, Any]:
    source = SOURCES.get(node.source or "")
    return {"code": node.code, "depth": node.depth, "name": node.name.get(lang),
            "max": None if node.is_adjustment else node.max_points,
            "source": of_lang(lang, *source) if source else "",
            "rule": node.rule.summary.get(lang) if node.rule is not None else "",
            "provenance": provenance_words(node, lang),
            "evidence": [e.get(lang) for e in node.evidence]}


def provenance_words(node: Node, lang: str) -> str:
    """``chính thức`` when the legal source fixes the name, the maximum and the rule; otherwise which
    of them are official and which are ours."""
    p = node.provenance
    if p.name == p.max == p.rule:
        return of_lang(lang, *PROVENANCE.get(p.name, (p.name, p.name)))
    parts = [(of_lang(lang, "tên", "name"), p.name), (of_lang(lang, "điểm tối đa", "maximum"), p.max),
             (of_lang(lang, "cách chấm", "rule"), p.rule)]
    return ", ".join(f"{label} {of_lang(lang, *PROVENANCE.get(value, (value, value)))}" for label, value in parts)


def group_rows(methodology: Methodology, lang: str) -> list[dict[str, Any]]:
    """The result groups with their band of the index (``≥ 90 %``, ``80–<90 %``)."""
    return [{"code": g.code, "name": g.name.get(lang), "band": describe_band(g.band, " %", lang),
             "provenance": of_lang(lang, *PROVENANCE.get(g.provenance, (g.provenance, g.provenance)))}
            for g in methodology.groups]


def legal_source(methodology: Methodology, lang: str) -> dict[str, Any]:
    source = methodology.legal_source
    return {"document": source.document, "title": source.title.get(lang) if source.title else "",
            "issued": source.issued.isoformat() if source.issued else "", "url": source.url or "", "note": source.note or ""}
