"""PDF reports of a published cycle — the national report and one unit's report — from its frozen
snapshot, so every figure in them is the published figure.

HTML is laid out here and printed by WeasyPrint; charts and the map are the portal's own Vega-Lite
specs, turned into SVG by vl-convert (no browser, no network). Text is set in DejaVu Sans, which
carries every Vietnamese diacritic. WeasyPrint needs the system's Pango (Debian: ``libpango-1.0-0``
and ``libpangoft2-1.0-0``); without it a clear error says so.
"""
from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Any, Iterable

from parindex.core.errors import ParindexError
from parindex.core.files import replace_atomically
from parindex.core.phrases import t
from parindex.core.results.published import PublishedResults
from parindex.core.text import format_cell, format_fixed, of_lang
from parindex.reports import charts, figures, maps

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-left { content: string(source); font-family: "DejaVu Sans", sans-serif; font-size: 6.5pt; color: #555; width: 85%; }
        @bottom-right { content: counter(page) " / " counter(pages); font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; color: #111; }
h1 { font-size: 17pt; margin: 0 0 4pt 0; color: #08306b; }
h2 { font-size: 12pt; margin: 14pt 0 4pt 0; color: #08306b; break-after: avoid; }
.source { string-set: source content(); font-size: 7.5pt; color: #555; }
.facts { font-size: 11pt; margin: 6pt 0; }
.facts strong { font-size: 13pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eef3fa; }
td.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
figure { margin: 6pt 0; break-inside: avoid; }
figcaption { font-size: 7.5pt; color: #444; }
svg { max-width: 100%; height: auto; }
.depth-1 td { font-weight: bold; background: #f6f8fb; }
.small { font-size: 7.5pt; color: #444; }
"""


def _table(columns: list[tuple[str, str]], rows: Iterable[dict[str, Any]], lang: str, row_class=None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for _, h in columns)
    body = []
    for r in rows:
        cls = f' class="{row_class(r)}"' if row_class else ""
        cells = "".join(f'<td class="num">{format_cell(r.get(k), lang)}</td>' if isinstance(r.get(k), (int, float)) and not isinstance(r.get(k), bool)
                        else f"<td>{escape(format_cell(r.get(k), lang))}</td>" for k, _ in columns)
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _svg(spec: dict[str, Any]) -> str:
    import vl_convert  # deferred: the Vega engine takes a second to load, and only a report draws charts

    svg = vl_convert.vegalite_to_svg(spec)
    return svg[svg.index("<svg"):]


def _figure(chart: charts.Chart) -> str:
    return (f'<figure role="img" aria-label="{escape(chart.description)}">{_svg(chart.spec)}'
            f"<figcaption>{escape(chart.description)}</figcaption></figure>")


def _source(published: PublishedResults, methodology, lang: str) -> str:
    cycle = published.cycle
    return (f'<p class="source">{escape(methodology.title.get(lang))} {cycle.year} · '
            f'{of_lang(lang, "phiên bản", "version")} {published.version or 1} · sha256 {escape(str(published.checksum or "")[:16])} · '
            f'{of_lang(lang, "phương pháp", "methodology")} {escape(cycle.methodology_id)} ({escape(cycle.methodology_hash[:12])})</p>')


def print_html(title: str, body: str, lang: str) -> bytes:
    """An HTML body as a PDF with the reports' style (WeasyPrint, offline: the fonts are the system's)."""
    try:
        from weasyprint import HTML  # deferred: it loads Pango, whose absence must be this located error, not an ImportError
    except OSError as error:  # Pango or its fonts missing
        raise ParindexError("pdf_unavailable", t("PDF reports need the system libraries of WeasyPrint"),
                            expected=t("Pango, installed by the administrator ({command})",
                                       command="Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"),
                            got=str(error)) from None
    html = f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>' \
           f"<style>{CSS}</style></head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


def national_report(published: PublishedResults, methodology, lang: str = "vi") -> bytes:
    """The whole cycle: key facts, the map (for provinces), the ranking as a chart and a table,
    the areas' national and regional averages, and the national SIPAS elements."""
    rows = figures.ranking_rows(published, lang)
    national = published.averages.national
    title = f"{methodology.title.get(lang)} {published.cycle.year}"
    groups = Counter(r["group"] for r in rows)
    parts = [f"<h1>{escape(title)}</h1>", _source(published, methodology, lang),
             f'<p class="facts">{of_lang(lang, "Số đơn vị", "Units")}: <strong>{len(rows)}</strong> · '
             f'{of_lang(lang, "Trung bình cả nước", "National average")}: <strong id="average">{format_fixed(national["index"], lang)}</strong> % · '
             + " · ".join(f'{of_lang(lang, "nhóm", "group")} {escape(g)}: {n}' for g, n in sorted(groups.items())) + "</p>"]
    province_set = maps.province_set_for(r["unit_id"] for r in rows)
    if province_set:
        parts += [f"<h2>{of_lang(lang, 'Bản đồ', 'Map')}</h2>",
                  _figure(charts.map_chart(province_set, figures.map_values(published, lang), lang, width=360, height=520))]
    parts += [f"<h2>{of_lang(lang, 'Xếp hạng', 'Ranking')}</h2>", _figure(charts.ranking_chart(rows, national["index"], lang)),
              _table(figures.ranking_columns(lang), rows, lang)]
    area_columns = [("area", of_lang(lang, "Lĩnh vực", "Area")), ("max", of_lang(lang, "Tối đa", "Max")),
                    ("national", of_lang(lang, "Cả nước", "National"))]
    regions = figures.regions(published, lang)
    area_columns += [(r["code"], r["name"]) for r in regions]
    area_rows = [{"area": f"{a.code}. {a.name.get(lang)}", "max": a.max_points, "national": national[a.code],
                  **{r["code"]: published.averages.by_region[r["code"]][a.code] for r in regions}} for a in methodology.areas]
    parts += [f"<h2>{of_lang(lang, 'Điểm trung bình theo lĩnh vực', 'Average points by area')}</h2>", _table(area_columns, area_rows, lang)]
    sipas = figures.sipas_rows(published, methodology, lang, figures.NATIONAL)
    if sipas:
        chart = charts.intervals_chart("sipas", sipas, lang)
        parts += ["<h2>SIPAS</h2>", _figure(chart), _table(chart.columns, chart.rows, lang)]
    return print_html(title, "".join(parts), lang)


def unit_report(published: PublishedResults, methodology, code: str, lang: str = "vi",
                trend: list[dict[str, Any]] | None = None) -> bytes:
    """One unit's scorecard: key figures, areas against maximum and national average, trend, where
    points were lost and why, SIPAS elements with intervals, and every criterion."""
    rows, extra = figures.scorecard(published, methodology, code, lang)
    extra["trend"] = trend or []
    sipas = figures.sipas_rows(published, methodology, lang, extra["unit"]["code"])
    title = f"{extra['unit']['name']} — {methodology.title.get(lang)} {published.cycle.year}"
    change = "" if extra["change"] is None else f' · {of_lang(lang, "Thay đổi", "Change")}: <strong>{format_fixed(extra["change"], lang)}</strong>'
    parts = [f"<h1>{escape(title)}</h1>", _source(published, methodology, lang),
             f'<p class="facts">{of_lang(lang, "Xếp hạng", "Rank")}: <strong>{extra["rank"]}/{extra["units"]}</strong> · '
             f'{of_lang(lang, "Chỉ số", "Index")}: <strong>{format_fixed(extra["index"], lang)}</strong> % · '
             f'{of_lang(lang, "Nhóm", "Group")}: <strong>{escape(extra["group"])}</strong>{change} · '
             f'{of_lang(lang, "TB cả nước", "National mean")} {format_fixed(extra["national_index"], lang)} %</p>',
             f'<p>{of_lang(lang, "Mạnh nhất so với cả nước", "Strongest against the national average")}: '
             f'<strong>{escape(extra["strongest"]["area"])}. {escape(extra["strongest"]["name"])}</strong> · '
             f'{of_lang(lang, "Yếu nhất", "Weakest")}: <strong>{escape(extra["weakest"]["area"])}. {escape(extra["weakest"]["name"])}</strong></p>']
    for chart in charts.scorecard_charts(extra, sipas, lang):
        heading = {"areas": of_lang(lang, "Các lĩnh vực", "Areas"), "sipas": "SIPAS",
                   "trend": of_lang(lang, "Qua các năm", "Over the years")}[chart.name]
        parts += [f"<h2>{heading}</h2>", _figure(chart), _table(chart.columns, chart.rows, lang)]
    if extra["points_lost"]:
        lost_columns = [("code", of_lang(lang, "Mã", "Code")), ("criterion", of_lang(lang, "Tiêu chí", "Criterion")),
                        ("lost", of_lang(lang, "Điểm mất", "Points lost")), ("why", of_lang(lang, "Căn cứ", "Why")),
                        ("appraisal_reason", of_lang(lang, "Lý do thẩm định", "Appraisal reason"))]
        parts += [f"<h2>{of_lang(lang, 'Điểm bị mất nhiều nhất', 'Where most points were lost')}</h2>",
                  _table(lost_columns, extra["points_lost"], lang)]
    parts += [f"<h2>{of_lang(lang, 'Tất cả tiêu chí', 'Every criterion')}</h2>",
              _table(figures.scorecard_columns(lang), rows, lang, row_class=lambda r: f"depth-{r['depth']}")]
    return print_html(title, "".join(parts), lang)


def write(pdf: bytes, path: str | Path) -> Path:
    """Write through a temporary file so a failed write never leaves half a report."""
    return replace_atomically(path, lambda tmp: tmp.write_bytes(pdf))
