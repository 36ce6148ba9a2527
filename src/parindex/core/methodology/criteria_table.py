"""A methodology as the criteria table a provincial decision publishes — and back.

A Department of Home Affairs publishes its index as a table: each area, criterion and
sub-criterion on a row, with its maximum points, how it is scored in words and the evidence asked
for. ``read_criteria_table`` turns such a table (the layout below, in an ``.xlsx``) into the data of
a methodology file, checks it with the methodology's own checks and locates every problem by sheet,
row and column; ``criteria_rows`` and ``general_rows`` give the cells of the same table for a
methodology, so that an office reviews its criteria in the form it signs (``reports.criteria_table``
writes them). The round trip file → table → file gives back the same data, value for value.

Sheet ``Tiêu chí`` — one row per node, in order; a node's parent is the code without its last part:

- Mã: ``1``, ``1.1``, ``1.1.2``                 - Tên (tiếng Việt), Tên (tiếng Anh)
- Điểm tối đa                                    - Nguồn điểm: thẩm định, điều tra, dữ liệu dịch vụ, điểm thưởng, điểm trừ
- Cách chấm: the method in words                 - Tài liệu kiểm chứng (one per line), and in English
- Quy tắc chấm (máy đọc): the rule as JSON, written by the export; when empty, the method in words
  is read (``rule_from_words``), and a method that cannot be read is scored by hand up to the
  maximum — the import says which.
- Thuộc tính khác (máy đọc): other attributes as JSON (provenance, note, survey source…).

Sheet ``Thông tin chung`` — one row per setting: a dotted key (``title.vi``, ``year``, ``groups``)
and its value (text, a number, or JSON for lists).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from python_calamine import CalamineWorkbook

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.inputs.reader import column_letter
from parindex.core.inputs.workbook import inspect_workbook
from parindex.core.methodology.loader import load_methodology_data
from parindex.core.methodology.model import Methodology
from parindex.core.methodology.yaml_source import format_path
from parindex.core.phrases import t

CRITERIA_SHEET = "Tiêu chí"
GENERAL_SHEET = "Thông tin chung"
CODE = re.compile(r"^\d+(\.\d+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    guide_vi: str
    guide_en: str

    def heading(self) -> str:
        return f"{self.vi} ({self.en})"

    def matches(self, cell: Any) -> bool:
        text = str(cell or "").strip().lower()
        return text in (self.vi.lower(), self.en.lower(), self.heading().lower())


COLUMNS = (
    Column("code", "Mã", "Code", "1 cho lĩnh vực, 1.1 cho tiêu chí, 1.1.2 cho tiêu chí thành phần",
           "1 for an area, 1.1 for a criterion, 1.1.2 for a sub-criterion"),
    Column("name_vi", "Tên (tiếng Việt)", "Name (Vietnamese)", "bắt buộc", "required"),
    Column("name_en", "Tên (tiếng Anh)", "Name (English)", "nếu để trống, dùng tên tiếng Việt", "when empty, the Vietnamese name is used"),
    Column("max", "Điểm tối đa", "Maximum points", "các tiêu chí con cộng lại bằng điểm của tiêu chí cha",
           "the children add up to their parent's points"),
    Column("source", "Nguồn điểm", "Scored from", "thẩm định, điều tra, dữ liệu dịch vụ, điểm thưởng hoặc điểm trừ; để trống là thẩm định",
           "appraisal, survey, service data, bonus or penalty; empty means appraisal"),
    Column("method", "Cách chấm", "How it is scored", "bằng lời, như trong quyết định", "in words, as in the decision"),
    Column("evidence_vi", "Tài liệu kiểm chứng", "Evidence", "mỗi tài liệu một dòng", "one document per line"),
    Column("evidence_en", "Tài liệu kiểm chứng (tiếng Anh)", "Evidence (English)", "mỗi tài liệu một dòng", "one document per line"),
    Column("rule", "Quy tắc chấm (máy đọc)", "Rule (machine-readable)", "do phần mềm ghi; để trống thì đọc cột Cách chấm",
           "written by the software; when empty, the method in words is read"),
    Column("more", "Thuộc tính khác (máy đọc)", "Other attributes (machine-readable)", "do phần mềm ghi", "written by the software"),
)
REQUIRED = ("code", "name_vi", "max")

SOURCE_WORDS = {"appraisal": ("thẩm định", "appraisal"), "survey": ("điều tra", "survey"),
                "service_data": ("dữ liệu dịch vụ", "service data"), "bonus": ("điểm thưởng", "bonus"),
                "penalty": ("điểm trừ", "penalty")}
NODE_ATTRIBUTES = ("provenance", "note", "estimate_from", "appraisal_sd", "records")


@dataclass(frozen=True)
class ImportedTable:
    """What a criteria table gave: the methodology's data (to write as a file), the methodology it
    validates to, and notes that did not stop the import (methods scored by hand, names given only
    in Vietnamese, formulas read from their saved values)."""

    data: dict[str, Any]
    methodology: Methodology
    notes: tuple[ParindexError, ...]


# -- from a methodology to the table's cells ---------------------------------------------------------


def criteria_rows(data: dict[str, Any], methodology: Methodology) -> list[dict[str, Any]]:
    """One row per node of the file's tree, keyed by column; ``method`` in Vietnamese words."""
    rows = []
    for node in _walk(data.get("tree") or []):
        built = methodology.node(str(node["code"]))
        extra = {k: node[k] for k in NODE_ATTRIBUTES if k in node}
        if isinstance(node.get("max"), float) and float(node["max"]).is_integer():
            extra["max"] = node["max"]  # written 2.0 in the file: kept so, for a lossless round trip
        evidence = node.get("evidence") or []
        rows.append({
            "code": str(node["code"]), "depth": built.depth, "name_vi": node["name"]["vi"], "name_en": node["name"]["en"],
            "max": node.get("max"), "source": SOURCE_WORDS[node["source"]][0] if node.get("source") else "",
            "method": built.rule.summary.get("vi") if built.rule is not None else "",
            "evidence_vi": "\n".join(e["vi"] for e in evidence), "evidence_en": "\n".join(e["en"] for e in evidence),
            "rule": json.dumps(node["rule"], ensure_ascii=False, default=str) if "rule" in node else "",
            "more": json.dumps(extra, ensure_ascii=False, default=str) if extra else "",
        })
    return rows


def general_rows(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every setting but the tree, as (dotted key, value): text as itself, numbers as numbers,
    lists and dates as JSON or ISO text."""
    out: list[tuple[str, Any]] = []

    def visit(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                visit(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, (list, dict)):
            out.append((prefix, json.dumps(value, ensure_ascii=False, default=str)))
        elif isinstance(value, date):
            out.append((prefix, value.isoformat()))
        else:
            out.append((prefix, value))

    visit("", {k: v for k, v in data.items() if k != "tree"})
    return out


def _walk(nodes: list[dict]) -> list[dict]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(_walk(node.get("children") or []))
    return out


def methodology_yaml(data: dict[str, Any]) -> str:
    """The methodology file of an imported table: the data as YAML, read back to the same values."""
    head = "# Imported from a criteria table (parindex methodology import); check it with `parindex methodology check`.\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=140)


# -- from the table to a methodology ----------------------------------------------------------------


def read_criteria_table(path: str | Path, source: str | None = None) -> ImportedTable:
    """All or nothing: every problem of the table, located, or the methodology it describes."""
    path = Path(path)
    source = source or path.name
    if path.suffix.lower() != ".xlsx":
        raise ParindexError("unsupported_file", t("cannot read {name}", name=source), Where(file=source),
                            expected=t("an Excel workbook (.xlsx) in the layout of the criteria template"), got=path.suffix)
    book = inspect_workbook(path, source)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise ParindexError("unreadable_file", t("cannot open the workbook: {exc}", exc=exc), Where(file=source),
                            expected=t("a valid Excel workbook")) from None
    for sheet in (CRITERIA_SHEET, GENERAL_SHEET):
        if sheet not in workbook.sheet_names:
            raise ParindexError("missing_sheet", t("the workbook has no sheet '{sheet}'", sheet=sheet), Where(file=source),
                                expected=t("the sheets of the criteria template: {sheets}", sheets=f"{CRITERIA_SHEET}, {GENERAL_SHEET}"),
                                got=", ".join(workbook.sheet_names))
    notes = list(book.check_formulas(CRITERIA_SHEET)) + list(book.check_formulas(GENERAL_SHEET))
    reader = _TableReader(source)
    data = reader.general(workbook.get_sheet_by_name(GENERAL_SHEET).to_python(skip_empty_area=False))
    data["tree"] = reader.tree(workbook.get_sheet_by_name(CRITERIA_SHEET).to_python(skip_empty_area=False))
    if reader.problems:
        raise ValidationFailed(source, reader.problems)
    try:
        methodology = load_methodology_data(data, source)
    except ValidationFailed as failed:
        raise ValidationFailed(source, [reader.locate(p) for p in failed.problems]) from None
    return ImportedTable(data, methodology, tuple(notes + reader.notes))


def rule_from_words(method: str, source: str | None) -> dict[str, Any] | None:
    """The rule a method in words describes, when it is one we can read for certain; None otherwise
    (the leaf is then scored by hand up to its maximum, and the import says so)."""
    words = method.strip().lower()
    if source == "survey":
        return {"type": "survey_share"}
    if source in ("bonus", "penalty") or not words:
        return None
    if re.search(r"\b(có|đạt)\b.*\b(không|không đạt)\b", words) or re.search(r"\byes\b.*\bno\b", words):
        return {"type": "yes_no"}
    if re.search(r"theo tỷ lệ|tương ứng (với )?tỷ lệ|in proportion|proportional", words):
        return {"type": "ratio_linear"}
    return None


class _TableReader:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[ParindexError] = []
        self.notes: list[ParindexError] = []
        self.rows: dict[str, int] = {}  # field path of a node in the data → its row, to locate the loader's problems
        self.columns: dict[str, str] = {}  # column key → its letter

    def where(self, sheet: str, row: int, key: str | None = None) -> Where:
        return Where(file=self.source, sheet=sheet, row=row, column=self.columns.get(key or "") if key else None)

    def problem(self, row: int, key: str | None, code: str, title, expected=None, got=None) -> None:
        self.problems.append(ParindexError(code, title, self.where(CRITERIA_SHEET, row, key), expected, got))

    # -- the general sheet
    def general(self, cells: list[list[Any]]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for r, row in enumerate(cells, start=1):
            key = str(row[0]).strip() if row and row[0] not in (None, "") else ""
            if not key or r == 1 and key.lower() in ("khóa", "key", "khóa (key)"):
                continue
            value = _general_value(row[1] if len(row) > 1 else None)
            if value is _BAD_JSON:
                self.problems.append(ParindexError("bad_value", t("setting '{key}' is not valid JSON", key=key),
                                                   Where(file=self.source, sheet=GENERAL_SHEET, row=r, column="B"),
                                                   t("a list or mapping as the export writes it")))
                continue
            target = data
            parts = key.split(".")
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = value
        return data

    # -- the criteria sheet
    def tree(self, cells: list[list[Any]]) -> list[dict[str, Any]]:
        header_at = next((i for i, row in enumerate(cells[:20]) if sum(any(c.matches(cell) for c in COLUMNS) for cell in row) >= 3), None)
        if header_at is None:
            self.problems.append(ParindexError("missing_column", t("no header row with the criteria table's columns"),
                                               Where(file=self.source, sheet=CRITERIA_SHEET),
                                               t("a row with at least {columns}", columns="Mã, Tên (tiếng Việt), Điểm tối đa")))
            return []
        position = {}
        for i, cell in enumerate(cells[header_at]):
            column = next((c for c in COLUMNS if c.matches(cell)), None)
            if column is not None and column.key not in position:
                position[column.key] = i
                self.columns[column.key] = column_letter(i)
        for key in REQUIRED:
            if key not in position:
                column = next(c for c in COLUMNS if c.key == key)
                self.problems.append(ParindexError("missing_column", t("column '{column}' is missing", column=column.vi),
                                                   Where(file=self.source, sheet=CRITERIA_SHEET, row=header_at + 1),
                                                   t("a header cell '{heading}'", heading=column.heading())))
        if self.problems:
            return []
        nodes: dict[str, dict[str, Any]] = {}
        seen: set[str | None] = set()
        order: list[tuple[str, int, dict[str, Any]]] = []
        for r, row in enumerate(cells[header_at + 1:], start=header_at + 2):
            cell = {key: (row[i] if i < len(row) else None) for key, i in position.items()}
            if all(v in (None, "") for v in cell.values()):
                continue
            code = _code(cell.get("code"))
            if code in seen and code is not None:
                self.problem(r, "code", "duplicate_code", t("code {code} appears twice", code=code), t("each code once"))
                continue
            seen.add(code)
            node = self.node(cell, r)
            if node is None:
                continue
            code = node["code"]
            nodes[code] = node
            order.append((code, r, cell))
        roots: list[dict[str, Any]] = []
        for code, r, _cell in order:
            parent = code.rpartition(".")[0]
            if parent and parent not in nodes:
                self.problem(r, "code", "unknown_parent", t("{code} has no parent row {parent}", code=code, parent=parent),
                             t("the row of {parent} above it", parent=parent))
                continue
            (nodes[parent].setdefault("children", []) if parent else roots).append(nodes[code])
        for code, r, cell in order:
            self.finish_leaf(nodes[code], r, cell)
        self.remember_rows(roots, ("tree",), {code: r for code, r, _ in order})
        return roots

    def node(self, cell: dict[str, Any], r: int) -> dict[str, Any] | None:
        code = _code(cell.get("code"))
        if code is None or not CODE.match(code):
            self.problem(r, "code", "bad_value", t("'{value}' is not a criterion code", value=cell.get("code")),
                         t("digits separated by dots, such as 1, 1.1 or 1.1.2"))
            return None
        name_vi = _text(cell.get("name_vi"))
        if not name_vi:
            self.problem(r, "name_vi", "missing_field", t("{code} has no Vietnamese name", code=code), t("the criterion's name"))
            return None
        name_en = _text(cell.get("name_en"))
        if not name_en:
            self.notes.append(ParindexError("missing_translation", t("{code} has no English name; the Vietnamese is used", code=code),
                                            self.where(CRITERIA_SHEET, r, "name_en")))
        node: dict[str, Any] = {"code": code, "name": {"vi": name_vi, "en": name_en or name_vi}}
        more = self.json_cell(cell.get("more"), r, "more", dict)
        maximum = cell.get("max")
        if isinstance(maximum, str) and maximum.strip():
            try:
                maximum = float(maximum.strip().replace(",", "."))
            except ValueError:
                pass
        if isinstance(maximum, bool) or not isinstance(maximum, (int, float)) or maximum != maximum or maximum < 0:
            self.problem(r, "max", "bad_value", t("{code}: the maximum is not a number of points", code=code),
                         t("a number ≥ 0, such as 0.5"), maximum)
            return None
        node["max"] = more.pop("max") if more and more.get("max") == maximum else _number(maximum)
        source = _text(cell.get("source")).lower()
        if source:
            known = next((code_ for code_, words in SOURCE_WORDS.items() if source in words or source == code_), None)
            if known is None:
                self.problem(r, "source", "unknown_source", t("{code}: unknown source '{value}'", code=code, value=source),
                             t("one of {items}", items=", ".join(w[0] for w in SOURCE_WORDS.values())))
                return None
            node["source"] = known
        evidence_vi = [line.strip() for line in _text(cell.get("evidence_vi")).splitlines() if line.strip()]
        evidence_en = [line.strip() for line in _text(cell.get("evidence_en")).splitlines() if line.strip()]
        if evidence_vi:
            node["evidence"] = [{"vi": vi, "en": evidence_en[i] if i < len(evidence_en) else vi} for i, vi in enumerate(evidence_vi)]
        rule = self.json_cell(cell.get("rule"), r, "rule", dict)
        if rule:
            node["rule"] = rule
        node.update(more or {})
        return node

    def finish_leaf(self, node: dict[str, Any], r: int, cell: dict[str, Any]) -> None:
        """A leaf needs a source and a rule: appraisal by default, and the method read from its words."""
        if node.get("children"):
            return
        node.setdefault("source", "appraisal")
        if "rule" in node:
            return
        rule = rule_from_words(_text(cell.get("method")), node["source"])
        if rule is None and node["source"] in ("bonus", "penalty"):
            self.problem(r, "rule", "missing_field", t("{code}: a bonus or penalty needs its rule", code=node["code"]),
                         t("the rule as the export writes it, e.g. {example}", example='{"type": "penalty", "per_item": 0.1}'))
            return
        if rule is None:
            rule = {"type": "manual"}
            unread = t("{code}: the method in words was not read as a rule; it is scored by hand up to its maximum", code=node["code"])
            self.notes.append(ParindexError("rule_not_read", unread, self.where(CRITERIA_SHEET, r, "method"),
                                            got=_text(cell.get("method")) or None))
        node["rule"] = rule

    def json_cell(self, value: Any, r: int, key: str, kind: type) -> Any:
        text = _text(value)
        if not text:
            return None
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if not isinstance(parsed, kind):
            self.problem(r, key, "bad_value", t("the cell is not readable by the software"),
                         t("the value the export wrote, or an empty cell"), text[:80])
            return None
        return parsed

    def remember_rows(self, nodes: list[dict], path: tuple, rows: dict[str, int]) -> None:
        for i, node in enumerate(nodes):
            here = path + (i,)
            self.rows[format_path(here)] = rows[node["code"]]
            self.remember_rows(node.get("children") or [], here + ("children",), rows)

    def locate(self, problem: ParindexError) -> ParindexError:
        """A problem the methodology's checks found at a field path, moved to its row and column."""
        path = problem.where.path or ""
        for prefix in sorted(self.rows, key=len, reverse=True):
            if path == prefix or path.startswith(prefix + "."):
                field = path[len(prefix) + 1:].split(".")[0].split("[")[0]
                key = {"max": "max", "name": "name_vi", "rule": "rule", "source": "source", "evidence": "evidence_vi",
                       "code": "code"}.get(field, "more" if field else None)
                return ParindexError(problem.code, problem.title, self.where(CRITERIA_SHEET, self.rows[prefix], key),
                                     problem.expected, problem.got, problem.hint)
        return ParindexError(problem.code, problem.title, Where(file=self.source, sheet=GENERAL_SHEET, path=path or None),
                             problem.expected, problem.got, problem.hint)


_BAD_JSON = object()


def _general_value(value: Any) -> Any:
    if isinstance(value, float):
        return _number(value)
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except ValueError:
            return _BAD_JSON
    if ISO_DATE.match(text):
        return date.fromisoformat(text)
    return value


def _number(value: float | int) -> float | int:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _code(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):  # 1.1 typed as a number
        return f"{value:g}"
    return str(value).strip().rstrip(".")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()
