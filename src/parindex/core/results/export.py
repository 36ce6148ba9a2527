"""Results as pandas frames, CSV, JSON and an XLSX workbook laid out like the published tables.

Every export carries the provenance block (methodology id and hash, inputs hash, time, version).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from parindex.core.cells import frame_to_csv, open_workbook
from parindex.core.errors import ParindexError, Where
from parindex.core.files import replace_atomically
from parindex.core.phrases import t
from parindex.core.results.analysis import analyse

if TYPE_CHECKING:  # model's export methods call here: the results are only annotated, never built
    from parindex.core.results.model import CycleResults, UnitResult

LEVELS = ("unit", "node")
DATA_SHEET = "Dữ liệu"  # the unit table in machine-readable form: what `--previous` reads back


def _unit_row(r: UnitResult, results: CycleResults) -> dict[str, Any]:
    row = {
        "rank": r.rank, "unit_id": r.unit.id, "unit_code": r.unit.code, "unit_name_vi": r.unit.name.vi,
        "unit_name_en": r.unit.name.en, "region": r.unit.region or "",
        "appraisal_points": r.parts["appraisal"], "survey_points": r.parts["survey"], "total": r.total,
        "index": r.index, "group": r.group.code if r.group else "",
        "previous_index": r.previous.value if r.previous else None, "change": r.change,
        "year": results.provenance.year,
    }
    for area in results.areas:
        row[f"area_{area.code}"] = r.nodes[area.code].points
    return row


def to_frame(results: CycleResults, level: str = "unit") -> pd.DataFrame:
    """``unit``: one row per unit (the ranking); ``node``: one row per unit and node, with explanations."""
    if level == "unit":
        return pd.DataFrame([_unit_row(r, results) for r in results.units])
    if level == "node":
        rows = []
        for r in results.units:
            for node in results.methodology.walk():
                nr = r.nodes[node.code]
                rows.append({
                    "unit_id": r.unit.id, "unit_code": r.unit.code, "unit_name_vi": r.unit.name.vi, "code": node.code,
                    "depth": node.depth, "name_vi": node.name.vi, "name_en": node.name.en, "source": node.source or "",
                    "points": nr.points, "max_points": nr.max_points, "lost": nr.lost, "missing": nr.missing,
                    "explanation_vi": nr.explanation.vi if nr.explanation else "",
                    "explanation_en": nr.explanation.en if nr.explanation else "",
                })
        return pd.DataFrame(rows)
    raise ParindexError("unknown_level", t("unknown table level '{level}'", level=level), expected=" or ".join(LEVELS), got=level)


def write_csv(results: CycleResults, path: str | Path, level: str = "unit") -> None:
    frame_to_csv(to_frame(results, level), path, index=False, encoding="utf-8")


def to_json(results: CycleResults) -> dict[str, Any]:
    m = results.methodology
    return {
        "provenance": results.provenance.as_dict(),
        "methodology": {"id": m.id, "year": m.year, "title": m.title.as_dict(), "scale": m.scale,
                        "legal_source": m.legal_source.document, "content_hash": m.content_hash},
        "units": [_unit_json(r, results) for r in results.units],
        "averages": {"national": results.averages.national, "n": results.averages.n_national,
                     "by_region": results.averages.by_region, "n_by_region": results.averages.n_by_region},
    }


def _unit_json(r: UnitResult, results: CycleResults) -> dict[str, Any]:
    analysis = analyse(results, r.unit.id)
    return {
        "unit": r.unit.as_published(),
        "rank": r.rank, "group": r.group.code if r.group else None, "total": r.total, "index": r.index,
        "parts": r.parts,
        "previous": None if r.previous is None else {
            "index": r.previous.value, "rule": r.previous.rule, "explanation": r.previous.explanation.as_dict(),
            "from": [{"unit_id": u.id, "index": v} for u, v in r.previous.sources]},
        "change": r.change,
        "strongest_area": analysis.strongest.area.code, "weakest_area": analysis.weakest.area.code,
        "nodes": {code: {"points": n.points, "max": n.max_points, "missing": n.missing,
                         **({"explanation": n.explanation.as_dict(), "inputs": n.inputs} if n.explanation else {})}
                  for code, n in r.nodes.items()},
    }


def write_parquet(results: CycleResults, path: str | Path) -> None:
    """The node table (one row per unit and node, with reasons): the long format columnar tools want."""
    to_frame(results, "node").to_parquet(path, index=False)


def write_json(results: CycleResults, path: str | Path) -> None:
    Path(path).write_text(json.dumps(to_json(results), ensure_ascii=False, indent=2, default=str), encoding="utf-8")


RANKING_HEADERS = ["Xếp hạng\nRank", "Đơn vị\nUnit", "Điểm thẩm định\nAppraisal points", "Điểm điều tra XHH\nSurvey points",
                   "Tổng điểm\nTotal points", "Chỉ số (%)\nIndex (%)", "Nhóm\nGroup", "Thay đổi\nChange"]


def table_formats(book) -> dict:
    """The cell formats of the published tables, shared by every workbook parindex writes."""
    return {
        "head": book.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1,
                                 "bg_color": "#DDEBF7"}),
        "num": book.add_format({"num_format": "0.00", "border": 1}),
        "cell": book.add_format({"border": 1}),
        "title": book.add_format({"bold": True, "font_size": 13}),
    }


def write_ranking_sheet(book, formats: dict, title: str, subtitle: str, rows, average_index: float) -> None:
    """The official ranking table: ``rows`` of (rank, unit name, appraisal points, survey points,
    total, index, group, change or None), then the national average index."""
    sheet = book.add_worksheet("Xếp hạng")
    sheet.write(0, 0, title, formats["title"])
    if subtitle:
        sheet.write(1, 0, subtitle)
    sheet.write_row(2, 0, RANKING_HEADERS, formats["head"])
    sheet.set_row(2, 32)
    for i, (rank, name, appraisal, survey, total, index, group, change) in enumerate(rows, start=3):
        sheet.write_number(i, 0, rank, formats["cell"])
        sheet.write_string(i, 1, name, formats["cell"])
        for col, value in enumerate([appraisal, survey, total, index], start=2):
            sheet.write_number(i, col, round(value, 2), formats["num"])
        sheet.write_string(i, 6, group or "", formats["cell"])
        if change is None:
            sheet.write_blank(i, 7, None, formats["cell"])
        else:
            sheet.write_number(i, 7, round(change, 2), formats["num"])
    sheet.write_string(len(rows) + 3, 1, "Trung bình / Average", formats["head"])
    sheet.write_number(len(rows) + 3, 5, round(average_index, 2), formats["num"])
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 7, 14)


def write_xlsx(results: CycleResults, path: str | Path) -> None:
    """Sheet 1 is the published ranking table; the others hold areas, every leaf with its reason,
    the averages and the provenance."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ParindexError("unsupported_file", t('workbooks are written as .xlsx'), Where(file=str(path)), expected=t('.xlsx'))
    m = results.methodology
    # constant_memory streams each row to disk: a 1,000-unit detail sheet has ~140,000 rows.
    with open_workbook(path, constant_memory=True) as book:
        formats = table_formats(book)
        head, num, cell = formats["head"], formats["num"], formats["cell"]
        write_ranking_sheet(book, formats, f"{m.title.vi} — {results.provenance.year}", "", [
            (r.rank, r.unit.name.vi, r.parts["appraisal"], r.parts["survey"], r.total, r.index, r.group.code if r.group else "",
             r.change) for r in results.units], results.averages.national["index"])

        areas = book.add_worksheet("Lĩnh vực")
        areas.write_row(0, 0, ["Đơn vị / Unit"] + [f"{a.code}. {a.name.vi} (tối đa {a.max_points:g})" for a in m.areas], head)
        areas.set_row(0, 60)
        for i, r in enumerate(results.units, start=1):
            areas.write_string(i, 0, r.unit.name.vi, cell)
            for j, a in enumerate(m.areas, start=1):
                areas.write_number(i, j, round(r.nodes[a.code].points, 2), num)
        areas.write_string(len(results.units) + 1, 0, "Trung bình / Average", head)
        for j, a in enumerate(m.areas, start=1):
            areas.write_number(len(results.units) + 1, j, round(results.averages.national[a.code], 2), num)
        areas.set_column(0, 0, 30)
        areas.set_column(1, len(m.areas), 16)

        detail = book.add_worksheet("Chi tiết")
        frame = to_frame(results, "node")
        detail.write_row(0, 0, list(frame.columns), head)
        _write_typed_rows(detail, frame)
        detail.autofilter(0, 0, len(frame), len(frame.columns) - 1)

        data = book.add_worksheet(DATA_SHEET)
        units = to_frame(results, "unit")
        data.write_row(0, 0, list(units.columns), head)
        for i, row in enumerate(units.itertuples(index=False), start=1):
            for j, value in enumerate(row):
                if value is None or (isinstance(value, float) and value != value):
                    continue
                data.write(i, j, value.item() if hasattr(value, "item") else value)

        prov = book.add_worksheet("Nguồn gốc")
        for i, (k, v) in enumerate(results.provenance.as_dict().items()):
            prov.write_string(i, 0, k)
            prov.write_string(i, 1, "" if v is None else str(v))
        prov.set_column(0, 1, 40)


def _write_typed_rows(sheet, frame: pd.DataFrame) -> None:
    """Write cells with the writer for their type: xlsxwriter's generic ``write`` tests every string
    against URL and formula patterns, which dominates the time of a 140,000-row detail sheet."""
    writers = []
    for dtype in frame.dtypes:
        if pd.api.types.is_bool_dtype(dtype):
            writers.append(sheet.write_boolean)
        elif pd.api.types.is_numeric_dtype(dtype):
            writers.append(sheet.write_number)
        else:
            writers.append(sheet.write_string)
    columns = [frame[c].tolist() for c in frame.columns]
    for i, row in enumerate(zip(*columns), start=1):
        for j, (write, value) in enumerate(zip(writers, row)):
            write(i, j, value)


WRITERS = {".csv": write_csv, ".json": write_json, ".xlsx": write_xlsx, ".parquet": write_parquet}


def write_results(results: CycleResults, path: str | Path) -> Path:
    """Write to ``path`` in the format its suffix names, via a temporary file: a failure never leaves
    a half-written file, and an existing file is only replaced by a complete one."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ParindexError("unsupported_file", t('cannot write results as {value}', value=path.suffix or 'a file without suffix'),
                            Where(file=str(path)), expected=t('a .xlsx, .csv, .json or .parquet file'))
    return replace_atomically(path, lambda tmp: writer(results, tmp))
