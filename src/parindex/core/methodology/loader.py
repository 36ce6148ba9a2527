"""Methodology file (YAML) → validated ``Methodology``, reporting every problem with its line.

One pass collects all problems, so a person fixes a broken file in one go. Each message names the
file, the line, the field path and what was expected. Checks: required fields and types, bilingual
names, unique codes, known sources and rule types, rule parameters, children's maxima adding up to
their parent's, areas adding up to the scale, and group bands covering 0–100 % without gaps or
overlaps.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path as FsPath
from typing import Any

from parindex.core.errors import ParindexError, ValidationFailed
from parindex.core.methodology.model import (
    ADJUSTMENT_SOURCES,
    PROVENANCE,
    SOURCES,
    TIE_METHODS,
    Group,
    LegalSource,
    Methodology,
    Node,
    Provenance,
    Ranking,
)
from parindex.core.methodology.yaml_source import MAX_YAML_BYTES, Path, YamlDocument, load_yaml, too_large
from parindex.core.phrases import Words, t
from parindex.core.scoring import build_rule
from parindex.core.scoring.bands import coverage_problems, read_bands
from parindex.core.services.counts import RecordCount, parse_count
from parindex.core.text import Text

TOP_KEYS = {"format", "id", "title", "programme", "year", "unit_kind", "legal_source", "provenance", "scale",
            "ranking", "groups", "tree", "note", "questionnaires"}
NODE_KEYS = {"code", "name", "max", "provenance", "children", "source", "rule", "evidence", "note", "estimate_from", "appraisal_sd",
             "records"}
QUESTIONNAIRE_KEYS = {"id", "name", "respondents", "scale", "satisfied", "dont_know", "elements", "expectations",
                      "unit_column", "respondent_id"}
GROUP_KEYS = {"code", "name", "from", "below", "provenance"}
UNIT_KINDS = ("ministry", "province", "department", "district", "commune")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SUM_TOLERANCE = 1e-6
# An answer scale is 1–5 or 1–10 in practice; the survey import lists every allowed answer, so a
# scale of [1, 10**15] would be a memory bomb rather than a questionnaire.
MAX_SCALE_POINTS = 100


def load_methodology_file(path: str | FsPath) -> Methodology:
    """Read at most ``MAX_YAML_BYTES`` (plus one, to tell a file that is too large) before parsing."""
    path = FsPath(path)
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        raise ParindexError("file_not_found", t('methodology file not found'), expected=t('an existing .yaml file'),
                            got=str(path)) from None
    if len(raw) > MAX_YAML_BYTES:
        raise too_large(str(path), path.stat().st_size)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ParindexError("file_encoding", t('methodology file is not UTF-8 text'), expected=t('a UTF-8 YAML file'),
                            got=str(path)) from None
    return load_methodology_text(text, str(path))


def load_methodology_text(text: str, source: str = "<methodology>") -> Methodology:
    doc = load_yaml(text, source)
    return _Reader(doc).read()


def load_methodology_data(data: Any, source: str) -> Methodology:
    """Validate data built elsewhere (a criteria table): the same checks as a file's, located by
    field path only (there are no lines), for the caller to map back to its own rows."""
    return _Reader(YamlDocument(data, source)).read()


def content_hash(data: Any) -> str:
    """SHA-256 of the file's data in canonical JSON: comments and layout do not change it."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Reader:
    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.problems: list[ParindexError] = []
        self.codes: dict[str, Path] = {}

    # -- reporting ---------------------------------------------------------------------------
    def problem(self, path: Path, code: str, title: Words, expected: Words | None = None, got: Any = None,
                hint: Words | None = None) -> None:
        self.problems.append(ParindexError(code, title, self.doc.where(path), expected, got, hint))

    def unknown_keys(self, data: Mapping, allowed: set[str], path: Path) -> None:
        for key in data:
            if key not in allowed:
                self.problem(path + (key,), "unknown_field", t("unknown field '{key}'", key=key),
                             t('one of {items}', items=", ".join(sorted(allowed))), key)

    # -- typed field readers (return None after reporting) -------------------------------------
    def required(self, data: Mapping, key: str, path: Path) -> Any:
        if key not in data or data[key] is None:
            self.problem(path + (key,), "missing_field", t("required field '{key}' is missing", key=key))
            return None
        return data[key]

    def text(self, data: Mapping, key: str, path: Path, required: bool = True) -> Text | None:
        value = self.required(data, key, path) if required else data.get(key)
        return None if value is None else self.text_value(value, path + (key,), key)

    def text_value(self, value: Any, path: Path, what: str) -> Text | None:
        if isinstance(value, str):
            self.problem(path, "missing_translation", t("'{what}' must be given in Vietnamese and English", what=what),
                         t('{{vi: ..., en: ...}}'), value)
            return None
        if not isinstance(value, Mapping):
            self.problem(path, "wrong_type", t("'{what}' must be bilingual text", what=what), t('{{vi: ..., en: ...}}'), value)
            return None
        for lang in ("vi", "en"):
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.problem(path + (lang,), "missing_translation", t("'{what}' has no '{lang}' text", what=what, lang=lang), t('a non-empty string'))
                return None
        self.unknown_keys(value, {"vi", "en"}, path)
        return Text(vi=value["vi"], en=value["en"])

    def number(self, data: Mapping, key: str, path: Path, *, positive: bool = False) -> float | None:
        value = self.required(data, key, path)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path + (key,), "wrong_type", t("'{key}' must be a number", key=key), t('a number'), value)
            return None
        if positive and value <= 0:
            self.problem(path + (key,), "out_of_range", t("'{key}' must be positive", key=key), t('a number > 0'), value)
            return None
        return float(value)

    def choice(self, value: Any, options: tuple[str, ...], path: Path, what: str) -> str | None:
        if value not in options:
            self.problem(path, f"unknown_{what}", t("unknown {what} '{value}'", what=what, value=value),
                         t('one of {items}', items=", ".join(options)), value)
            return None
        return value

    # -- the file ------------------------------------------------------------------------------
    def read(self) -> Methodology:
        data = self.doc.data
        if not isinstance(data, Mapping):
            raise ValidationFailed(self.doc.source, [ParindexError(
                "wrong_type", t('a methodology file must be a mapping of fields'), self.doc.where(()),
                t('id, title, programme, year, unit_kind, legal_source, scale, groups, tree'))])
        self.unknown_keys(data, TOP_KEYS, ())
        mid = self.required(data, "id", ())
        if mid is not None and (not isinstance(mid, str) or not ID_PATTERN.match(mid)):
            self.problem(("id",), "wrong_type", t("'id' must be a short lowercase identifier"),
                         t('letters, digits and hyphens, e.g. vn-par-province-2022'), mid)
        title = self.text(data, "title", ())
        programme = self.text(data, "programme", ())
        year = self.required(data, "year", ())
        if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100):
            self.problem(("year",), "wrong_type", t("'year' must be a four-digit year"), t('an integer such as 2022'), year)
        unit_kind = self.required(data, "unit_kind", ())
        if unit_kind is not None:
            self.choice(unit_kind, UNIT_KINDS, ("unit_kind",), "unit_kind")
        legal = self.legal_source(data)
        default_provenance = self.choice(data.get("provenance", "illustrative"), PROVENANCE, ("provenance",), "provenance")
        self.default_provenance = default_provenance or "illustrative"
        scale = self.number(data, "scale", (), positive=True)
        ranking = self.ranking(data.get("ranking") or {})
        groups = self.groups(data.get("groups"), self.default_provenance)
        questionnaires = self.questionnaires(data.get("questionnaires"))
        areas = self.tree(data.get("tree"))
        self.check_estimate_sources(areas, questionnaires)
        if scale is not None and areas:
            total = sum(a.max_points for a in areas)
            if abs(total - scale) > SUM_TOLERANCE:
                self.problem(("tree",), "total_not_scale", t('areas add up to {total} points, not the scale', total=total),
                             t('a total of {scale}', scale=scale), round(total, 6))
        if self.problems:
            raise ValidationFailed(self.doc.source, self.problems)
        # Each of these, when missing or wrong, is a problem raised just above.
        assert title is not None and programme is not None and legal is not None and scale is not None
        return Methodology(
            id=mid, title=title, programme=programme, year=year, unit_kind=unit_kind, legal_source=legal,
            scale=scale, groups=groups, ranking=ranking, areas=areas, content_hash=content_hash(data),
            source_file=self.doc.source, note=data.get("note"), questionnaires=questionnaires,
        )

    def legal_source(self, data: Mapping) -> LegalSource | None:
        value = self.required(data, "legal_source", ())
        if value is None:
            return None
        path = ("legal_source",)
        if not isinstance(value, Mapping):
            self.problem(path, "wrong_type", t("'legal_source' must be a mapping"), t('{{document: ..., issued: ..., url: ...}}'), value)
            return None
        self.unknown_keys(value, {"document", "title", "issued", "url", "note"}, path)
        document = self.required(value, "document", path)
        issued = value.get("issued")
        if issued is not None and not isinstance(issued, date):
            self.problem(path + ("issued",), "wrong_type", t("'issued' must be a date"), t('YYYY-MM-DD'), issued)
            issued = None
        return LegalSource(document=document, title=self.text(value, "title", path, required=False), issued=issued,
                           url=value.get("url"), note=value.get("note"))

    def ranking(self, value: Any) -> Ranking:
        if not isinstance(value, Mapping):
            self.problem(("ranking",), "wrong_type", t("'ranking' must be a mapping"), t('{{ties: min, decimals: 2}}'), value)
            return Ranking()
        self.unknown_keys(value, {"ties", "decimals"}, ("ranking",))
        ties = self.choice(value.get("ties", "min"), TIE_METHODS, ("ranking", "ties"), "tie_method") or "min"
        decimals = value.get("decimals", 2)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
            self.problem(("ranking", "decimals"), "out_of_range", t("'decimals' is out of range"), t('an integer from 0 to 6'), decimals)
            decimals = 2
        return Ranking(ties, decimals)

    def groups(self, items: Any, default_provenance: str) -> tuple[Group, ...]:
        path: Path = ("groups",)
        if not isinstance(items, list) or not items:
            self.problem(path, "missing_field", t("'groups' must list the result groups"),
                         t('a list of {{code, name, from, below}} covering 0–100 %'), items)
            return ()
        bands, band_problems = read_bands(items)
        band_problems += coverage_problems(bands, 0.0) if not band_problems else []
        for p in band_problems:
            self.problem(path + (p.index, p.field) if p.field else path + (p.index,), p.code, t('group {title}', title=p.title), p.expected, p.got)
        groups, seen = [], set()
        for band in bands:
            item, ipath = items[band.index], path + (band.index,)
            self.unknown_keys(item, GROUP_KEYS, ipath)
            code = self.required(item, "code", ipath)
            if code in seen:
                self.problem(ipath + ("code",), "duplicate_code", t("group code '{code}' is used twice", code=code), t('unique group codes'), code)
            seen.add(code)
            name = self.text(item, "name", ipath)
            provenance = self.choice(item.get("provenance", default_provenance), PROVENANCE, ipath + ("provenance",), "provenance")
            if band.lower < 0 or (band.upper or 0) > 100:
                self.problem(ipath, "out_of_range", t('group bounds are index percentages'), t('values from 0 to 100'),
                             [band.lower, band.upper])
            if name is not None and provenance is not None:  # otherwise a problem is recorded and the file refused
                groups.append(Group(str(code), name, band, provenance))
        return tuple(sorted(groups, key=lambda g: -g.band.lower))

    def tree(self, items: Any) -> tuple[Node, ...]:
        if not isinstance(items, list) or not items:
            self.problem(("tree",), "missing_field", t("'tree' must list the areas"), t('a list of areas with criteria'), items)
            return ()
        nodes = [self.node(item, ("tree", i), depth=1) for i, item in enumerate(items)]
        return tuple(n for n in nodes if n is not None)

    def node(self, data: Any, path: Path, depth: int) -> Node | None:
        if not isinstance(data, Mapping):
            self.problem(path, "wrong_type", t('a criterion must be a mapping'), t('{{code, name, max, ...}}'), data)
            return None
        self.unknown_keys(data, NODE_KEYS, path)
        code = self.required(data, "code", path)
        if code is not None:
            code = str(code)
            if code in self.codes:
                first = self.doc.line_of(self.codes[code])
                self.problem(path + ("code",), "duplicate_code", t("code '{code}' is used twice (first at line {first})", code=code, first=first),
                             t('a unique code for every area, criterion and sub-criterion'), code)
            else:
                self.codes[code] = path + ("code",)
        name = self.text(data, "name", path)
        max_points = self.number(data, "max", path, positive=True)
        provenance = self.provenance(data.get("provenance"), path + ("provenance",), self.default_provenance)
        evidence = self.evidence(data.get("evidence"), path + ("evidence",))
        raw_children = data.get("children")
        if raw_children is not None and (not isinstance(raw_children, list) or not raw_children):
            self.problem(path + ("children",), "wrong_type", t("'children' must be a non-empty list"), t('a list of criteria'), raw_children)
            raw_children = None
        if raw_children:
            return self.branch(data, path, code, name, max_points, provenance, evidence, raw_children, depth)
        return self.leaf(data, path, code, name, max_points, provenance, evidence, depth)

    def branch(self, data, path, code, name, max_points, provenance, evidence, raw_children, depth) -> Node:
        for key in ("source", "rule"):
            if key in data:
                self.problem(path + (key,), "rule_on_branch", t("'{key}' is only for leaves (criteria without children)", key=key),
                             t('no source or rule on a node with children'))
        # Children take the file's default, never the parent's: an official area does not make the
        # criteria someone wrote under it official.
        children = tuple(c for i, item in enumerate(raw_children)
                         if (c := self.node(item, path + ("children", i), depth + 1)) is not None)
        if max_points is not None and len(children) == len(raw_children):
            total = sum(c.max_points for c in children if not c.is_adjustment)
            if abs(total - max_points) > SUM_TOLERANCE:
                self.problem(path + ("max",), "max_mismatch",
                             t('children of {code} add up to {total} points, not its maximum', code=code, total=total),
                             t("children's maxima to add up to {max_points}", max_points=max_points), round(total, 6),
                             hint=t('bonus and penalty leaves are not counted in the sum'))
        return Node(code, name, max_points or 0.0, provenance, children, evidence=evidence,
                    note=data.get("note"), depth=depth)

    def leaf(self, data, path, code, name, max_points, provenance, evidence, depth) -> Node:
        source = self.required(data, "source", path)
        if source is not None:
            source = self.choice(source, SOURCES, path + ("source",), "source")
        spec = self.required(data, "rule", path)
        rule = None
        if spec is not None and not isinstance(spec, Mapping):
            self.problem(path + ("rule",), "wrong_type", t("'rule' must be a mapping"), t('{{type: ..., ...parameters}}'), spec)
        elif spec is not None and max_points is not None:
            try:
                rule = build_rule(spec, max_points)
            except ParindexError as err:
                rel = tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", err.where.path or "") if p)
                self.problems.append(ParindexError(err.code, err.title, self.doc.where(path + ("rule",) + rel),
                                                   err.expected, err.got, err.hint))
        if rule is not None and source is not None:
            self.check_source_matches_rule(path, source, rule.type)
        estimate_from = self.estimate_from(data.get("estimate_from"), path + ("estimate_from",), source)
        appraisal_sd = self.appraisal_sd(data.get("appraisal_sd"), path + ("appraisal_sd",), source, max_points)
        records = self.records(data.get("records"), path + ("records",), source, rule)
        return Node(code, name, max_points or 0.0, provenance, (), source, rule,
                    dict(spec) if isinstance(spec, Mapping) else None, evidence, data.get("note"), depth, estimate_from,
                    appraisal_sd, records)

    def records(self, value: Any, path: Path, source: str | None, rule) -> RecordCount | None:
        """``records: {table, period_by, count, meeting}`` on a service_data leaf: what it counts in
        the dossier records; its rule scores the numerator over the denominator."""
        if value is None:
            return None
        if source != "service_data":
            self.problem(path, "records_on_wrong_source", t("'records' is only for service_data leaves"), t('source: service_data'), source)
            return None
        if rule is not None and {f.name for f in rule.inputs} != {"numerator", "denominator"}:
            self.problem(path, "records_need_ratio", t("a leaf that counts records needs a ratio rule"),
                         "ratio_linear, ratio_bands", rule.type)
            return None
        try:
            return parse_count(value)
        except ParindexError as err:
            rel = tuple(p for p in (err.where.path or "").split(".") if p)
            self.problems.append(ParindexError(err.code, err.title, self.doc.where(path + rel), err.expected, err.got, err.hint))
            return None

    def appraisal_sd(self, value: Any, path: Path, source: str | None, max_points: float | None) -> float:
        """``appraisal_sd``: how uncertain the appraised points of a leaf are (a standard deviation in
        points), declared by the programme for the uncertainty analysis; 0 when absent."""
        if value is None:
            return 0.0
        if source in ADJUSTMENT_SOURCES or source == "survey":
            self.problem(path, "sd_on_wrong_source", t("'appraisal_sd' is only for appraised leaves"),
                         t('a leaf whose source is not survey, bonus or penalty'), source)
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (max_points is not None and value > max_points):
            self.problem(path, "out_of_range", t("'appraisal_sd' must be a number of points from 0 to the leaf's maximum"),
                         f"0 ≤ appraisal_sd ≤ {max_points:g}" if max_points is not None else "a number ≥ 0", value)
            return 0.0
        return float(value)

    def check_source_matches_rule(self, path: Path, source: str, rule_type: str) -> None:
        if (source in ADJUSTMENT_SOURCES) != (rule_type in ADJUSTMENT_SOURCES) or (
                source in ADJUSTMENT_SOURCES and source != rule_type):
            self.problem(path + ("rule", "type"), "source_rule_mismatch",
                         t("rule '{rule_type}' does not fit source '{source}'", rule_type=rule_type, source=source),
                         f"rule {source!r}" if source in ADJUSTMENT_SOURCES else "a rule other than bonus or penalty",
                         rule_type)

    def estimate_from(self, value: Any, path: Path, source: str | None) -> tuple[str, str] | None:
        """``estimate_from: {questionnaire: sipas, element: access}`` on a survey leaf."""
        if value is None:
            return None
        if source != "survey":
            self.problem(path, "estimate_on_non_survey", t("'estimate_from' is only for survey leaves"), t('source: survey'), source)
            return None
        if not isinstance(value, Mapping) or not isinstance(value.get("questionnaire"), str) or not isinstance(value.get("element"), str):
            self.problem(path, "wrong_type", t("'estimate_from' names a questionnaire and an element"),
                         t('{{questionnaire: sipas, element: access}} (or element: overall)'), value)
            return None
        self.unknown_keys(value, {"questionnaire", "element"}, path)
        self.estimate_paths[(value["questionnaire"], value["element"])] = path
        return (value["questionnaire"], value["element"])

    def check_estimate_sources(self, areas, questionnaires) -> None:
        known = {q.id: {e.code for e in q.elements} | {"overall"} for q in questionnaires}
        for (qid, element), path in getattr(self, "estimate_paths", {}).items():
            if qid not in known:
                self.problem(path + ("questionnaire",), "unknown_questionnaire", t("no questionnaire '{qid}' in this file", qid=qid),
                             t('one of {value}', value=", ".join(known) or "(none defined)"), qid)
            elif element not in known[qid]:
                self.problem(path + ("element",), "unknown_element", t("questionnaire '{qid}' has no element '{element}'", qid=qid, element=element),
                             t('one of {items}', items=", ".join(sorted(known[qid]))), element)

    def questionnaires(self, items: Any) -> tuple:
        from parindex.core.survey.questionnaire import Element, Item, Questionnaire  # deferred: parindex.core.survey loads numpy, pandas, scipy

        self.estimate_paths = getattr(self, "estimate_paths", {})
        if items is None:
            return ()
        if not isinstance(items, list):
            self.problem(("questionnaires",), "wrong_type", t("'questionnaires' must be a list"), t('a list of questionnaires'), items)
            return ()
        out = []
        for i, q in enumerate(items):
            path: Path = ("questionnaires", i)
            if not isinstance(q, Mapping):
                self.problem(path, "wrong_type", t('a questionnaire must be a mapping'), t('{{id, name, scale, elements}}'), q)
                continue
            self.unknown_keys(q, QUESTIONNAIRE_KEYS, path)
            scale = q.get("scale", [1, 5])
            if not (isinstance(scale, list) and len(scale) == 2 and all(isinstance(v, int) for v in scale)
                    and 0 < scale[1] - scale[0] <= MAX_SCALE_POINTS):
                self.problem(path + ("scale",), "wrong_type", t("'scale' is the lowest and highest answer"),
                             t('[1, 5] (at most {MAX_SCALE_POINTS} points apart)', MAX_SCALE_POINTS=MAX_SCALE_POINTS), scale)
                scale = [1, 5]
            satisfied = q.get("satisfied", [scale[1] - 1, scale[1]])
            if not isinstance(satisfied, list) or any(not isinstance(v, int) or not scale[0] <= v <= scale[1] for v in satisfied):
                self.problem(path + ("satisfied",), "out_of_range", t('satisfied answers must be on the scale'),
                             t('answers from {value} to {value2}', value=scale[0], value2=scale[1]), satisfied)
                satisfied = [scale[1]]
            elements, codes = [], set()
            for j, e in enumerate(q.get("elements") or []):
                epath = path + ("elements", j)
                name = self.text(e, "name", epath)
                items_ = tuple(Item(str(it.get("code")), self.text(it, "text", epath + ("items", k)) or Text("", ""))
                               for k, it in enumerate(e.get("items") or []) if isinstance(it, Mapping))
                if not items_:
                    self.problem(epath + ("items",), "missing_field", t('an element needs at least one item'))
                for item in items_:
                    if item.code in codes:
                        self.problem(epath + ("items",), "duplicate_code", t("item '{code}' appears twice", code=item.code),
                                     t('unique item codes'), item.code)
                    codes.add(item.code)
                elements.append(Element(str(e.get("code")), name or Text("", ""), items_))
            if not elements:
                self.problem(path + ("elements",), "missing_field", t('a questionnaire needs elements'))
            expectations = tuple(Item(str(it.get("code")), self.text(it, "text", path + ("expectations", k)) or Text("", ""))
                                 for k, it in enumerate(q.get("expectations") or []) if isinstance(it, Mapping))
            out.append(Questionnaire(str(self.required(q, "id", path)), self.text(q, "name", path) or Text("", ""),
                                     str(q.get("respondents", "citizens")), tuple(scale), tuple(satisfied),
                                     tuple(q.get("dont_know", [])), tuple(elements), expectations,
                                     str(q.get("unit_column", "unit")), str(q.get("respondent_id", "respondent_id"))))
        return tuple(out)

    def provenance(self, value: Any, path: Path, default: str) -> Provenance:
        """``official`` / ``illustrative`` for the whole node, or per part: ``{name: official, max: illustrative}``."""
        if value is None:
            return Provenance(default, default, default)
        if isinstance(value, str):
            value = self.choice(value, PROVENANCE, path, "provenance") or default
            return Provenance(value, value, value)
        if not isinstance(value, Mapping):
            self.problem(path, "wrong_type", t("'provenance' must be a word or a mapping"),
                         t('official, illustrative, or {{name: ..., max: ..., rule: ...}}'), value)
            return Provenance(default, default, default)
        self.unknown_keys(value, {"name", "max", "rule"}, path)
        parts = {k: self.choice(value.get(k, default), PROVENANCE, path + (k,), "provenance") or default
                 for k in ("name", "max", "rule")}
        return Provenance(**parts)

    def evidence(self, items: Any, path: Path) -> tuple[Text, ...]:
        if items is None:
            return ()
        if not isinstance(items, list):
            self.problem(path, "wrong_type", t("'evidence' must be a list"), t('a list of {{vi, en}} document descriptions'), items)
            return ()
        texts = (self.text_value(item, path + (i,), "evidence") for i, item in enumerate(items))
        return tuple(text for text in texts if text is not None)
