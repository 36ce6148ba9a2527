"""A unit's file as one workbook, what an appraiser works from offline: every criterion with its
inputs, self-assessed, appraised and final points, the reasons and the unit's explanations, and the
evidence files with their checksums. Cells are written as values, never as formulas."""
from __future__ import annotations

from pathlib import Path

from parindex.core.cells import open_workbook
from parindex.core.text import of_lang
from parindex.web.cycles.models import Assessment


def write_unit_record(assessment: Assessment, path: Path, lang: str) -> Path:
    m = assessment.cycle.methodology
    entries = {e.leaf_code: e for e in assessment.entries.prefetch_related("evidence")}
    columns = [of_lang(lang, "Mã", "Code"), of_lang(lang, "Tiêu chí", "Criterion"), of_lang(lang, "Tối đa", "Max"),
               of_lang(lang, "Số liệu", "Inputs"), of_lang(lang, "Tự đánh giá", "Self-assessed"), of_lang(lang, "Thẩm định", "Appraised"),
               of_lang(lang, "Lý do thẩm định", "Appraisal reason"), of_lang(lang, "Giải trình", "Unit's explanation"),
               of_lang(lang, "Chính thức", "Final"), of_lang(lang, "Lý do", "Final reason"),
               of_lang(lang, "Tài liệu kiểm chứng", "Evidence")]
    book = open_workbook(path)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(of_lang(lang, "Hồ sơ", "File"))
    sheet.write_row(0, 0, [f"{assessment.unit} — {assessment.cycle}", f"{assessment.get_state_display()}"], bold)
    sheet.write_row(2, 0, columns, bold)
    row = 3
    for node in m.walk():
        if not node.is_leaf:
            sheet.write_row(row, 0, [node.code, node.name.get(lang), node.max_points], bold)
            row += 1
            continue
        e = entries[node.code]
        inputs = "; ".join(f"{f.label.get(lang)}: {_word(e.inputs.get(f.name), lang)}" for f in node.rule.inputs) if e.inputs else ""
        evidence = "\n".join(f"{x.original_name} (sha256 {x.sha256[:16]})" for x in e.evidence.all())
        sheet.write_row(row, 0, [node.code, node.name.get(lang), node.max_points, inputs, e.self_points, e.appraised_points,
                                 e.appraisal_reason, e.unit_explanation, e.final_points, e.final_reason, evidence], wrap)
        row += 1
    sheet.set_column(1, 1, 48)
    sheet.set_column(3, 3, 36)
    sheet.set_column(6, 7, 40)
    sheet.set_column(9, 10, 40)
    sheet.freeze_panes(3, 2)
    book.close()
    return path


def _word(value, lang: str) -> str:
    if isinstance(value, bool):
        return of_lang(lang, "có" if value else "không", "yes" if value else "no")
    return "—" if value is None else str(value)
