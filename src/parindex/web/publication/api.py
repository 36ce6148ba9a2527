"""The portal's pages as typed JSON API endpoints (public, no login), documented in OpenAPI.

Each returns exactly what the page's ``.json`` address returns — the same ``pages`` function
builds both — so a client can rely on a schema while a reader follows the page.
"""
from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Router, Schema

from parindex.web.api_contract import PUBLIC
from parindex.web.publication import pages
from parindex.web.publication.queries import published, unit_id, unit_trend

router = Router(tags=["published results"])
Lang = Literal["vi", "en"]


class Publication(Schema):
    cycle: str
    year: int
    version: int
    checksum: str
    published: str
    methodology: str
    methodology_hash: str
    correction: str | None = None


class RankingMeta(Publication):
    average_index: float
    units: int
    filters: dict[str, str | None]
    regions: list[dict[str, str]]
    map: str | None = None
    uncertainty: dict[str, Any]


class RankingRow(Schema):
    rank: int
    unit_code: str
    unit_id: str
    unit: str
    region: str
    region_code: str
    appraisal_points: float
    survey_points: float
    index: float
    group: str
    change: float | None
    rank_interval: str
    rank_q05: int
    rank_q95: int
    group_certainty: int
    group_probabilities: dict[str, float]


class NotAssessedRow(Schema):
    unit_code: str
    unit_id: str
    unit: str
    reason: str


class RankingPage(Schema):
    title: str
    meta: RankingMeta
    columns: list[str]
    rows: list[RankingRow]
    not_assessed: list[NotAssessedRow] = Field(description="units the cycle left out, with the published reason")


class MapRow(Schema):
    unit_id: str
    unit: str
    rank: int
    index: float
    group: str


class Archipelago(Schema):
    id: str
    name: str
    province_id: str


class MapPage(Schema):
    title: str
    meta: Publication
    columns: list[str]
    rows: list[MapRow]
    province_set: Literal["34", "63"]
    colour_by: Literal["index", "group"]
    archipelagos: list[Archipelago]
    description: str


class CriterionRow(Schema):
    code: str
    depth: int
    criterion: str
    points: float
    max: float | None
    national_average: float | None
    lost: float
    why: str
    appraisal_reason: str
    unit_explanation: str


class TrendPoint(Schema):
    year: int
    cycle: str
    index: float
    rank: int | None
    national_index: float
    how: str


class ScorecardPage(Schema):
    title: str
    meta: Publication
    columns: list[str]
    rows: list[CriterionRow]
    unit: dict[str, str]
    rank: int
    index: float
    group: str
    change: float | None
    units: int
    national_index: float
    previous: dict[str, Any] | None
    strongest: dict[str, Any]
    weakest: dict[str, Any]
    areas: list[dict[str, Any]]
    points_lost: list[dict[str, Any]]
    sipas: list[dict[str, Any]]
    trend: list[TrendPoint]
    rank_uncertainty: dict[str, Any]
    what_to_fix: dict[str, Any]


class ComparisonPage(Schema):
    title: str
    meta: Publication
    columns: list[str]
    rows: list[dict[str, Any]]


class SipasRow(Schema):
    unit_code: str
    unit: str
    element_code: str
    element: str
    index: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    reliable: bool
    in_index: bool


class SipasMeta(Publication):
    respondents: int
    wave_sha256: str
    design: dict[str, Any]


class SipasPage(Schema):
    title: str
    meta: SipasMeta
    columns: list[str]
    rows: list[SipasRow]


@router.get("/{slug}", response={200: dict[str, Any], **PUBLIC}, auth=None)
def published_results(request, slug: str):
    """The latest published snapshot of a cycle, whole, with its version, checksum and reason."""
    cycle, snapshot = published(slug)
    return snapshot.as_bundle()


@router.get("/{slug}/ranking", response={200: RankingPage, **PUBLIC}, auth=None)
def ranking(request, slug: str, lang: Lang = "vi", region: str | None = None, group: str | None = None,
            sort: Literal["rank", "index", "change", "unit"] = "rank"):
    """The ranking page's figures (``/results/<slug>.json``), filtered and sorted the same way."""
    cycle, snapshot = published(slug)
    return pages.ranking_page(cycle, snapshot, lang, region, group, sort).as_json()


@router.get("/{slug}/map", response={200: MapPage, **PUBLIC}, auth=None)
def province_map(request, slug: str, lang: Lang = "vi", colour: Literal["index", "group"] = "index"):
    """The map's figures (``/results/<slug>/map.json``): every province of the year's set and both archipelagos."""
    cycle, snapshot = published(slug)
    return pages.map_page(cycle, snapshot, lang, colour).as_json()


@router.get("/{slug}/units/{code}", response={200: ScorecardPage, **PUBLIC}, auth=None)
def scorecard(request, slug: str, code: str, lang: Lang = "vi"):
    """A unit's scorecard (``/results/<slug>/units/<code>.json``), with its trend over the years."""
    cycle, snapshot = published(slug)
    trend = unit_trend(cycle, snapshot, unit_id(snapshot, code), lang)
    return pages.unit_page(cycle, snapshot, code, lang, trend).as_json()


@router.get("/{slug}/compare", response={200: ComparisonPage, **PUBLIC}, auth=None)
def compare(request, slug: str, units: str, lang: Lang = "vi"):
    """Two or more units side by side (``units`` comma-separated codes), as ``/results/<slug>/compare.json``."""
    cycle, snapshot = published(slug)
    return pages.compare_page(cycle, snapshot, [c for c in units.split(",") if c], lang).as_json()


@router.get("/{slug}/sipas", response={200: SipasPage, **PUBLIC}, auth=None)
def sipas(request, slug: str, lang: Lang = "vi"):
    """National and per-unit SIPAS elements with 95 % intervals (``/results/<slug>/sipas.json``)."""
    cycle, snapshot = published(slug)
    return pages.sipas_page(cycle, snapshot, lang).as_json()
