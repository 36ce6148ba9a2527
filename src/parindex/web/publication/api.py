"""The portal's pages as typed JSON API endpoints (public, no login), documented in OpenAPI.

Each returns exactly what the page's ``.json`` address returns — the same ``pages`` function
builds both — so a client can rely on a schema while a reader follows the page.
"""
from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Router, Schema

from parindex.reports import figures
from parindex.web.api_contract import PUBLIC
from parindex.web.publication import pages, queries
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
    decimals: int = Field(description="the methodology's decimals: how pages and CSV files round each figure")


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
    formula: str = Field(description="how the index is formed from the points, in one sentence of the language asked for")


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
    formula: str


class ComparisonPage(Schema):
    title: str
    meta: Publication
    columns: list[str]
    rows: list[dict[str, Any]]


class SipasRow(Schema):
    unit_code: str
    unit: str
    region_code: str
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
    filters: dict[str, str]
    total_rows: int = Field(description="estimates published, before the filters")


class SipasPage(Schema):
    title: str
    meta: SipasMeta
    columns: list[str]
    rows: list[SipasRow]


class MethodologyMeta(Schema):
    cycle: str
    year: int
    methodology: str
    methodology_hash: str
    decimals: int


class MethodologyRow(Schema):
    code: str
    depth: int
    name: str
    max: float | None
    source: str
    rule: str
    provenance: str
    evidence: list[str]


class MethodologyPage(Schema):
    title: str
    meta: MethodologyMeta
    columns: list[str]
    rows: list[MethodologyRow]
    formula: str
    groups: list[dict[str, str]]
    legal_source: dict[str, str]
    scale: float
    counts: dict[int, int]
    ranking: dict[str, Any]


class VersionChangeRow(Schema):
    unit_code: str
    unit: str
    index_before: float
    index_after: float
    index_change: float
    rank_before: int
    rank_after: int
    group_before: str | None
    group_after: str | None


class VersionsPage(Schema):
    title: str
    meta: Publication
    columns: list[str]
    rows: list[VersionChangeRow] = Field(description="units whose index, rank or group changed from `before` to `after`")
    versions: list[dict[str, Any]]
    before: int
    after: int
    points: list[dict[str, Any]] = Field(description="criteria and areas whose points changed, unit by unit")
    entered: list[str]
    left: list[str]
    national_before: float
    national_after: float
    reason: str


@router.get("/{slug}", response={200: dict[str, Any], **PUBLIC}, auth=None)
def published_results(request, slug: str, v: int | None = None):
    """The latest published snapshot of a cycle (or version ``v``), whole, with its version, checksum and reason."""
    cycle, snapshot = published(slug, _version(v))
    return snapshot.as_bundle()


@router.get("/{slug}/ranking", response={200: RankingPage, **PUBLIC}, auth=None)
def ranking(request, slug: str, lang: Lang = "vi", region: str | None = None, group: str | None = None,
            sort: Literal["rank", "index", "change", "unit"] = "rank", v: int | None = None):
    """The ranking page's figures (``/results/<slug>.json``), filtered and sorted the same way."""
    cycle, snapshot = published(slug, _version(v))
    return pages.ranking_page(cycle, snapshot, lang, region, group, sort).as_json()


@router.get("/{slug}/map", response={200: MapPage, **PUBLIC}, auth=None)
def province_map(request, slug: str, lang: Lang = "vi", colour: Literal["index", "group"] = "index", v: int | None = None):
    """The map's figures (``/results/<slug>/map.json``): every province of the year's set and both archipelagos."""
    cycle, snapshot = published(slug, _version(v))
    return pages.map_page(cycle, snapshot, lang, colour).as_json()


@router.get("/{slug}/units/{code}", response={200: ScorecardPage, **PUBLIC}, auth=None)
def scorecard(request, slug: str, code: str, lang: Lang = "vi", v: int | None = None):
    """A unit's scorecard (``/results/<slug>/units/<code>.json``), with its trend over the years."""
    cycle, snapshot = published(slug, _version(v))
    trend = unit_trend(cycle, snapshot, unit_id(snapshot, code), lang)
    return pages.unit_page(cycle, snapshot, code, lang, trend).as_json()


@router.get("/{slug}/compare", response={200: ComparisonPage, **PUBLIC}, auth=None)
def compare(request, slug: str, units: str, lang: Lang = "vi", v: int | None = None):
    """Two or more units side by side (``units`` comma-separated codes), as ``/results/<slug>/compare.json``."""
    cycle, snapshot = published(slug, _version(v))
    return pages.compare_page(cycle, snapshot, [c for c in units.split(",") if c], lang).as_json()


@router.get("/{slug}/sipas", response={200: SipasPage, **PUBLIC}, auth=None)
def sipas(request, slug: str, lang: Lang = "vi", unit: str = "", element: str = "", region: str = "",
          sort: Literal["unit", "high", "low", "element"] = "unit", v: int | None = None):
    """National and per-unit SIPAS elements with 95 % intervals (``/results/<slug>/sipas.json``), narrowed
    to a unit (``NATIONAL`` for the country), an element or a region, in the order asked."""
    cycle, snapshot = published(slug, _version(v))
    chosen = figures.SipasFilter(unit=unit, element=element, region=region, sort=sort)
    return pages.sipas_page(cycle, snapshot, lang, chosen).as_json()


@router.get("/{slug}/versions", response={200: VersionsPage, **PUBLIC}, auth=None)
def versions(request, slug: str, lang: Lang = "vi", before: int | None = None, after: int | None = None):
    """Every published version of a cycle and what changed between two (``/results/<slug>/versions.json``):
    by default the newest and the one before it."""
    cycle, _ = published(slug)
    snapshots, older, newer = queries.versions_compared(cycle, before, after)
    return pages.versions_page(cycle, snapshots, lang, older, newer).as_json()


@router.get("/{slug}/methodology", response={200: MethodologyPage, **PUBLIC}, auth=None)
def methodology(request, slug: str, lang: Lang = "vi"):
    """The methodology a published cycle applies (``/methodology/<slug>.json``): its tree with maxima,
    rules and provenance, the groups, and how the index is formed."""
    cycle, _ = published(slug)
    return pages.methodology_page(cycle, lang).as_json()


def _version(v: int | None) -> str | None:
    return str(v) if v is not None else None
