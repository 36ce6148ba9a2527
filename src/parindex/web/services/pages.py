"""The service index's public pages: the board's figures (``core.services.board``) with the units'
names, the periods and every count in the reader's words.

A view renders a ``Page`` as HTML, or returns the very same rows as JSON or CSV, as the portal's
other pages do. Nothing here scores a period: the board was scored once, after the records last
changed, so a page reads a few thousand rows whatever the number of dossiers.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from parindex.core.methodology import resolve
from parindex.core.methodology.model import Methodology, Node
from parindex.core.services.board import LEVELS, PERIODS, Board
from parindex.core.services.engine import Period
from parindex.core.text import Text, format_count, format_fixed, format_number, of_lang
from parindex.core.units.catalogue import builtin_units, communes_2025
from parindex.core.units.model import Unit
from parindex.reports import maps
from parindex.reports.charts import Chart, map_chart
from parindex.reports.maps import VEGA_LITE_SCHEMA
from parindex.web.publication.pages import Page

METHODOLOGY_ID = "vn-766-2022"
TOP_PROCEDURES = 10  # on a unit's page; the drill-down's own page lists them all
REASONS_SHOWN = 3  # the costliest indicators of a procedure, in words; the data hold every one

LEVEL_NAMES = {"ministry": Text("Bộ, ngành", "Ministries"), "province": Text("Tỉnh, thành phố", "Provinces and cities"),
               "commune": Text("Xã, phường, đặc khu", "Communes, wards and special zones")}
LEVEL_ONE = {"ministry": Text("bộ, ngành", "ministries"), "province": Text("tỉnh, thành phố", "provinces and cities"),
             "commune": Text("xã, phường, đặc khu", "communes, wards and special zones")}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def methodology() -> Methodology:
    return resolve(METHODOLOGY_ID)  # cached by the catalogue


# -- words ------------------------------------------------------------------------------------------

def count(n: int, lang: str) -> str:
    """A count as people write it: ``1.234`` in Vietnamese, ``1,234`` in English."""
    return format_count(n, lang)


def points(value: float | None, lang: str) -> str:
    return "" if value is None else format_fixed(value, lang, 2)


def signed(value: float | None, lang: str) -> str:
    """A change of points with its sign: ``+1,23``, ``−0,45``, ``0,00``."""
    if value is None:
        return ""
    shown = format_fixed(abs(value), lang, 2)
    if shown == format_fixed(0, lang, 2):
        return shown
    return ("+" if value > 0 else "−") + shown


def day(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def month_name(start: date, lang: str) -> str:
    return f"{MONTHS_EN[start.month - 1]} {start.year}" if lang == "en" else f"tháng {start.month}/{start.year}"


def period_name(key: str, period: Period, last: date, lang: str) -> str:
    """What a period is called on the switch and in headings, with its dates."""
    if key in ("month", "last_month"):
        name = month_name(period.start, lang)
        name = name[0].upper() + name[1:]
        if period.start <= last < period.end:
            name += of_lang(lang, f" (đến {day(last)})", f" (to {day(last)})")
        return name
    until = f"{period.end:%d/%m}"
    if key == "year":
        return of_lang(lang, f"Năm {period.start.year} đến {until}", f"{period.start.year} to {until}")
    return of_lang(lang, f"30 ngày đến {until}", f"30 days to {until}")


def compared_with(key: str, period: Period, lang: str) -> str:
    """The period a change is measured against, in words: "so với tháng 11/2026"."""
    if key in ("month", "last_month"):
        return of_lang(lang, "so với ", "against ") + month_name(period.start, lang)
    return of_lang(lang, f"so với {day(period.start)}–{day(period.end)}", f"against {day(period.start)}–{day(period.end)}")


def movement(previous_rank: int | None, now: int, lang: str) -> dict[str, Any]:
    """Places gained (positive) or lost since the previous period, as a sign and in words."""
    if previous_rank is None:
        return {"places": None, "sign": "", "words": of_lang(lang, "chưa có kỳ trước để so sánh", "no previous period to compare")}
    places = previous_rank - now
    if places > 0:
        return {"places": places, "sign": f"▲ {places}", "words": of_lang(lang, f"tăng {places} bậc", f"up {places}")}
    if places < 0:
        return {"places": places, "sign": f"▼ {-places}", "words": of_lang(lang, f"giảm {-places} bậc", f"down {-places}")}
    return {"places": 0, "sign": "=", "words": of_lang(lang, "giữ nguyên hạng", "same rank")}


@lru_cache(maxsize=1)
def _units() -> dict[str, Unit]:
    found = {u.id: u for u in builtin_units().units}
    found.update({u.id: u for u in communes_2025()})
    return found


def unit_name(code: str | None, lang: str) -> str:
    """A unit's name in the reader's language; the store's code for a unit parindex does not know."""
    unit = _units().get(code or "")
    return unit.name.get(lang) if unit is not None else (code or "")


def band_name(m: Methodology, code: str, lang: str) -> str:
    """The band's short name ("Tốt"), without the range its full name gives."""
    return band_full_name(m, code, lang).split(" (")[0]


def band_full_name(m: Methodology, code: str, lang: str) -> str:
    return next((g.name.get(lang) for g in m.groups if g.code == code), code)


def controls(board: Board, key: str, lang: str, **more: Any) -> dict[str, Any]:
    """What every page offers besides its figures: the period switch and the records' last day."""
    return {"periods": switch(board, lang), "period": key, "until": day(board.last_day), **more}


def switch(board: Board, lang: str) -> list[dict[str, str]]:
    """The period switch: each period's key and its name with its dates."""
    return [{"key": key, "name": period_name(key, board.period(key)[0], board.last_day, lang)} for key in PERIODS]


def chosen_period(text: str | None) -> str:
    return text if text in PERIODS else PERIODS[0]


def _meta(board: Board, m: Methodology, key: str, lang: str) -> dict[str, Any]:
    """Where the figures come from: the methodology, the period, the records' last day, when the board was built."""
    period, previous = board.period(key)
    return {"methodology": m.id, "methodology_hash": m.content_hash, "period": key,
            "period_name": period_name(key, period, board.last_day, lang), "start": period.start.isoformat(),
            "end": period.end.isoformat(), "compared_with": {"start": previous.start.isoformat(), "end": previous.end.isoformat()},
            "records_until": board.last_day.isoformat(), "computed_at": board.manifest["built"], "decimals": m.ranking.decimals}


# -- the ranking --------------------------------------------------------------------------------------

RANKING_KEYS = ("level", "rank", "unit_code", "unit", "total", "band", "change", "previous_rank", "places")


def ranking_columns(lang: str) -> list[tuple[str, str]]:
    words = {"level": ("Cấp", "Level"), "rank": ("Hạng", "Rank"), "unit_code": ("Mã đơn vị", "Unit code"),
             "unit": ("Đơn vị", "Unit"), "total": ("Điểm (trên 100)", "Points (of 100)"), "band": ("Xếp loại", "Rating"),
             "change": ("Thay đổi điểm", "Change in points"), "previous_rank": ("Hạng kỳ trước", "Previous rank"),
             "places": ("Tăng/giảm bậc", "Places gained")}
    return [(k, of_lang(lang, *words[k])) for k in RANKING_KEYS]


def _standing_rows(board: Board, m: Methodology, key: str, level: str, lang: str, province: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for r in board.standings(key, level, province):
        now, before = (r["province_rank"], r["previous_province_rank"]) if province is not None else (r["rank"], r["previous_rank"])
        moved = movement(before, now, lang)
        rows.append({"level": level, "rank": now, "unit_code": r["unit"], "unit": unit_name(r["unit"], lang), "total": r["total"],
                     "band": band_name(m, r["band"], lang), "band_code": r["band"],
                     "change": None if r["previous_total"] is None else r["total"] - r["previous_total"],
                     "change_words": signed(None if r["previous_total"] is None else r["total"] - r["previous_total"], lang),
                     "previous_rank": before, "places": moved["places"], "movement": moved["sign"], "movement_words": moved["words"],
                     "national_rank": r["rank"]})
    return rows


def provinces_with_communes(board: Board, key: str, lang: str) -> list[dict[str, str]]:
    """The provinces whose communes have records in the period, by name: the commune picker."""
    return sorted(({"code": c, "name": unit_name(c, lang)} for c in board.provinces_of_communes(key)), key=lambda p: p["name"])


def ranking_page(board: Board, key: str, lang: str, province: str | None = None) -> Page:
    """Ministries, provinces and — for the province chosen — its communes, best first, in the period."""
    m = methodology()
    period, previous = board.period(key)
    levels = {level: _standing_rows(board, m, key, level, lang) for level in ("province", "ministry")}
    choices = provinces_with_communes(board, key, lang)
    province = province if province in {c["code"] for c in choices} else None
    communes = _standing_rows(board, m, key, "commune", lang, province) if province else []
    charts = []
    province_set = maps.province_set_for(r["unit_code"] for r in levels["province"])
    if province_set is not None and levels["province"]:
        values = [maps.MapValue(r["unit_code"], r["unit"], r["total"], r["band"], r["rank"]) for r in levels["province"]]
        charts.append(map_chart(province_set, values, lang, "index"))
    meta = _meta(board, m, key, lang) | {"province": province, "units": {level: len(rows) for level, rows in levels.items()}}
    extra = {"levels": {level: {"name": LEVEL_NAMES[level].get(lang), "rows": rows} for level, rows in levels.items()},
             "communes": {"province": province, "province_name": unit_name(province, lang) if province else None, "rows": communes},
             "compared_with": compared_with(key, previous, lang), "bands": _bands(m, lang), "about": _about(m, lang)}
    title = of_lang(lang, "Chỉ số phục vụ người dân, doanh nghiệp", "Index of service to people and businesses")
    return Page(f"{title} — {period_name(key, period, board.last_day, lang)}", ranking_columns(lang),
                levels["province"] + levels["ministry"] + communes, meta, extra, charts,
                controls=controls(board, key, lang, provinces=choices, keep=urlencode({"province": province}) if province else ""))


def _bands(m: Methodology, lang: str) -> list[dict[str, str]]:
    return [{"code": g.code, "name": band_name(m, g.code, lang), "full_name": g.name.get(lang)} for g in m.groups]


def _about(m: Methodology, lang: str) -> str:
    """What the index is and what is official in it, in one sentence of the methodology's own facts."""
    unit = of_lang(lang, "điểm", "points")
    groups = "; ".join(f"{a.name.get(lang).lower()} ({format_number(a.max_points, lang, keep_one=False)} {unit})" for a in m.areas)
    return of_lang(lang, f"{m.title.vi}: 100 điểm trong năm nhóm ({groups}), tính từ hồ sơ thủ tục hành chính, phản ánh kiến nghị và "
                         "danh mục thủ tục. Năm nhóm và điểm tối đa của nhóm theo Quyết định 766/QĐ-TTg; điểm từng chỉ tiêu, "
                         "ngưỡng và cách xếp loại là minh họa.",
                   f"{m.title.en}: 100 points in five groups ({groups}), computed from the records of administrative dossiers, "
                   "feedback and the procedure catalogue. The five groups and their maxima are the decision's; each indicator's "
                   "points, thresholds and the rating bands are illustrative.")


# -- a unit's page ------------------------------------------------------------------------------------

UNIT_KEYS = ("group", "group_name", "code", "indicator", "numerator", "denominator", "ratio", "points", "max_points", "in_words")


def unit_columns(lang: str) -> list[tuple[str, str]]:
    words = {"group": ("Nhóm", "Group"), "group_name": ("Tên nhóm", "Group name"), "code": ("Chỉ tiêu", "Indicator"),
             "indicator": ("Tên chỉ tiêu", "Indicator name"), "numerator": ("Số đạt", "Achieved"),
             "denominator": ("Tổng số", "Out of"), "ratio": ("Tỷ lệ (%)", "Share (%)"), "points": ("Điểm", "Points"),
             "max_points": ("Điểm tối đa", "Maximum"), "in_words": ("Diễn giải", "In words")}
    return [(k, of_lang(lang, *words[k])) for k in UNIT_KEYS]


def in_words(leaf: Node, numerator: int, denominator: int, lang: str) -> str:
    """An indicator's counts as a sentence: "1.234 trên 1.500 hồ sơ đã giải quyết (82,3 %)"."""
    rule = leaf.rule
    item = rule.item.get(lang) if rule is not None and hasattr(rule, "item") else ""
    if denominator == 0:
        full = getattr(rule, "if_none_due", "full") == "full"
        return of_lang(lang, f"không có {item} nào trong kỳ → {'đủ điểm' if full else '0 điểm'}",
                       f"no {item} in the period → {'full points' if full else 'no points'}")
    share = format_number(100 * numerator / denominator, lang, 1, keep_one=False)
    return of_lang(lang, f"{count(numerator, lang)} trên {count(denominator, lang)} {item} ({share} %)",
                   f"{count(numerator, lang)} of {count(denominator, lang)} {item} ({share} %)")


def how_scored(leaf: Node, lang: str) -> str:
    """The rule in a few words: points in proportion to the share, full from which share."""
    full_at = getattr(leaf.rule, "full_at", None)
    if full_at is None:
        return ""
    if full_at >= 100:
        return of_lang(lang, "điểm theo tỷ lệ đạt", "points in proportion to the share")
    full = format_number(full_at, lang, keep_one=False)
    return of_lang(lang, f"đủ điểm khi đạt từ {full} %", f"full points from {full} %")


def _standing(board: Board, m: Methodology, key: str, level: str, row: dict[str, Any], lang: str) -> dict[str, Any]:
    """Where the unit stands: points, band, rank among its level (and a commune's among its province's), change."""
    period, previous = board.period(key)
    out = {"total": row["total"], "band": band_name(m, row["band"], lang), "band_full": band_full_name(m, row["band"], lang),
           "band_code": row["band"],
           "rank": row["rank"], "ranked": board.count(key, level), "level_words": LEVEL_ONE[level].get(lang),
           "change": None if row["previous_total"] is None else row["total"] - row["previous_total"],
           "change_words": signed(None if row["previous_total"] is None else row["total"] - row["previous_total"], lang),
           "previous_total": row["previous_total"], "previous_rank": row["previous_rank"],
           "movement": movement(row["previous_rank"], row["rank"], lang), "compared_with": compared_with(key, previous, lang)}
    if level == "commune" and row["province"]:
        out["province"] = {"code": row["province"], "name": unit_name(row["province"], lang), "rank": row["province_rank"],
                           "ranked": board.count(key, level, row["province"]),
                           "movement": movement(row["previous_province_rank"], row["province_rank"], lang)}
    return out


def unit_page(board: Board, key: str, level: str, code: str, lang: str) -> Page | None:
    """One unit in the period: where it stands, its five groups, every indicator behind its points in
    words, its months, and (loaded after) where it lost points. None for a unit the board has never seen."""
    m = methodology()
    row = board.unit(key, level, code)
    trend = board.trend(level, code)
    if row is None and not trend:
        return None
    period, _ = board.period(key)
    name = unit_name(code, lang)
    rows, groups = [], []
    if row is not None:
        for area in m.areas:
            leaves = [leaf for leaf in area.leaves() if leaf.records is not None]
            groups.append({"code": area.code, "name": area.name.get(lang), "points": row[f"group_{area.code}"], "max": area.max_points,
                           "share": 100 * row[f"group_{area.code}"] / area.max_points if area.max_points else None})
            for leaf in leaves:
                numerator, denominator = row[f"{leaf.code}_numerator"], row[f"{leaf.code}_denominator"]
                rows.append({"group": area.code, "group_name": area.name.get(lang), "code": leaf.code, "indicator": leaf.name.get(lang),
                             "numerator": numerator, "denominator": denominator,
                             "ratio": 100 * numerator / denominator if denominator else None, "points": row[f"{leaf.code}_points"],
                             "max_points": leaf.max_points, "in_words": in_words(leaf, numerator, denominator, lang),
                             "how": how_scored(leaf, lang) if denominator else "", "catalogue": leaf.records.table == "procedures"})
    extra = {"unit": {"code": code, "name": name, "level": level, "level_name": LEVEL_NAMES[level].get(lang)},
             "standing": _standing(board, m, key, level, row, lang) if row is not None else None, "groups": groups,
             "trend": [_trend_row(t, m, lang) for t in trend], "about": _about(m, lang), "bands": _bands(m, lang),
             "top_procedures": TOP_PROCEDURES}
    charts = [trend_chart(extra["trend"], name, LEVEL_ONE[level].get(lang), lang)] if len(trend) > 1 else []
    title = f"{name} — {period_name(key, period, board.last_day, lang)}"
    return Page(title, unit_columns(lang), rows, _meta(board, m, key, lang) | {"level": level, "unit": code}, extra, charts,
                controls=controls(board, key, lang))


def _trend_row(t: dict[str, Any], m: Methodology, lang: str) -> dict[str, Any]:
    start = date.fromisoformat(t["month"] + "-01")
    return {"month": t["month"], "month_name": month_name(start, lang), "total": t["total"], "rank": t["rank"], "ranked": t["ranked"],
            "band": band_name(m, t["band"], lang), "level_mean": t["level_mean"]}


def trend_chart(trend: list[dict[str, Any]], name: str, level_words: str, lang: str) -> Chart:
    """The unit's points month by month, with the mean of its level's units."""
    mean = of_lang(lang, f"Trung bình các {level_words}", f"Mean of all {level_words}")
    columns = [("month_name", of_lang(lang, "Tháng", "Month")), ("total", of_lang(lang, "Điểm", "Points")),
               ("rank", of_lang(lang, "Hạng", "Rank")), ("band", of_lang(lang, "Xếp loại", "Rating")), ("level_mean", mean)]
    long = [{"month": t["month_name"], "series": name, "points": t["total"]} for t in trend] + \
           [{"month": t["month_name"], "series": mean, "points": t["level_mean"]} for t in trend]
    first, last = trend[0], trend[-1]
    description = of_lang(
        lang, f"Biểu đồ đường: điểm của {name} từng tháng, từ {points(first['total'], lang)} ({first['month_name']}) đến "
              f"{points(last['total'], lang)} ({last['month_name']}), cùng điểm trung bình các {level_words}.",
        f"Line chart: {name}'s points month by month, from {points(first['total'], lang)} ({first['month_name']}) to "
        f"{points(last['total'], lang)} ({last['month_name']}), with the mean of all {level_words}.")
    low = min(p["points"] for p in long if p["points"] is not None)
    spec = {"$schema": VEGA_LITE_SCHEMA, "description": description, "width": 520, "height": 200, "background": "white",
            "config": {"font": "DejaVu Sans, Arial, sans-serif", "view": {"stroke": None}},
            "data": {"values": long}, "mark": {"type": "line", "point": True},
            "encoding": {"x": {"field": "month", "type": "ordinal", "sort": None, "title": None,
                               "axis": {"labelAngle": 0, "labelOverlap": "greedy"}},  # on a phone, every other month: the table has them all
                         "y": {"field": "points", "type": "quantitative", "title": of_lang(lang, "Điểm (trên 100)", "Points (of 100)"),
                               "scale": {"domain": [max(0.0, low - 5), 100]}},
                         "color": {"field": "series", "type": "nominal", "title": None, "legend": {"orient": "bottom"},
                                   "scale": {"domain": [name, mean], "range": ["#2171b5", "#d94801"]}},
                         "tooltip": [{"field": "month", "title": columns[0][1]}, {"field": "series", "title": of_lang(lang, "Đường", "Line")},
                                     {"field": "points", "title": columns[1][1], "format": ".2f"}]}}
    return Chart("trend", spec, description, columns, trend)


# -- where the points were lost -----------------------------------------------------------------------

PROCEDURE_KEYS = ("procedure", "code", "indicator", "numerator", "denominator", "missed", "points_lost", "in_words")


def procedure_columns(lang: str) -> list[tuple[str, str]]:
    words = {"procedure": ("Mã thủ tục", "Procedure code"), "code": ("Chỉ tiêu", "Indicator"), "indicator": ("Tên chỉ tiêu", "Indicator name"),
             "numerator": ("Số đạt", "Achieved"), "denominator": ("Tổng số", "Out of"), "missed": ("Số không đạt", "Missed"),
             "points_lost": ("Điểm bị mất (ước tính)", "Points lost (estimated)"), "in_words": ("Diễn giải", "In words")}
    return [(k, of_lang(lang, *words[k])) for k in PROCEDURE_KEYS]


def procedures_page(board: Board, key: str, level: str, code: str, lang: str, top: int | None = None) -> Page | None:
    """Where the unit lost points in the period, by procedure: each (procedure, indicator) that cost
    points, and the procedures with the most points lost, each with its reasons."""
    m = methodology()
    if board.unit(key, level, code) is None and not board.trend(level, code):
        return None
    period, _ = board.period(key)
    leaves = {leaf.code: leaf for leaf in m.leaves()}
    rows = []
    for r in board.procedures(m, key, level, code):
        leaf = leaves[r["indicator"]]
        item = leaf.rule.item.get(lang) if leaf.rule is not None and hasattr(leaf.rule, "item") else ""
        rows.append({"procedure": r["procedure"], "code": r["indicator"], "indicator": leaf.name.get(lang), "numerator": r["numerator"],
                     "denominator": r["denominator"], "missed": r["missed"], "points_lost": r["points_lost"],
                     "in_words": of_lang(lang, f"{count(r['missed'], lang)} trên {count(r['denominator'], lang)} {item} không đạt",
                                         f"{count(r['missed'], lang)} of {count(r['denominator'], lang)} {item} missed it")})
    by_procedure: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = by_procedure.setdefault(r["procedure"], {"procedure": r["procedure"], "points_lost": 0.0, "reasons": []})
        entry["points_lost"] += r["points_lost"]
        entry["reasons"].append(f"{r['indicator']}: {r['in_words']}")
    procedures = sorted(by_procedure.values(), key=lambda p: (-p["points_lost"], p["procedure"]))
    for p in procedures:  # rows come most points lost first: the first reasons are the costliest
        p["more"] = max(0, len(p["reasons"]) - REASONS_SHOWN)
        p["reasons"] = p["reasons"][:REASONS_SHOWN]
    name = unit_name(code, lang)
    extra = {"unit": {"code": code, "name": name, "level": level, "level_name": LEVEL_NAMES[level].get(lang)},
             "procedures": procedures[:top] if top else procedures, "procedures_total": len(procedures)}
    title = of_lang(lang, "Nơi bị mất điểm theo thủ tục", "Where points were lost, by procedure")
    return Page(f"{title} — {name} — {period_name(key, period, board.last_day, lang)}", procedure_columns(lang), rows,
                _meta(board, m, key, lang) | {"level": level, "unit": code}, extra, controls=controls(board, key, lang))


def known_level(level: str) -> bool:
    return level in LEVELS
