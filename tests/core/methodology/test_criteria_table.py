"""A methodology as a criteria table and back (issue 14): every built-in methodology goes to a
workbook and returns value for value; an office's own table — names, maxima and methods in words —
becomes a methodology that computes; a table with mistakes is refused whole, each mistake at its
sheet, row and column."""
import subprocess

import pytest
import xlsxwriter

from parindex.core.errors import ValidationFailed
from parindex.core.methodology import builtin_ids, load_methodology_text
from parindex.core.methodology.catalogue import resolve_data
from parindex.core.methodology.criteria_table import (
    CRITERIA_SHEET,
    GENERAL_SHEET,
    general_rows,
    methodology_yaml,
    read_criteria_table,
)
from parindex.core.methodology.loader import content_hash
from parindex.core.results.compute import compute_cycle
from parindex.reports.criteria_table import write_criteria_pdf, write_criteria_workbook
from tests.core.results.helpers import inputs_for


@pytest.mark.parametrize("methodology_id", builtin_ids())
def test_a_methodology_goes_to_a_table_and_back_value_for_value(methodology_id, tmp_path):
    data, methodology = resolve_data(methodology_id)
    write_criteria_workbook(data, methodology, tmp_path / "table.xlsx")
    back = read_criteria_table(tmp_path / "table.xlsx")
    assert back.data == data
    assert back.methodology.content_hash == methodology.content_hash == content_hash(data)
    assert load_methodology_text(methodology_yaml(back.data)).content_hash == methodology.content_hash  # the file written reads the same


def office_table(path, rows, *, settings=None):
    """A table as an office types it: Vietnamese headings only, a title row above them, no machine columns."""
    data, _ = resolve_data("vn-par-province-2022")
    general = dict(general_rows(data))
    general.update({"id": "hp-departments-2026", "year": 2026, "title.vi": "Chỉ số CCHC các sở, ban, ngành thành phố Hải Phòng",
                    "title.en": "PAR index of Hai Phong's departments", "scale": 10, **(settings or {})})
    general = {k: v for k, v in general.items() if not k.startswith("questionnaires")}
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(CRITERIA_SHEET)
    sheet.write_row(0, 0, ["BẢNG TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CCHC CÁC SỞ, BAN, NGÀNH"])
    sheet.write_row(1, 0, ["Mã", "Tên (tiếng Việt)", "Điểm tối đa", "Nguồn điểm", "Cách chấm"])
    for r, row in enumerate(rows, start=2):
        sheet.write_row(r, 0, row)
    settings_sheet = book.add_worksheet(GENERAL_SHEET)
    for r, (key, value) in enumerate(general.items()):
        settings_sheet.write(r, 0, key)
        settings_sheet.write(r, 1, value)
    book.close()
    return path


OFFICE_ROWS = [
    ["1", "Công tác chỉ đạo, điều hành", 4, "", ""],
    ["1.1", "Ban hành kế hoạch CCHC năm", 1, "", "Có ban hành: 1 điểm; không ban hành: 0 điểm"],
    ["1.2", "Mức độ hoàn thành kế hoạch", 2, "thẩm định", "Tính theo tỷ lệ nhiệm vụ hoàn thành"],
    ["1.3", "Sáng kiến CCHC", 1, "", "Hội đồng xem xét, quyết định"],
    ["2", "Sự hài lòng của người dân", 6, "điều tra", ""],
]


def test_an_offices_own_table_becomes_a_methodology_that_computes(tmp_path):
    imported = read_criteria_table(office_table(tmp_path / "hai-phong.xlsx", OFFICE_ROWS))
    m = imported.methodology
    assert m.id == "hp-departments-2026" and m.scale == 10
    assert [(leaf.code, leaf.rule_spec["type"]) for leaf in m.leaves()] == [
        ("1.1", "yes_no"), ("1.2", "ratio_linear"), ("1.3", "manual"), ("2", "survey_share")]
    said = [n.sentence("vi") for n in imported.notes]
    assert any("1.3" in s and "chấm thủ công" in s and "dòng 6" in s and "cột 'E'" in s for s in said), said
    assert any("1.1" in s and "tên tiếng Anh" in s for s in said)  # the English name falls back to the Vietnamese, and says so
    values = {"1.1": {"value": True}, "1.2": {"numerator": 3, "denominator": 4}, "1.3": {"points": 0.5}, "2": {"estimate": 0.8}}
    result = compute_cycle(m, inputs_for({"31": values}, year=2026)).unit("31")
    assert result.total == pytest.approx(1 + 1.5 + 0.5 + 4.8) and result.index == pytest.approx(78.0)


def test_a_table_with_mistakes_is_refused_whole_each_at_its_row_and_column(tmp_path):
    rows = [
        ["1", "Công tác chỉ đạo, điều hành", 4, "", ""],
        ["1.1", "Ban hành kế hoạch", "một", "", "Có: 1 điểm; không: 0"],  # a maximum in words
        ["1.2", "Hoàn thành kế hoạch", 2, "khảo sát", ""],  # a source the table does not know
        ["1.2", "Hoàn thành kế hoạch (lặp)", 2, "", ""],  # the same code twice
        ["3.1", "Tiêu chí không có lĩnh vực", 1, "", ""],  # no row 3 above it
        ["x.1", "Mã sai", 1, "", ""],
    ]
    with pytest.raises(ValidationFailed) as refused:
        read_criteria_table(office_table(tmp_path / "sai.xlsx", rows))
    where = {(p.where.sheet, p.where.row, p.where.column) for p in refused.value.problems}
    assert {(CRITERIA_SHEET, 4, "C"), (CRITERIA_SHEET, 5, "D"), (CRITERIA_SHEET, 6, "A"), (CRITERIA_SHEET, 7, "A"),
            (CRITERIA_SHEET, 8, "A")} <= where
    text = refused.value.problems[0].sentence("vi")
    assert "trang tính 'Tiêu chí', dòng 4, cột 'C'" in text and "[" not in text


def test_points_that_do_not_add_up_are_located_at_the_parents_row(tmp_path):
    rows = [["1", "Công tác chỉ đạo, điều hành", 4, "", ""], ["1.1", "Ban hành kế hoạch", 1, "", "Có: 1 điểm; không: 0"],
            ["2", "Sự hài lòng", 6, "điều tra", ""]]
    with pytest.raises(ValidationFailed) as refused:
        read_criteria_table(office_table(tmp_path / "cong.xlsx", rows))
    located = [(p.where.sheet, p.where.row, p.where.column) for p in refused.value.problems]
    assert (CRITERIA_SHEET, 3, "C") in located, [p.sentence("en") for p in refused.value.problems]


def test_a_workbook_without_the_templates_sheets_is_refused_with_the_sheets_it_needs(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "other.xlsx"))
    book.add_worksheet("Sheet1").write(0, 0, "Mã")
    book.close()
    with pytest.raises(Exception) as refused:
        read_criteria_table(tmp_path / "other.xlsx")
    assert refused.value.code == "missing_sheet" and "Tiêu chí" in refused.value.sentence("vi")


def test_the_printable_table_lists_every_criterion_with_its_maximum(tmp_path):
    data, m = resolve_data("vn-par-ministry-2022")
    write_criteria_pdf(data, m, tmp_path / "tieu-chi.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "tieu-chi.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    first_leaf = next(iter(m.leaves()))
    assert m.title.vi.split()[0] in text and first_leaf.name.vi.split()[0] in text and "Cách chấm" in text
