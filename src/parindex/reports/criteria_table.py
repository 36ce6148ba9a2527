"""The criteria table of a methodology, as an office reviews and signs it: an Excel workbook in the
layout ``core.methodology.criteria_table`` reads back, and a printable PDF of the same rows.

The workbook has three sheets: ``Tiêu chí`` (the criteria, one row per area, criterion and
sub-criterion, areas in bold), ``Thông tin chung`` (the settings) and ``Hướng dẫn`` (what each
column holds, in Vietnamese and English). Every cell is written as text or a number, never as a
formula, so a name beginning with "=" stays a name.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import xlsxwriter

from parindex.core.files import replace_atomically
from parindex.core.methodology.criteria_table import COLUMNS, CRITERIA_SHEET, GENERAL_SHEET, criteria_rows, general_rows
from parindex.core.methodology.model import Methodology
from parindex.core.text import format_number, of_lang
from parindex.reports.pdf import print_html

GUIDE_SHEET = "Hướng dẫn"
WIDTHS = {"code": 9, "name_vi": 48, "name_en": 40, "max": 11, "source": 14, "method": 52, "evidence_vi": 40,
          "evidence_en": 34, "rule": 30, "more": 24}


def write_criteria_workbook(data: dict[str, Any], methodology: Methodology, path: str | Path) -> Path:
    """The workbook of ``data`` (the methodology file's data) at ``path``, written whole or not at all."""
    rows = criteria_rows(data, methodology)
    settings = general_rows(data)

    def write(tmp: Path) -> None:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        head = book.add_format({"bold": True, "bg_color": "#dbe5f1", "text_wrap": True, "valign": "top", "border": 1})
        plain = book.add_format({"text_wrap": True, "valign": "top"})
        area = book.add_format({"text_wrap": True, "valign": "top", "bold": True, "bg_color": "#f2f2f2"})
        criteria = book.add_worksheet(CRITERIA_SHEET)
        for c, column in enumerate(COLUMNS):
            criteria.write_string(0, c, column.heading(), head)
            criteria.set_column(c, c, WIDTHS[column.key])
        criteria.freeze_panes(1, 2)
        for r, row in enumerate(rows, start=1):
            style = area if row["depth"] == 1 else plain
            for c, column in enumerate(COLUMNS):
                value = row[column.key]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    criteria.write_number(r, c, value, style)
                else:
                    criteria.write_string(r, c, "" if value is None else str(value), style)
        general = book.add_worksheet(GENERAL_SHEET)
        general.write_string(0, 0, "Khóa (key)", head)
        general.write_string(0, 1, "Giá trị (value)", head)
        general.set_column(0, 0, 30)
        general.set_column(1, 1, 90)
        for r, (key, value) in enumerate(settings, start=1):
            general.write_string(r, 0, key, plain)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                general.write_number(r, 1, value, plain)
            else:
                general.write_string(r, 1, "" if value is None else str(value), plain)
        guide = book.add_worksheet(GUIDE_SHEET)
        for c, heading in enumerate(("Cột (column)", "Nội dung", "What it holds")):
            guide.write_string(0, c, heading, head)
        guide.set_column(0, 0, 42)
        guide.set_column(1, 2, 70)
        for r, column in enumerate(COLUMNS, start=1):
            guide.write_string(r, 0, column.heading(), plain)
            guide.write_string(r, 1, column.guide_vi, plain)
            guide.write_string(r, 2, column.guide_en, plain)
        book.close()

    return replace_atomically(path, write)


def write_criteria_pdf(data: dict[str, Any], methodology: Methodology, path: str | Path, lang: str = "vi") -> Path:
    """The criteria as a printable table: code, name, maximum, source, how it is scored, evidence."""
    rows = criteria_rows(data, methodology)
    title = methodology.title.get(lang)
    heads = [of_lang(lang, "Mã", "Code"), of_lang(lang, "Lĩnh vực, tiêu chí", "Area, criterion"),
             of_lang(lang, "Điểm tối đa", "Maximum"), of_lang(lang, "Nguồn điểm", "Source"),
             of_lang(lang, "Cách chấm", "How it is scored"), of_lang(lang, "Tài liệu kiểm chứng", "Evidence")]
    body = ["<style>tr.area td { font-weight: bold; background: #f2f2f2; }</style>", f"<h1>{escape(title)}</h1>",
            f"<p>{escape(methodology.legal_source.document)} · {escape(of_lang(lang, 'Năm', 'Year'))} {methodology.year}</p>",
            "<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr></thead><tbody>"]
    for row in rows:
        node = methodology.node(row["code"])
        cells = [row["code"], node.name.get(lang), format_number(node.max_points, lang, keep_one=False),
                 row["source"] if lang == "vi" else (node.source or ""),
                 node.rule.summary.get(lang) if node.rule is not None else "",
                 "; ".join(e.get(lang) for e in node.evidence)]
        strong = ' class="area"' if row["depth"] == 1 else ""
        body.append(f"<tr{strong}>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    body.append("</tbody></table>")
    pdf = print_html(title, "".join(body), lang)
    return replace_atomically(path, lambda tmp: tmp.write_bytes(pdf))
