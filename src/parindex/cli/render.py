"""Plain-text rendering of core objects for the terminal."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from parindex.core.methodology.model import Methodology, Node
from parindex.core.results.analysis import analyse
from parindex.core.results.model import CycleResults
from parindex.core.text import format_fixed, format_number
from parindex.core.units.model import REGIONS

HEADINGS = {
    "vi": ["Hạng", "Đơn vị", "Thẩm định", "Điều tra", "Tổng", "Chỉ số %", "Nhóm", "Thay đổi"],
    "en": ["Rank", "Unit", "Appraisal", "Survey", "Total", "Index %", "Group", "Change"],
}


def table(headings: Sequence[str], rows: Iterable[Sequence[str]], right: set[int] = frozenset()) -> str:
    rows = [list(map(str, r)) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headings)]

    def line(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(headings), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def ranking(results: CycleResults, lang: str) -> str:
    n = lambda x: format_fixed(x, lang)  # noqa: E731
    rows = []
    for r in results.units:
        change = "" if r.change is None else ("+" if r.change > 0 else "") + n(r.change)
        rows.append([r.rank, r.unit.name.get(lang), n(r.parts["appraisal"]), n(r.parts["survey"]), n(r.total),
                     n(r.index), r.group.code if r.group else "", change])
    avg = results.averages.national
    label = "Trung bình" if lang == "vi" else "Average"
    rows.append(["", label, "", "", n(avg["total"]), n(avg["index"]), "", ""])
    return table(HEADINGS[lang], rows, right={0, 2, 3, 4, 5, 7})


def group_counts(results: CycleResults, lang: str) -> str:
    counts = {g.code: 0 for g in results.methodology.groups}
    for r in results.units:
        counts[r.group.code] += 1
    return ", ".join(f"{g.name.get(lang)}: {counts[g.code]}" for g in results.methodology.groups)


def region_averages(results: CycleResults, lang: str) -> str:
    rows = [[REGIONS[region].get(lang) if region in REGIONS else region, results.averages.n_by_region[region],
             format_fixed(avg["index"], lang)] for region, avg in results.averages.by_region.items()]
    head = ["Vùng", "Số đơn vị", "Chỉ số TB %"] if lang == "vi" else ["Region", "Units", "Mean index %"]
    return table(head, rows, right={1, 2})


def explain_unit(results: CycleResults, key: str, lang: str) -> str:
    """Every point of one unit: the tree with points, maxima and each leaf's reason."""
    r = results.unit(key)
    a = analyse(results, key, lang)
    n = lambda x: format_number(x, lang)  # noqa: E731
    vi = lang == "vi"
    lines = [f"{r.unit.name.get(lang)} — {'hạng' if vi else 'rank'} {r.rank}, {n(r.index)} %, "
             f"{'nhóm' if vi else 'group'} {r.group.code}"]
    if r.previous is not None:
        lines.append(("So với năm trước: " if vi else "Against last cycle: ") + r.previous.explanation.get(lang))
    for node in results.methodology.walk():
        nr = r.nodes[node.code]
        indent = "  " * (node.depth - 1)
        reason = f" — {nr.explanation.get(lang)}" if nr.explanation else ""
        lines.append(f"{indent}{node.code} {node.name.get(lang)}: {n(nr.points)} / {n(node.max_points)}{reason}")
    s, w = a.strongest, a.weakest
    lines.append(("Lĩnh vực mạnh nhất so với trung bình: " if vi else "Strongest area against the average: ")
                 + f"{s.area.code} ({n(s.share * 100)} % vs {n(s.average_share * 100)} %)")
    lines.append(("Lĩnh vực yếu nhất so với trung bình: " if vi else "Weakest area against the average: ")
                 + f"{w.area.code} ({n(w.share * 100)} % vs {n(w.average_share * 100)} %)")
    return "\n".join(lines)


def methodology_tree(m: Methodology, lang: str, depth: int) -> str:
    vi = lang == "vi"
    lines = [f"{m.id} — {m.title.get(lang)} ({m.year})", f"{m.legal_source.document}", ""]

    def show(node: Node) -> None:
        if node.depth > depth:
            return
        indent = "  " * (node.depth - 1)
        extra = ""
        if node.is_leaf:
            sign = {"bonus": "+", "penalty": "−"}.get(node.source, "")
            cap = f", {'trần' if vi else 'cap'} {sign}{format_number(node.max_points, lang)}" if sign else ""
            extra = f"  [{node.source}, {node.rule.type}{cap}]"
        points = "" if node.is_adjustment else f"{format_number(node.max_points, lang)} "
        mark = "" if node.provenance.max == "official" else " *"
        lines.append(f"{indent}{node.code} {points}{node.name.get(lang)}{mark}{extra}")
        for child in node.children:
            show(child)

    for area in m.areas:
        show(area)
    by_source = ", ".join(f"{k} {format_number(v, lang)}" for k, v in m.max_by_source().items())
    counts = m.counts()
    lines += ["", ("Tổng" if vi else "Total") + f": {format_number(m.scale, lang)} ({by_source})",
              ("Số nút theo cấp" if vi else "Nodes per level") + ": " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())),
              "* " + ("điểm tối đa minh họa, không phải số liệu chính thức" if vi else "illustrative maximum, not an official figure")]
    return "\n".join(lines)


def unit_summary(results: CycleResults, key: str, lang: str, top: int = 5) -> str:
    """One unit's areas against their maxima and the national average, and where most points were lost."""
    r = results.unit(key)
    a = analyse(results, key, lang)
    vi = lang == "vi"
    n = lambda x: format_number(x, lang)  # noqa: E731
    head = ["Lĩnh vực", "Điểm", "Tối đa", "TB cả nước"] if vi else ["Area", "Points", "Max", "National mean"]
    rows = [[f"{s.area.code} {s.area.name.get(lang)[:60]}", format_fixed(s.points, lang), n(s.max_points),
             format_fixed(results.averages.national[s.area.code], lang)]
            for s in sorted(a.standings, key=lambda s: s.area.code)]
    lines = [f"{r.unit.name.get(lang)} — {'hạng' if vi else 'rank'} {r.rank}, {format_fixed(r.index, lang)} %",
             table(head, rows, right={1, 2, 3}), "",
             ("Mất điểm nhiều nhất:" if vi else "Most points lost:")]
    lines += [f"  {p.node.code} {p.node.name.get(lang)}: −{n(p.lost)} — {p.explanation}" for p in a.lost_by_criterion[:top]]
    return "\n".join(lines)
