"""Published results, read back: a snapshot payload parsed and checked once into typed objects.

A published snapshot is frozen JSON (what ``publication`` stores and what a bundle's
``snapshot.json`` holds). Every reader of it — the portal's figures, the PDF reports, the
workbook, the analysis, the CLI, the next cycle's comparison — gets a ``PublishedResults`` from
``read_published`` and never indexes the payload itself, so its shape is interpreted in one place
and a payload that is not a snapshot is refused with the key that is wrong.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import Words, t
from parindex.core.results.model import Averages
from parindex.core.text import Text

NATIONAL = "(national)"  # the domain of nationwide survey estimates


class UnknownUnit(LookupError):
    """The unit is not among the cycle's published units."""


@dataclass(frozen=True)
class PublishedCycle:
    slug: str
    year: int
    programme: str
    methodology_id: str
    methodology_hash: str


@dataclass(frozen=True)
class PublishedUnit:
    id: str
    code: str
    name: Text
    region: str | None

    def label(self, lang: str) -> str:
        return self.name.get(lang)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "name": self.name.as_dict(), "region": self.region}


@dataclass(frozen=True)
class PublishedNode:
    """One area, criterion or leaf of one unit; leaves carry their rule's explanation and inputs."""

    points: float
    max_points: float
    missing: bool
    explanation: Text | None = None
    inputs: Mapping[str, Any] | None = None

    def why(self, lang: str) -> str:
        return self.explanation.get(lang) if self.explanation else ""


@dataclass(frozen=True)
class PublishedPrevious:
    """The previous cycle's index carried onto this unit, and how (same unit, or its predecessors)."""

    index: float
    rule: str
    explanation: Text
    sources: tuple[tuple[str, float], ...]  # (unit id, index) it came from

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "rule": self.rule, "explanation": self.explanation.as_dict(),
                "from": [{"unit_id": unit_id, "index": value} for unit_id, value in self.sources]}


@dataclass(frozen=True)
class PublishedUnitResult:
    unit: PublishedUnit
    rank: int
    group: str | None
    total: float
    index: float
    appraisal_points: float
    survey_points: float
    previous: PublishedPrevious | None
    change: float | None
    strongest_area: str
    weakest_area: str
    nodes: Mapping[str, PublishedNode]

    def points(self) -> dict[str, float]:
        """Points by node code: what the analysis model is built from."""
        return {code: node.points for code, node in self.nodes.items()}


@dataclass(frozen=True)
class PublishedEntry:
    """What people entered for one leaf of one unit: self-assessment, appraisal, explanation, final."""

    self_points: float | None
    appraised_points: float | None
    appraisal_reason: str
    unit_explanation: str
    final_points: float | None
    final_reason: str
    points: float | None

    @property
    def reason(self) -> str:
        """The appraisers' reason, else the final decision's."""
        return self.appraisal_reason or self.final_reason


@dataclass(frozen=True)
class SurveyEstimate:
    """One SIPAS estimate (a share, 0..1) for a domain — a unit's code or ``NATIONAL`` — and element."""

    domain: str
    element: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    cv: float | None
    reliable: bool
    in_index: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "element": self.element, "estimate": self.estimate, "se": self.se,
                "ci_low": self.ci_low, "ci_high": self.ci_high, "n": self.n, "cv": self.cv, "reliable": self.reliable,
                "in_index": self.in_index}


@dataclass(frozen=True)
class PublishedSurvey:
    wave: int
    sha256: str
    respondents: int
    design: Mapping[str, Any]
    questionnaire: str
    estimates: tuple[SurveyEstimate, ...]

    def of_domain(self, domain: str) -> list[SurveyEstimate]:
        return [e for e in self.estimates if e.domain == domain]


@dataclass(frozen=True)
class NotAssessed:
    """A unit the cycle left out, with the reason published beside the ranking (never as 0 points)."""

    unit: PublishedUnit
    reason: str


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str


@dataclass(frozen=True)
class PublishedResults:
    """Everything a snapshot published. ``version`` and ``checksum`` are the snapshot's (None when
    read from a payload that does not carry them)."""

    cycle: PublishedCycle
    units: tuple[PublishedUnitResult, ...]  # in rank order
    averages: Averages
    provenance: Mapping[str, Any]
    survey: PublishedSurvey | None
    entries: Mapping[str, Mapping[str, PublishedEntry]]  # unit id → leaf code → entry
    audit_head: AuditHead | None
    version: int | None = None
    checksum: str | None = None
    not_assessed: tuple[NotAssessed, ...] = ()

    def __iter__(self) -> Iterator[PublishedUnitResult]:
        return iter(self.units)

    def unit(self, key: str) -> PublishedUnitResult:
        """A unit's result by its code or its id; ``UnknownUnit`` if it was not published."""
        for result in self.units:
            if key in (result.unit.code, result.unit.id):
                return result
        raise UnknownUnit(key)

    def exclusion(self, key: str) -> NotAssessed | None:
        """The unit's exclusion from this cycle, by its code or id, if it was left out."""
        return next((n for n in self.not_assessed if key in (n.unit.code, n.unit.id)), None)

    def entry(self, unit_id: str, leaf: str) -> PublishedEntry | None:
        return self.entries.get(unit_id, {}).get(leaf)

    @property
    def national_index(self) -> float:
        return self.averages.national["index"]

    def index_by_unit(self) -> dict[str, float]:
        """Unit id → published index: what the next cycle compares against."""
        return {r.unit.id: r.index for r in self.units}

    def survey_estimates(self, domain: str | None = None) -> list[SurveyEstimate]:
        if self.survey is None:
            return []
        return list(self.survey.estimates) if domain is None else self.survey.of_domain(domain)


def read_published(payload: Mapping[str, Any], version: int | None = None, checksum: str | None = None,
                   source: str = "snapshot") -> PublishedResults:
    """Parse a published payload; a key missing or of the wrong type is a ``ParindexError`` naming
    it (``source`` names the file or snapshot in the message). ``version`` and ``checksum`` default
    to the payload's own (a bundle's ``snapshot.json`` carries them)."""
    read = _Reader(source)
    results = read.mapping(payload, "results")
    averages = read.mapping(results, "averages")
    sipas = payload.get("sipas")
    head = payload.get("audit_head")
    return PublishedResults(
        cycle=_cycle(read, read.mapping(payload, "cycle")),
        units=tuple(_unit_result(read, u, f"results.units[{i}]") for i, u in enumerate(read.sequence(results, "units"))),
        averages=Averages(national=dict(read.mapping(averages, "national")), by_region=dict(averages.get("by_region") or {}),
                          n_national=int(averages.get("n") or 0), n_by_region=dict(averages.get("n_by_region") or {})),
        provenance=dict(results.get("provenance") or {}),
        survey=None if not sipas else _survey(read, sipas),
        entries={unit_id: {leaf: _entry(e or {}) for leaf, e in leaves.items()}
                 for unit_id, leaves in (payload.get("entries") or {}).items()},
        audit_head=None if not head else AuditHead(int(head["seq"]), str(head["hash"])),
        version=version if version is not None else payload.get("version"),
        checksum=checksum if checksum is not None else payload.get("checksum"),
        not_assessed=tuple(NotAssessed(_unit(read, e.get("unit"), f"excluded[{i}].unit"), str(e.get("reason", "")))
                           for i, e in enumerate(payload.get("excluded") or [])),
    )


class _Reader:
    """Typed access that names the key it failed on."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, expected: Words) -> ParindexError:
        return ParindexError("bad_snapshot", t('not a published snapshot'), Where(file=self.source, path=key), expected=expected)

    def mapping(self, data: Any, key: str) -> Mapping[str, Any]:
        value = data.get(key) if isinstance(data, Mapping) else None
        if not isinstance(value, Mapping):
            raise self.fail(key, t('an object'))
        return value

    def sequence(self, data: Mapping[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list):
            raise self.fail(key, t('a list'))
        return value

    def number(self, data: Mapping[str, Any], key: str, where: str) -> float:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{where}.{key}", t('a number'))
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", t('a text'))
        return value


def _bilingual(value: Mapping[str, str] | None) -> Text | None:
    return None if not value else Text(value.get("vi", ""), value.get("en", ""))


def _cycle(read: _Reader, cycle: Mapping[str, Any]) -> PublishedCycle:
    return PublishedCycle(read.text(cycle, "slug", "cycle"), int(read.number(cycle, "year", "cycle")), str(cycle.get("programme", "")),
                          read.text(cycle, "methodology_id", "cycle"), read.text(cycle, "methodology_hash", "cycle"))


def _unit_result(read: _Reader, u: Any, where: str) -> PublishedUnitResult:
    if not isinstance(u, Mapping):
        raise read.fail(where, t('an object'))
    parts = read.mapping(u, "parts")
    previous = u.get("previous")
    return PublishedUnitResult(
        unit=_unit(read, read.mapping(u, "unit"), where + ".unit"),
        rank=int(read.number(u, "rank", where)), group=u.get("group"), total=read.number(u, "total", where),
        index=read.number(u, "index", where), appraisal_points=read.number(parts, "appraisal", where + ".parts"),
        survey_points=read.number(parts, "survey", where + ".parts"),
        previous=None if previous is None else PublishedPrevious(
            previous["index"], previous["rule"], _bilingual(previous.get("explanation")) or Text("", ""),
            tuple((s["unit_id"], s["index"]) for s in previous.get("from", []))),
        change=u.get("change"), strongest_area=str(u.get("strongest_area", "")), weakest_area=str(u.get("weakest_area", "")),
        nodes={code: PublishedNode(read.number(n, "points", f"{where}.nodes.{code}"), n.get("max", 0.0), bool(n.get("missing")),
                                   _bilingual(n.get("explanation")), n.get("inputs"))
               for code, n in read.mapping(u, "nodes").items()},
    )


def _unit(read: _Reader, unit: Any, where: str) -> PublishedUnit:
    if not isinstance(unit, Mapping):
        raise read.fail(where, t('an object'))
    name = read.mapping(unit, "name")
    return PublishedUnit(read.text(unit, "id", where), read.text(unit, "code", where),
                         Text(str(name.get("vi", "")), str(name.get("en", ""))), unit.get("region"))


def _entry(e: Mapping[str, Any]) -> PublishedEntry:
    return PublishedEntry(e.get("self_points"), e.get("appraised_points"), e.get("appraisal_reason") or "",
                          e.get("unit_explanation") or "", e.get("final_points"), e.get("final_reason") or "", e.get("points"))


def _survey(read: _Reader, sipas: Mapping[str, Any]) -> PublishedSurvey:
    estimates = []
    for i, e in enumerate(read.sequence(sipas, "estimates")):
        where = f"sipas.estimates[{i}]"
        estimates.append(SurveyEstimate(
            read.text(e, "domain", where), read.text(e, "element", where), read.number(e, "estimate", where), read.number(e, "se", where),
            read.number(e, "ci_low", where), read.number(e, "ci_high", where), int(read.number(e, "n", where)), e.get("cv"),
            bool(e.get("reliable")), bool(e.get("in_index", True))))
    return PublishedSurvey(int(sipas.get("wave") or 0), str(sipas.get("sha256", "")), int(sipas.get("rows") or 0),
                           dict(sipas.get("design") or {}), read.text(sipas, "questionnaire", "sipas"), tuple(estimates))
