"""An XLSX workbook of a published cycle, laid out like the official tables, from its snapshot."""
from __future__ import annotations

import tempfile
from pathlib import Path

from parindex.core.cells import open_workbook
from parindex.core.results.export import table_formats, write_ranking_sheet
from parindex.core.results.published import PublishedResults


def write_snapshot_workbook(published: PublishedResults, methodology, path: str | Path) -> Path:
    """``published`` is the snapshot's figures (with its version and checksum); ``methodology`` the
    pinned methodology, for names and maxima."""
    path = Path(path)
    with open_workbook(path, constant_memory=True) as book:
        formats = table_formats(book)
        head, num, cell = formats["head"], formats["num"], formats["cell"]
        write_ranking_sheet(book, formats, f"{methodology.title.vi} — {published.cycle.year}",
                            f"Phiên bản {published.version or 1} · sha256 {(published.checksum or '')[:16]}",
                            [(u.rank, u.unit.name.vi, u.appraisal_points, u.survey_points, u.total, u.index, u.group, u.change)
                             for u in published.units],
                            published.national_index)

        areas = book.add_worksheet("Lĩnh vực")
        areas.write_row(0, 0, ["Đơn vị / Unit"] + [f"{a.code}. {a.name.vi} ({a.max_points:g})" for a in methodology.areas], head)
        for i, u in enumerate(published.units, start=1):
            areas.write_string(i, 0, u.unit.name.vi, cell)
            for j, a in enumerate(methodology.areas, start=1):
                areas.write_number(i, j, round(u.nodes[a.code].points, 2), num)

        detail = book.add_worksheet("Chi tiết")
        detail.write_row(0, 0, ["Đơn vị", "Mã", "Tiêu chí", "Điểm", "Tối đa", "Căn cứ", "Lý do thẩm định", "Giải trình"], head)
        r = 1
        for u in published.units:
            for leaf in methodology.leaves():
                node, entry = u.nodes[leaf.code], published.entry(u.unit.id, leaf.code)
                detail.write_row(r, 0, [u.unit.name.vi, leaf.code, leaf.name.vi, round(node.points, 4), leaf.max_points, node.why("vi"),
                                        entry.appraisal_reason if entry else "", entry.unit_explanation if entry else ""])
                r += 1

        if published.survey is not None:
            sipas = book.add_worksheet("SIPAS")
            sipas.write_row(0, 0, ["Đơn vị", "Yếu tố", "Chỉ số (%)", "SE", "Cận dưới 95 %", "Cận trên 95 %", "n", "Tin cậy"], head)
            for i, e in enumerate(published.survey.estimates, start=1):
                sipas.write_row(i, 0, [e.domain, e.element, round(e.estimate * 100, 2), round(e.se * 100, 2),
                                       round(e.ci_low * 100, 2), round(e.ci_high * 100, 2), e.n, "có" if e.reliable else "không"])

        origin = book.add_worksheet("Nguồn gốc")
        cycle = published.cycle
        facts = {"cycle": cycle.slug, "version": published.version, "checksum": published.checksum,
                 "methodology": cycle.methodology_id, "methodology_hash": cycle.methodology_hash, **published.provenance}
        for i, (k, v) in enumerate(facts.items()):
            origin.write_string(i, 0, str(k))
            origin.write_string(i, 1, "" if v is None else str(v))
    return path


def workbook_bytes(published: PublishedResults, methodology) -> bytes:
    """The same workbook as bytes (what the portal stores and serves)."""
    with tempfile.TemporaryDirectory() as tmp:
        return write_snapshot_workbook(published, methodology, Path(tmp) / "report.xlsx").read_bytes()
